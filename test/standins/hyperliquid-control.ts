/**
 * Test-side helpers (they run in workerd as well as in Node) that steer the Hyperliquid exchange
 * stand-in and its WebSocket feed through their control endpoints, and the shapes those endpoints
 * answer. The stand-in itself is `node/hyperliquid-exchange.ts` and `node/hyperliquid-feed.ts`; the
 * control API is described there.
 */
import { addressFromPrivateKey, parseAgentKey, signL1Action } from "../../src/venues/hyperliquid/signing";

/** The agent (API wallet) key registered after every start and reset. */
export const HYPERLIQUID_DEFAULT_AGENT_KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
/** Its address. */
export const HYPERLIQUID_DEFAULT_AGENT = "0x14791697260e4c9a71f18484c9f997b308e59325";
/** The account (master) the default agent trades for. */
export const HYPERLIQUID_DEFAULT_USER = "0xa11ce00000000000000000000000000000000001";
/** USD collateral of every account until a test sets it. */
export const HYPERLIQUID_DEFAULT_MARGIN_USD = "1000000";
/** Shortest delay `scheduleCancel` accepts until a test changes it (the venue's 5 s). */
export const HYPERLIQUID_DEFAULT_SCHEDULE_CANCEL_MIN_DELAY_MS = 5000;
/** The feed closes a socket it has received nothing from for this long, until a test changes it (the venue's 60 s). */
export const HYPERLIQUID_FEED_DEFAULT_IDLE_TIMEOUT_MS = 60_000;
/** Distinct users all sockets may subscribe for, until a test changes it (the venue's per-IP 10). */
export const HYPERLIQUID_FEED_DEFAULT_MAX_USERS = 10;

/** The feed faults a test can order (node/hyperliquid-feed.ts describes each). */
export const HYPERLIQUID_FEED_FAULTS = [
  "drop",
  "close_1005",
  "silence",
  "resume",
  "duplicate_next",
  "malformed_next",
  "replay_snapshot",
  "refuse",
  "accept",
] as const;
export type HyperliquidFeedFault = (typeof HYPERLIQUID_FEED_FAULTS)[number];

export type HyperliquidNetwork = "mainnet" | "testnet";

export interface HyperliquidStandInTrigger {
  isMarket: boolean;
  triggerPx: string;
  tpsl: "tp" | "sl";
}

/** An order the stand-in knows, open or not. */
export interface HyperliquidStandInOrder {
  oid: number;
  cloid: string | null;
  coin: string;
  asset: number;
  side: "B" | "A";
  limitPx: string;
  /** What is left (0 once filled or canceled). */
  sz: string;
  origSz: string;
  reduceOnly: boolean;
  tif: "Gtc" | "Alo" | "Ioc" | "FrontendMarket" | null;
  trigger: HyperliquidStandInTrigger | null;
  /** Hyperliquid's order status words: open, filled, canceled, scheduledCancel, selfTradeCanceled, reduceOnlyCanceled, …Rejected. */
  status: string;
  timestamp: number;
  statusTimestamp: number;
}

export interface HyperliquidStandInFill {
  coin: string;
  px: string;
  sz: string;
  side: "B" | "A";
  time: number;
  startPosition: string;
  dir: string;
  closedPnl: string;
  hash: string;
  oid: number;
  crossed: boolean;
  fee: string;
  tid: number;
  cloid?: string;
  feeToken: "USDC";
  /** The venue's current fills carry it; only TWAP slices have one. */
  twapId: null;
}

/** One funding payment, as `userFundings` pushes it (REST `userFunding` wraps it in `delta`). */
export interface HyperliquidStandInFunding {
  time: number;
  coin: string;
  /** Positive = received (a short with a positive rate), negative = paid; 6 decimals. */
  usdc: string;
  /** The position's signed size when it was paid. */
  szi: string;
  fundingRate: string;
  nSamples: number | null;
}

/** One `orderUpdates` item (WsOrder): no tif, order type or trigger, as on the venue. */
export interface HyperliquidStandInOrderUpdate {
  order: {
    coin: string;
    side: "B" | "A";
    limitPx: string;
    /** What is left. */
    sz: string;
    oid: number;
    timestamp: number;
    origSz: string;
    cloid?: string;
    reduceOnly?: true;
  };
  status: string;
  statusTimestamp: number;
}

