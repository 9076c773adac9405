/**
 * The one place that reads environment variables by name. Everything else receives a typed section of
 * `Config`. Each section is parsed on its own so that a broken trading configuration (a missing key, say)
 * leaves the public market-data routes working. Error messages name the variable and what is wrong with
 * it, never its value: several of these are secrets.
 */

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
}

export interface TradingConfig {
  mode: TradingMode;
  lighter: LighterConfig;
  /** Cap on price × size in quote units (e.g. USDC), as a decimal string; undefined when unset. */
  maxOrderNotional: string | undefined;
  /** Markets an order may target; undefined when every market is allowed. */
  allowedMarkets: number[] | undefined;
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

export interface EventsConfig {
  /** How many events the replay log keeps at most. */
  maxEvents: number;
  /** How old a logged event may grow before it leaves the replay log, in milliseconds. */
  maxAgeMs: number;
}

export interface Config {
  /** Bearer token for trading routes and the event stream. Secret. */
  gatewayToken: Parsed<string>;
  trading: Parsed<TradingConfig>;
  marketData: Parsed<MarketDataConfig>;
  events: Parsed<EventsConfig>;
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

/** Collects issues while reading variables, so one call reports everything wrong at once. */
class Reader {
  readonly issues: ConfigIssue[] = [];
  constructor(private readonly env: RawEnv) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") {
      this.fail(name, "must be a string");
      return undefined;
    }
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
  }

  fail(variable: string, message: string): void {
    this.issues.push({ variable, message });
  }

  required(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) this.fail(name, "is not set");
    return value;
  }

  optional(name: string): string | undefined {
    return this.raw(name);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.fail(name, `must be one of ${allowed.join(", ")}`);
    return fallback;
  }

  integer(name: string, min: number, max: number, value: string | undefined): number | undefined {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) {
      this.fail(name, "must be a whole decimal number");
      return undefined;
    }
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      this.fail(name, `must be between ${min} and ${max}`);
      return undefined;
    }
    return n;
  }

  url(name: string, value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      this.fail(name, "must be an absolute http(s) URL");
      return undefined;
    }
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
      this.fail(name, "must be an absolute http(s) URL");
      return undefined;
    }
    return value.replace(/\/+$/, "");
  }

  result<T>(value: () => T): Parsed<T> {
    return this.issues.length > 0 ? { ok: false, errors: this.issues } : { ok: true, value: value() };
  }
}

function parseGatewayToken(env: RawEnv): Parsed<string> {
  const r = new Reader(env);
  const token = r.required("GATEWAY_TOKEN");
  if (token !== undefined && token.length < 16) r.fail("GATEWAY_TOKEN", "must be at least 16 characters long");
  return r.result(() => token as string);
}

function inferChainId(baseUrl: string): number | undefined {
  const host = new URL(baseUrl).host;
  return CHAIN_ID_BY_HOST_FRAGMENT.find(([fragment]) => host.includes(fragment))?.[1];
}

