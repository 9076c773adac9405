/**
 * The alert desk: one Durable Object for the whole gateway ("global") that deduplicates, rate-limits and
 * delivers alerts. (Being built for issue 13.)
 */
import { DurableObject } from "cloudflare:workers";

export class AlertDesk extends DurableObject<Env> {}
