/**
 * A local Hyperliquid exchange (perpetuals, main dex) for the gateway's integration tests and benchmarks:
 * `POST /exchange` verifies L1 action signatures and nonces like the venue and runs the actions against
 * a price-time book per coin; `POST /info` answers the account queries a trading gateway makes.
 * Wire formats, error strings and rules follow ../../../../shared/hyperliquid/SPEC.md (§2, §3, §7, §8, §10).
 *
 * How the node is imitated:
 * - The action is rebuilt from its parsed fields in the documented key order (SPEC §2), with decimal
 *   strings in their canonical form (no trailing zeros), cloids and builder addresses lowercased, and
 *   `null` optional keys dropped; the rebuilt action is hashed and the signer recovered from that. So an
 *   action signed with another key order, or with "97100.0" where the node reads 97100, recovers some
 *   other address and is refused as `User or API Wallet 0x… does not exist.`, as on the venue.
 * - Checks, in order: body shape (HTTP 422 text/plain), known action type, signature, signer registered
 *   (an agent within its validUntil, or a user signing for itself), expiresAfter not past, vaultAddress
 *   registered for the signer's user, nonce. An action that passes these is recorded and uses its nonce
 *   even when the action itself then fails (a scheduleCancel too soon, a bad leverage).
 * - Nonces per signer: within (now − 2 days, now + 1 day), never used, and above the smallest of the 100
 *   highest once 100 are stored.
 * - Orders: asset = index in the fixture's `meta.universe`; price ≤ 5 significant figures unless an
 *   integer, ≤ 6 − szDecimals decimals; size ≤ szDecimals decimals and > 0; value ≥ $10 (a reduce-only
 *   order closing the whole position is exempt); reduce-only must reduce (a larger one is cut to the
 *   position); margin = notional of the part that adds exposure / leverage, against account value −
 *   position margin − margin held by resting orders. Ioc fills what crosses and drops the rest (a
 *   partial fill answers `filled` with the smaller totalSz); Gtc fills what crosses and rests the rest
 *   (answering `resting` when anything rests); Alo that would cross is refused. Trigger orders are
 *   stored as open and answer `resting`; they never trigger. Self-trade: the taker's own resting order
 *   is canceled (`selfTradeCanceled`) and matching goes on behind it.
 * - Fees: taker 0.045 %, maker 0.015 % of the notional, rounded to 6 decimals, paid from collateral with
 *   the realized PnL. Mark price = mid of the book (rounded down), or the fixture's markPx for a side-less
 *   book. Leverage defaults to cross min(20, maxLeverage) (isolated for onlyIsolated coins).
 * - modify/batchModify: the order is replaced by a new one with a NEW oid (the old one becomes
 *   `canceled`); if the new order is refused the old one rests again (at the back of its level).
 *   An unknown or closed order answers `Cannot modify canceled or filled order`.
 * - scheduleCancel: per account; `time` ≥ now + the minimum delay (5 s unless control changes it);
 *   at most 10 triggers per UTC day (setting it is refused once 10 fired today); when it fires every open
 *   order of the account is canceled with status `scheduledCancel`.
 * - Oids start above 2^32 (they are u64 on the venue) and, like trade ids, keep counting across resets.
 * - Funding is paid when a test says so (control below): usdc = −szi × mark × rate, rounded to 6 decimals,
 *   positive = received; it moves collateral and the position's cumFunding (positive = paid, the opposite
 *   sign) and is kept for `userFunding`.
 * - Every fill, every order status change (resting `open`, then `filled`, `canceled`, `scheduledCancel`,
 *   `selfTradeCanceled`, `reduceOnlyCanceled`, a refusal kept for its cloid…) and every funding payment
 *   goes to the account-event listener: the WebSocket feed (hyperliquid-feed.ts) pushes them.
 *
 * Control (test-only, JSON):
 *   POST /__control/hyperliquid/agent  {agent?, user?, name?, validUntil?, marginUsd?}
 *        registers an agent for a user; without `agent` a random key is made and returned as agentKey,
 *        without `user` a random user; answers {agent, user, agentKey?}
 *   POST /__control/hyperliquid/vault  {user, vault, kind?: "subAccount"|"vault"}  user may trade for vault
 *   POST /__control/hyperliquid/book   {coin, bids:[[px,sz],…], asks:[[px,sz],…]}  replaces the stand-in's
 *        own liquidity for the coin (accounts' resting orders stay; the new levels do not match them)
 *   POST /__control/hyperliquid/margin {user, marginUsd}  sets an account's USD collateral
 *   POST /__control/hyperliquid/config {network?: "mainnet"|"testnet", scheduleCancelMinDelayMs?}
 *   POST /__control/hyperliquid/funding {coin, rate, user?, time?}  pays funding on every open position in
 *        the coin (or only the user's) at the current mark; answers {payments: [{user, …funding}]}
 *   GET  /__control/hyperliquid/state?user=0x…  HyperliquidStandInState (all accounts without `user`)
 * `POST /__control/reset` restores the default: mainnet, the fixture books, the default agent and user.
 */
import { randomBytes } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { actionHash, addressFromPrivateKey, l1Digest, recoverSigner, type Signature } from "../../../src/venues/hyperliquid/signing";
import {
  HYPERLIQUID_DEFAULT_AGENT,
  HYPERLIQUID_DEFAULT_MARGIN_USD,
  HYPERLIQUID_DEFAULT_SCHEDULE_CANCEL_MIN_DELAY_MS,
  HYPERLIQUID_DEFAULT_USER,
  type HyperliquidFundingPayment,
  type HyperliquidNetwork,
  type HyperliquidStandInAccount,
  type HyperliquidStandInAction,
  type HyperliquidStandInFill,
  type HyperliquidStandInFunding,
  type HyperliquidStandInOrder,
  type HyperliquidStandInOrderUpdate,
  type HyperliquidStandInState,
} from "../hyperliquid-control";
import { OrderBook } from "./order-book";
import type { Routes, StandInReply, StandInRequest } from "./server";

export interface PerpAssetMeta {
  name: string;
  szDecimals: number;
  maxLeverage: number;
  onlyIsolated?: boolean;
  isDelisted?: boolean;
}

export interface PerpMeta {
  universe: PerpAssetMeta[];
}

const DAY_MS = 86_400_000;
const NONCES_KEPT = 100;
const MICRO = 1_000_000n;
/** Price decimals + size decimals = 6 for perps, so price units × size units = micro-USD. */
const MAX_DECIMALS = 6;
const MIN_NOTIONAL = 10n * MICRO;
const TAKER_FEE_PPM = 450n;
const MAKER_FEE_PPM = 150n;
const DEFAULT_LEVERAGE = 20;
/** Above 2^32, so the gateway meets u64 oids as on the venue; below 2^53, so JSON numbers stay exact. */
const FIRST_OID = 100_000_000_000;
const FIRST_TID = 500_000_000_000;
const ACTIONS_KEPT = 50_000;
const FILLS_KEPT = 10_000;
/** The most recent fills `userFills` (and the WebSocket snapshot) return, and a `userFillsByTime` page. */
const FILLS_PAGE = 2000;
const FUNDINGS_KEPT = 10_000;
const FUNDING_PAGE = 500;
/** Funding is no transaction of the user's: its rows carry no hash of one. */
const ZERO_HASH = `0x${"0".repeat(64)}`;
const CLOSED_ORDERS_KEPT = 10_000;
const SCHEDULE_CANCEL_TRIGGERS_PER_DAY = 10;
const DEFAULT_LEVELS = 5;
const LEVEL_NOTIONAL_MICRO = 1_000_000n * MICRO;
const MAX_TIMER_MS = 2_147_483_647;

const MISSING_ORDER = "Order was never placed, already canceled, or filled.";
const CANNOT_MODIFY = "Cannot modify canceled or filled order";
const UNPROCESSABLE: StandInReply = {
  status: 422,
  headers: { "Content-Type": "text/plain; charset=utf-8" },
  body: { rawJson: "Failed to deserialize the JSON body into the target type" },
};

// ---------------------------------------------------------------------------------------------------
// Decimals

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const SIGNED_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const CLOID = /^0x[0-9a-fA-F]{32}$/;
const HEX = /^0x[0-9a-fA-F]{1,64}$/;

/** The node's own form of a decimal string: no leading zeros, no trailing fraction zeros. */
function canonicalDecimal(text: string): string {
  const match = DECIMAL.exec(text);
  if (match === null) return text;
  const whole = (match[1] as string).replace(/^0+(?=\d)/, "");
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  return fraction === "" ? whole : `${whole}.${fraction}`;
}

/** A decimal string as an integer in units of 10^-decimals; undefined when it has more decimals. */
function parseUnits(text: string, decimals: number): bigint | undefined {
  const match = DECIMAL.exec(text);
  if (match === null) return undefined;
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > decimals) return undefined;
  return BigInt(`${match[1] as string}${fraction.padEnd(decimals, "0")}`);
}

/** As the venue prints numbers: trailing zeros dropped but at least one decimal ("0.0", "97010.0"). */
function formatUnits(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "") || "0";
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

const formatUsd = (micro: bigint): string => formatUnits(micro, 6);

