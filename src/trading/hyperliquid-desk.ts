/**
 * The Hyperliquid desk: one Durable Object per agent (API wallet) signer. It owns the signer's nonces
 * (`max(now_ms, last + 1)`, persisted, so no two actions share one across isolates, restarts or a frozen
 * clock), validates every order against the coin's rules from `meta` and the risk caps before signing,
 * signs with the agent key bound as a Worker secret, sends (live) or only signs (dry-run), records creates
 * by cloid for idempotency, and publishes every request/response pair. Idempotency, answers and events are
 * the shared desk machinery (`DeskCore`).
 *
 * Unlike Lighter's, Hyperliquid's nonces need no order of arrival (any unused one within the window and
 * above the smallest of the 100 highest is accepted, hyperliquid/SPEC.md §7), so actions are sent at once
 * rather than through a lane.
 *
 * Every order carries `expiresAfter` (SPEC §4.2, §8): after it passes, Hyperliquid refuses the action, so
 * an order whose answer was lost is known to be either on the book (found by its cloid) or never to land.
 * That is what lets a repeat of a timed-out order be resolved instead of resent blindly.
 */
import { DurableObject } from "cloudflare:workers";
import type { HyperliquidTradingConfig } from "../config";
import { HttpError } from "../http/errors";
import { HaltGate } from "../safety/halt-gate";
import { raiseAlert } from "../safety/raise-alert";
import { SenderBudget, type RateBudgetState } from "../safety/rate-budget";
import type { HaltState } from "../safety/halt-state";
import { hyperliquidOrderOpens, hyperliquidOrdersOpen, type Opening } from "../safety/order-classes";
import { batchModifyAction, cancelAction, cancelByCloidAction, limitType, orderAction, orderWire, scheduleCancelAction, triggerType, updateLeverageAction, type OrderWire, type Tif } from "../venues/hyperliquid/actions";
import { HyperliquidClient, type ExchangeOk, type PerpAsset } from "../venues/hyperliquid/client";
import { HyperliquidError, toHttpError } from "../venues/hyperliquid/errors";
import { checkMinimumValue, checkPrice, checkSize, OrderRuleError, orderValue } from "../venues/hyperliquid/order-rules";
import { cancelResult, lookedUpResult, orderResult, type OrderResult } from "../venues/hyperliquid/results";
import { addressFromPrivateKey, parseAgentKey, precomputeSigningCommitments, signingCommitmentCount, signL1Action } from "../venues/hyperliquid/signing";
import { CommitmentTopUp } from "./commitment-top-up";
import { DeskCore, httpReply, unexpectedErrorReply, type Answered, type DeskAnswer, type DeskReply, type Outcome, type Submission } from "./desk-core";
import { hyperliquidDeskName, safetyDesk } from "./desk-stub";
import type {
  HyperliquidBatchRequest,
  HyperliquidCancelTarget,
  HyperliquidLeverageRequest,
  HyperliquidModifyRequest,
  HyperliquidOrderRequest,
  HyperliquidScheduleCancelRequest,
} from "./hyperliquid-requests";
import { TRIGGER_KINDS } from "./hyperliquid-requests";
import { requestFingerprint } from "./order-records";
import { UpstreamErrors } from "./upstream-errors";
import { checkNotionalCap } from "./risk";

export interface HyperliquidHealth {
  signer: string;
  account: string;
  vault_address: string | null;
  network: string;
  /** Whether Hyperliquid knows the signer as an agent of the account; null when it could not be asked. */
  agent_approved: boolean | null;
  reason: string | null;
  /** A named agent's expiry (unix ms), when Hyperliquid lists one. */
  agent_valid_until: number | null;
  nonce: { last: number | null };
  ready_signing_commitments: number;
  last_upstream_error: { at: string; message: string } | null;
  /** HYPERLIQUID_RATE_LIMIT_PER_MINUTE's state; null when no budget is configured. */
  rate_budget: RateBudgetState | null;
}

/** `meta` (sizes, asset ids) changes rarely; re-read it every few minutes. */
const META_CACHE_MS = 5 * 60 * 1000;
/** How long an agent check is trusted by /health. */
const AGENT_CHECK_CACHE_MS = 30 * 1000;
/**
 * How long an order may take to reach Hyperliquid (`expiresAfter` = signing time + this). Long against the
 * request time limit (≤ 60 s) so that a slow but answered order is never refused for it.
 */
export const ORDER_EXPIRY_MS = 90 * 1000;
/** Hyperliquid refuses a scheduled cancel less than 5 seconds ahead (SPEC §2). */
const MIN_SCHEDULE_LEAD_MS = 5_000;
/** Signing commitments kept ready so the order path skips the k·G multiplication; topped up after answers. */
const READY_COMMITMENTS = 16;

