/**
 * The Hyperliquid stand-in's WebSocket feed (test/standins/node/hyperliquid-feed.ts), from inside workerd as
 * the gateway meets it: the venue's envelope and heartbeat, the userFills / orderUpdates / userFundings
 * frames the exchange stand-in's fills, order changes and funding payments produce, the REST queries a
 * reconnecting client reconciles with, and the faults a test can order. Orders are signed here with the
 * gateway's signing module and posted to the stand-in directly: no gateway code is under test.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Subscriber, type Frame } from "../events/helpers";
import { HYPERLIQUID, until } from "../trading/hyperliquid/harness";
import { resetStandIn } from "./control";
import {
  configureHyperliquidFeed,
  hyperliquidFeedFault,
  hyperliquidFeedState,
  hyperliquidFunding,
  hyperliquidInfo,
  hyperliquidOrderAction,
  hyperliquidState,
  newHyperliquidAgent,
  sendHyperliquidAction,
  type HyperliquidStandInFill,
  type HyperliquidTestAgent,
} from "./hyperliquid-control";

const BTC = 0;
const WELCOME = "Websocket connection established.";

let sockets: Subscriber[] = [];

beforeEach(async () => {
  await resetStandIn(HYPERLIQUID);
});

afterEach(() => {
  // Closing a socket the server already closed makes workerd log "WebSocket peer disconnected".
  for (const socket of sockets) if (socket.closeEvent === undefined) socket.close();
  sockets = [];
});

function upgrade(): Promise<Response> {
  return fetch(`${HYPERLIQUID}/ws`, { headers: { Upgrade: "websocket" } });
}

/**
 * An upgrade while the feed refuses. server.ts answers it 503 without `Connection: close` and ends the
 * connection; workerd keeps that connection for its next request to the stand-in, which then fails with
 * "Network connection lost". A throwaway request takes it instead of the test's next one, until server.ts
 * says `Connection: close`.
 */
async function refusedUpgrade(): Promise<Response> {
  const response = await upgrade();
  await fetch(`${HYPERLIQUID}/__control/requests`).catch(() => undefined);
  return response;
}

/** A socket to the feed, past its welcome frame. */
async function connect(): Promise<Subscriber> {
  const response = await upgrade();
  if (response.status !== 101 || response.webSocket === null) throw new Error(`Expected 101 from /ws, got ${response.status}`);
  const socket = new Subscriber(response.webSocket, response);
  sockets.push(socket);
  await socket.waitForFrames(1, "the welcome frame");
  return socket;
}

function send(socket: Subscriber, frame: unknown): void {
  socket.socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
}

const on = (channel: string) => (frame: Frame) => frame.channel === channel;
const data = (frame: Frame | undefined): any => (frame as { data: unknown } | undefined)?.data;

/** The `count`th frame of `channel` (1-based), once it arrived. */
async function nth(socket: Subscriber, channel: string, count: number): Promise<Frame> {
  return (await socket.waitForMatching(count, on(channel), `${count} ${channel} frame(s)`)).at(-1) as Frame;
}

/**
 * Everything the socket received up to the answer to a ping sent now: frames go out in order on one socket,
 * so anything the stand-in sent before it handled the ping is in here.
 */
async function framesUntilPong(socket: Subscriber): Promise<Frame[]> {
  const pongs = socket.frames.filter(on("pong")).length;
  send(socket, { method: "ping" });
  const pong = await nth(socket, "pong", pongs + 1);
  return socket.frames.slice(0, socket.frames.indexOf(pong));
}

/** Subscribes and waits for the ack (and its snapshot, for the channels that have one). */
async function subscribe(socket: Subscriber, type: string, user: string): Promise<Frame | undefined> {
  const acks = socket.frames.filter(on("subscriptionResponse")).length;
  const snapshots = socket.frames.filter(on(type)).length;
  send(socket, { method: "subscribe", subscription: { type, user } });
  await nth(socket, "subscriptionResponse", acks + 1);
  return type === "userFills" || type === "userFundings" ? nth(socket, type, snapshots + 1) : undefined;
}

