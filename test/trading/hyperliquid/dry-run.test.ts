/**
 * Dry-run (TRADING_MODE's default): every Hyperliquid action is validated, signed and published, and
 * nothing is sent. The answer carries the signed /exchange body; these tests check it is a correct one by
 * recomputing the action hash and recovering the signer, and by handing it to the stand-in, which verifies
 * it as Hyperliquid would.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { ORDER_EXPIRY_MS } from "../../../src/trading/hyperliquid-desk";
import { actionHash, l1Digest, recoverSigner, toHex0x, type Signature } from "../../../src/venues/hyperliquid/signing";
import { subscribe, type Frame } from "../../events/helpers";
import { registerHyperliquidVault } from "../../standins/hyperliquid-control";
import { actionsOf, createOrder, exchangeRequests, hl, hlOrder, HYPERLIQUID, liveAgent, resetHyperliquid } from "./harness";

interface SignedBody {
  action: Record<string, unknown>;
  nonce: number;
  signature: Signature;
  vaultAddress?: string;
  expiresAfter?: number;
}

/** The signer of a signed /exchange body, recomputed from scratch; and its action hash. */
function verify(body: SignedBody, isMainnet = true): { hash: string; signer: string } {
  const hash = actionHash(body.action, body.nonce, body.vaultAddress ?? null, body.expiresAfter ?? null);
  return { hash: toHex0x(hash), signer: recoverSigner(l1Digest(hash, isMainnet), body.signature).toLowerCase() };
}

