/**
 * The one place that reads environment variables by name. Everything else receives a typed section of
 * `Config`. Each section is parsed on its own so that a broken trading configuration (a missing key, say)
 * leaves the public market-data routes working. Error messages name the variable and what is wrong with
 * it, never its value: several of these are secrets.
 *
 * Each section is a zod schema over the raw variables; zod's issues become `{variable, message}`.
 */
import * as z from "zod";

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: ConfigIssue[] };

export interface ConfigIssue {
  variable: string;
  message: string;
}

export type TradingMode = "dry-run" | "live";
export type NonceManagerMode = "optimistic" | "api";
export type GrvtEnv = "prod" | "testnet" | "staging" | "dev";

export interface LighterConfig {
  baseUrl: string;
  chainId: number;
  /** 80 hex characters, without `0x`. Secret: never log, return or publish it. */
  privateKeyHex: string;
  accountIndex: number;
  /** The API key indices to rotate over, round-robin, in order (API_KEY_INDEX..MAX_API_KEY_INDEX). */
  apiKeyIndices: number[];
  nonceManager: NonceManagerMode;
  /** How long one Lighter request may take before its outcome is reported as unknown. */
  requestTimeoutMs: number;
  /** The account stream (ws:// or wss://): LIGHTER_WS_URL, else the base URL's `/stream`. */
  wsUrl: string;
}

/** An outbound rate budget (LIGHTER_/HYPERLIQUID_RATE_LIMIT_PER_MINUTE, RATE_BUDGET_CANCEL_RESERVE_PCT). */
export interface RateBudgetConfig {
  /** Weight per rolling minute the gateway may spend on the venue. */
  perMinute: number;
  /** Percentage of it kept for cancels. */
  cancelReservePct: number;
}

export interface TradingConfig {
  mode: TradingMode;
  /** Undefined: no budget (the venue's own limits apply). */
  rateBudget: RateBudgetConfig | undefined;
  lighter: LighterConfig;
  /** Cap on price × size in quote units (e.g. USDC), as a decimal string; undefined when unset. */
  maxOrderNotional: string | undefined;
  /** Markets an order may target; undefined when every market is allowed. */
  allowedMarkets: number[] | undefined;
}

export type HyperliquidNetwork = "mainnet" | "testnet";

export interface HyperliquidConfig {
  apiUrl: string;
  /** Which chain the L1 actions are signed for (the phantom agent's source, "a" or "b"). */
  network: HyperliquidNetwork;
  /** The API (agent) wallet's secp256k1 key: 64 lowercase hex characters, without 0x. Secret. */
  agentPrivateKeyHex: string;
  /** The master account the agent trades for: lowercase 0x + 40 hex. `/info` queries use it. */
  accountAddress: string;
  /** A sub-account or vault to trade for instead (sent as vaultAddress, and then queried); lowercase. */
  vaultAddress: string | undefined;
  /** How long one Hyperliquid request may take before its outcome is reported as unknown. */
  requestTimeoutMs: number;
  /** The account stream (ws:// or wss://): HYPERLIQUID_WS_URL, else the API URL's `/ws`. */
  wsUrl: string;
}

/** Trading on Hyperliquid: its own section, so a broken one leaves Lighter and the public routes working. */
export interface HyperliquidTradingConfig {
  mode: TradingMode;
  rateBudget: RateBudgetConfig | undefined;
  hyperliquid: HyperliquidConfig;
  /** Cap on price × size in USD, as a decimal string; undefined when unset (MAX_ORDER_NOTIONAL, shared). */
  maxOrderNotional: string | undefined;
  /** Coins an order may target (HYPERLIQUID_ALLOWED_COINS); undefined when every coin is allowed. */
  allowedCoins: string[] | undefined;
}

export interface MarketDataConfig {
  hyperliquidApiUrl: string;
  lighterBaseUrl: string;
  grvtEnv: GrvtEnv;
  grvtMarketDataUrl: string;
  /** Pause between two funding-board refresh steps (one venue or one GRVT slice per step), in ms. */
  refreshStepMs: number;
  /** How long one market-data request may take before it counts as failed, in ms. */
  upstreamTimeoutMs: number;
}