export interface HyperliquidStandInPosition {
  coin: string;
  /** Signed size: positive long, negative short. */
  szi: string;
  entryPx: string;
  leverage: { type: "cross" | "isolated"; value: number };
}

export interface HyperliquidStandInAccount {
  address: string;
  /** USD collateral: what the margin control set, plus realized PnL, minus fees. */
  collateralUsd: string;
  positions: HyperliquidStandInPosition[];
  openOrders: HyperliquidStandInOrder[];
  /** Oldest first (at most the 10000 most recent, as the venue keeps). */
  fills: HyperliquidStandInFill[];
  /** Funding payments, oldest first. */
  fundings: HyperliquidStandInFunding[];
  /** Unix ms of the armed dead-man's switch, or null. */
  scheduledCancel: number | null;
  scheduledCancelTriggersToday: number;
  /** Leverage set by `updateLeverage`, per coin. */
  leverage: Record<string, { type: "cross" | "isolated"; value: number }>;
}

/** An action that passed the signature, expiry, vault and nonce checks (its own outcome in `response`). */
export interface HyperliquidStandInAction {
  /** Acceptance order, from 1 after each reset. */
  seq: number;
  time: number;
  /** The recovered signer (agent or user). */
  signer: string;
  /** The account it acted for: the signer's user, or the vault. */
  account: string;
  nonce: number;
  vaultAddress: string | null;
  expiresAfter: number | null;
  type: string;
  /** The action as received. */
  action: unknown;
  /** What /exchange answered. */
  response: unknown;
}

export interface HyperliquidStandInState {
  network: HyperliquidNetwork;
  scheduleCancelMinDelayMs: number;
  agents: Array<{ agent: string; user: string; name: string | null; validUntil: number | null }>;
  vaults: Array<{ vault: string; user: string; kind: "subAccount" | "vault" }>;
  accounts: HyperliquidStandInAccount[];
  actions: HyperliquidStandInAction[];
  /** Actions forgotten because the log keeps only the most recent ones. */
  actionsDropped: number;
}

/** The feed's sockets and settings (`GET /__control/hyperliquid/feed`). */
export interface HyperliquidFeedState {
  connections: Array<{
    /** Lower case, one each. */
    users: string[];
    /** As the client sent them. */
    subscriptions: Array<Record<string, unknown>>;
    opened_at: number;
    /** `{"method":"ping"}` frames received. */
    pings: number;
    silenced: boolean;
  }>;
  /** New upgrades are being turned away. */
  refusing: boolean;
  /** Upgrades turned away since the last reset. */
  refused: number;
  /** Upgrades asked for since the last reset, refused ones included. */
  upgrades_total: number;
  idle_timeout_ms: number;
  max_users: number;
}

/** One payment of `hyperliquidFunding`: the funding row and whose it is. */
export type HyperliquidFundingPayment = HyperliquidStandInFunding & { user: string };

/** A fresh agent and the account it trades for. */
export interface HyperliquidTestAgent {
  /** 0x-prefixed 32-byte hex. */
  agentKey: string;
  agent: string;
  user: string;
}