function divRound(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

function divCeil(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}

const abs = (value: bigint): bigint => (value < 0n ? -value : value);

/** Price rule (SPEC §3.2): ≤ 6 − szDecimals decimals and ≤ 5 significant figures unless an integer. */
function parsePrice(text: string, szDecimals: number): bigint | undefined {
  const match = DECIMAL.exec(text);
  if (match === null) return undefined;
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction !== "" && `${match[1] as string}${fraction}`.replace(/^0+/, "").length > 5) return undefined;
  const units = parseUnits(text, MAX_DECIMALS - szDecimals);
  return units === undefined || units <= 0n ? undefined : units;
}

// ---------------------------------------------------------------------------------------------------
// Actions as the node rebuilds them (SPEC §2)

type Tif = "Gtc" | "Alo" | "Ioc" | "FrontendMarket";

interface OrderWire {
  a: number;
  b: boolean;
  p: string;
  s: string;
  r: boolean;
  t: { limit: { tif: Tif } } | { trigger: { isMarket: boolean; triggerPx: string; tpsl: "tp" | "sl" } };
  c?: string;
}

type Action =
  | { type: "order"; orders: OrderWire[]; grouping: unknown; builder?: { b: string; f: number } }
  | { type: "cancel"; cancels: Array<{ a: number; o: number }> }
  | { type: "cancelByCloid"; cancels: Array<{ asset: number; cloid: string }> }
  | { type: "modify"; oid: number | string; order: OrderWire }
  | { type: "batchModify"; modifies: Array<{ oid: number | string; order: OrderWire }> }
  | { type: "scheduleCancel"; time?: number }
  | { type: "updateLeverage"; asset: number; isCross: boolean; leverage: number }
  | { type: "updateIsolatedMargin"; asset: number; isBuy: boolean; ntli: number }
  | { type: "noop" };

type Json = Record<string, unknown>;

function record(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

const isUint = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
const isInt = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value);
const isDecimal = (value: unknown): value is string => typeof value === "string" && DECIMAL.test(value);
const isCloid = (value: unknown): value is string => typeof value === "string" && CLOID.test(value);

function rebuildOrderWire(value: unknown): OrderWire | undefined {
  const wire = record(value);
  if (wire === undefined || !isUint(wire.a) || typeof wire.b !== "boolean" || !isDecimal(wire.p) || !isDecimal(wire.s) || typeof wire.r !== "boolean") return undefined;
  const type = record(wire.t);
  if (type === undefined) return undefined;
  let t: OrderWire["t"];
  const limit = record(type.limit);
  const trigger = record(type.trigger);
  if (limit !== undefined && trigger === undefined) {
    if (limit.tif !== "Gtc" && limit.tif !== "Alo" && limit.tif !== "Ioc" && limit.tif !== "FrontendMarket") return undefined;
    t = { limit: { tif: limit.tif } };
  } else if (trigger !== undefined && limit === undefined) {
    if (typeof trigger.isMarket !== "boolean" || !isDecimal(trigger.triggerPx) || (trigger.tpsl !== "tp" && trigger.tpsl !== "sl")) return undefined;
    t = { trigger: { isMarket: trigger.isMarket, triggerPx: canonicalDecimal(trigger.triggerPx), tpsl: trigger.tpsl } };
  } else {
    return undefined;
  }
  const out: OrderWire = { a: wire.a, b: wire.b, p: canonicalDecimal(wire.p), s: canonicalDecimal(wire.s), r: wire.r, t };
  if (wire.c !== undefined && wire.c !== null) {
    if (!isCloid(wire.c)) return undefined;
    out.c = wire.c.toLowerCase();
  }
  return out;
}

function rebuildOid(value: unknown): number | string | undefined {
  if (isUint(value)) return value;
  return isCloid(value) ? value.toLowerCase() : undefined;
}

function rebuildGrouping(value: unknown): unknown {
  if (value === "na" || value === "normalTpsl" || value === "positionTpsl") return value;
  const priority = record(value);
  return priority !== undefined && isUint(priority.p) ? { p: priority.p } : undefined;
}

/** The action in the node's form; "unknown" for a type it does not have; undefined when malformed. */
function rebuildAction(value: Json): Action | "unknown" | undefined {
  switch (value.type) {
    case "order": {
      if (!Array.isArray(value.orders)) return undefined;
      const orders = value.orders.map(rebuildOrderWire);
      const grouping = rebuildGrouping(value.grouping);
      if (orders.some((order) => order === undefined) || grouping === undefined) return undefined;
      const action: Action = { type: "order", orders: orders as OrderWire[], grouping };
      if (value.builder !== undefined && value.builder !== null) {
        const builder = record(value.builder);
        if (builder === undefined || typeof builder.b !== "string" || !ADDRESS.test(builder.b) || !isUint(builder.f)) return undefined;
        action.builder = { b: builder.b.toLowerCase(), f: builder.f };
      }
      return action;
    }
    case "cancel": {
      if (!Array.isArray(value.cancels)) return undefined;
      const cancels = value.cancels.map((item) => {
        const cancel = record(item);
        return cancel !== undefined && isUint(cancel.a) && isUint(cancel.o) ? { a: cancel.a, o: cancel.o } : undefined;
      });
      return cancels.some((cancel) => cancel === undefined) ? undefined : { type: "cancel", cancels: cancels as Array<{ a: number; o: number }> };
    }
    case "cancelByCloid": {
      if (!Array.isArray(value.cancels)) return undefined;
      const cancels = value.cancels.map((item) => {
        const cancel = record(item);
        return cancel !== undefined && isUint(cancel.asset) && isCloid(cancel.cloid) ? { asset: cancel.asset, cloid: cancel.cloid.toLowerCase() } : undefined;
      });
      return cancels.some((cancel) => cancel === undefined) ? undefined : { type: "cancelByCloid", cancels: cancels as Array<{ asset: number; cloid: string }> };
    }
    case "modify": {
      const oid = rebuildOid(value.oid);
      const order = rebuildOrderWire(value.order);
      return oid === undefined || order === undefined ? undefined : { type: "modify", oid, order };
    }
    case "batchModify": {
      if (!Array.isArray(value.modifies)) return undefined;
      const modifies = value.modifies.map((item) => {
        const modify = record(item);
        const oid = modify === undefined ? undefined : rebuildOid(modify.oid);
        const order = modify === undefined ? undefined : rebuildOrderWire(modify.order);
        return oid === undefined || order === undefined ? undefined : { oid, order };
      });
      return modifies.some((modify) => modify === undefined)
        ? undefined
        : { type: "batchModify", modifies: modifies as Array<{ oid: number | string; order: OrderWire }> };
    }
    case "scheduleCancel":
      if (value.time === undefined || value.time === null) return { type: "scheduleCancel" };
      return isUint(value.time) ? { type: "scheduleCancel", time: value.time } : undefined;
    case "updateLeverage":
      return isUint(value.asset) && typeof value.isCross === "boolean" && isUint(value.leverage)
        ? { type: "updateLeverage", asset: value.asset, isCross: value.isCross, leverage: value.leverage }
        : undefined;
    case "updateIsolatedMargin":
      return isUint(value.asset) && typeof value.isBuy === "boolean" && isInt(value.ntli)
        ? { type: "updateIsolatedMargin", asset: value.asset, isBuy: value.isBuy, ntli: value.ntli }
        : undefined;
    case "noop":
      return { type: "noop" };
    default:
      return typeof value.type === "string" ? "unknown" : undefined;
  }
}

interface Envelope {
  action: Json;
  nonce: number;
  signature: Signature;
  vaultAddress: string | null;
  expiresAfter: number | null;
}

function parseEnvelope(body: unknown): Envelope | undefined {
  const envelope = record(body);
  if (envelope === undefined) return undefined;
  const action = record(envelope.action);
  const signature = record(envelope.signature);
  if (action === undefined || signature === undefined || !isUint(envelope.nonce)) return undefined;
  if (typeof signature.r !== "string" || !HEX.test(signature.r) || typeof signature.s !== "string" || !HEX.test(signature.s) || !isUint(signature.v)) return undefined;
  const vault = envelope.vaultAddress ?? null;
  if (vault !== null && (typeof vault !== "string" || !ADDRESS.test(vault))) return undefined;
  const expiresAfter = envelope.expiresAfter ?? null;
  if (expiresAfter !== null && !isUint(expiresAfter)) return undefined;
  // Both SDKs' forms are accepted: 32-byte padded r/s and r/s with their leading zeros dropped.
  const pad = (hex: string) => `0x${hex.slice(2).toLowerCase().padStart(64, "0")}`;
  return {
    action,
    nonce: envelope.nonce,
    signature: { r: pad(signature.r), s: pad(signature.s), v: signature.v },
    vaultAddress: vault === null ? null : vault.toLowerCase(),
    expiresAfter,
  };
}

// ---------------------------------------------------------------------------------------------------
// Signer recovery

/** A signer seen this often gets a precomputed public-key table (~25 ms once): one-off test agents never do. */
const FAST_AFTER_RECOVERIES = 8;
const FAST_SIGNERS_KEPT = 4;
/** How many of the most recent fast signers a request is tried against before a full recovery. */
const FAST_SIGNERS_TRIED = 2;

interface FastSigner {
  address: string;
  point: InstanceType<typeof secp256k1.Point>;
}

/**
 * The signer of a digest, as the signing module's `recoverSigner` finds it, but ~3× faster for the
 * signers that send most (a benchmark's agent): for those, the signature is checked against the known
 * public key with a precomputed table, R = u1·G + u2·Q, and accepted only when R's x is exactly r and
 * R's y parity is v − 27 — exactly when recovery would give Q. Anything else goes through recoverSigner.
 */
