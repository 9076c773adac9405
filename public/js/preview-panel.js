// @ts-check
/**
 * The pair preview, opened from a row of the funding board: the trader types a notional and a maximum
 * slippage, the page asks POST /arb/preview and shows both legs exactly as they would be sent, the
 * funding picture and every risk verdict. Open (enabled only when the gateway says `allowed`) sends
 * POST /arb/pairs with the very body the preview used, its pair_id and sequential execution, and shows
 * the pair that came of it or the gateway's refusal. Typing again withdraws the preview: what Open sends
 * is always what is on screen.
 */
import { byId, el, showStatus } from "./dom.js";
import { formatAge, formatApr, formatTime, formatUsd } from "./format.js";
import { callGateway, failureText } from "./gateway-api.js";
import { legName, openRequest, previewRequest, verdictList } from "./pair-model.js";

/**
 * @typedef {import("./pair-model.js").PairTarget} PairTarget
 * @typedef {import("./pair-model.js").PairRequest} PairRequest
 * @typedef {import("./pair-model.js").ArbPreview} ArbPreview
 * @typedef {import("./pair-model.js").PairView} PairView
 * @typedef {import("./pair-model.js").Verdict} Verdict
 */

export class PreviewPanel {
  /** @type {PairTarget | null} */ target = null;
  /** The open request made from the preview on screen, or null while there is none to open. */
  /** @type {PairRequest | null} */ request = null;
  /** @type {ArbPreview | null} */ preview = null;
  busy = false;

