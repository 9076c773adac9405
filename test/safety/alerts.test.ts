/**
 * Issue 13's alerts: deduplicated (one per kind and subject per interval, held in SQLite), published on
 * the event stream as `type:"alert"`, delivered to the webhook and Telegram from waitUntil with a few
 * retries, and never carrying a secret.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { alertDesk, raiseAlert } from "../../src/safety/raise-alert";
import { injectFault, resetStandIn } from "../standins/control";
import { subscribe, type Frame } from "../events/helpers";
import { captureConsole } from "../capture-console";
import {
  alert,
  attempts,
  bindings,
  eventually,
  FAST_POLICY,
  fresh,
  freshHook,
  GATEWAY_WEBHOOK_PATH,
  received,
  receivedAtLeast,
  RECEIVER,
  sleep,
  TestDesk,
} from "./alerts-helpers";

beforeEach(async () => {
  await resetStandIn(RECEIVER);
});

interface WebhookBody {
  text: string;
  content: string;
  allowed_mentions: unknown;
  kind: string;
  subject: string;
  venue: string;
  message: string;
  details?: Record<string, unknown>;
  suppressed: number;
  at: string;
}

const bodiesFor = async (path: string, subject: string) =>
  (await received(path)).map((entry) => entry.body as WebhookBody).filter((body) => body.subject === subject);

describe("the gateway's alert desk delivers to the local webhook receiver", () => {
  it("once per kind and subject within the interval: three of the same give one delivery and two held back; another subject, another delivery", async () => {
    const desk = alertDesk(env);
    const subject = fresh("hyperliquid-feed");
    const other = fresh("lighter-feed");
    const outcomes = [];
    for (let i = 1; i <= 3; i += 1) outcomes.push(await desk.raise({ kind: "feed_down", subject, message: `Feed down (${i})` }));
    outcomes.push(await desk.raise({ kind: "feed_down", subject: other, message: "Feed down" }));
    outcomes.push(await desk.raise({ kind: "resume", subject, message: "Another kind, same subject" }));
    expect(outcomes).toEqual([
      { status: "sent", suppressed: 0 },
      { status: "suppressed", suppressed: 1 },
      { status: "suppressed", suppressed: 2 },
      { status: "sent", suppressed: 0 },
      { status: "sent", suppressed: 0 },
    ]);

    const got = await receivedAtLeast(GATEWAY_WEBHOOK_PATH, 3);
    await sleep(300); // nothing else is on its way
    expect(await received(GATEWAY_WEBHOOK_PATH)).toHaveLength(3);
    const bodies = got.map((entry) => entry.body as WebhookBody);
    expect(bodies.map((body) => [body.kind, body.subject, body.message]).sort()).toEqual(
      [
        ["feed_down", subject, "Feed down (1)"],
        ["feed_down", other, "Feed down"],
        ["resume", subject, "Another kind, same subject"],
      ].sort(),
    );
    expect(got.every((entry) => entry.content_type === "application/json")).toBe(true);
  });

  it("through raiseAlert from a request's waitUntil (the contract the halt and the dead-man's switches use)", async () => {
    const ctx = createExecutionContext();
    const subject = fresh("gateway");
    raiseAlert(env, ctx, { kind: "halt", subject, message: "Trading halted by POST /halt: maintenance", details: { set_by: "route" } });
    await waitOnExecutionContext(ctx);
    const [body] = await eventually(async () => {
      const bodies = await bodiesFor(GATEWAY_WEBHOOK_PATH, subject);
      return bodies.length > 0 ? bodies : undefined;
    }, "the halt alert");
    expect(body).toMatchObject({ kind: "halt", subject, message: "Trading halted by POST /halt: maintenance", details: { set_by: "route" } });
  });

  it("in a body Slack (text), Discord (content) and generic receivers (the fields) all read", async () => {
    const subject = fresh("pair");
    await alertDesk(env).raise({ kind: "unbalanced_pair", subject, message: "Pair unbalanced: 0.01 BTC on Lighter only", details: { pair_id: subject, missing_leg: "hyperliquid" } });
    const [entry] = await eventually(async () => {
      const got = (await received(GATEWAY_WEBHOOK_PATH)).filter((e) => (e.body as WebhookBody).subject === subject);
      return got.length > 0 ? got : undefined;
    }, "the alert");
    const body = entry!.body as WebhookBody;
    expect(Object.keys(body)).toEqual(["text", "content", "allowed_mentions", "kind", "subject", "venue", "message", "details", "suppressed", "at"]);
    expect(body).toMatchObject({
      kind: "unbalanced_pair",
      subject,
      venue: "gateway",
      message: "Pair unbalanced: 0.01 BTC on Lighter only",
      details: { pair_id: subject, missing_leg: "hyperliquid" },
      suppressed: 0,
      allowed_mentions: { parse: [] },
    });
    expect(body.text).toBe(`[unbalanced_pair] ${subject}: Pair unbalanced: 0.01 BTC on Lighter only\n{"pair_id":"${subject}","missing_leg":"hyperliquid"}`);
    expect(body.content).toBe(body.text);
    expect(Date.parse(body.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(body.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe("deduplication", () => {
  it("says how many were held back in the next alert sent after the interval (webhook, text and event)", async () => {
    const hook = freshHook();
    const desk = new TestDesk({ ALERT_WEBHOOK_URL: hook.url, ALERT_MIN_INTERVAL_SECONDS: "1" }, { policy: FAST_POLICY });
    const subject = fresh("hyperliquid");
    const sub = await subscribe("?type=alert");
    expect(await desk.raise(alert({ subject, kind: "deadman_refresh_failed", message: "Dead-man refresh failed" }))).toEqual({ status: "sent", suppressed: 0 });
    expect(await desk.raise(alert({ subject, kind: "deadman_refresh_failed", message: "Dead-man refresh failed" }))).toEqual({ status: "suppressed", suppressed: 1 });
    expect(await desk.raise(alert({ subject, kind: "deadman_refresh_failed", message: "Dead-man refresh failed" }))).toEqual({ status: "suppressed", suppressed: 2 });
    await sleep(1_050);
    expect(await desk.raise(alert({ subject, kind: "deadman_refresh_failed", message: "Dead-man refresh failed again" }))).toEqual({ status: "sent", suppressed: 2 });

    const got = await receivedAtLeast(hook.path, 2);
    const second = got[1]!.body as WebhookBody;
    expect(second.suppressed).toBe(2);
    expect(second.text).toBe(`[deadman_refresh_failed] ${subject}: Dead-man refresh failed again\n(2 more like it held back since the previous one)`);
    const frames = await sub.waitForMatching(2, (f) => (f.payload as { subject?: string })?.subject === subject, "the two alert events");
    expect(frames.map((f) => (f.payload as { suppressed: number }).suppressed)).toEqual([0, 2]);
    expect((await desk.state()).suppressed_total).toBe(2);
    sub.close();
  });

  it("holds across restarts: a desk built afresh on the same storage still holds the alert back", async () => {
    const desk = new TestDesk({ ALERT_WEBHOOK_URL: undefined });
    const subject = fresh("gateway");
    expect((await desk.raise(alert({ subject }))).status).toBe("sent");
    // Each call builds a new AlertDesk object: nothing but SQLite carries the first alert over.
    expect((await desk.raise(alert({ subject }))).status).toBe("suppressed");
    expect(await desk.raise(alert({ subject, kind: "resume" }))).toEqual({ status: "sent", suppressed: 0 });
  });

  it("lets exactly one of many concurrent raises of the same alert through", async () => {
    const subject = fresh("gateway");
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => alertDesk(env).raise(alert({ subject, kind: "rate_budget_exhausted" }))));
    expect(outcomes.filter((o) => o.status === "sent")).toHaveLength(1);
    expect(outcomes.map((o) => o.suppressed).sort((a, b) => a - b)).toEqual([0, ...Array.from({ length: 19 }, (_, i) => i + 1)]);
  });
});

describe("the event stream", () => {
  it("publishes each alert sent, not the held-back ones, as a type:alert event before raise resolves", async () => {
    const subject = fresh("lighter");
    const alerts = await subscribe("?type=alert");
    const orders = await subscribe("?type=order");
    await alertDesk(env).raise({ kind: "liquidation_near", subject, message: "Liquidation price within 5% of mark", details: { market: "ETH", distance_pct: "4.2" } });
    await alertDesk(env).raise({ kind: "liquidation_near", subject, message: "Liquidation price within 5% of mark" });
    const [frame] = await alerts.waitForMatching(1, (f) => (f.payload as { subject?: string })?.subject === subject, "the alert event");
    expect(frame).toEqual({
      seq: expect.any(Number),
      type: "alert",
      venue: "gateway",
      payload: { kind: "liquidation_near", subject, message: "Liquidation price within 5% of mark", details: { market: "ETH", distance_pct: "4.2" }, suppressed: 0 },
      created_at: expect.stringMatching(/Z$/),
    });
    await sleep(200);
    expect(alerts.frames.filter((f) => (f.payload as { subject?: string })?.subject === subject)).toHaveLength(1);
    expect(orders.frames).toEqual([]);
    alerts.close();
    orders.close();
  });

  it("names the venue an alert concerns: given, or the subject when it is a venue, else gateway", async () => {
    const desk = new TestDesk({ ALERT_WEBHOOK_URL: undefined });
    const sub = await subscribe("?type=alert&venue=hyperliquid,lighter,gateway");
    const marker = fresh("m");
    await desk.raise({ kind: "feed_down", subject: "hyperliquid", message: marker });
    await desk.raise({ kind: "unbalanced_pair", subject: fresh("pair"), message: marker, venue: "lighter" });
    await desk.raise({ kind: "halt", subject: "gateway", message: marker });
    await desk.raise({ kind: "resume", subject: fresh("x"), message: marker, venue: "Not A Venue" });
    const frames = await sub.waitForMatching(4, (f) => (f.payload as { message?: string })?.message === marker, "four alerts");
    expect(frames.map((f) => f.venue)).toEqual(["hyperliquid", "lighter", "gateway", "gateway"]);
    sub.close();
  });

  it("with no destination configured: still deduplicated and published, nothing sent, no delivery recorded", async () => {
    const desk = new TestDesk({ ALERT_WEBHOOK_URL: undefined });
    const subject = fresh("gateway");
    const sub = await subscribe("?type=alert");
    expect((await desk.raise(alert({ subject }))).status).toBe("sent");
    expect((await desk.raise(alert({ subject }))).status).toBe("suppressed");
    await sub.waitForMatching(1, (f) => (f.payload as { subject?: string })?.subject === subject, "the alert event");
    await sleep(200);
    expect((await received()).filter((entry) => entry.raw_body.includes(subject))).toEqual([]);
    expect(await desk.state()).toEqual({ destinations: { webhook: false, telegram: false }, min_interval_seconds: 300, last_delivery: null, suppressed_total: 1 });
    sub.close();
  });
});


describe("delivery", () => {
  it("is retried after a 500 and then delivered; the state records it", async () => {
    const hook = freshHook();
    await injectFault(RECEIVER, hook.path, { kind: "status", status: 500 });
    const desk = new TestDesk({ ALERT_WEBHOOK_URL: hook.url }, { policy: FAST_POLICY });
    const since = Date.now();
    const subject = fresh("gateway");
    await desk.raise(alert({ subject }));
    await receivedAtLeast(hook.path, 1);
    expect(await attempts(hook.path)).toBe(2);
    const state = await desk.deliveredAfter(since);
    expect(state.last_delivery).toEqual({ at: expect.any(Number), kind: "halt", subject, ok: true });
    expect(state.destinations).toEqual({ webhook: true, telegram: false });
  });

  it("waits out a 429's Retry-After, then delivers", async () => {
    const hook = freshHook();
    await injectFault(RECEIVER, hook.path, { kind: "status", status: 429, retryAfterSeconds: 1 });
    const desk = new TestDesk({ ALERT_WEBHOOK_URL: hook.url }, { policy: FAST_POLICY });
    const raisedAt = Date.now();
    await desk.raise(alert());
    const [entry] = await receivedAtLeast(hook.path, 1);
    expect(entry!.at - raisedAt).toBeGreaterThanOrEqual(950);
    expect(await attempts(hook.path)).toBe(2);
  });

  it("gives up after repeated failures without the caller waiting or seeing an error, and logs kind and destination only", async () => {
    const hook = freshHook();
    await injectFault(RECEIVER, hook.path, { kind: "status", status: 503 }, 10);
    const logs = captureConsole();
    try {
      const desk = new TestDesk({ ALERT_WEBHOOK_URL: hook.url }, { policy: { ...FAST_POLICY, backoffMs: [500] } });
      const since = Date.now();
      expect(await desk.raise(alert({ kind: "feed_down" }))).toEqual({ status: "sent", suppressed: 0 });
      // raise resolved while the delivery was still retrying (a second later it gives up): nobody waited for the webhook.
      expect((await desk.state()).last_delivery).toBeNull();
      const state = await desk.deliveredAfter(since);
      expect(state.last_delivery).toMatchObject({ kind: "feed_down", ok: false, error: "webhook: HTTP 503 after 3 attempts" });
      expect(await attempts(hook.path)).toBe(3);
      const failures = logs.lines.filter((line) => line.includes("alert_delivery_failed"));
      expect(failures.map((line) => JSON.parse(line))).toEqual([{ event: "alert_delivery_failed", kind: "feed_down", destination: "webhook", attempts: 3, reason: "HTTP 503 after 3 attempts" }]);
      expect(logs.lines.join("\n")).not.toContain(hook.path);
    } finally {
      logs.restore();
    }
  });

  it("gives up at once on a 4xx other than 429", async () => {
    const hook = freshHook();
    await injectFault(RECEIVER, hook.path, { kind: "status", status: 404 }, 10);
    const desk = new TestDesk({ ALERT_WEBHOOK_URL: hook.url }, { policy: FAST_POLICY });
    const since = Date.now();
    await desk.raise(alert());
    expect((await desk.deliveredAfter(since)).last_delivery).toMatchObject({ ok: false, error: "webhook: HTTP 404 after 1 attempt" });
    expect(await attempts(hook.path)).toBe(1);
  });

  it("sends to the webhook and to Telegram (sendMessage with chat_id and text) when both are configured", async () => {
    const hook = freshHook();
    const telegramApi = `${RECEIVER}/${fresh("telegram")}`;
    const token = "123456:TESTtokenABCDEFGHIJKLMNOPQRSTUV";
    const desk = new TestDesk(
      { ALERT_WEBHOOK_URL: hook.url, ALERT_TELEGRAM_BOT_TOKEN: token, ALERT_TELEGRAM_CHAT_ID: "-1001234567890" },
      { policy: FAST_POLICY, telegramApiUrl: telegramApi },
    );
    const since = Date.now();
    const subject = fresh("gateway");
    await desk.raise({ kind: "resume", subject, message: "Trading resumed" });
    const telegramPath = `${new URL(telegramApi).pathname}/bot${token}/sendMessage`;
    const [message] = await receivedAtLeast(telegramPath, 1);
    expect(message!.content_type).toBe("application/json");
    expect(message!.body).toEqual({ chat_id: "-1001234567890", text: `[resume] ${subject}: Trading resumed`, link_preview_options: { is_disabled: true } });
    await receivedAtLeast(hook.path, 1);
    const state = await desk.deliveredAfter(since);
    expect(state.destinations).toEqual({ webhook: true, telegram: true });
    expect(state.last_delivery).toMatchObject({ kind: "resume", ok: true });
  });
});

describe("what an alert may be", () => {
  it("refuses an unknown kind, or no subject or message, naming the field", async () => {
    const desk = new TestDesk({ ALERT_WEBHOOK_URL: undefined });
    expect(await desk.raiseError({ kind: "meltdown", subject: "x", message: "y" })).toMatch(/^TypeError: Invalid alert: kind must be one of halt, resume/);
    expect(await desk.raiseError({ kind: "halt", subject: " ", message: "y" })).toBe("TypeError: Invalid alert: subject must be a non-empty string");
    expect(await desk.raiseError({ kind: "halt", subject: "x" })).toBe("TypeError: Invalid alert: message must be a non-empty string");
  });

  it("fits a long message and oversized details rather than losing the alert", async () => {
    const desk = new TestDesk({ ALERT_WEBHOOK_URL: undefined });
    const subject = fresh("gateway");
    const sub = await subscribe("?type=alert");
    await desk.raise({ kind: "halt", subject, message: "m".repeat(5_000), details: { blob: "x".repeat(10_000) } });
    const [frame] = await sub.waitForMatching(1, (f: Frame) => (f.payload as { subject?: string })?.subject === subject, "the alert");
    const payload = frame!.payload as { message: string; details: { note: string } };
    expect(payload.message).toHaveLength(1_000);
    expect(payload.message.endsWith("…")).toBe(true);
    expect(payload.details.note).toMatch(/^details omitted: \d+ characters as JSON, the limit is 4096$/);
    sub.close();
  });

  it("with the safety variables broken: published as events, nothing sent, and the state says why (names only)", async () => {
    const token = "123456:TESTtokenABCDEFGHIJKLMNOPQRSTUV";
    const desk = new TestDesk({ ALERT_TELEGRAM_BOT_TOKEN: token });
    const subject = fresh("gateway");
    const sub = await subscribe("?type=alert");
    await desk.raise(alert({ subject }));
    await sub.waitForMatching(1, (f: Frame) => (f.payload as { subject?: string })?.subject === subject, "the alert");
    const state = await desk.state();
    expect(state.destinations).toEqual({ webhook: false, telegram: false });
    expect(state.configuration_errors).toEqual(["ALERT_TELEGRAM_CHAT_ID is not set: Telegram alerts need both ALERT_TELEGRAM_BOT_TOKEN and ALERT_TELEGRAM_CHAT_ID"]);
    expect(JSON.stringify(state)).not.toContain(token);
    sub.close();
  });
});

describe("no secret in an alert", () => {
  it("keeps the webhook URL, the bot token, the gateway token and the trading keys out of bodies, events, logs, errors and the state", async () => {
    const hook = { path: `/hooks/T0SECRET/B0SECRET/${fresh("xoxbSecretPart")}` };
    const webhookUrl = `${RECEIVER}${hook.path}`;
    const token = "987654:SECRETtokenABCDEFGHIJKLMNOPQRS";
    const telegramApi = `${RECEIVER}/${fresh("telegram")}`;
    const telegramPath = `${new URL(telegramApi).pathname}/bot${token}/sendMessage`;
    // Telegram fails every time: the give-up is logged and recorded, and must not name the token either.
    await injectFault(RECEIVER, telegramPath, { kind: "status", status: 500 }, 10);
    const secrets = [
      webhookUrl,
      hook.path,
      token,
      token.split(":")[1]!,
      bindings.GATEWAY_TOKEN!,
      bindings.LIGHTER_PRIVATE_KEY!.replace(/^0x/, ""),
      bindings.HYPERLIQUID_AGENT_PRIVATE_KEY!.replace(/^0x/, ""),
    ];
    const desk = new TestDesk(
      { ALERT_WEBHOOK_URL: webhookUrl, ALERT_TELEGRAM_BOT_TOKEN: token, ALERT_TELEGRAM_CHAT_ID: "-1001234567890" },
      { policy: FAST_POLICY, telegramApiUrl: telegramApi },
    );
    const logs = captureConsole();
    const sub = await subscribe("?type=alert");
    const subject = fresh("gateway");
    try {
      const since = Date.now();
      // A careless caller pastes every secret into the message, the details (values and keys) and the subject.
      await desk.raise({
        kind: "halt",
        subject: `${subject} ${bindings.GATEWAY_TOKEN}`,
        message: `posting to ${webhookUrl} with bot${token} and key ${bindings.LIGHTER_PRIVATE_KEY} / ${bindings.HYPERLIQUID_AGENT_PRIVATE_KEY!.toUpperCase()}`,
        details: { url: webhookUrl, nested: [{ token }], [bindings.GATEWAY_TOKEN!]: "as a key", path: hook.path },
      });
      const state = await desk.deliveredAfter(since);
      expect(state.last_delivery).toMatchObject({ ok: false, error: "telegram: HTTP 500 after 3 attempts" });
      const [body] = await receivedAtLeast(hook.path, 1);
      const [frame] = await sub.waitForMatching(1, (f: Frame) => String((f.payload as { subject?: string })?.subject).startsWith(subject), "the alert");
      expect(await attempts(telegramPath)).toBe(3);

      const seen = { body: body!.raw_body, event: JSON.stringify(frame), logs: logs.lines.join("\n"), state: JSON.stringify(state) };
      for (const [where, text] of Object.entries(seen)) {
        for (const secret of secrets) expect(text.toLowerCase(), `${where} carries a secret`).not.toContain(secret.toLowerCase());
      }
      expect(seen.body).toContain("[redacted]");
      expect((frame!.payload as { message: string }).message).toBe("posting to [redacted] with bot[redacted] and key [redacted] / [redacted]");
      expect((frame!.payload as { subject: string }).subject).toBe(`${subject} [redacted]`);
      expect(logs.lines.some((line) => line.includes('"destination":"telegram"'))).toBe(true);
    } finally {
      logs.restore();
      sub.close();
    }
  });
});
