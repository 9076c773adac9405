/**
 * The halt (kill switch) through the real Worker against both venue stand-ins, live: what it refuses (423
 * halted, before anything is signed), what it lets through (cancels, reduce-only orders, cancel-all,
 * schedule-cancel, leverage), the resting orders it cancels on both venues, that concurrent orders never
 * slip past it, that it survives desk restarts, and that no secret shows anywhere.
 */
import { abortAllDurableObjects } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { captureConsole } from "../capture-console";
import { accepted, call, freshAccount, json, limitOrder, liveVars, TOKEN } from "../trading/harness";
import { accountOf, actionsOf, createOrder, hl, hlOrder, hyperliquidHealth, liveAgent, orderStatusOf } from "../trading/hyperliquid/harness";
import { bothLive, clientOrderIndexOf, halt, health, lighterCancelAlls, resume } from "./safety-harness";

const bindings = (await import("cloudflare:workers")).env as unknown as Record<string, string>;

afterEach(async () => {
  // Every test leaves trading running, whatever it did.
  expect((await resume()).status).toBe(200);
});

async function lighterOrder(order: Record<string, unknown>, vars: Record<string, string>) {
  const res = await call("POST", "/orders/lighter", { body: order, vars });
  return { status: res.status, body: await json(res) };
}

function expectHalted(answer: { status: number; body: Record<string, any> }, reason: string, field?: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(423);
  expect(answer.body.error.code).toBe("halted");
  expect(answer.body.error.message).toContain(reason);
  expect(answer.body.error.details).toMatchObject({ reason, set_by: "route", at: expect.any(Number) });
  if (field !== undefined) expect(answer.body.error.details.field).toBe(field);
}

