/**
 * Builds the OpenAPI 3.1 document from the route registry with zod's own JSON Schema conversion
 * (`z.toJSONSchema`). OpenAPI 3.1 schemas are JSON Schema 2020-12, so the output is used as is; named
 * schemas (`.meta({ id })`) are hoisted from each schema's `$defs` into `components.schemas`.
 */
import * as z from "zod";
import { ROUTES, type ParameterDoc, type ResponseDoc, type RouteDoc } from "./registry";

type JsonSchema = Record<string, unknown>;

export const BEARER_SCHEME = "gatewayToken";

/** `/orders/lighter/:market_index` → `/orders/lighter/{market_index}` */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  /**
   * Requests are described as clients send them (`io: "input"`: an integer field reads as number or
   * string, before the route's transform); responses as the gateway writes them (`io: "output"`).
   */
  convert(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const json = z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any" }) as JsonSchema;
    const { $schema: _dialect, $defs, ...rest } = json;
    // A named root comes back as {$ref: "#/$defs/Name"} beside its definition, like any named part.
    for (const [name, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) this.hoist(name, definition);
    return relink(rest) as JsonSchema;
  }

  private hoist(name: string, definition: JsonSchema): void {
    const linked = relink(definition) as JsonSchema;
    const known = this.components[name];
    if (known !== undefined && JSON.stringify(known) !== JSON.stringify(linked)) {
      throw new Error(`Two different schemas are both named ${name}`);
    }
    this.components[name] = linked;
  }
}

/** Points zod's local `#/$defs/X` references at the document's components. */
function relink(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relink);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = key === "$ref" && typeof item === "string" ? item.replace(/^#\/\$defs\//, "#/components/schemas/") : relink(item);
  }
  return out;
}

function parameter(collector: SchemaCollector, name: string, where: "path" | "query" | "header", doc: ParameterDoc): JsonSchema {
  return {
    name,
    in: where,
    required: where === "path" || doc.required === true,
    description: doc.description,
    schema: collector.convert(doc.schema, "input"),
  };
}

function requestBody(collector: SchemaCollector, route: RouteDoc): JsonSchema | undefined {
  if (route.body === undefined) return undefined;
  const schema = collector.convert(route.body.schema, "input");
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [field, note] of Object.entries(route.body.fieldNotes ?? {})) {
    const property = properties[field];
    if (property === undefined) throw new Error(`${route.method.toUpperCase()} ${route.path}: a note describes ${field}, which the body schema does not have`);
    property.description = note;
  }
  return { required: true, content: { "application/json": { schema, example: route.body.example } } };
}

function response(collector: SchemaCollector, status: number, doc: ResponseDoc): JsonSchema {
  if (doc.schema === undefined) {
    return { description: doc.description, ...(doc.contentType === undefined ? {} : { content: { [doc.contentType]: {} } }) };
  }
  const schema = collector.convert(doc.schema, "output");
  // A 101 has no body: its schema describes the WebSocket messages that follow.
  if (status === 101) return { description: doc.description, "x-websocket-message": schema };
  return { description: doc.description, content: { [doc.contentType ?? "application/json"]: { schema } } };
}

function operation(collector: SchemaCollector, route: RouteDoc): JsonSchema {
  const parameters = [
    ...Object.entries(route.pathParams ?? {}).map(([name, doc]) => parameter(collector, name, "path", doc)),
    ...Object.entries(route.query ?? {}).map(([name, doc]) => parameter(collector, name, "query", doc)),
    ...Object.entries(route.headers ?? {}).map(([name, doc]) => parameter(collector, name, "header", doc)),
  ];
  const body = requestBody(collector, route);
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    security: route.auth === "bearer" ? [{ [BEARER_SCHEME]: [] }] : [],
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(body === undefined ? {} : { requestBody: body }),
    responses: Object.fromEntries(Object.entries(route.responses).map(([status, doc]) => [status, response(collector, Number(status), doc)])),
  };
}

export function buildOpenApiDocument(routes: readonly RouteDoc[] = ROUTES): JsonSchema {
  const collector = new SchemaCollector();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    const item = (paths[path] ??= {});
    if (item[route.method] !== undefined) throw new Error(`${route.method.toUpperCase()} ${route.path} is described twice`);
    item[route.method] = operation(collector, route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Funding Rate Arb Trader gateway",
      version: "1",
      description:
        "Places and cancels Lighter and Hyperliquid orders with the gateway's keys, follows fills, positions and funding payments from both venues' account streams, " +
        "opens and closes hedged pairs across the two, streams every event over a WebSocket, and compares funding rates across Hyperliquid, Lighter and GRVT. Times are unix milliseconds, or ISO 8601 UTC where people read them; " +
        "exchange integers travel as JSON numbers or decimal strings, never floats. Every error has the Error envelope.",
    },
    servers: [{ url: "/" }],
    tags: [
      { name: "Funding", description: "Public, cached funding-rate board" },
      { name: "Orders", description: "Lighter and Hyperliquid orders, halt and resume (gateway token)" },
      { name: "Arbitrage", description: "Hedged pairs across Lighter and Hyperliquid (gateway token)" },
      { name: "Account", description: "Balances, positions, fills and funding payments (gateway token)" },
      { name: "Events", description: "Event stream: orders, fills, positions, funding, pairs, alerts (gateway token)" },
      { name: "Gateway", description: "Health and documentation" },
    ],
    paths,
    components: {
      securitySchemes: {
        [BEARER_SCHEME]: { type: "http", scheme: "bearer", description: "Authorization: Bearer <GATEWAY_TOKEN>" },
      },
      schemas: collector.components,
    },
  };
}
