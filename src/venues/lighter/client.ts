/**
 * Lighter's REST API, as the gateway uses it (lighter/SPEC.md §2.10, §3, §4, §5). The only module that
 * calls Lighter. Every call has a timeout, reads the body once, and turns every way Lighter can fail into
 * a `LighterError` of the right kind: a result code in an HTTP 200 body is a refusal, not a success.
 */
import * as z from "zod";
import { LIGHTER_CODE, LighterError } from "./errors";
import { parseUpstreamJson } from "../../upstream-json";
import { retryAfterSeconds } from "../../retry-after";
import { formEncode } from "../../timed-fetch";
import { fetchFromVenue, parseVenueBody, type VenueErrorDetail, type VenueErrorKind } from "../venue-error";
import { lighterOrder, lighterPositionFunding, lighterTrade, type LighterOrder, type LighterPositionFunding, type LighterTrade } from "./account-objects";

export interface LighterClientOptions {
  baseUrl: string;
  timeoutMs: number;
}

export interface SendTxResult {
  txHash: string;
  /** Lighter's whole answer, for the caller and the event stream. */
  body: Record<string, unknown>;
}

export interface SendTxBatchResult {
  txHashes: string[];
  body: Record<string, unknown>;
}

export interface RegisteredApiKey {
  accountIndex: number;
  apiKeyIndex: number;
  nonce: bigint;
  publicKey: string;
}

/** One page of an account's history, and the cursor of the next page (null after the last). */
export interface LighterPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** Which page of an account's history to read; these endpoints need an auth token (accounts/SPEC.md §1.8). */
export interface HistoryQuery {
  accountIndex: number;
  authToken: string;
  /** 1–100. */
  limit: number;
  cursor?: string;
}

export interface MarketDecimals {
  marketIndex: number;
  symbol: string;
  sizeDecimals: number;
  priceDecimals: number;
  status: string;
}

/** Lighter sends `code` as a number, and some deployments as a string. */
export const resultCode = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);
const envelope = z.looseObject({ code: resultCode.optional(), message: z.string().optional() });

const nextNonceBody = z.looseObject({ nonce: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]) });
const apiKeysBody = z.looseObject({
  api_keys: z.array(
    z.looseObject({
      account_index: z.number().int(),
      api_key_index: z.number().int(),
      nonce: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
      public_key: z.string(),
    }),
  ),
});
const sendTxBody = z.looseObject({ tx_hash: z.string().regex(/^[0-9a-fA-F]{80}$/) });
const sendTxBatchBody = z.looseObject({ tx_hash: z.array(z.string().regex(/^[0-9a-fA-F]{80}$/)) });
const orderBookDetailsBody = z.looseObject({
  order_book_details: z.array(
    z.looseObject({
      market_id: z.number().int(),
      symbol: z.string(),
      size_decimals: z.number().int().min(0).max(18),
      price_decimals: z.number().int().min(0).max(18),
      status: z.string(),
    }),
  ),
});

/** Lighter answers an empty page with the list null or absent, and the last page with no cursor or "". */
const nextCursor = z.string().nullish();
const tradesPage = z.looseObject({ trades: z.array(lighterTrade).nullish(), next_cursor: nextCursor });
const positionFundingPage = z.looseObject({ position_fundings: z.array(lighterPositionFunding).nullish(), next_cursor: nextCursor });
/** accountActiveOrders and accountInactiveOrders answer alike (SPEC §1.8). */
export const ordersPage = z.looseObject({ orders: z.array(lighterOrder).nullish(), next_cursor: nextCursor });

/** One call: a GET with an optional query, or, when `form` is given, a form-encoded POST. */
interface LighterCall {
  query?: Record<string, string>;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

export class LighterClient {
  constructor(private readonly options: LighterClientOptions) {}

  /**
   * One request to Lighter. Resolves with the parsed body only when Lighter says `code` 200 (or sends no
   * code with HTTP 200); throws a `LighterError` for everything else.
   */
  private async request(endpoint: string, call: LighterCall = {}): Promise<Record<string, unknown>> {
    const url = `${this.options.baseUrl}/api/v1/${endpoint}${call.query === undefined ? "" : `?${formEncode(call.query)}`}`;
    const init: RequestInit =
      call.form === undefined
        ? { method: "GET", ...(call.headers === undefined ? {} : { headers: call.headers }) }
        : { method: "POST", headers: { ...call.headers, "Content-Type": "application/x-www-form-urlencoded" }, body: formEncode(call.form) };
    const fail = (kind: VenueErrorKind, message: string, detail: VenueErrorDetail) => new LighterError(kind, message, detail);
    const { response, text } = await fetchFromVenue("lighter", url, init, this.options.timeoutMs, endpoint, fail);
    const httpStatus = response.status;
    const body = parseVenueBody(text, httpStatus, endpoint, parseUpstreamJson, fail);

    const parsed = envelope.safeParse(body);
    if (!parsed.success) {
      throw new LighterError(httpStatus >= 500 ? "unavailable" : "malformed", `HTTP ${httpStatus} with an unexpected body shape`, { endpoint, httpStatus });
    }
    const { code, message } = parsed.data;
    if (code === LIGHTER_CODE.RATE_LIMITED) {
      throw new LighterError("rate_limited", message ?? "Too Many Requests", { endpoint, httpStatus, code, retryAfterSeconds: retryAfterSeconds(response) });
    }
    if (code !== undefined && code !== LIGHTER_CODE.OK) {
      if (httpStatus >= 500) throw new LighterError("unavailable", message ?? `result code ${code}`, { endpoint, httpStatus, code });
      throw new LighterError("rejected", message ?? `result code ${code}`, { endpoint, httpStatus, code });
    }
    if (httpStatus >= 500) throw new LighterError("unavailable", message ?? `HTTP ${httpStatus}`, { endpoint, httpStatus });
    if (httpStatus >= 400) throw new LighterError("rejected", message ?? `HTTP ${httpStatus}`, { endpoint, httpStatus });
    return parsed.data;
  }

