import { env, runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FundingBoard } from "../../src/funding/board";
import type { BoardView, Opportunity } from "../../src/funding/types";
import { injectFault, requestLog } from "../standins/control";
import { GRVT_URL, HL_URL, LIGHTER_URL, resetFundingStandIns } from "./standin-urls";

const BASE = "http://gateway.test";
const get = (path: string) => exports.default.fetch(`${BASE}${path}`);
const board = () => env.FUNDING_BOARD.getByName("global");

async function json<T>(path: string): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await get(path);
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

/** Brings the routes' board through one full cycle: the cold read's own step (HL), then Lighter and GRVT. */
beforeAll(async () => {
  await resetFundingStandIns();
  // Through the stub, not the route: the route keeps a one-second copy that would pin the cold board.
  for (let i = 0; i < 60; i += 1) {
    const body = JSON.parse(await board().boardJson()) as BoardView;
    if (body.refresh.last_step !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (let i = 0; i < 2; i += 1) await runInDurableObject(board(), (b: FundingBoard) => b.alarm());
});

beforeEach(async () => {
  // Keep the cached board but forget faults and request logs.
  await resetFundingStandIns();
});

describe("GET /markets/funding", () => {
  it("serves every asset with per-venue rows, best pair and venue health, cacheable", async () => {
    const { status, body, headers } = await json<BoardView>("/markets/funding");
    expect(status).toBe(200);
    expect(headers.get("Cache-Control")).toBe("public, max-age=5");
    expect(headers.get("Content-Type")).toContain("application/json");
    expect(body.venues.map((v) => [v.venue, v.status])).toEqual([
      ["hyperliquid", "ok"],
      ["lighter", "ok"],
      ["grvt", "ok"],
    ]);
    const btc = body.assets.find((a) => a.asset === "BTC")!;
    expect(btc.venues.map((r) => r.venue)).toEqual(["hyperliquid", "lighter", "grvt"]);
    const lighter = btc.venues[1]!;
    expect(Object.keys(lighter).sort()).toEqual(
      ["apr", "asset", "hourly_rate", "index_price", "interval_hours", "mark_price", "market_id", "multiplier", "next_funding_time", "open_interest_usd", "rate_8h", "raw_rate", "raw_unit", "stale", "symbol", "unit_price", "updated_at", "venue", "volume_24h_usd"].sort(),
    );
    // Lighter 0.000064 per 8 h: 0.000064 / 8 = 0.000008/h; × 8 = 0.000064; × 8760 = 0.07008
    expect(lighter).toMatchObject({ raw_rate: "0.000064", raw_unit: "fraction_per_8h", interval_hours: 1, hourly_rate: 0.000008, rate_8h: 0.000064, apr: 0.07008 });
    // 800.25 BTC × 97000.5 = 77,624,650.125
    expect(lighter.open_interest_usd).toBe(77_624_650.125);
    // GRVT BTC: 0.02 % per 8 h -> 0.000025/h; next funding from the ticker's ns timestamp
    expect(btc.venues[2]).toMatchObject({ interval_hours: 8, raw_unit: "percent_per_8h", hourly_rate: 0.000025, next_funding_time: 1_764_028_800_000 });
    expect(btc.best_pair).toMatchObject({ long_venue: "lighter", short_venue: "grvt", spread_apr: 0.14892 });
  });

  it("serves an expired isolate copy while it fetches the next, so a read never waits for the board", async () => {
    const generatedAt = async () => (await json<BoardView>("/markets/funding")).body.generated_at;
    const first = await generatedAt();
    // A refresh step makes the board build a new view; the isolate's copy expires after a second.
    await runInDurableObject(board(), (b: FundingBoard) => b.alarm());
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await generatedAt()).toBe(first);
    // That read started the fetch of the next copy in the background; the following reads get it.
    let next = first;
    for (let i = 0; i < 20 && next === first; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      next = await generatedAt();
    }
    expect(next).toBeGreaterThan(first);
  });

  it("never calls a venue on a read", async () => {
    for (let i = 0; i < 5; i += 1) expect((await get("/markets/funding")).status).toBe(200);
    const logs = await Promise.all([requestLog(HL_URL), requestLog(LIGHTER_URL), requestLog(GRVT_URL)]);
    expect(logs.flat().filter((r) => !r.path.startsWith("/__"))).toEqual([]);
  });

  it("rejects query parameters it does not know", async () => {
    const { status, body } = await json<{ error: { code: string; details: { parameter: string } } }>("/markets/funding?foo=1");
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "invalid_parameter", details: { parameter: "foo" } });
  });
});