async function control<T>(baseUrl: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/__control/hyperliquid/${path}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`Hyperliquid stand-in refused ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

function randomHex(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return `0x${Array.from(buffer, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/** Registers an agent (API wallet) for a user; the user becomes a registered account. */
export async function registerHyperliquidAgent(
  baseUrl: string,
  registration: { agent: string; user: string; name?: string; validUntil?: number; marginUsd?: string },
): Promise<void> {
  await control(baseUrl, "agent", registration);
}

/**
 * A random agent key registered for a fresh random user (with `marginUsd` of collateral, default
 * HYPERLIQUID_DEFAULT_MARGIN_USD): one per test, so tests never share nonces, orders or positions.
 */
export async function newHyperliquidAgent(baseUrl: string, options: { marginUsd?: string } = {}): Promise<HyperliquidTestAgent> {
  const agentKey = randomHex(32);
  const agent = addressFromPrivateKey(parseAgentKey(agentKey));
  const user = randomHex(20);
  await registerHyperliquidAgent(baseUrl, { agent, user, ...options });
  return { agentKey, agent, user };
}

/** Lets `user` (and its agents) trade for `vault` through `vaultAddress`. */
export async function registerHyperliquidVault(baseUrl: string, registration: { user: string; vault: string; kind?: "subAccount" | "vault" }): Promise<void> {
  await control(baseUrl, "vault", registration);
}

/**
 * Replaces the stand-in's own liquidity for a coin (accounts' resting orders stay). Levels best
 * first or in any order; prices and sizes as decimal strings within the coin's decimals.
 */
export async function setHyperliquidBook(baseUrl: string, book: { coin: string; bids: Array<[string, string]>; asks: Array<[string, string]> }): Promise<void> {
  await control(baseUrl, "book", book);
}

/** Sets an account's USD collateral (and registers it as a user). */
export async function setHyperliquidMargin(baseUrl: string, user: string, marginUsd: string): Promise<void> {
  await control(baseUrl, "margin", { user, marginUsd });
}

/** Switches the signature source (mainnet "a", testnet "b") and the scheduleCancel minimum delay. */
export async function configureHyperliquid(baseUrl: string, config: { network?: HyperliquidNetwork; scheduleCancelMinDelayMs?: number }): Promise<void> {
  await control(baseUrl, "config", config);
}

/** The stand-in's state; with `user`, only that account and the actions taken for it. */
export async function hyperliquidState(baseUrl: string, user?: string): Promise<HyperliquidStandInState> {
  return control<HyperliquidStandInState>(baseUrl, user === undefined ? "state" : `state?user=${encodeURIComponent(user)}`);
}

/** Posts to the stand-in's /info, as a test's shortcut to the venue's own view. */
export async function hyperliquidInfo<T = unknown>(baseUrl: string, body: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${baseUrl}/info`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`Hyperliquid stand-in /info ${String(body.type)}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

let lastNonce = 0;

/** Signs `action` for mainnet with `agentKey` and posts it to the stand-in's /exchange; answers the venue's JSON. */
export async function sendHyperliquidAction(baseUrl: string, agentKey: string, action: Record<string, unknown>): Promise<Record<string, any>> {
  // One nonce source per isolate: unix ms, strictly increasing (workerd's clock stands still between I/O).
  lastNonce = Math.max(Date.now(), lastNonce + 1);
  const { signature } = signL1Action({ action, nonce: lastNonce, isMainnet: true }, parseAgentKey(agentKey));
  const res = await fetch(`${baseUrl}/exchange`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ action, nonce: lastNonce, signature }) });
  const text = await res.text();
  if (!res.ok) throw new Error(`Hyperliquid stand-in /exchange ${String(action.type)}: ${res.status} ${text}`);
  return JSON.parse(text) as Record<string, any>;
}

/** An `order` action with one limit order, in the wire's key order (asset = index in the fixture's universe: BTC 0, ETH 1). */
export function hyperliquidOrderAction(order: { asset: number; isBuy: boolean; px: string; sz: string; tif: "Gtc" | "Alo" | "Ioc"; reduceOnly?: boolean; cloid?: string }): Record<string, unknown> {
  const wire: Record<string, unknown> = { a: order.asset, b: order.isBuy, p: order.px, s: order.sz, r: order.reduceOnly ?? false, t: { limit: { tif: order.tif } } };
  if (order.cloid !== undefined) wire.c = order.cloid;
  return { type: "order", orders: [wire], grouping: "na" };
}

/**
 * Pays one funding interval on every open position in `coin` (or only `user`'s) at the current mark:
 * usdc = −szi × mark × rate, positive = received. `time` defaults to now.
 */
export async function hyperliquidFunding(baseUrl: string, funding: { coin: string; rate: string; user?: string; time?: number }): Promise<HyperliquidFundingPayment[]> {
  return (await control<{ payments: HyperliquidFundingPayment[] }>(baseUrl, "funding", funding)).payments;
}

/** Orders a feed fault on every socket, or on the sockets subscribed for `user`; answers how many it applied to. */
export async function hyperliquidFeedFault(baseUrl: string, action: HyperliquidFeedFault, user?: string): Promise<number> {
  return (await control<{ sockets: number }>(baseUrl, "feed", user === undefined ? { action } : { action, user })).sockets;
}

/** Shortens (or lengthens) the feed's idle timeout and changes its user cap, until the next reset. */
export async function configureHyperliquidFeed(baseUrl: string, config: { idleTimeoutMs?: number; maxUsers?: number }): Promise<void> {
  await control(baseUrl, "feed-config", config);
}

/** The feed's sockets and settings. */
export async function hyperliquidFeedState(baseUrl: string): Promise<HyperliquidFeedState> {
  return control<HyperliquidFeedState>(baseUrl, "feed");
}
