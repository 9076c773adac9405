// @ts-check
/**
 * Order events from GET /ws/events as panel lines, and the resume cursor. Pure: no DOM, no socket.
 * An event is {seq, type: "order", venue, payload: {request, response: {status, body}}, created_at};
 * the request carries `action` (create, cancel, modify, cancel_all, batch, schedule_cancel,
 * update_leverage) and the fields the route took, in its venue's terms: Lighter's integers (market_index,
 * is_ask, base_amount, price) or Hyperliquid's decimal strings (coin, is_buy, size, price). The hash shown
 * is Lighter's tx hash, or the Hyperliquid action hash.
 */

/**
 * @typedef {{ seq: number, type: string, venue: string, created_at: string,
 *   payload: { request: Record<string, unknown>, response: { status: number, body: any } } }} OrderEvent
 * @typedef {{ seq: number, time: string, venue: string, action: string, market: string, side: string, size: string, price: string,
 *   status: string, ok: boolean, txHash: string }} OrderLine
 */

/** @param {unknown} value */
function text(value) {
  return value === undefined || value === null ? "–" : String(value);
}

/** @param {Record<string, unknown>} request */
function sideOf(request) {
  if (request.is_ask === true || request.is_buy === false) return "sell";
  if (request.is_ask === false || request.is_buy === true) return "buy";
  return "–";
}

/** @param {string} action @param {Record<string, unknown>} request */
function actionName(action, request) {
  if (action === "cancel_all") return `cancel all${request.mode === undefined ? "" : ` (${text(request.mode)})`}`;
  return action.replaceAll("_", " ");
}

/**
 * @param {string} venue
 * @param {Record<string, unknown>} request
 * @param {number} seq
 * @param {string} time
 * @param {{ status: string, ok: boolean }} outcome
 * @param {unknown} txHash
 * @returns {OrderLine}
 */
function line(venue, request, seq, time, outcome, txHash) {
  return {
    seq,
    time,
    venue,
    action: actionName(text(request.action), request),
    market: text(request.market_index ?? request.coin),
    side: sideOf(request),
    size: text(request.base_amount ?? request.size),
    price: text(request.price ?? request.avg_execution_price),
    status: outcome.status,
    ok: outcome.ok,
    txHash: typeof txHash === "string" ? txHash : "",
  };
}

/**
 * The hash(es) to look an action up by: Lighter's tx hashes (one per transaction of a batch), or
 * Hyperliquid's action hash (one action, however many orders). A refused or unknown send still names
 * them in the error details.
 * @param {any} body
 * @param {boolean} ok
 */
function hashesOf(body, ok) {
  const details = ok ? body : body.error?.details;
  return details?.tx_hash ?? details?.gateway?.action_hash;
}

/**
 * The lines of one event: one, or one per transaction of a batch (each with its own tx hash).
 * @param {OrderEvent} event
 * @returns {OrderLine[]}
 */
export function orderLines(event) {
  const { request, response } = event.payload;
  const body = response.body ?? {};
  const ok = response.status >= 200 && response.status < 300;
  const error = body.error;
  const status = ok
    ? `${response.status} ${body.gateway?.mode === "dry-run" ? "signed (dry-run)" : "accepted"}`
    : `${response.status} ${text(error?.code)}`;
  const outcome = { status, ok };
  const hashes = hashesOf(body, ok);
  const entries = request.action === "batch" ? (request.transactions ?? request.orders ?? request.cancels) : undefined;
  if (Array.isArray(entries)) {
    return entries.map((entry, i) =>
      line(
        event.venue,
        { action: request.transactions === undefined ? (request.cancels === undefined ? "create" : "cancel") : undefined, .../** @type {Record<string, unknown>} */ (entry) },
        event.seq,
        event.created_at,
        outcome,
        Array.isArray(hashes) ? hashes[i] : hashes,
      ),
    );
  }
  return [line(event.venue, request, event.seq, event.created_at, outcome, Array.isArray(hashes) ? hashes[0] : hashes)];
}

/**
 * Remembers the last seq seen, so a reconnect asks for `since` and nothing is shown twice.
 */
export class EventCursor {
  /** @type {number | null} */
  lastSeq = null;

  /**
   * True for an event not seen yet (and moves the cursor); false for a replayed duplicate.
   * @param {number} seq
   */
  accept(seq) {
    if (this.lastSeq !== null && seq <= this.lastSeq) return false;
    this.lastSeq = seq;
    return true;
  }

  /** The query of the next connection: the whole retained log first time, then what came after. */
  query() {
    return `since=${this.lastSeq ?? 0}`;
  }
}

/**
 * Classifies one text frame: an order event (has seq), a control frame, or garbage.
 * @param {string} data
 * @returns {{ kind: "event", event: OrderEvent } | { kind: "gap", missed: number } | { kind: "error", message: string } | { kind: "other" }}
 */
export function parseFrame(data) {
  /** @type {any} */
  let frame;
  try {
    frame = JSON.parse(data);
  } catch {
    return { kind: "other" };
  }
  if (frame === null || typeof frame !== "object") return { kind: "other" };
  if (typeof frame.seq === "number" && frame.payload !== null && typeof frame.payload === "object") return { kind: "event", event: frame };
  if (frame.type === "gap") return { kind: "gap", missed: Number(frame.missed) };
  if (frame.type === "error") return { kind: "error", message: `${text(frame.code)}: ${text(frame.message)}` };
  return { kind: "other" };
}
