// @ts-check
/**
 * Renders /openapi.json for people: operations grouped by tag, their auth, parameters, request body
 * fields, example and answers, then the named schemas. Everything is inserted as text.
 */
import { byId, el } from "../js/dom.js";

/** @typedef {Record<string, any>} Json */

/**
 * A schema's type in a few words: string, number | string, array of FundingRow, enum …
 * @param {Json | undefined} schema
 * @returns {string}
 */
function typeOf(schema) {
  if (schema === undefined) return "any";
  if (typeof schema.$ref === "string") return schema.$ref.split("/").pop() ?? "?";
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.anyOf)) return schema.anyOf.map(typeOf).join(" | ");
  if (Array.isArray(schema.oneOf)) return schema.oneOf.map(typeOf).join(" | ");
  if (schema.type === "array") return `array of ${typeOf(schema.items)}`;
  if (Array.isArray(schema.type)) return schema.type.join(" | ");
  return typeof schema.type === "string" ? schema.type : "any";
}

/** @param {unknown} value */
function pre(value) {
  return el("pre", { className: "json" }, JSON.stringify(value, null, 2));
}

/**
 * @param {string} label
 * @param {unknown} value
 */
function collapsible(label, value) {
  return el("details", {}, el("summary", {}, label), pre(value));
}

/** @param {Json[]} parameters */
function parameterTable(parameters) {
  return el(
    "table",
    {},
    el("thead", {}, el("tr", {}, el("th", {}, "Parameter"), el("th", {}, "In"), el("th", {}, "Type"), el("th", {}, "Description"))),
    el(
      "tbody",
      {},
      ...parameters.map((p) =>
        el(
          "tr",
          {},
          el("td", { className: "mono" }, `${p.name}${p.required ? " *" : ""}`),
          el("td", {}, String(p.in)),
          el("td", { className: "mono" }, typeOf(p.schema)),
          el("td", {}, String(p.description ?? "")),
        ),
      ),
    ),
  );
}

/** @param {Json} schema */
function fieldTable(schema) {
  const required = new Set(schema.required ?? []);
  return el(
    "table",
    {},
    el("thead", {}, el("tr", {}, el("th", {}, "Field"), el("th", {}, "Type"), el("th", {}, "Description"))),
    el(
      "tbody",
      {},
      ...Object.entries(schema.properties ?? {}).map(([name, property]) =>
        el(
          "tr",
          {},
          el("td", { className: "mono" }, `${name}${required.has(name) ? " *" : ""}`),
          el("td", { className: "mono" }, typeOf(property)),
          el("td", {}, String(property.description ?? (property.default === undefined ? "" : `default ${JSON.stringify(property.default)}`))),
        ),
      ),
    ),
  );
}

/**
 * @param {string} method
 * @param {string} path
 * @param {Json} op
 */
function operation(method, path, op) {
  const parts = [
    el(
      "summary",
      {},
      el("span", { className: `method method-${method}` }, method.toUpperCase()),
      el("span", { className: "mono path" }, path),
      el("span", { className: "op-summary" }, String(op.summary ?? "")),
      el("span", { className: op.security?.length ? "auth auth-token" : "auth auth-public" }, op.security?.length ? "token" : "public"),
    ),
  ];
  if (op.description) parts.push(el("p", {}, String(op.description)));
  if (op.security?.length) parts.push(el("p", { className: "small muted" }, "Needs Authorization: Bearer <GATEWAY_TOKEN>."));
  if (Array.isArray(op.parameters) && op.parameters.length > 0) parts.push(parameterTable(op.parameters));
  const body = op.requestBody?.content?.["application/json"];
  if (body !== undefined) {
    parts.push(el("h4", {}, "Request body (JSON; * required; unknown fields are refused)"));
    if (body.schema?.properties !== undefined) parts.push(fieldTable(body.schema));
    else parts.push(collapsible("schema", body.schema));
    if (body.example !== undefined) parts.push(el("h4", {}, "Example"), pre(body.example));
  }
  parts.push(el("h4", {}, "Responses"));
  parts.push(
    el(
      "ul",
      { className: "responses" },
      ...Object.entries(op.responses ?? {}).map(([status, response]) => {
        const content = response.content === undefined ? undefined : Object.values(response.content)[0];
        const schema = content?.schema ?? response["x-websocket-message"];
        return el(
          "li",
          {},
          el("span", { className: `status status-${status[0]}xx` }, status),
          ` ${String(response.description ?? "")}`,
          ...(schema === undefined ? [] : [" → ", el("span", { className: "mono" }, typeOf(schema))]),
        );
      }),
    ),
  );
  return el("details", { className: "operation", attrs: { id: String(op.operationId ?? "") } }, ...parts);
}

/** @param {Json} doc */
function render(doc) {
  const root = byId("docs");
  /** @type {HTMLElement[]} */
  const sections = [
    el("h2", {}, `${doc.info?.title ?? "API"} (OpenAPI ${doc.openapi})`),
    el("p", {}, String(doc.info?.description ?? "")),
  ];
  /** @type {Map<string, HTMLElement[]>} */
  const byTag = new Map();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const tag = op.tags?.[0] ?? "Other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)?.push(operation(method, path, op));
    }
  }
  for (const tag of doc.tags ?? []) {
    const operations = byTag.get(tag.name);
    if (operations === undefined) continue;
    sections.push(el("section", {}, el("h3", {}, tag.name), el("p", { className: "muted" }, String(tag.description ?? "")), ...operations));
    byTag.delete(tag.name);
  }
  for (const [tag, operations] of byTag) sections.push(el("section", {}, el("h3", {}, tag), ...operations));
  sections.push(
    el(
      "section",
      {},
      el("h3", {}, "Schemas"),
      ...Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => el("div", { attrs: { id: `schema-${name}` } }, collapsible(name, schema))),
    ),
  );
  root.replaceChildren(...sections);
}

async function main() {
  try {
    const res = await fetch("/openapi.json");
    if (!res.ok) throw new Error(`GET /openapi.json answered ${res.status}`);
    render(await res.json());
  } catch (error) {
    byId("docs").replaceChildren(el("p", { className: "error" }, error instanceof Error ? error.message : String(error)));
  }
}

void main();