  /**
   * @param {() => string | null} token the order panel's token, or null while it has none
   * @param {() => void} onOpened a pair was opened (or found under its pair_id): the pairs panel reads again
   */
  constructor(token, onOpened) {
    this.token = token;
    this.onOpened = onOpened;
    this.section = byId("preview");
    this.title = byId("preview-target");
    this.form = /** @type {HTMLFormElement} */ (byId("preview-form"));
    this.notional = /** @type {HTMLInputElement} */ (byId("preview-notional"));
    this.slippage = /** @type {HTMLInputElement} */ (byId("preview-slippage"));
    this.status = byId("preview-status");
    this.result = byId("preview-result");
    this.legs = byId("preview-legs-body");
    this.funding = byId("preview-funding");
    this.verdicts = byId("preview-verdicts");
    this.openButton = /** @type {HTMLButtonElement} */ (byId("preview-open"));
    this.openStatus = byId("open-status");
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.sendPreview();
    });
    for (const input of [this.notional, this.slippage]) input.addEventListener("input", () => this.withdraw("Changed: preview again before opening."));
    this.openButton.addEventListener("click", () => void this.sendOpen());
    byId("preview-dismiss").addEventListener("click", () => {
      this.withdraw("");
      this.section.hidden = true;
    });
  }

  /** @param {PairTarget} target */
  show(target) {
    this.target = target;
    this.title.textContent = `${target.asset}: ${legName("long", target.long_venue)}, ${legName("short", target.short_venue)}`;
    this.withdraw("");
    this.section.hidden = false;
    this.section.scrollIntoView({ block: "nearest" });
    this.notional.focus();
  }

  /** @param {string} why */
  withdraw(why) {
    this.preview = null;
    this.request = null;
    this.result.hidden = true;
    showStatus(this.openStatus, "", "idle");
    showStatus(this.status, why, "idle");
    this.renderOpen();
  }

  async sendPreview() {
    const target = this.target;
    if (target === null || this.busy) return;
    const checked = previewRequest(target, { notional: this.notional.value, slippage: this.slippage.value });
    if (!checked.ok) return showStatus(this.status, checked.message, "error");
    this.withdraw("");
    this.busy = true;
    showStatus(this.status, "Previewing…", "pending");
    const answer = await callGateway(this.token(), "POST", "/arb/preview", checked.body);
    this.busy = false;
    // Another row was picked meanwhile: this answer is for a pair no longer on screen.
    if (this.target !== target) return;
    if (!answer.ok) return showStatus(this.status, `Preview failed: ${failureText(answer)}`, "error");
    const now = Date.now();
    this.preview = /** @type {ArbPreview} */ (answer.body);
    this.request = openRequest(checked.body, now);
    showStatus(this.status, `Previewed at ${formatTime(new Date(now).toISOString())}${this.preview.allowed ? "" : ": not allowed, see the verdicts"}`, this.preview.allowed ? "ok" : "error");
    this.renderPreview(this.preview);
  }

  /** @param {ArbPreview} preview */
  renderPreview(preview) {
    this.legs.replaceChildren(
      ...(/** @type {const} */ (["long", "short"])).map((side) => {
        const leg = preview.legs[side];
        const units = leg.integer_units === null ? "–" : `base_amount ${leg.integer_units.base_amount}, price ${leg.integer_units.price}`;
        return el(
          "tr",
          { dataset: { leg: side } },
          el("td", {}, legName(side, leg.venue)),
          el("td", { className: "num" }, leg.market),
          el("td", { className: `side side-${leg.side}` }, leg.side),
          el("td", { className: "num" }, leg.size),
          el("td", { className: "num" }, leg.mark),
          el("td", { className: "num" }, leg.limit_price),
          el("td", { className: "num", title: `${leg.notional} USD` }, formatUsd(leg.notional)),
          el("td", { className: "mono small" }, units),
        );
      }),
    );
    const f = preview.funding;
    /** @type {Array<[string, string, string?]>} */
    const facts = [
      ["Size", `${preview.asset_size} ${preview.asset} (lot ${preview.lot})`],
      ["Spread APR", formatApr(f.spread_apr), `${legName("long", f.long.venue)} ${formatApr(f.long.apr)}, ${legName("short", f.short.venue)} ${formatApr(f.short.apr)}`],
      ["Fees", `${f.round_trip_fee_bps} bps round trip (${f.entry_fee_bps} in, ${f.exit_fee_bps} out) = ${formatUsd(f.fees_usd)}`],
      [`Expected funding over ${f.horizon_hours} h`, formatUsd(f.expected_funding_usd, true), `${f.expected_funding_usd} USD at today's rates`],
      ["Expected net", `${formatUsd(f.expected_net_usd, true)} (${formatApr(f.expected_net_apr)} APR)`, `${f.expected_net_usd} USD: funding less the round trip's fees`],
      ["Break-even", f.break_even_hours === null ? "never: the spread earns nothing" : `after ${formatAge(f.break_even_hours * 3600)}`],
    ];
    this.funding.replaceChildren(...facts.flatMap(([term, value, title]) => [el("dt", {}, term), el("dd", title === undefined ? {} : { title }, value)]));
    this.renderVerdicts(preview.verdicts);
    this.result.hidden = false;
    this.renderOpen();
  }

  /** @param {Record<string, Verdict>} verdicts */
  renderVerdicts(verdicts) {
    this.verdicts.replaceChildren(
      ...verdictList(verdicts).map((verdict) =>
        el("li", { className: verdict.ok ? "verdict-ok" : "verdict-refused" }, el("span", { className: "verdict-mark" }, verdict.ok ? "ok" : "NOT OK"), ` ${verdict.name}: ${verdict.detail}`),
      ),
    );
  }

  renderOpen() {
    this.openButton.disabled = this.busy || this.request === null || this.preview?.allowed !== true;
    this.openButton.title = this.preview !== null && !this.preview.allowed ? "A verdict refuses this pair" : "";
  }

  async sendOpen() {
    const request = this.request;
    if (request === null || this.busy) return;
    this.busy = true;
    this.renderOpen();
    showStatus(this.openStatus, `Opening ${request.pair_id}…`, "pending");
    const answer = await callGateway(this.token(), "POST", "/arb/pairs", request);
    this.busy = false;
    // Once opened, pressing again would only find the same pair under its pair_id: nothing more to send.
    if (answer.ok) this.request = null;
    this.renderOpen();
    if (answer.ok) {
      const pair = /** @type {PairView} */ (answer.body);
      const legs = /** @type {const} */ (["long", "short"]).map((side) => `${legName(side, pair.legs[side].venue)} ${pair.legs[side].asset_size}`).join(", ");
      const attention = pair.attention === null ? "" : ` — ${pair.attention}`;
      showStatus(this.openStatus, `${pair.pair_id}: ${pair.state} (${legs}; ${pair.orders_sent} / ${pair.max_orders} orders)${attention}`, pair.state === "open" ? "ok" : "error");
    } else {
      showStatus(this.openStatus, `Open failed: ${failureText(answer)}`, "error");
      // A refusal carries the verdicts as they are now: show those rather than the preview's.
      if (answer.details?.verdicts !== undefined) this.renderVerdicts(answer.details.verdicts);
    }
    this.onOpened();
  }
}
