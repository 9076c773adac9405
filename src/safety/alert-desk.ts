/**
 * The alert desk: one Durable Object for the whole gateway ("global", reached through `alertDesk(env)`)
 * that deduplicates, rate-limits, publishes and delivers alerts.
 *
 * `raise(alert)`: the alert is checked and cleaned of secrets (alert-normalize.ts), then at most one per
 * kind and subject per ALERT_MIN_INTERVAL_SECONDS goes on (the rest are counted, and the count travels
 * with the next one sent: alert-log.ts, in SQLite, so the rule holds across isolates and restarts). One
 * that goes on is published on the event stream as a `type:"alert"` event before `raise` resolves, and
 * sent to the webhook and/or Telegram from `ctx.waitUntil` afterwards (alert-delivery.ts), so no caller
 * ever waits on a webhook. With no destination configured, alerts are still deduplicated and published.
 */
import { DurableObject } from "cloudflare:workers";
import { loadConfig, type AlertsConfig, type RawEnv } from "../config";
import { eventHub } from "../events/hub";
import type { Alert } from "./alert";
import { alertDestinations, DEFAULT_DELIVERY_POLICY, type DeliveryPolicy, type Destination, type OutgoingAlert } from "./alert-delivery";
import { AlertLog, type LastDelivery } from "./alert-log";
import { normalizeAlert, Redactor, secretVariants } from "./alert-normalize";

/** What `raise` did with an alert. */
export type RaiseOutcome =
  /** Published, and handed to every configured destination; `suppressed` like it had been held back before it. */
  | { status: "sent"; suppressed: number }
  /** Held back (one like it went out less than the interval ago); `suppressed` held back so far in this window. */
  | { status: "suppressed"; suppressed: number };

/** The desk's side of `/health`. */
export interface AlertDeskState {
  /** Which destinations are configured. */
  destinations: { webhook: boolean; telegram: boolean };
  /** One alert per kind and subject per this many seconds. */
  min_interval_seconds: number;
  /** The newest delivery to the destinations (null before the first, and always without destinations). */
  last_delivery: { at: number; kind: string; subject: string; ok: boolean; error?: string } | null;
  /** Alerts held back by the interval since the desk began. */
  suppressed_total: number;
  /** Present when the safety variables do not parse: alerts are then published as events only. */
  configuration_errors?: string[];
}

/** For tests only (the runtime passes just `ctx` and `env`): a faster retry policy, a local Telegram API. */
export interface AlertDeskOptions {
  policy?: Partial<DeliveryPolicy>;
  telegramApiUrl?: string;
}

/** The interval when the safety variables do not parse (ALERT_MIN_INTERVAL_SECONDS' default). */
const FALLBACK_MIN_INTERVAL_MS = 300_000;

export class AlertDesk extends DurableObject<Env> {
  private readonly log: AlertLog;
  private readonly alerts: AlertsConfig;
  private readonly configErrors: string[] | undefined;
  private readonly destinations: Destination[];
  private readonly redactor: Redactor;

  constructor(ctx: DurableObjectState, env: Env, options: AlertDeskOptions = {}) {
    super(ctx, env);
    this.log = new AlertLog(ctx.storage);
    const config = loadConfig(env as unknown as RawEnv);
    if (config.safety.ok) {
      this.alerts = config.safety.value.alerts;
    } else {
      this.alerts = { webhookUrl: undefined, telegram: undefined, minIntervalMs: FALLBACK_MIN_INTERVAL_MS };
      // Names and reasons only: config.ts never puts a value in a message.
      this.configErrors = config.safety.errors.map((e) => `${e.variable} ${e.message}`);
    }
    // Every secret the gateway holds, as far as its configuration parses.
    this.redactor = new Redactor(
      secretVariants([
        this.alerts.webhookUrl,
        this.alerts.telegram?.botToken,
        config.gatewayToken.ok ? config.gatewayToken.value : undefined,
        config.trading.ok ? config.trading.value.lighter.privateKeyHex : undefined,
        config.hyperliquidTrading.ok ? config.hyperliquidTrading.value.hyperliquid.agentPrivateKeyHex : undefined,
      ]),
    );
    const policy = { ...DEFAULT_DELIVERY_POLICY, ...options.policy };
    this.destinations = alertDestinations(this.alerts, { policy, ...(options.telegramApiUrl === undefined ? {} : { telegramApiUrl: options.telegramApiUrl }) });
  }

  /**
   * Deduplicates, publishes and (from waitUntil) delivers one alert. Resolves once the alert is counted
   * or published, before any destination is tried. Throws a TypeError only for an alert it cannot use
   * (an unknown kind, no subject or message); a hub or a destination that fails is logged, never thrown.
   */
  async raise(input: Alert): Promise<RaiseOutcome> {
    const alert = normalizeAlert(input, this.redactor);
    const now = Date.now();
    // Synchronous from here to the verdict: two raises cannot both pass for the same kind and subject.
    const admission = this.log.admit(alert.kind, alert.subject, now, this.alerts.minIntervalMs);
    if (!admission.send) return { status: "suppressed", suppressed: admission.suppressed };

    const outgoing: OutgoingAlert = { ...alert, suppressed: admission.suppressed, at: now };
    if (this.destinations.length > 0) this.ctx.waitUntil(this.deliver(outgoing));
    try {
      await eventHub(this.env).publish({
        type: "alert",
        venue: outgoing.venue,
        payload: {
          kind: outgoing.kind,
          subject: outgoing.subject,
          message: outgoing.message,
          ...(outgoing.details === undefined ? {} : { details: outgoing.details }),
          suppressed: outgoing.suppressed,
        },
        created_at: new Date(now).toISOString(),
      });
    } catch (error) {
      console.error(JSON.stringify({ event: "alert_publish_failed", kind: alert.kind, message: this.redactor.text(error instanceof Error ? error.message : String(error)) }));
    }
    return { status: "sent", suppressed: admission.suppressed };
  }

  /** For `/health`: the destinations, the last delivery and how many alerts were held back. */
  async state(): Promise<AlertDeskState> {
    const { suppressedTotal, lastDelivery } = this.log.totals();
    return {
      destinations: { webhook: this.alerts.webhookUrl !== undefined, telegram: this.alerts.telegram !== undefined },
      min_interval_seconds: this.alerts.minIntervalMs / 1000,
      last_delivery: lastDelivery,
      suppressed_total: suppressedTotal,
      ...(this.configErrors === undefined ? {} : { configuration_errors: this.configErrors }),
    };
  }

  /** Sends to every destination at once; records the outcome; logs each give-up by kind and destination. */
  private async deliver(alert: OutgoingAlert): Promise<void> {
    try {
      const results = await Promise.all(this.destinations.map((destination) => destination.send(alert)));
      const failures: string[] = [];
      for (const result of results) {
        if (result.ok) continue;
        failures.push(`${result.destination}: ${result.error}`);
        console.error(JSON.stringify({ event: "alert_delivery_failed", kind: alert.kind, destination: result.destination, attempts: result.attempts, reason: result.error }));
      }
      const delivery: LastDelivery = { at: Date.now(), kind: alert.kind, subject: alert.subject, ok: failures.length === 0 };
      if (failures.length > 0) delivery.error = failures.join("; ");
      this.log.recordDelivery(delivery);
    } catch (error) {
      // Not expected (sends never throw); kept from becoming an unhandled rejection, and without its text.
      console.error(JSON.stringify({ event: "alert_delivery_failed", kind: alert.kind, reason: error instanceof Error ? error.name : "unknown" }));
    }
  }
}