async function order(agent: HyperliquidTestAgent, wire: Parameters<typeof hyperliquidOrderAction>[0]): Promise<Record<string, any>> {
  const answer = await sendHyperliquidAction(HYPERLIQUID, agent.agentKey, hyperliquidOrderAction(wire));
  expect(answer.status).toBe("ok");
  return answer.response.data.statuses[0] as Record<string, any>;
}

/** Crosses the stand-in's book (bids 97,005, asks 97,015 around the BTC mark 97,010). */
const sellNow = (agent: HyperliquidTestAgent, extra: { cloid?: string; reduceOnly?: boolean } = {}) =>
  order(agent, { asset: BTC, isBuy: false, px: "96000", sz: "0.001", tif: "Ioc", ...extra });
const buyNow = (agent: HyperliquidTestAgent, extra: { cloid?: string; reduceOnly?: boolean } = {}) =>
  order(agent, { asset: BTC, isBuy: true, px: "98000", sz: "0.001", tif: "Ioc", ...extra });

async function fillsOf(user: string): Promise<HyperliquidStandInFill[]> {
  return hyperliquidInfo<HyperliquidStandInFill[]>(HYPERLIQUID, { type: "userFills", user });
}

async function collateralOf(user: string): Promise<number> {
  const state = await hyperliquidState(HYPERLIQUID, user);
  return Number(state.accounts[0]?.collateralUsd);
}

