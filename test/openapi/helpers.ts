/** Shared by the OpenAPI tests: the document as the app serves it, and requests to the app under test. */
import { env, exports } from "cloudflare:workers";

export const BASE = "http://gateway.test";
export const TOKEN = (env as unknown as { GATEWAY_TOKEN: string }).GATEWAY_TOKEN;

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, { type: string; scheme: string }> };
}

export interface Operation {
  operationId: string;
  security: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required: boolean; schema: Schema }>;
  requestBody?: { content: { "application/json": { schema: Schema; example: Record<string, unknown> } } };
  responses: Record<string, { description: string; content?: Record<string, { schema?: Schema }> }>;
}

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean;
  enum?: unknown[];
  $ref?: string;
  description?: string;
}

export async function servedDocument(): Promise<OpenApiDocument> {
  const res = await exports.default.fetch(`${BASE}/openapi.json`);
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
  return (await res.json()) as OpenApiDocument;
}

export function call(method: string, path: string, init: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token !== undefined) headers.set("Authorization", `Bearer ${init.token}`);
  if (init.body !== undefined) headers.set("Content-Type", "application/json");
  return exports.default.fetch(`${BASE}${path}`, {
    method: method.toUpperCase(),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

/** `/orders/lighter/{market_index}/{order_index}` with concrete values for its parameters. */
export function concretePath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no example value for path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
