/**
 * Test-side helpers for the alert tests: the local receiver (test/standins/node/alert-receiver.ts), the
 * real alert desk, and desks of their own. The workers project points ALERT_WEBHOOK_URL at the receiver
 * (vitest.config.ts), so the gateway's own desk ("global") delivers there; a test that needs another
 * configuration (an interval of 1 s, Telegram, no destination, a fast retry policy) builds an AlertDesk
 * on a Durable Object of its own, with its own variables: the class is the one the runtime runs.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { Alert } from "../../src/safety/alert";
import { AlertDesk, type AlertDeskOptions, type AlertDeskState, type RaiseOutcome } from "../../src/safety/alert-desk";
import type { ReceivedAlert } from "../standins/alert-received";
import { requestLog } from "../standins/control";

export const bindings = env as unknown as Record<string, string>;
/** Where the gateway's own desk delivers in the tests. */
export const GATEWAY_WEBHOOK_URL = bindings.ALERT_WEBHOOK_URL as string;
export const GATEWAY_WEBHOOK_PATH = new URL(GATEWAY_WEBHOOK_URL).pathname;
export const RECEIVER = new URL(GATEWAY_WEBHOOK_URL).origin;

/** A fast policy: three tries, 20 ms apart, 300 ms per request, Retry-After honoured up to 2 s. */
export const FAST_POLICY = { attempts: 3, backoffMs: [20], timeoutMs: 300, retryAfterCapMs: 2_000 };

let unique = 0;
/** A name nothing else in the run uses (subjects, receiver paths, desk names). */
export function fresh(prefix: string): string {
  unique += 1;
  return `${prefix}-${unique}-${crypto.randomUUID().slice(0, 8)}`;
}

/** What the receiver got on one path (on every path without one), oldest first. */
export async function received(path?: string): Promise<ReceivedAlert[]> {
  const res = await fetch(`${RECEIVER}/__receiver/received${path === undefined ? "" : `?path=${encodeURIComponent(path)}`}`);
  return (await res.json()) as ReceivedAlert[];
}

/** Every request the receiver saw on one path, the faulted ones included: the delivery attempts. */
export async function attempts(path: string): Promise<number> {
  return (await requestLog(RECEIVER)).filter((entry) => entry.path === path).length;
}

/** Polls until `check` returns a value other than undefined; fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** Resolves with what the receiver got on `path` once it holds `count` requests. */
export function receivedAtLeast(path: string, count: number): Promise<ReceivedAlert[]> {
  return eventually(async () => {
    const got = await received(path);
    return got.length >= count ? got : undefined;
  }, `${count} alert(s) at ${path}`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function alert(overrides: Partial<Alert> = {}): Alert {
  return { kind: "halt", subject: fresh("subject"), message: "Trading halted: maintenance", ...overrides };
}

/**
 * An alert desk of a test's own: its own Durable Object (so its own dedupe log) and its own variables on
 * top of the test bindings (undefined removes one). Each call builds the desk afresh on the same storage,
 * as a restart would.
 */
export class TestDesk {
  private readonly stub = env.ALERT_DESK.getByName(fresh("test-alert-desk"));
  private readonly env: Env;

  constructor(
    vars: Record<string, string | undefined> = {},
    private readonly options: AlertDeskOptions = {},
  ) {
    const testEnv = { ...env, ...vars } as Record<string, unknown>;
    for (const [name, value] of Object.entries(vars)) if (value === undefined) delete testEnv[name];
    this.env = testEnv as unknown as Env;
  }

  /** Runs `use` with a freshly built desk (the same storage every time). */
  with<T>(use: (desk: AlertDesk) => Promise<T>): Promise<T> {
    return runInDurableObject(this.stub, (_instance, state) => use(new AlertDesk(state, this.env, this.options)));
  }

  raise(alert: Alert): Promise<RaiseOutcome> {
    return this.with((desk) => desk.raise(alert));
  }

  /** The rejection message of `raise`, or null (inside the object: a rejecting RPC leaks, workers-sdk#14736). */
  raiseError(alert: unknown): Promise<string | null> {
    return this.with((desk) =>
      desk.raise(alert as Alert).then(
        () => null,
        (error: Error) => `${error.name}: ${error.message}`,
      ),
    );
  }

  state(): Promise<AlertDeskState> {
    return this.with((desk) => desk.state());
  }

  /** Resolves with the state once a delivery was recorded after `since` (unix ms). */
  deliveredAfter(since: number): Promise<AlertDeskState> {
    return eventually(async () => {
      const state = await this.state();
      return state.last_delivery !== null && state.last_delivery.at >= since ? state : undefined;
    }, "the delivery to be recorded");
  }
}

/** A webhook URL on the receiver that no other test posts to. */
export function freshHook(): { url: string; path: string } {
  const path = `/hooks/${fresh("hook")}`;
  return { url: `${RECEIVER}${path}`, path };
}
