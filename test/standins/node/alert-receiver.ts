/**
 * A local alert receiver: answers every POST on any path like a webhook (Slack, Discord, generic) or
 * Telegram's Bot API (`…/bot<token>/sendMessage` answers `{"ok":true,"result":…}`), and keeps what it
 * received so the tests (inside workerd) can read it back:
 *
 *   GET  /__receiver/received?path=/hooks/x  every POST to that path (all paths without it): [{path, content_type, body, raw_body, at}]
 *
 * It is a stand-in like the venues' (server.ts), so the usual control endpoints work: faults per path
 * (`/__control/faults`: a 500, a 429 with Retry-After, a hang, a dropped connection), `/__control/requests`
 * (every request, faulted ones included: the delivery attempts) and `/__control/reset`.
 */
import type { ReceivedAlert } from "../alert-received";
import { startStandIn, type Handler, type Routes, type StandIn } from "./server";

export async function startAlertReceiver(port?: number): Promise<StandIn> {
  const received: ReceivedAlert[] = [];

  const record: Handler = (request) => {
    const path = request.url.pathname;
    received.push({ path, content_type: request.headers["content-type"], body: request.json, raw_body: request.rawBody, at: Date.now() });
    if (path.endsWith("/sendMessage")) return { body: { ok: true, result: { message_id: received.length, date: Math.floor(Date.now() / 1000) } } };
    return { body: { ok: true } };
  };
  const list: Handler = (request) => {
    const path = request.url.searchParams.get("path");
    return { body: path === null ? received : received.filter((entry) => entry.path === path) };
  };

  // Every path is a webhook: the routes answer any "POST <path>".
  const routes = new Proxy({} as Routes, {
    get: (_target, key) => {
      if (key === "GET /__receiver/received") return list;
      return typeof key === "string" && key.startsWith("POST ") ? record : undefined;
    },
  });
  return startStandIn({ ...(port === undefined ? {} : { port }), routes, onReset: () => (received.length = 0) });
}
