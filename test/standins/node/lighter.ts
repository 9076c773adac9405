/**
 * A local Lighter that behaves like the exchange for the gateway's tests: it verifies every signature with
 * the signing core's verifier, enforces strictly incremental nonces per (account, API key), checks auth
 * tokens, and serves market data from fixtures. Faults come from the shared stand-in server.
 *
 * Test-only helpers (not Lighter's):
 *   GET  /__standin/accepted?account_index=  every accepted tx, in acceptance order
 *   POST /__standin/nonce {account_index, api_key_index, nonce}  move a key's nonce (another client used it)
 *   GET  /__standin/cancel-all?account_index=  the account's CancelAllOrders (tx type 16) bookkeeping:
 *        {scheduled_time, immediate_at: [ms…], fired: [{time, at}…], aborted_at: [ms…]}
 *
 * The stand-in keeps no resting orders (accountActiveOrders answers a fixed sample), so a cancel-all has
 * nothing to cancel. What it keeps is the time: an immediate cancel-all is recorded when accepted; a
 * scheduled one (TimeInForce 1) replaces the account's scheduled time, an abort (2) clears it, and when the
 * time passes without a newer one the stand-in records that it fired (where Lighter would cancel every
 * order of the account). No lead time is enforced: Lighter documents none (lighter/SPEC.md §2.4).
 */
import { bytesToHex, hashToQuinticExtension, hexToBytes, parsePrivateKey, publicKeyFromPrivate, schnorrVerify } from "../../../src/venues/lighter/crypto";
import { authMessageElements } from "../../../src/venues/lighter/tx/auth-token";
import { parseJsonLossless } from "../../../src/lossless-json";
import { txHash, verifyTx } from "../../../src/venues/lighter/tx";
import { lighterMarketDataRoutes } from "./lighter-market-data";
import { startStandIn, type StandIn, type StandInReply } from "./server";
import type { AcceptedTx } from "../lighter-accepted";

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


function fail(code: number, message: string, status = 400): StandInReply {
  return { status, body: { code, message } };
}

function initialKeys(): Map<number, Map<number, RegisteredKey>> {
  const own = bytesToHex(publicKeyFromPrivate(parsePrivateKey(STANDIN_PRIVATE_KEY)));
  const accounts = new Map<number, Map<number, RegisteredKey>>();
  accounts.set(STANDIN_ACCOUNT, new Map([3, 4, 5, 6].map((index) => [index, { publicKey: own, nextNonce: BigInt(index * 100) }])));
  accounts.set(STANDIN_FOREIGN_ACCOUNT, new Map([[3, { publicKey: FOREIGN_PUBLIC_KEY, nextNonce: 0n }]]));
  return accounts;
}

export async function startLighterStandIn(port: number): Promise<StandIn> {
  let accounts = initialKeys();
  let accepted: AcceptedTx[] = [];
  let cancelAlls = new Map<string, CancelAllBook>();
  const ownKey = bytesToHex(publicKeyFromPrivate(parsePrivateKey(STANDIN_PRIVATE_KEY)));

  function keysOf(accountIndex: number): Map<number, RegisteredKey> | undefined {
    let keys = accounts.get(accountIndex);
    if (keys === undefined && accountIndex >= ON_DEMAND_ACCOUNTS.first && accountIndex <= ON_DEMAND_ACCOUNTS.last) {
      keys = new Map(Array.from({ length: ON_DEMAND_ACCOUNTS.keys }, (_, index) => [index, { publicKey: ownKey, nextNonce: BigInt(index * 100) }]));
      accounts.set(accountIndex, keys);
    }
    return keys;
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
    for (const record of records) if (record.tx_type === 16) noteCancelAll(record);
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

  function armScheduledCancelAll(book: CancelAllBook, time: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      if (book.scheduled?.time !== time) return;
      const now = Date.now();
      if (now < time) {
        book.scheduled.timer = armScheduledCancelAll(book, time);
        return;
      }
      book.scheduled = null;
      book.fired.push({ time, at: now });
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
    book.scheduled = { time, timer: armScheduledCancelAll(book, time) };
  }

  function forgetCancelAlls(): void {
    for (const book of cancelAlls.values()) if (book.scheduled !== null) clearTimeout(book.scheduled.timer);
    cancelAlls = new Map();
  }

  const quota = { ratelimit: "didn't use volume quota" };

  return startStandIn({
    port,
    onReset: () => {
      accounts = initialKeys();
      accepted = [];
      forgetCancelAlls();
    },
    routes: {
      ...lighterMarketDataRoutes,
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
        return {
          body: {
            code: 200,
            total: 1,
            accounts: [
              {
                account_type: 0,
                index,
                l1_address: "0x0000000000000000000000000000000000000001",
                available_balance: "12582.743947",
                collateral: "9100.242706",
                status: 1,
                positions: [{ market_id: 0, symbol: "ETH", sign: 1, position: "18.0193", avg_entry_price: "2669.84", unrealized_pnl: "6197.829558" }],
                assets: [{ symbol: "USDC", asset_id: 3, balance: "1000.000000", locked_balance: "0.000000" }],
              },
            ],
          },
        };
      },
      "GET /api/v1/accountActiveOrders": ({ url, headers }) => {
        const token = headers.authorization ?? url.searchParams.get("auth") ?? "";
        const match = /^(\d+):(\d+):(\d+):([0-9a-f]{160})$/.exec(token);
        if (match === null) return fail(20013, "invalid auth token");
        const [, deadline, account, apiKey, signature] = match as unknown as [string, string, string, string, string];
        const key = keysOf(Number(account))?.get(Number(apiKey));
        const message = `${deadline}:${account}:${apiKey}`;
        const hash = hashToQuinticExtension(authMessageElements(message));
        if (key === undefined || !schnorrVerify(hexToBytes(key.publicKey), hash, hexToBytes(signature))) return fail(20013, "invalid auth token");
        if (Number(deadline) * 1000 < Date.now()) return fail(20013, "auth token expired");
        if (account !== url.searchParams.get("account_index")) return fail(20013, "auth token is for another account");
        // An order index above 2^53, as Lighter sends them: the gateway must pass it on digit for digit.
        return {
          body: {
            rawJson: `{"code":200,"orders":[{"order_index":1152921504606846975,"order_id":"1152921504606846975","client_order_index":99,"market_index":0,"price":"3500.00","remaining_base_amount":"0.1000","is_ask":false,"status":"open"}]}`,
          },
        };
      },
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
}
