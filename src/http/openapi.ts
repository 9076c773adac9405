import { Hono } from "hono";
import type { AppEnv } from "../app";
import { buildOpenApiDocument } from "../openapi/document";

/** The document depends on nothing but the code, so an isolate builds and serializes it once. */
let documentJson: string | undefined;

/** GET /openapi.json (public): the OpenAPI 3.1 description of every route, generated from the zod schemas. */
export const openApiRoutes = new Hono<AppEnv>().get("/openapi.json", async () => {
  documentJson ??= JSON.stringify(buildOpenApiDocument());
  return new Response(documentJson, {
    headers: { "Content-Type": "application/json; charset=UTF-8", "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
});
