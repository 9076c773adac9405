/**
 * The gateway as Cloudflare would run it, for benchmarks: bundled by `wrangler deploy --dry-run` and run
 * by Miniflare directly (wrangler dev adds a proxy that costs ~8× on small requests, platform NOTES §9.3).
 * Every Durable Object class of wrangler.toml is bound, SQLite-backed, as in production.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Miniflare, type MiniflareOptions } from "miniflare";
import { unstable_readConfig } from "wrangler";

const ROOT = resolve(import.meta.dirname, "../..");

export interface BundledWorker {
  mf: Miniflare;
  /** The Worker's base URL on loopback. */
  url: URL;
  dispose(): Promise<void>;
}

/** Bundles the Worker once per benchmark run. */
export function bundleWorker(): { outdir: string; remove(): void } {
  const outdir = mkdtempSync(join(tmpdir(), "gateway-bundle-"));
  execFileSync(join(ROOT, "node_modules/.bin/wrangler"), ["deploy", "-c", "wrangler.toml", "--dry-run", "--outdir", outdir], {
    cwd: ROOT,
    stdio: "ignore",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  return { outdir, remove: () => rmSync(outdir, { recursive: true, force: true }) };
}

/** Starts the bundle in `outdir` with wrangler.toml's vars overridden by `bindings`. */
export async function startBundledWorker(outdir: string, bindings: Record<string, string>): Promise<BundledWorker> {
  const config = unstable_readConfig({ config: join(ROOT, "wrangler.toml") });
  const durableObjects = Object.fromEntries(
    config.durable_objects.bindings.map((binding: { name: string; class_name: string }) => [binding.name, { className: binding.class_name, useSQLite: true }]),
  );
  return startMiniflare({
    ...runtimeOptions(outdir),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    bindings: { ...(config.vars as Record<string, string>), ...bindings },
    durableObjects,
  });
}

/** The least a Worker can do: answer "ok". */
const FLOOR_WORKER = `export default { fetch() { return new Response("ok"); } };\n`;

/**
 * A Worker that only answers "ok", run exactly as the gateway is. Its latency under the same load is the
 * floor that this machine, workerd and the load generator put under every figure of the gateway's.
 */
export async function startFloorWorker(): Promise<BundledWorker> {
  const dir = mkdtempSync(join(tmpdir(), "floor-worker-"));
  writeFileSync(join(dir, "index.js"), FLOOR_WORKER);
  const config = unstable_readConfig({ config: join(ROOT, "wrangler.toml") });
  const worker = await startMiniflare({ ...runtimeOptions(dir), compatibilityDate: config.compatibility_date });
  return {
    ...worker,
    dispose: async () => {
      await worker.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How every benchmark Worker runs: as in production, with Miniflare's local-only hops removed. */
function runtimeOptions(scriptDir: string) {
  return {
    host: "127.0.0.1",
    port: 0,
    modules: true,
    scriptPath: join(scriptDir, "index.js"),
    modulesRoot: scriptDir,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    // Straight to the Worker's own socket: Miniflare's default entry worker is an extra hop that relays
    // every request and frame (locally it cut WebSocket deliveries from ~19k/s to ~11k/s), and
    // production has no such hop.
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
    // Miniflare routes every outbound fetch through an extra local worker that strips CF-Connecting-IP;
    // production has no such hop, and here it cost more CPU than the gateway's own request handling.
    stripCfConnectingIp: false,
    // The access log goes to Workers Logs in production; here it would be piped through this process
    // and cost the load generator CPU on every request. Drain it instead.
    handleRuntimeStdio: (stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) => {
      stdout.resume();
      stderr.resume();
    },
  } satisfies MiniflareOptions;
}

async function startMiniflare(options: MiniflareOptions): Promise<BundledWorker> {
  const mf = new Miniflare(options);
  await mf.ready;
  const url = await mf.unsafeGetDirectURL();
  return { mf, url, dispose: () => mf.dispose() };
}

/**
 * Miniflare keeps Durable Object storage in SQLite files under the temporary directory and syncs every
 * commit on workerd's thread; on this VM those syncs, not the gateway, set the ceiling. Production storage
 * is not this disk, so the order benchmarks also run with the storage on tmpfs (when the machine has one)
 * to show what the gateway itself costs. Both figures are reported.
 */
export const TMPFS = "/dev/shm";

export interface StorageVariant {
  /** "" for the default temporary directory (disk), "_tmpfs" for tmpfs: appended to figure names. */
  suffix: string;
  tmpdir: string | undefined;
}

export function storageVariants(): StorageVariant[] {
  return [{ suffix: "", tmpdir: process.env.TMPDIR }, ...(existsSync(TMPFS) ? [{ suffix: "_tmpfs", tmpdir: TMPFS }] : [])];
}

/** Runs `body` with Miniflare's storage (the temporary directory) in `tmpdir`, then restores the default. */
export async function withStorageIn<T>(tmpdir: string | undefined, body: () => Promise<T>): Promise<T> {
  const previous = process.env.TMPDIR;
  if (tmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmpdir;
  try {
    return await body();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
}
