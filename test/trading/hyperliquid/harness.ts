/**
 * Hyperliquid side of the trading tests: the real Worker against the Hyperliquid stand-in. Each live test
 * trades through an agent and account of its own (`liveAgent`), so nonces, orders and positions are never
 * shared between tests; the stand-in verifies every signature, nonce, price and size.
 *
 * Besides the Hyperliquid helpers, two venue-neutral ones live here for any trading test to use:
 * `captureConsole` (every console line of the test isolate, the Worker's and the desks' included) and the
 * hostile-body generator (`BAD_JSON_VALUES`, `bodyWith`, `fieldCases`).
 */
import { env } from "cloudflare:workers";
import { requestLog, resetStandIn } from "../../standins/control";
import {
  hyperliquidInfo,
  hyperliquidState,
  newHyperliquidAgent,
  type HyperliquidStandInAccount,
  type HyperliquidStandInAction,
  type HyperliquidTestAgent,
} from "../../standins/hyperliquid-control";
import { call, type HostileCase } from "../harness";

export type { HostileCase };

const bindings = env as unknown as Record<string, string>;

export const HYPERLIQUID = bindings.HYPERLIQUID_API_URL as string;
export const DEFAULT_AGENT_KEY = bindings.HYPERLIQUID_AGENT_PRIVATE_KEY as string;
/** The Hyperliquid time limit of the workers tests (vitest.config.ts). */
export const HYPERLIQUID_TIMEOUT_MS = Number(bindings.HYPERLIQUID_TIMEOUT_MS);

export interface LiveAgent extends HyperliquidTestAgent {
  vars: Record<string, string>;
}

/** A fresh agent registered at the stand-in for a fresh account, and the variables that trade live with it. */
export async function liveAgent(extra: Record<string, string> = {}, options: { marginUsd?: string } = {}): Promise<LiveAgent> {
  const agent = await newHyperliquidAgent(HYPERLIQUID, options);
  return { ...agent, vars: { TRADING_MODE: "live", HYPERLIQUID_AGENT_PRIVATE_KEY: agent.agentKey, HYPERLIQUID_ACCOUNT_ADDRESS: agent.user, ...extra } };
}

let counter = Math.floor(Math.random() * 2 ** 40);

/** A cloid no other test uses. */
export function freshCloid(): string {
  counter += 1;
  return `0x${counter.toString(16).padStart(32, "0")}`;
}

/**
 * A BTC limit buy (fixture: szDecimals 5, mark 97,010). At 90,000 it rests below the stand-in's book; at
 * 97,100 or more it crosses the asks and fills.
 */
export function hlOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { coin: "BTC", is_buy: true, size: "0.001", price: "90000", order_type: "limit", time_in_force: "gtc", reduce_only: false, cloid: freshCloid(), ...overrides };
}

/** One call through the Worker, answered as status + parsed body + headers. */
export interface Answer {
  status: number;
  body: Record<string, any>;
  headers: Headers;
  text: string;
}

export async function hl(method: string, path: string, options: { body?: unknown; vars?: Record<string, string | undefined>; token?: string | null } = {}): Promise<Answer> {
  const res = await call(method, path, options);
  const text = await res.text();
  let body: Record<string, any>;
  try {
    body = JSON.parse(text) as Record<string, any>;
  } catch {
    body = { unparsed: text };
  }
  return { status: res.status, body, headers: res.headers, text };
}

/** POST /orders/hyperliquid. */
export function createOrder(order: Record<string, unknown>, vars: Record<string, string | undefined>): Promise<Answer> {
  return hl("POST", "/orders/hyperliquid", { body: order, vars });
}

/** The actions the stand-in accepted for an account (signature, nonce and expiry checks passed), in order. */
export async function actionsOf(user: string): Promise<HyperliquidStandInAction[]> {
  return (await hyperliquidState(HYPERLIQUID, user)).actions;
}

/** The stand-in's view of one account (collateral, positions, open orders, leverage, scheduled cancel). */
export async function accountOf(user: string): Promise<HyperliquidStandInAccount | undefined> {
  return (await hyperliquidState(HYPERLIQUID, user)).accounts.find((account) => account.address === user.toLowerCase());
}

/** What `/info orderStatus` says of an order (by oid or cloid). */
export async function orderStatusOf(user: string, oid: number | string): Promise<Record<string, any>> {
  return hyperliquidInfo<Record<string, any>>(HYPERLIQUID, { type: "orderStatus", user, oid });
}

/** How many requests reached the stand-in's /exchange (faulted ones included) since its last reset. */
export async function exchangeRequests(): Promise<number> {
  return (await requestLog(HYPERLIQUID)).filter((entry) => entry.path === "/exchange").length;
}

/** Forgets queued faults and the stand-in's state (agents, accounts, nonces); the default agent comes back. */
export function resetHyperliquid(): Promise<void> {
  return resetStandIn(HYPERLIQUID);
}

/** `/health`'s Hyperliquid section for these variables. */
export async function hyperliquidHealth(vars: Record<string, string | undefined> = {}): Promise<Record<string, any>> {
  const health = await hl("GET", "/health", { vars });
  if (health.status !== 200) throw new Error(`/health answered ${health.status}: ${health.text}`);
  return health.body.hyperliquid as Record<string, any>;
}

