/**
 * The account desk: one Durable Object per Lighter account. It owns the account's API keys and their
 * nonces, signs every transaction with the key bound as a Worker secret, sends it to Lighter in nonce
 * order, records create-order outcomes for idempotency, applies the risk caps, and publishes every
 * request/response pair to the EventHub.
 *
 * The Worker parses the configuration and hands the trading section to every call (DESIGN.md: only
 * config.ts reads variables); the desk rebuilds its keys and lanes when that configuration changes.
 * Idempotency, answers and events are the shared desk machinery (`DeskCore`).
 */
import { DurableObject } from "cloudflare:workers";
import type { TradingConfig } from "../config";
import { HttpError } from "../http/errors";
import { HaltGate } from "../safety/halt-gate";
import { raiseAlert } from "../safety/raise-alert";
import type { HaltState } from "../safety/halt-state";
import { LIGHTER_MODIFY_OPENS, lighterBatchOpens, lighterCreateOpens, type Opening } from "../safety/order-classes";
import { LighterClient, type MarketDecimals } from "../venues/lighter/client";
import { bytesToHex, parsePrivateKey, precomputeCommitments, precomputedCommitmentCount, publicKeyFromPrivate } from "../venues/lighter/crypto";
import { LighterError, toHttpError } from "../venues/lighter/errors";
import { createAuthToken, signTx, TX_TYPE, TxFieldError, type SignedTx } from "../venues/lighter/tx";
import { SenderBudget, type RateBudgetState } from "../safety/rate-budget";
import { NonceLane, type LaneState } from "./nonce-lane";
import { CommitmentTopUp } from "./commitment-top-up";
import { DeskCore, httpReply, unexpectedErrorReply, type Answered, type DeskAnswer, type DeskReply, type Outcome, type Submission } from "./desk-core";
import { accountDeskName, safetyDesk } from "./desk-stub";
import { requestFingerprint } from "./order-records";
import { UpstreamErrors } from "./upstream-errors";
import type { BatchRequest, CancelAllRequest, CancelOrderRequest, CreateOrderRequest, ModifyOrderRequest } from "./requests";
import { checkAllowedMarket, checkNotional } from "./risk";
import { cancelAllTx, cancelOrderTx, createOrderTx, modifyOrderTx, requestFieldFor, type UnsignedTx } from "./tx-fields";

export interface DeskHealth {
  lighter_connected: boolean;
  reason: string | null;
  public_key: string;
  api_keys: Array<LaneState & { registered: boolean | null }>;
  last_upstream_error: { at: string; message: string } | null;
  /** LIGHTER_RATE_LIMIT_PER_MINUTE's state; null when no budget is configured. */
  rate_budget: RateBudgetState | null;
}

/** The SDK's default transaction lifetime: now + 10 minutes − 1 second (lighter/SPEC.md §2.1). */
const TX_LIFETIME_MS = 10n * 60n * 1000n - 1000n;
/** Market decimals change rarely; re-read them every few minutes. */
const MARKET_CACHE_MS = 5 * 60 * 1000;
/** How long a verified (or failed) key check is trusted by /health. */
const KEY_CHECK_CACHE_MS = 30 * 1000;
/**
 * Signing commitments (k, k·G) kept ready for the next orders, so the critical path skips the k·G
 * multiplication. Topped up after an answer once half are used, never while an order waits.
 */
const READY_COMMITMENTS = 16;
/** Auth tokens for account reads: short-lived, Lighter allows up to 8 hours. */
const AUTH_TOKEN_LIFETIME_S = 10 * 60;

interface Desk {
  trading: TradingConfig;
  /** `trading` as JSON, to tell on each call whether the configuration changed. */
  configKey: string;
  client: LighterClient;
  privateKey: bigint;
  lanes: NonceLane[];
}

/** Transactions that only take orders away: they may use the budget's reserve (a halt must always cancel). */
const CANCEL_TX_TYPES: ReadonlySet<number> = new Set([TX_TYPE.CANCEL_ORDER, TX_TYPE.CANCEL_ALL_ORDERS]);

