import { Hono, type Context } from "hono";
import type { AppEnv } from "../app";
import type { Config } from "../config";
import { deadmanActive, deadmanWanted, safetyConfigOf, type SafetyDeskConfig, type SafetyVenue } from "../safety/safety-config";
import { deadmanPeriodMs, type DeadmanRecord } from "../safety/safety-desk";
import { alertDesk } from "../safety/raise-alert";
import { accountDesk, hyperliquidDeskFor, safetyDesk } from "../trading/desk-stub";
import { feedsToRead } from "./feeds";

/**
 * GET /health (public). The top-level fields are Lighter's, as they always were: `lighter_connected` is
 * true once the public key derived from LIGHTER_PRIVATE_KEY equals the one Lighter has registered for the
 * account and every configured key index (checked by the desk, cached briefly). `hyperliquid` is the
 * Hyperliquid desk's own section: the agent's address and whether Hyperliquid knows it as an agent of the
 * configured account. `halt` is the kill switch's state and `deadman` the dead-man's switches (the safety
 * desk's); `alerts` where alerts go and the last delivery (the alert desk's; no URL or token). Configuration problems are reported by variable name, never by value.
 */
export const healthRoutes = new Hono<AppEnv>().get("/health", async (c) => {
  const config = c.get("config");
  const safety = safetyConfigOf(config);
  startDeadman(c, safety);
  const [lighter, hyperliquid, status, alerts, feeds] = await Promise.all([
    lighterHealth(c.env, config),
    hyperliquidHealth(c.env, config),
    safetyDesk(c.env).status(),
    alertDesk(c.env).state(),
    feedsToRead(c, undefined),
  ]);
  // Per concern (DESIGN: /health): each venue's outbound rate budget in one section, beside the feeds.
  const rate_budget = { lighter: lighter.rate_budget, hyperliquid: hyperliquid.rate_budget };
  return c.json({ status: "ok", ...lighter.fields, hyperliquid: hyperliquid.fields, halt: status.halt, deadman: deadmanHealth(safety, status.deadman), alerts, feeds: feeds.sources, rate_budget });
});

/** Configurations whose dead-man's switches this isolate has asked the safety desk to keep. */
const deadmanStarted = new WeakSet<SafetyDeskConfig>();

/** Once per isolate and configuration, without delaying the answer: the alarm is idempotent to start. */
function startDeadman(c: Context<AppEnv>, safety: SafetyDeskConfig): void {
  if (!deadmanWanted(safety) || deadmanStarted.has(safety)) return;
  deadmanStarted.add(safety);
  c.executionCtx.waitUntil(
    safetyDesk(c.env)
      .ensureRunning(safety)
      .catch((error: unknown) => {
        deadmanStarted.delete(safety);
        console.error(JSON.stringify({ event: "deadman_start_failed", message: error instanceof Error ? error.message : String(error) }));
      }),
  );
}

function deadmanHealth(safety: SafetyDeskConfig, records: Record<SafetyVenue, DeadmanRecord>) {
  const seconds = safety.deadmanSeconds;
  const venue = (name: SafetyVenue) => ({ active: deadmanActive(safety, name), ...records[name] });
  return {
    enabled: seconds !== null,
    seconds,
    refresh_every_ms: seconds === null ? null : deadmanPeriodMs(seconds),
    lighter: venue("lighter"),
    hyperliquid: venue("hyperliquid"),
  };
}

async function lighterHealth(env: Env, { trading }: Config) {
  if (!trading.ok) {
    return { fields: { mode: null, trading_configured: false, lighter_connected: false, reason: "trading configuration is invalid", configuration_errors: trading.errors }, rate_budget: null };
  }
  const { rate_budget, ...desk } = await accountDesk(env, trading.value.lighter.accountIndex).health(trading.value);
  const fields = {
    mode: trading.value.mode,
    trading_configured: true,
    lighter_connected: desk.lighter_connected,
    reason: desk.reason,
    account_index: trading.value.lighter.accountIndex,
    nonce_manager: trading.value.lighter.nonceManager,
    public_key: desk.public_key,
    api_keys: desk.api_keys,
    last_upstream_error: desk.last_upstream_error,
  };
  return { fields, rate_budget };
}

async function hyperliquidHealth(env: Env, { hyperliquidTrading }: Config) {
  if (!hyperliquidTrading.ok) {
    return { fields: { configured: false, mode: null, reason: "Hyperliquid trading configuration is invalid", configuration_errors: hyperliquidTrading.errors }, rate_budget: null };
  }
  const trading = hyperliquidTrading.value;
  const { rate_budget, ...desk } = await hyperliquidDeskFor(env, trading).health(trading);
  return { fields: { configured: true, mode: trading.mode, ...desk }, rate_budget };
}
