import { describe, expect, it } from "vitest";
import { boardRows, filterRows, nextSort, sortRows, type BoardView } from "../../public/js/board-model.js";

function row(venue: "hyperliquid" | "lighter" | "grvt", asset: string, apr: number) {
  return { venue, symbol: asset, asset, interval_hours: 1, apr, raw_rate: "0", raw_unit: "fraction_per_1h", stale: false, updated_at: 0, open_interest_usd: null };
}

const board: BoardView = {
  generated_at: 0,
  venues: [],
  assets: [
    { asset: "ETH", venues: [row("hyperliquid", "ETH", -0.175), row("lighter", "ETH", 0.105)], best_pair: { long_venue: "hyperliquid", short_venue: "lighter", long_symbol: "ETH", short_symbol: "ETH", spread_apr: 0.28 } },
    { asset: "BTC", venues: [row("lighter", "BTC", 0.07), row("grvt", "BTC", 0.219)], best_pair: { long_venue: "lighter", short_venue: "grvt", long_symbol: "BTC", short_symbol: "BTC", spread_apr: 0.149 } },
    { asset: "KAITO", venues: [row("grvt", "KAITO", -0.324)], best_pair: null },
    { asset: "PEPE", venues: [row("hyperliquid", "PEPE", 0.438)], best_pair: null },
  ],
};
const rows = boardRows(board);
const assets = (list: typeof rows) => list.map((r) => r.asset);

describe("boardRows", () => {
  it("makes one row per asset with a cell per venue that lists it", () => {
    expect(assets(rows)).toEqual(["ETH", "BTC", "KAITO", "PEPE"]);
    expect(Object.keys(rows[1]!.cells).sort()).toEqual(["grvt", "lighter"]);
    expect(rows[0]!.spread).toBe(0.28);
    expect(rows[2]!.spread).toBeNull();
  });
});

describe("sortRows", () => {
  it("sorts by spread, largest first, assets without a pair last", () => {
    expect(assets(sortRows(rows, { key: "spread", descending: true }))).toEqual(["ETH", "BTC", "KAITO", "PEPE"]);
    expect(assets(sortRows(rows, { key: "spread", descending: false }))).toEqual(["BTC", "ETH", "KAITO", "PEPE"]);
  });

  it("sorts by a venue's APR with missing cells last in both directions", () => {
    expect(assets(sortRows(rows, { key: "hyperliquid", descending: true }))).toEqual(["PEPE", "ETH", "BTC", "KAITO"]);
    expect(assets(sortRows(rows, { key: "hyperliquid", descending: false }))).toEqual(["ETH", "PEPE", "BTC", "KAITO"]);
    expect(assets(sortRows(rows, { key: "grvt", descending: true }))).toEqual(["BTC", "KAITO", "ETH", "PEPE"]);
  });

  it("sorts by asset and by pair as text", () => {
    expect(assets(sortRows(rows, { key: "asset", descending: false }))).toEqual(["BTC", "ETH", "KAITO", "PEPE"]);
    expect(assets(sortRows(rows, { key: "pair", descending: false }))).toEqual(["ETH", "BTC", "KAITO", "PEPE"]);
  });

  it("does not reorder its input", () => {
    sortRows(rows, { key: "asset", descending: true });
    expect(assets(rows)).toEqual(["ETH", "BTC", "KAITO", "PEPE"]);
  });
});

describe("filterRows", () => {
  it("keeps assets containing the text, in any case", () => {
    expect(assets(filterRows(rows, { asset: "e", minSpreadPercent: "" }))).toEqual(["ETH", "PEPE"]);
  });

  it("keeps pairs whose spread reaches the minimum percentage", () => {
    expect(assets(filterRows(rows, { asset: "", minSpreadPercent: "15" }))).toEqual(["ETH"]);
    expect(assets(filterRows(rows, { asset: "", minSpreadPercent: "14.9" }))).toEqual(["ETH", "BTC"]);
  });

  it("ignores an empty or unparsable minimum", () => {
    expect(filterRows(rows, { asset: "", minSpreadPercent: " " })).toHaveLength(4);
    expect(filterRows(rows, { asset: "", minSpreadPercent: "abc" })).toHaveLength(4);
  });
});

describe("nextSort", () => {
  it("flips the current column and starts numbers descending, text ascending", () => {
    expect(nextSort({ key: "spread", descending: true }, "spread")).toEqual({ key: "spread", descending: false });
    expect(nextSort({ key: "spread", descending: true }, "lighter")).toEqual({ key: "lighter", descending: true });
    expect(nextSort({ key: "spread", descending: true }, "asset")).toEqual({ key: "asset", descending: false });
  });
});
