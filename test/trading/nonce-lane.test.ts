import { describe, expect, it } from "vitest";
import { NonceLane } from "../../src/trading/nonce-lane";

/** A nonce source that counts how often it was asked and answers what the test says Lighter expects. */
function source(start: bigint) {
  const state = { lighter: start, asked: 0 };
  return { state, next: async () => (state.asked += 1, state.lighter) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("NonceLane", () => {
  it("runs jobs one at a time in arrival order, even when an earlier one is slower or fails", async () => {
    const lane = new NonceLane(3, source(0n), false);
    const log: string[] = [];
    const slow = lane.run(async () => {
      log.push("a start");
      await new Promise((resolve) => setTimeout(resolve, 20));
      log.push("a end");
      throw new Error("a failed");
    });
    const fast = lane.run(async () => {
      log.push("b");
      return "b done";
    });
    await expect(slow).rejects.toThrow("a failed");
    await expect(fast).resolves.toBe("b done");
    expect(log).toEqual(["a start", "a end", "b"]);
  });

  it("counts locally after one read, gives nothing back for a refused job, and re-reads after resync", async () => {
    const nonces = source(700n);
    const lane = new NonceLane(3, nonces, false);
    expect(await lane.run(() => lane.reserve())).toBe(700n);
    lane.consume(1);
    expect(await lane.run(() => lane.reserve())).toBe(701n);
    // A refused job does not consume: the next job gets the same nonce.
    expect(await lane.run(() => lane.reserve())).toBe(701n);
    lane.consume(3);
    expect(lane.state()).toMatchObject({ api_key_index: 3, next_nonce: "704" });
    expect(nonces.state.asked).toBe(1);
    nonces.state.lighter = 900n;
    lane.resync();
    expect(lane.state().next_nonce).toBeNull();
    expect(await lane.run(() => lane.reserve())).toBe(900n);
    expect(nonces.state.asked).toBe(2);
  });

  it("asks the source before every job in api mode", async () => {
    const nonces = source(5n);
    const lane = new NonceLane(4, nonces, true);
    for (let i = 0; i < 3; i += 1) {
      await lane.run(async () => {
        await lane.reserve();
        lane.consume(1);
      });
    }
    expect(nonces.state.asked).toBe(3);
  });

  it("starts a replacement lane only after the work it replaces has finished", async () => {
    const old = new NonceLane(3, source(0n), false);
    let oldDone = false;
    void old.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      oldDone = true;
    });
    const replacement = new NonceLane(3, source(0n), false, old.idle());
    const sawOldDone = replacement.run(async () => oldDone);
    await tick();
    expect(await sawOldDone).toBe(true);
  });
});
