// @ts-check
/**
 * The funding board on the page: venue health, the table, sorting, filtering, and a poll of
 * GET /markets/funding (the board is cached for 5 s and refreshes a venue every few seconds). A row whose
 * best pair the pair desk can trade (Lighter against Hyperliquid) offers a preview of that pair.
 */
import { boardRows, filterRows, nextSort, sortRows, VENUES } from "./board-model.js";
import { byId, el } from "./dom.js";
import { aprClass, formatAge, formatApr, formatInterval, spreadClass, VENUE_LABELS, VENUE_SHORT } from "./format.js";
import { pairTarget } from "./pair-model.js";

/** @typedef {import("./board-model.js").BoardView} BoardView */
/** @typedef {import("./board-model.js").BoardRow} BoardRow */
/** @typedef {import("./board-model.js").Sort} Sort */
/** @typedef {import("./board-model.js").SortKey} SortKey */
/** @typedef {import("./safety-panel.js").VenueChip} VenueChip */
/** @typedef {import("./pair-model.js").PairTarget} PairTarget */

const POLL_MS = 15_000;

/**
 * "long Lighter", with the short name ("long LT") for narrow screens; CSS shows one of the two.
 * @param {"long" | "short"} side
 * @param {import("./board-model.js").Venue} venue
 */
function venueLeg(side, venue) {
  return el(
    "span",
    { className: side },
    `${side} `,
    el("span", { className: "full-name" }, VENUE_LABELS[venue] ?? venue),
    el("span", { className: "short-name" }, VENUE_SHORT[venue] ?? venue),
  );
}

export class BoardPanel {
  /** @type {BoardView | null} */ board = null;
  /** When the board was received, to age the venue health between polls. */
  receivedAt = 0;
  /** @type {Sort} */ sort = { key: "spread", descending: true };

  /**
   * @param {{ venueChips: (venue: string) => VenueChip[], onPreview: (target: PairTarget) => void }} hooks
   *   venueChips: what is shown beside a venue's chip (the safety panel's, from /health); onPreview: a
   *   row's "Preview pair" was pressed
   */
  constructor(hooks) {
    this.venueChips = hooks.venueChips;
    this.onPreview = hooks.onPreview;
    this.body = byId("board-body");
    this.health = byId("venue-health");
    this.status = byId("board-status");
    this.assetFilter = /** @type {HTMLInputElement} */ (byId("filter-asset"));
    this.spreadFilter = /** @type {HTMLInputElement} */ (byId("filter-spread"));
    this.assetFilter.addEventListener("input", () => this.renderRows());
    this.spreadFilter.addEventListener("input", () => this.renderRows());
    for (const header of document.querySelectorAll("#board th[data-sort]")) {
      const button = header.querySelector("button");
      button?.addEventListener("click", () => {
        this.sort = nextSort(this.sort, /** @type {SortKey} */ (header.getAttribute("data-sort")));
        this.renderRows();
      });
    }
  }

  start() {
    void this.poll();
    setInterval(() => void this.poll(), POLL_MS);
    // Ages move every second even when the data does not.
    setInterval(() => this.renderHealth(), 1000);
  }

  async poll() {
    try {
      const res = await fetch("/markets/funding", { headers: { Accept: "application/json" } });
      if (!res.ok) throw new Error(`GET /markets/funding answered ${res.status}`);
      this.board = /** @type {BoardView} */ (await res.json());
      this.receivedAt = Date.now();
      this.status.textContent = `Updated ${new Date().toLocaleTimeString([], { hour12: false })}`;
      this.status.classList.remove("error");
    } catch (error) {
      this.status.textContent = `Could not refresh the board: ${error instanceof Error ? error.message : String(error)} (retrying)`;
      this.status.classList.add("error");
    }
    this.renderHealth();
    this.renderRows();
  }

