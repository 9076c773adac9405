import type { EventHub } from "./event-hub";
import { EVENT_HUB_NAME } from "./hub-name";

export { EVENT_HUB_NAME };

/** The single EventHub instance: the one place a Worker or Durable Object resolves it. */
export function eventHub(env: Env): DurableObjectStub<EventHub> {
  return env.EVENT_HUB.getByName(EVENT_HUB_NAME);
}
