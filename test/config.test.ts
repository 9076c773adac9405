import { describe, expect, it } from "vitest";
import { loadConfig, type Parsed } from "../src/config";

const KEY = "821d0acd3b5d238c1ec4690dc09b79bbd5e88ea4fd6e410c4fb4e31dfa3ff53e49afda82949e0a48";
const base = { LIGHTER_PRIVATE_KEY: `0x${KEY}`, LIGHTER_ACCOUNT_INDEX: "123456", LIGHTER_API_KEY_INDEX: "3", GATEWAY_TOKEN: "a-token-of-twenty-chars" };

function ok<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new Error(`expected a valid section, got ${JSON.stringify(parsed.errors)}`);
  return parsed.value;
}

function errors<T>(parsed: Parsed<T>) {
  if (parsed.ok) throw new Error("expected configuration errors");
  return parsed.errors;
}

describe("loadConfig", () => {
  it("fills the documented defaults: dry-run, mainnet (chain 304), optimistic nonces, one key", () => {
    const trading = ok(loadConfig(base).trading);
    expect(trading).toEqual({
      mode: "dry-run",
      lighter: { baseUrl: "https://mainnet.zklighter.elliot.ai", chainId: 304, privateKeyHex: KEY, accountIndex: 123456, apiKeyIndices: [3], nonceManager: "optimistic", requestTimeoutMs: 10_000, wsUrl: "wss://mainnet.zklighter.elliot.ai/stream" },
      maxOrderNotional: undefined,
      allowedMarkets: undefined,
    });
    expect(ok(loadConfig(base).events)).toEqual({ maxEvents: 10_000, maxAgeMs: 7 * 86_400_000 });
    expect(ok(loadConfig(base).marketData)).toMatchObject({ grvtEnv: "prod", grvtMarketDataUrl: "https://market-data.grvt.io", hyperliquidApiUrl: "https://api.hyperliquid.xyz" });
  });

  it("infers the chain from the Lighter host, and LIGHTER_CHAIN_ID overrides it", () => {
    expect(ok(loadConfig({ ...base, LIGHTER_BASE_URL: "https://testnet.zklighter.elliot.ai/" }).trading).lighter).toMatchObject({ chainId: 300, baseUrl: "https://testnet.zklighter.elliot.ai" });
    expect(ok(loadConfig({ ...base, LIGHTER_BASE_URL: "http://127.0.0.1:9000", LIGHTER_CHAIN_ID: "304" }).trading).lighter.chainId).toBe(304);
    expect(errors(loadConfig({ ...base, LIGHTER_BASE_URL: "http://127.0.0.1:9000" }).trading)).toEqual([
      { variable: "LIGHTER_CHAIN_ID", message: "is not set and cannot be inferred from the LIGHTER_BASE_URL host" },
    ]);
  });

  it("rotates over LIGHTER_API_KEY_INDEX..LIGHTER_MAX_API_KEY_INDEX and refuses a reversed range", () => {
    expect(ok(loadConfig({ ...base, LIGHTER_MAX_API_KEY_INDEX: "6" }).trading).lighter.apiKeyIndices).toEqual([3, 4, 5, 6]);
    expect(errors(loadConfig({ ...base, LIGHTER_MAX_API_KEY_INDEX: "2" }).trading)).toEqual([{ variable: "LIGHTER_MAX_API_KEY_INDEX", message: "must not be below LIGHTER_API_KEY_INDEX" }]);
  });

  it("names every bad variable at once, never quoting a value", () => {
    const env = { LIGHTER_PRIVATE_KEY: "0xnothex", LIGHTER_ACCOUNT_INDEX: "-5", LIGHTER_API_KEY_INDEX: "255", TRADING_MODE: "yolo", MAX_ORDER_NOTIONAL: "1e6", ALLOWED_MARKETS: "0,eth", LIGHTER_TIMEOUT_MS: "5" };
    const found = errors(loadConfig(env).trading);
    expect(found).toEqual(
      expect.arrayContaining([
        { variable: "TRADING_MODE", message: "must be one of dry-run, live" },
        { variable: "LIGHTER_PRIVATE_KEY", message: "must be 80 hex characters (40 bytes), with or without 0x" },
        { variable: "LIGHTER_ACCOUNT_INDEX", message: "must be a whole decimal number" },
        { variable: "LIGHTER_API_KEY_INDEX", message: "must be between 0 and 254" },
        { variable: "MAX_ORDER_NOTIONAL", message: "must be a non-negative decimal number such as 2500 or 2500.50" },
        { variable: "ALLOWED_MARKETS", message: "must be a comma-separated list of market indices such as 0,1,2" },
        { variable: "LIGHTER_TIMEOUT_MS", message: "must be between 100 and 60000" },
      ]),
    );
    expect(found).toHaveLength(7);
    expect(JSON.stringify(found)).not.toContain("nothex");
  });

  it("reports missing secrets as not set and treats empty values as unset", () => {
    const config = loadConfig({ LIGHTER_ACCOUNT_INDEX: "1", LIGHTER_API_KEY_INDEX: "0", LIGHTER_PRIVATE_KEY: "  ", GATEWAY_TOKEN: "" });
    expect(errors(config.trading)).toEqual([{ variable: "LIGHTER_PRIVATE_KEY", message: "is not set" }]);
    expect(errors(config.gatewayToken)).toEqual([{ variable: "GATEWAY_TOKEN", message: "is not set" }]);
    expect(errors(loadConfig({ GATEWAY_TOKEN: "short" }).gatewayToken)).toEqual([{ variable: "GATEWAY_TOKEN", message: "must be at least 16 characters long" }]);
  });

  it("keeps the sections apart: a broken trading section leaves market data and events valid", () => {
    const config = loadConfig({ GRVT_ENV: "testnet", GRVT_MARKET_DATA_URL: "http://127.0.0.1:7000/", EVENT_LOG_MAX_EVENTS: 500, ALLOWED_MARKETS: " 2, 0 ,2" });
    expect(config.trading.ok).toBe(false);
    expect(ok(config.marketData)).toMatchObject({ grvtEnv: "testnet", grvtMarketDataUrl: "http://127.0.0.1:7000" });
    expect(ok(config.events).maxEvents).toBe(500);
    expect(errors(loadConfig({ GRVT_ENV: "stg" }).marketData)).toEqual([{ variable: "GRVT_ENV", message: "must be one of prod, testnet, staging, dev" }]);
    expect(ok(loadConfig({ ...base, ALLOWED_MARKETS: " 2, 0 ,2" }).trading).allowedMarkets).toEqual([2, 0]);
  });
});