/** The safety controls (issue 13): the dead-man's switches and where alerts go. */
export interface SafetyConfig {
  /**
   * DEADMAN_SECONDS: while set and trading is live, both venues' scheduled cancels are kept this far
   * ahead of now, so the venues cancel the gateway's resting orders if it stops. Undefined: off.
   */
  deadmanSeconds: number | undefined;
  alerts: AlertsConfig;
  /** Automatic halts, each off unless set (HALT_ON_*). */
  automaticHalts: AutomaticHalts;
}

export interface AutomaticHalts {
  /** HALT_ON_UNBALANCED_PAIR=on: a pair that ends `unbalanced` halts trading. */
  unbalancedPair: boolean;
  /** HALT_ON_FEED_DOWN_SECONDS: a live venue's account feed down longer than this halts trading. */
  feedDownSeconds: number | undefined;
  /** HALT_ON_LIQUIDATION_PCT: a position whose liquidation price is within this % of its mark halts trading. */
  liquidationPct: number | undefined;
}

/** Every automatic halt off: the default, and what holds while the safety section is invalid. */
export const NO_AUTOMATIC_HALTS: AutomaticHalts = { unbalancedPair: false, feedDownSeconds: undefined, liquidationPct: undefined };

export interface ArbConfig {
  /** MAX_PAIR_NOTIONAL_USD: the largest pair (either leg's notional at its limit), decimal USD; undefined when unset. */
  maxPairNotionalUsd: string | undefined;
  /** MAX_TOTAL_PAIR_NOTIONAL_USD: every pair not closed or failed together, this one included. */
  maxTotalPairNotionalUsd: string | undefined;
  /** Taker fees in bps where the venue does not say (LIGHTER_TAKER_FEE_BPS, HYPERLIQUID_TAKER_FEE_BPS). */
  takerFeeBps: { lighter: number | undefined; hyperliquid: number | undefined };
}

export interface AlertsConfig {
  /** A JSON POST receiver (Slack, Discord and generic webhooks accept the body). Its URL is a secret. */
  webhookUrl: string | undefined;
  /** Telegram: the bot token (secret) and the chat to post to; both or neither. */
  telegram: { botToken: string; chatId: string } | undefined;
  /** One alert per kind and subject per this many milliseconds at most. */
  minIntervalMs: number;
}

export interface EventsConfig {
  /** How many events the replay log keeps at most. */
  maxEvents: number;
  /** How old a logged event may grow before it leaves the replay log, in milliseconds. */
  maxAgeMs: number;
}

export interface FeedsConfig {
  /** Whether a live gateway holds the venues' account feeds (ACCOUNT_FEEDS, default on). Dry-run never does. */
  enabled: boolean;
}

export interface Config {
  /** Bearer token for trading routes and the event stream. Secret. */
  gatewayToken: Parsed<string>;
  /** Trading on Lighter. */
  trading: Parsed<TradingConfig>;
  hyperliquidTrading: Parsed<HyperliquidTradingConfig>;
  marketData: Parsed<MarketDataConfig>;
  events: Parsed<EventsConfig>;
  safety: Parsed<SafetyConfig>;
  feeds: Parsed<FeedsConfig>;
  arb: Parsed<ArbConfig>;
}

/** The raw variables, as Workers hand them over (`env`) or as a script reads them from `.dev.vars`. */
export type RawEnv = Record<string, unknown>;

const MAX_ACCOUNT_INDEX = 2 ** 48 - 2;
const MAX_API_KEY_INDEX = 254;

export const GRVT_MARKET_DATA_HOSTS: Record<GrvtEnv, string> = {
  prod: "https://market-data.grvt.io",
  testnet: "https://market-data.testnet.grvt.io",
  staging: "https://market-data.staging.gravitymarkets.io",
  dev: "https://market-data.dev.gravitymarkets.io",
};

const DEFAULT_LIGHTER_BASE_URL = "https://mainnet.zklighter.elliot.ai";
const DEFAULT_HYPERLIQUID_API_URL = "https://api.hyperliquid.xyz";