class SignerRecovery {
  private readonly recoveries = new Map<string, number>();
  private fast: FastSigner[] = [];

  recover(digest: Uint8Array, signature: Signature): string {
    const parsed = this.parse(signature);
    if (parsed !== undefined) {
      const tried = Math.min(FAST_SIGNERS_TRIED, this.fast.length);
      for (let index = 0; index < tried; index += 1) {
        const entry = this.fast[index] as FastSigner;
        if (this.signedBy(entry.point, digest, parsed)) {
          if (index > 0) this.fast = [entry, ...this.fast.filter((other) => other !== entry)];
          return entry.address;
        }
      }
    }
    const address = recoverSigner(digest, signature).toLowerCase();
    if (parsed === undefined) return address;
    if (this.recoveries.size > 10_000) this.recoveries.clear();
    const count = (this.recoveries.get(address) ?? 0) + 1;
    this.recoveries.set(address, count);
    if (count === FAST_AFTER_RECOVERIES) {
      const point = new secp256k1.Signature(parsed.r, parsed.s, parsed.recovery).recoverPublicKey(digest);
      // The same key, checked: keccak of x‖y, last 20 bytes.
      if (toHex(keccak_256(point.toBytes(false).subarray(1)).subarray(12)) === address) {
        this.fast = [{ address, point: point.precompute(6, false) }, ...this.fast].slice(0, FAST_SIGNERS_KEPT);
      }
    }
    return address;
  }

  private parse(signature: Signature): { r: bigint; s: bigint; recovery: number } | undefined {
    const n = secp256k1.Point.Fn.ORDER;
    const r = BigInt(signature.r);
    const s = BigInt(signature.s);
    if (r <= 0n || r >= n || s <= 0n || s >= n || (signature.v !== 27 && signature.v !== 28)) return undefined;
    return { r, s, recovery: signature.v - 27 };
  }

  private signedBy(point: FastSigner["point"], digest: Uint8Array, { r, s, recovery }: { r: bigint; s: bigint; recovery: number }): boolean {
    const Fn = secp256k1.Point.Fn;
    const h = Fn.create(BigInt(toHex(digest)));
    const sInverse = Fn.inv(s);
    const R = secp256k1.Point.BASE.multiplyUnsafe(Fn.create(h * sInverse)).add(point.multiplyUnsafe(Fn.create(r * sInverse)));
    if (R.is0()) return false;
    const { x, y } = R.toAffine();
    return x === r && Number(y & 1n) === recovery;
  }
}

// ---------------------------------------------------------------------------------------------------
// State

interface Market {
  asset: number;
  name: string;
  szDecimals: number;
  pxDecimals: number;
  maxLeverage: number;
  onlyIsolated: boolean;
  isDelisted: boolean;
  /** The fixture's markPx, in price units. */
  fixtureMark: bigint;
  book: OrderBook;
}

interface Leverage {
  type: "cross" | "isolated";
  value: number;
}

interface Position {
  /** Signed, size units. */
  szi: bigint;
  /** |szi| × entry price, micro-USD. */
  entryNtl: bigint;
  /** Funding paid (positive) since the position opened and since its size last changed, micro-USD. */
  fundingSinceOpen: bigint;
  fundingSinceChange: bigint;
}

interface Order {
  oid: number;
  cloid: string | null;
  account: Account;
  market: Market;
  isBuy: boolean;
  limitPx: bigint;
  origSz: bigint;
  /** Remaining. */
  sz: bigint;
  reduceOnly: boolean;
  tif: Tif | null;
  trigger: { isMarket: boolean; triggerPx: bigint; tpsl: "tp" | "sl" } | null;
  status: string;
  timestamp: number;
  statusTimestamp: number;
  /** Leverage the margin hold was computed with. */
  leverage: number;
  /** Margin held while it rests, micro-USD. */
  held: bigint;
  onBook: boolean;
}

interface Account {
  address: string;
  collateral: bigint;
  positions: Map<number, Position>;
  leverage: Map<number, Leverage>;
  open: Map<number, Order>;
  /** Closed and rejected orders, oldest first, at most CLOSED_ORDERS_KEPT. */
  closed: Map<number, Order>;
  /** The latest order with each cloid. */
  byCloid: Map<string, Order>;
  fills: HyperliquidStandInFill[];
  /** Oldest first. */
  fundings: HyperliquidStandInFunding[];
  /** Funding paid (positive) per asset over the account's life, positions closed or not, micro-USD. */
  fundingAllTime: Map<number, bigint>;
  held: bigint;
  cumVlm: bigint;
  requests: number;
  scheduled: { time: number; timer: NodeJS.Timeout } | null;
  triggers: { day: number; count: number };
}

/** What happens to accounts, as the venue's account streams report it (hyperliquid-feed.ts listens). */
export interface AccountEvents {
  fill(user: string, fill: HyperliquidStandInFill): void;
  order(user: string, update: HyperliquidStandInOrderUpdate): void;
  funding(user: string, funding: HyperliquidStandInFunding): void;
}

interface Agent {
  user: string;
  name: string | null;
  validUntil: number | null;
}

interface Vault {
  user: string;
  kind: "subAccount" | "vault";
}

/** What one action runs with. */
interface Context {
  account: Account;
  now: number;
  /** The action hash as hex: the fills' `hash`. */
  hash: string;
}

type OrderStatus =
  | { resting: { oid: number; cloid?: string } }
  | { filled: { totalSz: string; avgPx: string; oid: number; cloid?: string } }
  | { error: string };

type CancelStatus = "success" | { error: string };

const ok = (response: unknown) => ({ status: "ok", response });
const err = (message: string) => ({ status: "err", response: message });
const DEFAULT_RESPONSE = ok({ type: "default" });

