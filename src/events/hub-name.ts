/**
 * There is one hub for the whole gateway, and this is its name. Apart from `eventHub(env)`, only tools
 * that reach the hub from outside a Worker (the fan-out benchmark, through Miniflare) read it, which is
 * why it lives in a module free of Worker types.
 */
export const EVENT_HUB_NAME = "events";
