/**
 * The Hyperliquid exchange stand-in behaves like the venue: actions signed with the gateway's own signing
 * module are verified (signer, key order, nonces, vault, expiry), orders are validated and matched against
 * the book, and /info reports what happened.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { actionHash, addressFromPrivateKey, l1Digest, parseAgentKey, signDigest } from "../../src/venues/hyperliquid/signing";
import {
  configureHyperliquid,
  HYPERLIQUID_DEFAULT_AGENT,
  HYPERLIQUID_DEFAULT_AGENT_KEY,
  HYPERLIQUID_DEFAULT_USER,
  hyperliquidInfo,
  hyperliquidState,
  newHyperliquidAgent,
  registerHyperliquidVault,
  setHyperliquidBook,
  setHyperliquidMargin,
  type HyperliquidTestAgent,
} from "../standins/hyperliquid-control";
import { injectFault, resetStandIn } from "../standins/control";
import { startHyperliquidStandIn } from "../standins/node/hyperliquid";
import { freePort, type StandIn } from "../standins/node/server";

const BTC = 0;
const ETH = 1;

let standIn: StandIn;
let url: string;

beforeAll(async () => {
  standIn = await startHyperliquidStandIn(await freePort());
  url = standIn.url;
});

afterAll(async () => {
  await standIn.close();
});

beforeEach(async () => {
  await resetStandIn(url);
});

/** One nonce source per test process: unix ms, strictly increasing. */
let lastNonce = 0;
function nextNonce(): number {
  lastNonce = Math.max(Date.now(), lastNonce + 1);
  return lastNonce;
}

interface Signed {
  action: unknown;
  nonce: number;
  signature: { r: string; s: string; v: number };
  vaultAddress?: string;
  expiresAfter?: number;
}

function sign(
  action: unknown,
  key: string | Uint8Array,
  options: { nonce?: number; vaultAddress?: string; expiresAfter?: number; isMainnet?: boolean } = {},
): Signed {
  const nonce = options.nonce ?? nextNonce();
  const privateKey = typeof key === "string" ? parseAgentKey(key) : key;
  const hash = actionHash(action, nonce, options.vaultAddress ?? null, options.expiresAfter ?? null);
  const signature = signDigest(l1Digest(hash, options.isMainnet ?? true), privateKey);
  const body: Signed = { action, nonce, signature };
  if (options.vaultAddress !== undefined) body.vaultAddress = options.vaultAddress;
  if (options.expiresAfter !== undefined) body.expiresAfter = options.expiresAfter;
  return body;
}