function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString("hex")}`;
}

function utcDay(time: number): number {
  return Math.floor(time / DAY_MS);
}

/** What every view of an order shows (openOrders, frontendOpenOrders, orderUpdates): coin, side, prices and sizes. */
function orderBasics(order: Order) {
  const { market } = order;
  return {
    coin: market.name,
    side: order.isBuy ? ("B" as const) : ("A" as const),
    limitPx: formatUnits(order.limitPx, market.pxDecimals),
    sz: formatUnits(order.sz, market.szDecimals),
    oid: order.oid,
    timestamp: order.timestamp,
    origSz: formatUnits(order.origSz, market.szDecimals),
  };
}

export class HyperliquidExchange {
  private readonly meta: PerpMeta;
  private readonly markets: Market[];
  private readonly byCoin = new Map<string, Market>();
  private network: HyperliquidNetwork = "mainnet";
  private scheduleCancelMinDelayMs = HYPERLIQUID_DEFAULT_SCHEDULE_CANCEL_MIN_DELAY_MS;
  private agents = new Map<string, Agent>();
  private users = new Set<string>();
  private vaults = new Map<string, Vault>();
  private accounts = new Map<string, Account>();
  /** Per signer: the highest nonces used, ascending, at most NONCES_KEPT. */
  private nonces = new Map<string, number[]>();
  /** Every open order by oid (the books hold their ids). */
  private openOrders = new Map<number, Order>();
  private actions: HyperliquidStandInAction[] = [];
  private actionsDropped = 0;
  private actionSeq = 0;
  private nextOid = FIRST_OID;
  private nextTid = FIRST_TID;
  private nextLiquidityId = -1;
  /** A cache of public-key tables, not venue state: kept across resets. */
  private readonly signers = new SignerRecovery();
  private events: AccountEvents | undefined;

  constructor(meta: PerpMeta, assetCtxs: Array<{ markPx?: string | null }>) {
    this.meta = meta;
    this.markets = meta.universe.map((asset, index) => {
      const pxDecimals = MAX_DECIMALS - asset.szDecimals;
      const markText = assetCtxs[index]?.markPx;
      const market: Market = {
        asset: index,
        name: asset.name,
        szDecimals: asset.szDecimals,
        pxDecimals,
        maxLeverage: asset.maxLeverage,
        onlyIsolated: asset.onlyIsolated === true,
        isDelisted: asset.isDelisted === true,
        fixtureMark: (markText == null ? undefined : parseUnits(markText, pxDecimals)) ?? 0n,
        book: new OrderBook(),
      };
      this.byCoin.set(asset.name, market);
      return market;
    });
    this.reset();
  }

  /** Back to the default state: mainnet, fixture books, the default agent and user, nothing else. */
  reset(): void {
    for (const account of this.accounts.values()) if (account.scheduled !== null) clearTimeout(account.scheduled.timer);
    this.network = "mainnet";
    this.scheduleCancelMinDelayMs = HYPERLIQUID_DEFAULT_SCHEDULE_CANCEL_MIN_DELAY_MS;
    this.agents = new Map([[HYPERLIQUID_DEFAULT_AGENT, { user: HYPERLIQUID_DEFAULT_USER, name: null, validUntil: null }]]);
    this.users = new Set([HYPERLIQUID_DEFAULT_USER]);
    this.vaults = new Map();
    this.accounts = new Map();
    this.nonces = new Map();
    this.openOrders = new Map();
    this.actions = [];
    this.actionsDropped = 0;
    this.actionSeq = 0;
    for (const market of this.markets) {
      market.book = new OrderBook();
      this.seedBook(market);
    }
  }

  /** Sends every fill, order status change and funding payment to `events` from now on. */
  listen(events: AccountEvents): void {
    this.events = events;
  }

  /** Stops the scheduled-cancel timers (the server is closing). */
  stop(): void {
    for (const account of this.accounts.values()) {
      if (account.scheduled !== null) clearTimeout(account.scheduled.timer);
      account.scheduled = null;
    }
  }

  /** DEFAULT_LEVELS levels a side, 5 units of the fifth significant figure apart, $1M each. */
  private seedBook(market: Market): void {
    const mark = market.fixtureMark;
    if (mark <= 0n) return;
    const exponent = mark.toString().length - 1 - market.pxDecimals;
    const unitExponent = exponent - 4 + market.pxDecimals;
    const step = 5n * (unitExponent > 0 ? 10n ** BigInt(unitExponent) : 1n);
    const size = divCeil(LEVEL_NOTIONAL_MICRO, mark);
    const bids: Array<[bigint, bigint]> = [];
    const asks: Array<[bigint, bigint]> = [];
    for (let level = 1; level <= DEFAULT_LEVELS; level += 1) {
      if (mark - BigInt(level) * step > 0n) bids.push([mark - BigInt(level) * step, size]);
      asks.push([mark + BigInt(level) * step, size]);
    }
    this.setLiquidity(market, bids, asks);
  }

  private setLiquidity(market: Market, bids: Array<[bigint, bigint]>, asks: Array<[bigint, bigint]>): void {
    market.book.removeWhere((order) => order.owner === null);
    for (const [isBuy, levels] of [[true, bids], [false, asks]] as const) {
      for (const [price, size] of levels) market.book.add({ id: this.nextLiquidityId--, isBuy, price, size, owner: null });
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Accounts

  private account(address: string): Account {
    let account = this.accounts.get(address);
    if (account === undefined) {
      account = {
        address,
        collateral: parseUnits(HYPERLIQUID_DEFAULT_MARGIN_USD, 6) as bigint,
        positions: new Map(),
        leverage: new Map(),
        open: new Map(),
        closed: new Map(),
        byCloid: new Map(),
        fills: [],
        fundings: [],
        fundingAllTime: new Map(),
        held: 0n,
        cumVlm: 0n,
        requests: 0,
        scheduled: null,
        triggers: { day: 0, count: 0 },
      };
      this.accounts.set(address, account);
    }
    return account;
  }

  private leverageOf(account: Account, market: Market): Leverage {
    return account.leverage.get(market.asset) ?? { type: market.onlyIsolated ? "isolated" : "cross", value: Math.min(DEFAULT_LEVERAGE, market.maxLeverage) };
  }

  /** Mid of the book rounded down, or the fixture's mark when a side is empty. */
  private mark(market: Market): bigint {
    const bid = market.book.bestBid();
    const ask = market.book.bestAsk();
    return bid !== undefined && ask !== undefined ? (bid + ask) / 2n : market.fixtureMark;
  }

  private unrealized(market: Market, position: Position): bigint {
    const value = abs(position.szi) * this.mark(market);
    return position.szi > 0n ? value - position.entryNtl : position.entryNtl - value;
  }

  private accountValue(account: Account): bigint {
    let value = account.collateral;
    for (const [asset, position] of account.positions) value += this.unrealized(this.markets[asset] as Market, position);
    return value;
  }

  private positionMargin(account: Account): bigint {
    let margin = 0n;
    for (const [asset, position] of account.positions) {
      const market = this.markets[asset] as Market;
      margin += divCeil(abs(position.szi) * this.mark(market), BigInt(this.leverageOf(account, market).value));
    }
    return margin;
  }

  private freeMargin(account: Account): bigint {
    return this.accountValue(account) - this.positionMargin(account) - account.held;
  }

  // -------------------------------------------------------------------------------------------------
  // /exchange

  exchange(request: StandInRequest): StandInReply {
    const now = Date.now();
    const envelope = parseEnvelope(request.json);
    if (envelope === undefined) return UNPROCESSABLE;
    const action = rebuildAction(envelope.action);
    if (action === undefined) return UNPROCESSABLE;
    if (action === "unknown") return { body: err(`Unknown action type: ${String(envelope.action.type)}`) };

    let hash: Uint8Array;
    let signer: string;
    try {
      hash = actionHash(action, envelope.nonce, envelope.vaultAddress, envelope.expiresAfter);
      signer = this.signers.recover(l1Digest(hash, this.network === "mainnet"), envelope.signature);
    } catch {
      return { body: err("Invalid signature.") };
    }
    const user = this.userOf(signer, now);
    if (user === undefined) return { body: err(`User or API Wallet ${signer} does not exist.`) };
    if (envelope.expiresAfter !== null && envelope.expiresAfter < now) {
      return { body: err(`Action expired: expiresAfter ${envelope.expiresAfter} is before the current time ${now}.`) };
    }
    let accountAddress = user;
    if (envelope.vaultAddress !== null) {
      const vault = this.vaults.get(envelope.vaultAddress);
      if (vault === undefined || vault.user !== user) return { body: err(`Vault or sub-account ${envelope.vaultAddress} is not managed by ${user}.`) };
      accountAddress = envelope.vaultAddress;
    }
    const nonceError = this.useNonce(signer, envelope.nonce, now);
    if (nonceError !== undefined) return { body: err(nonceError) };

    const context: Context = { account: this.account(accountAddress), now, hash: toHex(hash) };
    const response = this.execute(action, context);
    this.actions.push({
      seq: ++this.actionSeq,
      time: now,
      signer,
      account: accountAddress,
      nonce: envelope.nonce,
      vaultAddress: envelope.vaultAddress,
      expiresAfter: envelope.expiresAfter,
      type: action.type,
      action: envelope.action,
      response,
    });
    if (this.actions.length > ACTIONS_KEPT + 1000) {
      this.actions.splice(0, 1000);
      this.actionsDropped += 1000;
    }
    return { body: response };
  }

  /** The account a signer acts for: an agent's user, or a user signing for itself. */
  private userOf(signer: string, now: number): string | undefined {
    const agent = this.agents.get(signer);
    if (agent !== undefined) return agent.validUntil === null || agent.validUntil > now ? agent.user : undefined;
    return this.users.has(signer) ? signer : undefined;
  }

  /** SPEC §7: unique, within (now − 2 d, now + 1 d), above the smallest of the 100 highest. */
  private useNonce(signer: string, nonce: number, now: number): string | undefined {
    const low = now - 2 * DAY_MS;
    const high = now + DAY_MS;
    if (nonce <= low || nonce >= high) return `Invalid nonce: nonce ${nonce} is outside the allowed window (${low}, ${high})`;
    let used = this.nonces.get(signer);
    if (used === undefined) {
      used = [];
      this.nonces.set(signer, used);
    }
    let lowIndex = 0;
    let highIndex = used.length;
    while (lowIndex < highIndex) {
      const middle = (lowIndex + highIndex) >>> 1;
      if ((used[middle] as number) < nonce) lowIndex = middle + 1;
      else highIndex = middle;
    }
    if (used[lowIndex] === nonce) return `Invalid nonce: duplicate nonce ${nonce}`;
    if (used.length >= NONCES_KEPT && nonce < (used[0] as number)) return `Invalid nonce: nonce too low ${nonce} < ${used[0] as number}`;
    used.splice(lowIndex, 0, nonce);
    if (used.length > NONCES_KEPT) used.shift();
    return undefined;
  }

  private execute(action: Action, context: Context): unknown {
    const { account } = context;
    switch (action.type) {
      case "order": {
        account.requests += action.orders.length;
        if (action.orders.length === 0) return err("Order batch is empty.");
        return ok({ type: "order", data: { statuses: action.orders.map((wire) => this.placeOrder(context, wire)) } });
      }
      case "cancel":
        account.requests += action.cancels.length;
        return ok({ type: "cancel", data: { statuses: action.cancels.map((cancel) => this.cancel(account, cancel.a, account.open.get(cancel.o), context.now)) } });
      case "cancelByCloid":
        account.requests += action.cancels.length;
        return ok({
          type: "cancel",
          data: { statuses: action.cancels.map((cancel) => this.cancel(account, cancel.asset, this.openByCloid(account, cancel.cloid), context.now)) },
        });
      case "modify": {
        account.requests += 1;
        const status = this.modify(context, action.oid, action.order);
        return "error" in status ? err(status.error) : DEFAULT_RESPONSE;
      }
      case "batchModify":
        account.requests += action.modifies.length;
        return ok({ type: "order", data: { statuses: action.modifies.map((modify) => this.modify(context, modify.oid, modify.order)) } });
      case "scheduleCancel":
        account.requests += 1;
        return this.scheduleCancel(account, action.time, context.now);
      case "updateLeverage": {
        account.requests += 1;
        const market = this.markets[action.asset];
        if (market === undefined) return err(`Unknown asset ${action.asset}.`);
        if (action.leverage < 1 || action.leverage > market.maxLeverage) return err(`Invalid leverage value: must be between 1 and ${market.maxLeverage}.`);
        if (action.isCross && market.onlyIsolated) return err("Cross margin is not allowed for this asset.");
        account.leverage.set(action.asset, { type: action.isCross ? "cross" : "isolated", value: action.leverage });
        return DEFAULT_RESPONSE;
      }
      case "updateIsolatedMargin":
        account.requests += 1;
        return this.markets[action.asset] === undefined ? err(`Unknown asset ${action.asset}.`) : DEFAULT_RESPONSE;
      case "noop":
        account.requests += 1;
        return DEFAULT_RESPONSE;
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Orders

  private placeOrder(context: Context, wire: OrderWire): OrderStatus {
    const { account, now } = context;
    const market = this.markets[wire.a];
    if (market === undefined) return { error: `Unknown asset ${wire.a}.` };
    const tif = "limit" in wire.t ? wire.t.limit.tif : null;
    const newOrder = (status: string, limitPx: bigint, sz: bigint, trigger: Order["trigger"]): Order => ({
      oid: this.nextOid++,
      cloid: wire.c ?? null,
      account,
      market,
      isBuy: wire.b,
      limitPx,
      origSz: sz,
      sz,
      reduceOnly: wire.r,
      tif,
      trigger,
      status,
      timestamp: now,
      statusTimestamp: now,
      leverage: this.leverageOf(account, market).value,
      held: 0n,
      onBook: false,
    });
    /** A refused order: kept for orderStatus when it has a cloid (so a client can look it up). */
    const reject = (message: string, status: string, limitPx = 0n, sz = 0n): OrderStatus => {
      if (wire.c !== undefined) this.keepClosed(newOrder(status, limitPx, sz, null));
      return { error: message };
    };

    if (market.isDelisted) return reject("Trading is halted for this asset.", "rejected");
    const px = parsePrice(wire.p, market.szDecimals);
    if (px === undefined) return reject("Order has invalid price.", "tickRejected");
    const requested = parseUnits(wire.s, market.szDecimals);
    if (requested === undefined || requested <= 0n) return reject("Order has invalid size.", "rejected", px);
    let trigger: Order["trigger"] = null;
    if ("trigger" in wire.t) {
      const triggerPx = parsePrice(wire.t.trigger.triggerPx, market.szDecimals);
      if (triggerPx === undefined) return reject("Invalid TP/SL price.", "badTriggerPxRejected", px, requested);
      trigger = { isMarket: wire.t.trigger.isMarket, triggerPx, tpsl: wire.t.trigger.tpsl };
    }

    const position = account.positions.get(market.asset)?.szi ?? 0n;
    let size = requested;
    if (wire.r) {
      const reduces = wire.b ? position < 0n : position > 0n;
      if (!reduces) return reject("Reduce only order would increase position.", "reduceOnlyRejected", px, requested);
      if (size > abs(position)) size = abs(position);
    }
    const closesPosition = wire.r && size === abs(position);
    if (px * size < MIN_NOTIONAL && !closesPosition) return reject("Order must have minimum value of $10.", "minTradeNtlRejected", px, size);

    if (trigger !== null) {
      const order = newOrder("open", px, size, trigger);
      this.rest(order, false);
      this.orderChanged(order);
      return this.resting(order);
    }

    const book = market.book;
    if (tif === "Alo" && book.crosses(wire.b, px)) {
      const bid = book.bestBid();
      const ask = book.bestAsk();
      const bbo = `${bid === undefined ? "None" : formatUnits(bid, market.pxDecimals)}@${ask === undefined ? "None" : formatUnits(ask, market.pxDecimals)}`;
      return reject(`Post only order would have immediately matched, bbo was ${bbo}.`, "badAloPxRejected", px, size);
    }
    if (!wire.r) {
      const reducible = (wire.b ? position < 0n : position > 0n) ? abs(position) : 0n;
      const adding = size > reducible ? size - reducible : 0n;
      const required = divCeil(px * adding, BigInt(this.leverageOf(account, market).value));
      if (required > 0n && required > this.freeMargin(account)) return reject("Insufficient margin to place order.", "perpMarginRejected", px, size);
    }
    const immediate = tif === "Ioc" || tif === "FrontendMarket";
    if (immediate && !book.crosses(wire.b, px)) return reject("Order could not immediately match against any resting orders.", "iocCancelRejected", px, size);

    const order = newOrder("open", px, size, null);
    const { filledSz, filledNtl } = this.matchTaker(order, context);
    if (immediate) {
      if (filledSz === 0n) {
        order.status = "iocCancelRejected";
        this.keepClosed(order);
        return { error: "Order could not immediately match against any resting orders." };
      }
      order.status = order.sz === 0n ? "filled" : "canceled";
      this.keepClosed(order);
      return this.filled(order, filledSz, filledNtl);
    }
    if (order.sz > 0n) {
      this.rest(order, true);
      this.orderChanged(order);
      return this.resting(order);
    }
    order.status = "filled";
    this.keepClosed(order);
    return this.filled(order, filledSz, filledNtl);
  }

  private resting(order: Order): OrderStatus {
    return { resting: order.cloid === null ? { oid: order.oid } : { oid: order.oid, cloid: order.cloid } };
  }

  private filled(order: Order, filledSz: bigint, filledNtl: bigint): OrderStatus {
    const totalSz = formatUnits(filledSz, order.market.szDecimals);
    const avgPx = this.formatAverage(order.market, filledNtl, filledSz);
    return { filled: order.cloid === null ? { totalSz, avgPx, oid: order.oid } : { totalSz, avgPx, oid: order.oid, cloid: order.cloid } };
  }

  /** ntl / sz as a price, to three decimals beyond the coin's price decimals. */
  private formatAverage(market: Market, ntl: bigint, sz: bigint): string {
    return sz === 0n ? "0.0" : formatUnits(divRound(ntl * 1000n, sz), market.pxDecimals + 3);
  }

  /** Matches a taker order against its book; books the fills of both sides. */
  private matchTaker(order: Order, context: Context): { filledSz: bigint; filledNtl: bigint } {
    const { market } = order;
    const result = market.book.match(order.isBuy, order.limitPx, order.sz, order.account.address);
    for (const own of result.selfTradeCanceled) {
      const canceled = this.openOrders.get(own.id);
      if (canceled !== undefined) {
        canceled.onBook = false;
        this.close(canceled, "selfTradeCanceled", context.now);
      }
    }
    let filledSz = 0n;
    let filledNtl = 0n;
    const touched = new Set<Account>([order.account]);
    for (const match of result.matches) {
      filledSz += match.size;
      filledNtl += match.price * match.size;
      this.fill(order.account, order, match.price, match.size, true, context);
      const maker = this.openOrders.get(match.maker.id);
      if (maker !== undefined) {
        maker.sz = match.maker.size;
        this.rehold(maker);
        this.fill(maker.account, maker, match.price, match.size, false, context);
        touched.add(maker.account);
        if (match.makerDone) {
          maker.onBook = false;
          this.close(maker, "filled", context.now);
        }
      }
    }
    order.sz = result.remaining;
    for (const account of touched) this.pruneReduceOnly(account, market, context.now);
    return { filledSz, filledNtl };
  }

  /** Books one fill: position, collateral (realized PnL − fee), volume, the fill record. */
  private fill(account: Account, order: Order, px: bigint, sz: bigint, crossed: boolean, context: Context): void {
    const { market } = order;
    let position = account.positions.get(market.asset);
    if (position === undefined) {
      position = { szi: 0n, entryNtl: 0n, fundingSinceOpen: 0n, fundingSinceChange: 0n };
      account.positions.set(market.asset, position);
    }
    const start = position.szi;
    const notional = px * sz;
    let closedPnl = 0n;
    const closing = start !== 0n && start > 0n !== order.isBuy;
    if (!closing) {
      position.entryNtl += notional;
    } else {
      const closed = sz < abs(start) ? sz : abs(start);
      const entryClosed = closed === abs(start) ? position.entryNtl : divRound(position.entryNtl * closed, abs(start));
      const exitNtl = px * closed;
      closedPnl = start > 0n ? exitNtl - entryClosed : entryClosed - exitNtl;
      position.entryNtl -= entryClosed;
      if (sz > closed) position.entryNtl = px * (sz - closed);
    }
    position.szi = start + (order.isBuy ? sz : -sz);
    position.fundingSinceChange = 0n;
    if (start !== 0n && position.szi !== 0n && start > 0n !== position.szi > 0n) position.fundingSinceOpen = 0n;
    if (position.szi === 0n) account.positions.delete(market.asset);
    const fee = divRound(notional * (crossed ? TAKER_FEE_PPM : MAKER_FEE_PPM), MICRO);
    account.collateral += closedPnl - fee;
    account.cumVlm += notional;

    let dir: string;
    if (start === 0n || start > 0n === order.isBuy) dir = order.isBuy ? "Open Long" : "Open Short";
    else if (sz <= abs(start)) dir = order.isBuy ? "Close Short" : "Close Long";
    else dir = order.isBuy ? "Short > Long" : "Long > Short";

    const fill: HyperliquidStandInFill = {
      coin: market.name,
      px: formatUnits(px, market.pxDecimals),
      sz: formatUnits(sz, market.szDecimals),
      side: order.isBuy ? "B" : "A",
      time: context.now,
      startPosition: formatUnits(start, market.szDecimals),
      dir,
      closedPnl: formatUsd(closedPnl),
      hash: context.hash,
      oid: order.oid,
      crossed,
      fee: formatUsd(fee),
      tid: this.nextTid++,
      ...(order.cloid === null ? {} : { cloid: order.cloid }),
      feeToken: "USDC",
      twapId: null,
    };
    account.fills.push(fill);
    if (account.fills.length > FILLS_KEPT + 1000) account.fills.splice(0, 1000);
    this.events?.fill(account.address, fill);
  }

  /** Resting reduce-only orders that would now increase the position are canceled (reduceOnlyCanceled). */
  private pruneReduceOnly(account: Account, market: Market, now: number): void {
    const position = account.positions.get(market.asset)?.szi ?? 0n;
    for (const order of [...account.open.values()]) {
      if (order.market !== market || !order.reduceOnly || order.trigger !== null) continue;
      const reduces = order.isBuy ? position < 0n : position > 0n;
      if (!reduces) this.close(order, "reduceOnlyCanceled", now);
    }
  }

  private rest(order: Order, onBook: boolean): void {
    order.status = "open";
    order.onBook = onBook;
    if (onBook) order.market.book.add({ id: order.oid, isBuy: order.isBuy, price: order.limitPx, size: order.sz, owner: order.account.address });
    order.account.open.set(order.oid, order);
    this.openOrders.set(order.oid, order);
    this.indexCloid(order);
    this.rehold(order);
  }

  /** Reports the order's current status as an `orderUpdates` item. */
  private orderChanged(order: Order): void {
    if (this.events === undefined) return;
    const update: HyperliquidStandInOrderUpdate = {
      order: {
        ...orderBasics(order),
        ...(order.cloid === null ? {} : { cloid: order.cloid }),
        ...(order.reduceOnly ? { reduceOnly: true as const } : {}),
      },
      status: order.status,
      statusTimestamp: order.statusTimestamp,
    };
    this.events.order(order.account.address, update);
  }

  /** Margin held by a resting order: its remaining notional / leverage (none for reduce-only and triggers). */
  private rehold(order: Order): void {
    const held = order.onBook && !order.reduceOnly ? divCeil(order.limitPx * order.sz, BigInt(order.leverage)) : 0n;
    order.account.held += held - order.held;
    order.held = held;
  }

  private close(order: Order, status: string, now: number): void {
    if (order.onBook) order.market.book.remove(order.oid);
    order.onBook = false;
    this.rehold(order);
    order.account.open.delete(order.oid);
    this.openOrders.delete(order.oid);
    order.status = status;
    order.statusTimestamp = now;
    this.keepClosed(order);
  }

  /** Every order that leaves the open set (or never joined it) ends here, once: its final status is reported. */
  private keepClosed(order: Order): void {
    const { closed } = order.account;
    closed.set(order.oid, order);
    this.indexCloid(order);
    this.orderChanged(order);
    if (closed.size > CLOSED_ORDERS_KEPT) {
      const oldest = closed.values().next().value as Order;
      closed.delete(oldest.oid);
      if (oldest.cloid !== null && order.account.byCloid.get(oldest.cloid) === oldest) order.account.byCloid.delete(oldest.cloid);
    }
  }

  /** The latest order with a cloid wins, except that a refused one never hides an open one. */
  private indexCloid(order: Order): void {
    if (order.cloid === null) return;
    const current = order.account.byCloid.get(order.cloid);
    if (current !== undefined && current !== order && current.status === "open" && order.status !== "open") return;
    order.account.byCloid.set(order.cloid, order);
  }

  private openByCloid(account: Account, cloid: string): Order | undefined {
    const order = account.byCloid.get(cloid);
    return order !== undefined && order.status === "open" ? order : undefined;
  }

  private cancel(account: Account, asset: number, order: Order | undefined, now: number): CancelStatus {
    if (order === undefined || order.account !== account || order.market.asset !== asset) return { error: MISSING_ORDER };
    this.close(order, "canceled", now);
    return "success";
  }

  private modify(context: Context, oid: number | string, wire: OrderWire): OrderStatus {
    const { account, now } = context;
    const old = typeof oid === "number" ? account.open.get(oid) : this.openByCloid(account, oid);
    if (old === undefined) return { error: CANNOT_MODIFY };
    if (old.market.asset !== wire.a) return { error: "Cannot modify an order into another asset." };
    // Off the book while the replacement is tried, so that it neither matches nor holds margin twice.
    const wasOnBook = old.onBook;
    if (wasOnBook) old.market.book.remove(old.oid);
    old.onBook = false;
    this.rehold(old);
    account.open.delete(old.oid);
    this.openOrders.delete(old.oid);
    const status = this.placeOrder(context, wire);
    if ("error" in status) {
      this.rest(old, wasOnBook);
      return status;
    }
    old.status = "canceled";
    old.statusTimestamp = now;
    this.keepClosed(old);
    return status;
  }

  // -------------------------------------------------------------------------------------------------
  // scheduleCancel

  private scheduleCancel(account: Account, time: number | undefined, now: number): unknown {
    if (time === undefined) {
      if (account.scheduled !== null) clearTimeout(account.scheduled.timer);
      account.scheduled = null;
      return DEFAULT_RESPONSE;
    }
    if (time < now + this.scheduleCancelMinDelayMs) {
      return err(`Scheduled cancel time too early, must be at least ${this.scheduleCancelMinDelayMs / 1000} seconds from now.`);
    }
    if (account.triggers.day === utcDay(now) && account.triggers.count >= SCHEDULE_CANCEL_TRIGGERS_PER_DAY) {
      return err(`Too many scheduled cancel triggers today (at most ${SCHEDULE_CANCEL_TRIGGERS_PER_DAY} per UTC day).`);
    }
    if (account.scheduled !== null) clearTimeout(account.scheduled.timer);
    account.scheduled = { time, timer: this.armScheduledCancel(account, time) };
    return DEFAULT_RESPONSE;
  }

  private armScheduledCancel(account: Account, time: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const now = Date.now();
      if (now < time) {
        if (account.scheduled !== null) account.scheduled.timer = this.armScheduledCancel(account, time);
        return;
      }
      account.scheduled = null;
      const day = utcDay(now);
      account.triggers = { day, count: (account.triggers.day === day ? account.triggers.count : 0) + 1 };
      for (const order of [...account.open.values()]) this.close(order, "scheduledCancel", now);
    }, Math.min(Math.max(time - Date.now(), 0), MAX_TIMER_MS));
    timer.unref();
    return timer;
  }

  // -------------------------------------------------------------------------------------------------
  // Funding

  /**
   * Pays one funding interval on every open position in `market` (or only `user`'s): usdc = −szi × mark ×
   * rate, so a short receives a positive rate. `rate` is a signed decimal: units of 10^-rateDecimals.
   */
  private payFunding(market: Market, rate: { units: bigint; decimals: number; text: string }, user: string | undefined, time: number): HyperliquidFundingPayment[] {
    const mark = this.mark(market);
    const payments: HyperliquidFundingPayment[] = [];
    for (const account of this.accounts.values()) {
      const position = account.positions.get(market.asset);
      if (position === undefined || (user !== undefined && account.address !== user)) continue;
      // size units × price units = micro-USD (their decimals add up to 6).
      const usdc = divRound(-position.szi * mark * rate.units, 10n ** BigInt(rate.decimals));
      account.collateral += usdc;
      position.fundingSinceOpen -= usdc;
      position.fundingSinceChange -= usdc;
      account.fundingAllTime.set(market.asset, (account.fundingAllTime.get(market.asset) ?? 0n) - usdc);
      const funding: HyperliquidStandInFunding = {
        time,
        coin: market.name,
        usdc: formatUsd(usdc),
        szi: formatUnits(position.szi, market.szDecimals),
        fundingRate: rate.text,
        nSamples: null,
      };
      // Kept in time order: a test may pay an earlier hour after a later one.
      const at = account.fundings.findLastIndex((earlier) => earlier.time <= time) + 1;
      account.fundings.splice(at, 0, funding);
      if (account.fundings.length > FUNDINGS_KEPT) account.fundings.shift();
      payments.push({ user: account.address, ...funding });
      this.events?.funding(account.address, funding);
    }
    return payments;
  }

  /** The fills `userFills` returns: the most recent, newest first. */
  recentFills(user: string): HyperliquidStandInFill[] {
    return (this.accounts.get(user.toLowerCase())?.fills ?? []).slice(-FILLS_PAGE).reverse();
  }

  /** The funding payments a `userFundings` snapshot carries: one page of the most recent, oldest first. */
  recentFundings(user: string): HyperliquidStandInFunding[] {
    return (this.accounts.get(user.toLowerCase())?.fundings ?? []).slice(-FUNDING_PAGE);
  }

  // -------------------------------------------------------------------------------------------------
  // /info

  /** Answers the account and market queries; undefined for a type this class does not serve. */
  info(body: Json): StandInReply | undefined {
    const user = typeof body.user === "string" ? body.user.toLowerCase() : undefined;
    const needsUser = () => (user === undefined || !ADDRESS.test(user) ? UNPROCESSABLE : undefined);
    // A registered user or vault has its (default) collateral before its first action.
    const registered = user !== undefined && (this.users.has(user) || this.vaults.has(user));
    const account = user === undefined ? undefined : (this.accounts.get(user) ?? (registered ? this.account(user) : undefined));
    switch (body.type) {
      case "meta":
        return { body: this.meta };
      case "clearinghouseState":
        return needsUser() ?? { body: this.clearinghouseState(account) };
      case "openOrders":
        return needsUser() ?? { body: this.openOrderList(account).map((order) => this.openOrderView(order)) };
      case "frontendOpenOrders":
        return needsUser() ?? { body: this.openOrderList(account).map((order) => this.frontendOrderView(order)) };
      case "orderStatus": {
        const missing = needsUser();
        if (missing !== undefined) return missing;
        const oid = body.oid;
        if (!isUint(oid) && !isCloid(oid)) return UNPROCESSABLE;
        const order = account === undefined ? undefined : this.findOrder(account, oid);
        if (order === undefined) return { body: { status: "unknownOid" } };
        return { body: { status: "order", order: { order: this.frontendOrderView(order), status: order.status, statusTimestamp: order.statusTimestamp } } };
      }
      case "userFills":
        return needsUser() ?? { body: this.recentFills(user as string) };
      case "userFillsByTime": {
        const missing = needsUser();
        if (missing !== undefined) return missing;
        if (!isUint(body.startTime)) return UNPROCESSABLE;
        const start = body.startTime;
        const end = isUint(body.endTime) ? body.endTime : Number.MAX_SAFE_INTEGER;
        // Only the 10000 most recent are reachable, oldest first from startTime, one page at a time.
        const reachable = (account?.fills ?? []).slice(-FILLS_KEPT);
        return { body: reachable.filter((fill) => fill.time >= start && fill.time <= end).slice(0, FILLS_PAGE) };
      }
      case "userFunding": {
        const missing = needsUser();
        if (missing !== undefined) return missing;
        if (!isUint(body.startTime)) return UNPROCESSABLE;
        const start = body.startTime;
        const end = isUint(body.endTime) ? body.endTime : Number.MAX_SAFE_INTEGER;
        const rows = (account?.fundings ?? []).filter((funding) => funding.time >= start && funding.time <= end).slice(0, FUNDING_PAGE);
        return {
          body: rows.map(({ time, coin, usdc, szi, fundingRate, nSamples }) => ({
            time,
            hash: ZERO_HASH,
            delta: { type: "funding", coin, usdc, szi, fundingRate, nSamples },
          })),
        };
      }
      case "userRateLimit": {
        const missing = needsUser();
        if (missing !== undefined) return missing;
        const cumVlm = account?.cumVlm ?? 0n;
        return { body: { cumVlm: formatUsd(cumVlm), nRequestsUsed: account?.requests ?? 0, nRequestsCap: 10_000 + Number(cumVlm / MICRO) } };
      }
      case "userRole":
        return needsUser() ?? { body: this.userRole(user as string) };
      case "extraAgents": {
        const missing = needsUser();
        if (missing !== undefined) return missing;
        const named = [...this.agents].filter(([, agent]) => agent.user === user && agent.name !== null);
        return { body: named.map(([address, agent]) => ({ name: agent.name, address, validUntil: agent.validUntil ?? 4_102_444_800_000 })) };
      }
      case "l2Book": {
        const market = typeof body.coin === "string" ? this.byCoin.get(body.coin) : undefined;
        if (market === undefined) return { body: null };
        const side = (isBuy: boolean) =>
          market.book.levels(isBuy, 20).map((level) => ({ px: formatUnits(level.price, market.pxDecimals), sz: formatUnits(level.size, market.szDecimals), n: level.orders }));
        return { body: { coin: market.name, time: Date.now(), levels: [side(true), side(false)] } };
      }
      case "allMids": {
        const mids: Record<string, string> = {};
        for (const market of this.markets) {
          const bid = market.book.bestBid();
          const ask = market.book.bestAsk();
          if (bid !== undefined && ask !== undefined) mids[market.name] = formatUnits((bid + ask) * 5n, market.pxDecimals + 1);
        }
        return { body: mids };
      }
      default:
        return undefined;
    }
  }

  private userRole(user: string): unknown {
    const agent = this.agents.get(user);
    if (agent !== undefined) return { role: "agent", data: { user: agent.user } };
    const vault = this.vaults.get(user);
    if (vault !== undefined) return vault.kind === "vault" ? { role: "vault" } : { role: "subAccount", data: { master: vault.user } };
    return this.users.has(user) ? { role: "user" } : { role: "missing" };
  }

  private findOrder(account: Account, oid: number | string): Order | undefined {
    if (typeof oid === "number") return account.open.get(oid) ?? account.closed.get(oid);
    return account.byCloid.get(oid.toLowerCase());
  }

  /** Newest first. */
  private openOrderList(account: Account | undefined): Order[] {
    return account === undefined ? [] : [...account.open.values()].sort((a, b) => b.oid - a.oid);
  }

  private openOrderView(order: Order): Record<string, unknown> {
    const view: Record<string, unknown> = orderBasics(order);
    if (order.cloid !== null) view.cloid = order.cloid;
    return view;
  }

  private frontendOrderView(order: Order): Record<string, unknown> {
    const { market, trigger } = order;
    let orderType = "Limit";
    let triggerCondition = "N/A";
    if (trigger !== null) {
      orderType = `${trigger.tpsl === "tp" ? "Take Profit" : "Stop"} ${trigger.isMarket ? "Market" : "Limit"}`;
      // A take-profit sell and a stop-loss buy trigger on a rise; the other two on a fall.
      const above = (trigger.tpsl === "tp") !== order.isBuy;
      triggerCondition = `Price ${above ? "above" : "below"} ${formatUnits(trigger.triggerPx, market.pxDecimals)}`;
    }
    const view: Record<string, unknown> = {
      coin: market.name,
      side: order.isBuy ? "B" : "A",
      limitPx: formatUnits(order.limitPx, market.pxDecimals),
      sz: formatUnits(order.sz, market.szDecimals),
      oid: order.oid,
      timestamp: order.timestamp,
      triggerCondition,
      isTrigger: trigger !== null,
      triggerPx: formatUnits(trigger?.triggerPx ?? 0n, market.pxDecimals),
      children: [],
      isPositionTpsl: false,
      reduceOnly: order.reduceOnly,
      orderType,
      origSz: formatUnits(order.origSz, market.szDecimals),
      tif: order.tif,
      cloid: order.cloid,
    };
    return view;
  }

  /** Maintenance margin of a position: its value at half the coin's maximum leverage, micro-USD. */
  private maintenanceMargin(market: Market, position: Position): bigint {
    return divCeil(abs(position.szi) * this.mark(market), BigInt(2 * market.maxLeverage));
  }

  /**
   * The venue's documented estimate: liq = mark − side × available / |szi| / (1 − side / maintenanceLeverage),
   * maintenance leverage = 2 × maxLeverage, `available` = margin above maintenance (micro-USD). null when no
   * positive price liquidates the position (a long backed by more than its value).
   */
  private liquidationPx(market: Market, position: Position, available: bigint): string | null {
    const side = position.szi > 0n ? 1n : -1n;
    const maintenanceLeverage = BigInt(2 * market.maxLeverage);
    // micro-USD / size units = price units (their decimals add up to 6).
    const px = this.mark(market) - divRound(side * available * maintenanceLeverage, abs(position.szi) * (maintenanceLeverage - side));
    return px > 0n ? formatUnits(px, market.pxDecimals) : null;
  }

  private clearinghouseState(account: Account | undefined): unknown {
    let totalNtl = 0n;
    let signedNtl = 0n;
    let marginUsed = 0n;
    let maintenance = 0n;
    for (const [asset, position] of account?.positions ?? []) maintenance += this.maintenanceMargin(this.markets[asset] as Market, position);
    const accountValue = account === undefined ? 0n : this.accountValue(account);
    const assetPositions: unknown[] = [];
    for (const [asset, position] of account?.positions ?? []) {
      const market = this.markets[asset] as Market;
      const leverage = this.leverageOf(account as Account, market);
      const value = abs(position.szi) * this.mark(market);
      const used = divCeil(value, BigInt(leverage.value));
      const unrealized = this.unrealized(market, position);
      totalNtl += value;
      signedNtl += position.szi > 0n ? value : -value;
      marginUsed += used;
      // Cross positions share the account's margin; an isolated one has only its own.
      const available = leverage.type === "cross" ? accountValue - maintenance : used + unrealized - this.maintenanceMargin(market, position);
      const signedEntry = position.szi > 0n ? position.entryNtl : -position.entryNtl;
      assetPositions.push({
        type: "oneWay",
        position: {
          coin: market.name,
          szi: formatUnits(position.szi, market.szDecimals),
          leverage: leverage.type === "cross" ? { type: "cross", value: leverage.value } : { type: "isolated", value: leverage.value, rawUsd: formatUsd(used - signedEntry) },
          entryPx: this.formatAverage(market, position.entryNtl, abs(position.szi)),
          positionValue: formatUsd(value),
          unrealizedPnl: formatUsd(unrealized),
          returnOnEquity: formatUnits(position.entryNtl === 0n ? 0n : divRound(unrealized * BigInt(leverage.value) * MICRO, position.entryNtl), 6),
          liquidationPx: this.liquidationPx(market, position, available),
          marginUsed: formatUsd(used),
          maxLeverage: market.maxLeverage,
          cumFunding: {
            allTime: formatUsd((account as Account).fundingAllTime.get(asset) ?? 0n),
            sinceOpen: formatUsd(position.fundingSinceOpen),
            sinceChange: formatUsd(position.fundingSinceChange),
          },
        },
      });
    }
    const summary = {
      accountValue: formatUsd(accountValue),
      totalNtlPos: formatUsd(totalNtl),
      totalRawUsd: formatUsd(accountValue - signedNtl),
      totalMarginUsed: formatUsd(marginUsed),
    };
    const withdrawable = accountValue - marginUsed - (account?.held ?? 0n);
    return {
      marginSummary: summary,
      crossMarginSummary: summary,
      crossMaintenanceMarginUsed: formatUsd(maintenance),
      withdrawable: formatUsd(withdrawable > 0n ? withdrawable : 0n),
      assetPositions,
      time: Date.now(),
    };
  }

  // -------------------------------------------------------------------------------------------------
  // Control

  controlRoutes(): Routes {
    const bad = (message: string): StandInReply => ({ status: 400, body: { error: message } });
    const address = (value: unknown): string | undefined => (typeof value === "string" && ADDRESS.test(value) ? value.toLowerCase() : undefined);
    const usd = (value: unknown): bigint | undefined => (typeof value === "string" ? parseUnits(value, 6) : undefined);
    return {
      "POST /__control/hyperliquid/agent": ({ json }) => {
        const body = record(json) ?? {};
        let agentKey: string | undefined;
        let agent = address(body.agent);
        if (body.agent === undefined) {
          const key = randomBytes(32);
          agentKey = toHex(key);
          agent = addressFromPrivateKey(key).toLowerCase();
        }
        const user = body.user === undefined ? toHex(randomBytes(20)) : address(body.user);
        if (agent === undefined || user === undefined) return bad("agent and user must be 0x addresses");
        if (body.name !== undefined && typeof body.name !== "string") return bad("name must be a string");
        if (body.validUntil !== undefined && !isUint(body.validUntil)) return bad("validUntil must be unix ms");
        const margin = body.marginUsd === undefined ? undefined : usd(body.marginUsd);
        if (body.marginUsd !== undefined && margin === undefined) return bad("marginUsd must be a decimal string");
        this.agents.set(agent, { user, name: (body.name as string | undefined) ?? null, validUntil: (body.validUntil as number | undefined) ?? null });
        this.users.add(user);
        if (margin !== undefined) this.account(user).collateral = margin;
        return { body: agentKey === undefined ? { agent, user } : { agent, user, agentKey } };
      },
      "POST /__control/hyperliquid/vault": ({ json }) => {
        const body = record(json) ?? {};
        const user = address(body.user);
        const vault = address(body.vault);
        const kind = body.kind ?? "subAccount";
        if (user === undefined || vault === undefined) return bad("user and vault must be 0x addresses");
        if (kind !== "subAccount" && kind !== "vault") return bad('kind must be "subAccount" or "vault"');
        this.vaults.set(vault, { user, kind });
        this.users.add(user);
        return { body: { vault, user, kind } };
      },
      "POST /__control/hyperliquid/book": ({ json }) => {
        const body = record(json) ?? {};
        const market = typeof body.coin === "string" ? this.byCoin.get(body.coin) : undefined;
        if (market === undefined) return bad(`unknown coin ${String(body.coin)}`);
        const side = (value: unknown): Array<[bigint, bigint]> | undefined => {
          if (!Array.isArray(value)) return undefined;
          const levels: Array<[bigint, bigint]> = [];
          for (const level of value) {
            if (!Array.isArray(level) || typeof level[0] !== "string" || typeof level[1] !== "string") return undefined;
            const price = parseUnits(level[0], market.pxDecimals);
            const size = parseUnits(level[1], market.szDecimals);
            if (price === undefined || size === undefined || price <= 0n || size <= 0n) return undefined;
            levels.push([price, size]);
          }
          return levels;
        };
        const bids = side(body.bids);
        const asks = side(body.asks);
        if (bids === undefined || asks === undefined) {
          return bad(`bids and asks must be [[px, sz], …] decimal strings within ${market.pxDecimals} price and ${market.szDecimals} size decimals`);
        }
        const bestBid = bids.reduce<bigint | undefined>((best, [price]) => (best === undefined || price > best ? price : best), undefined);
        const bestAsk = asks.reduce<bigint | undefined>((best, [price]) => (best === undefined || price < best ? price : best), undefined);
        if (bestBid !== undefined && bestAsk !== undefined && bestBid >= bestAsk) return bad("the book would be crossed");
        this.setLiquidity(market, bids, asks);
        return { body: { coin: market.name } };
      },
      "POST /__control/hyperliquid/margin": ({ json }) => {
        const body = record(json) ?? {};
        const user = address(body.user);
        const margin = usd(body.marginUsd);
        if (user === undefined || margin === undefined) return bad("user must be a 0x address and marginUsd a decimal string");
        if (!this.agents.has(user) && !this.vaults.has(user)) this.users.add(user);
        this.account(user).collateral = margin;
        return { body: { user, marginUsd: formatUsd(margin) } };
      },
      "POST /__control/hyperliquid/config": ({ json }) => {
        const body = record(json) ?? {};
        if (body.network !== undefined && body.network !== "mainnet" && body.network !== "testnet") return bad('network must be "mainnet" or "testnet"');
        if (body.scheduleCancelMinDelayMs !== undefined && !isUint(body.scheduleCancelMinDelayMs)) return bad("scheduleCancelMinDelayMs must be a whole number of ms");
        if (body.network !== undefined) this.network = body.network;
        if (body.scheduleCancelMinDelayMs !== undefined) this.scheduleCancelMinDelayMs = body.scheduleCancelMinDelayMs;
        return { body: { network: this.network, scheduleCancelMinDelayMs: this.scheduleCancelMinDelayMs } };
      },
      "POST /__control/hyperliquid/funding": ({ json }) => {
        const body = record(json) ?? {};
        const market = typeof body.coin === "string" ? this.byCoin.get(body.coin) : undefined;
        if (market === undefined) return bad(`unknown coin ${String(body.coin)}`);
        const rate = typeof body.rate === "string" ? SIGNED_DECIMAL.exec(body.rate) : null;
        if (rate === null) return bad('rate must be a signed decimal string ("0.0000125", "-0.00002")');
        const user = body.user === undefined ? undefined : address(body.user);
        if (body.user !== undefined && user === undefined) return bad("user must be a 0x address");
        if (body.time !== undefined && !isUint(body.time)) return bad("time must be unix ms");
        const fraction = rate[3] ?? "";
        const units = BigInt(`${rate[1] as string}${rate[2] as string}${fraction}`);
        const text = `${units < 0n ? "-" : ""}${canonicalDecimal(`${rate[2] as string}.${fraction || "0"}`)}`;
        const payments = this.payFunding(market, { units, decimals: fraction.length, text }, user, (body.time as number | undefined) ?? Date.now());
        return { body: { payments } };
      },
      "GET /__control/hyperliquid/state": ({ url }) => {
        const filter = url.searchParams.get("user")?.toLowerCase() ?? null;
        return { body: this.state(filter) };
      },
    };
  }

  private state(user: string | null): HyperliquidStandInState {
    const accounts = [...this.accounts.values()].filter((account) => user === null || account.address === user);
    return {
      network: this.network,
      scheduleCancelMinDelayMs: this.scheduleCancelMinDelayMs,
      agents: [...this.agents].filter(([, agent]) => user === null || agent.user === user).map(([agent, { user: owner, name, validUntil }]) => ({ agent, user: owner, name, validUntil })),
      vaults: [...this.vaults].filter(([, vault]) => user === null || vault.user === user).map(([vault, { user: owner, kind }]) => ({ vault, user: owner, kind })),
      accounts: accounts.map((account) => this.accountView(account)),
      actions: this.actions.filter((action) => user === null || action.account === user),
      actionsDropped: this.actionsDropped,
    };
  }

  private accountView(account: Account): HyperliquidStandInAccount {
    const leverage: Record<string, Leverage> = {};
    for (const [asset, value] of account.leverage) leverage[(this.markets[asset] as Market).name] = value;
    return {
      address: account.address,
      collateralUsd: formatUsd(account.collateral),
      positions: [...account.positions].map(([asset, position]) => {
        const market = this.markets[asset] as Market;
        return {
          coin: market.name,
          szi: formatUnits(position.szi, market.szDecimals),
          entryPx: this.formatAverage(market, position.entryNtl, abs(position.szi)),
          leverage: this.leverageOf(account, market),
        };
      }),
      openOrders: [...account.open.values()].map((order) => this.orderView(order)),
      fills: account.fills.slice(-FILLS_KEPT),
      fundings: account.fundings,
      scheduledCancel: account.scheduled?.time ?? null,
      scheduledCancelTriggersToday: account.triggers.day === utcDay(Date.now()) ? account.triggers.count : 0,
      leverage,
    };
  }

  private orderView(order: Order): HyperliquidStandInOrder {
    const { market, trigger } = order;
    return {
      oid: order.oid,
      cloid: order.cloid,
      coin: market.name,
      asset: market.asset,
      side: order.isBuy ? "B" : "A",
      limitPx: formatUnits(order.limitPx, market.pxDecimals),
      sz: formatUnits(order.sz, market.szDecimals),
      origSz: formatUnits(order.origSz, market.szDecimals),
      reduceOnly: order.reduceOnly,
      tif: order.tif,
      trigger: trigger === null ? null : { isMarket: trigger.isMarket, triggerPx: formatUnits(trigger.triggerPx, market.pxDecimals), tpsl: trigger.tpsl },
      status: order.status,
      timestamp: order.timestamp,
      statusTimestamp: order.statusTimestamp,
    };
  }
}
