/**
 * The private key and the gateway token must never appear in a response, an event or a log line, whatever
 * happens: successes, refusals, upstream failures, configuration errors.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureConsole } from "../capture-console";
import { injectFault } from "../standins/control";
import { subscribe } from "../events/helpers";
import { call, freshAccount, limitOrder, liveVars, marketOrder, PRIVATE_KEY_HEX, STANDIN, TOKEN } from "./harness";

describe("secrets", () => {
  let logged: string[] = [];
  let restoreConsole = () => {};

  beforeEach(async () => {
    await fetch(`${STANDIN}/__control/reset`, { method: "POST" });
    const capture = captureConsole();
    logged = capture.lines;
    restoreConsole = capture.restore;
  });

  afterEach(() => {
    restoreConsole();
  });

  it("never show up in responses, events or logs", async () => {
    const watcher = await subscribe();
    const account = freshAccount();
    const vars = liveVars(account);
    const texts: string[] = [];
    const record = async (response: Promise<Response>) => texts.push(await (await response).text());

    await record(call("POST", "/orders/lighter", { body: marketOrder(), vars }));
    await record(call("POST", "/orders/lighter", { body: marketOrder(), vars: { ...vars, TRADING_MODE: "dry-run" } }));
    await record(call("POST", "/orders/lighter", { body: { ...limitOrder(), price: "x" }, vars }));
    await injectFault(STANDIN, "/api/v1/sendTx", { kind: "html", status: 502 });
    await record(call("POST", "/orders/lighter", { body: limitOrder(), vars }));
    await injectFault(STANDIN, "/api/v1/sendTx", { kind: "hang" });
    await record(call("POST", "/orders/lighter", { body: limitOrder(), vars }));
    await record(call("POST", "/orders/lighter", { body: limitOrder(), token: "wrong-token-wrong-token" }));
    await record(call("POST", "/orders/lighter", { body: limitOrder(), vars: { ...vars, LIGHTER_PRIVATE_KEY: `0x${PRIVATE_KEY_HEX.slice(2)}zz` } }));
    await record(call("GET", "/health", { vars }));
    await record(call("GET", "/account/lighter", { vars }));
    await record(call("GET", "/nope", { vars }));

    // Four requests reached the desk (two sent, one failed upstream, one timed out); the others were
    // refused by the Worker before any order existed.
    const frames = await watcher.waitForFrames(4, "the order events");
    watcher.close();
    const everything = [...texts, ...frames.map((frame) => JSON.stringify(frame)), ...logged].join("\n").toLowerCase();
    expect(texts.length).toBe(10);
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [PRIVATE_KEY_HEX, PRIVATE_KEY_HEX.slice(0, 32), PRIVATE_KEY_HEX.slice(-32), TOKEN]) {
      expect(everything).not.toContain(secret.toLowerCase());
    }
  });
});
