/**
 * A local Lighter that behaves like the exchange for the gateway's tests: it verifies every signature with
 * the signing core's verifier, enforces strictly incremental nonces per (account, API key), checks auth
 * tokens, and serves market data from fixtures. Accepted order txs execute a few ms later against the
 * exchange engine (lighter-account.ts: books, orders, trades, positions, funding), whose state the
 * account reads below and the `/stream` socket (lighter-feed.ts) show. Faults come from the shared
 * stand-in server.
 *
 * Account reads (auth: an auth token of the account in the `Authorization` header or the `auth` /
 * `authorization` query; none → 400 20001 "invalid param : auth required for main accounts", a bad,
 * expired or other account's token → 400 20013):
 *   GET /api/v1/account?by=index&value=  public; balances and every position the account has had
 *   GET /api/v1/accountActiveOrders?account_index&market_id (255 = all)  live orders {orders}
 *   GET /api/v1/accountInactiveOrders?account_index&limit&cursor?&market_id?  ended orders, newest first
 *   GET /api/v1/trades?sort_by&limit&account_index&cursor?&market_id?  newest first (sort_dir desc only)
 *   GET /api/v1/positionFunding?account_index&limit&cursor?&market_id?&side?&start_timestamp?&end_timestamp?
 *        newest first; timestamps in seconds
 * Pages hold `limit` (1–100) items; `next_cursor` (opaque) is there while more remain.
 *
 * Test-only helpers (not Lighter's):
 *   GET  /__standin/accepted?account_index=  every accepted tx, in acceptance order
 *   POST /__standin/nonce {account_index, api_key_index, nonce}  move a key's nonce (another client used it)
 *   GET  /__standin/cancel-all?account_index=  the account's CancelAllOrders (tx type 16) bookkeeping:
 *        {scheduled_time, immediate_at: [ms…], fired: [{time, at}…], aborted_at: [ms…]}
 *   POST /__control/lighter/book {market_id, bids:[[px,sz]…], asks}  replaces the house liquidity
 *   POST /__control/lighter/trade {account_index, market_id, side, size, price, role?, type?}  a fill, no order
 *   POST /__control/lighter/order {account_index, market_id, side, size, price, order_index?, client_order_index?}
 *   POST /__control/lighter/funding {account_index?, market_id, rate}  pays funding on open positions
 *   GET|POST /__control/lighter/feed  the stream's state and faults (lighter-feed.ts)
 * The workerd side of these is ../lighter-feed-control.ts.
 *
 * Cancel-all: an immediate one is recorded when accepted and cancels in its block; a scheduled one
 * (TimeInForce 1) replaces the account's scheduled time, an abort (2) clears it, and when the time passes
 * without a newer one the stand-in records that it fired and cancels every live order of the account. No
 * lead time is enforced: Lighter documents none (lighter/SPEC.md §2.4).
 */
import { bytesToHex, hashToQuinticExtension, hexToBytes, parsePrivateKey, publicKeyFromPrivate, schnorrVerify } from "../../../src/venues/lighter/crypto";
import { authMessageElements } from "../../../src/venues/lighter/tx/auth-token";
import { parseJsonLossless } from "../../../src/lossless-json";
import { TX_TYPE, txHash, verifyTx } from "../../../src/venues/lighter/tx";
import { LighterEngine, lighterJson, type Outcome } from "./lighter-account";
import { LighterFeed } from "./lighter-feed";
import { lighterMarketDataRoutes } from "./lighter-market-data";
import { startStandIn, type StandIn, type StandInReply, type StandInRequest } from "./server";
import type { AcceptedTx } from "../lighter-accepted";
import { LIGHTER_STREAM_PATH, type LighterBook, type LighterControlOrder, type LighterControlTrade, type LighterTrade } from "../lighter-feed-control";

/** The chain the stand-in signs for: mainnet's id, as the test bindings set LIGHTER_CHAIN_ID. */
export const STANDIN_CHAIN_ID = 304;

/** The key the test bindings use (the public worked example of lighter/SPEC.md §2.8). */
export const STANDIN_PRIVATE_KEY = "821d0acd3b5d238c1ec4690dc09b79bbd5e88ea4fd6e410c4fb4e31dfa3ff53e49afda82949e0a48";
export const STANDIN_ACCOUNT = 123456;
/** An account whose registered key is some other key: the gateway's key check must fail for it. */
export const STANDIN_FOREIGN_ACCOUNT = 777;
/**
 * Accounts 100000–199999 exist on demand, each with API keys 0–20 registered to the test key and key k
 * starting at nonce 100·k, so that each test can trade on an account of its own.
 */
