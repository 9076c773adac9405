/**
 * What the document says, checked against what the routes do: auth, required and unknown body fields,
 * enums, query parameters, and the shape of real answers (parsed with the document's response schemas).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../src/openapi/registry";
import { assetWithHealth, boardView, errorEnvelope, healthView, historyView, opportunitiesView } from "../../src/openapi/responses";
import { refreshFundingBoard, resetFundingStandIns } from "../funding/standin-urls";
import { call, concretePath, servedDocument, TOKEN, type Operation, type Schema } from "./helpers";

const PATH_VALUES = { market_index: "0", order_index: "1001", asset: "BTC", coin: "BTC", order_id: "12345", pair_id: "no-such-pair" };

/** Each route's client ids (Lighter client_order_index, Hyperliquid cloid) must be fresh: the desks answer a repeat from their records. */
let nextClientIndex = 50_000 + Math.floor(Math.random() * 1_000_000);
function freshExample(example: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(example);
  const renumber = (entry: Record<string, unknown>) => {
    if ("client_order_index" in entry) entry.client_order_index = nextClientIndex++;
    if ("cloid" in entry) entry.cloid = `0x${(nextClientIndex++).toString(16).padStart(32, "0")}`;
  };
  renumber(copy);
  for (const list of [copy.transactions, copy.orders]) if (Array.isArray(list)) for (const entry of list as Record<string, unknown>[]) renumber(entry);
  return copy;
}

async function errorOf(res: Response): Promise<{ code: string; details?: { field?: string; parameter?: string } }> {
  return errorEnvelope.parse(await res.json()).error as { code: string; details?: { field?: string; parameter?: string } };
}

beforeAll(async () => {
  await resetFundingStandIns();
  await refreshFundingBoard();
});

describe("documented auth matches the routes", () => {
  for (const route of ROUTES) {
    const path = concretePath(route.path.replace(/:([a-z_]+)/g, "{$1}"), PATH_VALUES);
    it(`${route.method.toUpperCase()} ${route.path} ${route.auth === "bearer" ? "refuses a request without the token" : "needs no token"}`, async () => {
      const res = await call(route.method, path, route.body === undefined ? {} : { body: freshExample(route.body.example as Record<string, unknown>) });
      if (route.auth === "bearer") {
        expect(res.status).toBe(401);
        expect((await errorOf(res)).code).toBe("unauthorized");
      } else {
        expect(res.status).toBe(200);
      }
    });
  }
});

describe("documented request bodies match validation", () => {
  const withBody = ROUTES.filter((route) => route.body !== undefined);

  it("covers every route with a body", () => {
    expect(withBody.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      "patch /orders/hyperliquid/:coin/:order_id",
      "patch /orders/lighter/:market_index/:order_index",
      "post /arb/pairs",
      "post /arb/preview",
      "post /halt",
      "post /orders/hyperliquid",
      "post /orders/hyperliquid/batch",
      "post /orders/hyperliquid/leverage",
      "post /orders/hyperliquid/schedule-cancel",
      "post /orders/lighter",
      "post /orders/lighter/batch",
      "post /orders/lighter/cancel-all",
    ]);
  });

  for (const route of withBody) {
    const name = `${route.method.toUpperCase()} ${route.path}`;
    const path = concretePath(route.path.replace(/:([a-z_]+)/g, "{$1}"), PATH_VALUES);

    async function documented(): Promise<{ op: Operation; schema: Schema; example: Record<string, unknown> }> {
      const op = (await servedDocument()).paths[route.path.replace(/:([a-z_]+)/g, "{$1}")]?.[route.method];
      if (op?.requestBody === undefined) throw new Error(`${name} has no documented body`);
      const { schema, example } = op.requestBody.content["application/json"];
      return { op, schema, example };
    }

    it(`${name}: the documented example is accepted`, async () => {
      const { example } = await documented();
      const res = await call(route.method, path, { token: TOKEN, body: freshExample(example) });
      // The halt's example halts the gateway: lift it at once, so that no later order example meets it.
      if (route.path === "/halt") expect((await call("post", "/resume", { token: TOKEN })).status).toBe(200);
      // The test bindings trade in dry-run: a pair is refused by its documented verdicts (both venues must be
      // live), after the body was accepted. Opening pairs for real is test/arb/pairs.test.ts.
      if (route.path === "/arb/pairs") {
        expect(res.status, await res.clone().text()).toBe(422);
        expect((await errorOf(res)).code).toBe("pair_not_allowed");
        return;
      }
      expect(res.status, await res.clone().text()).toBe(200);
      const success = route.responses[200]?.schema;
      if (success === undefined) throw new Error(`${name} documents no 200 schema`);
      success.parse(await res.json());
    });

    it(`${name}: each documented required field, when missing, is refused by name`, async () => {
      const { schema, example } = await documented();
      for (const field of schema.required ?? []) {
        const body = freshExample(example);
        delete body[field];
        const res = await call(route.method, path, { token: TOKEN, body });
        expect(res.status, field).toBe(400);
        expect((await errorOf(res)).details?.field, field).toBe(field);
      }
    });

    it(`${name}: a field the document does not list is refused (additionalProperties: false)`, async () => {
      const { schema, example } = await documented();
      expect(schema.additionalProperties).toBe(false);
      const res = await call(route.method, path, { token: TOKEN, body: { ...freshExample(example), undocumented: 1 } });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).details?.field).toBe("undocumented");
    });

    it(`${name}: a value outside a documented enum is refused by name`, async () => {
      const { schema, example } = await documented();
      const enums = Object.entries(schema.properties ?? {}).filter(([, property]) => property.enum !== undefined);
      for (const [field] of enums) {
        const res = await call(route.method, path, { token: TOKEN, body: { ...freshExample(example), [field]: "not-in-the-enum" } });
        expect(res.status, field).toBe(400);
        expect((await errorOf(res)).details?.field, field).toBe(field);
      }
    });
  }
});

