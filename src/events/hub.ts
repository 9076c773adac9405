import type { EventHub } from "./event-hub";

/** There is one hub for the whole gateway; this is its name, and `eventHub` the one place that uses it. */
export const EVENT_HUB_NAME = "events";

export function eventHub(env: Env): DurableObjectStub<EventHub> {
  return env.EVENT_HUB.getByName(EVENT_HUB_NAME);
}