describe("loadConfig: Hyperliquid trading", () => {
  const AGENT = "0123456789012345678901234567890123456789012345678901234567890123";
  const hl = { HYPERLIQUID_AGENT_PRIVATE_KEY: `0x${AGENT}`, HYPERLIQUID_ACCOUNT_ADDRESS: "0xA11CE00000000000000000000000000000000001" };

  it("fills the defaults: dry-run, mainnet from the default host, addresses lowercased", () => {
    expect(ok(loadConfig({ ...base, ...hl }).hyperliquidTrading)).toEqual({
      mode: "dry-run",
      hyperliquid: {
        apiUrl: "https://api.hyperliquid.xyz",
        network: "mainnet",
        agentPrivateKeyHex: AGENT,
        accountAddress: "0xa11ce00000000000000000000000000000000001",
        vaultAddress: undefined,
        requestTimeoutMs: 10_000,
        wsUrl: "wss://api.hyperliquid.xyz/ws",
      },
      maxOrderNotional: undefined,
      allowedCoins: undefined,
    });
  });

  it("infers the network from Hyperliquid's hosts and needs HYPERLIQUID_NETWORK for any other", () => {
    expect(ok(loadConfig({ ...base, ...hl, HYPERLIQUID_API_URL: "https://api.hyperliquid-testnet.xyz" }).hyperliquidTrading).hyperliquid.network).toBe("testnet");
    expect(ok(loadConfig({ ...base, ...hl, HYPERLIQUID_API_URL: "http://127.0.0.1:9000", HYPERLIQUID_NETWORK: "testnet" }).hyperliquidTrading).hyperliquid.network).toBe("testnet");
    expect(errors(loadConfig({ ...base, ...hl, HYPERLIQUID_API_URL: "http://127.0.0.1:9000" }).hyperliquidTrading)).toEqual([
      { variable: "HYPERLIQUID_NETWORK", message: "is not set and cannot be inferred from the HYPERLIQUID_API_URL host (mainnet or testnet)" },
    ]);
    expect(errors(loadConfig({ ...base, ...hl, HYPERLIQUID_NETWORK: "testnet" }).hyperliquidTrading)[0]?.variable).toBe("HYPERLIQUID_NETWORK");
  });

  it("names each bad variable without its value, and reads the caps", () => {
    const bad = loadConfig({ ...base, HYPERLIQUID_AGENT_PRIVATE_KEY: "0x1234", HYPERLIQUID_ACCOUNT_ADDRESS: "alice", HYPERLIQUID_ALLOWED_COINS: "BTC,,ETH" }).hyperliquidTrading;
    expect(errors(bad).map((e) => e.variable)).toEqual(["HYPERLIQUID_AGENT_PRIVATE_KEY", "HYPERLIQUID_ACCOUNT_ADDRESS", "HYPERLIQUID_ALLOWED_COINS"]);
    expect(JSON.stringify(bad)).not.toContain("1234");
    const outOfRange = loadConfig({ ...base, ...hl, HYPERLIQUID_AGENT_PRIVATE_KEY: `0x${"f".repeat(64)}` }).hyperliquidTrading;
    expect(errors(outOfRange).map((e) => e.variable)).toEqual(["HYPERLIQUID_AGENT_PRIVATE_KEY"]);
    expect(errors(loadConfig({ ...base, ...hl, HYPERLIQUID_AGENT_PRIVATE_KEY: `0x${"0".repeat(64)}` }).hyperliquidTrading)[0]?.variable).toBe("HYPERLIQUID_AGENT_PRIVATE_KEY");
    expect(errors(loadConfig({ ...base, HYPERLIQUID_ACCOUNT_ADDRESS: hl.HYPERLIQUID_ACCOUNT_ADDRESS }).hyperliquidTrading)).toEqual([{ variable: "HYPERLIQUID_AGENT_PRIVATE_KEY", message: "is not set" }]);
    const capped = ok(loadConfig({ ...base, ...hl, MAX_ORDER_NOTIONAL: "2500.5", HYPERLIQUID_ALLOWED_COINS: "BTC, kPEPE,BTC", HYPERLIQUID_VAULT_ADDRESS: "0x1234567890123456789012345678901234567890" }).hyperliquidTrading);
    expect(capped).toMatchObject({ maxOrderNotional: "2500.5", allowedCoins: ["BTC", "kPEPE"], hyperliquid: { vaultAddress: "0x1234567890123456789012345678901234567890" } });
  });

  it("keeps the venues apart: a broken Hyperliquid section leaves Lighter trading valid, and the reverse", () => {
    const brokenHl = loadConfig({ ...base, HYPERLIQUID_AGENT_PRIVATE_KEY: "nope", HYPERLIQUID_ACCOUNT_ADDRESS: hl.HYPERLIQUID_ACCOUNT_ADDRESS });
    expect(brokenHl.trading.ok).toBe(true);
    expect(brokenHl.hyperliquidTrading.ok).toBe(false);
    const brokenLighter = loadConfig({ ...hl, GATEWAY_TOKEN: base.GATEWAY_TOKEN, LIGHTER_PRIVATE_KEY: "nope" });
    expect(brokenLighter.trading.ok).toBe(false);
    expect(brokenLighter.hyperliquidTrading.ok).toBe(true);
  });
});