interface Desk {
  trading: HyperliquidTradingConfig;
  configKey: string;
  client: HyperliquidClient;
  privateKey: Uint8Array;
  signer: string;
  /** Whose state `/info` is asked for: the vault when trading for one, else the account. */
  user: string;
}

/** One signed action, as sent (or, in dry-run, as it would be). */
interface Signed {
  nonce: number;
  actionHash: string;
  expiresAfter: number | undefined;
  requestJson: string;
}

/** Actions that only take orders away (and the dead-man's switch): they may use the budget's reserve. */
const CANCEL_ACTIONS: ReadonlySet<string> = new Set(["cancel", "cancelByCloid", "scheduleCancel"]);

/** An exchange action's weight against Hyperliquid's per-IP limit: 1, plus 1 per 40 orders or cancels in a batch (SPEC §9). */
function actionWeight(action: Record<string, unknown>): number {
  const batch = [action.orders, action.cancels, action.modifies].find(Array.isArray) as unknown[] | undefined;
  return 1 + Math.floor((batch?.length ?? 0) / 40);
}

export class HyperliquidDesk extends DurableObject<Env> {
  private readonly core: DeskCore;
  private desk: Desk | undefined;
  private lastNonce: number;
  private meta: { loadedAt: number; byCoin: Map<string, PerpAsset> } | undefined;
  private agentCheck: { checkedAt: number; approved: boolean | null; reason: string | null; validUntil: number | null } | undefined;
  private readonly upstreamErrors = new UpstreamErrors();
  private readonly commitments = new CommitmentTopUp(READY_COMMITMENTS, signingCommitmentCount, (ready) => precomputeSigningCommitments(ready - signingCommitmentCount()));
  /** The halt, as the safety desk last told this desk: checked before any opening order is signed. */
  private readonly halt: HaltGate;
  /** HYPERLIQUID_RATE_LIMIT_PER_MINUTE, spent by every live action of this signer's desk. */
  private readonly budget = new SenderBudget("Hyperliquid");

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.core = new DeskCore(ctx, env, "hyperliquid", { field: "cloid", venueName: "Hyperliquid", noun: "cloid" }, (error) => this.errorReply(error));
    // Asked only after an order set the desk up, so the signer (the desk's name) is known.
    this.halt = new HaltGate(ctx.storage.sql, async () => {
      if (this.desk === undefined) throw new Error("the desk is not set up");
      return safetyDesk(env).haltFor({ venue: "hyperliquid", name: hyperliquidDeskName(this.desk.signer) });
    });
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS signer_nonce (id INTEGER PRIMARY KEY CHECK (id = 0), last INTEGER NOT NULL)");
    this.lastNonce = ctx.storage.sql.exec<{ last: number }>("SELECT last FROM signer_nonce WHERE id = 0").toArray()[0]?.last ?? 0;
  }

  // ----- RPC methods -------------------------------------------------------------------------------

  async createOrder(trading: HyperliquidTradingConfig, request: HyperliquidOrderRequest): Promise<DeskAnswer> {
    return this.answer(trading, { action: "create", ...request }, async (desk) => {
      const fingerprint = requestFingerprint(request);
      const earlier = await this.claimOrResolve(desk, request.cloid, fingerprint);
      if (earlier !== "send") return earlier;
      return this.core.recorded([request.cloid], async () => {
        const opening = hyperliquidOrderOpens(request);
        await this.halt.admit(opening);
        const wire = await this.validOrder(desk, request, "");
        return this.sendOrders(desk, orderAction([wire]), [request], opening);
      });
    });
  }

  async modifyOrder(trading: HyperliquidTradingConfig, target: HyperliquidCancelTarget, change: HyperliquidModifyRequest): Promise<DeskAnswer> {
    return this.answer(trading, { action: "modify", ...target, ...change }, async (desk) => {
      const order = { ...change, coin: target.coin };
      const opening = hyperliquidOrderOpens(change);
      await this.halt.admit(opening);
      const wire = await this.validOrder(desk, order, "");
      return this.sendOrders(desk, batchModifyAction([{ oid: target.order_id, order: wire }]), [order], opening);
    });
  }

  async cancelOrder(trading: HyperliquidTradingConfig, target: HyperliquidCancelTarget): Promise<DeskAnswer> {
    return this.answer(trading, { action: "cancel", ...target }, (desk) => this.sendCancels(desk, [target], ""));
  }

  async batch(trading: HyperliquidTradingConfig, request: HyperliquidBatchRequest): Promise<DeskAnswer> {
    return this.answer(trading, { action: "batch", ...request }, async (desk) => {
      if (request.cancels !== undefined) return this.sendCancels(desk, request.cancels, "cancels.");
      const orders = request.orders ?? [];
      const opening = hyperliquidOrdersOpen(orders);
      await this.halt.admit(opening);
      const wires: OrderWire[] = [];
      for (const [i, order] of orders.entries()) wires.push(await this.validOrder(desk, order, `orders.${i}.`));
      const claimed: string[] = [];
      try {
        for (const [i, order] of orders.entries()) {
          const field = `orders.${i}.cloid`;
          if (this.core.claim(order.cloid, requestFingerprint(order), field) !== undefined) {
            throw new HttpError(409, "idempotency_conflict", `cloid ${order.cloid} was already used`, { field });
          }
          claimed.push(order.cloid);
        }
      } catch (error) {
        this.core.releaseAll(claimed);
        throw error;
      }
      return this.core.recorded(
        claimed,
        () => this.sendOrders(desk, orderAction(wires), orders, opening),
        (submission) => resultsOf(submission).flatMap((result) => (result.status === "rejected" && result.client_id !== null ? [result.client_id] : [])),
      );
    });
  }

  async scheduleCancel(trading: HyperliquidTradingConfig, request: HyperliquidScheduleCancelRequest): Promise<DeskAnswer> {
    return this.answer(trading, { action: "schedule_cancel", ...request }, async (desk) => {
      const time = request.time ?? undefined;
      if (time !== undefined && time < Date.now() + MIN_SCHEDULE_LEAD_MS) {
        throw new HttpError(400, "invalid_request", `time: must be at least ${MIN_SCHEDULE_LEAD_MS / 1000} seconds from now (Hyperliquid's rule); use null to clear the scheduled cancel`, { field: "time" });
      }
      return this.sendDefault(desk, scheduleCancelAction(time), { scheduled_cancel_time: time ?? null });
    });
  }

  async updateLeverage(trading: HyperliquidTradingConfig, request: HyperliquidLeverageRequest): Promise<DeskAnswer> {
    return this.answer(trading, { action: "update_leverage", ...request }, async (desk) => {
      const asset = await this.assetOf(desk, request.coin, "coin");
      if (request.leverage > asset.maxLeverage) {
        throw new HttpError(400, "invalid_request", `leverage: ${request.coin} allows at most ${asset.maxLeverage}x`, { field: "leverage", max_leverage: asset.maxLeverage });
      }
      if (request.margin_mode === "cross" && asset.onlyIsolated) {
        throw new HttpError(400, "invalid_request", `margin_mode: ${request.coin} can only be traded isolated`, { field: "margin_mode" });
      }
      return this.sendDefault(desk, updateLeverageAction(asset.asset, request.margin_mode === "cross", request.leverage), { coin: request.coin, leverage: request.leverage, margin_mode: request.margin_mode });
    });
  }

  /**
   * The `expiresAfter` of the attempt recorded under `cloid` whose answer was lost (a timeout, a dropped
   * connection): after it, that attempt can no longer reach Hyperliquid. Null when no such attempt is
   * recorded with one. Sends and claims nothing: the pair desk's legs ask it to tell an order that may still
   * land from one that never will.
   */
  async unansweredExpiry(cloid: string): Promise<number | null> {
    const recorded = this.core.records.reply(cloid.toLowerCase());
    return recorded === undefined || recorded.status < 500 ? null : (expiryOf(recorded) ?? null);
  }

  /**
   * The safety desk's word on the halt. Resolves once it is in force: for a halt, once every opening
   * order this desk had already let through has finished, so that none is signed after the halt's answer.
   */
  async setHalt(state: HaltState): Promise<{ waited_for: number }> {
    return this.halt.set(state);
  }

  /** Positions, margin summary and open orders of the account (or the vault it trades for). */
  async account(trading: HyperliquidTradingConfig): Promise<DeskAnswer> {
    return this.core.reply(async () => {
      const desk = this.setUp(trading);
      const [state, openOrders] = await Promise.all([this.upstreamErrors.track(() => desk.client.clearinghouseState(desk.user)), this.upstreamErrors.track(() => desk.client.frontendOpenOrders(desk.user))]);
      return {
        status: 200,
        body: {
          account: desk.user,
          positions: Array.isArray(state.assetPositions) ? state.assetPositions : [],
          margin_summary: state.marginSummary ?? null,
          cross_margin_summary: state.crossMarginSummary ?? null,
          withdrawable: state.withdrawable ?? null,
          open_orders: openOrders,
        },
      };
    });
  }

  async health(trading: HyperliquidTradingConfig): Promise<HyperliquidHealth> {
    const desk = this.setUp(trading);
    const check = await this.checkAgent(desk);
    return {
      signer: desk.signer,
      account: trading.hyperliquid.accountAddress,
      vault_address: trading.hyperliquid.vaultAddress ?? null,
      network: trading.hyperliquid.network,
      agent_approved: check.approved,
      reason: check.reason,
      agent_valid_until: check.validUntil,
      nonce: { last: this.lastNonce === 0 ? null : this.lastNonce },
      rate_budget: this.budget.state(trading.rateBudget),
      ready_signing_commitments: signingCommitmentCount(),
      last_upstream_error: this.upstreamErrors.last,
    };
  }

  // ----- set-up ----------------------------------------------------------------------------------

  /** Key, signer and client for this configuration; rebuilt when it changes (cached checks dropped). */
  private setUp(trading: HyperliquidTradingConfig): Desk {
    const configKey = JSON.stringify(trading);
    if (this.desk !== undefined && this.desk.configKey === configKey) return this.desk;
    this.meta = undefined;
    this.agentCheck = undefined;
    const privateKey = parseAgentKey(trading.hyperliquid.agentPrivateKeyHex);
    this.desk = {
      trading,
      configKey,
      client: new HyperliquidClient({ apiUrl: trading.hyperliquid.apiUrl, timeoutMs: trading.hyperliquid.requestTimeoutMs }),
      privateKey,
      signer: addressFromPrivateKey(privateKey),
      user: trading.hyperliquid.vaultAddress ?? trading.hyperliquid.accountAddress,
    };
    return this.desk;
  }

  private async answer(trading: HyperliquidTradingConfig, request: Record<string, unknown>, execute: (desk: Desk) => Promise<Answered>): Promise<DeskAnswer> {
    return this.budget.tag(await this.core.answer(request, () => execute(this.setUp(trading))), trading.rateBudget);
  }

  // ----- validation --------------------------------------------------------------------------------

  private async assets(desk: Desk): Promise<Map<string, PerpAsset>> {
    if (this.meta !== undefined && Date.now() - this.meta.loadedAt < META_CACHE_MS) return this.meta.byCoin;
    try {
      const universe = await this.upstreamErrors.track(() => desk.client.meta());
      this.meta = { loadedAt: Date.now(), byCoin: new Map(universe.map((asset) => [asset.coin, asset])) };
      return this.meta.byCoin;
    } catch (error) {
      if (error instanceof HyperliquidError) {
        throw new HttpError(503, "market_rules_unavailable", "Hyperliquid's meta (coins, size decimals) could not be read, so the order could not be validated and was not signed", {
          upstream_message: error.message,
          endpoint: error.detail.endpoint,
        });
      }
      throw error;
    }
  }

  /** The coin's asset, if trading it is allowed (HYPERLIQUID_ALLOWED_COINS) and Hyperliquid lists it live. */
  private async assetOf(desk: Desk, coin: string, field: string): Promise<PerpAsset> {
    const allowed = desk.trading.allowedCoins;
    if (allowed !== undefined && !allowed.includes(coin)) {
      throw new HttpError(422, "market_not_allowed", `Coin ${coin} is not in HYPERLIQUID_ALLOWED_COINS`, { field, allowed_coins: allowed });
    }
    const asset = (await this.assets(desk)).get(coin);
    if (asset === undefined) throw new HttpError(422, "unknown_market", `Hyperliquid lists no perpetual named ${coin} (names are case-sensitive: BTC, kPEPE)`, { field });
    if (asset.isDelisted) throw new HttpError(422, "unknown_market", `${coin} is delisted on Hyperliquid`, { field });
    return asset;
  }

  /** Checks an order against the coin's rules and the caps, and builds its wire form. `prefix` locates it in a batch. */
  private async validOrder(desk: Desk, order: HyperliquidOrderRequest | (HyperliquidModifyRequest & { coin: string }), prefix: string): Promise<OrderWire> {
    const asset = await this.assetOf(desk, order.coin, `${prefix}coin`);
    try {
      const size = checkSize(order.size, asset.szDecimals, `${prefix}size`, order.coin);
      const price = checkPrice(order.price, asset.szDecimals, `${prefix}price`, order.coin);
      const trigger = TRIGGER_KINDS[order.order_type];
      const triggerPx = order.trigger_price === undefined ? undefined : checkPrice(order.trigger_price, asset.szDecimals, `${prefix}trigger_price`, order.coin);
      checkMinimumValue(price, size, order.reduce_only, `${prefix}size`);
      checkNotionalCap(desk.trading.maxOrderNotional, orderValue(price, size), { field: `${prefix}size`, market: order.coin });
      const type = trigger !== undefined && triggerPx !== undefined ? triggerType(trigger.isMarket, triggerPx, trigger.tpsl) : limitType(tifOf(order));
      return orderWire({ asset: asset.asset, isBuy: order.is_buy, price, size, reduceOnly: order.reduce_only, type, ...(order.cloid === undefined ? {} : { cloid: order.cloid }) });
    } catch (error) {
      if (error instanceof OrderRuleError) {
        throw new HttpError(400, "invalid_request", error.message, { field: error.field, ...(error.allowedStep === undefined ? {} : { allowed_step: error.allowedStep }) });
      }
      throw error;
    }
  }

  // ----- idempotency for creates -------------------------------------------------------------------

  /**
   * Claims a cloid, or answers a repeat. A repeat whose first attempt has no known outcome (a timeout, a
   * lost answer, a restart mid-send) is looked up at Hyperliquid by cloid before anything else: found, its
   * state is the answer (and recorded); not found once the attempt's `expiresAfter` has passed, the first
   * attempt can never land and the order is sent anew; otherwise still 409 `outcome_unknown`.
   * "send": the cloid is claimed for this attempt.
   */
  private async claimOrResolve(desk: Desk, cloid: string, fingerprint: string): Promise<Answered | "send"> {
    let recorded: DeskReply | undefined;
    try {
      recorded = this.core.claim(cloid, fingerprint);
    } catch (error) {
      if (error instanceof HttpError && error.code === "outcome_unknown") return this.resolveUnknown(desk, cloid, fingerprint, undefined, error);
      throw error;
    }
    if (recorded === undefined) return "send";
    if (recorded.status < 500) return { outcome: "replay", reply: recorded };
    const expiresAfter = expiryOf(recorded);
    const unknown = new HttpError(409, "outcome_unknown", `An earlier attempt with cloid ${cloid} got no answer; Hyperliquid has no order with this cloid yet`, { field: "cloid" });
    return this.resolveUnknown(desk, cloid, fingerprint, expiresAfter, unknown);
  }

  private async resolveUnknown(desk: Desk, cloid: string, fingerprint: string, expiresAfter: number | undefined, unknown: HttpError): Promise<Answered | "send"> {
    let found: Record<string, unknown>;
    try {
      found = await this.upstreamErrors.track(() => desk.client.orderStatus(desk.user, cloid));
    } catch (error) {
      const message = error instanceof HyperliquidError ? error.message : "look-up failed";
      throw new HttpError(409, "outcome_unknown", `${unknown.message}; looking it up by cloid failed too (${message}); repeat later`, { field: "cloid" });
    }
    const result = found.status === "order" ? lookedUpResult(found, cloid) : undefined;
    if (result?.status === "rejected") {
      // The first attempt reached Hyperliquid and was refused: a refusal, and the cloid is free again.
      this.core.records.forget(cloid);
      throw new HttpError(422, "hyperliquid_rejected", `Hyperliquid refused the order (${result.message ?? "rejected"}); found by cloid after the first answer was lost`, {
        venue: "hyperliquid",
        upstream_message: result.message,
        result,
        response: found,
        resolved_by_lookup: true,
      });
    }
    if (result !== undefined) {
      const reply: DeskReply = { status: 200, body: { status: "ok", response: found, result, gateway: { mode: desk.trading.mode, signer: desk.signer, idempotent_replay: true, resolved_by_lookup: true } } };
      this.core.records.overwrite(cloid, reply);
      return { outcome: "replay", reply };
    }
    if (expiresAfter !== undefined && Date.now() > expiresAfter && this.core.records.reopen(cloid, fingerprint)) {
      // The first attempt expired unseen: this repeat is the order's only attempt that can land.
      return "send";
    }
    const wait = expiresAfter === undefined ? undefined : Math.max(1, Math.ceil((expiresAfter - Date.now()) / 1000));
    throw new HttpError(409, "outcome_unknown", `${unknown.message}${wait === undefined ? "; check the order on Hyperliquid before using another cloid" : `; repeat after ${wait} s, when the first attempt has expired, to send it safely`}`, {
      field: "cloid",
      ...(wait === undefined ? {} : { retry_after_seconds: wait }),
    });
  }

  // ----- sending ------------------------------------------------------------------------------------

  /** The next nonce: unique and increasing for this signer whatever the clock does, stored before any use. */
  private nextNonce(): number {
    this.lastNonce = Math.max(Date.now(), this.lastNonce + 1);
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO signer_nonce (id, last) VALUES (0, ?)", this.lastNonce);
    return this.lastNonce;
  }

  private sign(desk: Desk, action: Record<string, unknown>, withExpiry: boolean): Signed {
    const nonce = this.nextNonce();
    const expiresAfter = withExpiry ? nonce + ORDER_EXPIRY_MS : undefined;
    const vaultAddress = desk.trading.hyperliquid.vaultAddress;
    const { actionHash, signature } = signL1Action(
      { action, nonce, vaultAddress: vaultAddress ?? null, expiresAfter: expiresAfter ?? null, isMainnet: desk.trading.hyperliquid.network === "mainnet" },
      desk.privateKey,
      { fast: true },
    );
    const body: Record<string, unknown> = { action, nonce, signature };
    if (vaultAddress !== undefined) body.vaultAddress = vaultAddress;
    if (expiresAfter !== undefined) body.expiresAfter = expiresAfter;
    this.commitments.afterUse();
    return { nonce, actionHash, expiresAfter, requestJson: JSON.stringify(body) };
  }

  /** What the answer tells about the gateway's part: mode, nonce, signer, action hash (and in dry-run the body). */
  private gatewayPart(desk: Desk, signed: Signed): Record<string, unknown> {
    return {
      mode: desk.trading.mode,
      nonce: signed.nonce,
      signer: desk.signer,
      action_hash: signed.actionHash,
      ...(signed.expiresAfter === undefined ? {} : { expires_after: signed.expiresAfter }),
      ...(desk.trading.hyperliquid.vaultAddress === undefined ? {} : { vault_address: desk.trading.hyperliquid.vaultAddress }),
      ...(desk.trading.mode === "dry-run" ? { request_body: JSON.parse(signed.requestJson) as unknown } : {}),
    };
  }

  /**
   * Signs and sends; returns Hyperliquid's accepted answer, or the submission that ends the request (a
   * dry-run, or a failure). A nonce refusal is retried once with a fresh nonce: nothing was accepted.
   */
  private exchange(desk: Desk, action: Record<string, unknown>, withExpiry: boolean, opening: Opening | undefined): Promise<{ ok: ExchangeOk; gateway: Record<string, unknown> } | Submission> {
    // An opening action is refused while halted, before a nonce is taken; the halt waits for it otherwise.
    return this.halt.signing(opening, () => this.exchangeOnce(desk, action, withExpiry, opening));
  }

  /** The budget's refusal, answered, and an alert (one per interval: the alert desk deduplicates). */
  private overspent(refusal: HttpError): Submission {
    raiseAlert(this.env, this.ctx, { kind: "rate_budget_exhausted", subject: "hyperliquid", message: refusal.message, details: refusal.details as Record<string, unknown> });
    return { outcome: "refused", reply: httpReply(refusal) };
  }

  private async exchangeOnce(desk: Desk, action: Record<string, unknown>, withExpiry: boolean, opening: Opening | undefined): Promise<{ ok: ExchangeOk; gateway: Record<string, unknown> } | Submission> {
    for (let attempt = 0; ; attempt += 1) {
      // A retry after a nonce refusal signs again: not once trading is halted (nothing was accepted).
      if (attempt > 0) this.halt.check(opening);
      const overspent = desk.trading.mode === "dry-run" || attempt > 0 ? undefined : this.budget.spend(desk.trading.rateBudget, actionWeight(action), CANCEL_ACTIONS.has(String(action.type)) ? "cancel" : "other");
      if (overspent !== undefined) return this.overspent(overspent);
      const signed = this.sign(desk, action, withExpiry);
      const gateway = this.gatewayPart(desk, signed);
      if (desk.trading.mode === "dry-run") {
        return { outcome: "accepted", reply: { status: 200, body: { message: "dry-run: signed, not sent", gateway } } };
      }
      try {
        return { ok: await desk.client.exchange(signed.requestJson), gateway };
      } catch (error) {
        if (!(error instanceof HyperliquidError)) throw error;
        this.upstreamErrors.note(error);
        if (error.kind === "rate_limited") this.budget.of(desk.trading.rateBudget)?.venueLimited(error.detail.retryAfterSeconds);
        if (error.isInvalidNonce && attempt === 0) {
          this.raiseNonceFloor(error.message);
          continue;
        }
        const outcome: Outcome = error.outcomeUnknown ? "unknown" : "refused";
        return {
          outcome,
          reply: httpReply(
            toHttpError(error, {
              outcome: outcome === "unknown" ? "unknown: the action may or may not have reached Hyperliquid; repeat the request (same cloid) to have it looked up before anything is resent" : "not accepted",
              gateway,
            }),
          ),
        };
      }
    }
  }

  /** "Invalid nonce: nonce too low N < M": the next nonce goes above M. */
  private raiseNonceFloor(message: string): void {
    const floor = Number(/<\s*(\d+)/.exec(message)?.[1] ?? "0");
    if (Number.isSafeInteger(floor) && floor > this.lastNonce) this.lastNonce = floor;
  }

  /** Orders (or modifies): one result per order; a single order refused inside an ok answer is a 422. */
  private async sendOrders(desk: Desk, action: Record<string, unknown>, orders: ReadonlyArray<{ size: string; cloid?: string | undefined }>, opening: Opening | undefined): Promise<Submission> {
    const sent = await this.exchange(desk, action, true, opening);
    if (!("ok" in sent)) return sent;
    const { ok, gateway } = sent;
    if (ok.statuses === undefined || ok.statuses.length !== orders.length) {
      // A payload-level refusal can come back as one error for the whole batch (SPEC §8).
      const only = ok.statuses?.length === 1 ? orderResult(ok.statuses[0], "0", undefined) : undefined;
      if (only?.status === "rejected" && orders.length > 1) {
        return { outcome: "refused", reply: httpReply(new HttpError(422, "hyperliquid_rejected", `Hyperliquid refused the batch: ${only.message}`, { venue: "hyperliquid", upstream_message: only.message, outcome: "not accepted", response: ok.body.response, gateway })) };
      }
      const error = new HyperliquidError("malformed", `expected ${orders.length} order statuses, got ${ok.statuses?.length ?? "none"}`, { endpoint: "exchange", httpStatus: 200 });
      this.upstreamErrors.note(error);
      return { outcome: "unknown", reply: httpReply(toHttpError(error, { outcome: "unknown: Hyperliquid answered without the order statuses", gateway })) };
    }
    const results: OrderResult[] = ok.statuses.map((status, i) => orderResult(status, orders[i]?.size ?? "0", orders[i]?.cloid));
    if (orders.length === 1) {
      const [result] = results as [OrderResult];
      if (result.status === "rejected") {
        return {
          outcome: "refused",
          reply: httpReply(new HttpError(422, "hyperliquid_rejected", `Hyperliquid refused the order: ${result.message}`, { venue: "hyperliquid", upstream_message: result.message, outcome: "not accepted", result, response: ok.body.response, gateway })),
        };
      }
      return { outcome: "accepted", reply: { status: 200, body: { ...ok.body, result, gateway } } };
    }
    // A batch is answered 200 when any order was accepted; each result says what became of its order.
    if (results.some((result) => result.status !== "rejected")) return { outcome: "accepted", reply: { status: 200, body: { ...ok.body, results, gateway } } };
    return { outcome: "refused", reply: httpReply(batchRefusal("order", results, ok, gateway)) };
  }

  private async sendCancels(desk: Desk, targets: HyperliquidCancelTarget[], prefix: string): Promise<Submission> {
    const assets: number[] = [];
    for (const [i, target] of targets.entries()) assets.push((await this.assetOf(desk, target.coin, targets.length === 1 && prefix === "" ? "coin" : `${prefix}${i}.coin`)).asset);
    const byCloid = typeof targets[0]?.order_id === "string";
    const action = byCloid
      ? cancelByCloidAction(targets.map((target, i) => ({ asset: assets[i] as number, cloid: target.order_id as string })))
      : cancelAction(targets.map((target, i) => ({ asset: assets[i] as number, oid: target.order_id as number })));
    const sent = await this.exchange(desk, action, false, undefined);
    if (!("ok" in sent)) return sent;
    const { ok, gateway } = sent;
    if (ok.statuses === undefined || ok.statuses.length !== targets.length) {
      const error = new HyperliquidError("malformed", `expected ${targets.length} cancel statuses, got ${ok.statuses?.length ?? "none"}`, { endpoint: "exchange", httpStatus: 200 });
      this.upstreamErrors.note(error);
      return { outcome: "unknown", reply: httpReply(toHttpError(error, { outcome: "unknown: Hyperliquid answered without the cancel statuses", gateway })) };
    }
    const results = ok.statuses.map((status, i) => cancelResult(status, targets[i] as HyperliquidCancelTarget));
    if (prefix === "") {
      const [result] = results as [ReturnType<typeof cancelResult>];
      if (result.status === "rejected") {
        return { outcome: "refused", reply: httpReply(new HttpError(422, "hyperliquid_rejected", `Hyperliquid refused the cancel: ${result.message}`, { venue: "hyperliquid", upstream_message: result.message, outcome: "not accepted", result, response: ok.body.response, gateway })) };
      }
      return { outcome: "accepted", reply: { status: 200, body: { ...ok.body, result, gateway } } };
    }
    if (results.some((result) => result.status === "canceled")) return { outcome: "accepted", reply: { status: 200, body: { ...ok.body, results, gateway } } };
    return { outcome: "refused", reply: httpReply(batchRefusal("cancel", results, ok, gateway)) };
  }

  /** Actions answered `{"type":"default"}` (scheduleCancel, updateLeverage). */
  private async sendDefault(desk: Desk, action: Record<string, unknown>, summary: Record<string, unknown>): Promise<Submission> {
    const sent = await this.exchange(desk, action, false, undefined);
    if (!("ok" in sent)) return sent;
    return { outcome: "accepted", reply: { status: 200, body: { ...sent.ok.body, result: summary, gateway: sent.gateway } } };
  }

  // ----- upstream bookkeeping ---------------------------------------------------------------------

  /**
   * Does Hyperliquid know the signer as an agent of the account (`userRole`), and until when (`extraAgents`,
   * named agents only)? A key approved for another account would sign actions that trade someone else's.
   */
  private async checkAgent(desk: Desk): Promise<NonNullable<HyperliquidDesk["agentCheck"]>> {
    if (this.agentCheck !== undefined && Date.now() - this.agentCheck.checkedAt < AGENT_CHECK_CACHE_MS) return this.agentCheck;
    const account = desk.trading.hyperliquid.accountAddress;
    let approved: boolean | null = null;
    let reason: string | null = null;
    let validUntil: number | null = null;
    try {
      const role = await this.upstreamErrors.track(() => desk.client.userRole(desk.signer));
      if (role.role !== "agent") reason = `Hyperliquid knows ${desk.signer} as "${role.role}", not as an agent: approve it for ${account} (approveAgent)`;
      else if (role.master !== account) reason = `the agent ${desk.signer} trades for ${role.master ?? "another account"}, not for HYPERLIQUID_ACCOUNT_ADDRESS ${account}`;
      approved = reason === null;
      if (approved) {
        const named = (await this.upstreamErrors.track(() => desk.client.extraAgents(account))).find((agent) => agent.address.toLowerCase() === desk.signer);
        validUntil = named?.validUntil ?? null;
        if (validUntil !== null && validUntil < Date.now()) {
          approved = false;
          reason = `the agent ${desk.signer} expired at ${new Date(validUntil).toISOString()}`;
        }
      }
    } catch (error) {
      approved = null;
      reason = error instanceof HyperliquidError ? `could not ask Hyperliquid: ${error.message}` : "could not ask Hyperliquid";
    }
    this.agentCheck = { checkedAt: Date.now(), approved, reason, validUntil };
    return this.agentCheck;
  }

  private errorReply(error: unknown): DeskReply {
    if (error instanceof HyperliquidError) return httpReply(toHttpError(error));
    return unexpectedErrorReply(error, "Hyperliquid desk");
  }
}

