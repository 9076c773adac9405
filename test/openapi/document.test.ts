/** The document's own consistency: OpenAPI 3.1, auth, error envelopes, resolvable references, path parameters. */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../../src/openapi/document";
import type { RouteDoc } from "../../src/openapi/registry";
import { createOrderRequest } from "../../src/trading/requests";
import { BASE, servedDocument, type Operation } from "./helpers";

const ERROR_REF = "#/components/schemas/Error";

function operations(doc: Awaited<ReturnType<typeof servedDocument>>): Array<[string, string, Operation]> {
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]): [string, string, Operation] => [path, method, op]));
}

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) => (key === "$ref" && typeof item === "string" ? [item] : refsIn(item)));
}

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document with a bearer security scheme", async () => {
    const res = await exports.default.fetch(`${BASE}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    const doc = (await res.json()) as Awaited<ReturnType<typeof servedDocument>>;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.values(doc.components.securitySchemes)).toEqual([expect.objectContaining({ type: "http", scheme: "bearer" })]);
  });

  it("token routes require the bearer scheme and document 401 with the error envelope; public routes require nothing", async () => {
    const doc = await servedDocument();
    const [scheme] = Object.keys(doc.components.securitySchemes);
    for (const [path, method, op] of operations(doc)) {
      const where = `${method.toUpperCase()} ${path}`;
      const accountState = ["/positions", "/fills", "/funding-payments"].includes(path) || path.startsWith("/arb/");
      const needsToken = path.startsWith("/orders/") || path.startsWith("/account/") || accountState || path === "/ws/events" || (path === "/halt" && method === "post") || path === "/resume";
      expect(op.security, where).toEqual(needsToken ? [{ [scheme as string]: [] }] : []);
      if (needsToken) expect(op.responses["401"]?.content?.["application/json"]?.schema?.$ref, where).toBe(ERROR_REF);
    }
  });

  it("every 4xx/5xx answer is the error envelope, and every operation has a success answer", async () => {
    for (const [path, method, op] of operations(await servedDocument())) {
      const statuses = Object.keys(op.responses).map(Number);
      expect(statuses.some((s) => s < 300), `${method} ${path}`).toBe(true);
      for (const status of statuses.filter((s) => s >= 400)) {
        expect(op.responses[String(status)]?.content?.["application/json"]?.schema?.$ref, `${method} ${path} ${status}`).toBe(ERROR_REF);
      }
    }
  });

  it("every $ref resolves to a component", async () => {
    const doc = await servedDocument();
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(doc.components.schemas[ref.replace("#/components/schemas/", "")], ref).toBeDefined();
  });

  it("declares exactly the parameters each path template names", async () => {
    for (const [path, method, op] of operations(await servedDocument())) {
      const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const declared = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
      expect(declared, `${method} ${path}`).toEqual(inTemplate);
    }
  });

  it("describes the create-order body from the route's own zod schema", async () => {
    const doc = await servedDocument();
    const body = doc.paths["/orders/lighter"]?.post?.requestBody?.content["application/json"].schema;
    expect(body?.required).toEqual(["market_index", "client_order_index", "base_amount", "is_ask", "order_type"]);
    expect(body?.additionalProperties).toBe(false);
    expect(Object.keys(body?.properties ?? {}).sort()).toEqual(Object.keys(createOrderRequest.shape).sort());
    expect(body?.properties?.order_type?.enum).toEqual([...createOrderRequest.shape.order_type.options]);
    expect(body?.properties?.market_index?.description).toContain("0–254");
  });

  it("refuses a field note for a field the body does not have (notes cannot drift from the schema)", () => {
    const route: RouteDoc = {
      method: "post",
      path: "/x",
      operationId: "x",
      tag: "Orders",
      summary: "x",
      auth: "bearer",
      body: { schema: createOrderRequest, example: {}, fieldNotes: { no_such_field: "?" } },
      responses: { 200: { description: "ok" } },
    };
    expect(() => buildOpenApiDocument([route])).toThrow(/no_such_field/);
  });

  it("refuses the same method and path described twice", () => {
    const route: RouteDoc = { method: "get", path: "/x", operationId: "x", tag: "Gateway", summary: "x", auth: "none", responses: { 200: { description: "ok" } } };
    expect(() => buildOpenApiDocument([route, route])).toThrow(/described twice/);
  });
});

describe("GET /docs", () => {
  it("is a page rendered by the gateway's own script, with nothing from elsewhere", async () => {
    const res = await exports.default.fetch(`${BASE}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    expect(res.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/docs/render.js">');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});