function randomCloid(): string {
  return `0x${Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

describe("envelope and heartbeat", () => {
  it("greets with a text frame, answers ping with pong and counts the pings", async () => {
    const socket = await connect();
    expect(socket.messages[0]).toBe(WELCOME);
    send(socket, { method: "ping" });
    send(socket, { method: "ping" });
    await nth(socket, "pong", 2);
    expect(socket.messages.slice(1)).toEqual(['{"channel":"pong"}', '{"channel":"pong"}']);
    const state = await hyperliquidFeedState(HYPERLIQUID);
    expect(state.connections).toEqual([{ users: [], subscriptions: [], opened_at: expect.any(Number), pings: 2, silenced: false }]);
    expect(state).toMatchObject({ refusing: false, refused: 0, upgrades_total: 1, idle_timeout_ms: 60_000, max_users: 10 });
  });

  it("closes a socket it has heard nothing from for the idle timeout; one that pings stays open", async () => {
    await configureHyperliquidFeed(HYPERLIQUID, { idleTimeoutMs: 300 });
    const quiet = await connect();
    const talker = await connect();
    const pinging = setInterval(() => send(talker, { method: "ping" }), 100);
    try {
      expect((await quiet.waitForClose()).code).toBe(1005);
    } finally {
      clearInterval(pinging);
    }
    expect(talker.closeEvent).toBeUndefined();
    await until(async () => (await hyperliquidFeedState(HYPERLIQUID)).connections.length === 1, "the stand-in to forget the closed socket");
  });

  it("refuses what is no request or no valid user subscription, and a second identical subscribe", async () => {
    const agent = await newHyperliquidAgent(HYPERLIQUID);
    const socket = await connect();
    send(socket, "hello");
    send(socket, { method: "subscribe", subscription: { type: "userFills" } });
    send(socket, { method: "subscribe", subscription: { type: "userFills", user: "0x1234" } });
    send(socket, { method: "subscribe", subscription: { type: "trades", coin: "BTC" } });
    send(socket, { method: "unsubscribe", subscription: { type: "userFills", user: agent.user } });
    await subscribe(socket, "orderUpdates", agent.user);
    send(socket, { method: "subscribe", subscription: { type: "orderUpdates", user: agent.user } });
    const errors = (await socket.waitForMatching(6, on("error"), "six errors")).map((frame) => data(frame));
    expect(errors).toEqual([
      "Error parsing JSON into valid websocket request: hello",
      'Invalid subscription {"type":"userFills"}',
      'Invalid subscription {"type":"userFills","user":"0x1234"}',
      'Invalid subscription {"type":"trades","coin":"BTC"}',
      `Already unsubscribed: {"type":"userFills","user":"${agent.user}"}`,
      `Already subscribed: {"type":"orderUpdates","user":"${agent.user}"}`,
    ]);
  });
});

describe("userFills", () => {
  it("acks with the subscription as sent, sends recent fills as a snapshot (newest first), then each fill live", async () => {
    const agent = await newHyperliquidAgent(HYPERLIQUID);
    const cloid = randomCloid();
    await sellNow(agent, { cloid });
    await sellNow(agent);
    const socket = await connect();
    const shouted = `0x${agent.user.slice(2).toUpperCase()}`;
    const snapshot = await subscribe(socket, "userFills", shouted);
    expect(socket.frames.find(on("subscriptionResponse"))).toEqual({
      channel: "subscriptionResponse",
      data: { method: "subscribe", subscription: { type: "userFills", user: shouted } },
    });
    const rest = await fillsOf(agent.user);
    expect(data(snapshot)).toEqual({ isSnapshot: true, user: agent.user, fills: rest });
    expect(rest).toHaveLength(2);
    expect(rest[1]).toEqual({
      coin: "BTC",
      px: "97005.0",
      sz: "0.001",
      side: "A",
      time: expect.any(Number),
      startPosition: "0.0",
      dir: "Open Short",
      closedPnl: "0.0",
      hash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      oid: expect.any(Number),
      crossed: true,
      fee: "0.043652",
      tid: expect.any(Number),
      cloid,
      feeToken: "USDC",
      twapId: null,
    });
    expect(rest[0]).not.toHaveProperty("cloid");

    await buyNow(agent);
    const live = await nth(socket, "userFills", 2);
    const [newest] = await fillsOf(agent.user);
    expect(data(live)).toEqual({ user: agent.user, fills: [newest] });
    expect(newest).toMatchObject({ side: "B", px: "97015.0", startPosition: "-0.002", dir: "Close Short", closedPnl: "-0.01", crossed: true });
  });

  it("reports the maker's side of a fill to the maker", async () => {
    const maker = await newHyperliquidAgent(HYPERLIQUID);
    const taker = await newHyperliquidAgent(HYPERLIQUID);
    const socket = await connect();
    await subscribe(socket, "userFills", maker.user);
    const resting = await order(maker, { asset: BTC, isBuy: true, px: "97008", sz: "0.001", tif: "Alo" });
    await sellNow(taker);
    const fill = data(await nth(socket, "userFills", 2)).fills[0];
    expect(fill).toMatchObject({ oid: resting.resting.oid, side: "B", px: "97008.0", crossed: false, dir: "Open Long", fee: "0.014551" });
  });

  it("an agent's address is no user: an empty snapshot, and nothing when its user trades", async () => {
    const agent = await newHyperliquidAgent(HYPERLIQUID);
    const socket = await connect();
    expect(data(await subscribe(socket, "userFills", agent.agent))).toEqual({ isSnapshot: true, user: agent.agent, fills: [] });
    await sellNow(agent);
    expect((await framesUntilPong(socket)).filter(on("userFills"))).toHaveLength(1);
  });

  it("unsubscribe acks and stops the frames", async () => {
    const agent = await newHyperliquidAgent(HYPERLIQUID);
    const socket = await connect();
    await subscribe(socket, "userFills", agent.user);
    send(socket, { method: "unsubscribe", subscription: { type: "userFills", user: agent.user } });
    expect(data(await nth(socket, "subscriptionResponse", 2))).toEqual({ method: "unsubscribe", subscription: { type: "userFills", user: agent.user } });
    await sellNow(agent);
    expect((await framesUntilPong(socket)).filter(on("userFills"))).toHaveLength(1);
  });
});

describe("orderUpdates", () => {
  it("no snapshot; open when it rests, canceled, filled; cloid and reduceOnly only when set", async () => {
    const agent = await newHyperliquidAgent(HYPERLIQUID);
    await order(agent, { asset: BTC, isBuy: true, px: "90000", sz: "0.001", tif: "Gtc" });
    const socket = await connect();
    await subscribe(socket, "orderUpdates", agent.user);
    expect((await framesUntilPong(socket)).filter(on("orderUpdates"))).toEqual([]);

    const cloid = randomCloid();
    const { resting } = await order(agent, { asset: BTC, isBuy: true, px: "90000", sz: "0.002", tif: "Gtc", cloid });
    const open = data(await nth(socket, "orderUpdates", 1));
    expect(open).toEqual([
      {
        order: { coin: "BTC", side: "B", limitPx: "90000.0", sz: "0.002", oid: resting.oid, timestamp: expect.any(Number), origSz: "0.002", cloid },
        status: "open",
        statusTimestamp: open[0].order.timestamp,
      },
    ]);

    const canceled = await sendHyperliquidAction(HYPERLIQUID, agent.agentKey, { type: "cancel", cancels: [{ a: BTC, o: resting.oid }] });
    expect(canceled.response.data.statuses).toEqual(["success"]);
    expect(data(await nth(socket, "orderUpdates", 2))).toEqual([
      { order: { ...open[0].order }, status: "canceled", statusTimestamp: expect.any(Number) },
    ]);

    const { filled } = await buyNow(agent);
    expect(data(await nth(socket, "orderUpdates", 3))).toEqual([
      {
        order: { coin: "BTC", side: "B", limitPx: "98000.0", sz: "0.0", oid: filled.oid, timestamp: expect.any(Number), origSz: "0.001" },
        status: "filled",
        statusTimestamp: expect.any(Number),
      },
    ]);
    await sellNow(agent, { reduceOnly: true });
    expect(data(await nth(socket, "orderUpdates", 4))[0]).toMatchObject({ order: { side: "A", sz: "0.0", reduceOnly: true }, status: "filled" });
  });

  it("reports a refusal the venue keeps (one with a cloid) with its status word", async () => {
    const agent = await newHyperliquidAgent(HYPERLIQUID);
    const socket = await connect();
    await subscribe(socket, "orderUpdates", agent.user);
    const cloid = randomCloid();
    const answer = await sendHyperliquidAction(HYPERLIQUID, agent.agentKey, hyperliquidOrderAction({ asset: BTC, isBuy: true, px: "90000", sz: "0.0001", tif: "Gtc", cloid }));
    expect(answer.response.data.statuses).toEqual([{ error: "Order must have minimum value of $10." }]);
    expect(data(await nth(socket, "orderUpdates", 1))[0]).toMatchObject({ order: { cloid, sz: "0.0001" }, status: "minTradeNtlRejected" });
  });
});

describe("funding", () => {
  it("pays −szi × mark × rate to every open position, moves collateral, snapshots and pushes it, serves it on REST", async () => {
    const short = await newHyperliquidAgent(HYPERLIQUID);
    const long = await newHyperliquidAgent(HYPERLIQUID);
    await sellNow(short);
    await buyNow(long);
    const before = await collateralOf(short.user);
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const first = await hyperliquidFunding(HYPERLIQUID, { coin: "BTC", rate: "0.0000125", time: hour });
    // mark 97,010 × 0.001 × 0.0000125 = 0.001212625 → 0.001213
    expect(first).toEqual([
      { user: short.user, time: hour, coin: "BTC", usdc: "0.001213", szi: "-0.001", fundingRate: "0.0000125", nSamples: null },
      { user: long.user, time: hour, coin: "BTC", usdc: "-0.001213", szi: "0.001", fundingRate: "0.0000125", nSamples: null },
    ]);
    expect(await collateralOf(short.user)).toBeCloseTo(before + 0.001213, 6);

    const socket = await connect();
    const snapshot = await subscribe(socket, "userFundings", short.user);
    const { user: _, ...row } = first[0]!;
    expect(data(snapshot)).toEqual({ isSnapshot: true, user: short.user, fundings: [row] });

    const [second] = await hyperliquidFunding(HYPERLIQUID, { coin: "BTC", rate: "-0.00002", user: short.user, time: hour + 3_600_000 });
    expect(second).toMatchObject({ usdc: "-0.00194", fundingRate: "-0.00002" });
    const { user: __, ...secondRow } = second!;
    expect(data(await nth(socket, "userFundings", 2))).toEqual({ user: short.user, fundings: [secondRow] });

    const rows = await hyperliquidInfo<any[]>(HYPERLIQUID, { type: "userFunding", user: short.user, startTime: hour });
    expect(rows).toEqual(
      [row, secondRow].map(({ time, coin, usdc, szi, fundingRate, nSamples }) => ({
        time,
        hash: `0x${"0".repeat(64)}`,
        delta: { type: "funding", coin, usdc, szi, fundingRate, nSamples },
      })),
    );
    expect(await hyperliquidInfo(HYPERLIQUID, { type: "userFunding", user: short.user, startTime: hour + 1, endTime: hour + 3_600_000 })).toEqual([rows[1]]);
    expect(await hyperliquidInfo(HYPERLIQUID, { type: "userFunding", user: long.user, startTime: hour + 1 })).toEqual([]);

    const state = await hyperliquidInfo<any>(HYPERLIQUID, { type: "clearinghouseState", user: short.user });
    // cumFunding counts what was paid: 0.00194 − 0.001213.
    expect(state.assetPositions[0].position.cumFunding).toEqual({ allTime: "0.000727", sinceOpen: "0.000727", sinceChange: "0.000727" });
  });

  it("pays nothing in a coin without positions", async () => {
    const agent = await newHyperliquidAgent(HYPERLIQUID);
    await sellNow(agent);
    expect(await hyperliquidFunding(HYPERLIQUID, { coin: "ETH", rate: "0.0001" })).toEqual([]);
  });
});

describe("REST reconciliation", () => {
  it("userFillsByTime: oldest first, startTime and endTime inclusive", async () => {
    const agent = await newHyperliquidAgent(HYPERLIQUID);
    await sellNow(agent);
    await sellNow(agent);
    await buyNow(agent);
    const newestFirst = await fillsOf(agent.user);
    const oldest = newestFirst.at(-1)!;
    const newest = newestFirst[0]!;
    const byTime = (range: Record<string, unknown>) => hyperliquidInfo<HyperliquidStandInFill[]>(HYPERLIQUID, { type: "userFillsByTime", user: agent.user, aggregateByTime: true, ...range });
    expect(await byTime({ startTime: oldest.time })).toEqual([...newestFirst].reverse());
    expect(await byTime({ startTime: newest.time + 1 })).toEqual([]);
    expect(await byTime({ startTime: 0, endTime: oldest.time })).toEqual([...newestFirst].reverse().filter((fill) => fill.time === oldest.time));
  });

  it("clearinghouseState: a short's liquidation price, none for a long backed by more than its value", async () => {
    const short = await newHyperliquidAgent(HYPERLIQUID, { marginUsd: "50" });
    const long = await newHyperliquidAgent(HYPERLIQUID);
    await sellNow(short);
    await buyNow(long);
    const positionOf = async (user: string) => (await hyperliquidInfo<any>(HYPERLIQUID, { type: "clearinghouseState", user })).assetPositions[0].position;
    const shortPosition = await positionOf(short.user);
    expect(shortPosition).toMatchObject({ szi: "-0.001", entryPx: "97005.0", positionValue: "97.01", marginUsed: "4.8505", leverage: { type: "cross", value: 20 } });
    // mark + (account value − maintenance) / 0.001 × 80 / 81: about 146,000.
    expect(Number(shortPosition.liquidationPx)).toBeGreaterThan(140_000);
    expect(Number(shortPosition.liquidationPx)).toBeLessThan(150_000);
    expect((await positionOf(long.user)).liquidationPx).toBeNull();
  });
});

describe("faults", () => {
  it("drop ends the connection without a close frame; close_1005 sends one without a code; a user picks the sockets", async () => {
    const one = await newHyperliquidAgent(HYPERLIQUID);
    const other = await newHyperliquidAgent(HYPERLIQUID);
    const first = await connect();
    const second = await connect();
    await subscribe(first, "orderUpdates", one.user);
    await subscribe(second, "orderUpdates", other.user);
    expect(await hyperliquidFeedFault(HYPERLIQUID, "drop", one.user.toUpperCase().replace("0X", "0x"))).toBe(1);
    expect((await first.waitForClose()).code).toBe(1006);
    expect(await hyperliquidFeedFault(HYPERLIQUID, "close_1005")).toBe(1);
    expect((await second.waitForClose()).code).toBe(1005);
  });

  it("silence: nothing goes out, pongs included, until resume", async () => {
    const agent = await newHyperliquidAgent(HYPERLIQUID);
    const socket = await connect();
    await subscribe(socket, "userFills", agent.user);
    await hyperliquidFeedFault(HYPERLIQUID, "silence", agent.user);
    send(socket, { method: "ping" });
    await sellNow(agent);
    await until(async () => (await hyperliquidFeedState(HYPERLIQUID)).connections[0]?.pings === 1, "the ping to arrive");
    expect((await hyperliquidFeedState(HYPERLIQUID)).connections[0]?.silenced).toBe(true);
    await hyperliquidFeedFault(HYPERLIQUID, "resume");
    const frames = await framesUntilPong(socket);
    // The welcome, the ack and the snapshot; the silenced pong and fill were lost.
    expect(frames.map((frame) => frame.channel ?? frame.type)).toEqual(["text", "subscriptionResponse", "userFills"]);
  });

  it("duplicate_next sends the next data frame twice; replay_snapshot sends the snapshots again", async () => {
    const agent = await newHyperliquidAgent(HYPERLIQUID);
    const socket = await connect();
    await subscribe(socket, "userFills", agent.user);
    await subscribe(socket, "userFundings", agent.user);
    await hyperliquidFeedFault(HYPERLIQUID, "duplicate_next");
    await sellNow(agent);
    const [once, twice] = (await socket.waitForMatching(3, on("userFills"), "the fill twice")).slice(1);
    expect(twice).toEqual(once);
    expect(data(once).isSnapshot).toBeUndefined();

    expect(await hyperliquidFeedFault(HYPERLIQUID, "replay_snapshot", agent.user)).toBe(1);
    expect(data(await nth(socket, "userFills", 4))).toEqual({ isSnapshot: true, user: agent.user, fills: await fillsOf(agent.user) });
    expect(data(await nth(socket, "userFundings", 2))).toEqual({ isSnapshot: true, user: agent.user, fundings: [] });
  });

  it("malformed_next puts a text that is not JSON and a fill with px null before the next fill", async () => {
    const agent = await newHyperliquidAgent(HYPERLIQUID);
    const socket = await connect();
    await subscribe(socket, "userFills", agent.user);
    await hyperliquidFeedFault(HYPERLIQUID, "malformed_next");
    await sellNow(agent);
    await nth(socket, "userFills", 3);
    const [junk, broken, real] = socket.messages.slice(-3);
    expect(() => JSON.parse(junk!)).toThrow();
    const brokenFill = JSON.parse(broken!).data.fills[0];
    const realFill = JSON.parse(real!).data.fills[0];
    expect(brokenFill).toEqual({ ...realFill, px: null });
  });

  it("refuse turns upgrades away until accept; the user cap counts users across sockets and frees with them", async () => {
    await hyperliquidFeedFault(HYPERLIQUID, "refuse");
    const refused = await refusedUpgrade();
    expect(refused.status).toBe(503);
    expect(refused.webSocket).toBeNull();
    await hyperliquidFeedFault(HYPERLIQUID, "accept");

    await configureHyperliquidFeed(HYPERLIQUID, { maxUsers: 2 });
    const [a, b, c] = [await newHyperliquidAgent(HYPERLIQUID), await newHyperliquidAgent(HYPERLIQUID), await newHyperliquidAgent(HYPERLIQUID)];
    const first = await connect();
    const second = await connect();
    await subscribe(first, "userFills", a.user);
    await subscribe(first, "orderUpdates", b.user);
    send(second, { method: "subscribe", subscription: { type: "userFundings", user: c.user } });
    expect(data(await nth(second, "error", 1))).toBe("Cannot track more than 2 total users.");
    await subscribe(second, "orderUpdates", a.user);
    first.close();
    await until(async () => (await hyperliquidFeedState(HYPERLIQUID)).connections.length === 1, "the first socket to go");
    await subscribe(second, "userFundings", c.user);

    const state = await hyperliquidFeedState(HYPERLIQUID);
    expect(state).toMatchObject({ refusing: false, refused: 1, upgrades_total: 3, max_users: 2 });
    expect(state.connections[0]?.users).toEqual([a.user, c.user]);
  });

  it("a reset closes every socket", async () => {
    const socket = await connect();
    await resetStandIn(HYPERLIQUID);
    expect((await socket.waitForClose()).code).toBe(1001);
  });
});