/** Hyperliquid's own hosts (hyperliquid/SPEC.md §8); any other host must say which network it signs for. */
const HYPERLIQUID_NETWORK_BY_HOST: Readonly<Record<string, HyperliquidNetwork>> = {
  "api.hyperliquid.xyz": "mainnet",
  "api.hyperliquid-testnet.xyz": "testnet",
};

/**
 * Chain ids by Lighter host, as the official Python SDK infers them (lighter/SPEC.md §2.1). A host not
 * listed here needs LIGHTER_CHAIN_ID: guessing mainnet for an unknown host would sign for the wrong chain.
 */
const CHAIN_ID_BY_HOST_FRAGMENT: ReadonlyArray<[string, number]> = [
  ["mainnet.zklighter", 304],
  ["testnet.zklighter", 300],
  ["api.rh-testnet.lighter", 300],
  ["api.rh.lighter", 466324],
];

/**
 * The named variables of `env`, trimmed. An empty value counts as unset (an empty line in .dev.vars);
 * numbers and booleans (wrangler.toml may hold them unquoted) are read as their text.
 */
function pick(env: RawEnv, names: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) {
    let value = env[name];
    if (typeof value === "number" || typeof value === "boolean") value = String(value);
    if (typeof value === "string") value = value.trim() === "" ? undefined : value.trim();
    if (value !== undefined && value !== null) picked[name] = value;
  }
  return picked;
}

/** Parses one section: `variables` names what it reads (its shape), `schema` adds the checks and the result type. */
function parseSection<S extends z.ZodType>(variables: z.ZodObject, schema: S, env: RawEnv): Parsed<z.output<S>> {
  const result = schema.safeParse(pick(env, Object.keys(variables.shape)));
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? "(environment)"), message: issue.message })) };
}

const text = z.string({ error: (issue) => (issue.input === undefined ? "is not set" : "must be a string") });

function wholeNumber(min: number, max: number) {
  return text.transform((value, ctx) => {
    if (!/^\d+$/.test(value)) {
      ctx.addIssue({ code: "custom", message: "must be a whole decimal number" });
      return z.NEVER;
    }
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: "custom", message: `must be between ${min} and ${max}` });
      return z.NEVER;
    }
    return n;
  });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(", ")}` });
}

/** An absolute URL whose scheme is one of `schemes` (e.g. ["https", "http"]), named in the message as `label`. */
function urlOf(schemes: readonly string[], label: string) {
  return text.transform((value, ctx) => {
    let protocol: string;
    try {
      protocol = new URL(value).protocol;
    } catch {
      protocol = "";
    }
    if (!schemes.some((scheme) => protocol === `${scheme}:`)) {
      ctx.addIssue({ code: "custom", message: `must be an absolute ${label} URL` });
      return z.NEVER;
    }
    return value;
  });
}

const httpUrl = urlOf(["https", "http"], "http(s)").transform((value) => value.replace(/\/+$/, ""));
const wsUrl = urlOf(["wss", "ws"], "ws(s)");

/** A venue's rate budget: none unless its limit is set. */
function rateBudgetOf(perMinute: number | undefined, cancelReservePct: number): RateBudgetConfig | undefined {
  return perMinute === undefined ? undefined : { perMinute, cancelReservePct };
}

/** A venue's stream beside its REST base: same host, http→ws and https→wss (DESIGN: configuration). */
function streamUrlOf(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/^http/, "ws")}${path}`;
}

const privateKeyHex = text.transform((value, ctx) => {
  const hex = value.replace(/^0x/i, "");
  if (!/^[0-9a-fA-F]{80}$/.test(hex)) {
    ctx.addIssue({ code: "custom", message: "must be 80 hex characters (40 bytes), with or without 0x" });
    return z.NEVER;
  }
  return hex.toLowerCase();
});

