import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { SUBREQUESTS_PER_INVOCATION } from "../../src/funding/budget";
import type { FundingBoard } from "../../src/funding/board";
import type { BoardView } from "../../src/funding/types";
import { injectFault, requestLog } from "../standins/control";
import { addGrvtInstruments, GRVT_URL, HL_URL, resetFundingStandIns } from "./standin-urls";

let boards = 0;
/** A fresh board per test (storage is shared within a file). */
function freshBoard(): DurableObjectStub<FundingBoard> {
  boards += 1;
  return env.FUNDING_BOARD.getByName(`board-test-${boards}`);
}

/** Runs one refresh step, as the alarm would. */
async function step(stub: DurableObjectStub<FundingBoard>): Promise<void> {
  await runInDurableObject(stub, (board: FundingBoard) => board.alarm());
}

async function view(stub: DurableObjectStub<FundingBoard>): Promise<BoardView> {
  return JSON.parse(await stub.boardJson()) as BoardView;
}

const venue = (board: BoardView, name: string) => board.venues.find((v) => v.venue === name)!;

/**
 * The first read of a cold board schedules an immediate refresh; waits until that alarm has run its
 * step (Hyperliquid). Afterwards the next alarm is an hour away (FUNDING_REFRESH_STEP_SECONDS in the
 * test config), so the test drives every further step itself.
 */
