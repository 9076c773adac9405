/**
 * The document must describe exactly the routes the app has: a route added without documentation, or
 * documentation left behind for a removed route, fails here. Routes come from Hono's own table.
 */
import { describe, expect, it } from "vitest";
import { buildApp } from "../../src/app";
import { openApiPath } from "../../src/openapi/document";
import { servedDocument } from "./helpers";

/** Every "METHOD /path" the app answers, in OpenAPI form; `use()` middleware (ALL on a wildcard) is not a route. */
function appRoutes(): string[] {
  const routes = buildApp()
    .routes.filter((route) => !(route.method === "ALL" && route.path.endsWith("*")))
    .map((route) => `${route.method} ${openApiPath(route.path)}`);
  return [...new Set(routes)].sort();
}

async function documentedRoutes(): Promise<string[]> {
  const doc = await servedDocument();
  return Object.entries(doc.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe("OpenAPI coverage", () => {
  it("the app's route table is read (the check below is not vacuous)", () => {
    const routes = appRoutes();
    expect(routes).toContain("POST /orders/lighter");
    expect(routes).toContain("GET /markets/funding/{asset}/history");
    expect(routes.length).toBeGreaterThanOrEqual(14);
  });

  it("documents every route the app has", async () => {
    const documented = new Set(await documentedRoutes());
    expect(appRoutes().filter((route) => !documented.has(route))).toEqual([]);
  });

  it("documents no route the app lacks", async () => {
    const routes = new Set(appRoutes());
    expect((await documentedRoutes()).filter((route) => !routes.has(route))).toEqual([]);
  });

  it("normalizes Hono's :param to OpenAPI's {param}", () => {
    expect(openApiPath("/orders/lighter/:market_index/:order_index")).toBe("/orders/lighter/{market_index}/{order_index}");
    expect(openApiPath("/markets/funding")).toBe("/markets/funding");
  });
});
