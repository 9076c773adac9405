import { env, exports } from "cloudflare:workers";
import type { AlertEventInput, OrderEventInput } from "../../src/events/event-hub";
import { eventHub } from "../../src/events/hub";

/** The token the workers test project configures (vitest.config.ts). */
export const TOKEN = (env as unknown as { GATEWAY_TOKEN: string }).GATEWAY_TOKEN;

export type Frame = Record<string, unknown> & { type: string; seq?: number };

/** How long a helper waits for something that must happen before it fails the test. */
const WAIT_MS = 3_000;

/** A connected test client that records every frame and lets a test wait for the Nth one. */
export class Subscriber {
  /** Every text message as received. */
  readonly messages: string[] = [];
  /** The same messages parsed as JSON (a non-JSON text such as pong appears as {type:"text", text}). */
  readonly frames: Frame[] = [];
  closeEvent: { code: number; reason: string } | undefined;
  private wake: () => void = () => {};

  constructor(readonly socket: WebSocket, readonly response: Response) {
    socket.accept();
    socket.addEventListener("message", (event) => {
      const text = typeof event.data === "string" ? event.data : "<binary>";
      this.messages.push(text);
      this.frames.push(parseFrame(text));
      this.wake();
    });
    socket.addEventListener("close", (event) => {
      this.closeEvent = { code: event.code, reason: event.reason };
      this.wake();
    });
  }

  /** Resolves with the first `count` frames once that many arrived; fails after a timeout. */
  async waitForFrames(count: number, what = `${count} frames`): Promise<Frame[]> {
    await this.until(() => this.frames.length >= count, what);
    return this.frames.slice(0, count);
  }

  /** Resolves with the first `count` frames that `matches` once that many arrived; fails after a timeout. */
  async waitForMatching(count: number, matches: (frame: Frame) => boolean, what: string): Promise<Frame[]> {
    await this.until(() => this.frames.filter(matches).length >= count, what);
    return this.frames.filter(matches).slice(0, count);
  }

  /** Resolves once the server closed the socket; fails after a timeout. */
  async waitForClose(): Promise<{ code: number; reason: string }> {
    await this.until(() => this.closeEvent !== undefined, "the socket to close");
    return this.closeEvent!;
  }

  /** Event frames only (control frames have no seq), as their seq numbers. */
  seqs(): number[] {
    return this.frames.filter((f) => typeof f.seq === "number").map((f) => f.seq as number);
  }

  close(): void {
    try {
      this.socket.close(1000, "test done");
    } catch {
      // Already closed by the server.
    }
  }

  private until(done: () => boolean, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`Timed out after ${WAIT_MS} ms waiting for ${what}; got ${JSON.stringify(this.frames)}`));
      }, WAIT_MS);
      this.wake = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.wake = () => {};
        resolve();
      };
    });
  }
}

function parseFrame(text: string): Frame {
  try {
    return JSON.parse(text) as Frame;
  } catch {
    return { type: "text", text };
  }
}

export function streamRequest(query = "", headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` }): Promise<Response> {
  return exports.default.fetch(`http://gateway.test/ws/events${query}`, { headers: { Upgrade: "websocket", ...headers } });
}

/** Opens `/ws/events` through the Worker, as a bot would. */
export async function subscribe(query = "", headers?: Record<string, string>): Promise<Subscriber> {
  const response = await streamRequest(query, headers);
  if (response.status !== 101 || response.webSocket === null) {
    throw new Error(`Expected 101 from /ws/events${query}, got ${response.status}: ${await response.text()}`);
  }
  return new Subscriber(response.webSocket, response);
}

let counter = 0;

/** A distinct order event; `request.n` makes each one recognisable. */
export function orderEvent(overrides: Partial<OrderEventInput> = {}): OrderEventInput {
  counter += 1;
  return {
    type: "order",
    venue: "lighter",
    payload: { request: { n: counter, market_index: 0, is_ask: false }, response: { code: 200, tx_hash: `0x${counter.toString(16)}` } },
    created_at: new Date(Date.UTC(2026, 10, 24, 12, 0, 0, counter)).toISOString(),
    ...overrides,
  };
}

/** A distinct alert event, as the alert desk publishes one; `payload.subject` makes each recognisable. */
export function alertEvent(overrides: Partial<AlertEventInput> = {}): AlertEventInput {
  counter += 1;
  return {
    type: "alert",
    venue: "gateway",
    payload: { kind: "halt", subject: `subject-${counter}`, message: `Trading halted (${counter})`, suppressed: 0 },
    created_at: new Date(Date.UTC(2026, 10, 24, 12, 0, 0, counter)).toISOString(),
    ...overrides,
  };
}

export async function publishAlerts(count: number, overrides: Partial<AlertEventInput> = {}): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < count; i += 1) seqs.push((await eventHub(env).publish(alertEvent(overrides))).seq);
  return seqs;
}

export async function publish(count: number, overrides: Partial<OrderEventInput> = {}): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < count; i += 1) seqs.push((await eventHub(env).publish(orderEvent(overrides))).seq);
  return seqs;
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
