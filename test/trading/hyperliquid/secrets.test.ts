/**
 * The Hyperliquid agent key (with and without 0x) and the gateway token never appear in a response body,
 * a response header, an event frame or a console line, whatever happens: creates live and dry-run,
 * refusals by the gateway and by Hyperliquid, upstream failures, configuration errors, /health.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureConsole } from "../../capture-console";
import { subscribe } from "../../events/helpers";
import { injectFault } from "../../standins/control";
import { TOKEN } from "../harness";
import { DEFAULT_AGENT_KEY, hl, hlOrder, HYPERLIQUID, liveAgent, resetHyperliquid, type Answer } from "./harness";

describe("Hyperliquid secrets", () => {
  let console_: ReturnType<typeof captureConsole>;

  beforeEach(async () => {
    await resetHyperliquid();
    console_ = captureConsole();
  });

  afterEach(() => {
    console_.restore();
  });

  it("never show up in responses, headers, events or logs", async () => {
    const watcher = await subscribe();
    const { vars, agentKey } = await liveAgent();
    const answers: Answer[] = [];
    const record = async (answer: Promise<Answer>) => answers.push(await answer);
    const published: string[] = [];
    const order = (overrides: Record<string, unknown> = {}) => {
      const body = hlOrder(overrides);
      published.push(body.cloid as string);
      return body;
    };

    await record(hl("POST", "/orders/hyperliquid", { vars, body: order() }));
    await record(hl("POST", "/orders/hyperliquid", { vars: { ...vars, TRADING_MODE: "dry-run" }, body: order() }));
    await record(hl("POST", "/orders/hyperliquid", { vars, body: order({ price: "90000.5" }) }));
    await record(hl("POST", "/orders/hyperliquid", { vars, body: order({ price: "98000", time_in_force: "alo" }) }));
    await injectFault(HYPERLIQUID, "/exchange", { kind: "html", status: 502 });
    await record(hl("POST", "/orders/hyperliquid", { vars, body: order() }));
    await injectFault(HYPERLIQUID, "/exchange", { kind: "drop" });
    await record(hl("POST", "/orders/hyperliquid", { vars, body: order() }));
    await injectFault(HYPERLIQUID, "/exchange", { kind: "status", status: 429, retryAfterSeconds: 2 });
    await record(hl("POST", "/orders/hyperliquid", { vars, body: order() }));
    await record(hl("POST", "/orders/hyperliquid", { vars: { ...vars, HYPERLIQUID_AGENT_PRIVATE_KEY: `0x${"5a".repeat(32)}` }, body: hlOrder() }));
    await record(hl("DELETE", "/orders/hyperliquid/BTC/123", { vars }));
    await record(hl("POST", "/orders/hyperliquid/batch", { vars, body: { orders: [hlOrder(), hlOrder({ price: "98000", time_in_force: "alo" })] } }));
    await record(hl("POST", "/orders/hyperliquid", { vars, body: hlOrder(), token: "wrong-token-wrong-token" }));
    await record(hl("GET", "/account/hyperliquid", { vars }));
    await record(hl("GET", "/health", { vars }));
    await record(hl("GET", "/health"));
    // A key one character off: the configuration error names the variable, never the value.
    const broken = { ...vars, HYPERLIQUID_AGENT_PRIVATE_KEY: `${agentKey.slice(0, -1)}z` };
    await record(hl("POST", "/orders/hyperliquid", { vars: broken, body: hlOrder() }));
    await record(hl("GET", "/health", { vars: broken }));
    await record(hl("GET", "/health", { vars: { ...vars, HYPERLIQUID_AGENT_PRIVATE_KEY: agentKey.slice(2) } }));
    await record(hl("GET", "/nope", { vars }));

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 400, 422, 502, 502, 429, 403, 422, 200, 401, 200, 200, 200, 503, 200, 200, 404]);
    // Every create that reached the desk was published (the answers of these cloids are in the frames).
    const frames = await watcher.waitForMatching(
      published.length,
      (frame) => published.includes(String((frame.payload as { request?: { cloid?: unknown } } | undefined)?.request?.cloid)),
      "the orders' events",
    );
    watcher.close();

    const texts = answers.map((answer) => answer.text);
    const headers = answers.map((answer) => JSON.stringify([...answer.headers]));
    const everything = [...texts, ...headers, ...watcher.messages, ...console_.lines].join("\n").toLowerCase();
    expect(frames.length).toBe(published.length);
    expect(console_.lines.length).toBeGreaterThan(0);
    // Sanity: what is searched holds the signatures and addresses the answers carry.
    expect(everything).toContain(answers[1]!.body.gateway.request_body.signature.r);

    const hexOf = (key: string) => key.replace(/^0x/, "").toLowerCase();
    const secrets = [agentKey, hexOf(agentKey), hexOf(agentKey).slice(0, 32), hexOf(agentKey).slice(-32), DEFAULT_AGENT_KEY, hexOf(DEFAULT_AGENT_KEY), TOKEN];
    for (const secret of secrets) expect(everything).not.toContain(secret.toLowerCase());
  });
});
