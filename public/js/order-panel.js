// @ts-check
/**
 * The order panel: the trader pastes the gateway token (kept in this page's memory, or in this tab's
 * sessionStorage if asked; never in a URL), the page subscribes to GET /ws/events with the token as
 * the subprotocol `bearer.<token>` beside `gateway-events`, and shows each order request/response.
 * After a drop it reconnects with `since=<last seq>`, so nothing is missed or shown twice.
 */
import { byId, el } from "./dom.js";
import { formatTime, shortHash } from "./format.js";
import { EventCursor, orderLines, parseFrame } from "./order-events.js";

const PROTOCOL = "gateway-events";
const STORAGE_KEY = "gateway-token";
const MAX_LINES = 300;
const MAX_BACKOFF_MS = 15_000;

/** @typedef {import("./order-events.js").OrderLine} OrderLine */

export class OrderPanel {
  /** @type {string | null} */ token = null;
  /** @type {WebSocket | null} */ socket = null;
  cursor = new EventCursor();
  backoffMs = 1000;
  /** Once a socket opened with the current token, a drop is a network matter: always retry. */
  tokenWorked = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */ retryTimer = undefined;

  constructor() {
    this.form = /** @type {HTMLFormElement} */ (byId("token-form"));
    this.input = /** @type {HTMLInputElement} */ (byId("token"));
    this.remember = /** @type {HTMLInputElement} */ (byId("remember-token"));
    this.disconnectButton = /** @type {HTMLButtonElement} */ (byId("disconnect"));
    this.status = byId("stream-status");
    this.body = byId("orders-body");
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.connectWith(this.input.value.trim());
    });
    this.disconnectButton.addEventListener("click", () => this.disconnect("Disconnected."));
  }

  start() {
    const saved = sessionStorage.getItem(STORAGE_KEY);
    if (saved !== null) {
      this.remember.checked = true;
      this.connectWith(saved);
    }
  }

  /** @param {string} token */
  connectWith(token) {
    if (token === "") return this.setStatus("Paste the gateway token first.", "error");
    this.disconnect(null);
    this.token = token;
    this.tokenWorked = false;
    this.input.value = "";
    if (this.remember.checked) sessionStorage.setItem(STORAGE_KEY, token);
    this.disconnectButton.hidden = false;
    this.open();
  }

  /**
   * A browser cannot read why a WebSocket handshake was refused. When a token has never connected, ask
   * over plain HTTP, where a wrong token is a 401 (a right one gets 426: no upgrade was asked). Returns
   * why retrying is pointless, or null to retry (the gateway may just be restarting).
   * @param {string} token
   * @returns {Promise<string | null>}
   */
  async refusal(token) {
    try {
      const { status } = await fetch("/ws/events", { headers: { Authorization: `Bearer ${token}` } });
      if (status === 401) return "The gateway refused this token.";
      if (status === 503) return "The gateway has no token configured (GATEWAY_TOKEN).";
    } catch {
      // unreachable for now: retry
    }
    return null;
  }

  /** @param {string | null} message */
  disconnect(message) {
    clearTimeout(this.retryTimer);
    this.token = null;
    sessionStorage.removeItem(STORAGE_KEY);
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, "closed by the user");
    this.disconnectButton.hidden = true;
    if (message !== null) this.setStatus(message, "idle");
  }

  open() {
    if (this.token === null) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    let socket;
    try {
      socket = new WebSocket(`${scheme}://${location.host}/ws/events?${this.cursor.query()}`, [PROTOCOL, `bearer.${this.token}`]);
    } catch {
      // The constructor refuses protocols with characters outside RFC 6455's token set.
      this.disconnect(null);
      return this.setStatus("This token has characters a WebSocket subprotocol cannot carry.", "error");
    }
    this.socket = socket;
    this.setStatus(this.cursor.lastSeq === null ? "Connecting…" : `Reconnecting after seq ${this.cursor.lastSeq}…`, "pending");
    socket.addEventListener("open", () => {
      this.tokenWorked = true;
      this.backoffMs = 1000;
      this.setStatus(`Live${this.cursor.lastSeq === null ? "" : ` (resumed after seq ${this.cursor.lastSeq})`}`, "live");
    });
    socket.addEventListener("message", (message) => this.onFrame(String(message.data)));
    socket.addEventListener("close", async () => {
      if (this.socket !== socket) return; // closed on purpose
      this.socket = null;
      const token = this.token;
      if (!this.tokenWorked && token !== null) {
        const problem = await this.refusal(token);
        if (this.token !== token) return; // the trader changed or dropped the token meanwhile
        if (problem !== null) {
          this.disconnect(null);
          return this.setStatus(problem, "error");
        }
      }
      const wait = this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
      this.setStatus(`Connection lost; reconnecting in ${Math.round(wait / 1000)} s`, "error");
      this.retryTimer = setTimeout(() => this.open(), wait);
    });
  }

  /** @param {string} data */
  onFrame(data) {
    const frame = parseFrame(data);
    if (frame.kind === "event") {
      if (frame.event.type !== "order" || !this.cursor.accept(frame.event.seq)) return;
      this.addLines(orderLines(frame.event));
      this.setStatus(`Live · last seq ${frame.event.seq}`, "live");
    } else if (frame.kind === "gap") {
      this.addNotice(`${frame.missed} older events had left the gateway's log and are not shown.`);
    } else if (frame.kind === "error") {
      this.addNotice(`Stream error ${frame.message}`);
    }
  }

  /** @param {OrderLine[]} lines */
  addLines(lines) {
    this.body.querySelector(".empty")?.closest("tr")?.remove();
    for (const line of lines) {
      const row = el(
        "tr",
        { className: line.ok ? "ok" : "failed", dataset: { seq: String(line.seq) } },
        el("td", { title: line.time }, formatTime(line.time)),
        el("td", {}, line.venue),
        el("td", {}, line.action),
        el("td", { className: "num" }, line.market),
        el("td", { className: `side side-${line.side}` }, line.side),
        el("td", { className: "num" }, line.size),
        el("td", { className: "num" }, line.price),
        el("td", { className: "status" }, line.status),
        el("td", { className: "hash", title: line.txHash }, line.txHash === "" ? "–" : shortHash(line.txHash)),
      );
      this.body.prepend(row);
    }
    while (this.body.children.length > MAX_LINES) this.body.lastElementChild?.remove();
  }

  /** @param {string} text */
  addNotice(text) {
    this.body.prepend(el("tr", { className: "notice" }, el("td", { attrs: { colspan: "9" } }, text)));
  }

  /**
   * @param {string} text
   * @param {"idle" | "pending" | "live" | "error"} state
   */
  setStatus(text, state) {
    this.status.textContent = text;
    this.status.dataset.state = state;
  }
}
