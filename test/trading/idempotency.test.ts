import { beforeEach, describe, expect, it } from "vitest";
import { injectFault } from "../standins/control";
import { accepted, call, freshAccount, json, limitOrder, liveVars, STANDIN } from "./harness";

describe("client_order_index as the idempotency key", () => {
  beforeEach(async () => {
    await fetch(`${STANDIN}/__control/reset`, { method: "POST" });
  });

  it("answers a repeat with the recorded result and does not send again", async () => {
    const account = freshAccount();
    const vars = liveVars(account);
    const order = limitOrder();
    const first = await json(await call("POST", "/orders/lighter", { body: order, vars }));
    const repeat = await call("POST", "/orders/lighter", { body: order, vars });
    expect(repeat.status).toBe(200);
    const again = await json(repeat);
    expect(again.tx_hash).toBe(first.tx_hash);
    expect(again.gateway).toMatchObject({ nonce: first.gateway.nonce, idempotent_replay: true });
    expect(first.gateway.idempotent_replay).toBeUndefined();
    expect(await accepted(account)).toHaveLength(1);
  });

  it("treats concurrent identical requests as one order", async () => {
    const account = freshAccount();
    const vars = liveVars(account);
    const order = limitOrder();
    const results = await Promise.all(Array.from({ length: 5 }, () => call("POST", "/orders/lighter", { body: order, vars })));
    const statuses = results.map((res) => res.status).sort();
    // One sends; the others either find it in flight (409 order_in_progress) or replay its result.
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((status) => status === 200 || status === 409)).toBe(true);
    expect(await accepted(account)).toHaveLength(1);
  });

  it("answers 409 when the same index comes with a different order", async () => {
    const account = freshAccount();
    const vars = liveVars(account);
    const order = limitOrder();
    expect((await call("POST", "/orders/lighter", { body: order, vars })).status).toBe(200);
    const res = await call("POST", "/orders/lighter", { body: { ...order, price: 350001 }, vars });
    expect(res.status).toBe(409);
    expect((await json(res)).error).toMatchObject({ code: "idempotency_conflict", details: { field: "client_order_index" } });
    expect(await accepted(account)).toHaveLength(1);
  });

  it("lets the caller retry the same index after Lighter definitely refused it", async () => {
    const account = freshAccount();
    const vars = liveVars(account);
    const order = limitOrder();
    await injectFault(STANDIN, "/api/v1/sendTx", { kind: "status", status: 429 });
    expect((await call("POST", "/orders/lighter", { body: order, vars })).status).toBe(429);
    const retry = await call("POST", "/orders/lighter", { body: order, vars });
    expect(retry.status).toBe(200);
    expect((await json(retry)).gateway.idempotent_replay).toBeUndefined();
    expect(await accepted(account)).toHaveLength(1);
  });

  it("never resends after a timeout: the repeat gets the same unknown outcome and tx hash", async () => {
    const account = freshAccount();
    const vars = liveVars(account);
    const order = limitOrder();
    await injectFault(STANDIN, "/api/v1/sendTx", { kind: "hang" });
    const first = await call("POST", "/orders/lighter", { body: order, vars });
    expect(first.status).toBe(504);
    const firstBody = await json(first);
    const repeat = await call("POST", "/orders/lighter", { body: order, vars });
    expect(repeat.status).toBe(504);
    expect((await json(repeat)).error.details.tx_hash).toBe(firstBody.error.details.tx_hash);
    expect(await accepted(account)).toHaveLength(0);
  });

  it("refuses a batch reusing an index already taken, and two creates sharing one", async () => {
    const account = freshAccount();
    const vars = liveVars(account);
    const order = limitOrder();
    expect((await call("POST", "/orders/lighter", { body: order, vars })).status).toBe(200);
    const reuse = await call("POST", "/orders/lighter/batch", { vars, body: { transactions: [{ action: "create", ...limitOrder() }, { action: "create", ...order, price: 1 }] } });
    expect(reuse.status).toBe(409);
    expect((await json(reuse)).error.details.field).toBe("transactions.1.client_order_index");
    const twin = limitOrder();
    const shared = await call("POST", "/orders/lighter/batch", { vars, body: { transactions: [{ action: "create", ...twin }, { action: "create", ...twin }] } });
    expect(shared.status).toBe(400);
    // The refused batches claimed nothing: their first order can still be placed on its own.
    expect((await call("POST", "/orders/lighter", { body: twin, vars })).status).toBe(200);
    expect(await accepted(account)).toHaveLength(2);
  });
});
