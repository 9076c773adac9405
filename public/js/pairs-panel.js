// @ts-check
/**
 * The pairs panel: every pair of GET /arb/pairs with its state (an unbalanced pair loudly, with why it
 * needs attention), asset, legs, entry and current spread, funding earned, fees, PnL and order budget,
 * and a Close button (POST /arb/pairs/:pair_id/close, after a confirmation) on the pairs whose legs may
 * hold a position. The routes need the gateway token, which the order panel holds: the list is read as
 * soon as it holds one, then polled, and again after every action.
 */
import { byId, el, showStatus } from "./dom.js";
import { formatApr, formatTime, formatUsd } from "./format.js";
import { callGateway, failureText } from "./gateway-api.js";
import { closable, legName, pnlCell } from "./pair-model.js";

/** @typedef {import("./pair-model.js").PairView} PairView */

const POLL_MS = 10_000;
const COLUMNS = 11;

export class PairsPanel {
  /** @type {PairView[] | null} */ pairs = null;
  /** The token the list was last read with: a new one (or none) reads it again at once. */
  /** @type {string | null | undefined} */ readWith = undefined;
  /** Pairs whose close is under way: their buttons stay disabled until the answer. */
  closing = new Set();

  /** @param {() => string | null} token the order panel's token, or null while it has none */
  constructor(token) {
    this.token = token;
    this.body = byId("pairs-body");
    this.status = byId("pairs-status");
    this.action = byId("pairs-action");
    this.alert = byId("pairs-alert");
  }

  start() {
    void this.refresh();
    setInterval(() => void this.refresh(), POLL_MS);
    setInterval(() => {
      if (this.token() !== this.readWith) void this.refresh();
    }, 1000);
  }

  async refresh() {
    const token = this.token();
    this.readWith = token;
    if (token === null) {
      this.pairs = null;
      showStatus(this.status, "Connect with the gateway token (Order flow) to see the pairs.", "idle");
      return this.render();
    }
    const answer = await callGateway(token, "GET", "/arb/pairs");
    if (this.token() !== token) return; // the token changed meanwhile: the next tick reads with the new one
    if (answer.ok) {
      this.pairs = /** @type {PairView[]} */ (answer.body.pairs);
      showStatus(this.status, `Updated ${formatTime(new Date().toISOString())}`, "ok");
    } else {
      // The last list stays on screen: a pair does not vanish because one read failed.
      showStatus(this.status, `Could not read the pairs: ${failureText(answer)}`, "error");
    }
    this.render();
  }

  render() {
    const unbalanced = (this.pairs ?? []).filter((pair) => pair.state === "unbalanced");
    this.alert.hidden = unbalanced.length === 0;
    this.alert.textContent = unbalanced.map((pair) => `${pair.pair_id} (${pair.asset}) is UNBALANCED: ${pair.attention ?? "no reason given"}`).join(" · ");
    if (this.pairs === null || this.pairs.length === 0) {
      const message = this.pairs === null ? "Connect to see the pairs." : "No pairs yet: preview one from a row of the funding board.";
      this.body.replaceChildren(el("tr", {}, el("td", { className: "empty", attrs: { colspan: String(COLUMNS) } }, message)));
      return;
    }
    this.body.replaceChildren(...this.pairs.map((pair) => this.rowElement(pair)));
  }

  /** @param {PairView} pair */
  rowElement(pair) {
    const pnl = pnlCell(pair.pnl);
    const legs = /** @type {const} */ (["long", "short"]).map((side) => {
      const leg = pair.legs[side];
      return el("span", { className: `leg ${side}`, title: `${leg.side} on market ${leg.market}` }, `${legName(side, leg.venue)} ${leg.asset_size}`);
    });
    return el(
      "tr",
      { className: `pair-${pair.state}`, dataset: { pairId: pair.pair_id } },
      el("td", {}, pair.asset),
      el("td", { className: "mono" }, pair.pair_id),
      el("td", { className: "state" }, el("span", { className: `state-${pair.state}` }, pair.state), ...(pair.attention === null ? [] : [el("span", { className: "attention" }, pair.attention)])),
      el("td", { className: "legs" }, ...legs),
      el("td", { className: "num entry-spread" }, formatApr(pair.spread_apr.entry)),
      el("td", { className: "num now-spread" }, formatApr(pair.spread_apr.now)),
      el("td", { className: "num funding", title: `${pair.pnl.funding} USD` }, formatUsd(pair.pnl.funding, true)),
      el("td", { className: "num fees", title: `${pair.pnl.fees} USD` }, formatUsd(pair.pnl.fees)),
      el("td", { className: `num pnl${pair.pnl.total === null ? " unknown" : ""}`, title: pnl.title }, pnl.text),
      el("td", { className: "num orders" }, `${pair.orders_sent} / ${pair.max_orders}`),
      el("td", {}, ...(closable(pair) ? [this.closeButton(pair)] : [])),
    );
  }

  /** @param {PairView} pair */
  closeButton(pair) {
    const button = el("button", { className: "danger close-pair" }, "Close");
    button.type = "button";
    button.disabled = this.closing.has(pair.pair_id);
    button.addEventListener("click", () => void this.close(pair));
    return button;
  }

  /** @param {PairView} pair */
  async close(pair) {
    const legs = `${legName("long", pair.legs.long.venue)}, ${legName("short", pair.legs.short.venue)}`;
    if (!confirm(`Close pair ${pair.pair_id} (${pair.asset}: ${legs})? Both legs are closed reduce-only at the board's marks.`)) return;
    this.closing.add(pair.pair_id);
    this.render();
    showStatus(this.action, `Closing ${pair.pair_id}…`, "pending");
    const answer = await callGateway(this.token(), "POST", `/arb/pairs/${encodeURIComponent(pair.pair_id)}/close`);
    this.closing.delete(pair.pair_id);
    if (answer.ok) {
      const closed = /** @type {PairView} */ (answer.body);
      showStatus(this.action, `${closed.pair_id}: ${closed.state}${closed.attention === null ? "" : ` (${closed.attention})`}`, closed.state === "closed" ? "ok" : "error");
    } else {
      showStatus(this.action, `Close of ${pair.pair_id} failed: ${failureText(answer)}`, "error");
    }
    await this.refresh();
  }
}
