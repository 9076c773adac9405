/**
 * A local Hyperliquid: `POST /info` serves the funding fixtures (`metaAndAssetCtxs` for the main dex and
 * `fundingHistory` generated hourly in the documented shape, ≤ 500 rows per answer, settlement a few ms
 * after the hour) and the account queries of the exchange stand-in; `POST /exchange` and the
 * `/__control/hyperliquid/...` endpoints are the exchange stand-in (hyperliquid-exchange.ts); `/ws` and
 * `/__control/hyperliquid/feed…` are its WebSocket account feed (hyperliquid-feed.ts).
 */
import metaAndAssetCtxs from "../../fixtures/funding/hyperliquid-metaAndAssetCtxs.json";
import { HyperliquidExchange, type PerpMeta } from "./hyperliquid-exchange";
import { HyperliquidFeed } from "./hyperliquid-feed";
import { startStandIn, type StandIn, type StandInReply } from "./server";

const HOUR_MS = 3_600_000;
const PAGE_ROWS = 500;
/** Settled hourly rate per coin in the generated history; alternates sign every 4th hour. */
const HISTORY_RATE: Record<string, string> = { BTC: "0.0000125", ETH: "-0.00002", SOL: "0.00001", kPEPE: "0.00005" };

function negated(rate: string): string {
  return rate.startsWith("-") ? rate.slice(1) : `-${rate}`;
}

function fundingHistory(body: Record<string, unknown>): StandInReply {
  const coin = String(body.coin);
  const startTime = Number(body.startTime);
  const endTime = body.endTime === undefined ? Date.now() : Number(body.endTime);
  const rate = HISTORY_RATE[coin];
  if (rate === undefined || !Number.isFinite(startTime)) return { status: 500, body: "null" };
  const rows: Array<{ coin: string; fundingRate: string; premium: string; time: number }> = [];
  for (let hour = Math.ceil(startTime / HOUR_MS) * HOUR_MS; hour + 76 <= endTime && rows.length < PAGE_ROWS; hour += HOUR_MS) {
    const time = hour + 76;
    if (time < startTime) continue;
    rows.push({ coin, fundingRate: (hour / HOUR_MS) % 4 === 0 ? negated(rate) : rate, premium: "0.0001", time });
  }
  return { body: rows };
}

const UNPROCESSABLE: StandInReply = {
  status: 422,
  headers: { "Content-Type": "text/plain; charset=utf-8" },
  body: { rawJson: "Failed to deserialize the JSON body into the target type" },
};

export async function startHyperliquidStandIn(port: number): Promise<StandIn> {
  const [meta, assetCtxs] = metaAndAssetCtxs as unknown as [PerpMeta, Array<{ markPx?: string | null }>];
  const exchange = new HyperliquidExchange(meta, assetCtxs);
  const feed = new HyperliquidFeed(exchange);
  exchange.listen(feed);
  const standIn = await startStandIn({
    port,
    onReset: () => {
      exchange.reset();
      feed.reset();
    },
    sockets: { "/ws": feed.open },
    refuseUpgrade: () => feed.admit(),
    routes: {
      "POST /info": (request) => {
        const body = request.json;
        if (typeof body !== "object" || body === null || Array.isArray(body)) return UNPROCESSABLE;
        const query = body as Record<string, unknown>;
        switch (query.type) {
          case "metaAndAssetCtxs":
            return { body: metaAndAssetCtxs };
          case "fundingHistory":
            return fundingHistory(query);
          default:
            return exchange.info(query) ?? UNPROCESSABLE;
        }
      },
      "POST /exchange": (request) => exchange.exchange(request),
      ...exchange.controlRoutes(),
      ...feed.controlRoutes(),
    },
  });
  return {
    ...standIn,
    close: async () => {
      exchange.stop();
      await standIn.close();
    },
  };
}
