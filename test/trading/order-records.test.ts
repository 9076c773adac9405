import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { OrderRecords } from "../../src/trading/order-records";

const REPLY = { status: 200, body: { code: 200, tx_hash: "ab12", gateway: { nonce: 7 } } };

function stateOf(sql: SqlStorage, index: string): string | undefined {
  return sql.exec<{ state: string }>("SELECT state FROM order_records WHERE client_order_index = ?", index).toArray()[0]?.state;
}

/** Runs `body` in a desk of its own, on the OrderRecords of its real SQLite storage. */
function inDesk<T>(name: string, body: (sql: SqlStorage) => Promise<T>): Promise<T> {
  return runInDurableObject(env.ACCOUNT_DESK.getByName(name), (_desk, state) => body(state.storage.sql));
}

describe("OrderRecords", () => {
  it("writes an answered result with the next claim, and a repeat then replays it", async () => {
    const seen = await inDesk("records-next-claim", async (sql) => {
      const records = new OrderRecords(sql);
      const first = records.claim("1", "order-a", Date.now());
      records.finish("1", REPLY);
      const answered = stateOf(sql, "1");
      records.claim("2", "order-b", Date.now());
      const afterNextClaim = stateOf(sql, "1");
      return { first, answered, afterNextClaim, repeat: records.claim("1", "order-a", Date.now()), other: records.claim("1", "order-c", Date.now()), inFlight: records.claim("2", "order-b", Date.now()) };
    });
    expect(seen).toEqual({
      first: { kind: "new" },
      answered: "pending",
      afterNextClaim: "done",
      repeat: { kind: "replay", reply: REPLY },
      other: { kind: "conflict" },
      inFlight: { kind: "in_progress" },
    });
  });

  it("writes an answered result on its own when no claim follows", async () => {
    const seen = await inDesk("records-alone", async (sql) => {
      const records = new OrderRecords(sql);
      records.claim("3", "order-a", Date.now());
      records.finish("3", REPLY);
      const answered = stateOf(sql, "3");
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { answered, later: stateOf(sql, "3"), repeat: new OrderRecords(sql).claim("3", "order-a", Date.now()) };
    });
    expect(seen).toEqual({ answered: "pending", later: "done", repeat: { kind: "replay", reply: REPLY } });
  });

  it("leaves an order whose result was not written before the desk stopped interrupted, never free to send again", async () => {
    const seen = await inDesk("records-stop", async (sql) => {
      const before = new OrderRecords(sql);
      before.claim("2", "order-a", Date.now());
      before.finish("2", REPLY);
      // A new instance on the same storage, as after a restart that came before the write.
      const after = new OrderRecords(sql);
      const repeat = after.claim("2", "order-a", Date.now());
      // The old instance's pending write must not turn the interrupted record back into a result.
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { repeat, state: stateOf(sql, "2") };
    });
    expect(seen).toEqual({ repeat: { kind: "interrupted" }, state: "interrupted" });
  });
});
