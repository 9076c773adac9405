// @ts-check
/**
 * The halt at the top of the page and the dead-man's switches beside the venue chips, read from the
 * public GET /health; the Halt and Resume buttons call POST /halt and /resume with the gateway token the
 * order panel already holds (nothing else keeps it), and are disabled until it holds one.
 */
import { byId } from "./dom.js";
import { checkHaltReason, deadmanChip, haltBanner, haltOutcome } from "./safety-model.js";

/** @typedef {import("./safety-model.js").HaltView} HaltView */
/** @typedef {import("./safety-model.js").DeadmanView} DeadmanView */

const POLL_MS = 10_000;

export class SafetyPanel {
  /** @type {HaltView | null} */ halt = null;
  /** @type {DeadmanView | null} */ deadman = null;
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
    } catch {
      // The board shows connectivity; the banner keeps the last known state.
    }
    this.render();
  }

  /**
   * What the board's venue chip shows beside the venue's health.
   * @param {string} venue
   */
  deadmanFor(venue) {
    return venue === "lighter" || venue === "hyperliquid" ? deadmanChip(this.deadman, venue, Date.now()) : null;
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
    const token = this.token();
    if (token === null) {
      this.setStatus("Connect with the gateway token (Order flow) first.", "error");
      return null;
    }
    this.busy = true;
    this.renderControls();
    this.setStatus(path === "/halt" ? "Halting: waiting for every desk and the venues' cancels…" : "Resuming…", "pending");
    try {
      const res = await fetch(path, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const answer = await res.json().catch(() => null);
      if (!res.ok) {
        this.setStatus(res.status === 401 ? "The gateway refused the token." : `${path} failed: ${answer?.error?.message ?? `HTTP ${res.status}`}`, "error");
        return null;
      }
      this.halt = answer?.halt ?? this.halt;
      return answer;
    } catch (error) {
      this.setStatus(`${path} failed: ${error instanceof Error ? error.message : String(error)}`, "error");
      return null;
    } finally {
      this.busy = false;
      this.render();
    }
  }

  /**
   * @param {string} text
   * @param {"ok" | "pending" | "error"} state
   */
  setStatus(text, state) {
    this.status.textContent = text;
    this.status.dataset.state = state;
  }
}
