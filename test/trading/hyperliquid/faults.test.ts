/**
 * Every way Hyperliquid's /exchange (and /info meta) can fail, through the real Worker against the
 * stand-in: the documented status and code, whether the outcome is unknown or the action was not
 * accepted, and that the desk stays consistent: the next order on the same agent is accepted by the
 * stand-in (which enforces unique nonces) with a strictly higher nonce.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { injectFault } from "../../standins/control";
import type { Fault } from "../../standins/faults";
import { actionsOf, createOrder, exchangeRequests, hl, hlOrder, HYPERLIQUID, HYPERLIQUID_TIMEOUT_MS, liveAgent, resetHyperliquid } from "./harness";


interface FaultCase {
  name: string;
  fault: Fault;
  status: number;
  code: string;
  /** How details.outcome starts. */
  outcome: "unknown" | "not accepted";
  /** Part of details.upstream_message. */
  upstream?: string;
  retryAfter?: number;
}

const cases: FaultCase[] = [
  {
    name: '{"status":"err"} in an HTTP 200 body',
    fault: { kind: "body", body: { status: "err", response: "Insufficient margin to place order." } },
    status: 422,
    code: "hyperliquid_rejected",
    outcome: "not accepted",
    upstream: "Insufficient margin to place order.",
  },
  {
    name: "the address-based rate limit as an err body",
    fault: { kind: "body", body: { status: "err", response: "Too many cumulative requests sent (10001 > 10000) for cumulative volume traded $0. Place taker orders to free up 1 request per USDC traded." } },
    status: 429,
    code: "hyperliquid_rate_limited",
    outcome: "not accepted",
    upstream: "Too many cumulative requests sent",
    retryAfter: 10,
  },
  { name: "HTTP 429 with Retry-After", fault: { kind: "status", status: 429, body: { error: "rate limited" }, retryAfterSeconds: 7 }, status: 429, code: "hyperliquid_rate_limited", outcome: "not accepted", retryAfter: 7 },
  { name: "HTTP 500", fault: { kind: "status", status: 500, body: { error: "internal error" } }, status: 502, code: "hyperliquid_unavailable", outcome: "unknown", upstream: "HTTP 500" },
  { name: "an HTML error page", fault: { kind: "html", status: 502 }, status: 502, code: "hyperliquid_unavailable", outcome: "unknown", upstream: "an HTML page" },
  { name: "a malformed JSON body", fault: { kind: "malformed" }, status: 502, code: "hyperliquid_malformed_response", outcome: "unknown", upstream: "not JSON" },
  {
    name: "an ok answer of the wrong shape",
    fault: { kind: "body", body: { status: "ok", response: { type: "order", data: { statuses: [] } } } },
    status: 502,
    code: "hyperliquid_malformed_response",
    outcome: "unknown",
    upstream: "expected 1 order statuses, got 0",
  },
  { name: "no answer in time (hang)", fault: { kind: "hang" }, status: 504, code: "hyperliquid_timeout", outcome: "unknown", upstream: `no answer from exchange within ${HYPERLIQUID_TIMEOUT_MS} ms` },
  { name: "a body that stops half-way (stall_body)", fault: { kind: "stall_body" }, status: 504, code: "hyperliquid_timeout", outcome: "unknown", upstream: "did not complete within" },
  { name: "a dropped connection", fault: { kind: "drop" }, status: 502, code: "hyperliquid_unavailable", outcome: "unknown", upstream: "could not reach Hyperliquid" },
];