async function startBoard(stub: DurableObjectStub<FundingBoard>): Promise<BoardView> {
  await view(stub);
  for (let i = 0; i < 60; i += 1) {
    const board = await view(stub);
    if (board.refresh.last_step !== null) return board;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the cold board never ran its first refresh step");
}

beforeEach(resetFundingStandIns);

describe("FundingBoard refresh", () => {
  it("a cold board answers at once, marked never_refreshed, and starts refreshing", async () => {
    const stub = freshBoard();
    const first = await view(stub);
    expect(first.assets).toEqual([]);
    expect(first.venues.map((v) => [v.venue, v.status])).toEqual([
      ["hyperliquid", "never_refreshed"],
      ["lighter", "never_refreshed"],
      ["grvt", "never_refreshed"],
    ]);
    expect(venue(first, "grvt").stale_reason).toContain("first refresh has been started");
    // The refresh was scheduled for now: the alarm fires on its own and refreshes Hyperliquid first.
    let refreshed = false;
    for (let i = 0; i < 50 && !refreshed; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      refreshed = venue(await view(stub), "hyperliquid").status === "ok";
    }
    expect(refreshed).toBe(true);
  });

  it("one step per invocation, in order: Hyperliquid, Lighter, GRVT; then serves the whole board", async () => {
    const stub = freshBoard();
    expect((await startBoard(stub)).venues.map((v) => v.status)).toEqual(["ok", "never_refreshed", "never_refreshed"]);
    await step(stub);
    expect((await view(stub)).venues.map((v) => v.status)).toEqual(["ok", "ok", "never_refreshed"]);
    await step(stub);
    const board = await view(stub);
    expect(board.venues.map((v) => [v.venue, v.status, v.markets, v.last_refresh_subrequests])).toEqual([
      ["hyperliquid", "ok", 6, 1],
      ["lighter", "ok", 5, 2],
      ["grvt", "ok", 5, 6], // all_instruments + 5 tickers
    ]);
    expect(board.assets.map((a) => a.asset)).toEqual(["BOT", "BTC", "ETH", "HYPE", "KAITO", "PEPE", "SOL"]);
    const pepe = board.assets.find((a) => a.asset === "PEPE")!;
    expect(pepe.best_pair).toMatchObject({ long_venue: "grvt", short_venue: "lighter", spread_apr: 0.3942 });
    const grvtPepe = pepe.venues.find((r) => r.venue === "grvt")!;
    // 0.01 % per 4 h: 0.01 / 100 / 4 = 0.000025/h; × 8 = 0.0002; × 8760 = 0.219
    expect(grvtPepe).toMatchObject({ symbol: "KPEPE_USDT_Perp", multiplier: 1000, interval_hours: 4, raw_rate: "0.01", raw_unit: "percent_per_4h", hourly_rate: 0.000025, rate_8h: 0.0002, apr: 0.219, stale: false });
    expect(board.refresh.max_subrequests_per_step).toBe(6);
    // The alarm reschedules itself.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
  });

  it("a venue that is down goes stale with the reason; the others stay fresh", async () => {
    const stub = freshBoard();
    await startBoard(stub);
    for (let i = 0; i < 2; i += 1) await step(stub);
    await injectFault(HL_URL, "/info", { kind: "status", status: 500, body: { error: "internal" } });
    await step(stub); // Hyperliquid again: fails
    const board = await view(stub);
    const hl = venue(board, "hyperliquid");
    expect(hl.status).toBe("stale");
    expect(hl.last_error).toMatchObject({ kind: "http_status", status: 500 });
    expect(hl.stale_reason).toContain("HTTP 500");
    expect(venue(board, "lighter").status).toBe("ok");
    // The last good HL rows are still served, marked stale, and leave the pairing.
    const btc = board.assets.find((a) => a.asset === "BTC")!;
    expect(btc.venues.find((r) => r.venue === "hyperliquid")).toMatchObject({ stale: true, hourly_rate: 0.0000125 });
    expect(btc.best_pair).toMatchObject({ long_venue: "lighter", short_venue: "grvt" });
    const hype = board.assets.find((a) => a.asset === "HYPE")!;
    expect(hype.venues[0]?.stale).toBe(true);
  });

  it("a slow venue times out and goes stale; a garbage answer says where it broke", async () => {
    const stub = freshBoard();
    await injectFault(HL_URL, "/info", { kind: "hang" });
    await startBoard(stub);
    expect(venue(await view(stub), "hyperliquid")).toMatchObject({ status: "never_refreshed", last_error: { kind: "timeout" } });
    await injectFault(GRVT_URL, "/full/v1/all_instruments", { kind: "body", body: { result: [{ instrument: "BTC_USDT_Perp" }] } });
    await step(stub); // Lighter
    await step(stub); // GRVT
    const grvt = venue(await view(stub), "grvt");
    expect(grvt.last_error).toMatchObject({ kind: "parse_error", path: "result[0].base" });
    expect(venue(await view(stub), "lighter").status).toBe("ok");
  });

  it("a 429 pauses the venue for its Retry-After: the next pass sends it nothing", async () => {
    const stub = freshBoard();
    await injectFault(HL_URL, "/info", { kind: "status", status: 429, retryAfterSeconds: 600 });
    await startBoard(stub); // HL: 429
    const paused = venue(await view(stub), "hyperliquid");
    expect(paused.last_error).toMatchObject({ kind: "http_status", status: 429, retry_after_seconds: 600 });
    expect(paused.paused_until).toBeGreaterThan(Date.now() + 590_000);
    await step(stub); // Lighter
    await step(stub); // GRVT
    const before = (await requestLog(HL_URL)).length;
    await step(stub); // HL again: skipped
    expect((await requestLog(HL_URL)).length).toBe(before);
    expect((await view(stub)).refresh.last_step).toMatchObject({ venue: "hyperliquid", subrequests: 0, skipped: expect.stringContaining("rate-limited until") });
  });

  it("refreshes many GRVT instruments in slices, never more than 50 subrequests per invocation", async () => {
    await addGrvtInstruments(130); // 135 perpetuals: 1 + 40, 40, 40, 15 tickers
    const stub = freshBoard();
    const perStep: number[] = [(await startBoard(stub)).refresh.last_step!.subrequests];
    const grvtRequests: number[] = [0];
    for (let i = 0; i < 5; i += 1) {
      const before = (await requestLog(GRVT_URL)).length;
      await step(stub);
      const last = (await view(stub)).refresh.last_step!;
      perStep.push(last.subrequests);
      grvtRequests.push((await requestLog(GRVT_URL)).length - before);
    }
    // HL, Lighter, then four GRVT slices: the board's own count and the stand-in's log agree.
    expect(perStep).toEqual([1, 2, 41, 40, 40, 15]);
    expect(grvtRequests).toEqual([0, 0, 41, 40, 40, 15]);
    expect(Math.max(...perStep)).toBeLessThanOrEqual(SUBREQUESTS_PER_INVOCATION);
    const board = await view(stub);
    expect(venue(board, "grvt").markets).toBe(135);
    expect(board.refresh.max_subrequests_per_step).toBe(41);
    await step(stub); // back to Hyperliquid: the cycle wraps
    expect((await view(stub)).refresh.last_step?.venue).toBe("hyperliquid");
  });

  it("one failing GRVT ticker marks only its row stale", async () => {
    const stub = freshBoard();
    await startBoard(stub);
    for (let i = 0; i < 2; i += 1) await step(stub);
    await step(stub); // HL
    await step(stub); // Lighter
    await injectFault(GRVT_URL, "/full/v1/ticker", { kind: "body", body: { code: 1004, message: "Data Not Found", status: 404 } });
    await step(stub); // GRVT: one of five tickers gets the error body
    const board = await view(stub);
    const grvtRows = board.assets.flatMap((a) => a.venues).filter((r) => r.venue === "grvt");
    expect(grvtRows.filter((r) => r.stale)).toHaveLength(1);
    expect(venue(board, "grvt")).toMatchObject({ status: "stale", last_error: { kind: "venue_error", code: "1004" } });
  });
});
