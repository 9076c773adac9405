/** Lighter's public market-data endpoints, served from fixtures. */
import type { Routes } from "./server";

const orderBookDetails = {
  code: 200,
  order_book_details: [
    { symbol: "ETH", market_id: 0, market_type: "perp", status: "active", size_decimals: 4, price_decimals: 2, quote_multiplier: 1, mark_price: "3500.12", index_price: "3499.80", last_trade_price: 3500.1, open_interest: 12000.5, daily_quote_token_volume: 125000000.5, daily_base_token_volume: 35714.2 },
    { symbol: "BTC", market_id: 1, market_type: "perp", status: "active", size_decimals: 5, price_decimals: 1, quote_multiplier: 1, mark_price: "97000.5", index_price: "96990.0", last_trade_price: 97001.0, open_interest: 800.25, daily_quote_token_volume: 450000000.0, daily_base_token_volume: 4639.1 },
    { symbol: "SOL", market_id: 2, market_type: "perp", status: "active", size_decimals: 3, price_decimals: 3, quote_multiplier: 1, mark_price: "180.123", index_price: "180.100", last_trade_price: 180.12, open_interest: 250000.0, daily_quote_token_volume: 60000000.0, daily_base_token_volume: 333000.0 },
  ],
  spot_order_book_details: [],
};

export const lighterMarketDataRoutes: Routes = {
  "GET /api/v1/orderBookDetails": () => ({ body: orderBookDetails }),
};
