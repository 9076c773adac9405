/**
 * The cloid as the idempotency key of Hyperliquid creates: repeats answer the recorded result without a
 * second action at the stand-in, a different order under a used cloid is a conflict, a definite refusal
 * frees the cloid, and an attempt whose outcome is unknown is looked up by cloid (orderStatus) before
 * anything is resent: found → its real state; not found → 409 outcome_unknown until the attempt's
 * expiresAfter has passed, and only then sent once more.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ORDER_EXPIRY_MS } from "../../../src/trading/hyperliquid-desk";
import { injectFault } from "../../standins/control";
import { setHyperliquidMargin } from "../../standins/hyperliquid-control";
import { actionsOf, createOrder, exchangeRequests, hl, hlOrder, HYPERLIQUID, HYPERLIQUID_TIMEOUT_MS, liveAgent, orderStatusOf, resetHyperliquid, until } from "./harness";

describe("cloid as the idempotency key", () => {
  beforeEach(async () => {
    await resetHyperliquid();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("a repeat of the same cloid and body gets the recorded answer, flagged, with no second action", async () => {
    const { vars, user } = await liveAgent();
    const order = hlOrder();
    const first = await createOrder(order, vars);
    expect(first.status, first.text).toBe(200);
    expect(first.body.gateway.idempotent_replay).toBeUndefined();
    const before = await exchangeRequests();
    const repeat = await createOrder(order, vars);
    expect(repeat.status, repeat.text).toBe(200);
    const { idempotent_replay: flag, ...gateway } = repeat.body.gateway;
    expect(flag).toBe(true);
    expect(gateway).toEqual(first.body.gateway);
    expect({ ...repeat.body, gateway: undefined }).toEqual({ ...first.body, gateway: undefined });
    expect(await exchangeRequests()).toBe(before);
    expect(await actionsOf(user)).toHaveLength(1);
  });

  it("the same cloid with another body → 409 idempotency_conflict naming cloid, nothing sent", async () => {
    const { vars, user } = await liveAgent();
    const order = hlOrder();
    expect((await createOrder(order, vars)).status).toBe(200);
    for (const change of [{ price: "90001" }, { size: "0.002" }, { is_buy: false, price: "99000" }, { time_in_force: "alo" }, { coin: "ETH", price: "3000", size: "0.01" }]) {
      const res = await createOrder({ ...order, ...change }, vars);
      expect(res.status, res.text).toBe(409);
      expect(res.body.error).toMatchObject({ code: "idempotency_conflict", details: { field: "cloid" } });
    }
    // The cloid is matched without regard to the case of its hex digits.
    const upper = await createOrder({ ...order, cloid: (order.cloid as string).toUpperCase().replace("0X", "0x"), price: "1" }, vars);
    expect(upper.status).toBe(409);
    expect(await actionsOf(user)).toHaveLength(1);
  });

  it("concurrent identical requests are one order: one action, the others in progress or replayed", async () => {
    const { vars, user } = await liveAgent();
    const order = hlOrder();
    const answers = await Promise.all(Array.from({ length: 5 }, () => createOrder(order, vars)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(1);
    for (const answer of answers) {
      if (answer.status === 409) expect(answer.body.error.code).toBe("order_in_progress");
      else expect(answer.status).toBe(200);
    }
    expect(await actionsOf(user)).toHaveLength(1);
  });

  it("a refusal by Hyperliquid (insufficient margin) frees the cloid: the same order goes through once funded", async () => {
    const { vars, user } = await liveAgent({}, { marginUsd: "1" });
    const order = hlOrder();
    const refused = await createOrder(order, vars);
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.error).toMatchObject({ code: "hyperliquid_rejected", details: { upstream_message: "Insufficient margin to place order.", result: { status: "rejected" } } });
    await setHyperliquidMargin(HYPERLIQUID, user, "100000");
    const retry = await createOrder(order, vars);
    expect(retry.status, retry.text).toBe(200);
    expect(retry.body.gateway.idempotent_replay).toBeUndefined();
    expect(retry.body.result).toMatchObject({ status: "resting", client_id: order.cloid });
    expect(retry.body.gateway.nonce).toBeGreaterThan(refused.body.error.details.gateway.nonce);
    expect(await actionsOf(user)).toHaveLength(2);
  });

  it("a refusal by the gateway's rules frees the cloid for a corrected order", async () => {
    const { vars, user } = await liveAgent();
    const order = hlOrder({ price: "90000.5" });
    const refused = await createOrder(order, vars);
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.error.details.field).toBe("price");
    const corrected = await createOrder({ ...order, price: "90000" }, vars);
    expect(corrected.status, corrected.text).toBe(200);
    expect(await actionsOf(user)).toHaveLength(1);
  });

  it("a 429 frees the cloid: the repeat is sent and accepted", async () => {
    const { vars, user } = await liveAgent();
    const order = hlOrder();
    await injectFault(HYPERLIQUID, "/exchange", { kind: "status", status: 429, retryAfterSeconds: 3 });
    expect((await createOrder(order, vars)).status).toBe(429);
    const retry = await createOrder(order, vars);
    expect(retry.status, retry.text).toBe(200);
    expect(retry.body.gateway.idempotent_replay).toBeUndefined();
    expect(await actionsOf(user)).toHaveLength(1);
  });

  it("an order refused inside an accepted batch frees its cloid: a corrected order goes through, an identical one is refused again", async () => {
    const { vars, user } = await liveAgent();
    const accepted = hlOrder();
    const refused = hlOrder({ price: "98000", time_in_force: "alo" });
    const batch = await hl("POST", "/orders/hyperliquid/batch", { vars, body: { orders: [accepted, refused] } });
    expect(batch.status, batch.text).toBe(200);
    expect(batch.body.results.map((result: { status: string }) => result.status)).toEqual(["resting", "rejected"]);
    // The accepted order's cloid keeps the batch's answer.
    const repeatAccepted = await createOrder(accepted, vars);
    expect(repeatAccepted.status).toBe(200);
    expect(repeatAccepted.body.gateway).toMatchObject({ idempotent_replay: true, nonce: batch.body.gateway.nonce });
    // The refused one's is free: the same order is sent again (and refused again, 422), a corrected one rests.
    const same = await createOrder(refused, vars);
    expect(same.status, same.text).toBe(422);
    expect(same.body.error.code).toBe("hyperliquid_rejected");
    const corrected = await createOrder({ ...refused, time_in_force: "gtc", price: "90000" }, vars);
    expect(corrected.status, corrected.text).toBe(200);
    expect(corrected.body.result).toMatchObject({ status: "resting", client_id: refused.cloid });
    expect(await actionsOf(user)).toHaveLength(3);
  });

  it("a batch reusing a cloid already taken → 409 naming the order's cloid, nothing sent", async () => {
    const { vars, user } = await liveAgent();
    const order = hlOrder();
    expect((await createOrder(order, vars)).status).toBe(200);
    const fresh = hlOrder();
    const res = await hl("POST", "/orders/hyperliquid/batch", { vars, body: { orders: [fresh, { ...order, price: "89000" }] } });
    expect(res.status, res.text).toBe(409);
    expect(res.body.error).toMatchObject({ code: "idempotency_conflict", details: { field: "orders.1.cloid" } });
    expect(await actionsOf(user)).toHaveLength(1);
    // The batch's other cloid was released with the refusal: it can be used on its own.
    const alone = await createOrder(fresh, vars);
    expect(alone.status, alone.text).toBe(200);
    expect(alone.body.gateway.idempotent_replay).toBeUndefined();
    expect(await actionsOf(user)).toHaveLength(2);
  });
});

describe("a repeat after an unknown outcome is looked up by cloid", () => {
  beforeEach(async () => {
    await resetHyperliquid();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("a lost answer looked up as a CANCELED order is no refusal: the repeat reports it and never places it a second time", async () => {
    const { vars, user } = await liveAgent();
    const order = hlOrder();
    // Hyperliquid places the order (it rests) but the answer is lost; then the order is canceled.
    await injectFault(HYPERLIQUID, "/exchange", { kind: "drop", afterHandling: true });
    expect((await createOrder(order, vars)).status).toBe(502);
    expect((await hl("DELETE", `/orders/hyperliquid/BTC/${order.cloid as string}`, { vars })).status).toBe(200);
    expect((await orderStatusOf(user, order.cloid as string)).order.status).toBe("canceled");

    const repeat = await createOrder(order, vars);
    expect(repeat.status, repeat.text).toBe(200);
    expect(repeat.body.gateway).toMatchObject({ resolved_by_lookup: true });
    expect(repeat.body.result).toMatchObject({ status: "canceled", client_id: order.cloid, filled_size: "0" });
    const again = await createOrder(order, vars);
    expect(again.body.gateway?.idempotent_replay, again.text).toBe(true);
    expect((await actionsOf(user)).map((action) => action.type)).toEqual(["order", "cancelByCloid"]);
  });

  it("timed out but processed by Hyperliquid (delay beyond the limit) → the repeat answers 200 resolved_by_lookup, never a second action", async () => {
    const { vars, user } = await liveAgent();
    const order = hlOrder();
    // The stand-in holds the request past the gateway's time limit, then places the order anyway.
    await injectFault(HYPERLIQUID, "/exchange", { kind: "delay", ms: HYPERLIQUID_TIMEOUT_MS + 150 });
    const first = await createOrder(order, vars);
    expect(first.status, first.text).toBe(504);
    expect(first.body.error.code).toBe("hyperliquid_timeout");
    expect(first.body.error.details.outcome).toMatch(/^unknown/);
    const [action] = await until(async () => {
      const actions = await actionsOf(user);
      return actions.length > 0 ? actions : undefined;
    }, "the stand-in to place the delayed order");
    expect(action?.nonce).toBe(first.body.error.details.gateway.nonce);
    const placed = await orderStatusOf(user, order.cloid as string);
    expect(placed.status).toBe("order");

    const before = await exchangeRequests();
    const repeat = await createOrder(order, vars);
    expect(repeat.status, repeat.text).toBe(200);
    expect(repeat.body.gateway).toMatchObject({ mode: "live", idempotent_replay: true, resolved_by_lookup: true });
    expect(repeat.body.result).toEqual({
      status: "resting",
      order_id: placed.order.order.oid,
      client_id: order.cloid,
      filled_size: "0",
      avg_price: null,
      message: "open",
    });
    expect(repeat.body.response).toEqual(placed);
    // The look-up is recorded: a further repeat answers the same without asking again.
    const again = await createOrder(order, vars);
    expect(again.status).toBe(200);
    expect(again.body.result).toEqual(repeat.body.result);
    expect(await exchangeRequests()).toBe(before);
    expect(await actionsOf(user)).toHaveLength(1);
  });

  it("answer lost after Hyperliquid filled it (drop after handling) → the repeat answers the fill", async () => {
    const { vars, user } = await liveAgent();
    const order = hlOrder({ price: "98000", time_in_force: "ioc" });
    await injectFault(HYPERLIQUID, "/exchange", { kind: "drop", afterHandling: true });
    const first = await createOrder(order, vars);
    expect(first.status, first.text).toBe(502);
    expect(first.body.error.details.outcome).toMatch(/^unknown/);
    expect(await actionsOf(user)).toHaveLength(1);
    const repeat = await createOrder(order, vars);
    expect(repeat.status, repeat.text).toBe(200);
    expect(repeat.body.gateway).toMatchObject({ idempotent_replay: true, resolved_by_lookup: true });
    expect(repeat.body.result).toMatchObject({ status: "filled", client_id: order.cloid, filled_size: "0.001", message: "filled" });
    expect(await actionsOf(user)).toHaveLength(1);
  });

  it("processed but refused by Hyperliquid, answer lost → the repeat is 422 hyperliquid_rejected from the look-up, and the cloid is free", async () => {
    const { vars, user } = await liveAgent({}, { marginUsd: "1" });
    const order = hlOrder();
    await injectFault(HYPERLIQUID, "/exchange", { kind: "drop", afterHandling: true });
    expect((await createOrder(order, vars)).status).toBe(502);
    const found = await orderStatusOf(user, order.cloid as string);
    expect(found.order.status).toBe("perpMarginRejected");

    const repeat = await createOrder(order, vars);
    expect(repeat.status, repeat.text).toBe(422);
    expect(repeat.body.error).toMatchObject({
      code: "hyperliquid_rejected",
      details: { venue: "hyperliquid", resolved_by_lookup: true, response: found, result: { status: "rejected", client_id: order.cloid, message: "perpMarginRejected" } },
    });
    expect(await actionsOf(user)).toHaveLength(1);
    // Funded now, a corrected order under the same cloid is sent and rests.
    await setHyperliquidMargin(HYPERLIQUID, user, "100000");
    const corrected = await createOrder({ ...order, price: "89000" }, vars);
    expect(corrected.status, corrected.text).toBe(200);
    expect(corrected.body.result).toMatchObject({ status: "resting", client_id: order.cloid });
    expect(await actionsOf(user)).toHaveLength(2);
  });

  it("never arrived (hang): the repeat is 409 outcome_unknown with retry_after_seconds until expires_after, nothing resent", async () => {
    const { vars, user } = await liveAgent();
    const order = hlOrder();
    await injectFault(HYPERLIQUID, "/exchange", { kind: "hang" });
    const first = await createOrder(order, vars);
    expect(first.status, first.text).toBe(504);
    const expiresAfter = first.body.error.details.gateway.expires_after as number;
    const before = await exchangeRequests();
    const repeat = await createOrder(order, vars);
    expect(repeat.status, repeat.text).toBe(409);
    expect(repeat.body.error).toMatchObject({ code: "outcome_unknown", details: { field: "cloid" } });
    const wait = repeat.body.error.details.retry_after_seconds as number;
    // As the desk computed it a moment ago: the whole seconds left until the first attempt expires.
    const left = Math.ceil((expiresAfter - Date.now()) / 1000);
    expect([left, left + 1]).toContain(wait);
    expect(wait).toBeGreaterThan(80);
    expect(wait).toBeLessThanOrEqual(ORDER_EXPIRY_MS / 1000);
    expect(await exchangeRequests()).toBe(before);
    expect(await actionsOf(user)).toEqual([]);
  });

  it("a look-up that fails is 409 outcome_unknown too, and nothing is resent", async () => {
    const { vars, user } = await liveAgent();
    const order = hlOrder();
    await injectFault(HYPERLIQUID, "/exchange", { kind: "drop" });
    expect((await createOrder(order, vars)).status).toBe(502);
    await injectFault(HYPERLIQUID, "/info", { kind: "html", status: 503 });
    const repeat = await createOrder(order, vars);
    expect(repeat.status, repeat.text).toBe(409);
    expect(repeat.body.error).toMatchObject({ code: "outcome_unknown", details: { field: "cloid" } });
    expect(repeat.body.error.message).toContain("looking it up by cloid failed too");
    const again = await createOrder(order, vars);
    expect(again.status).toBe(409);
    expect(again.body.error.details.retry_after_seconds).toBeGreaterThan(80);
    expect(await actionsOf(user)).toEqual([]);
  });

  it("never arrived (drop before handling): 409 outcome_unknown until expiry, then the repeat sends it exactly once", async () => {
    const { vars, user } = await liveAgent();
    const order = hlOrder();
    await injectFault(HYPERLIQUID, "/exchange", { kind: "drop" });
    const first = await createOrder(order, vars);
    expect(first.status, first.text).toBe(502);
    expect(first.body.error.code).toBe("hyperliquid_unavailable");
    const firstNonce = first.body.error.details.gateway.nonce as number;
    const expiresAfter = first.body.error.details.gateway.expires_after as number;
    expect(expiresAfter).toBe(firstNonce + ORDER_EXPIRY_MS);

    const early = await createOrder(order, vars);
    expect(early.status, early.text).toBe(409);
    expect(early.body.error.code).toBe("outcome_unknown");
    expect(early.body.error.details.retry_after_seconds).toBeGreaterThan(80);
    // A different order under the same cloid is still a conflict, not a look-up.
    expect((await createOrder({ ...order, price: "80000" }, vars)).body.error.code).toBe("idempotency_conflict");

    // Time passes beyond the first attempt's expiresAfter (only Date is faked: the stand-in's clock is
    // real, and the new nonce, a minute and a half ahead of it, is within Hyperliquid's window).
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(expiresAfter + 1_000);
    const late = await createOrder(order, vars);
    expect(late.status, late.text).toBe(200);
    expect(late.body.result).toMatchObject({ status: "resting", client_id: order.cloid });
    expect(late.body.gateway.idempotent_replay).toBeUndefined();
    expect(late.body.gateway.nonce).toBeGreaterThan(expiresAfter);
    const again = await createOrder(order, vars);
    expect(again.status).toBe(200);
    expect(again.body.gateway).toMatchObject({ idempotent_replay: true, nonce: late.body.gateway.nonce });
    vi.useRealTimers();

    const actions = await actionsOf(user);
    expect(actions.map((action) => action.nonce)).toEqual([late.body.gateway.nonce]);
  });
});
