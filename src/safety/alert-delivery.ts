/**
 * How an alert leaves the gateway: the texts and bodies for each destination, and the time-limited POST
 * with a few retries. Pure of any Durable Object: the alert desk calls it from `waitUntil`, and tests call
 * it directly against a local receiver.
 *
 * The webhook URL and the bot token are secrets. Neither is ever put in a body, a result or an error:
 * what a failure says is the destination's name, the HTTP status or "timed out"/"network error", and the
 * number of attempts.
 */
import type { AlertsConfig } from "../config";
import { retryAfterSeconds } from "../retry-after";
import { fetchText, TimedFetchError } from "../timed-fetch";
import type { AlertKind } from "./alert";
import { clip } from "./alert-normalize";

/** An alert as it is sent: normalized, free of secrets, with its venue, time and held-back count. */
export interface OutgoingAlert {
  kind: AlertKind;
  subject: string;
  message: string;
  details?: Record<string, unknown>;
  /** The venue it concerns, or "gateway". */
  venue: string;
  /** How many alerts of this kind and subject were held back since the previous one was sent. */
  suppressed: number;
  /** Unix ms when the desk accepted it. */
  at: number;
}

export type DestinationName = "webhook" | "telegram";

export type DeliveryResult =
  | { destination: DestinationName; ok: true; attempts: number }
  | { destination: DestinationName; ok: false; attempts: number; error: string };

export interface DeliveryPolicy {
  /** Tries per alert and destination, the first included. */
  attempts: number;
  /** The pause before the 2nd, 3rd, … try (the last value repeats). */
  backoffMs: readonly number[];
  /** A 429's Retry-After is honoured up to this; asked to wait longer, the delivery gives up at once. */
  retryAfterCapMs: number;
  /** Per request, answer and body included. */
  timeoutMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { attempts: 3, backoffMs: [500, 2_000], retryAfterCapMs: 10_000, timeoutMs: 5_000 };

/** Telegram's Bot API host; tests point a desk or `sendTelegram` at a local receiver instead. */
export const TELEGRAM_API_URL = "https://api.telegram.org";

/** Discord refuses `content` over 2,000 characters; Slack and Telegram (4,096) take more. */
const MAX_TEXT_CHARS = 1_900;
const MAX_DETAILS_TEXT_CHARS = 600;

/** The one text people read, the same everywhere: `kind · subject: message`, then what was held back and the details. */
export function alertText(alert: OutgoingAlert): string {
  const lines = [`[${alert.kind}] ${alert.subject}: ${alert.message}`];
  if (alert.suppressed > 0) lines.push(`(${alert.suppressed} more like it held back since the previous one)`);
  if (alert.details !== undefined && Object.keys(alert.details).length > 0) lines.push(clip(JSON.stringify(alert.details), MAX_DETAILS_TEXT_CHARS));
  return clip(lines.join("\n"), MAX_TEXT_CHARS);
}

/**
 * One JSON body that Slack (reads `text`), Discord (reads `content`; `allowed_mentions` keeps an
 * "@everyone" in a message from pinging anyone) and generic receivers (read the structured fields) all
 * accept; each ignores the fields it does not know.
 */
export function webhookBody(alert: OutgoingAlert): Record<string, unknown> {
  const text = alertText(alert);
  return {
    text,
    content: text,
    allowed_mentions: { parse: [] },
    kind: alert.kind,
    subject: alert.subject,
    venue: alert.venue,
    message: alert.message,
    ...(alert.details === undefined ? {} : { details: alert.details }),
    suppressed: alert.suppressed,
    at: new Date(alert.at).toISOString(),
  };
}

/** Telegram's sendMessage: plain text (no parse_mode, so nothing in a message needs escaping). */
export function telegramBody(chatId: string, alert: OutgoingAlert): Record<string, unknown> {
  return { chat_id: chatId, text: alertText(alert), link_preview_options: { is_disabled: true } };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Telegram also says how long to wait in its body: `{"parameters":{"retry_after":N}}`. */
function retryAfterMs(response: Response, text: string): number | undefined {
  const header = retryAfterSeconds(response);
  if (header !== undefined) return header * 1000;
  try {
    const seconds = (JSON.parse(text) as { parameters?: { retry_after?: unknown } }).parameters?.retry_after;
    return typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * POSTs `body` as JSON, trying again after a network failure, a time-out, a 5xx or a 429 (after its
 * Retry-After, within the cap), up to `policy.attempts` tries. Any other answer is final. Never throws.
 */
export async function postJson(destination: DestinationName, url: string, body: unknown, policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY): Promise<DeliveryResult> {
  const init: RequestInit = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  let failure = "not sent";
  for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
    let wait = policy.backoffMs[Math.min(attempt - 1, policy.backoffMs.length - 1)] ?? 0;
    try {
      const { response, text } = await fetchText(url, init, policy.timeoutMs);
      if (response.ok) return { destination, ok: true, attempts: attempt };
      failure = `HTTP ${response.status}`;
      if (response.status === 429) {
        const asked = retryAfterMs(response, text);
        if (asked !== undefined && asked > policy.retryAfterCapMs) {
          return { destination, ok: false, attempts: attempt, error: `${failure} (asked to wait ${Math.ceil(asked / 1000)} s) after ${attempt} attempt${attempt === 1 ? "" : "s"}` };
        }
        wait = Math.max(wait, asked ?? 0);
      } else if (response.status < 500) {
        return { destination, ok: false, attempts: attempt, error: `${failure} after ${attempt} attempt${attempt === 1 ? "" : "s"}` };
      }
    } catch (error) {
      // The error's own message may name the host; only its kind is kept.
      failure = error instanceof TimedFetchError && error.timedOut ? "timed out" : "network error";
    }
    if (attempt < policy.attempts) await sleep(wait);
  }
  return { destination, ok: false, attempts: policy.attempts, error: `${failure} after ${policy.attempts} attempts` };
}

export function sendWebhook(webhookUrl: string, alert: OutgoingAlert, policy?: DeliveryPolicy): Promise<DeliveryResult> {
  return postJson("webhook", webhookUrl, webhookBody(alert), policy);
}

export function sendTelegram(
  telegram: { botToken: string; chatId: string },
  alert: OutgoingAlert,
  policy?: DeliveryPolicy,
  apiUrl: string = TELEGRAM_API_URL,
): Promise<DeliveryResult> {
  return postJson("telegram", `${apiUrl.replace(/\/+$/, "")}/bot${telegram.botToken}/sendMessage`, telegramBody(telegram.chatId, alert), policy);
}

export interface Destination {
  name: DestinationName;
  send(alert: OutgoingAlert): Promise<DeliveryResult>;
}

/** The configured destinations, in a fixed order (webhook, then Telegram); none when neither is set. */
export function alertDestinations(config: AlertsConfig, options: { policy?: DeliveryPolicy; telegramApiUrl?: string } = {}): Destination[] {
  const destinations: Destination[] = [];
  const { webhookUrl, telegram } = config;
  if (webhookUrl !== undefined) destinations.push({ name: "webhook", send: (alert) => sendWebhook(webhookUrl, alert, options.policy) });
  if (telegram !== undefined) destinations.push({ name: "telegram", send: (alert) => sendTelegram(telegram, alert, options.policy, options.telegramApiUrl) });
  return destinations;
}
