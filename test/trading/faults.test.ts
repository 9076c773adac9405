import { beforeEach, describe, expect, it } from "vitest";
import { injectFault } from "../standins/control";
import type { Fault } from "../standins/faults";
import { accepted, call, freshAccount, json, limitOrder, liveVars, setStandInNonce, STANDIN } from "./harness";

/** Each fault, the status the caller must get, the gateway error code, and whether Lighter could have taken the tx. */
const cases: Array<{ name: string; fault: Fault; status: number; code: string; outcomeUnknown: boolean }> = [
  { name: "HTTP 429", fault: { kind: "status", status: 429, body: { code: 23000, message: "Too Many Requests!" }, retryAfterSeconds: 7 }, status: 429, code: "lighter_rate_limited", outcomeUnknown: false },
  { name: "HTTP 500 with a JSON error", fault: { kind: "status", status: 500, body: { code: 500, message: "internal error" } }, status: 502, code: "lighter_unavailable", outcomeUnknown: true },
  { name: "an HTML error page", fault: { kind: "html", status: 502 }, status: 502, code: "lighter_unavailable", outcomeUnknown: true },
  { name: "an error code inside an HTTP 200 body", fault: { kind: "body", body: { code: 21701, message: "not enough margin" } }, status: 422, code: "lighter_rejected", outcomeUnknown: false },
  { name: "a malformed JSON body", fault: { kind: "malformed" }, status: 502, code: "lighter_malformed_response", outcomeUnknown: true },
  { name: "no answer in time", fault: { kind: "hang" }, status: 504, code: "lighter_timeout", outcomeUnknown: true },
  { name: "an answer whose body stops half-way", fault: { kind: "stall_body" }, status: 504, code: "lighter_timeout", outcomeUnknown: true },
];

describe("Lighter failures", () => {
  beforeEach(async () => {
    // Faults are queued per path on the shared stand-in: make sure none is left from another test.
    await fetch(`${STANDIN}/__control/reset`, { method: "POST" });
  });

  for (const { name, fault, status, code, outcomeUnknown } of cases) {
    it(`${name} → ${status} ${code}, and the next order succeeds on the right nonce`, async () => {
      const account = freshAccount();
      const vars = liveVars(account);
      await injectFault(STANDIN, "/api/v1/sendTx", fault);
      const res = await call("POST", "/orders/lighter", { body: limitOrder(), vars });
      const body = await json(res);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(body.error.code).toBe(code);
      expect(body.error.details).toMatchObject({ venue: "lighter", api_key_index: 3, nonce: 300 });
      expect(body.error.details.tx_hash).toMatch(/^[0-9a-f]{80}$/);
      expect(String(body.error.details.outcome).startsWith(outcomeUnknown ? "unknown" : "not accepted")).toBe(true);
      if (status === 429) {
        expect(res.headers.get("Retry-After")).toBe("7");
        expect(body.error.details.retry_after_seconds).toBe(7);
      }

      const next = await call("POST", "/orders/lighter", { body: limitOrder(), vars });
      expect(next.status, await next.clone().text()).toBe(200);
      // The refused tx consumed no nonce, so the next order reuses 300 (the stand-in enforces it).
      expect((await json(next)).gateway.nonce).toBe(300);
      expect((await accepted(account)).map((tx) => Number(tx.nonce))).toEqual([300]);
    });
  }

  it("resyncs from nextNonce after 'invalid nonce' (21104) and retries once", async () => {
    const account = freshAccount();
    const vars = liveVars(account);
    expect((await call("POST", "/orders/lighter", { body: limitOrder(), vars })).status).toBe(200);
    // Another client used the key: Lighter now expects 310, the desk would send 301.
    await setStandInNonce(account, 3, 310);
    const res = await call("POST", "/orders/lighter", { body: limitOrder(), vars });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await json(res)).gateway.nonce).toBe(310);
    expect((await accepted(account)).map((tx) => Number(tx.nonce))).toEqual([300, 310]);
  });

  it("gives up with 409 when the retry after a resync is refused for its nonce too", async () => {
    const account = freshAccount();
    const vars = liveVars(account);
    await injectFault(STANDIN, "/api/v1/sendTx", { kind: "status", status: 400, body: { code: 21104, message: "invalid nonce" } }, 2);
    const res = await call("POST", "/orders/lighter", { body: limitOrder(), vars });
    expect(res.status).toBe(409);
    expect((await json(res)).error).toMatchObject({ code: "lighter_rejected", details: { upstream_code: 21104 } });
    expect((await call("POST", "/orders/lighter", { body: limitOrder(), vars })).status).toBe(200);
  });

  it("answers normally after a slow but timely answer", async () => {
    const account = freshAccount();
    await injectFault(STANDIN, "/api/v1/sendTx", { kind: "delay", ms: 300 });
    const res = await call("POST", "/orders/lighter", { body: limitOrder(), vars: liveVars(account) });
    expect(res.status).toBe(200);
  });

  it("reports an unreachable nextNonce as 502 without signing or sending anything", async () => {
    const account = freshAccount();
    await injectFault(STANDIN, "/api/v1/nextNonce", { kind: "html", status: 503 });
    const res = await call("POST", "/orders/lighter", { body: limitOrder(), vars: liveVars(account) });
    expect(res.status).toBe(502);
    expect((await json(res)).error).toMatchObject({ code: "lighter_unavailable", details: { endpoint: "nextNonce" } });
    expect(await accepted(account)).toEqual([]);
  });
});