async function postToStandIn(body: SignedBody): Promise<Record<string, any>> {
  const res = await fetch(`${HYPERLIQUID}/exchange`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return (await res.json()) as Record<string, any>;
}

const cloidOf = (frame: Frame) => String((frame.payload as { request?: { cloid?: unknown } } | undefined)?.request?.cloid);

beforeEach(async () => {
  await resetHyperliquid();
});

describe("Hyperliquid dry-run", () => {
  it("signs a create, publishes it, sends nothing; the body is a correct signed /exchange body", async () => {
    const { vars, user, agent } = await liveAgent({ TRADING_MODE: "dry-run" });
    const watcher = await subscribe("?venue=hyperliquid&type=order");
    const before = await exchangeRequests();
    const order = hlOrder();
    const res = await createOrder(order, vars);
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["gateway", "message"]);
    expect(res.body.message).toBe("dry-run: signed, not sent");
    const { gateway } = res.body;
    expect(gateway).toMatchObject({ mode: "dry-run", signer: agent, expires_after: gateway.nonce + ORDER_EXPIRY_MS });
    const body = gateway.request_body as SignedBody;
    expect(Object.keys(body)).toEqual(["action", "nonce", "signature", "expiresAfter"]);
    expect(body.nonce).toBe(gateway.nonce);
    expect(body.expiresAfter).toBe(gateway.expires_after);
    expect(body.action).toEqual({ type: "order", orders: [{ a: 0, b: true, p: "90000", s: "0.001", r: false, t: { limit: { tif: "Gtc" } }, c: order.cloid }], grouping: "na" });
    // Key order is signed (msgpack map order): the wire order of SPEC §2.
    expect(Object.keys(body.action)).toEqual(["type", "orders", "grouping"]);
    expect(Object.keys((body.action.orders as object[])[0]!)).toEqual(["a", "b", "p", "s", "r", "t", "c"]);
    expect(body.signature.r).toMatch(/^0x[0-9a-f]{64}$/);
    expect(body.signature.s).toMatch(/^0x[0-9a-f]{64}$/);
    expect([27, 28]).toContain(body.signature.v);

    const { hash, signer } = verify(body);
    expect(hash).toBe(gateway.action_hash);
    expect(signer).toBe(agent);
    // Signed for mainnet (source "a"): the testnet digest recovers someone else.
    expect(verify(body, false).signer).not.toBe(agent);

    // Nothing went to Hyperliquid.
    expect(await exchangeRequests()).toBe(before);
    expect(await actionsOf(user)).toEqual([]);

    // Published: the request and this very answer.
    const [frame] = await watcher.waitForMatching(1, (frame) => cloidOf(frame) === order.cloid, "the dry-run order's event");
    watcher.close();
    expect(frame).toMatchObject({ type: "order", venue: "hyperliquid", payload: { request: { action: "create", coin: "BTC", cloid: order.cloid } } });
    expect((frame!.payload as { response: unknown }).response).toEqual({ status: 200, body: res.body });

    // And Hyperliquid (the stand-in, which verifies signer, nonce and expiry) accepts the body as it is.
    const accepted = await postToStandIn(body);
    expect(accepted).toMatchObject({ status: "ok", response: { type: "order", data: { statuses: [{ resting: { cloid: order.cloid } }] } } });
    expect((await actionsOf(user)).map((action) => action.nonce)).toEqual([body.nonce]);
  });

  it("a repeat of the cloid is the recorded signature, not a new one", async () => {
    const { vars } = await liveAgent({ TRADING_MODE: "dry-run" });
    const order = hlOrder();
    const first = await createOrder(order, vars);
    const repeat = await createOrder(order, vars);
    expect(repeat.status).toBe(200);
    expect(repeat.body.gateway).toEqual({ ...first.body.gateway, idempotent_replay: true });
  });

  it("nonces rise across requests and actions, and stay distinct under concurrency", async () => {
    const { vars, agent } = await liveAgent({ TRADING_MODE: "dry-run" });
    const nonces: number[] = [];
    for (let i = 0; i < 5; i += 1) nonces.push((await createOrder(hlOrder(), vars)).body.gateway.nonce);
    nonces.push((await hl("DELETE", "/orders/hyperliquid/BTC/12345", { vars })).body.gateway.nonce);
    nonces.push((await hl("POST", "/orders/hyperliquid/leverage", { vars, body: { coin: "ETH", leverage: 3, margin_mode: "cross" } })).body.gateway.nonce);
    nonces.push((await hl("POST", "/orders/hyperliquid/schedule-cancel", { vars, body: { time: null } })).body.gateway.nonce);
    for (let i = 1; i < nonces.length; i += 1) expect(nonces[i]).toBeGreaterThan(nonces[i - 1]!);
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => createOrder(hlOrder(), vars)));
    const more = concurrent.map((answer) => answer.body.gateway.nonce as number);
    expect(new Set(more).size).toBe(20);
    expect(Math.min(...more)).toBeGreaterThan(nonces.at(-1)!);
    for (const answer of concurrent) expect(verify(answer.body.gateway.request_body).signer).toBe(agent);
    // /health reports the last nonce the desk used.
    const health = await hl("GET", "/health", { vars });
    expect(health.body.hyperliquid.nonce.last).toBe(Math.max(...more));
  });

  it("signs cancels, modifies, batches, leverage and the scheduled cancel the same way (cancels without expiresAfter)", async () => {
    const { vars, user, agent } = await liveAgent({ TRADING_MODE: "dry-run" });
    const before = await exchangeRequests();
    const cloid = `0x${"c".repeat(32)}`;
    const checks: Array<[string, string, unknown, Record<string, unknown>, boolean]> = [
      ["DELETE", "/orders/hyperliquid/ETH/777", undefined, { type: "cancel", cancels: [{ a: 1, o: 777 }] }, false],
      ["DELETE", `/orders/hyperliquid/SOL/${cloid.toUpperCase().replace("0X", "0x")}`, undefined, { type: "cancelByCloid", cancels: [{ asset: 2, cloid }] }, false],
      [
        "PATCH",
        "/orders/hyperliquid/BTC/42",
        { is_buy: false, size: "0.002", price: "99000", order_type: "limit", time_in_force: "alo" },
        { type: "batchModify", modifies: [{ oid: 42, order: { a: 0, b: false, p: "99000", s: "0.002", r: false, t: { limit: { tif: "Alo" } } } }] },
        true,
      ],
      ["POST", "/orders/hyperliquid/leverage", { coin: "kPEPE", leverage: 5, margin_mode: "isolated" }, { type: "updateLeverage", asset: 3, isCross: false, leverage: 5 }, false],
      ["POST", "/orders/hyperliquid/schedule-cancel", { time: 4_102_444_800_000 }, { type: "scheduleCancel", time: 4_102_444_800_000 }, false],
      ["POST", "/orders/hyperliquid/schedule-cancel", { time: null }, { type: "scheduleCancel" }, false],
      [
        "POST",
        "/orders/hyperliquid/batch",
        { orders: [hlOrder({ cloid }), hlOrder({ coin: "SOL", size: "1", price: "150", order_type: "stop_market", time_in_force: undefined, trigger_price: "160", is_buy: true, cloid: `0x${"d".repeat(32)}` })] },
        {
          type: "order",
          orders: [
            { a: 0, b: true, p: "90000", s: "0.001", r: false, t: { limit: { tif: "Gtc" } }, c: cloid },
            { a: 2, b: true, p: "150", s: "1", r: false, t: { trigger: { isMarket: true, triggerPx: "160", tpsl: "sl" } }, c: `0x${"d".repeat(32)}` },
          ],
          grouping: "na",
        },
        true,
      ],
      ["POST", "/orders/hyperliquid/batch", { cancels: [{ coin: "BTC", order_id: 1 }, { coin: "ETH", order_id: 2 }] }, { type: "cancel", cancels: [{ a: 0, o: 1 }, { a: 1, o: 2 }] }, false],
    ];
    for (const [method, path, requestBody, action, withExpiry] of checks) {
      const res = await hl(method, path, { vars, body: requestBody });
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(200);
      const body = res.body.gateway.request_body as SignedBody;
      expect(body.action).toEqual(action);
      expect("expiresAfter" in body, `${method} ${path}`).toBe(withExpiry);
      const { hash, signer } = verify(body);
      expect(hash).toBe(res.body.gateway.action_hash);
      expect(signer).toBe(agent);
    }
    expect(await exchangeRequests()).toBe(before);
    expect(await actionsOf(user)).toEqual([]);
  });

  it("with HYPERLIQUID_VAULT_ADDRESS the body carries the vault and the hash includes it", async () => {
    const vault = "0x" + "Ab".repeat(20);
    const { vars, user, agent } = await liveAgent({ TRADING_MODE: "dry-run", HYPERLIQUID_VAULT_ADDRESS: vault });
    await registerHyperliquidVault(HYPERLIQUID, { user, vault: vault.toLowerCase() });
    const res = await createOrder(hlOrder(), vars);
    expect(res.status, res.text).toBe(200);
    const body = res.body.gateway.request_body as SignedBody;
    expect(Object.keys(body)).toEqual(["action", "nonce", "signature", "vaultAddress", "expiresAfter"]);
    expect(body.vaultAddress).toBe(vault.toLowerCase());
    expect(res.body.gateway.vault_address).toBe(vault.toLowerCase());
    const { hash, signer } = verify(body);
    expect(hash).toBe(res.body.gateway.action_hash);
    expect(signer).toBe(agent);
    // Without the vault in the pre-image the hash, and so the signer, differ.
    const { vaultAddress: _vault, ...withoutVault } = body;
    expect(verify(withoutVault).hash).not.toBe(res.body.gateway.action_hash);
    expect(verify(withoutVault).signer).not.toBe(agent);
    // The stand-in accepts it for the vault's account.
    expect(await postToStandIn(body)).toMatchObject({ status: "ok" });
    expect((await actionsOf(vault.toLowerCase())).map((action) => [action.account, action.vaultAddress, action.signer])).toEqual([[vault.toLowerCase(), vault.toLowerCase(), agent]]);
  });

  it("HYPERLIQUID_NETWORK=testnet signs with source b", async () => {
    const { vars, agent } = await liveAgent({ TRADING_MODE: "dry-run", HYPERLIQUID_NETWORK: "testnet" });
    const res = await createOrder(hlOrder(), vars);
    expect(res.status, res.text).toBe(200);
    const body = res.body.gateway.request_body as SignedBody;
    expect(verify(body, false).signer).toBe(agent);
    expect(verify(body, true).signer).not.toBe(agent);
  });
});
