/**
 * Hyperliquid's REST API as the trading desk and the account feed use it (hyperliquid/SPEC.md §8, §10;
 * accounts/SPEC.md §2.6): `POST /exchange` for signed actions and `POST /info` for the account's state and
 * history. The only module that calls Hyperliquid for trading. Every call has a time limit covering the whole body, and every way Hyperliquid fails becomes a
 * `HyperliquidError` of the right kind: `"status":"err"` in an HTTP 200 body is a refusal, not a success.
 */
import * as z from "zod";
import { fetchFromVenue, parseVenueBody, type VenueErrorDetail, type VenueErrorKind } from "../venue-error";
import { wireFill, wireFundingRow, type WireFill, type WireFundingRow } from "./account-wire";
import { HyperliquidError, refusal, refusalMessage } from "./errors";

export interface HyperliquidClientOptions {
  apiUrl: string;
  timeoutMs: number;
}

/** One order's status in an `order` or `batchModify` answer (SPEC §8), kept as Hyperliquid sent it. */
export type OrderStatus = z.infer<typeof orderStatus>;

/** The `response` of an accepted action: `order`/`cancel` carry per-element statuses, others `default`. */
export interface ExchangeOk {
  body: Record<string, unknown>;
  type: string;
  statuses: unknown[] | undefined;
}

const orderStatus = z.union([
  z.looseObject({ resting: z.looseObject({ oid: z.number().int().nonnegative(), cloid: z.string().optional() }) }),
  z.looseObject({ filled: z.looseObject({ oid: z.number().int().nonnegative(), totalSz: z.string(), avgPx: z.string(), cloid: z.string().optional() }) }),
  z.looseObject({ error: z.string() }),
  z.string(),
]);
export const orderStatuses = z.array(orderStatus);

const exchangeOk = z.looseObject({
  status: z.literal("ok"),
  response: z.looseObject({ type: z.string(), data: z.looseObject({ statuses: z.array(z.unknown()) }).optional() }),
});

/** A perpetual of the main dex: its asset id is its index in `meta.universe` (SPEC §11). */
export interface PerpAsset {
  coin: string;
  asset: number;
  szDecimals: number;
  maxLeverage: number;
  onlyIsolated: boolean;
  isDelisted: boolean;
}

const metaBody = z.looseObject({
  universe: z.array(
    z.looseObject({
      name: z.string().min(1),
      szDecimals: z.number().int().min(0).max(10),
      maxLeverage: z.number().int().positive(),
      onlyIsolated: z.boolean().optional(),
      isDelisted: z.boolean().optional(),
    }),
  ),
});

const userRoleBody = z.looseObject({ role: z.string(), data: z.looseObject({ user: z.string().optional() }).optional() });
const extraAgentsBody = z.array(z.looseObject({ name: z.string().optional(), address: z.string(), validUntil: z.number().optional() }));

export interface AgentRole {
  role: string;
  /** For an agent: the account it trades for, lowercase. */
  master: string | undefined;
}

export class HyperliquidClient {
  constructor(private readonly options: HyperliquidClientOptions) {}

  /** Sends one signed action, as the exact JSON text that was signed, and returns the accepted answer. */
  async exchange(requestJson: string): Promise<ExchangeOk> {
    const body = await this.post("exchange", requestJson);
    const refused = refusalMessage(body);
    if (refused !== undefined) throw refusal(refused, "exchange", 200);
    const ok = exchangeOk.safeParse(body);
    if (!ok.success) throw new HyperliquidError("malformed", `unexpected exchange answer: ${JSON.stringify(body).slice(0, 160)}`, { endpoint: "exchange", httpStatus: 200 });
    return { body: ok.data, type: ok.data.response.type, statuses: ok.data.response.data?.statuses };
  }

  async meta(): Promise<PerpAsset[]> {
    const body = readAnswer(metaBody, await this.info({ type: "meta" }), "meta");
    return body.universe.map((entry, asset) => ({
      coin: entry.name,
      asset,
      szDecimals: entry.szDecimals,
      maxLeverage: entry.maxLeverage,
      onlyIsolated: entry.onlyIsolated ?? false,
      isDelisted: entry.isDelisted ?? false,
    }));
  }