describe("Hyperliquid /exchange failures", () => {
  beforeEach(async () => {
    // Faults are queued per path on the shared stand-in: none may be left from another test.
    await resetHyperliquid();
  });

  for (const testCase of cases) {
    it(`${testCase.name} → ${testCase.status} ${testCase.code} (${testCase.outcome}); the next order goes through on a higher nonce`, async () => {
      const { vars, user, agent } = await liveAgent();
      await injectFault(HYPERLIQUID, "/exchange", testCase.fault);
      const order = hlOrder();
      const failed = await createOrder(order, vars);
      expect(failed.status, failed.text).toBe(testCase.status);
      const { error } = failed.body;
      expect(error.code).toBe(testCase.code);
      expect(error.details).toMatchObject({ venue: "hyperliquid", endpoint: "exchange", gateway: { mode: "live", signer: agent } });
      expect(String(error.details.outcome).startsWith(testCase.outcome), error.details.outcome).toBe(true);
      if (testCase.upstream !== undefined) expect(error.details.upstream_message).toContain(testCase.upstream);
      if (testCase.retryAfter !== undefined) {
        expect(failed.headers.get("Retry-After")).toBe(String(testCase.retryAfter));
        expect(error.details.retry_after_seconds).toBe(testCase.retryAfter);
      } else {
        expect(failed.headers.get("Retry-After")).toBeNull();
      }
      const failedNonce = error.details.gateway.nonce as number;
      expect(error.details.gateway.expires_after).toBe(failedNonce + 90_000);
      // The faulted request never reached the stand-in's handler: nothing was accepted.
      expect(await actionsOf(user)).toEqual([]);

      const next = await createOrder(hlOrder(), vars);
      expect(next.status, next.text).toBe(200);
      expect(next.body.result.status).toBe("resting");
      expect(next.body.gateway.nonce).toBeGreaterThan(failedNonce);
      const actions = await actionsOf(user);
      expect(actions.map((action) => action.nonce)).toEqual([next.body.gateway.nonce]);
    });
  }

  it("an order-level error inside an ok answer → 422 hyperliquid_rejected with the venue's message and a rejected result", async () => {
    const { vars, user } = await liveAgent();
    const response = { type: "order", data: { statuses: [{ error: "Order price too far from oracle" }] } };
    await injectFault(HYPERLIQUID, "/exchange", { kind: "body", body: { status: "ok", response } });
    const order = hlOrder();
    const failed = await createOrder(order, vars);
    expect(failed.status, failed.text).toBe(422);
    expect(failed.body.error.code).toBe("hyperliquid_rejected");
    expect(failed.body.error.message).toContain("Order price too far from oracle");
    expect(failed.body.error.details).toMatchObject({
      venue: "hyperliquid",
      upstream_message: "Order price too far from oracle",
      result: { status: "rejected", order_id: null, client_id: order.cloid, filled_size: "0", avg_price: null, message: "Order price too far from oracle" },
      response,
    });
    const failedNonce = failed.body.error.details.gateway.nonce as number;
    const next = await createOrder(hlOrder(), vars);
    expect(next.status, next.text).toBe(200);
    expect(next.body.gateway.nonce).toBeGreaterThan(failedNonce);
    expect((await actionsOf(user)).map((action) => action.nonce)).toEqual([next.body.gateway.nonce]);
  });

  it("a batch refused as a whole (one error status for two orders) → 422 hyperliquid_rejected; its cloids are freed", async () => {
    const { vars, user } = await liveAgent();
    const orders = [hlOrder(), hlOrder({ price: "89000" })];
    const response = { type: "order", data: { statuses: [{ error: "Order has invalid price." }] } };
    await injectFault(HYPERLIQUID, "/exchange", { kind: "body", body: { status: "ok", response } });
    const res = await hl("POST", "/orders/hyperliquid/batch", { vars, body: { orders } });
    expect(res.status, res.text).toBe(422);
    expect(res.body.error).toMatchObject({ code: "hyperliquid_rejected", details: { upstream_message: "Order has invalid price.", response } });
    expect(res.body.error.message).toContain("refused the batch");
    const retry = await hl("POST", "/orders/hyperliquid/batch", { vars, body: { orders } });
    expect(retry.status, retry.text).toBe(200);
    expect(retry.body.results.map((result: { status: string }) => result.status)).toEqual(["resting", "resting"]);
    expect(await actionsOf(user)).toHaveLength(1);
  });

  it("the stand-in's own refusal of an unknown signer → 403 hyperliquid_rejected, not accepted", async () => {
    const { vars } = await liveAgent();
    // A key Hyperliquid has never seen approved: the stand-in recovers its address and refuses it.
    const stranger = { ...vars, HYPERLIQUID_AGENT_PRIVATE_KEY: `0x${"5a".repeat(32)}` };
    const res = await createOrder(hlOrder(), stranger);
    expect(res.status, res.text).toBe(403);
    expect(res.body.error.code).toBe("hyperliquid_rejected");
    expect(res.body.error.details.upstream_message).toMatch(/^User or API Wallet 0x[0-9a-f]{40} does not exist\.$/);
    expect(res.body.error.details.outcome).toBe("not accepted");
  });
});