describe("loadConfig: safety controls", () => {
  it("is off by default: no dead-man's switch, no alert destination, one alert per kind and subject per 5 minutes", () => {
    expect(ok(loadConfig(base).safety)).toEqual({ deadmanSeconds: undefined, alerts: { webhookUrl: undefined, telegram: undefined, minIntervalMs: 300_000 }, automaticHalts: { unbalancedPair: false, feedDownSeconds: undefined, liquidationPct: undefined } });
  });

  it("reads the switch and both destinations, and names a bad one without its value", () => {
    const telegram = { ALERT_TELEGRAM_BOT_TOKEN: "123456:ABCdefGHIjklMNOpqrSTUvwxYZ", ALERT_TELEGRAM_CHAT_ID: "-1001234567890" };
    expect(ok(loadConfig({ ...base, DEADMAN_SECONDS: "120", ALERT_WEBHOOK_URL: "https://hooks.example/x", ...telegram }).safety)).toEqual({
      deadmanSeconds: 120,
      alerts: { webhookUrl: "https://hooks.example/x", telegram: { botToken: telegram.ALERT_TELEGRAM_BOT_TOKEN, chatId: telegram.ALERT_TELEGRAM_CHAT_ID }, minIntervalMs: 300_000 },
      automaticHalts: { unbalancedPair: false, feedDownSeconds: undefined, liquidationPct: undefined },
    });
    const bad = loadConfig({ ...base, DEADMAN_SECONDS: "3", ALERT_TELEGRAM_BOT_TOKEN: "not-a-token-secret" }).safety;
    expect(errors(bad).map((e) => e.variable)).toEqual(["DEADMAN_SECONDS", "ALERT_TELEGRAM_BOT_TOKEN"]);
    expect(JSON.stringify(bad)).not.toContain("not-a-token-secret");
    expect(errors(loadConfig({ ...base, ALERT_TELEGRAM_BOT_TOKEN: telegram.ALERT_TELEGRAM_BOT_TOKEN }).safety)).toEqual([
      { variable: "ALERT_TELEGRAM_CHAT_ID", message: "is not set: Telegram alerts need both ALERT_TELEGRAM_BOT_TOKEN and ALERT_TELEGRAM_CHAT_ID" },
    ]);
  });
});