describe("POST /halt, GET /halt, POST /resume", () => {
  it("need the gateway token to change the state, not to read it (public like /health, which shows it too)", async () => {
    expect((await call("GET", "/halt", { token: null })).status).toBe(200);
    for (const [method, path] of [
      ["POST", "/halt"],
      ["POST", "/resume"],
    ] as const) {
      const res = await call(method, path, { token: null, ...(method === "POST" && path === "/halt" ? { body: { reason: "x" } } : {}) });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
    expect((await call("POST", "/resume", { token: "wrong-token-0123456789" })).status).toBe(401);
  });

  it("refuse a reason that is missing, empty, too long or not one line, by name", async () => {
    for (const body of [{}, { reason: "" }, { reason: "   " }, { reason: "x".repeat(201) }, { reason: "two\nlines" }, { reason: 5 }, { reason: "ok", extra: 1 }]) {
      const res = await call("POST", "/halt", { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await json(res)).error.details.field).toBe("extra" in body ? "extra" : "reason");
    }
    expect((await json(await call("GET", "/halt"))).halted).toBe(false);
  });

  it("GET /halt and /health show the state, who set it and when; resume lifts it", async () => {
    const before = await json(await call("GET", "/halt"));
    expect(before).toMatchObject({ halted: false, reason: null });
    const started = Date.now();
    const answer = await halt("maintenance window");
    expect(answer.status).toBe(200);
    expect(answer.body.halt).toEqual({ halted: true, reason: "maintenance window", set_by: "route", at: expect.any(Number) });
    expect(answer.body.halt.at).toBeGreaterThanOrEqual(started);
    const shown = await json(await call("GET", "/halt"));
    expect(shown).toEqual(answer.body.halt);
    expect((await health()).halt).toEqual(answer.body.halt);

    const lifted = await resume();
    expect(lifted.status).toBe(200);
    expect(lifted.body).toMatchObject({ was_halted: true, complete: true, halt: { halted: false, reason: null, set_by: "route" } });
    expect(await json(await call("GET", "/halt"))).toEqual(lifted.body.halt);
    expect((await resume()).body.was_halted).toBe(false);
  });
});

describe("on Lighter", () => {
  it("refuses an opening order with 423 before signing (no nonce used); after resume the next order takes the next nonce", async () => {
    const account = freshAccount();
    const vars = liveVars(account);
    const firstOrder = limitOrder();
    const first = await lighterOrder(firstOrder, vars);
    expect(first.status).toBe(200);
    const firstNonce = first.body.gateway.nonce as number;

    const answer = await halt("lighter test", vars);
    expect(answer.status).toBe(200);
    expect(answer.body.cancels.lighter).toMatchObject({ status: "ok", tx_hash: expect.any(String) });
    expect(answer.body.desks).toContainEqual(expect.objectContaining({ venue: "lighter", desk: `lighter-account:${account}`, acknowledged: true }));

    const refused = limitOrder();
    expectHalted(await lighterOrder(refused, vars), "lighter test");
    expectHalted(await lighterOrder(limitOrder({ reduce_only: false }), vars), "lighter test");
    // A repeat of the order accepted before the halt signs nothing: it still gets its recorded answer.
    const repeat = await lighterOrder(firstOrder, vars);
    expect(repeat.status).toBe(200);
    expect(repeat.body.gateway.idempotent_replay).toBe(true);
    // The stand-in saw the first order and the halt's cancel-all, nothing else.
    expect((await accepted(account)).map((tx) => tx.tx_type)).toEqual([14, 16]);

    await resume(vars);
    // The refused index is free again: the refusal recorded nothing.
    const next = await lighterOrder(refused, vars);
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body.gateway.nonce).toBe(firstNonce + 2);
    expect((await accepted(account)).map((tx) => tx.nonce)).toEqual([firstNonce, firstNonce + 1, firstNonce + 2].map(String));
  });

  it("lets reduce-only orders, cancels and every cancel-all through; refuses modifies and a batch holding one opening order", async () => {
    const account = freshAccount();
    const vars = liveVars(account);
    await halt("lighter rules", vars);
    const before = (await accepted(account)).length;

    const batch = (transactions: unknown[]) => call("POST", "/orders/lighter/batch", { body: { transactions }, vars });
    const opening = await batch([
      { action: "cancel", market_index: 0, order_index: 12 },
      { action: "create", ...limitOrder({ reduce_only: true }) },
      { action: "create", ...limitOrder() },
    ]);
    expectHalted({ status: opening.status, body: await json(opening) }, "lighter rules", "transactions.2");
    const modifyInBatch = await batch([{ action: "modify", market_index: 0, order_index: 12, base_amount: 500, price: 340000 }]);
    expectHalted({ status: modifyInBatch.status, body: await json(modifyInBatch) }, "lighter rules", "transactions.0");
    const modify = await call("PATCH", "/orders/lighter/0/12", { body: { base_amount: 500, price: 340000 }, vars });
    expectHalted({ status: modify.status, body: await json(modify) }, "lighter rules");
    expect((await accepted(account)).length).toBe(before);

    const passing = [
      await lighterOrder(limitOrder({ reduce_only: true }), vars),
      { status: (await call("DELETE", "/orders/lighter/0/12", { vars })).status },
      { status: (await call("POST", "/orders/lighter/cancel-all", { body: { mode: "immediate" }, vars })).status },
      { status: (await call("POST", "/orders/lighter/cancel-all", { body: { mode: "scheduled", time: Date.now() + 60_000 }, vars })).status },
      { status: (await call("POST", "/orders/lighter/cancel-all", { body: { mode: "abort" }, vars })).status },
      { status: (await batch([{ action: "cancel", market_index: 0, order_index: 13 }, { action: "create", ...limitOrder({ reduce_only: true }) }])).status },
    ];
    expect(passing.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await accepted(account)).map((tx) => tx.tx_type).slice(before)).toEqual([14, 15, 16, 16, 16, 15, 14]);
  });
});

