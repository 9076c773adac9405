/**
 * Lighter's public market-data endpoints, served from the funding fixtures. The ETH 0, BTC 1 and SOL 2
 * markets keep their size/price decimals and mark prices: the account desk's risk caps rely on them.
 * `fundings` is generated hourly in the documented shape (seconds, unsigned percent, `direction`).
 */
import fundingRates from "../../fixtures/funding/lighter-funding-rates.json";
import orderBookDetails from "../../fixtures/funding/lighter-orderBookDetails.json";
import orderBooks from "../../fixtures/funding/lighter-orderBooks.json";
import type { Routes, StandInReply } from "./server";

const HOUR_S = 3600;
const MAX_ROWS = 750;

function fundings(query: URLSearchParams): StandInReply {
  const marketId = Number(query.get("market_id"));
  const start = Number(query.get("start_timestamp"));
  const end = Number(query.get("end_timestamp"));
  const known = orderBookDetails.order_book_details.some((m) => m.market_id === marketId);
  if (!known || query.get("resolution") !== "1h" || !Number.isFinite(start) || !Number.isFinite(end) || query.get("count_back") === null) {
    return { status: 400, body: { code: 20001, message: "invalid param : market_id, resolution, start_timestamp, end_timestamp and count_back are required" } };
  }
  const rows: Array<{ timestamp: number; value: string; rate: string; direction: string }> = [];
  for (let t = Math.ceil(start / HOUR_S) * HOUR_S; t <= end && rows.length < MAX_ROWS; t += HOUR_S) {
    // Every third hour shorts pay longs, so the sign handling is exercised.
    rows.push({ timestamp: t, value: "0.05", rate: "0.0012", direction: (t / HOUR_S) % 3 === 0 ? "short" : "long" });
  }
  return { body: { code: 200, resolution: "1h", fundings: rows } };
}

export const lighterMarketDataRoutes: Routes = {
  "GET /api/v1/orderBookDetails": () => ({ body: orderBookDetails }),
  "GET /api/v1/orderBooks": () => ({ body: orderBooks }),
  "GET /api/v1/funding-rates": () => ({ body: fundingRates }),
  "GET /api/v1/fundings": (request) => fundings(request.url.searchParams),
};