const ON_DEMAND_ACCOUNTS = { first: 100_000, last: 199_999, keys: 21 };

const FOREIGN_PUBLIC_KEY = bytesToHex(publicKeyFromPrivate(7n));

interface RegisteredKey {
  publicKey: string;
  nextNonce: bigint;
}

/** One account's cancel-all history (tx type 16), as `GET /__standin/cancel-all` shows it. */
interface CancelAllBook {
  scheduled: { time: number; timer: NodeJS.Timeout } | null;
  immediateAt: number[];
  fired: Array<{ time: number; at: number }>;
  abortedAt: number[];
}

/** Node's timers hold at most 2^31 − 1 ms; a later deadline is re-armed on the way. */
const MAX_TIMER_MS = 2 ** 31 - 1;


/** Lighter pages at most this many items per answer. */
const MAX_PAGE = 100;

function fail(code: number, message: string, status = 400): StandInReply {
  return { status, body: { code, message } };
}

/** A body of Lighter's objects, whose order indices may pass 2^53. */
function lighterBody(body: Record<string, unknown>): StandInReply {
  return { body: { rawJson: lighterJson({ code: 200, ...body }) } };
}

/** A control's answer: its result under `key` (Lighter's objects, so written losslessly), or 400 with why it was refused. */
function controlReply<T>(outcome: Outcome<T>, key: string): StandInReply {
  return "error" in outcome ? { status: 400, body: { code: 400, message: outcome.error } } : { body: { rawJson: lighterJson({ [key]: outcome.ok }) } };
}

/**
 * One page of a newest-first list under `key`: `limit` items after the one whose key is `cursor` (the
 * previous page's `next_cursor`), and a `next_cursor` while more remain.
 */
function pageReply<T>(key: string, items: readonly T[], keyOf: (item: T) => string, query: URLSearchParams): StandInReply {
  const limit = Number(query.get("limit"));
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) return fail(20001, `invalid param : limit must be 1..${MAX_PAGE}`);
  const cursor = query.get("cursor") ?? "";
  const start = cursor === "" ? 0 : items.findIndex((item) => keyOf(item) === cursor) + 1;
  if (start === 0 && cursor !== "") return fail(20001, "invalid param : cursor");
  const taken = items.slice(start, start + limit);
  const last = taken.at(-1);
  return lighterBody({ [key]: taken, ...(start + limit < items.length && last !== undefined ? { next_cursor: keyOf(last) } : {}) });
}

/** The market filter of a read: undefined for all (absent or 255). */
function marketFilter(query: URLSearchParams): number | undefined {
  const market = query.get("market_id");
  return market === null || market === "255" ? undefined : Number(market);
}

function initialKeys(): Map<number, Map<number, RegisteredKey>> {
  const own = bytesToHex(publicKeyFromPrivate(parsePrivateKey(STANDIN_PRIVATE_KEY)));
  const accounts = new Map<number, Map<number, RegisteredKey>>();
  accounts.set(STANDIN_ACCOUNT, new Map([3, 4, 5, 6].map((index) => [index, { publicKey: own, nextNonce: BigInt(index * 100) }])));
  accounts.set(STANDIN_FOREIGN_ACCOUNT, new Map([[3, { publicKey: FOREIGN_PUBLIC_KEY, nextNonce: 0n }]]));
  return accounts;
}

/**
 * The stand-in as its starter holds it. `trade` is the trade control (`POST /__control/lighter/trade`)
 * for a caller in the same process: the fill's frames are on the account's sockets when it returns, so
 * a benchmark can time the push without an HTTP round trip (scripts/bench/fill-path.ts).
 */
export interface LighterStandIn extends StandIn {
  trade(request: LighterControlTrade): Outcome<LighterTrade>;
}

