/**
 * Calls the real Worker (src/index.ts) with the test bindings plus per-test overrides, so each test can
 * run its own configuration (live or dry-run, one key or several, caps) against the Lighter stand-in.
 * Each test uses an account of its own (the stand-in creates accounts 100000–199999 on demand).
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../src/index";
import { hexToBytes, parsePrivateKey, publicKeyFromPrivate } from "../../src/venues/lighter/crypto";
import type { AcceptedTx } from "../standins/lighter-accepted";

const bindings = env as unknown as Record<string, string>;

export const TOKEN = bindings.GATEWAY_TOKEN as string;
export const PRIVATE_KEY_HEX = (bindings.LIGHTER_PRIVATE_KEY as string).replace(/^0x/, "");
export const PUBLIC_KEY = publicKeyFromPrivate(parsePrivateKey(PRIVATE_KEY_HEX));
export const STANDIN = bindings.LIGHTER_BASE_URL as string;
export const CHAIN_ID = 304;

let nextAccount = 100_000 + Math.floor(Math.random() * 90_000);

/** A fresh account index for one test: nothing else has traded on it. */
export function freshAccount(): number {
  nextAccount += 1;
  return nextAccount;
}

export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  token?: string | null;
  vars?: Record<string, string | undefined>;
  headers?: Record<string, string>;
}

export async function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["Content-Type"] = "application/json";
  }
  const testEnv = { ...env, ...options.vars } as Env;
  for (const [name, value] of Object.entries(options.vars ?? {})) {
    if (value === undefined) delete (testEnv as unknown as Record<string, unknown>)[name];
  }
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`http://gateway.test${path}`, { method, headers, body }), testEnv, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

export async function json<T = Record<string, any>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Live trading on a fresh account with API keys `firstKey..lastKey`. */
export function liveVars(account: number, firstKey = 3, lastKey = firstKey, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TRADING_MODE: "live",
    LIGHTER_ACCOUNT_INDEX: String(account),
    LIGHTER_API_KEY_INDEX: String(firstKey),
    LIGHTER_MAX_API_KEY_INDEX: String(lastKey),
    LIGHTER_TIMEOUT_MS: "1500",
    ...extra,
  };
}


/** What the stand-in accepted for an account, in acceptance order. */
export async function accepted(account: number): Promise<AcceptedTx[]> {
  return (await (await fetch(`${STANDIN}/__standin/accepted?account_index=${account}`)).json()) as AcceptedTx[];
}

export async function setStandInNonce(account: number, apiKeyIndex: number, nonce: number): Promise<void> {
  await fetch(`${STANDIN}/__standin/nonce`, { method: "POST", body: JSON.stringify({ account_index: account, api_key_index: apiKeyIndex, nonce }) });
}

let clientOrderIndex = Math.floor(Math.random() * 1_000_000) * 1000;

/** The original payload of the gateway's first version, with a fresh client_order_index. */
export function marketOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  clientOrderIndex += 1;
  return { market_index: 0, client_order_index: clientOrderIndex, base_amount: 1000, is_ask: true, order_type: "market", avg_execution_price: 170000, reduce_only: false, ...overrides };
}

export function limitOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  clientOrderIndex += 1;
  return { market_index: 0, client_order_index: clientOrderIndex, base_amount: 1000, is_ask: false, order_type: "limit", price: 350000, ...overrides };
}

/** One malformed body for a route, and the field its refusal must name. */
export interface HostileCase {
  name: string;
  method: string;
  path: string;
  rawBody: string;
  field: string;
}

/** Sends each case; what comes back is every case not answered with a 4xx naming its field (expected: none). */
export async function hostileBodyFailures(cases: readonly HostileCase[], vars: Record<string, string | undefined>): Promise<string[]> {
  const failures: string[] = [];
  for (const testCase of cases) {
    const res = await call(testCase.method, testCase.path, { rawBody: testCase.rawBody, vars, headers: { "Content-Type": "application/json" } });
    const text = await res.text();
    let field: unknown;
    try {
      field = (JSON.parse(text) as { error?: { details?: { field?: unknown } } }).error?.details?.field;
    } catch {
      field = undefined;
    }
    if (res.status < 400 || res.status >= 500 || field !== testCase.field) failures.push(`${testCase.name}: ${res.status} field=${String(field)} ${text.slice(0, 200)}`);
  }
  return failures;
}

export { hexToBytes };