/** A batch none of whose elements Hyperliquid accepted: a refusal, with every element's result. */
function batchRefusal(kind: "order" | "cancel", results: ReadonlyArray<{ message?: string }>, ok: ExchangeOk, gateway: Record<string, unknown>): HttpError {
  const first = results[0]?.message ?? "rejected";
  return new HttpError(422, "hyperliquid_rejected", `Hyperliquid refused every ${kind} of the batch (the first: ${first})`, {
    venue: "hyperliquid",
    upstream_message: first,
    outcome: "not accepted",
    results,
    response: ok.body.response,
    gateway,
  });
}

/** The `expiresAfter` a failed send's answer names (its gateway details), if it got as far as signing. */
function expiryOf(reply: DeskReply): number | undefined {
  return (reply.body as { error?: { details?: { gateway?: { expires_after?: number } } } }).error?.details?.gateway?.expires_after;
}

/** The per-order results of an accepted batch answer. */
function resultsOf(submission: Submission): OrderResult[] {
  const results = (submission.reply.body as { results?: OrderResult[] } | null)?.results;
  return Array.isArray(results) ? results : [];
}

function tifOf(order: { order_type: string; time_in_force?: string | undefined }): Tif {
  if (order.order_type === "market") return "Ioc";
  switch (order.time_in_force) {
    case "ioc":
      return "Ioc";
    case "alo":
      return "Alo";
    default:
      return "Gtc";
  }
}
