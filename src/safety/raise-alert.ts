/**
 * Raises an alert without making anything wait for it: the alert desk deduplicates, delivers and
 * publishes it from `waitUntil`, so an order or a halt never waits for a webhook.
 */
import type { Alert } from "./alert";

export function alertDesk(env: Env) {
  return env.ALERT_DESK.getByName("global");
}

export function raiseAlert(env: Env, ctx: { waitUntil(promise: Promise<unknown>): void }, alert: Alert): void {
  ctx.waitUntil(
    alertDesk(env)
      .raise(alert)
      .catch((error: unknown) => {
        console.error(JSON.stringify({ event: "alert_failed", kind: alert.kind, message: error instanceof Error ? error.message : String(error) }));
      }),
  );
}
