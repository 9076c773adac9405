import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { OrderRecords } from "../../src/trading/order-records";

const REPLY = { status: 200, body: { code: 200, tx_hash: "ab12", gateway: { nonce: 7 } } };

function stateOf(sql: SqlStorage, index: bigint): string | undefined {
  return sql.exec<{ state: string }>("SELECT state FROM order_records WHERE client_order_index = ?", index.toString()).toArray()[0]?.state;
}

/** Runs `body` in a desk of its own, on the OrderRecords of its real SQLite storage. */
function inDesk<T>(name: string, body: (sql: SqlStorage) => Promise<T>): Promise<T> {
  return runInDurableObject(env.ACCOUNT_DESK.getByName(name), (_desk, state) => body(state.storage.sql));
}

describe("OrderRecords", () => {
  it("answers a repeat from memory until the result is written in a later turn, then from storage", async () => {
    const seen = await inDesk("records-finish", async (sql) => {
      const records = new OrderRecords(sql);
      const first = records.claim(1n, "order-a", Date.now());
      records.finish(1n, REPLY);
      const beforeWrite = { state: stateOf(sql, 1n), repeat: records.claim(1n, "order-a", Date.now()), other: records.claim(1n, "order-b", Date.now()) };
      await new Promise((resolve) => setTimeout(resolve, 20));
      const afterWrite = { state: stateOf(sql, 1n), repeat: new OrderRecords(sql).claim(1n, "order-a", Date.now()) };
      return { first, beforeWrite, afterWrite };
    });
    expect(seen.first).toEqual({ kind: "new" });
    expect(seen.beforeWrite).toEqual({ state: "pending", repeat: { kind: "replay", reply: REPLY }, other: { kind: "conflict" } });
    expect(seen.afterWrite).toEqual({ state: "done", repeat: { kind: "replay", reply: REPLY } });
  });

  it("leaves an order whose result was not written before the desk stopped interrupted, never free to send again", async () => {
    const seen = await inDesk("records-stop", async (sql) => {
      const before = new OrderRecords(sql);
      before.claim(2n, "order-a", Date.now());
      before.finish(2n, REPLY);
      // A new instance on the same storage, as after a restart that came before the write.
      const after = new OrderRecords(sql);
      const repeat = after.claim(2n, "order-a", Date.now());
      // The old instance's pending write must not turn the interrupted record back into a result.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { repeat, state: stateOf(sql, 2n) };
    });
    expect(seen).toEqual({ repeat: { kind: "interrupted" }, state: "interrupted" });
  });
});
