import { Hono } from "hono";
import type { AppEnv } from "../app";

/**
 * GET /docs (public): a page that renders /openapi.json in the browser with the gateway's own script
 * (public/docs/render.js, a static asset): no CDN, so it works where only the gateway is reachable.
 * The policy allows nothing but the gateway's own scripts, styles and fetches.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API docs · Funding Rate Arb Trader</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/css/base.css">
<link rel="stylesheet" href="/css/docs.css">
<script type="module" src="/docs/render.js"></script>
</head>
<body>
<header class="topbar"><h1>API docs</h1><nav><a href="/">Dashboard</a> · <a href="/openapi.json">openapi.json</a></nav></header>
<main id="docs" aria-live="polite"><p class="muted">Loading /openapi.json…</p></main>
</body>
</html>
`;

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const docsRoutes = new Hono<AppEnv>().get("/docs", async (c) => {
  c.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  c.header("Cache-Control", "public, max-age=300");
  return c.html(PAGE);
});
