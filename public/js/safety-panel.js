// @ts-check
/**
 * The halt at the top of the page, and the dead-man's switches and account feeds beside the venue chips
 * (an automatic halt comes from a feed or a switch), read from the public GET /health; the Halt and
 * Resume buttons call POST /halt and /resume with the gateway token the order panel already holds
 * (nothing else keeps it), and are disabled until it holds one.
 */
import { byId, showStatus } from "./dom.js";
import { feedChip } from "./feed-model.js";
import { callGateway, failureText } from "./gateway-api.js";
import { checkHaltReason, deadmanChip, haltBanner, haltOutcome } from "./safety-model.js";

/** @typedef {import("./safety-model.js").HaltView} HaltView */
/** @typedef {import("./safety-model.js").DeadmanView} DeadmanView */
/** @typedef {import("./feed-model.js").FeedSources} FeedSources */
/** @typedef {{ kind: "deadman" | "feed", text: string, state: string, title: string }} VenueChip */

const POLL_MS = 10_000;

export class SafetyPanel {
  /** @type {HaltView | null} */ halt = null;
  /** @type {DeadmanView | null} */ deadman = null;
  /** @type {FeedSources | null} */ feeds = null;
  busy = false;

  /** @param {() => string | null} token the order panel's token, or null while it has none */
  constructor(token) {
    this.token = token;
    this.banner = byId("halt-banner");
    this.bannerTitle = byId("halt-banner-title");
    this.bannerDetail = byId("halt-banner-reason");
    this.form = /** @type {HTMLFormElement} */ (byId("halt-form"));
    this.reason = /** @type {HTMLInputElement} */ (byId("halt-reason"));
    this.haltButton = /** @type {HTMLButtonElement} */ (byId("halt-button"));
    this.resumeButton = /** @type {HTMLButtonElement} */ (byId("resume-button"));
    this.status = byId("halt-status");
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.sendHalt();
    });
    this.resumeButton.addEventListener("click", () => void this.sendResume());
  }

  start() {
    void this.poll();
    setInterval(() => void this.poll(), POLL_MS);
    setInterval(() => this.renderControls(), 1000);
    this.renderControls();
  }

  async poll() {
    try {
      const res = await fetch("/health", { headers: { Accept: "application/json" } });
      if (!res.ok) return;
      const health = await res.json();
      this.halt = health.halt ?? null;
      this.deadman = health.deadman ?? null;
      this.feeds = health.feeds ?? null;
    } catch {
      // The board shows connectivity; the banner keeps the last known state.
    }
    this.render();
  }

  /**
   * What the board's venue chip shows beside the venue's health: its dead-man's switch and account feed,
   * for the venues that have them.
   * @param {string} venue
   * @returns {VenueChip[]}
   */
  venueChips(venue) {
    const deadman = venue === "lighter" || venue === "hyperliquid" ? deadmanChip(this.deadman, venue, Date.now()) : null;
    const feed = feedChip(this.feeds, venue);
    /** @type {VenueChip[]} */
    const chips = [];
    if (deadman !== null) chips.push({ kind: "deadman", ...deadman });
    if (feed !== null) chips.push({ kind: "feed", ...feed });
    return chips;
  }

  render() {
    const banner = haltBanner(this.halt);
    this.banner.hidden = banner === null;
    document.body.classList.toggle("halted", banner !== null);
    if (banner !== null) {
      this.bannerTitle.textContent = banner.title;
      this.bannerDetail.textContent = banner.detail;
    }
    this.renderControls();
  }

  renderControls() {
    const noToken = this.token() === null;
    const halted = this.halt?.halted === true;
    this.haltButton.disabled = noToken || this.busy;
    this.resumeButton.disabled = noToken || this.busy || !halted;
    this.reason.disabled = noToken || this.busy;
    this.form.title = noToken ? "Connect with the gateway token (Order flow) to halt or resume" : "";
  }

  async sendHalt() {
    const checked = checkHaltReason(this.reason.value);
    if (!checked.ok) return this.setStatus(checked.message, "error");
    const answer = await this.send("/halt", { reason: checked.reason });
    if (answer === null) return;
    this.reason.value = "";
    const outcome = haltOutcome(answer);
    this.setStatus(`Halted. ${outcome.lines.join(" · ")}`, outcome.ok ? "ok" : "error");
  }

  async sendResume() {
    const answer = await this.send("/resume", undefined);
    if (answer !== null) this.setStatus(answer.was_halted ? "Trading resumed." : "Trading was not halted.", "ok");
  }

  /**
   * @param {string} path
   * @param {unknown} body
   * @returns {Promise<any>}
   */
  async send(path, body) {
    this.busy = true;
    this.renderControls();
    this.setStatus(path === "/halt" ? "Halting: waiting for every desk and the venues' cancels…" : "Resuming…", "pending");
    const answer = await callGateway(this.token(), "POST", path, body);
    this.busy = false;
    if (answer.ok) this.halt = answer.body?.halt ?? this.halt;
    else this.setStatus(`${path} failed: ${failureText(answer)}`, "error");
    this.render();
    return answer.ok ? answer.body : null;
  }

  /**
   * @param {string} text
   * @param {"ok" | "pending" | "error"} state
   */
  setStatus(text, state) {
    showStatus(this.status, text, state);
  }
}