/**
 * Waits until `check` holds, polling every few ms (for state another process changes, such as the stand-in
 * finishing a delayed request); fails after `timeoutMs`.
 */
export async function until<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}


// ----- venue-neutral helpers ---------------------------------------------------------------------------


const LONG_DIGITS = "9".repeat(10_000);
const DEEP = `${"[".repeat(2_000)}${"]".repeat(2_000)}`;

/**
 * Bad JSON values by the kind of field they are wrong for, written as JSON text (so that 1e3, -0.0 and
 * 2^53 + 1 reach the Worker exactly as a client wrote them). Each list holds only values that no field of
 * that kind accepts.
 */
export const BAD_JSON_VALUES = {
  /** Against anything: wrong JSON types and nested junk. */
  anyType: [
    ["null", "null"],
    ["an array", '["1"]'],
    ["an empty array", "[]"],
    ["an object", '{"n":"1"}'],
    ["an empty object", "{}"],
    ["nested junk", '{"a":[{"b":{"c":[null,true,"x"]}}]}'],
    ["deeply nested arrays", DEEP],
  ],
  /** Against a decimal string field ("0.01"). */
  decimalString: [
    ["true", "true"],
    ["a JSON integer", "5"],
    ["a JSON fraction", "1.5"],
    ["a negative JSON number", "-1"],
    ["an exponent number", "1e3"],
    ["2^53 + 1 as a JSON number", "9007199254740993"],
    ["a word", '"abc"'],
    ["an empty string", '""'],
    ["a negative string", '"-1"'],
    ["a plus sign", '"+5"'],
    ["an exponent string", '"1e3"'],
    ["an upper-case exponent", '"1E-3"'],
    ["a hex string", '"0x10"'],
    ["a leading zero", '"01"'],
    ["a trailing dot", '"1."'],
    ["a leading dot", '".5"'],
    ["a comma decimal", '"1,5"'],
    ["an underscore", '"1_000"'],
    ["a leading space", '" 1"'],
    ["a trailing space", '"12 "'],
    ["a trailing newline", '"12\\n"'],
    ["Arabic-Indic digits", '"١٢"'],
    ["full-width digits", '"１２"'],
    ["digits then letters", '"12abc"'],
    ["NaN", '"NaN"'],
    ["Infinity", '"Infinity"'],
    ["minus zero", '"-0"'],
    ["two dots", '"1.2.3"'],
    ["a long run of letters", `"${"a".repeat(10_000)}"`],
    ["a huge JSON number", LONG_DIGITS],
  ],
  /** Against a boolean field. */
  boolean: [
    ['"true"', '"true"'],
    ['"false"', '"false"'],
    ["1", "1"],
    ["0", "0"],
    ['"yes"', '"yes"'],
    ["1.0", "1.0"],
  ],
  /** Against an enum field of lower-case words. */
  enumWord: [
    ["an unknown word", '"sometimes"'],
    ["upper case", '"LIMIT"'],
    ["a padded word", '" gtc"'],
    ["an empty string", '""'],
    ["a number", "1"],
    ["true", "true"],
  ],
  /** Against Hyperliquid's cloid (0x + 32 hex). */
  cloid: [
    ["31 hex digits", `"0x${"a".repeat(31)}"`],
    ["33 hex digits", `"0x${"a".repeat(33)}"`],
    ["no 0x", `"${"a".repeat(32)}"`],
    ["0X", `"0X${"a".repeat(32)}"`],
    ["a non-hex digit", `"0x${"g".repeat(32)}"`],
    ["a number", "12345"],
    ["a trailing space", `"0x${"a".repeat(32)} "`],
    ["an empty string", '""'],
    ["true", "true"],
    ["an exponent", "1e3"],
  ],
  /** Against a positive whole JSON number (leverage, unix ms). */
  wholeNumber: [
    ["a string of digits", '"5"'],
    ["a fraction", "1.5"],
    ["an exponent", "1e3"],
    ["minus zero", "-0.0"],
    ["a negative", "-1"],
    ["zero", "0"],
    ["true", "true"],
    ["a word", '"abc"'],
  ],
} as const satisfies Record<string, ReadonlyArray<readonly [string, string]>>;

/** A body like `base` with `field` set to the JSON text `valueJson` (appended last, as a client might). */
export function bodyWith(base: Record<string, unknown>, field: string, valueJson: string): string {
  const entries = Object.entries(base)
    .filter(([key]) => key !== field)
    .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
  entries.push(`${JSON.stringify(field)}:${valueJson}`);
  return `{${entries.join(",")}}`;
}

/** Every field crossed with every bad value of its kind: one case each, naming `prefix + field`. */
export function fieldCases(
  method: string,
  path: string,
  base: Record<string, unknown> | (() => Record<string, unknown>),
  fields: Record<string, ReadonlyArray<readonly [string, string]>>,
  prefix = "",
): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const [field, values] of Object.entries(fields)) {
    for (const [name, value] of values) {
      const body = typeof base === "function" ? base() : base;
      cases.push({ name: `${method} ${path} ${prefix}${field} = ${name}`, method, path, rawBody: bodyWith(body, field, value), field: `${prefix}${field}` });
    }
  }
  return cases;
}