describe("on Hyperliquid", () => {
  it("refuses an opening order with 423 before signing (the nonce stays), cancels the resting ones, and lets reduce-only, cancels, schedule-cancel and leverage through", async () => {
    const agent = await liveAgent();
    const vars = agent.vars;
    // A long position to reduce, and two resting orders for the halt to cancel.
    expect((await createOrder(hlOrder({ price: "97500", time_in_force: "ioc", size: "0.002" }), vars)).body.result.status).toBe("filled");
    const resting = [await createOrder(hlOrder(), vars), await createOrder(hlOrder({ price: "89000" }), vars)];
    const oids = resting.map((answer) => answer.body.result.order_id as number);
    expect(resting.map((answer) => answer.body.result.status)).toEqual(["resting", "resting"]);

    const answer = await halt("hyperliquid test", vars);
    expect(answer.status).toBe(200);
    expect(answer.body.cancels.hyperliquid).toMatchObject({ status: "ok", open_orders: 2, canceled: 2 });
    expect(answer.body.complete).toBe(true);
    expect((await accountOf(agent.user))?.openOrders).toEqual([]);
    for (const oid of oids) expect((await orderStatusOf(agent.user, oid)).order.status).toBe("canceled");

    const nonceBefore = (await hyperliquidHealth(vars)).nonce.last as number;
    const actionsBefore = (await actionsOf(agent.user)).length;
    expectHalted(await createOrder(hlOrder(), vars), "hyperliquid test");
    expectHalted(await hl("POST", "/orders/hyperliquid/batch", { body: { orders: [hlOrder({ reduce_only: true, is_buy: false, price: "99000" }), hlOrder()] }, vars }), "hyperliquid test", "orders.1");
    const { coin: _coin, cloid: _cloid, ...terms } = hlOrder();
    expectHalted(await hl("PATCH", `/orders/hyperliquid/BTC/${oids[0]}`, { body: terms, vars }), "hyperliquid test");
    expect((await hyperliquidHealth(vars)).nonce.last).toBe(nonceBefore);
    expect((await actionsOf(agent.user)).length).toBe(actionsBefore);

    // Through the gate (whatever Hyperliquid then says): reduce-only, cancels, schedule-cancel, leverage.
    const reduce = await createOrder(hlOrder({ is_buy: false, price: "90000", time_in_force: "ioc", size: "0.001", reduce_only: true }), vars);
    expect(reduce.status, reduce.text).toBe(200);
    expect(reduce.body.result.status).toBe("filled");
    const cancel = await hl("DELETE", `/orders/hyperliquid/BTC/${oids[0]}`, { vars });
    expect(cancel.status).toBe(422); // already cancelled by the halt: Hyperliquid's refusal, not the gate's
    expect(cancel.body.error.code).toBe("hyperliquid_rejected");
    expect((await hl("POST", "/orders/hyperliquid/schedule-cancel", { body: { time: Date.now() + 60_000 }, vars })).status).toBe(200);
    expect((await hl("POST", "/orders/hyperliquid/schedule-cancel", { body: { time: null }, vars })).status).toBe(200);
    expect((await hl("POST", "/orders/hyperliquid/leverage", { body: { coin: "BTC", leverage: 3, margin_mode: "cross" }, vars })).status).toBe(200);
    expect((await hl("POST", "/orders/hyperliquid/batch", { body: { orders: [hlOrder({ reduce_only: true, is_buy: false, price: "99000" })] }, vars })).status).toBe(200);

    await resume(vars);
    const after = await createOrder(hlOrder(), vars);
    expect(after.status, after.text).toBe(200);
    expect(after.body.gateway.nonce).toBeGreaterThan(nonceBefore);
  });
});

