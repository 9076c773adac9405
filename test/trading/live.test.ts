import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { precomputeCommitments, precomputedCommitmentCount } from "../../src/venues/lighter/crypto";
import { takeCommitment } from "../../src/venues/lighter/crypto/commitments";
import { accountDesk } from "../../src/trading/desk-stub";
import { requestLog } from "../standins/control";
import { accepted, call, freshAccount, json, limitOrder, liveVars, marketOrder, setStandInNonce, STANDIN } from "./harness";
import { subscribe } from "../events/helpers";

describe("live orders against the Lighter stand-in", () => {
  it("sends a create order; the answer is Lighter's plus what the gateway decided", async () => {
    const account = freshAccount();
    const order = marketOrder();
    const res = await call("POST", "/orders/lighter", { body: order, vars: liveVars(account) });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    const [tx] = await accepted(account);
    expect(body).toMatchObject({ code: 200, tx_hash: tx?.tx_hash, gateway: { mode: "live", api_key_index: 3, nonce: 300, tx_type: 14 } });
    expect(body.gateway.tx_info).toBeUndefined();
    expect(tx).toMatchObject({ api_key_index: 3, nonce: "300", tx_type: 14 });
  });

  it("keeps nonces contiguous per key with 100 concurrent orders over two keys, each published once", async () => {
    const account = freshAccount();
    const vars = liveVars(account, 3, 4);
    const watcher = await subscribe();
    const orders = Array.from({ length: 100 }, () => limitOrder());
    const responses = await Promise.all(orders.map((order) => call("POST", "/orders/lighter", { body: order, vars })));
    const bodies = await Promise.all(responses.map((res) => json(res)));
    expect(responses.map((res) => res.status)).toEqual(orders.map(() => 200));

    const txs = await accepted(account);
    expect(txs).toHaveLength(100);
    for (const key of [3, 4]) {
      const nonces = txs.filter((tx) => tx.api_key_index === key).map((tx) => Number(tx.nonce));
      expect(nonces).toHaveLength(50);
      // Accepted in exactly nonce order, starting where the stand-in's key starts (100 × key index).
      expect(nonces).toEqual(Array.from({ length: 50 }, (_, i) => key * 100 + i));
    }
    // Every order appears once on the stream. Events of earlier tests' orders may still be arriving
    // (the desk gathers events for a few ms), so only this test's indices are counted.
    const indexOf = (frame: Record<string, unknown>) => String((frame.payload as any)?.request?.client_order_index);
    const ourIndices = new Set(orders.map((order) => String(order.client_order_index)));
    const ours = await watcher.waitForMatching(100, (frame) => ourIndices.has(indexOf(frame)), "100 order events");
    const published = ours.map(indexOf).sort();
    expect(published).toEqual(orders.map((order) => String(order.client_order_index)).sort());
    const hashes = new Set(bodies.map((body) => body.tx_hash));
    expect(hashes.size).toBe(100);
    watcher.close();
  });

  it("cancels one order, modifies one, and cancels all in each mode", async () => {
    const account = freshAccount();
    const vars = liveVars(account);
    const cancel = await call("DELETE", "/orders/lighter/0/281474976710657", { vars });
    expect(cancel.status, await cancel.clone().text()).toBe(200);
    const modify = await call("PATCH", "/orders/lighter/0/12345", { vars, body: { base_amount: 2000, price: 351000 } });
    expect(modify.status, await modify.clone().text()).toBe(200);
    const deadline = Date.now() + 60_000;
    for (const body of [{ mode: "immediate" }, { mode: "immediate", market_index: 1 }, { mode: "scheduled", time: deadline }, { mode: "abort" }]) {
      const res = await call("POST", "/orders/lighter/cancel-all", { vars, body });
      expect(res.status, await res.clone().text()).toBe(200);
    }
    const txs = await accepted(account);
    expect(txs.map((tx) => tx.tx_type)).toEqual([15, 17, 16, 16, 16, 16]);
    const infos = txs.map((tx) => JSON.parse(tx.tx_info));
    expect(infos[0]).toMatchObject({ MarketIndex: 0, Index: 281474976710657 });
    expect(infos[1]).toMatchObject({ MarketIndex: 0, Index: 12345, BaseAmount: 2000, Price: 351000, TriggerPrice: 0 });
    expect(infos[2]).toMatchObject({ TimeInForce: 0, Time: 0, L2TxAttributes: null });
    expect(infos[3]).toMatchObject({ TimeInForce: 0, Time: 0, L2TxAttributes: { "5": 1 } });
    expect(infos[4]).toMatchObject({ TimeInForce: 1, Time: deadline });
    expect(infos[5]).toMatchObject({ TimeInForce: 2, Time: 0 });
    expect(txs.map((tx) => Number(tx.nonce))).toEqual([300, 301, 302, 303, 304, 305]);
  });

  it("sends a batch with sendTxBatch on consecutive nonces of one key", async () => {
    const account = freshAccount();
    const create = limitOrder();
    const res = await call("POST", "/orders/lighter/batch", {
      vars: liveVars(account),
      body: { transactions: [{ action: "create", ...create }, { action: "cancel", market_index: 0, order_index: 5 }, { action: "modify", market_index: 0, order_index: 6, base_amount: 10, price: 100 }] },
    });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    const txs = await accepted(account);
    expect(txs.map((tx) => [tx.tx_type, Number(tx.nonce)])).toEqual([[14, 300], [15, 301], [17, 302]]);
    expect(body.tx_hash).toEqual(txs.map((tx) => tx.tx_hash));
    expect(body.gateway.transactions).toHaveLength(3);
  });

  it("refuses a batch over 50 transactions and an empty one, naming the field", async () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ action: "cancel", market_index: 0, order_index: i + 1 }));
    for (const transactions of [tooMany, []]) {
      const res = await call("POST", "/orders/lighter/batch", { vars: liveVars(freshAccount()), body: { transactions } });
      expect(res.status).toBe(400);
      expect((await json(res)).error.details.field).toBe("transactions");
    }
  });
});