/** For every documented query parameter: a value the document allows and one it does not. */
const QUERY_EXAMPLES: Record<string, { good: string; bad: string }> = {
  "/markets/funding/:asset/history hours": { good: "6", bad: "0" },
  "/markets/opportunities min_apr": { good: "0.01", bad: "ten" },
  "/markets/opportunities min_open_interest_usd": { good: "1000", bad: "-5" },
  "/markets/opportunities venues": { good: "hyperliquid,lighter", bad: "hyperliquid" },
  "/ws/events since": { good: "0", bad: "-1" },
  "/ws/events venue": { good: "lighter", bad: "Lighter" },
  "/ws/events type": { good: "order", bad: "trade" },
  "/positions venue": { good: "hyperliquid", bad: "grvt" },
  "/orders/open venue": { good: "lighter", bad: "Lighter" },
  "/fills venue": { good: "lighter", bad: "binance" },
  "/fills asset": { good: "pepe", bad: "PE-PE" },
  "/fills since": { good: "1700000000000", bad: "yesterday" },
  "/fills limit": { good: "500", bad: "501" },
  "/fills cursor": { good: "WzE3MDAwMDAwMDAwMDAsImxpZ2h0ZXIiLCJrIl0", bad: "not-a-cursor" },
  "/funding-payments venue": { good: "hyperliquid", bad: "HL" },
  "/funding-payments asset": { good: "BTC", bad: "" },
  "/funding-payments since": { good: "0", bad: "-1" },
  "/funding-payments limit": { good: "1", bad: "0" },
  "/funding-payments cursor": { good: "WzE3MDAwMDAwMDAwMDAsImh5cGVybGlxdWlkIiwiayJd", bad: "W1tdXQ" },
};

describe("documented query parameters match validation", () => {
  const documented = ROUTES.flatMap((route) => Object.keys(route.query ?? {}).map((name) => ({ route, name })));

  it("every documented query parameter has an example here", () => {
    expect(documented.map(({ route, name }) => `${route.path} ${name}`).sort()).toEqual(Object.keys(QUERY_EXAMPLES).sort());
  });

  for (const { route, name } of documented) {
    const examples = QUERY_EXAMPLES[`${route.path} ${name}`];
    const path = concretePath(route.path.replace(/:([a-z_]+)/g, "{$1}"), PATH_VALUES);
    const isStream = route.path === "/ws/events";
    // The stream validates its query before the upgrade; a bad value is a 400, a good one reaches the hub.
    const headers: Record<string, string> = isStream ? { Upgrade: "websocket" } : {};
    const token = route.auth === "bearer" ? TOKEN : undefined;

    it(`${route.path} ?${name}: the document's constraint is the route's`, async () => {
      if (examples === undefined) throw new Error("no example");
      const bad = await call("get", `${path}?${name}=${encodeURIComponent(examples.bad)}`, { headers, ...(token === undefined ? {} : { token }) });
      expect(bad.status).toBe(400);
      const error = await errorOf(bad);
      expect(error.details?.parameter).toBe(name);
      const good = await call("get", `${path}?${name}=${encodeURIComponent(examples.good)}`, { headers, ...(token === undefined ? {} : { token }) });
      expect(good.status).toBe(isStream ? 101 : 200);
      good.webSocket?.accept();
      good.webSocket?.close(1000, "done");
    });
  }

  it("an undocumented query parameter is refused", async () => {
    const res = await call("get", "/markets/opportunities?min_spread=1");
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details?.parameter).toBe("min_spread");
  });
});

describe("real answers have the documented shapes", () => {
  it("GET /health", async () => {
    healthView.parse(await (await call("get", "/health")).json());
  });

  it("GET /markets/funding, with assets from every venue", async () => {
    const board = boardView.parse(await (await call("get", "/markets/funding")).json());
    expect(board.venues.map((v) => v.status)).toEqual(["ok", "ok", "ok"]);
    expect(board.assets.some((a) => a.best_pair !== null)).toBe(true);
  });

  it("GET /markets/funding/BTC, /history and /markets/opportunities", async () => {
    assetWithHealth.parse(await (await call("get", "/markets/funding/BTC")).json());
    historyView.parse(await (await call("get", "/markets/funding/BTC/history?hours=6")).json());
    const ranked = opportunitiesView.parse(await (await call("get", "/markets/opportunities")).json());
    expect(ranked.opportunities.length).toBeGreaterThan(0);
  });

  it("a 404 of an unknown asset is the documented error", async () => {
    const res = await call("get", "/markets/funding/NOPE");
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("unknown_asset");
  });
});