  /** Positions and margin of an account (master, sub-account or vault: never the agent). */
  async clearinghouseState(user: string): Promise<Record<string, unknown>> {
    return readAnswer(z.looseObject({}), await this.info({ type: "clearinghouseState", user }), "clearinghouseState");
  }

  async frontendOpenOrders(user: string): Promise<unknown[]> {
    return readAnswer(z.array(z.unknown()), await this.info({ type: "frontendOpenOrders", user }), "frontendOpenOrders");
  }

  /** An order by oid or cloid: `{"status":"order","order":{…}}` or `{"status":"unknownOid"}`. */
  async orderStatus(user: string, oid: number | string): Promise<Record<string, unknown>> {
    return readAnswer(z.looseObject({ status: z.string() }), await this.info({ type: "orderStatus", user, oid }), "orderStatus");
  }

  /**
   * Fills from `startTime` (inclusive), oldest first: at most 2000 an answer (the next page starts at the
   * last one's newest time), and only the account's 10 000 most recent fills are reachable (accounts/SPEC.md §2.6).
   */
  async userFillsByTime(user: string, startTime: number): Promise<WireFill[]> {
    return readAnswer(z.array(wireFill), await this.info({ type: "userFillsByTime", user, startTime }), "userFillsByTime");
  }

  /** Funding payments from `startTime` (inclusive), oldest first: at most 500 an answer. */
  async userFunding(user: string, startTime: number): Promise<WireFundingRow[]> {
    return readAnswer(z.array(wireFundingRow), await this.info({ type: "userFunding", user, startTime }), "userFunding");
  }

  async userRole(user: string): Promise<AgentRole> {
    const body = readAnswer(userRoleBody, await this.info({ type: "userRole", user }), "userRole");
    return { role: body.role, master: body.data?.user?.toLowerCase() };
  }

  async extraAgents(user: string): Promise<z.infer<typeof extraAgentsBody>> {
    return readAnswer(extraAgentsBody, await this.info({ type: "extraAgents", user }), "extraAgents");
  }

  private info(request: Record<string, unknown>): Promise<unknown> {
    return this.post("info", JSON.stringify(request));
  }

  /**
   * One POST. A 4xx with a plain-text body is Hyperliquid refusing what it could not read (HTTP 422
   * "Failed to deserialize…"); 5xx, HTML and unreadable bodies are failures whose outcome is unknown.
   */
  private async post(endpoint: string, json: string): Promise<unknown> {
    const fail = (kind: VenueErrorKind, message: string, detail: VenueErrorDetail) => new HyperliquidError(kind, message, detail);
    const init = { method: "POST", headers: { "Content-Type": "application/json" }, body: json };
    const { response, text } = await fetchFromVenue("hyperliquid", `${this.options.apiUrl}/${endpoint}`, init, this.options.timeoutMs, endpoint, fail);
    const httpStatus = response.status;
    if (httpStatus >= 400 && httpStatus < 500 && !/^\s*[[{<]/.test(text)) {
      throw new HyperliquidError("rejected", text.trim().slice(0, 300) || `HTTP ${httpStatus}`, { endpoint, httpStatus });
    }
    const body = parseVenueBody(text, httpStatus, endpoint, JSON.parse, fail);
    if (httpStatus >= 500) throw new HyperliquidError("unavailable", `HTTP ${httpStatus}`, { endpoint, httpStatus });
    if (httpStatus >= 400) {
      throw refusal(refusalMessage(body) ?? `HTTP ${httpStatus}: ${text.slice(0, 160)}`, endpoint, httpStatus);
    }
    return body;
  }
}

/**
 * An /info answer read as `schema`: a refusal envelope is a refusal, a body of another shape is malformed.
 * Exported so a caller that reads more of a loosely typed answer (the account feed) fails the same way.
 */
export function readAnswer<T>(schema: z.ZodType<T>, body: unknown, endpoint: string): T {
  const refused = refusalMessage(body);
  if (refused !== undefined) throw refusal(refused, endpoint, 200);
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new HyperliquidError("malformed", `unexpected ${endpoint} answer at ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`, { endpoint });
  }
  return result.data;
}
