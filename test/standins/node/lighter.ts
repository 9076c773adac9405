/**
 * A local Lighter that behaves like the exchange for the gateway's tests: market data from fixtures, and
 * (trading) signature verification and strictly incremental nonces per (account, API key).
 */
import { startStandIn, type StandIn } from "./server";
import { lighterMarketDataRoutes } from "./lighter-market-data";

export async function startLighterStandIn(port: number): Promise<StandIn> {
  return startStandIn({ port, routes: { ...lighterMarketDataRoutes } });
}
