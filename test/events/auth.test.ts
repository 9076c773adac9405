import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { publish, streamRequest, subscribe, TOKEN } from "./helpers";

describe("GET /ws/events: authentication and request checks, before the upgrade", () => {
  it("refuses a missing token with 401 and the error envelope", async () => {
    const res = await streamRequest("", {});
    expect(res.status).toBe(401);
    expect(res.webSocket).toBeNull();
    expect(res.headers.get("WWW-Authenticate")).toBe('Bearer realm="gateway"');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  it("refuses a wrong token with 401, in the header or in the subprotocol", async () => {
    expect((await streamRequest("", { Authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await streamRequest("", { "Sec-WebSocket-Protocol": `gateway-events, bearer.${TOKEN}x` })).status).toBe(401);
  });

  it("does not take the token from the URL", async () => {
    expect((await streamRequest(`?token=${TOKEN}`, {})).status).toBe(401);
    // With a valid header, a token parameter is still refused by name, so it never becomes a habit.
    const res = await streamRequest(`?token=${TOKEN}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: { parameter: string } } };
    expect(body.error.details.parameter).toBe("token");
    expect(JSON.stringify(body)).not.toContain(TOKEN);
  });

  it("accepts the token as the bearer.<token> subprotocol and echoes only gateway-events", async () => {
    const sub = await subscribe("", { "Sec-WebSocket-Protocol": `gateway-events, bearer.${TOKEN}` });
    expect(sub.response.headers.get("Sec-WebSocket-Protocol")).toBe("gateway-events");
    const [seq] = await publish(1);
    await sub.waitForFrames(1);
    expect(sub.seqs()).toEqual([seq]);
    sub.close();
  });

  it("echoes gateway-events to a header-authenticated client that offers it, and nothing otherwise", async () => {
    const offered = await subscribe("", { Authorization: `Bearer ${TOKEN}`, "Sec-WebSocket-Protocol": "gateway-events" });
    expect(offered.response.headers.get("Sec-WebSocket-Protocol")).toBe("gateway-events");
    const plain = await subscribe();
    expect(plain.response.headers.get("Sec-WebSocket-Protocol")).toBeNull();
    offered.close();
    plain.close();
  });

  it("refuses a subprotocol list without gateway-events (a browser would fail the handshake)", async () => {
    const res = await streamRequest("", { "Sec-WebSocket-Protocol": `bearer.${TOKEN}` });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_protocol");
  });

  it("answers 426 to an authenticated request without Upgrade: websocket", async () => {
    const res = await exports.default.fetch("http://gateway.test/ws/events", { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(426);
    expect(res.headers.get("Upgrade")).toBe("websocket");
  });

  it.each([
    ["?since=abc", "since"],
    ["?since=-1", "since"],
    ["?since=1.5", "since"],
    ["?venue=Lighter", "venue"],
    ["?venue=", "venue"],
    ["?type=trade", "type"],
    ["?type=order&type=order", "type"],
    ["?limit=5", "limit"],
  ])("answers 400 naming the parameter for %s", async (query, parameter) => {
    const res = await streamRequest(query);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: { parameter: string } } };
    expect(body.error.code).toBe("invalid_query");
    expect(body.error.details.parameter).toBe(parameter);
    expect(body.error.message.startsWith(parameter)).toBe(true);
  });
});