describe("signing commitments", () => {
  it("tops up the pool of precomputed commitments after an answer once half is used, off the critical path", async () => {
    const account = freshAccount();
    const desk = accountDesk(env as unknown as Env, account);
    const order = async () => expect((await call("POST", "/orders/lighter", { body: limitOrder(), vars: liveVars(account) })).status).toBe(200);
    // The top-up runs on a timer after the answer; give it a moment, then look from inside the desk's isolate.
    const readyAfter = async (send: () => Promise<void>) => {
      await send();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return runInDurableObject(desk, () => precomputedCommitmentCount());
    };
    // Start from a pool with just over half left (the isolate's pool is shared with earlier tests).
    await runInDurableObject(desk, () => {
      precomputeCommitments(16);
      while (precomputedCommitmentCount() > 10) takeCommitment();
    });
    expect(await readyAfter(order)).toBe(9);
    // The order that leaves half or less sets off the top-up.
    expect(await readyAfter(order)).toBe(16);
  });
});

describe("LIGHTER_NONCE_MANAGER=api", () => {
  it("asks Lighter for the nonce before every transaction instead of counting locally", async () => {
    await fetch(`${STANDIN}/__control/reset`, { method: "POST" });
    const account = freshAccount();
    const vars = liveVars(account, 3, 3, { LIGHTER_NONCE_MANAGER: "api" });
    for (let i = 0; i < 3; i += 1) expect((await call("POST", "/orders/lighter", { body: limitOrder(), vars })).status).toBe(200);
    // Another client moves the key on: the next order must pick that up without a refusal first.
    await setStandInNonce(account, 3, 350);
    expect((await json(await call("POST", "/orders/lighter", { body: limitOrder(), vars }))).gateway.nonce).toBe(350);
    const log = await requestLog(STANDIN);
    expect(log.filter((entry) => entry.path === "/api/v1/nextNonce")).toHaveLength(4);
    expect(log.filter((entry) => entry.path === "/api/v1/sendTx")).toHaveLength(4);
    expect((await accepted(account)).map((tx) => Number(tx.nonce))).toEqual([300, 301, 302, 350]);
  });
});