describe("GET /markets/funding/:asset", () => {
  it("answers one asset, by canonical key, case-insensitively", async () => {
    const { status, body } = await json<{ asset: string; venues: Array<{ symbol: string }>; best_pair: unknown; venue_health: unknown[] }>("/markets/funding/pepe");
    expect(status).toBe(200);
    expect(body.asset).toBe("PEPE");
    expect(body.venues.map((r) => r.symbol)).toEqual(["kPEPE", "1000PEPE", "KPEPE_USDT_Perp"]);
    expect(body.best_pair).toMatchObject({ long_venue: "grvt", short_venue: "lighter", spread_apr: 0.3942 });
    expect(body.venue_health).toHaveLength(3);
  });

  it("404s an unknown asset and 400s a malformed one", async () => {
    const missing = await json<{ error: { code: string } }>("/markets/funding/NOPE");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("unknown_asset");
    expect(missing.headers.get("Cache-Control")).toBe("no-store");
    const bad = await json<{ error: { details: { parameter: string } } }>("/markets/funding/BT-C");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.parameter).toBe("asset");
  });
});

describe("GET /markets/opportunities", () => {
  type Body = { opportunities: Opportunity[] };

  it("ranks pairs by spread APR", async () => {
    const { status, body } = await json<Body>("/markets/opportunities");
    expect(status).toBe(200);
    // PEPE 0.3942, SOL 0.3066, ETH 0.28032, BTC 0.14892 (BOT is a name collision, HYPE and KAITO are single-venue)
    expect(body.opportunities.map((o) => [o.asset, o.long_venue, o.short_venue, o.spread_apr])).toEqual([
      ["PEPE", "grvt", "lighter", 0.3942],
      ["SOL", "lighter", "grvt", 0.3066],
      ["ETH", "hyperliquid", "lighter", 0.28032],
      ["BTC", "lighter", "grvt", 0.14892],
    ]);
  });

  it("filters by min_apr, min_open_interest_usd and venues", async () => {
    expect((await json<Body>("/markets/opportunities?min_apr=0.3")).body.opportunities.map((o) => o.asset)).toEqual(["PEPE", "SOL"]);
    // PEPE legs: GRVT 500,000,000 × 0.01249 = 6,245,000; Lighter 900,000,000 × 0.012505 = 11,254,500 -> 6,245,000
    // SOL: Lighter 250,000 × 180.123 = 45,030,750; GRVT 200,000 × 180.3 = 36,060,000
    // ETH: HL 40,000 × 3501.5 = 140,060,000; Lighter 12,000.5 × 3500.12 = 42,003,190.06
    // BTC: 34,005,685.25 (GRVT leg)
    expect((await json<Body>("/markets/opportunities?min_open_interest_usd=35000000")).body.opportunities.map((o) => o.asset)).toEqual(["SOL", "ETH"]);
    const hlGrvt = (await json<Body>("/markets/opportunities?venues=hyperliquid,grvt")).body.opportunities;
    // BTC HL 0.0000125 vs GRVT 0.000025: 0.0000125 × 8760 = 0.1095; SOL 0.000005 × 8760 = 0.0438;
    // ETH: long HL -0.00002, short GRVT 0.000005: 0.000025 × 8760 = 0.219; PEPE: long GRVT, short HL: 0.219
    expect(hlGrvt.map((o) => [o.asset, o.spread_apr])).toEqual([
      ["ETH", 0.219],
      ["PEPE", 0.219],
      ["BTC", 0.1095],
      ["SOL", 0.0438],
    ]);
  });

  it.each([
    ["min_apr=abc", "min_apr"],
    ["min_apr=", "min_apr"],
    ["min_open_interest_usd=-5", "min_open_interest_usd"],
    ["venues=hyperliquid,binance", "venues"],
    ["venues=lighter", "venues"],
    ["min_apy=0.1", "min_apy"],
  ])("400 for %s, naming %s", async (query, parameter) => {
    const { status, body, headers } = await json<{ error: { code: string; message: string; details: { parameter: string } } }>(`/markets/opportunities?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_parameter");
    expect(body.error.details.parameter).toBe(parameter);
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(headers.get("Cache-Control")).toBe("no-store");
  });
});

describe("GET /markets/funding/:asset/history", () => {
  type History = {
    asset: string;
    hours: number;
    venues: Array<{ venue: string; interval_hours: number; points: Array<{ time: number; hourly_rate: number; raw_unit: string }>; average_hourly_rate: number | null; error: unknown }>;
  };

  it("fetches settled funding per venue, hourly-normalized, then serves it from cache", async () => {
    const first = await json<History>("/markets/funding/SOL/history?hours=24");
    expect(first.status).toBe(200);
    expect(first.headers.get("Cache-Control")).toBe("public, max-age=60");
    const [hl, lighter, grvt] = first.body.venues;
    expect(first.body.venues.map((v) => [v.venue, v.error])).toEqual([
      ["hyperliquid", null],
      ["lighter", null],
      ["grvt", null],
    ]);
    // 24 hourly settlements on HL and Lighter; GRVT SOL settles every 4 h: 6 or 7 rows in 24 h
    expect(hl!.points.length).toBeGreaterThanOrEqual(23);
    expect(hl!.points.length).toBeLessThanOrEqual(24);
    expect(lighter!.points.length).toBeGreaterThanOrEqual(24);
    expect(grvt!.points.length).toBeGreaterThanOrEqual(6);
    // Lighter: 0.0012 % per hour = ±0.000012, negative when shorts paid
    expect(new Set(lighter!.points.map((p) => p.hourly_rate))).toEqual(new Set([0.000012, -0.000012]));
    // GRVT: 0.006 % per 4 h = 0.000015/h on every row
    expect(grvt!.points.every((p) => p.hourly_rate === 0.000015 && p.raw_unit === "percent_per_4h")).toBe(true);
    expect(grvt!.average_hourly_rate).toBe(0.000015);
    // Points are oldest first.
    expect(hl!.points.map((p) => p.time)).toEqual([...hl!.points.map((p) => p.time)].sort((a, b) => a - b));

    await resetFundingStandIns();
    const again = await json<History>("/markets/funding/SOL/history?hours=24");
    expect(again.body.venues.map((v) => v.points.length)).toEqual(first.body.venues.map((v) => v.points.length));
    const logs = await Promise.all([requestLog(HL_URL), requestLog(LIGHTER_URL), requestLog(GRVT_URL)]);
    expect(logs.flat().filter((r) => !r.path.startsWith("/__"))).toEqual([]);
  });

  it("reports one venue's failure in its entry, not as a failed request", async () => {
    await injectFault(LIGHTER_URL, "/api/v1/fundings", { kind: "status", status: 429, retryAfterSeconds: 60, body: { code: 23000, message: "Too Many Requests!" } });
    const { status, body } = await json<History>("/markets/funding/ETH/history?hours=6");
    expect(status).toBe(200);
    const lighter = body.venues.find((v) => v.venue === "lighter")!;
    expect(lighter.points).toEqual([]);
    expect(lighter.error).toMatchObject({ kind: "http_status", status: 429, code: "23000" });
    expect(body.venues.find((v) => v.venue === "hyperliquid")!.points.length).toBeGreaterThan(0);
  });

  it.each([
    ["hours=0", "hours"],
    ["hours=721", "hours"],
    ["hours=1.5", "hours"],
    ["hours=abc", "hours"],
    ["days=2", "days"],
  ])("400 for %s, naming %s", async (query, parameter) => {
    const { status, body } = await json<{ error: { details: { parameter: string }; message: string } }>(`/markets/funding/BTC/history?${query}`);
    expect(status).toBe(400);
    expect(body.error.details.parameter).toBe(parameter);
  });

  it("404s an asset no venue lists", async () => {
    expect((await get("/markets/funding/NOPE/history?hours=24")).status).toBe(404);
  });
});