export class AccountDesk extends DurableObject<Env> {
  private readonly core: DeskCore;
  private desk: Desk | undefined;
  private nextLane = 0;
  private markets: { loadedAt: number; byIndex: Map<number, MarketDecimals> } | undefined;
  private keyCheck: { checkedAt: number; connected: boolean; reason: string | null; registered: Map<number, boolean> } | undefined;
  private readonly upstreamErrors = new UpstreamErrors();
  private readonly commitments = new CommitmentTopUp(READY_COMMITMENTS, precomputedCommitmentCount, (ready) => precomputeCommitments(ready));
  /** The halt, as the safety desk last told this desk: checked before any opening order is signed. */
  private readonly halt: HaltGate;
  /** LIGHTER_RATE_LIMIT_PER_MINUTE, spent by every live send of this account's desk. */
  private readonly budget = new SenderBudget("Lighter");

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.core = new DeskCore(ctx, env, "lighter", { field: "client_order_index", venueName: "Lighter", noun: "index" }, (error) => this.errorReply(error));
    // Asked only after an order set the desk up, so the account (the desk's name) is known.
    this.halt = new HaltGate(ctx.storage.sql, async () => {
      if (this.desk === undefined) throw new Error("the desk is not set up");
      return safetyDesk(env).haltFor({ venue: "lighter", name: accountDeskName(this.desk.trading.lighter.accountIndex) });
    });
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS dry_run_nonces (api_key_index INTEGER PRIMARY KEY, next_nonce TEXT NOT NULL)");
  }

  // ----- RPC methods -------------------------------------------------------------------------------

  async createOrder(trading: TradingConfig, request: CreateOrderRequest): Promise<DeskAnswer> {
    return this.answer(trading, { action: "create", ...request }, async (desk) => {
      const index = request.client_order_index.toString();
      const claimed = this.core.claim(index, requestFingerprint(request));
      if (claimed !== undefined) return { outcome: "replay", reply: claimed };
      return this.core.recorded([index], () => this.submit(desk, [createOrderTx(request, BigInt(Date.now()))], lighterCreateOpens(request), { client_order_index: Number(index) }));
    });
  }

  async cancelOrder(trading: TradingConfig, request: CancelOrderRequest): Promise<DeskAnswer> {
    return this.answer(trading, { action: "cancel", ...request }, (desk) => this.submit(desk, [cancelOrderTx(request)], undefined));
  }

  async cancelAll(trading: TradingConfig, request: CancelAllRequest): Promise<DeskAnswer> {
    return this.answer(trading, { action: "cancel_all", ...request }, (desk) => this.submit(desk, [cancelAllTx(request, BigInt(Date.now()))], undefined));
  }

  async modifyOrder(trading: TradingConfig, request: ModifyOrderRequest): Promise<DeskAnswer> {
    return this.answer(trading, { action: "modify", ...request }, (desk) => this.submit(desk, [modifyOrderTx(request)], LIGHTER_MODIFY_OPENS));
  }

  async batch(trading: TradingConfig, request: BatchRequest): Promise<DeskAnswer> {
    return this.answer(trading, { action: "batch", ...request }, async (desk) => {
      const now = BigInt(Date.now());
      const txs = request.transactions.map((entry, i) => {
        try {
          switch (entry.action) {
            case "create":
              return createOrderTx(entry, now);
            case "cancel":
              return cancelOrderTx(entry);
            case "modify":
              return modifyOrderTx(entry);
          }
        } catch (error) {
          throw prefixField(error, `transactions.${i}.`);
        }
      });
      const creates = request.transactions.flatMap((entry, i) => (entry.action === "create" ? [{ entry, i }] : []));
      const indices = creates.map(({ entry }) => entry.client_order_index);
      if (new Set(indices.map(String)).size !== indices.length) {
        throw new HttpError(400, "invalid_request", "Two create orders in one batch share a client_order_index", { field: "transactions" });
      }
      const claimed: string[] = [];
      try {
        for (const { entry, i } of creates) {
          const { action: _action, ...create } = entry;
          const field = `transactions.${i}.client_order_index`;
          if (this.core.claim(entry.client_order_index.toString(), requestFingerprint(create), field) !== undefined) {
            throw new HttpError(409, "idempotency_conflict", `client_order_index ${entry.client_order_index} was already used`, { field });
          }
          claimed.push(entry.client_order_index.toString());
        }
      } catch (error) {
        this.core.releaseAll(claimed);
        throw error;
      }
      return this.core.recorded(claimed, () => this.submit(desk, txs, lighterBatchOpens(request.transactions)));
    });
  }

  async health(trading: TradingConfig): Promise<DeskHealth> {
    const desk = this.setUp(trading);
    const check = await this.checkKeys(desk);
    return {
      lighter_connected: check.connected,
      reason: check.reason,
      public_key: bytesToHex(publicKeyFromPrivate(desk.privateKey)),
      api_keys: desk.lanes.map((lane) => ({ ...lane.state(), registered: check.registered.get(lane.apiKeyIndex) ?? null })),
      last_upstream_error: this.upstreamErrors.last,
      rate_budget: this.budget.state(trading.rateBudget),
    };
  }

  /**
   * The safety desk's word on the halt. Resolves once it is in force: for a halt, once every opening
   * order this desk had already let through has finished, so that none is signed after the halt's answer.
   */
  async setHalt(state: HaltState): Promise<{ waited_for: number }> {
    return this.halt.set(state);
  }

  /** Balances, positions (Lighter's account record) and open orders (which need an auth token). */
  async account(trading: TradingConfig): Promise<DeskAnswer> {
    return this.reply(trading, async (desk) => {
      const { accountIndex } = desk.trading.lighter;
      const apiKeyIndex = desk.lanes[0]?.apiKeyIndex ?? 0;
      const deadline = Math.floor(Date.now() / 1000) + AUTH_TOKEN_LIFETIME_S;
      const token = createAuthToken(desk.privateKey, deadline, accountIndex, apiKeyIndex);
      const [account, orders] = await Promise.all([
        this.upstreamErrors.track(() => desk.client.account(accountIndex)),
        this.upstreamErrors.track(() => desk.client.activeOrders(accountIndex, token)),
      ]);
      const accounts = Array.isArray(account.accounts) ? account.accounts : [];
      return {
        status: 200,
        body: {
          account_index: accountIndex,
          account: accounts[0] ?? null,
          open_orders: Array.isArray(orders.orders) ? orders.orders : [],
        },
      };
    });
  }

  // ----- set-up ----------------------------------------------------------------------------------

  /**
   * Keys, client and lanes for this configuration; kept while the configuration stays the same. When it
   * changes (a new deployment's variables), the new lanes start only after every job on the old ones has
   * finished, so two lanes never send on one key at once; cached checks of the old account are dropped.
   */
  private setUp(trading: TradingConfig): Desk {
    const configKey = JSON.stringify(trading);
    if (this.desk !== undefined && this.desk.configKey === configKey) return this.desk;
    const previousWork = Promise.all(this.desk?.lanes.map((lane) => lane.idle()) ?? []);
    this.keyCheck = undefined;
    this.markets = undefined;
    const client = new LighterClient({ baseUrl: trading.lighter.baseUrl, timeoutMs: trading.lighter.requestTimeoutMs });
    const privateKey = parsePrivateKey(trading.lighter.privateKeyHex);
    const dryRun = trading.mode === "dry-run";
    const lanes = trading.lighter.apiKeyIndices.map(
      (apiKeyIndex) =>
        new NonceLane(
          apiKeyIndex,
          dryRun ? this.dryRunNonces(apiKeyIndex) : { next: () => this.upstreamErrors.track(() => client.nextNonce(trading.lighter.accountIndex, apiKeyIndex)) },
          !dryRun && trading.lighter.nonceManager === "api",
          previousWork,
        ),
    );
    this.desk = { trading, configKey, client, privateKey, lanes };
    return this.desk;
  }

  /** Dry-run never talks to Lighter: nonces are the desk's own counter, kept across restarts. */
  private dryRunNonces(apiKeyIndex: number) {
    const sql = this.ctx.storage.sql;
    return {
      next: async () => {
        const row = sql.exec<{ next_nonce: string }>("SELECT next_nonce FROM dry_run_nonces WHERE api_key_index = ?", apiKeyIndex).toArray()[0];
        return BigInt(row?.next_nonce ?? "0");
      },
      save: (nextNonce: bigint) => {
        sql.exec("INSERT OR REPLACE INTO dry_run_nonces (api_key_index, next_nonce) VALUES (?, ?)", apiKeyIndex, nextNonce.toString());
      },
    };
  }

  // ----- the order path ---------------------------------------------------------------------------

  /** Runs one order action on this configuration's desk (DeskCore answers, records and publishes). */
  private async answer(trading: TradingConfig, request: Record<string, unknown>, execute: (desk: Desk) => Promise<Answered>): Promise<DeskAnswer> {
    return this.budget.tag(await this.core.answer(request, () => execute(this.setUp(trading))), trading.rateBudget);
  }

  private reply(trading: TradingConfig, execute: (desk: Desk) => Promise<DeskReply>): Promise<DeskAnswer> {
    return this.core.reply(() => execute(this.setUp(trading)));
  }

  /**
   * The halt, risk checks, then the key's lane: nonce → sign → send → account for the nonce. `opening`
   * (an order that could open or grow a position) is refused while trading is halted: early here, and
   * bindingly on the lane, before a nonce is reserved.
   */
  private async submit(desk: Desk, txs: UnsignedTx[], opening: Opening | undefined, extra: Record<string, unknown> = {}): Promise<Submission> {
    await this.halt.admit(opening);
    await this.checkRisk(desk, txs);
    const lane = desk.lanes[this.nextLane % desk.lanes.length] as NonceLane;
    this.nextLane += 1;
    try {
      return await lane.run(() => this.halt.signing(opening, () => this.sendOnLane(desk, lane, txs, opening, extra)));
    } finally {
      this.commitments.afterUse();
    }
  }

  private async checkRisk(desk: Desk, txs: UnsignedTx[]): Promise<void> {
    const limits = desk.trading;
    const single = txs.length === 1;
    for (const [i, tx] of txs.entries()) {
      if (tx.exposure === undefined) continue;
      const prefix = single ? "" : `transactions.${i}.`;
      checkAllowedMarket(limits, tx.exposure, `${prefix}market_index`);
      if (limits.maxOrderNotional !== undefined) {
        const markets = await this.marketDecimals(desk);
        checkNotional(limits, tx.exposure, markets.get(Number(tx.exposure.marketIndex)), prefix);
      }
    }
  }

  private async marketDecimals(desk: Desk): Promise<Map<number, MarketDecimals>> {
    if (this.markets !== undefined && Date.now() - this.markets.loadedAt < MARKET_CACHE_MS) return this.markets.byIndex;
    try {
      const list = await this.upstreamErrors.track(() => desk.client.marketDecimals());
      this.markets = { loadedAt: Date.now(), byIndex: new Map(list.map((market) => [market.marketIndex, market])) };
      return this.markets.byIndex;
    } catch (error) {
      if (error instanceof LighterError) {
        throw new HttpError(503, "risk_check_unavailable", "MAX_ORDER_NOTIONAL is set but the market decimals could not be read from Lighter, so the order was not signed", {
          upstream_message: error.message,
          endpoint: error.detail.endpoint,
        });
      }
      throw error;
    }
  }

  private sign(desk: Desk, lane: NonceLane, txs: UnsignedTx[], firstNonce: bigint): SignedTx[] {
    const { chainId, accountIndex } = desk.trading.lighter;
    const expiredAt = BigInt(Date.now()) + TX_LIFETIME_MS;
    return txs.map((tx, i) => {
      try {
        return signTx(chainId, tx.txType, { ...tx.fields, AccountIndex: accountIndex, ApiKeyIndex: lane.apiKeyIndex, Nonce: firstNonce + BigInt(i), ExpiredAt: expiredAt }, desk.privateKey);
      } catch (error) {
        throw prefixField(error, txs.length === 1 ? "" : `transactions.${i}.`, tx.txType);
      }
    });
  }

  /** The budget's refusal, answered, and an alert (one per interval: the alert desk deduplicates). */
  private overspent(refusal: HttpError): Submission {
    raiseAlert(this.env, this.ctx, { kind: "rate_budget_exhausted", subject: "lighter", message: refusal.message, details: refusal.details as Record<string, unknown> });
    return { outcome: "refused", reply: httpReply(refusal) };
  }

  private async sendOnLane(desk: Desk, lane: NonceLane, txs: UnsignedTx[], opening: Opening | undefined, extra: Record<string, unknown>): Promise<Submission> {
    const dryRun = desk.trading.mode === "dry-run";
    for (let attempt = 0; ; attempt += 1) {
      // A retry after a nonce refusal signs again: not once trading is halted (nothing was accepted).
      if (attempt > 0) this.halt.check(opening);
      // Lighter counts requests: a sendTx or a sendTxBatch is one, whatever it holds.
      const overspent = dryRun || attempt > 0 ? undefined : this.budget.spend(desk.trading.rateBudget, 1, txs.every((tx) => CANCEL_TX_TYPES.has(tx.txType)) ? "cancel" : "other");
      if (overspent !== undefined) return this.overspent(overspent);
      const firstNonce = await lane.reserve();
      const signed = this.sign(desk, lane, txs, firstNonce);
      const decided = {
        mode: desk.trading.mode,
        api_key_index: lane.apiKeyIndex,
        ...(signed.length === 1
          ? { tx_type: signed[0]?.txType, nonce: Number(firstNonce), ...extra }
          : { transactions: signed.map((tx, i) => ({ tx_type: tx.txType, tx_hash: tx.txHash, nonce: Number(firstNonce) + i })), ...extra }),
        ...(dryRun ? { tx_info: signed.length === 1 ? signed[0]?.txInfo : signed.map((tx) => tx.txInfo) } : {}),
      };
      if (dryRun) {
        lane.consume(signed.length);
        const txHash = signed.length === 1 ? signed[0]?.txHash : signed.map((tx) => tx.txHash);
        return { outcome: "accepted", reply: { status: 200, body: { code: 200, message: "dry-run: signed, not sent", tx_hash: txHash, gateway: decided } } };
      }
      try {
        const body =
          signed.length === 1
            ? (await desk.client.sendTx(signed[0]!.txType, signed[0]!.txInfo)).body
            : (await desk.client.sendTxBatch(signed.map((tx) => tx.txType), signed.map((tx) => tx.txInfo))).body;
        lane.consume(signed.length);
        lane.lastError = null;
        return { outcome: "accepted", reply: { status: 200, body: { ...body, gateway: decided } } };
      } catch (error) {
        if (!(error instanceof LighterError)) throw error;
        this.upstreamErrors.note(error);
        lane.lastError = error.message;
        if (error.kind === "rate_limited") this.budget.of(desk.trading.rateBudget)?.venueLimited(error.detail.retryAfterSeconds);
        if (error.isInvalidNonce && attempt === 0) {
          lane.resync();
          continue;
        }
        const txHashes = signed.map((tx) => tx.txHash);
        if (error.outcomeUnknown || error.isInvalidNonce) lane.resync();
        const outcome: Outcome = error.outcomeUnknown ? "unknown" : "refused";
        const httpError = toHttpError(error, {
          ...decided,
          outcome: outcome === "unknown" ? "unknown: the transaction may or may not have reached Lighter; look up tx_hash before retrying" : "not accepted",
          tx_hash: txHashes.length === 1 ? txHashes[0] : txHashes,
        });
        return { outcome, reply: httpReply(httpError) };
      }
    }
  }

  // ----- upstream bookkeeping ---------------------------------------------------------------------

  /** Does the key we hold match the one Lighter has registered for each configured index? (SPEC §4) */
  private async checkKeys(desk: Desk): Promise<NonNullable<AccountDesk["keyCheck"]>> {
    if (this.keyCheck !== undefined && Date.now() - this.keyCheck.checkedAt < KEY_CHECK_CACHE_MS) return this.keyCheck;
    const ownKey = bytesToHex(publicKeyFromPrivate(desk.privateKey));
    const registered = new Map<number, boolean>();
    let reason: string | null = null;
    try {
      const keys = await this.upstreamErrors.track(() => desk.client.apiKeys(desk.trading.lighter.accountIndex));
      for (const lane of desk.lanes) {
        const entry = keys.find((key) => key.apiKeyIndex === lane.apiKeyIndex);
        registered.set(lane.apiKeyIndex, entry?.publicKey === ownKey);
        if (entry === undefined) reason ??= `no API key ${lane.apiKeyIndex} is registered for account ${desk.trading.lighter.accountIndex}`;
        else if (entry.publicKey !== ownKey) reason ??= `LIGHTER_PRIVATE_KEY does not match the public key Lighter has for API key ${lane.apiKeyIndex}`;
      }
    } catch (error) {
      reason = error instanceof LighterError ? `could not read the registered keys: ${error.message}` : "could not read the registered keys";
    }
    this.keyCheck = { checkedAt: Date.now(), connected: reason === null, reason, registered };
    return this.keyCheck;
  }

  // ----- errors ------------------------------------------------------------------------

  private errorReply(error: unknown): DeskReply {
    if (error instanceof LighterError) return httpReply(toHttpError(error));
    if (error instanceof TxFieldError) {
      return httpReply(new HttpError(400, "invalid_request", `${error.field}: ${error.message}`, { field: error.field }));
    }
    return unexpectedErrorReply(error, "account desk");
  }
}

/**
 * A signer refusal names a tx_info field; the caller sent snake_case fields, possibly inside a batch.
 * Refusals of the gateway's own fields (account, key, nonce) are configuration faults, not bad input.
 */
function prefixField(error: unknown, prefix: string, txType?: number): unknown {
  if (error instanceof TxFieldError && txType !== undefined) {
    const field = requestFieldFor(txType, error.field.split(".")[0] ?? error.field);
    if (field === undefined) return new HttpError(500, "internal_error", "The gateway built an invalid transaction header; check the account configuration");
    return new HttpError(400, "invalid_request", `${prefix}${field}: ${error.message}`, { field: `${prefix}${field}` });
  }
  if (error instanceof HttpError && prefix !== "") {
    const details = (error.details ?? {}) as { field?: string };
    return new HttpError(error.status, error.code, error.message, { ...details, ...(details.field === undefined ? {} : { field: `${prefix}${details.field}` }) }, error.headers);
  }
  return error;
}
