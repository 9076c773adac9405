import { describe, expect, it } from "vitest";
import { feedChip } from "../../public/js/feed-model.js";
import { formatUsd } from "../../public/js/format.js";
import { closable, DEFAULT_SLIPPAGE_BPS, legName, openRequest, pairTarget, pnlCell, previewRequest, verdictList } from "../../public/js/pair-model.js";

const best = (long_venue: string, short_venue: string) => ({ long_venue, short_venue, long_symbol: "ETH", short_symbol: "ETH", spread_apr: 0.2 }) as never;

describe("pair model", () => {
  it("trades only board rows whose best pair is Lighter against Hyperliquid", () => {
    expect(pairTarget("ETH", best("lighter", "hyperliquid"))).toEqual({ asset: "ETH", long_venue: "lighter", short_venue: "hyperliquid" });
    expect(pairTarget("BTC", best("lighter", "grvt"))).toBeNull();
    expect(pairTarget("BTC", null)).toBeNull();
  });

  it("builds the preview body from what was typed, and the open body from exactly the preview's", () => {
    const target = { asset: "ETH", long_venue: "lighter" as const, short_venue: "hyperliquid" as const };
    expect(previewRequest(target, { notional: " 1000 ", slippage: "" })).toEqual({ ok: true, body: { ...target, notional_usd: "1000", max_slippage_bps: DEFAULT_SLIPPAGE_BPS } });
    expect(previewRequest(target, { notional: "", slippage: "5" })).toEqual({ ok: false, message: "Type the notional in USD." });
    expect(previewRequest(target, { notional: "10", slippage: "fast" }).ok).toBe(false);
    const previewed = { ...target, notional_usd: "1000", max_slippage_bps: 30 };
    expect(openRequest(previewed, 1_700_000_000_000)).toEqual({ ...previewed, pair_id: "dash-ETH-1700000000000", execution: "sequential" });
  });

  it("lists refusals first, names legs, and offers Close only where a leg may hold a position", () => {
    expect(verdictList({ halt: { ok: true, detail: "a" }, long_feed: { ok: false, detail: "b" } }).map((v) => v.name)).toEqual(["long feed", "halt"]);
    expect(legName("short", "hyperliquid")).toBe("short Hyperliquid");
    const pair = (state: string) => ({ state }) as never;
    expect(["opening", "open", "closing", "closed", "failed", "unbalanced"].filter((state) => closable(pair(state)))).toEqual(["open", "unbalanced"]);
  });

  it("shows PnL as the gateway's total, or unknown while the price part is", () => {
    expect(pnlCell({ price: "1.4", funding: "0.2", fees: "0.336", total: "1.264" })).toEqual({ text: "+$1.26", title: "price 1.4 + funding 0.2 − fees 0.336 USD" });
    expect(pnlCell({ price: null, funding: "0", fees: "0.1", total: null }).text).toBe("unknown");
    expect(formatUsd("-0.004", true)).toBe("$0.00");
    expect(formatUsd("-1001.987")).toBe("-$1,001.99");
  });
});

describe("feed chip", () => {
  const status = (state: string, extra: Record<string, unknown> = {}) => ({ feed: "on", status: { state, connected: state === "live", last_message_age_ms: 2_000, last_lost: null, last_error: null, ...extra } }) as never;

  it("says live, pending, down with the reason, or off with the gateway's reason; nothing for GRVT", () => {
    expect(feedChip({ lighter: status("live") }, "lighter")).toMatchObject({ text: "feed live", state: "live" });
    expect(feedChip({ lighter: status("reconciling") }, "lighter")).toMatchObject({ text: "feed reconciling", state: "pending" });
    expect(feedChip({ hyperliquid: status("down", { last_lost: { at: "t", reason: "closed by the venue: code 1005" } }) }, "hyperliquid")).toMatchObject({ text: "feed down: closed by the venue: code 1005", state: "down" });
    expect(feedChip({ lighter: { feed: "off", reason: "ACCOUNT_FEEDS is off" } }, "lighter")).toMatchObject({ text: "feed off: ACCOUNT_FEEDS is off", state: "off" });
    expect(feedChip({ lighter: status("live") }, "grvt")).toBeNull();
    expect(feedChip(undefined, "lighter")).toBeNull();
  });
});
