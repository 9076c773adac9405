/**
 * The alert desk: one Durable Object for the whole gateway ("global") that deduplicates, rate-limits and
 * delivers alerts. (Being built for issue 13: `raise` is the contract callers use.)
 */
import { DurableObject } from "cloudflare:workers";
import type { Alert } from "./alert";

export class AlertDesk extends DurableObject<Env> {
  async raise(_alert: Alert): Promise<void> {}
}
