/**
 * A tiny programmable HTTP server for venue stand-ins (Node side: started by the vitest globalSetup or by
 * the benchmarks' stand-ins process). Each stand-in registers routes; tests steer failures through control endpoints,
 * because the tests run inside workerd and cannot reach the server's memory:
 *
 *   POST /__control/faults   {"path":"/api/v1/sendTx","fault":{…},"times":1}  queue a fault for a path
 *   POST /__control/reset    forget queued faults, the request log and the stand-in's own state
 *   GET  /__control/requests the request log: [{method, path, at}]
 *
 * Faults imitate how venues really fail: an error status with a JSON body, an HTML error page, a
 * malformed body, an error code inside an HTTP 200 body, a slow answer, no answer at all, or a connection
 * closed without an answer.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import type { Fault } from "../faults";

export interface StandInRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body parsed as a form (sendTx) or JSON (Hyperliquid, GRVT), when it is one. */
  form: URLSearchParams | undefined;
  json: unknown;
}

export interface StandInReply {
  status?: number;
  /** A JSON value, or `{ rawJson }` to send exact text (e.g. integers above 2^53). */
  body: unknown;
  headers?: Record<string, string>;
}

/** A body sent verbatim, for JSON that JavaScript values cannot express (integers above 2^53). */
export interface RawJson {
  rawJson: string;
}

function isRawJson(body: unknown): body is RawJson {
  return typeof body === "object" && body !== null && typeof (body as RawJson).rawJson === "string";
}

export type Handler = (request: StandInRequest) => StandInReply | Promise<StandInReply>;

/** Takes one accepted WebSocket (a venue's stream endpoint); the stand-in's feed owns it from then on. */
export type SocketHandler = (socket: WebSocket, url: URL) => void;

/** Routes by "METHOD /path" (e.g. "POST /info"). */
export type Routes = Record<string, Handler>;

export interface StandIn {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface QueuedFault {
  fault: Fault;
  remaining: number;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function parseBody(req: IncomingMessage, rawBody: string): { form: URLSearchParams | undefined; json: unknown } {
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return { form: new URLSearchParams(rawBody), json: undefined };
  if (rawBody !== "") {
    try {
      return { form: undefined, json: JSON.parse(rawBody) };
    } catch {
      return { form: undefined, json: undefined };
    }
  }
  return { form: undefined, json: undefined };
}

/**
 * Starts a stand-in on 127.0.0.1. `onReset` clears the stand-in's own state (nonces, books…) when a
 * test posts /__control/reset. `sockets` maps a path to the handler of WebSocket upgrades on it (a
 * venue's stream); an upgrade on any other path is refused with 404. `refuseUpgrade` may answer an
 * upgrade on such a path with an HTTP status instead (a venue refusing connections), or undefined to take it.
 */
export async function startStandIn(options: {
  port?: number;
  routes: Routes;
  sockets?: Record<string, SocketHandler>;
  refuseUpgrade?: (url: URL) => number | undefined;
  onReset?: () => void;
}): Promise<StandIn> {
  const faults = new Map<string, QueuedFault[]>();
  const requestLog: Array<{ method: string; path: string; at: number }> = [];
  const hanging = new Set<ServerResponse>();

  /** true: the fault answered; false: answer normally; "drop_after": handle the request, then close without an answer. */
  async function applyFault(path: string, res: ServerResponse): Promise<boolean | "drop_after"> {
    const queue = faults.get(path);
    const next = queue?.[0];
    if (queue === undefined || next === undefined) return false;
    next.remaining -= 1;
    if (next.remaining <= 0) queue.shift();
    const { fault } = next;
    switch (fault.kind) {
      case "status":
        sendJson(res, fault.status, fault.body ?? { code: fault.status, message: "stand-in fault" },
          fault.retryAfterSeconds === undefined ? {} : { "Retry-After": String(fault.retryAfterSeconds) });
        return true;
      case "html":
        res.writeHead(fault.status, { "Content-Type": "text/html" });
        res.end("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>");
        return true;
      case "malformed":
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end('{"code":200,"tx_hash":');
        return true;
      case "body":
        sendJson(res, 200, fault.body);
        return true;
      case "delay":
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        return false; // then answer normally
      case "hang":
        hanging.add(res);
        return true;
      case "stall_body":
        res.writeHead(200, { "Content-Type": "application/json" });
        res.write('{"code":200,"tx_hash":"');
        hanging.add(res);
        return true;
      case "drop":
        if (fault.afterHandling === true) return "drop_after";
        res.socket?.destroy();
        return true;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const rawBody = await readBody(req);
    const method = req.method ?? "GET";

    if (url.pathname === "/__control/faults" && method === "POST") {
      const { path, fault, times } = JSON.parse(rawBody) as { path: string; fault: Fault; times?: number };
      const queue = faults.get(path) ?? [];
      queue.push({ fault, remaining: times ?? 1 });
      faults.set(path, queue);
      return sendJson(res, 200, { queued: true });
    }
    if (url.pathname === "/__control/reset" && method === "POST") {
      faults.clear();
      requestLog.length = 0;
      options.onReset?.();
      return sendJson(res, 200, { reset: true });
    }
    if (url.pathname === "/__control/requests") return sendJson(res, 200, requestLog);

    requestLog.push({ method, path: url.pathname, at: Date.now() });
    const faulted = await applyFault(url.pathname, res);
    if (faulted === true) return;

    const handler = options.routes[`${method} ${url.pathname}`];
    if (handler === undefined) return sendJson(res, 404, { code: 404, message: `stand-in has no route ${method} ${url.pathname}` });
    const { form, json } = parseBody(req, rawBody);
    const reply = await handler({ method, url, headers: req.headers, rawBody, form, json });
    if (faulted === "drop_after") {
      res.socket?.destroy();
      return;
    }
    if (isRawJson(reply.body)) {
      res.writeHead(reply.status ?? 200, { "Content-Type": "application/json", ...reply.headers });
      res.end(reply.body.rawJson);
      return;
    }
    sendJson(res, reply.status ?? 200, reply.body, reply.headers);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendJson(res, 500, { code: 500, message: `stand-in crashed: ${String(error)}` }));
  });
  const upgrades = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const handler = options.sockets?.[url.pathname];
    if (handler === undefined) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    const refusal = options.refuseUpgrade?.(url);
    if (refusal !== undefined) {
      socket.end(`HTTP/1.1 ${refusal} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    upgrades.handleUpgrade(req, socket, head, (ws) => handler(ws, url));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        for (const ws of upgrades.clients) ws.terminate();
        upgrades.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A free loopback port, for configs that must name the stand-ins' addresses before they start. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