/** The order of secp256k1's group: a private key is an integer from 1 to n − 1. */
const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const agentPrivateKeyHex = text.transform((value, ctx) => {
  const hex = value.replace(/^0x/i, "");
  if (!/^[0-9a-fA-F]{64}$/.test(hex) || BigInt(`0x${hex}`) === 0n || BigInt(`0x${hex}`) >= SECP256K1_ORDER) {
    ctx.addIssue({ code: "custom", message: "must be 0x followed by 64 hex characters: a secp256k1 private key (1 to n − 1)" });
    return z.NEVER;
  }
  return hex.toLowerCase();
});

/** Hyperliquid lowercases addresses before hashing; so does the gateway, once, here. */
const evmAddress = text.transform((value, ctx) => {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) {
    ctx.addIssue({ code: "custom", message: "must be an address: 0x followed by 40 hex characters" });
    return z.NEVER;
  }
  return value.toLowerCase();
});

const coinList = text.transform((value, ctx) => {
  const parts = value.split(",").map((part) => part.trim());
  if (parts.some((part) => !/^[A-Za-z0-9]{1,20}$/.test(part))) {
    ctx.addIssue({ code: "custom", message: "must be a comma-separated list of Hyperliquid coin names such as BTC,ETH,kPEPE" });
    return z.NEVER;
  }
  return [...new Set(parts)];
});

const decimalAmount = text.regex(/^(0|[1-9]\d*)(\.\d+)?$/, "must be a non-negative decimal number such as 2500 or 2500.50");

const marketList = text.transform((value, ctx) => {
  const parts = value.split(",").map((part) => part.trim());
  if (parts.some((part) => !/^\d{1,4}$/.test(part))) {
    ctx.addIssue({ code: "custom", message: "must be a comma-separated list of market indices such as 0,1,2" });
    return z.NEVER;
  }
  return [...new Set(parts.map(Number))];
});

function inferChainId(baseUrl: string): number | undefined {
  const host = new URL(baseUrl).host;
  return CHAIN_ID_BY_HOST_FRAGMENT.find(([fragment]) => host.includes(fragment))?.[1];
}

const gatewayTokenVariables = z.object({ GATEWAY_TOKEN: text.min(16, "must be at least 16 characters long") });
const gatewayTokenSchema = gatewayTokenVariables.transform((v) => v.GATEWAY_TOKEN);

const tradingVariables = z.object({
  TRADING_MODE: oneOf(["dry-run", "live"]).default("dry-run"),
  LIGHTER_NONCE_MANAGER: oneOf(["optimistic", "api"]).default("optimistic"),
  LIGHTER_BASE_URL: httpUrl.default(DEFAULT_LIGHTER_BASE_URL),
  LIGHTER_CHAIN_ID: wholeNumber(1, 2 ** 31 - 1).optional(),
  LIGHTER_PRIVATE_KEY: privateKeyHex,
  LIGHTER_ACCOUNT_INDEX: wholeNumber(1, MAX_ACCOUNT_INDEX),
  LIGHTER_API_KEY_INDEX: wholeNumber(0, MAX_API_KEY_INDEX),
  LIGHTER_MAX_API_KEY_INDEX: wholeNumber(0, MAX_API_KEY_INDEX).optional(),
  LIGHTER_TIMEOUT_MS: wholeNumber(100, 60_000).default(10_000),
  LIGHTER_WS_URL: wsUrl.optional(),
  LIGHTER_RATE_LIMIT_PER_MINUTE: wholeNumber(1, 1_000_000).optional(),
  RATE_BUDGET_CANCEL_RESERVE_PCT: wholeNumber(0, 50).default(10),
  MAX_ORDER_NOTIONAL: decimalAmount.optional(),
  ALLOWED_MARKETS: marketList.optional(),
});