export async function startLighterStandIn(port: number): Promise<LighterStandIn> {
  let accounts = initialKeys();
  let accepted: AcceptedTx[] = [];
  let cancelAlls = new Map<string, CancelAllBook>();
  const ownKey = bytesToHex(publicKeyFromPrivate(parsePrivateKey(STANDIN_PRIVATE_KEY)));
  const engine = new LighterEngine((change) => feed.publish(change));
  const feed = new LighterFeed(engine, (token, accountIndex) => authTokenRefusal(token, String(accountIndex)));
  const trade = (request: LighterControlTrade) => engine.trade(request);

  function keysOf(accountIndex: number): Map<number, RegisteredKey> | undefined {
    let keys = accounts.get(accountIndex);
    if (keys === undefined && accountIndex >= ON_DEMAND_ACCOUNTS.first && accountIndex <= ON_DEMAND_ACCOUNTS.last) {
      keys = new Map(Array.from({ length: ON_DEMAND_ACCOUNTS.keys }, (_, index) => [index, { publicKey: ownKey, nextNonce: BigInt(index * 100) }]));
      accounts.set(accountIndex, keys);
    }
    return keys;
  }

  /** Why an auth token (lighter/SPEC.md §2.9) does not open the account's private data; undefined when it does. */
  function authTokenRefusal(token: string, accountIndex: string): string | undefined {
    const match = /^(\d+):(\d+):(\d+):([0-9a-f]{160})$/.exec(token);
    if (match === null) return "invalid auth token";
    const [, deadline, account, apiKey, signature] = match as unknown as [string, string, string, string, string];
    const key = keysOf(Number(account))?.get(Number(apiKey));
    const hash = hashToQuinticExtension(authMessageElements(`${deadline}:${account}:${apiKey}`));
    if (key === undefined || !schnorrVerify(hexToBytes(key.publicKey), hash, hexToBytes(signature))) return "invalid auth token";
    if (Number(deadline) * 1000 < Date.now()) return "auth token expired";
    if (account !== accountIndex) return "auth token is for another account";
    return undefined;
  }

  /** The account of a private read (query `account_index`) once its token opens it, or the refusal. */
  function privateRead({ url, headers }: StandInRequest): number | StandInReply {
    const token = headers.authorization ?? url.searchParams.get("auth") ?? url.searchParams.get("authorization");
    if (token == null || token === "") return fail(20001, "invalid param : auth required for main accounts");
    const accountIndex = url.searchParams.get("account_index") ?? "";
    if (!/^\d+$/.test(accountIndex)) return fail(20001, "invalid param : account_index");
    const refusal = authTokenRefusal(token, accountIndex);
    return refusal === undefined ? Number(accountIndex) : fail(20013, refusal);
  }

  /** Checks one signed tx against a nonce table; returns the error reply, or the accepted record. */
  function check(txType: number, txInfo: string, nonces: Map<string, bigint>): StandInReply | AcceptedTx {
    let info: Record<string, unknown>;
    try {
      info = parseJsonLossless(txInfo) as Record<string, unknown>;
    } catch {
      return fail(20001, "invalid param : tx_info is not JSON");
    }
    const account = BigInt(info.AccountIndex as bigint | number);
    const apiKeyIndex = Number(info.ApiKeyIndex);
    const key = keysOf(Number(account))?.get(apiKeyIndex);
    if (key === undefined) return fail(21109, "api key not found");
    if (!verifyTx(STANDIN_CHAIN_ID, txType, txInfo, hexToBytes(key.publicKey))) return fail(21120, "invalid signature");
    if (BigInt(info.ExpiredAt as bigint | number) < BigInt(Date.now())) return fail(21116, "transaction expired");
    const slot = `${account}:${apiKeyIndex}`;
    const expected = nonces.get(slot) ?? key.nextNonce;
    if (BigInt(info.Nonce as bigint | number) !== expected) return fail(21104, "invalid nonce");
    nonces.set(slot, expected + 1n);
    const { Sig: _sig, ...unsigned } = info;
    return {
      account_index: account.toString(),
      api_key_index: apiKeyIndex,
      nonce: expected.toString(),
      tx_type: txType,
      tx_hash: txHash(STANDIN_CHAIN_ID, txType, unsigned),
      tx_info: txInfo,
    };
  }

  /** Accepts a set of txs all or nothing (Lighter's batch semantics are not documented; this is the strict reading). */
  function acceptAll(txs: Array<{ txType: number; txInfo: string }>): StandInReply | AcceptedTx[] {
    const nonces = new Map<string, bigint>();
    const records: AcceptedTx[] = [];
    for (const tx of txs) {
      const result = check(tx.txType, tx.txInfo, nonces);
      if (!("tx_hash" in result)) return result;
      records.push(result);
    }
    for (const record of records) {
      const key = keysOf(Number(record.account_index))?.get(record.api_key_index);
      if (key !== undefined) key.nextNonce = BigInt(record.nonce) + 1n;
    }
    accepted.push(...records);
    for (const record of records) if (record.tx_type === TX_TYPE.CANCEL_ALL_ORDERS) noteCancelAll(record);
    engine.submit(records);
    return records;
  }

  function cancelAllBook(account: string): CancelAllBook {
    let book = cancelAlls.get(account);
    if (book === undefined) {
      book = { scheduled: null, immediateAt: [], fired: [], abortedAt: [] };
      cancelAlls.set(account, book);
    }
    return book;
  }

  function armScheduledCancelAll(account: number, book: CancelAllBook, time: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      if (book.scheduled?.time !== time) return;
      const now = Date.now();
      if (now < time) {
        book.scheduled.timer = armScheduledCancelAll(account, book, time);
        return;
      }
      book.scheduled = null;
      book.fired.push({ time, at: now });
      engine.cancelAllOrders(account);
    }, Math.min(Math.max(time - Date.now(), 0), MAX_TIMER_MS));
    timer.unref();
    return timer;
  }

  /** An accepted CancelAllOrders: immediate (0), scheduled at Time (1) or abort the scheduled one (2). */
  function noteCancelAll(record: AcceptedTx): void {
    const info = parseJsonLossless(record.tx_info) as Record<string, unknown>;
    const book = cancelAllBook(record.account_index);
    const now = Date.now();
    const timeInForce = Number(info.TimeInForce);
    if (timeInForce === 0) {
      book.immediateAt.push(now);
      return;
    }
    if (book.scheduled !== null) clearTimeout(book.scheduled.timer);
    book.scheduled = null;
    if (timeInForce === 2) {
      book.abortedAt.push(now);
      return;
    }
    const time = Number(info.Time as bigint | number);
    book.scheduled = { time, timer: armScheduledCancelAll(Number(record.account_index), book, time) };
  }

  function forgetCancelAlls(): void {
    for (const book of cancelAlls.values()) if (book.scheduled !== null) clearTimeout(book.scheduled.timer);
    cancelAlls = new Map();
  }

  const quota = { ratelimit: "didn't use volume quota" };

  const standIn = await startStandIn({
    port,
    onReset: () => {
      accounts = initialKeys();
      accepted = [];
      forgetCancelAlls();
      engine.reset();
      feed.reset();
    },
    sockets: { [LIGHTER_STREAM_PATH]: (socket) => feed.accept(socket) },
    refuseUpgrade: () => feed.refusal(),
    routes: {
      ...lighterMarketDataRoutes,
      ...feed.routes(),
      "GET /api/v1/nextNonce": ({ url }) => {
        const key = keysOf(Number(url.searchParams.get("account_index")))?.get(Number(url.searchParams.get("api_key_index")));
        if (key === undefined) return fail(21109, "api key not found");
        return { body: { code: 200, nonce: Number(key.nextNonce) } };
      },
      "GET /api/v1/apikeys": ({ url }) => {
        const accountIndex = Number(url.searchParams.get("account_index"));
        const keys = keysOf(accountIndex);
        if (keys === undefined) return fail(21100, "account not found");
        return {
          body: {
            code: 200,
            api_keys: [...keys].map(([apiKeyIndex, key]) => ({
              account_index: accountIndex,
              api_key_index: apiKeyIndex,
              nonce: Number(key.nextNonce),
              public_key: key.publicKey,
              transaction_time: 1257894000000000,
            })),
          },
        };
      },
      "POST /api/v1/sendTx": ({ form }) => {
        const txType = Number(form?.get("tx_type"));
        const txInfo = form?.get("tx_info");
        if (!Number.isInteger(txType) || txInfo == null) return fail(20001, "invalid param : tx_type and tx_info are required");
        const result = acceptAll([{ txType, txInfo }]);
        if (!Array.isArray(result)) return result;
        return { body: { code: 200, message: JSON.stringify(quota), tx_hash: result[0]?.tx_hash, predicted_execution_time_ms: Date.now() + 50, volume_quota_remaining: 1000 } };
      },
      "POST /api/v1/sendTxBatch": ({ form }) => {
        let types: unknown;
        let infos: unknown;
        try {
          types = JSON.parse(form?.get("tx_types") ?? "");
          infos = JSON.parse(form?.get("tx_infos") ?? "");
        } catch {
          return fail(20001, "invalid param : tx_types and tx_infos must be JSON arrays");
        }
        if (!Array.isArray(types) || !Array.isArray(infos) || types.length !== infos.length || types.length === 0 || types.length > 50) {
          return fail(20001, "invalid param : tx_types and tx_infos must be arrays of equal length, 1 to 50");
        }
        const result = acceptAll(types.map((txType, i) => ({ txType: Number(txType), txInfo: String(infos[i]) })));
        if (!Array.isArray(result)) return result;
        return { body: { code: 200, message: JSON.stringify(quota), tx_hash: result.map((tx) => tx.tx_hash), predicted_execution_time_ms: Date.now() + 50 } };
      },
      "GET /api/v1/account": ({ url }) => {
        if (url.searchParams.get("by") !== "index") return fail(20001, "invalid param : by");
        const index = Number(url.searchParams.get("value"));
        if (keysOf(index) === undefined) return fail(21100, "account not found");
        const stats = engine.stats(index);
        const live = engine.liveOrders(index);
        return lighterBody({
          total: 1,
          accounts: [
            {
              account_type: 0,
              index,
              l1_address: "0x0000000000000000000000000000000000000001",
              cancel_all_time: cancelAlls.get(String(index))?.scheduled?.time ?? 0,
              total_order_count: live.length,
              pending_order_count: live.filter((order) => order.status === "pending").length,
              available_balance: stats.available_balance,
              status: 1,
              collateral: stats.collateral,
              total_asset_value: stats.portfolio_value,
              cross_asset_value: stats.portfolio_value,
              positions: engine.positions(index),
              assets: [{ symbol: "USDC", asset_id: 3, balance: stats.collateral, locked_balance: "0.000000" }],
              shares: [],
            },
          ],
        });
      },
      "GET /api/v1/accountActiveOrders": (request) => {
        const account = privateRead(request);
        if (typeof account !== "number") return account;
        return lighterBody({ orders: engine.liveOrders(account, marketFilter(request.url.searchParams)) });
      },
      "GET /api/v1/accountInactiveOrders": (request) => {
        const account = privateRead(request);
        if (typeof account !== "number") return account;
        const market = marketFilter(request.url.searchParams);
        const ended = engine.endedOrders(account).filter((order) => market === undefined || order.market_index === market);
        return pageReply("orders", ended, (order) => order.order_id, request.url.searchParams);
      },
      "GET /api/v1/trades": (request) => {
        const query = request.url.searchParams;
        if (!["trade_id", "timestamp", "block_height"].includes(query.get("sort_by") ?? "")) return fail(20001, "invalid param : sort_by");
        if ((query.get("sort_dir") ?? "desc") !== "desc") return fail(20001, "invalid param : sort_dir");
        const account = privateRead(request);
        if (typeof account !== "number") return account;
        const market = marketFilter(query);
        const trades = [...engine.trades(account)].reverse().filter((trade) => market === undefined || trade.market_id === market);
        return pageReply("trades", trades, (trade) => trade.trade_id_str, query);
      },
      "GET /api/v1/positionFunding": (request) => {
        const query = request.url.searchParams;
        const account = privateRead(request);
        if (typeof account !== "number") return account;
        const market = marketFilter(query);
        const side = query.get("side") ?? "all";
        const from = Number(query.get("start_timestamp") ?? 0);
        const to = Number(query.get("end_timestamp") ?? Number.POSITIVE_INFINITY);
        const fundings = [...engine.fundings(account)]
          .reverse()
          .filter((funding) => (market === undefined || funding.market_id === market) && (side === "all" || funding.position_side === side) && funding.timestamp >= from && funding.timestamp <= to);
        return pageReply("position_fundings", fundings, (funding) => String(funding.funding_id), query);
      },
      "POST /__control/lighter/book": ({ json }) => controlReply(engine.setBook(json as LighterBook), "book"),
      "POST /__control/lighter/trade": ({ json }) => controlReply(trade(json as LighterControlTrade), "trade"),
      "POST /__control/lighter/order": ({ json }) => controlReply(engine.placeOrder(json as LighterControlOrder), "order"),
      "POST /__control/lighter/funding": ({ json }) => controlReply(engine.funding(json as { account_index?: number; market_id: number; rate: string }), "fundings"),
      "GET /__standin/accepted": ({ url }) => {
        const account = url.searchParams.get("account_index");
        return { body: account === null ? accepted : accepted.filter((tx) => tx.account_index === account) };
      },
      "GET /__standin/cancel-all": ({ url }) => {
        const book = cancelAllBook(url.searchParams.get("account_index") ?? "");
        return { body: { scheduled_time: book.scheduled?.time ?? null, immediate_at: book.immediateAt, fired: book.fired, aborted_at: book.abortedAt } };
      },
      "POST /__standin/nonce": ({ json }) => {
        const { account_index, api_key_index, nonce } = json as { account_index: number; api_key_index: number; nonce: number };
        const key = keysOf(account_index)?.get(api_key_index);
        if (key === undefined) return fail(21109, "api key not found");
        key.nextNonce = BigInt(nonce);
        return { body: { code: 200 } };
      },
    },
  });
  return {
    ...standIn,
    trade,
    close: async () => {
      engine.stop();
      feed.stop();
      forgetCancelAlls();
      await standIn.close();
    },
  };
}
