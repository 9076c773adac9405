import { Hono } from "hono";
import type { AppEnv } from "../app";
import { EVENT_STREAM_PROTOCOL } from "../events/frames";
import { eventHub } from "../events/hub";
import { parseSubscription, subscriptionParams } from "../events/subscription";
import { bearerToken, checkGatewayToken } from "./auth";
import { HttpError } from "./errors";

/**
 * `GET /ws/events`: the order event stream. Authentication happens here, before the upgrade reaches the
 * hub, with the gateway token given either as `Authorization: Bearer <token>` or, for browsers (which
 * cannot set headers on a WebSocket), as the subprotocol pair `gateway-events, bearer.<token>`. Only
 * `gateway-events` is ever echoed back; the token is not forwarded to the hub. Never in the URL.
 */

const TOKEN_PROTOCOL_PREFIX = "bearer.";

function offeredProtocols(header: string | undefined): string[] {
  return (header ?? "")
    .split(",")
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol !== "");
}

export const eventRoutes = new Hono<AppEnv>().get("/ws/events", async (c) => {
  const protocols = offeredProtocols(c.req.header("Sec-WebSocket-Protocol"));
  const protocolToken = protocols.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
  checkGatewayToken(c.get("config"), bearerToken(c.req.header("Authorization")) ?? protocolToken);

  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new HttpError(426, "upgrade_required", "GET /ws/events is a WebSocket: send Upgrade: websocket", undefined, {
      Upgrade: "websocket",
    });
  }
  const echoProtocol = protocols.includes(EVENT_STREAM_PROTOCOL);
  if (protocols.length > 0 && !echoProtocol) {
    // A browser fails the handshake unless the server picks one of its protocols, and we only pick this one.
    throw new HttpError(400, "invalid_protocol", `Sec-WebSocket-Protocol must include ${EVENT_STREAM_PROTOCOL}`, {
      parameter: "Sec-WebSocket-Protocol",
    });
  }
  const subscription = parseSubscription(new URL(c.req.url).searchParams);
  if (!subscription.ok) {
    throw new HttpError(400, "invalid_query", `${subscription.parameter} ${subscription.message}`, {
      parameter: subscription.parameter,
    });
  }

  // A fresh request carrying only what the hub needs: the credentials stay in the Worker.
  const headers = new Headers({ Upgrade: "websocket" });
  if (echoProtocol) headers.set("Sec-WebSocket-Protocol", EVENT_STREAM_PROTOCOL);
  const url = new URL("https://event-hub/subscribe");
  url.search = subscriptionParams(subscription.value).toString();
  return eventHub(c.env).fetch(new Request(url, { headers }));
});