describe("a halt on both venues", () => {
  it("cancels the resting orders on both stand-ins and reports each venue", async () => {
    const { account, user, vars } = await bothLive();
    expect((await lighterOrder(limitOrder(), vars)).status).toBe(200);
    for (const price of ["90000", "89000", "88000"]) expect((await createOrder(hlOrder({ price }), vars)).body.result.status).toBe("resting");
    expect((await accountOf(user))?.openOrders).toHaveLength(3);

    const answer = await halt("both venues", vars);
    expect(answer.status).toBe(200);
    expect(answer.body.complete).toBe(true);
    expect(answer.body.cancels.lighter.status).toBe("ok");
    expect(answer.body.cancels.hyperliquid).toMatchObject({ status: "ok", open_orders: 3, canceled: 3 });
    expect(answer.body.desks.filter((desk: { acknowledged: boolean }) => !desk.acknowledged)).toEqual([]);
    expect((await accountOf(user))?.openOrders).toEqual([]);
    // Lighter's stand-in keeps no orders: the cancel-all it accepted (immediate) is what there is to see.
    const cancelAll = (await accepted(account)).filter((tx) => tx.tx_type === 16);
    expect(cancelAll).toHaveLength(1);
    expect(cancelAll[0]?.tx_info).toContain('"TimeInForce":0');
    expect((await lighterCancelAlls(account)).immediate_at).toHaveLength(1);
  });

  it("reports a venue that is not configured, one in dry-run, and one whose cancel failed, and says it is not complete", async () => {
    const broken = await halt("partial", { HYPERLIQUID_AGENT_PRIVATE_KEY: "not-a-key" });
    expect(broken.status).toBe(200);
    expect(broken.body.cancels).toEqual({
      lighter: { status: "dry_run", message: expect.any(String) },
      hyperliquid: { status: "not_configured", message: expect.any(String) },
    });
    expect(broken.body.complete).toBe(true);

    const account = freshAccount();
    // An account whose registered key is another: Lighter refuses the cancel-all's signature.
    const foreign = await halt("failing venue", { ...liveVars(account), LIGHTER_ACCOUNT_INDEX: "777" });
    expect(foreign.body.cancels.lighter).toMatchObject({ status: "error", code: "lighter_rejected", http_status: expect.any(Number) });
    expect(foreign.body.cancels.lighter.message).toContain("cancel-all failed");
    expect(foreign.body.complete).toBe(false);
    expect(foreign.body.halt.halted).toBe(true);
  });

  it("survives desk restarts: a desk that restarts, or one never told, asks and refuses", async () => {
    const { vars } = await bothLive();
    expect((await lighterOrder(limitOrder(), vars)).status).toBe(200);
    await halt("restart test", vars);
    await abortAllDurableObjects();
    expectHalted(await lighterOrder(limitOrder(), vars), "restart test");
    expectHalted(await createOrder(hlOrder(), vars), "restart test");
    // Desks that have never traded (another account, another signer) learn it on their first order.
    const other = await bothLive();
    expectHalted(await lighterOrder(limitOrder(), other.vars), "restart test");
    expectHalted(await createOrder(hlOrder(), other.vars), "restart test");
    await resume(vars);
    expect((await lighterOrder(limitOrder(), other.vars)).status).toBe(200);
    expect((await createOrder(hlOrder(), other.vars)).status).toBe(200);
  });
});