const tradingSchema = tradingVariables
  .superRefine((v, ctx) => {
    if (v.LIGHTER_CHAIN_ID === undefined && inferChainId(v.LIGHTER_BASE_URL) === undefined) {
      ctx.addIssue({ code: "custom", path: ["LIGHTER_CHAIN_ID"], message: "is not set and cannot be inferred from the LIGHTER_BASE_URL host" });
    }
    if (v.LIGHTER_MAX_API_KEY_INDEX !== undefined && v.LIGHTER_MAX_API_KEY_INDEX < v.LIGHTER_API_KEY_INDEX) {
      ctx.addIssue({ code: "custom", path: ["LIGHTER_MAX_API_KEY_INDEX"], message: "must not be below LIGHTER_API_KEY_INDEX" });
    }
  })
  .transform((v): TradingConfig => {
    const first = v.LIGHTER_API_KEY_INDEX;
    const last = v.LIGHTER_MAX_API_KEY_INDEX ?? first;
    return {
      mode: v.TRADING_MODE,
      rateBudget: rateBudgetOf(v.LIGHTER_RATE_LIMIT_PER_MINUTE, v.RATE_BUDGET_CANCEL_RESERVE_PCT),
      lighter: {
        baseUrl: v.LIGHTER_BASE_URL,
        chainId: v.LIGHTER_CHAIN_ID ?? (inferChainId(v.LIGHTER_BASE_URL) as number),
        privateKeyHex: v.LIGHTER_PRIVATE_KEY,
        accountIndex: v.LIGHTER_ACCOUNT_INDEX,
        apiKeyIndices: Array.from({ length: last - first + 1 }, (_, i) => first + i),
        nonceManager: v.LIGHTER_NONCE_MANAGER,
        requestTimeoutMs: v.LIGHTER_TIMEOUT_MS,
        wsUrl: v.LIGHTER_WS_URL ?? streamUrlOf(v.LIGHTER_BASE_URL, "/stream"),
      },
      maxOrderNotional: v.MAX_ORDER_NOTIONAL,
      allowedMarkets: v.ALLOWED_MARKETS,
    };
  });

const hyperliquidTradingVariables = z.object({
  TRADING_MODE: oneOf(["dry-run", "live"]).default("dry-run"),
  HYPERLIQUID_API_URL: httpUrl.default(DEFAULT_HYPERLIQUID_API_URL),
  HYPERLIQUID_NETWORK: oneOf(["mainnet", "testnet"]).optional(),
  HYPERLIQUID_AGENT_PRIVATE_KEY: agentPrivateKeyHex,
  HYPERLIQUID_ACCOUNT_ADDRESS: evmAddress,
  HYPERLIQUID_VAULT_ADDRESS: evmAddress.optional(),
  HYPERLIQUID_TIMEOUT_MS: wholeNumber(100, 60_000).default(10_000),
  HYPERLIQUID_WS_URL: wsUrl.optional(),
  HYPERLIQUID_RATE_LIMIT_PER_MINUTE: wholeNumber(1, 1_000_000).optional(),
  RATE_BUDGET_CANCEL_RESERVE_PCT: wholeNumber(0, 50).default(10),
  HYPERLIQUID_ALLOWED_COINS: coinList.optional(),
  MAX_ORDER_NOTIONAL: decimalAmount.optional(),
});

function hyperliquidNetworkOf(apiUrl: string): HyperliquidNetwork | undefined {
  return HYPERLIQUID_NETWORK_BY_HOST[new URL(apiUrl).host];
}