function parseTrading(env: RawEnv): Parsed<TradingConfig> {
  const r = new Reader(env);
  const mode = r.oneOf("TRADING_MODE", ["dry-run", "live"] as const, "dry-run");
  const nonceManager = r.oneOf("LIGHTER_NONCE_MANAGER", ["optimistic", "api"] as const, "optimistic");
  const baseUrl = r.url("LIGHTER_BASE_URL", r.optional("LIGHTER_BASE_URL") ?? DEFAULT_LIGHTER_BASE_URL);

  const explicitChainId = r.integer("LIGHTER_CHAIN_ID", 1, 2 ** 31 - 1, r.optional("LIGHTER_CHAIN_ID"));
  let chainId = explicitChainId;
  if (chainId === undefined && baseUrl !== undefined && r.optional("LIGHTER_CHAIN_ID") === undefined) {
    chainId = inferChainId(baseUrl);
    if (chainId === undefined) {
      r.fail("LIGHTER_CHAIN_ID", "is not set and cannot be inferred from the LIGHTER_BASE_URL host");
    }
  }

  const privateKey = r.required("LIGHTER_PRIVATE_KEY");
  let privateKeyHex: string | undefined;
  if (privateKey !== undefined) {
    const hex = privateKey.replace(/^0x/i, "");
    if (/^[0-9a-fA-F]{80}$/.test(hex)) privateKeyHex = hex.toLowerCase();
    else r.fail("LIGHTER_PRIVATE_KEY", "must be 80 hex characters (40 bytes), with or without 0x");
  }

  const accountIndex = r.integer("LIGHTER_ACCOUNT_INDEX", 1, MAX_ACCOUNT_INDEX, r.required("LIGHTER_ACCOUNT_INDEX"));
  const firstKey = r.integer("LIGHTER_API_KEY_INDEX", 0, MAX_API_KEY_INDEX, r.required("LIGHTER_API_KEY_INDEX"));
  const lastKey = r.integer("LIGHTER_MAX_API_KEY_INDEX", 0, MAX_API_KEY_INDEX, r.optional("LIGHTER_MAX_API_KEY_INDEX"));
  if (firstKey !== undefined && lastKey !== undefined && lastKey < firstKey) {
    r.fail("LIGHTER_MAX_API_KEY_INDEX", "must not be below LIGHTER_API_KEY_INDEX");
  }

  const requestTimeoutMs = r.integer("LIGHTER_TIMEOUT_MS", 100, 60_000, r.optional("LIGHTER_TIMEOUT_MS")) ?? 10_000;

  const maxOrderNotional = r.optional("MAX_ORDER_NOTIONAL");
  if (maxOrderNotional !== undefined && !/^(0|[1-9]\d*)(\.\d+)?$/.test(maxOrderNotional)) {
    r.fail("MAX_ORDER_NOTIONAL", "must be a non-negative decimal number such as 2500 or 2500.50");
  }

  const allowedMarketsRaw = r.optional("ALLOWED_MARKETS");
  let allowedMarkets: number[] | undefined;
  if (allowedMarketsRaw !== undefined) {
    const parts = allowedMarketsRaw.split(",").map((part) => part.trim());
    if (parts.some((part) => !/^\d{1,4}$/.test(part))) {
      r.fail("ALLOWED_MARKETS", "must be a comma-separated list of market indices such as 0,1,2");
    } else {
      allowedMarkets = [...new Set(parts.map(Number))];
    }
  }

  return r.result(() => {
    const first = firstKey as number;
    const last = lastKey ?? first;
    return {
      mode,
      lighter: {
        baseUrl: baseUrl as string,
        chainId: chainId as number,
        privateKeyHex: privateKeyHex as string,
        accountIndex: accountIndex as number,
        apiKeyIndices: Array.from({ length: last - first + 1 }, (_, i) => first + i),
        nonceManager,
        requestTimeoutMs,
      },
      maxOrderNotional,
      allowedMarkets,
    };
  });
}

function parseMarketData(env: RawEnv): Parsed<MarketDataConfig> {
  const r = new Reader(env);
  const grvtEnv = r.oneOf("GRVT_ENV", ["prod", "testnet", "staging", "dev"] as const, "prod");
  const hyperliquidApiUrl = r.url("HYPERLIQUID_API_URL", r.optional("HYPERLIQUID_API_URL") ?? DEFAULT_HYPERLIQUID_API_URL);
  const lighterBaseUrl = r.url("LIGHTER_BASE_URL", r.optional("LIGHTER_BASE_URL") ?? DEFAULT_LIGHTER_BASE_URL);
  const grvtMarketDataUrl = r.url(
    "GRVT_MARKET_DATA_URL",
    r.optional("GRVT_MARKET_DATA_URL") ?? GRVT_MARKET_DATA_HOSTS[grvtEnv],
  );
  const refreshStepSeconds = r.integer("FUNDING_REFRESH_STEP_SECONDS", 1, 3600, r.optional("FUNDING_REFRESH_STEP_SECONDS")) ?? 5;
  const upstreamTimeoutMs = r.integer("MARKET_DATA_TIMEOUT_MS", 100, 60_000, r.optional("MARKET_DATA_TIMEOUT_MS")) ?? 8000;
  return r.result(() => ({
    hyperliquidApiUrl: hyperliquidApiUrl as string,
    lighterBaseUrl: lighterBaseUrl as string,
    grvtEnv,
    grvtMarketDataUrl: grvtMarketDataUrl as string,
    refreshStepMs: refreshStepSeconds * 1000,
    upstreamTimeoutMs,
  }));
}

function parseEvents(env: RawEnv): Parsed<EventsConfig> {
  const r = new Reader(env);
  const maxEvents = r.integer("EVENT_LOG_MAX_EVENTS", 1, 1_000_000, r.optional("EVENT_LOG_MAX_EVENTS")) ?? 10_000;
  const maxAgeDays = r.integer("EVENT_LOG_MAX_AGE_DAYS", 1, 365, r.optional("EVENT_LOG_MAX_AGE_DAYS")) ?? 7;
  return r.result(() => ({ maxEvents, maxAgeMs: maxAgeDays * 24 * 60 * 60 * 1000 }));
}

export function loadConfig(env: RawEnv): Config {
  return {
    gatewayToken: parseGatewayToken(env),
    trading: parseTrading(env),
    marketData: parseMarketData(env),
    events: parseEvents(env),
  };
}