  renderHealth() {
    if (this.board === null) return;
    const elapsed = (Date.now() - this.receivedAt) / 1000;
    this.health.replaceChildren(
      ...this.board.venues.map((venue) => {
        const age = venue.age_seconds === null ? null : venue.age_seconds + elapsed;
        const problem = venue.stale_reason ?? venue.last_error?.message ?? null;
        return el(
          "li",
          { className: `venue venue-${venue.status}`, dataset: { venue: venue.venue }, ...(problem === null ? {} : { title: problem }) },
          el("span", { className: "venue-name" }, VENUE_LABELS[venue.venue] ?? venue.venue),
          el("span", { className: "venue-status" }, venue.status.replace("_", " ")),
          el("span", { className: "venue-age" }, age === null ? "no data yet" : `${formatAge(age)} old`),
          el("span", { className: "venue-markets" }, `${venue.markets} markets`),
          ...this.venueChips(venue.venue).map((chip) => el("span", { className: `venue-${chip.kind} ${chip.kind}-${chip.state}`, title: chip.title }, chip.text)),
          ...(problem === null || venue.status === "ok" ? [] : [el("span", { className: "venue-problem" }, problem)]),
        );
      }),
    );
  }

  renderRows() {
    for (const header of document.querySelectorAll("#board th[data-sort]")) {
      const key = header.getAttribute("data-sort");
      header.setAttribute("aria-sort", key === this.sort.key ? (this.sort.descending ? "descending" : "ascending") : "none");
    }
    if (this.board === null) return;
    const rows = sortRows(filterRows(boardRows(this.board), { asset: this.assetFilter.value, minSpreadPercent: this.spreadFilter.value }), this.sort);
    byId("board-count").textContent = `${rows.length} of ${this.board.assets.length} assets`;
    if (rows.length === 0) {
      const message = this.board.assets.length === 0 ? "No data yet: the board is refreshing the venues." : "No asset matches the filter.";
      this.body.replaceChildren(el("tr", {}, el("td", { className: "empty", attrs: { colspan: String(VENUES.length + 3) } }, message)));
      return;
    }
    this.body.replaceChildren(...rows.map((row) => this.rowElement(row)));
  }

  /** @param {BoardRow} row */
  rowElement(row) {
    const venueCells = VENUES.map((venue) => {
      const cell = row.cells[venue];
      if (cell === undefined) return el("td", { className: "num missing" }, "–");
      const role = row.best?.long_venue === venue ? " leg-long" : row.best?.short_venue === venue ? " leg-short" : "";
      return el(
        "td",
        { className: `num ${aprClass(cell.apr)}${cell.stale ? " stale" : ""}${role}`, title: `${cell.symbol}: ${cell.raw_rate} ${cell.raw_unit}${cell.stale ? " (stale)" : ""}` },
        el("span", { className: "apr" }, formatApr(cell.apr)),
        el("span", { className: "interval" }, formatInterval(cell.interval_hours)),
      );
    });
    const pair =
      row.best === null
        ? el("td", { className: "pair missing" }, "–")
        : el(
            "td",
            { className: "pair" },
            venueLeg("long", row.best.long_venue),
            venueLeg("short", row.best.short_venue),
            this.previewButton(row),
          );
    return el(
      "tr",
      { dataset: { asset: row.asset } },
      el("th", { className: "asset", attrs: { scope: "row" } }, row.asset),
      ...venueCells,
      pair,
      el("td", { className: `num spread ${spreadClass(row.spread)}` }, formatApr(row.spread)),
    );
  }

  /**
   * Every row with a pair has the button, so a trader sees why a pair with a GRVT leg cannot be traded.
   * @param {BoardRow} row
   */
  previewButton(row) {
    const target = pairTarget(row.asset, row.best);
    const button = el(
      "button",
      { className: "preview-pair", title: target === null ? "The pair desk trades Lighter against Hyperliquid only" : "Preview this pair at a notional you type" },
      "Preview pair",
    );
    button.type = "button";
    button.disabled = target === null;
    if (target !== null) button.addEventListener("click", () => this.onPreview(target));
    return button;
  }
}