const hyperliquidTradingSchema = hyperliquidTradingVariables
  .superRefine((v, ctx) => {
    const known = hyperliquidNetworkOf(v.HYPERLIQUID_API_URL);
    if (v.HYPERLIQUID_NETWORK === undefined && known === undefined) {
      ctx.addIssue({ code: "custom", path: ["HYPERLIQUID_NETWORK"], message: "is not set and cannot be inferred from the HYPERLIQUID_API_URL host (mainnet or testnet)" });
    }
    if (v.HYPERLIQUID_NETWORK !== undefined && known !== undefined && v.HYPERLIQUID_NETWORK !== known) {
      ctx.addIssue({ code: "custom", path: ["HYPERLIQUID_NETWORK"], message: `contradicts HYPERLIQUID_API_URL, which is Hyperliquid's ${known} host` });
    }
    if (v.HYPERLIQUID_VAULT_ADDRESS !== undefined && v.HYPERLIQUID_VAULT_ADDRESS === v.HYPERLIQUID_ACCOUNT_ADDRESS) {
      ctx.addIssue({ code: "custom", path: ["HYPERLIQUID_VAULT_ADDRESS"], message: "must differ from HYPERLIQUID_ACCOUNT_ADDRESS (leave it unset to trade for the account itself)" });
    }
  })
  .transform(
    (v): HyperliquidTradingConfig => ({
      mode: v.TRADING_MODE,
      rateBudget: rateBudgetOf(v.HYPERLIQUID_RATE_LIMIT_PER_MINUTE, v.RATE_BUDGET_CANCEL_RESERVE_PCT),
      hyperliquid: {
        apiUrl: v.HYPERLIQUID_API_URL,
        network: v.HYPERLIQUID_NETWORK ?? (hyperliquidNetworkOf(v.HYPERLIQUID_API_URL) as HyperliquidNetwork),
        agentPrivateKeyHex: v.HYPERLIQUID_AGENT_PRIVATE_KEY,
        accountAddress: v.HYPERLIQUID_ACCOUNT_ADDRESS,
        vaultAddress: v.HYPERLIQUID_VAULT_ADDRESS,
        requestTimeoutMs: v.HYPERLIQUID_TIMEOUT_MS,
        wsUrl: v.HYPERLIQUID_WS_URL ?? streamUrlOf(v.HYPERLIQUID_API_URL, "/ws"),
      },
      maxOrderNotional: v.MAX_ORDER_NOTIONAL,
      allowedCoins: v.HYPERLIQUID_ALLOWED_COINS,
    }),
  );

const marketDataVariables = z.object({
  GRVT_ENV: oneOf(["prod", "testnet", "staging", "dev"]).default("prod"),
  HYPERLIQUID_API_URL: httpUrl.default(DEFAULT_HYPERLIQUID_API_URL),
  LIGHTER_BASE_URL: httpUrl.default(DEFAULT_LIGHTER_BASE_URL),
  GRVT_MARKET_DATA_URL: httpUrl.optional(),
  FUNDING_REFRESH_STEP_SECONDS: wholeNumber(1, 3600).default(5),
  MARKET_DATA_TIMEOUT_MS: wholeNumber(100, 60_000).default(8000),
});

const marketDataSchema = marketDataVariables.transform(
    (v): MarketDataConfig => ({
      hyperliquidApiUrl: v.HYPERLIQUID_API_URL,
      lighterBaseUrl: v.LIGHTER_BASE_URL,
      grvtEnv: v.GRVT_ENV,
      grvtMarketDataUrl: v.GRVT_MARKET_DATA_URL ?? GRVT_MARKET_DATA_HOSTS[v.GRVT_ENV],
      refreshStepMs: v.FUNDING_REFRESH_STEP_SECONDS * 1000,
      upstreamTimeoutMs: v.MARKET_DATA_TIMEOUT_MS,
    }),
  );

const eventsVariables = z.object({
  EVENT_LOG_MAX_EVENTS: wholeNumber(1, 1_000_000).default(10_000),
  EVENT_LOG_MAX_AGE_DAYS: wholeNumber(1, 365).default(7),
});

const eventsSchema = eventsVariables.transform((v): EventsConfig => ({ maxEvents: v.EVENT_LOG_MAX_EVENTS, maxAgeMs: v.EVENT_LOG_MAX_AGE_DAYS * 24 * 60 * 60 * 1000 }));

const safetyVariables = z.object({
  // Hyperliquid refuses a scheduled cancel less than 5 s ahead; a day is the longest switch that makes sense.
  DEADMAN_SECONDS: wholeNumber(10, 86_400).optional(),
  ALERT_WEBHOOK_URL: httpUrl.optional(),
  ALERT_TELEGRAM_BOT_TOKEN: text.regex(/^\d+:[A-Za-z0-9_-]{20,}$/, "must be a Telegram bot token such as 123456:ABC…").optional(),
  ALERT_TELEGRAM_CHAT_ID: text.regex(/^(-?\d{1,20}|@[A-Za-z0-9_]{5,32})$/, "must be a Telegram chat id (a number) or @channel name").optional(),
  ALERT_MIN_INTERVAL_SECONDS: wholeNumber(1, 86_400).default(300),
  HALT_ON_UNBALANCED_PAIR: oneOf(["on", "off"]).default("off"),
  HALT_ON_FEED_DOWN_SECONDS: wholeNumber(10, 86_400).optional(),
  HALT_ON_LIQUIDATION_PCT: text.regex(/^(0|[1-9]\d?)(\.\d{1,2})?$/, "must be a percentage below 100 such as 5 or 2.5").transform(Number).optional(),
});