async function post(body: unknown): Promise<{ status: number; text: string; json: any }> {
  const res = await fetch(`${url}/exchange`, { method: "POST", headers: { "Content-Type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

async function send(agent: HyperliquidTestAgent, action: unknown, options: Parameters<typeof sign>[2] = {}): Promise<any> {
  const res = await post(sign(action, agent.agentKey, options));
  expect(res.status).toBe(200);
  return res.json;
}

function limit(asset: number, isBuy: boolean, px: string, sz: string, tif: "Gtc" | "Alo" | "Ioc" = "Gtc", extra: { r?: boolean; c?: string } = {}) {
  const wire: Record<string, unknown> = { a: asset, b: isBuy, p: px, s: sz, r: extra.r ?? false, t: { limit: { tif } } };
  if (extra.c !== undefined) wire.c = extra.c;
  return wire;
}

function order(...wires: Array<Record<string, unknown>>) {
  return { type: "order", orders: wires, grouping: "na" };
}

async function statuses(agent: HyperliquidTestAgent, ...wires: Array<Record<string, unknown>>): Promise<any[]> {
  const answer = await send(agent, order(...wires));
  expect(answer.status).toBe("ok");
  expect(answer.response.type).toBe("order");
  return answer.response.data.statuses;
}

function randomCloid(): string {
  return `0x${randomBytes(16).toString("hex")}`;
}

describe("signature and signer", () => {
  it("accepts a good order from the default agent and records it", async () => {
    const agent = { agentKey: HYPERLIQUID_DEFAULT_AGENT_KEY, agent: HYPERLIQUID_DEFAULT_AGENT, user: HYPERLIQUID_DEFAULT_USER };
    expect(addressFromPrivateKey(parseAgentKey(HYPERLIQUID_DEFAULT_AGENT_KEY))).toBe(HYPERLIQUID_DEFAULT_AGENT);
    const body = sign(order(limit(BTC, true, "97100", "0.001")), agent.agentKey);
    const answer = await post(body);
    expect(answer.status).toBe(200);
    expect(answer.json.status).toBe("ok");
    const [status] = answer.json.response.data.statuses;
    expect(status.filled).toMatchObject({ totalSz: "0.001", avgPx: "97015.0" });
    const state = await hyperliquidState(url, HYPERLIQUID_DEFAULT_USER);
    expect(state.actions).toHaveLength(1);
    expect(state.actions[0]).toMatchObject({ seq: 1, signer: HYPERLIQUID_DEFAULT_AGENT, account: HYPERLIQUID_DEFAULT_USER, nonce: body.nonce, type: "order" });
    expect(state.accounts[0]?.positions).toEqual([{ coin: "BTC", szi: "0.001", entryPx: "97015.0", leverage: { type: "cross", value: 20 } }]);
  });

  it("refuses an unknown signer with the address it recovered", async () => {
    const key = randomBytes(32);
    const answer = await post(sign(order(limit(BTC, false, "100000", "0.001")), key));
    expect(answer.json).toEqual({ status: "err", response: `User or API Wallet ${addressFromPrivateKey(key)} does not exist.` });
  });

  it("rebuilds the action in the venue's key order: another order recovers another address", async () => {
    const agent = await newHyperliquidAgent(url);
    const reordered = { type: "order", orders: [{ b: true, a: BTC, p: "90000", s: "0.001", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" };
    const answer = await send(agent, reordered);
    expect(answer.status).toBe("err");
    expect(answer.response).toMatch(/^User or API Wallet 0x[0-9a-f]{40} does not exist\.$/);
    expect(answer.response).not.toContain(agent.agent);
    // The same order signed in the venue's order is fine, whatever order its JSON keys arrive in.
    const body = sign(order(limit(BTC, true, "90000", "0.001")), agent.agentKey);
    const wire = (body.action as { orders: Array<Record<string, unknown>> }).orders[0] as Record<string, unknown>;
    const shuffled = { ...body, action: { grouping: "na", orders: [{ t: wire.t, r: wire.r, s: wire.s, p: wire.p, b: wire.b, a: wire.a }], type: "order" } };
    expect((await post(shuffled)).json.status).toBe("ok");
  });

  it("hashes prices without trailing zeros, as the node does: a signed '90000.0' recovers another address", async () => {
    const agent = await newHyperliquidAgent(url);
    const answer = await send(agent, order(limit(BTC, true, "90000.0", "0.001")));
    expect(answer.response).toMatch(/^User or API Wallet 0x[0-9a-f]{40} does not exist\.$/);
    expect(answer.response).not.toContain(agent.agent);
  });

  it("an agent that sends often is checked against its known key, exactly as recovery would", async () => {
    const agent = await newHyperliquidAgent(url);
    for (let i = 0; i < 12; i += 1) expect((await send(agent, { type: "noop" })).status).toBe("ok");
    const body = sign({ type: "noop" }, agent.agentKey);
    const flipped = { ...body, signature: { ...body.signature, v: body.signature.v === 27 ? 28 : 27 } };
    expect((await post(flipped)).json.response).toMatch(/^User or API Wallet 0x[0-9a-f]{40} does not exist\.$/);
    const otherNonce = { ...body, nonce: body.nonce + 1 };
    expect((await post(otherNonce)).json.response).toMatch(/^User or API Wallet 0x[0-9a-f]{40} does not exist\.$/);
    expect((await post(body)).json.status).toBe("ok");
    // Unpadded r and s (the Python SDK's form) are the same signature.
    const next = sign({ type: "noop" }, agent.agentKey);
    const unpadded = { ...next, signature: { ...next.signature, r: next.signature.r.replace(/^0x0+/, "0x"), s: next.signature.s.replace(/^0x0+/, "0x") } };
    expect((await post(unpadded)).json.status).toBe("ok");
    const reset = sign({ type: "noop" }, agent.agentKey);
    expect((await post({ ...reset, signature: { ...reset.signature, s: "0x0" } })).json.status).toBe("err");
  });

  it("answers 422 text/plain to a body that is not an exchange request", async () => {
    for (const body of ["not json", "{}", JSON.stringify({ action: { type: "noop" }, nonce: "1", signature: { r: "0x1", s: "0x1", v: 27 } })]) {
      const res = await fetch(`${url}/exchange`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toContain("text/plain");
      expect(await res.text()).toBe("Failed to deserialize the JSON body into the target type");
    }
  });

  it("refuses an unknown action type", async () => {
    const agent = await newHyperliquidAgent(url);
    const answer = await send(agent, { type: "fly" });
    expect(answer.status).toBe("err");
  });

  it("verifies against the configured network", async () => {
    const agent = await newHyperliquidAgent(url);
    await configureHyperliquid(url, { network: "testnet" });
    expect((await send(agent, { type: "noop" })).status).toBe("err");
    expect(await send(agent, { type: "noop" }, { isMainnet: false })).toEqual({ status: "ok", response: { type: "default" } });
  });

  it("refuses an expired action and a vault the user does not manage; trades for a registered one", async () => {
    const agent = await newHyperliquidAgent(url);
    expect((await send(agent, { type: "noop" }, { expiresAfter: Date.now() - 1000 })).status).toBe("err");
    expect((await send(agent, { type: "noop" }, { expiresAfter: Date.now() + 60_000 })).status).toBe("ok");
    const vault = `0x${randomBytes(20).toString("hex")}`;
    expect((await send(agent, order(limit(BTC, true, "97100", "0.001")), { vaultAddress: vault })).status).toBe("err");
    await registerHyperliquidVault(url, { user: agent.user, vault });
    const [status] = (await send(agent, order(limit(BTC, true, "97100", "0.001")), { vaultAddress: vault })).response.data.statuses;
    expect(status.filled.totalSz).toBe("0.001");
    const onVault = await hyperliquidInfo<any>(url, { type: "clearinghouseState", user: vault });
    expect(onVault.assetPositions[0].position).toMatchObject({ coin: "BTC", szi: "0.001" });
    const onUser = await hyperliquidInfo<any>(url, { type: "clearinghouseState", user: agent.user });
    expect(onUser.assetPositions).toEqual([]);
    expect(await hyperliquidInfo(url, { type: "userRole", user: vault })).toEqual({ role: "subAccount", data: { master: agent.user } });
  });
});

describe("nonces", () => {
  it("refuses a duplicate nonce", async () => {
    const agent = await newHyperliquidAgent(url);
    const nonce = nextNonce();
    expect((await send(agent, { type: "noop" }, { nonce })).status).toBe("ok");
    expect(await send(agent, { type: "noop" }, { nonce })).toEqual({ status: "err", response: `Invalid nonce: duplicate nonce ${nonce}` });
  });

  it("once 100 are stored, refuses one below the smallest of them", async () => {
    const agent = await newHyperliquidAgent(url);
    const base = Date.now() - 60_000;
    // Out of order is fine while fewer than 100 are stored.
    expect((await send(agent, { type: "noop" }, { nonce: base + 50 })).status).toBe("ok");
    for (let i = 1; i <= 100; i += 1) {
      if (i === 50) continue;
      expect((await send(agent, { type: "noop" }, { nonce: base + i })).status).toBe("ok");
    }
    expect(await send(agent, { type: "noop" }, { nonce: base })).toEqual({ status: "err", response: `Invalid nonce: nonce too low ${base} < ${base + 1}` });
    expect((await send(agent, { type: "noop" }, { nonce: base + 101 })).status).toBe("ok");
    expect((await send(agent, { type: "noop" }, { nonce: base + 1 })).response).toBe(`Invalid nonce: nonce too low ${base + 1} < ${base + 2}`);
  });

  it("refuses nonces outside (now − 2 days, now + 1 day)", async () => {
    const agent = await newHyperliquidAgent(url);
    const day = 86_400_000;
    expect((await send(agent, { type: "noop" }, { nonce: Date.now() - 2 * day - 1000 })).response).toMatch(/^Invalid nonce: /);
    expect((await send(agent, { type: "noop" }, { nonce: Date.now() + day + 1000 })).response).toMatch(/^Invalid nonce: /);
    expect((await send(agent, { type: "noop" }, { nonce: Date.now() - day })).status).toBe("ok");
  });

  it("keeps nonces per signer", async () => {
    const one = await newHyperliquidAgent(url);
    const two = await newHyperliquidAgent(url);
    const nonce = nextNonce();
    expect((await send(one, { type: "noop" }, { nonce })).status).toBe("ok");
    expect((await send(two, { type: "noop" }, { nonce })).status).toBe("ok");
  });
});

describe("orders", () => {
  it("fills what crosses the book and rests what does not", async () => {
    const agent = await newHyperliquidAgent(url);
    const cloid = randomCloid();
    const [filled, resting] = await statuses(agent, limit(BTC, true, "97100", "0.002"), limit(BTC, true, "90000", "0.001", "Gtc", { c: cloid }));
    expect(filled.filled).toMatchObject({ totalSz: "0.002", avgPx: "97015.0" });
    expect(typeof filled.filled.oid).toBe("number");
    expect(resting.resting).toMatchObject({ cloid });
    const oid = resting.resting.oid as number;
    expect(oid).toBeGreaterThan(2 ** 32);
    const open = await hyperliquidInfo<any[]>(url, { type: "openOrders", user: agent.user });
    expect(open).toEqual([{ coin: "BTC", side: "B", limitPx: "90000.0", sz: "0.001", oid, timestamp: expect.any(Number), origSz: "0.001", cloid }]);
    expect(await hyperliquidInfo(url, { type: "openOrders", user: agent.agent })).toEqual([]);
    const fills = await hyperliquidInfo<any[]>(url, { type: "userFills", user: agent.user });
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ coin: "BTC", px: "97015.0", sz: "0.002", side: "B", dir: "Open Long", startPosition: "0.0", crossed: true, oid: filled.filled.oid, fee: "0.087314" });
    const state = await hyperliquidInfo<any>(url, { type: "clearinghouseState", user: agent.user });
    expect(state.assetPositions[0].position).toMatchObject({ coin: "BTC", szi: "0.002", entryPx: "97015.0", leverage: { type: "cross", value: 20 } });
  });

  it("Ioc fills what crosses and drops the rest; with nothing to cross it is refused", async () => {
    const agent = await newHyperliquidAgent(url);
    await setHyperliquidBook(url, { coin: "ETH", bids: [["3500", "1"]], asks: [["3502", "0.01"], ["3503", "0.02"]] });
    const [partial, none] = await statuses(agent, limit(ETH, true, "3502.5", "0.05", "Ioc"), limit(ETH, false, "3600", "0.01", "Ioc"));
    expect(partial.filled).toMatchObject({ totalSz: "0.01", avgPx: "3502.0" });
    expect(none).toEqual({ error: "Order could not immediately match against any resting orders." });
    expect(await hyperliquidInfo(url, { type: "openOrders", user: agent.user })).toEqual([]);
  });

  it("Gtc fills across levels and rests the remainder", async () => {
    const agent = await newHyperliquidAgent(url);
    await setHyperliquidBook(url, { coin: "ETH", bids: [["3500", "1"]], asks: [["3502", "0.01"], ["3503", "0.03"]] });
    const [status] = await statuses(agent, limit(ETH, true, "3503", "0.05"));
    expect(status.resting.oid).toEqual(expect.any(Number));
    const fills = await hyperliquidInfo<any[]>(url, { type: "userFills", user: agent.user });
    expect(fills.map((fill) => [fill.px, fill.sz])).toEqual([["3503.0", "0.03"], ["3502.0", "0.01"]]);
    const [open] = await hyperliquidInfo<any[]>(url, { type: "frontendOpenOrders", user: agent.user });
    expect(open).toMatchObject({ limitPx: "3503.0", sz: "0.01", origSz: "0.05", orderType: "Limit", tif: "Gtc", isTrigger: false, reduceOnly: false });
    const book = await hyperliquidInfo<any>(url, { type: "l2Book", coin: "ETH" });
    expect(book.levels[0][0]).toEqual({ px: "3503.0", sz: "0.01", n: 1 });
    expect(book.levels[1]).toEqual([]);
  });

  it("Alo that would cross is refused with the bbo; one that does not rests", async () => {
    const agent = await newHyperliquidAgent(url);
    const [crossing, resting] = await statuses(agent, limit(BTC, true, "97015", "0.001", "Alo"), limit(BTC, true, "97000", "0.001", "Alo"));
    expect(crossing).toEqual({ error: "Post only order would have immediately matched, bbo was 97005.0@97015.0." });
    expect(resting.resting.oid).toEqual(expect.any(Number));
  });

  it("validates price, size and value like the venue", async () => {
    const agent = await newHyperliquidAgent(url);
    const results = await statuses(
      agent,
      limit(BTC, true, "90000.5", "0.001"), // 6 significant figures
      limit(ETH, true, "3400.1", "0.01"), // 5 significant figures, ETH allows 2 decimals: fine
      limit(ETH, true, "3.125", "10"), // 4 significant figures but 3 decimals
      limit(BTC, false, "123456", "0.001"), // an integer price is always allowed
      limit(BTC, true, "90000", "0.000001"), // BTC sizes have 5 decimals
      limit(BTC, true, "90000", "0.0001"), // $9
      limit(BTC, true, "90000", "0"),
    );
    expect(results[0]).toEqual({ error: "Order has invalid price." });
    expect(results[1].resting).toBeDefined();
    expect(results[2]).toEqual({ error: "Order has invalid price." });
    expect(results[3].resting).toBeDefined();
    expect(results[4]).toEqual({ error: "Order has invalid size." });
    expect(results[5]).toEqual({ error: "Order must have minimum value of $10." });
    expect(results[6]).toEqual({ error: "Order has invalid size." });
    const [unknownAsset] = await statuses(agent, limit(99, true, "1", "10"));
    expect(unknownAsset.error).toBeDefined();
  });

  it("refuses a reduce-only order that would increase the position, and cuts one larger than it", async () => {
    const agent = await newHyperliquidAgent(url);
    const [flat] = await statuses(agent, limit(BTC, false, "96000", "0.001", "Ioc", { r: true }));
    expect(flat).toEqual({ error: "Reduce only order would increase position." });
    await statuses(agent, limit(BTC, true, "97100", "0.002"));
    const [same] = await statuses(agent, limit(BTC, true, "97100", "0.001", "Ioc", { r: true }));
    expect(same).toEqual({ error: "Reduce only order would increase position." });
    const [close] = await statuses(agent, limit(BTC, false, "96000", "0.005", "Ioc", { r: true }));
    expect(close.filled).toMatchObject({ totalSz: "0.002", avgPx: "97005.0" });
    const state = await hyperliquidInfo<any>(url, { type: "clearinghouseState", user: agent.user });
    expect(state.assetPositions).toEqual([]);
    const fills = await hyperliquidInfo<any[]>(url, { type: "userFills", user: agent.user });
    expect(fills[0]).toMatchObject({ dir: "Close Long", startPosition: "0.002", closedPnl: "-0.02" });
  });

  it("refuses an order the account's margin cannot carry", async () => {
    const agent = await newHyperliquidAgent(url, { marginUsd: "100" });
    // 0.001 BTC at 90,000 holds $4.5 at 20x; 0.03 more would need $135 of the $95.5 left.
    const [fits] = await statuses(agent, limit(BTC, true, "90000", "0.001"));
    expect(fits.resting).toBeDefined();
    const [tooBig] = await statuses(agent, limit(BTC, true, "90000", "0.03"));
    expect(tooBig).toEqual({ error: "Insufficient margin to place order." });
    await setHyperliquidMargin(url, agent.user, "10000");
    const [now] = await statuses(agent, limit(BTC, true, "90000", "0.03"));
    expect(now.resting).toBeDefined();
    expect(await send(agent, { type: "updateLeverage", asset: BTC, isCross: true, leverage: 41 })).toMatchObject({ status: "err" });
    expect(await send(agent, { type: "updateLeverage", asset: BTC, isCross: false, leverage: 2 })).toEqual({ status: "ok", response: { type: "default" } });
    expect((await hyperliquidState(url, agent.user)).accounts[0]?.leverage).toEqual({ BTC: { type: "isolated", value: 2 } });
  });

  it("matches two accounts: the maker gets a maker fill", async () => {
    const maker = await newHyperliquidAgent(url);
    const taker = await newHyperliquidAgent(url);
    const [rest] = await statuses(maker, limit(BTC, false, "97010", "0.001"));
    const [take] = await statuses(taker, limit(BTC, true, "97010", "0.001", "Ioc"));
    expect(take.filled).toMatchObject({ totalSz: "0.001", avgPx: "97010.0" });
    const [makerFill] = await hyperliquidInfo<any[]>(url, { type: "userFills", user: maker.user });
    expect(makerFill).toMatchObject({ side: "A", px: "97010.0", crossed: false, oid: rest.resting.oid, dir: "Open Short" });
    expect(await hyperliquidInfo(url, { type: "orderStatus", user: maker.user, oid: rest.resting.oid })).toMatchObject({ status: "order", order: { status: "filled" } });
  });

  it("a trigger order waits as an open trigger order", async () => {
    const agent = await newHyperliquidAgent(url);
    await statuses(agent, limit(BTC, true, "97100", "0.001"));
    const trigger = { a: BTC, b: false, p: "80000", s: "0.001", r: true, t: { trigger: { isMarket: true, triggerPx: "85000", tpsl: "sl" } } };
    const [status] = await statuses(agent, trigger);
    const [open] = await hyperliquidInfo<any[]>(url, { type: "frontendOpenOrders", user: agent.user });
    expect(open).toMatchObject({ oid: status.resting.oid, isTrigger: true, orderType: "Stop Market", triggerPx: "85000.0", triggerCondition: "Price below 85000.0", reduceOnly: true });
  });
});

describe("cancel, modify and scheduleCancel", () => {
  it("cancels by oid and by cloid, once", async () => {
    const agent = await newHyperliquidAgent(url);
    const cloid = randomCloid();
    const [one, two] = await statuses(agent, limit(BTC, true, "90000", "0.001"), limit(BTC, true, "90001", "0.001", "Gtc", { c: cloid }));
    const cancel = { type: "cancel", cancels: [{ a: BTC, o: one.resting.oid }, { a: BTC, o: 12345 }] };
    expect(await send(agent, cancel)).toEqual({
      status: "ok",
      response: { type: "cancel", data: { statuses: ["success", { error: "Order was never placed, already canceled, or filled." }] } },
    });
    expect((await send(agent, { type: "cancel", cancels: [{ a: BTC, o: one.resting.oid }] })).response.data.statuses).toEqual([
      { error: "Order was never placed, already canceled, or filled." },
    ]);
    expect((await send(agent, { type: "cancelByCloid", cancels: [{ asset: BTC, cloid }] })).response.data.statuses).toEqual(["success"]);
    expect(await hyperliquidInfo(url, { type: "orderStatus", user: agent.user, oid: cloid })).toMatchObject({
      status: "order",
      order: { order: { oid: two.resting.oid, cloid, coin: "BTC", side: "B", limitPx: "90001.0" }, status: "canceled", statusTimestamp: expect.any(Number) },
    });
    expect(await hyperliquidInfo(url, { type: "orderStatus", user: agent.user, oid: randomCloid() })).toEqual({ status: "unknownOid" });
    expect(await hyperliquidInfo(url, { type: "orderStatus", user: HYPERLIQUID_DEFAULT_USER, oid: two.resting.oid })).toEqual({ status: "unknownOid" });
  });

  it("another account cannot cancel an order", async () => {
    const owner = await newHyperliquidAgent(url);
    const other = await newHyperliquidAgent(url);
    const [rest] = await statuses(owner, limit(BTC, true, "90000", "0.001"));
    expect((await send(other, { type: "cancel", cancels: [{ a: BTC, o: rest.resting.oid }] })).response.data.statuses[0]).toHaveProperty("error");
  });

  it("batchModify replaces the order with a new oid", async () => {
    const agent = await newHyperliquidAgent(url);
    const cloid = randomCloid();
    const [rest] = await statuses(agent, limit(BTC, true, "90000", "0.001", "Gtc", { c: cloid }));
    const modify = { type: "batchModify", modifies: [{ oid: rest.resting.oid, order: limit(BTC, true, "91000", "0.002", "Gtc", { c: cloid }) }] };
    const answer = await send(agent, modify);
    const [status] = answer.response.data.statuses;
    expect(status.resting.oid).not.toBe(rest.resting.oid);
    expect(await hyperliquidInfo(url, { type: "orderStatus", user: agent.user, oid: rest.resting.oid })).toMatchObject({ order: { status: "canceled" } });
    expect(await hyperliquidInfo(url, { type: "orderStatus", user: agent.user, oid: cloid })).toMatchObject({ order: { status: "open", order: { limitPx: "91000.0", sz: "0.002" } } });
    const again = await send(agent, { type: "batchModify", modifies: [{ oid: rest.resting.oid, order: limit(BTC, true, "92000", "0.002") }] });
    expect(again.response.data.statuses[0]).toEqual({ error: "Cannot modify canceled or filled order" });
  });

  it("scheduleCancel refuses a time too soon, and cancels everything when it fires", async () => {
    const agent = await newHyperliquidAgent(url);
    expect((await send(agent, { type: "scheduleCancel", time: Date.now() + 1000 })).status).toBe("err");
    await configureHyperliquid(url, { scheduleCancelMinDelayMs: 50 });
    const [one, two] = await statuses(agent, limit(BTC, true, "90000", "0.001"), limit(ETH, false, "4000", "0.01"));
    const time = Date.now() + 150;
    expect(await send(agent, { type: "scheduleCancel", time })).toEqual({ status: "ok", response: { type: "default" } });
    expect((await hyperliquidState(url, agent.user)).accounts[0]?.scheduledCancel).toBe(time);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await hyperliquidInfo(url, { type: "openOrders", user: agent.user })).toEqual([]);
    for (const oid of [one.resting.oid, two.resting.oid]) {
      expect(await hyperliquidInfo(url, { type: "orderStatus", user: agent.user, oid })).toMatchObject({ order: { status: "scheduledCancel" } });
    }
    const state = await hyperliquidState(url, agent.user);
    expect(state.accounts[0]).toMatchObject({ scheduledCancel: null, scheduledCancelTriggersToday: 1 });
  });

  it("scheduleCancel without a time clears it", async () => {
    const agent = await newHyperliquidAgent(url);
    await configureHyperliquid(url, { scheduleCancelMinDelayMs: 50 });
    await statuses(agent, limit(BTC, true, "90000", "0.001"));
    expect((await send(agent, { type: "scheduleCancel", time: Date.now() + 100 })).status).toBe("ok");
    expect((await send(agent, { type: "scheduleCancel" })).status).toBe("ok");
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await hyperliquidInfo<any[]>(url, { type: "openOrders", user: agent.user })).toHaveLength(1);
  });
});

describe("/info and control", () => {
  it("userRole and extraAgents", async () => {
    const agent = await newHyperliquidAgent(url);
    expect(await hyperliquidInfo(url, { type: "userRole", user: agent.agent })).toEqual({ role: "agent", data: { user: agent.user } });
    expect(await hyperliquidInfo(url, { type: "userRole", user: agent.user })).toEqual({ role: "user" });
    expect(await hyperliquidInfo(url, { type: "userRole", user: `0x${randomBytes(20).toString("hex")}` })).toEqual({ role: "missing" });
    expect(await hyperliquidInfo(url, { type: "userRole", user: HYPERLIQUID_DEFAULT_AGENT })).toEqual({ role: "agent", data: { user: HYPERLIQUID_DEFAULT_USER } });
    const res = await fetch(`${url}/__control/hyperliquid/agent`, { method: "POST", body: JSON.stringify({ user: agent.user, name: "bot" }) });
    const named = (await res.json()) as { agent: string; agentKey: string };
    expect(addressFromPrivateKey(parseAgentKey(named.agentKey))).toBe(named.agent);
    expect(await hyperliquidInfo(url, { type: "extraAgents", user: agent.user })).toEqual([{ name: "bot", address: named.agent, validUntil: expect.any(Number) }]);
  });

  it("clearinghouseState of a fresh user, of an agent, and userRateLimit", async () => {
    const agent = await newHyperliquidAgent(url, { marginUsd: "5000" });
    const state = await hyperliquidInfo<any>(url, { type: "clearinghouseState", user: agent.user });
    expect(state).toMatchObject({ marginSummary: { accountValue: "5000.0", totalNtlPos: "0.0", totalMarginUsed: "0.0" }, withdrawable: "5000.0", assetPositions: [] });
    const empty = await hyperliquidInfo<any>(url, { type: "clearinghouseState", user: agent.agent });
    expect(empty.marginSummary.accountValue).toBe("0.0");
    await statuses(agent, limit(BTC, true, "97100", "0.001"));
    expect(await hyperliquidInfo(url, { type: "userRateLimit", user: agent.user })).toEqual({ cumVlm: "97.015", nRequestsUsed: 1, nRequestsCap: 10097 });
  });

  it("keeps serving the funding fixtures and adds meta", async () => {
    const meta = await hyperliquidInfo<any>(url, { type: "meta" });
    expect(meta.universe[0]).toMatchObject({ name: "BTC", szDecimals: 5 });
    const both = await hyperliquidInfo<any[]>(url, { type: "metaAndAssetCtxs" });
    expect(both[0]).toEqual(meta);
    const mids = await hyperliquidInfo<Record<string, string>>(url, { type: "allMids" });
    expect(mids).toMatchObject({ BTC: "97010.0", ETH: "3501.5", kPEPE: "0.01251" });
    const res = await fetch(`${url}/info`, { method: "POST", body: JSON.stringify({ type: "nothing" }) });
    expect(res.status).toBe(422);
  });

  it("reset forgets agents, orders and nonces", async () => {
    const agent = await newHyperliquidAgent(url);
    await statuses(agent, limit(BTC, true, "90000", "0.001"));
    await resetStandIn(url);
    expect((await send(agent, { type: "noop" })).response).toBe(`User or API Wallet ${agent.agent} does not exist.`);
    const state = await hyperliquidState(url);
    expect(state).toMatchObject({ network: "mainnet", accounts: [], actions: [], vaults: [] });
    expect(state.agents).toEqual([{ agent: HYPERLIQUID_DEFAULT_AGENT, user: HYPERLIQUID_DEFAULT_USER, name: null, validUntil: null }]);
  });

  it("a drop fault closes the connection; with afterHandling the action still happened", async () => {
    const agent = await newHyperliquidAgent(url);
    await injectFault(url, "/exchange", { kind: "drop", afterHandling: true });
    const body = sign(order(limit(BTC, true, "90000", "0.001")), agent.agentKey);
    await expect(post(body)).rejects.toThrow();
    expect(await hyperliquidInfo<any[]>(url, { type: "openOrders", user: agent.user })).toHaveLength(1);
    expect((await post(body)).json).toEqual({ status: "err", response: `Invalid nonce: duplicate nonce ${body.nonce}` });
    await injectFault(url, "/exchange", { kind: "drop" });
    await expect(post(sign({ type: "noop" }, agent.agentKey))).rejects.toThrow();
    expect((await hyperliquidState(url, agent.user)).actions).toHaveLength(1);
  });
});