describe("concurrent orders", () => {
  /**
   * The property: every opening order the venue accepted had been answered (200) before the halt's answer
   * arrived; every order answered 423 reached no venue; every order sent after the halt's answer is a 423.
   * The desks make it hold: a desk acknowledges the halt only after the opening orders it already let
   * through are answered, refuses any that reach its gate after, and the halt is answered only after every
   * desk acknowledged (and after the cancels). Orders run on three Lighter keys and one Hyperliquid signer.
   */
  it("no order is signed after the halt's answer, and none rests after it", async () => {
    const account = freshAccount();
    const agent = await liveAgent();
    const vars = { ...liveVars(account, 3, 5), ...agent.vars };
    // The desks learn the state (and set up) before the race.
    expect((await lighterOrder(limitOrder(), vars)).status).toBe(200);
    expect((await createOrder(hlOrder(), vars)).status).toBe(200);

    let clock = 0;
    type Sent = { venue: "lighter" | "hyperliquid"; id: string; status: number; answeredAt: number };
    const sendLighter = async (): Promise<Sent> => {
      const order = limitOrder();
      const answer = await lighterOrder(order, vars);
      return { venue: "lighter", id: String(order.client_order_index), status: answer.status, answeredAt: ++clock };
    };
    const sendHyperliquid = async (): Promise<Sent> => {
      const order = hlOrder();
      const answer = await createOrder(order, vars);
      return { venue: "hyperliquid", id: order.cloid as string, status: answer.status, answeredAt: ++clock };
    };
    const wave = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? sendLighter() : sendHyperliquid()));

    const early = wave(16);
    const halting = halt("race", vars).then((answer) => ({ ...answer, answeredAt: ++clock }));
    const late = wave(16);
    const haltAnswer = await halting;
    const racing = await Promise.all([...early, ...late]);
    expect(haltAnswer.status).toBe(200);
    const after = await Promise.all(wave(6));
    expect(after.map((sent) => sent.status)).toEqual(Array(6).fill(423));

    const all = [...racing, ...after];
    expect(all.every((sent) => sent.status === 200 || sent.status === 423), JSON.stringify(all)).toBe(true);
    const lighterAccepted = new Set((await accepted(account)).filter((tx) => tx.tx_type === 14).map((tx) => String(clientOrderIndexOf(tx.tx_info))));
    const hlAccepted = new Set(
      (await actionsOf(agent.user)).filter((action) => action.type === "order").flatMap((action) => ((action.action as { orders: Array<{ c?: string }> }).orders ?? []).map((order) => order.c ?? "")),
    );
    for (const sent of all) {
      const reached = sent.venue === "lighter" ? lighterAccepted.has(sent.id) : hlAccepted.has(sent.id);
      if (reached) {
        expect(sent.status, `${sent.venue} ${sent.id}`).toBe(200);
        expect(sent.answeredAt, `${sent.venue} ${sent.id} answered after the halt`).toBeLessThan(haltAnswer.answeredAt);
      } else {
        expect(sent.status, `${sent.venue} ${sent.id} was answered ${sent.status} but never reached the venue`).toBe(423);
      }
    }
    // Each desk acknowledged after the orders it had let through; the cancels came after them all.
    expect(haltAnswer.body.complete).toBe(true);
    expect((await accountOf(agent.user))?.openOrders).toEqual([]);
    const types = (await accepted(account)).map((tx) => tx.tx_type);
    expect(types.lastIndexOf(14)).toBeLessThan(types.indexOf(16));
  });
});

describe("secrets", () => {
  it("never appear in a halt or resume answer, GET /halt, /health or a log line", async () => {
    const { vars } = await bothLive();
    const secrets = [bindings.GATEWAY_TOKEN, bindings.LIGHTER_PRIVATE_KEY?.replace(/^0x/, ""), vars.HYPERLIQUID_AGENT_PRIVATE_KEY?.replace(/^0x/, ""), bindings.ALERT_WEBHOOK_URL].filter(
      (secret): secret is string => typeof secret === "string" && secret.length > 0,
    );
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    const console = captureConsole();
    const texts: string[] = [];
    try {
      expect((await lighterOrder(limitOrder(), vars)).status).toBe(200);
      texts.push(JSON.stringify((await halt("secret check", vars)).body));
      texts.push(JSON.stringify(await lighterOrder(limitOrder(), vars)));
      texts.push(JSON.stringify((await createOrder(hlOrder(), vars)).body));
      texts.push(await (await call("GET", "/halt", { vars })).text());
      texts.push(JSON.stringify(await health(vars)));
      texts.push(JSON.stringify((await resume(vars)).body));
    } finally {
      console.restore();
    }
    for (const text of [...texts, ...console.lines]) {
      for (const secret of secrets) {
        expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
      }
      expect(text).not.toContain(TOKEN);
    }
  });
});
