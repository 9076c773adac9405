import { Hono, type Context } from "hono";
import { loadConfig, type Config } from "./config";
import { errorBody, errorResponse, HttpError } from "./http/errors";
import { eventRoutes } from "./http/events";
import { accountRoutes } from "./http/account";
import { docsRoutes } from "./http/docs";
import { healthRoutes } from "./http/health";
import { hyperliquidOrderRoutes } from "./http/hyperliquid-orders";
import { requireGatewayToken } from "./http/auth";
import { marketRoutes } from "./http/markets";
import { openApiRoutes } from "./http/openapi";
import { orderRoutes } from "./http/orders";
import { safetyRoutes } from "./http/safety";
import { startFeeds } from "./accounts/feed-stub";
import { arbRoutes } from "./http/arb";
import { fillRoutes } from "./http/fills";
import { openOrderRoutes } from "./http/open-orders";
import { positionRoutes } from "./http/positions";

export interface AppEnv {
  Bindings: Env;
  Variables: { config: Config; requestId: string };
}

/** Parsing is cheap but not free: the env object is the same for every request of an isolate. */
const configCache = new WeakMap<object, Config>();

function configFor(env: Env): Config {
  let config = configCache.get(env);
  if (config === undefined) {
    config = loadConfig(env as unknown as Record<string, unknown>);
    configCache.set(env, config);
  }
  return config;
}

/**
 * Adds a header to the finished response. A response the Worker built has mutable headers and is tagged in
 * place; one passed through from a fetch (the event stream's upgrade) refuses, and Hono's c.header()
 * copies it. Copying every response cost a Response, a body stream and a Headers object per order.
 */
function tagResponse(c: Context<AppEnv>, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    c.header(name, value);
  }
}

export function buildApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const requestId = c.req.header("X-Request-Id") ?? crypto.randomUUID();
    c.set("requestId", requestId);
    const config = configFor(c.env);
    c.set("config", config);
    // A live gateway holds the venues' account feeds; whichever request comes first starts them.
    startFeeds(c.env, config, (work) => c.executionCtx.waitUntil(work));
    const started = Date.now();
    await next();
    tagResponse(c, "X-Request-Id", requestId);
    // Method, path and status only: headers and bodies may carry the gateway token or order details.
    console.log(JSON.stringify({ request_id: requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Date.now() - started }));
  });

  // Every order route, of every venue, needs the gateway token: one guard before any of them.
  app.use("/orders/*", requireGatewayToken);
  app.route("/", healthRoutes);
  app.route("/", eventRoutes);
  app.route("/", openOrderRoutes);
  app.route("/", orderRoutes);
  app.route("/", hyperliquidOrderRoutes);
  app.route("/", accountRoutes);
  app.route("/", positionRoutes);
  app.route("/", fillRoutes);
  app.route("/", arbRoutes);
  app.route("/", safetyRoutes);
  app.route("/", marketRoutes);
  app.route("/", openApiRoutes);
  app.route("/", docsRoutes);

  app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((err, c) => {
    if (err instanceof HttpError) return errorResponse(c, err);
    // Never echo the exception: it may quote a request header or a secret. Log its kind and message only.
    console.error(JSON.stringify({ request_id: c.get("requestId"), error: err.name, message: err.message }));
    return c.json(errorBody("internal_error", "The gateway failed to handle this request"), 500);
  });

  return app;
}