describe("loadConfig: account feeds", () => {
  const agent = { HYPERLIQUID_AGENT_PRIVATE_KEY: `0x${"01".repeat(32)}`, HYPERLIQUID_ACCOUNT_ADDRESS: "0xa11ce00000000000000000000000000000000001" };

  it("puts each venue's stream beside its REST base (http→ws, https→wss) unless overridden", () => {
    const local = loadConfig({ ...base, ...agent, LIGHTER_BASE_URL: "http://127.0.0.1:9000", LIGHTER_CHAIN_ID: "304", HYPERLIQUID_API_URL: "http://127.0.0.1:9001", HYPERLIQUID_NETWORK: "mainnet" });
    expect(ok(local.trading).lighter.wsUrl).toBe("ws://127.0.0.1:9000/stream");
    expect(ok(local.hyperliquidTrading).hyperliquid.wsUrl).toBe("ws://127.0.0.1:9001/ws");
    const overridden = loadConfig({ ...base, ...agent, LIGHTER_WS_URL: "wss://proxy.example/lighter", HYPERLIQUID_WS_URL: "wss://proxy.example/hl" });
    expect(ok(overridden.trading).lighter.wsUrl).toBe("wss://proxy.example/lighter");
    expect(ok(overridden.hyperliquidTrading).hyperliquid.wsUrl).toBe("wss://proxy.example/hl");
  });

  it("refuses a stream URL that is not ws(s), naming the variable", () => {
    expect(errors(loadConfig({ ...base, LIGHTER_WS_URL: "https://mainnet.zklighter.elliot.ai/stream" }).trading)).toEqual([{ variable: "LIGHTER_WS_URL", message: "must be an absolute ws(s) URL" }]);
    expect(errors(loadConfig({ ...base, ...agent, HYPERLIQUID_WS_URL: "not a url" }).hyperliquidTrading)).toEqual([{ variable: "HYPERLIQUID_WS_URL", message: "must be an absolute ws(s) URL" }]);
  });

  it("holds the feeds by default and lets ACCOUNT_FEEDS=off turn them off", () => {
    expect(ok(loadConfig(base).feeds)).toEqual({ enabled: true });
    expect(ok(loadConfig({ ...base, ACCOUNT_FEEDS: "off" }).feeds)).toEqual({ enabled: false });
    expect(errors(loadConfig({ ...base, ACCOUNT_FEEDS: "yes" }).feeds)[0]?.variable).toBe("ACCOUNT_FEEDS");
  });
});

describe("loadConfig: automatic halts, rate budgets and pairs", () => {
  it("reads each automatic halt, and names a bad one", () => {
    expect(ok(loadConfig({ ...base, HALT_ON_UNBALANCED_PAIR: "on", HALT_ON_FEED_DOWN_SECONDS: "120", HALT_ON_LIQUIDATION_PCT: "2.5" }).safety).automaticHalts).toEqual({ unbalancedPair: true, feedDownSeconds: 120, liquidationPct: 2.5 });
    expect(errors(loadConfig({ ...base, HALT_ON_FEED_DOWN_SECONDS: "5", HALT_ON_LIQUIDATION_PCT: "150" }).safety).map((e) => e.variable)).toEqual(["HALT_ON_FEED_DOWN_SECONDS", "HALT_ON_LIQUIDATION_PCT"]);
  });

  it("gives each venue a rate budget only when its limit is set, with the cancel reserve shared", () => {
    expect(ok(loadConfig(base).trading).rateBudget).toBeUndefined();
    expect(ok(loadConfig({ ...base, LIGHTER_RATE_LIMIT_PER_MINUTE: "60" }).trading).rateBudget).toEqual({ perMinute: 60, cancelReservePct: 10 });
    expect(errors(loadConfig({ ...base, LIGHTER_RATE_LIMIT_PER_MINUTE: "0" }).trading)[0]?.variable).toBe("LIGHTER_RATE_LIMIT_PER_MINUTE");
    expect(errors(loadConfig({ ...base, RATE_BUDGET_CANCEL_RESERVE_PCT: "80" }).trading)[0]?.variable).toBe("RATE_BUDGET_CANCEL_RESERVE_PCT");
  });

  it("reads the pair caps and fee overrides", () => {
    expect(ok(loadConfig({ ...base, MAX_PAIR_NOTIONAL_USD: "10000", MAX_TOTAL_PAIR_NOTIONAL_USD: "50000", HYPERLIQUID_TAKER_FEE_BPS: "3.5" }).arb)).toEqual({
      maxPairNotionalUsd: "10000",
      maxTotalPairNotionalUsd: "50000",
      takerFeeBps: { lighter: undefined, hyperliquid: 3.5 },
    });
    expect(errors(loadConfig({ ...base, MAX_PAIR_NOTIONAL_USD: "-1" }).arb)[0]?.variable).toBe("MAX_PAIR_NOTIONAL_USD");
  });
});
