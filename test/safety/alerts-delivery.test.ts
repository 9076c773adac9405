/** The delivery functions on their own (src/safety/alert-delivery.ts), against the local receiver. */
import { beforeEach, describe, expect, it } from "vitest";
import { alertText, postJson, sendTelegram, sendWebhook, telegramBody, TELEGRAM_API_URL, webhookBody, type OutgoingAlert } from "../../src/safety/alert-delivery";
import { injectFault, resetStandIn } from "../standins/control";
import { attempts, FAST_POLICY, fresh, freshHook, received, RECEIVER } from "./alerts-helpers";

beforeEach(async () => {
  await resetStandIn(RECEIVER);
});

const TOKEN = "123456:TESTtokenABCDEFGHIJKLMNOPQRSTUV";

function outgoing(overrides: Partial<OutgoingAlert> = {}): OutgoingAlert {
  return { kind: "halt", subject: "gateway", message: "Trading halted: maintenance", venue: "gateway", suppressed: 0, at: Date.UTC(2026, 10, 24, 12, 0, 0, 5), ...overrides };
}

describe("Telegram", () => {
  it("POSTs JSON {chat_id, text} to <api>/bot<token>/sendMessage", async () => {
    const api = `${RECEIVER}/${fresh("tg")}`;
    const result = await sendTelegram({ botToken: TOKEN, chatId: "@gateway_alerts" }, outgoing({ suppressed: 3 }), FAST_POLICY, api);
    expect(result).toEqual({ destination: "telegram", ok: true, attempts: 1 });
    const [message] = await received(`${new URL(api).pathname}/bot${TOKEN}/sendMessage`);
    expect(message!.content_type).toBe("application/json");
    expect(message!.body).toEqual({
      chat_id: "@gateway_alerts",
      text: "[halt] gateway: Trading halted: maintenance\n(3 more like it held back since the previous one)",
      link_preview_options: { is_disabled: true },
    });
  });

  it("goes to api.telegram.org unless told otherwise", () => {
    expect(TELEGRAM_API_URL).toBe("https://api.telegram.org");
    expect(telegramBody("-100", outgoing())).toEqual({ chat_id: "-100", text: "[halt] gateway: Trading halted: maintenance", link_preview_options: { is_disabled: true } });
  });

  it("honours the retry_after Telegram puts in its 429 body", async () => {
    const api = `${RECEIVER}/${fresh("tg")}`;
    const path = `${new URL(api).pathname}/bot${TOKEN}/sendMessage`;
    await injectFault(RECEIVER, path, { kind: "status", status: 429, body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } } });
    const started = Date.now();
    const result = await sendTelegram({ botToken: TOKEN, chatId: "-100" }, outgoing(), FAST_POLICY, api);
    expect(result).toEqual({ destination: "telegram", ok: true, attempts: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("says what failed without the token", async () => {
    const api = `${RECEIVER}/${fresh("tg")}`;
    await injectFault(RECEIVER, `${new URL(api).pathname}/bot${TOKEN}/sendMessage`, { kind: "status", status: 401, body: { ok: false, description: `Unauthorized ${TOKEN}` } });
    const result = await sendTelegram({ botToken: TOKEN, chatId: "-100" }, outgoing(), FAST_POLICY, api);
    expect(result).toEqual({ destination: "telegram", ok: false, attempts: 1, error: "HTTP 401 after 1 attempt" });
  });
});

describe("the webhook POST and its retries", () => {
  it("sends the body Slack, Discord and generic receivers read", async () => {
    const hook = freshHook();
    const alert = outgoing({ kind: "feed_down", subject: "hyperliquid", venue: "hyperliquid", message: "Feed down for 90 s", details: { down_s: 90 } });
    expect(await sendWebhook(hook.url, alert, FAST_POLICY)).toEqual({ destination: "webhook", ok: true, attempts: 1 });
    const [entry] = await received(hook.path);
    expect(entry!.body).toEqual(webhookBody(alert));
    expect(entry!.body).toEqual({
      text: '[feed_down] hyperliquid: Feed down for 90 s\n{"down_s":90}',
      content: '[feed_down] hyperliquid: Feed down for 90 s\n{"down_s":90}',
      allowed_mentions: { parse: [] },
      kind: "feed_down",
      subject: "hyperliquid",
      venue: "hyperliquid",
      message: "Feed down for 90 s",
      details: { down_s: 90 },
      suppressed: 0,
      at: "2026-11-24T12:00:00.005Z",
    });
  });

  it("keeps the text within Discord's 2,000 characters", () => {
    const text = alertText(outgoing({ message: "m".repeat(1_000), details: { blob: "x".repeat(3_000) } }));
    expect(text.length).toBeLessThanOrEqual(1_900);
    expect(text.startsWith(`[halt] gateway: ${"m".repeat(1_000)}\n{"blob":"xxx`)).toBe(true);
  });

  it("retries 5xx up to the limit, then reports the last failure", async () => {
    const hook = freshHook();
    await injectFault(RECEIVER, hook.path, { kind: "html", status: 502 }, 5);
    expect(await postJson("webhook", hook.url, { text: "x" }, FAST_POLICY)).toEqual({ destination: "webhook", ok: false, attempts: 3, error: "HTTP 502 after 3 attempts" });
    expect(await attempts(hook.path)).toBe(3);
  });

  it("retries a time-out and a dropped connection, and names neither the URL nor the host", async () => {
    const hook = freshHook();
    await injectFault(RECEIVER, hook.path, { kind: "hang" });
    await injectFault(RECEIVER, hook.path, { kind: "drop" });
    expect(await postJson("webhook", hook.url, { text: "x" }, FAST_POLICY)).toEqual({ destination: "webhook", ok: true, attempts: 3 });
    const down = await postJson("webhook", "http://127.0.0.1:1/hooks/secret-path", { text: "x" }, { ...FAST_POLICY, attempts: 2 });
    expect(down).toEqual({ destination: "webhook", ok: false, attempts: 2, error: "network error after 2 attempts" });
  });

  it("reports a time-out as such", async () => {
    const hook = freshHook();
    await injectFault(RECEIVER, hook.path, { kind: "hang" }, 2);
    expect(await postJson("webhook", hook.url, { text: "x" }, { ...FAST_POLICY, attempts: 2, timeoutMs: 100 })).toEqual({
      destination: "webhook",
      ok: false,
      attempts: 2,
      error: "timed out after 2 attempts",
    });
  });

  it("gives up at once when a 429 asks for longer than the cap", async () => {
    const hook = freshHook();
    await injectFault(RECEIVER, hook.path, { kind: "status", status: 429, retryAfterSeconds: 60 });
    expect(await postJson("webhook", hook.url, { text: "x" }, FAST_POLICY)).toEqual({
      destination: "webhook",
      ok: false,
      attempts: 1,
      error: "HTTP 429 (asked to wait 60 s) after 1 attempt",
    });
  });

  it("retries a 429 without Retry-After after the usual pause", async () => {
    const hook = freshHook();
    await injectFault(RECEIVER, hook.path, { kind: "status", status: 429 });
    expect(await postJson("webhook", hook.url, { text: "x" }, FAST_POLICY)).toEqual({ destination: "webhook", ok: true, attempts: 2 });
  });
});
