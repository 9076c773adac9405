/**
 * The safety desk: one Durable Object for the whole gateway ("global") holding the halt state and running
 * the dead-man's switches' alarm. (Being built for issue 13.)
 */
import { DurableObject } from "cloudflare:workers";

export class SafetyDesk extends DurableObject<Env> {}