  /** The body as `schema` says, or a "malformed" LighterError naming where it differs. */
  static shape<T>(schema: z.ZodType<T>, body: Record<string, unknown>, endpoint: string): T {
    const result = schema.safeParse(body);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new LighterError("malformed", `unexpected ${endpoint} answer at ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`, { endpoint });
    }
    return result.data;
  }

  async nextNonce(accountIndex: number, apiKeyIndex: number): Promise<bigint> {
    const body = await this.request("nextNonce", { query: { account_index: String(accountIndex), api_key_index: String(apiKeyIndex) } });
    return BigInt(LighterClient.shape(nextNonceBody, body, "nextNonce").nonce);
  }

  async apiKeys(accountIndex: number): Promise<RegisteredApiKey[]> {
    const body = await this.request("apikeys", { query: { account_index: String(accountIndex) } });
    return LighterClient.shape(apiKeysBody, body, "apikeys").api_keys.map((key) => ({
      accountIndex: key.account_index,
      apiKeyIndex: key.api_key_index,
      nonce: BigInt(key.nonce),
      publicKey: key.public_key.replace(/^0x/i, "").toLowerCase(),
    }));
  }

  async sendTx(txType: number, txInfo: string): Promise<SendTxResult> {
    const body = await this.request("sendTx", { form: { tx_type: String(txType), tx_info: txInfo } });
    return { txHash: LighterClient.shape(sendTxBody, body, "sendTx").tx_hash.toLowerCase(), body };
  }

  /** Lighter takes the types and the tx_info strings each as one JSON-encoded form field (SPEC §2.10). */
  async sendTxBatch(txTypes: number[], txInfos: string[]): Promise<SendTxBatchResult> {
    const body = await this.request("sendTxBatch", { form: { tx_types: JSON.stringify(txTypes), tx_infos: JSON.stringify(txInfos) } });
    return { txHashes: LighterClient.shape(sendTxBatchBody, body, "sendTxBatch").tx_hash.map((hash) => hash.toLowerCase()), body };
  }

  async marketDecimals(): Promise<MarketDecimals[]> {
    const body = await this.request("orderBookDetails", { query: { filter: "all" } });
    return LighterClient.shape(orderBookDetailsBody, body, "orderBookDetails").order_book_details.map((market) => ({
      marketIndex: market.market_id,
      symbol: market.symbol,
      sizeDecimals: market.size_decimals,
      priceDecimals: market.price_decimals,
      status: market.status,
    }));
  }

  /** The account's balances and positions, as Lighter sends them (integers above 2^53 kept exact). */
  async account(accountIndex: number): Promise<Record<string, unknown>> {
    return this.request("account", { query: { by: "index", value: String(accountIndex) } });
  }

  /** Open orders of every market; the endpoint needs an auth token (SPEC §2.9, §5). */
  async activeOrders(accountIndex: number, authToken: string): Promise<Record<string, unknown>> {
    return this.request("accountActiveOrders", {
      query: { account_index: String(accountIndex), market_id: "255" },
      headers: { Authorization: authToken },
    });
  }

  /** The account's trades, newest first (by trade id). */
  async trades(query: HistoryQuery): Promise<LighterPage<LighterTrade>> {
    const body = await this.request("trades", LighterClient.historyCall(query, { sort_by: "trade_id", sort_dir: "desc" }));
    const page = LighterClient.shape(tradesPage, body, "trades");
    return { items: page.trades ?? [], nextCursor: page.next_cursor || null };
  }

  /** The account's funding payments, from `startTimestamp` (unix seconds) when given. */
  async positionFunding(query: HistoryQuery & { startTimestamp?: number }): Promise<LighterPage<LighterPositionFunding>> {
    const from: Record<string, string> = query.startTimestamp === undefined ? {} : { start_timestamp: String(query.startTimestamp) };
    const body = await this.request("positionFunding", LighterClient.historyCall(query, from));
    const page = LighterClient.shape(positionFundingPage, body, "positionFunding");
    return { items: page.position_fundings ?? [], nextCursor: page.next_cursor || null };
  }

  /** Orders of every market that are no longer live (filled, cancelled, rejected, expired). */
  async inactiveOrders(query: HistoryQuery): Promise<LighterPage<LighterOrder>> {
    const body = await this.request("accountInactiveOrders", LighterClient.historyCall(query, { market_id: "255" }));
    const page = LighterClient.shape(ordersPage, body, "accountInactiveOrders");
    return { items: page.orders ?? [], nextCursor: page.next_cursor || null };
  }

  private static historyCall(query: HistoryQuery, extra: Record<string, string>): LighterCall {
    return {
      query: { account_index: String(query.accountIndex), limit: String(query.limit), ...extra, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) },
      headers: { Authorization: query.authToken },
    };
  }
}