const safetySchema = safetyVariables
  .superRefine((v, ctx) => {
    if ((v.ALERT_TELEGRAM_BOT_TOKEN === undefined) !== (v.ALERT_TELEGRAM_CHAT_ID === undefined)) {
      const missing = v.ALERT_TELEGRAM_BOT_TOKEN === undefined ? "ALERT_TELEGRAM_BOT_TOKEN" : "ALERT_TELEGRAM_CHAT_ID";
      ctx.addIssue({ code: "custom", path: [missing], message: "is not set: Telegram alerts need both ALERT_TELEGRAM_BOT_TOKEN and ALERT_TELEGRAM_CHAT_ID" });
    }
  })
  .transform(
    (v): SafetyConfig => ({
      deadmanSeconds: v.DEADMAN_SECONDS,
      alerts: {
        webhookUrl: v.ALERT_WEBHOOK_URL,
        telegram: v.ALERT_TELEGRAM_BOT_TOKEN !== undefined && v.ALERT_TELEGRAM_CHAT_ID !== undefined ? { botToken: v.ALERT_TELEGRAM_BOT_TOKEN, chatId: v.ALERT_TELEGRAM_CHAT_ID } : undefined,
        minIntervalMs: v.ALERT_MIN_INTERVAL_SECONDS * 1000,
      },
      automaticHalts: {
        unbalancedPair: v.HALT_ON_UNBALANCED_PAIR === "on",
        feedDownSeconds: v.HALT_ON_FEED_DOWN_SECONDS,
        liquidationPct: v.HALT_ON_LIQUIDATION_PCT,
      },
    }),
  );

const feedsVariables = z.object({
  ACCOUNT_FEEDS: oneOf(["on", "off"]).default("on"),
});

const feedsSchema = feedsVariables.transform((v): FeedsConfig => ({ enabled: v.ACCOUNT_FEEDS === "on" }));

const feeBps = text.regex(/^\d{1,3}(\.\d{1,4})?$/, "must be a fee in basis points such as 4.5").transform(Number);

const arbVariables = z.object({
  MAX_PAIR_NOTIONAL_USD: decimalAmount.optional(),
  MAX_TOTAL_PAIR_NOTIONAL_USD: decimalAmount.optional(),
  LIGHTER_TAKER_FEE_BPS: feeBps.optional(),
  HYPERLIQUID_TAKER_FEE_BPS: feeBps.optional(),
});

const arbSchema = arbVariables.transform(
  (v): ArbConfig => ({
    maxPairNotionalUsd: v.MAX_PAIR_NOTIONAL_USD,
    maxTotalPairNotionalUsd: v.MAX_TOTAL_PAIR_NOTIONAL_USD,
    takerFeeBps: { lighter: v.LIGHTER_TAKER_FEE_BPS, hyperliquid: v.HYPERLIQUID_TAKER_FEE_BPS },
  }),
);

export function loadConfig(env: RawEnv): Config {
  return {
    gatewayToken: parseSection(gatewayTokenVariables, gatewayTokenSchema, env),
    trading: parseSection(tradingVariables, tradingSchema, env),
    hyperliquidTrading: parseSection(hyperliquidTradingVariables, hyperliquidTradingSchema, env),
    marketData: parseSection(marketDataVariables, marketDataSchema, env),
    events: parseSection(eventsVariables, eventsSchema, env),
    safety: parseSection(safetyVariables, safetySchema, env),
    feeds: parseSection(feedsVariables, feedsSchema, env),
    arb: parseSection(arbVariables, arbSchema, env),
  };
}