describe("nonce refusals", () => {
  beforeEach(async () => {
    await resetHyperliquid();
  });

  it("'Invalid nonce' once: the desk retries once with a fresh nonce and the order goes through", async () => {
    const { vars, user } = await liveAgent();
    const before = await exchangeRequests();
    await injectFault(HYPERLIQUID, "/exchange", { kind: "body", body: { status: "err", response: "Invalid nonce: duplicate nonce 1700000000000" } });
    const res = await createOrder(hlOrder(), vars);
    expect(res.status, res.text).toBe(200);
    expect(res.body.result.status).toBe("resting");
    expect(await exchangeRequests()).toBe(before + 2);
    expect((await actionsOf(user)).map((action) => action.nonce)).toEqual([res.body.gateway.nonce]);
  });

  it("'nonce too low N < M': the retry's nonce goes above M", async () => {
    const { vars, user } = await liveAgent();
    const floor = Date.now() + 3_600_000;
    await injectFault(HYPERLIQUID, "/exchange", { kind: "body", body: { status: "err", response: `Invalid nonce: nonce too low 1 < ${floor}` } });
    const res = await createOrder(hlOrder(), vars);
    expect(res.status, res.text).toBe(200);
    expect(res.body.gateway.nonce).toBe(floor + 1);
    expect((await actionsOf(user)).map((action) => action.nonce)).toEqual([floor + 1]);
    // And the floor holds for the next order too.
    const next = await createOrder(hlOrder(), vars);
    expect(next.body.gateway.nonce).toBe(floor + 2);
  });

  it("a nonce refused twice → 409 hyperliquid_rejected, not accepted; the next order goes through", async () => {
    const { vars, user } = await liveAgent();
    await injectFault(HYPERLIQUID, "/exchange", { kind: "body", body: { status: "err", response: "Invalid nonce: duplicate nonce 5" } }, 2);
    const res = await createOrder(hlOrder(), vars);
    expect(res.status, res.text).toBe(409);
    expect(res.body.error).toMatchObject({ code: "hyperliquid_rejected", details: { upstream_message: "Invalid nonce: duplicate nonce 5", outcome: "not accepted" } });
    const next = await createOrder(hlOrder(), vars);
    expect(next.status, next.text).toBe(200);
    expect(next.body.gateway.nonce).toBeGreaterThan(res.body.error.details.gateway.nonce);
    expect(await actionsOf(user)).toHaveLength(1);
  });
});

describe("Hyperliquid /info failures", () => {
  beforeEach(async () => {
    await resetHyperliquid();
  });

  it("meta unreadable → 503 market_rules_unavailable, nothing signed or sent; the same cloid works once meta is back", async () => {
    const { vars, user } = await liveAgent();
    const before = await exchangeRequests();
    // A fresh agent's desk has no meta yet: its first /info call is meta.
    await injectFault(HYPERLIQUID, "/info", { kind: "html", status: 502 });
    const order = hlOrder();
    const res = await createOrder(order, vars);
    expect(res.status, res.text).toBe(503);
    expect(res.body.error).toMatchObject({ code: "market_rules_unavailable", details: { endpoint: "info" } });
    expect(res.body.error.details.upstream_message).toContain("HTML");
    expect(await exchangeRequests()).toBe(before);
    expect(await actionsOf(user)).toEqual([]);
    const health = await hl("GET", "/health", { vars });
    expect(health.body.hyperliquid.nonce.last).toBeNull();
    expect(health.body.hyperliquid.last_upstream_error.message).toContain("HTML page");

    const retry = await createOrder(order, vars);
    expect(retry.status, retry.text).toBe(200);
    expect(retry.body.gateway.idempotent_replay).toBeUndefined();
    expect(await actionsOf(user)).toHaveLength(1);
  });

  it("GET /account/hyperliquid with /info failing → 502 hyperliquid_unavailable", async () => {
    const { vars } = await liveAgent();
    await injectFault(HYPERLIQUID, "/info", { kind: "status", status: 500, body: { error: "down" } });
    const res = await hl("GET", "/account/hyperliquid", { vars });
    expect(res.status, res.text).toBe(502);
    expect(res.body.error.code).toBe("hyperliquid_unavailable");
  });
});
