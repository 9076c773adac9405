/**
 * The gateway as a person runs it: `wrangler dev` on a free port (never 8787), its venues pointed at the
 * local stand-ins (started here, in this process), dry-run trading with the stand-in's public test key,
 * a throwaway gateway token, and fresh Durable Object storage. Stopped with SIGTERM: SIGKILL would
 * orphan wrangler's workerd processes, which keep serving the port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { HYPERLIQUID_DEFAULT_AGENT_KEY, HYPERLIQUID_DEFAULT_USER } from "../standins/hyperliquid-control";
import { startAllStandIns } from "../standins/node/all";
import { STANDIN_ACCOUNT, STANDIN_CHAIN_ID, STANDIN_PRIVATE_KEY } from "../standins/node/lighter";
import { freePort, type StandIn } from "../standins/node/server";

const ROOT = resolve(import.meta.dirname, "../..");
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

export interface Gateway {
  url: string;
  token: string;
  /** wrangler's output so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer /health within ${READY_TIMEOUT_MS} ms:\n${log()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGINT"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * `quickStart`: configured only by the committed `.dev.vars.example`, as `npm run dev` is on a fresh
 * clone (the venues are still the local stand-ins: these machines reach no real venue).
 */
export async function startGateway(options: { quickStart?: boolean } = {}): Promise<Gateway> {
  const standIns: StandIn[] = await startAllStandIns({ lighter: await freePort(), hyperliquid: await freePort(), grvt: await freePort() });
  const [lighter, hyperliquid, grvt] = standIns as [StandIn, StandIn, StandIn];
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const stateDir = await mkdtemp(join(tmpdir(), "gateway-browser-"));
  let token: string;
  let envFile: string;
  const vars: Record<string, string> = {
    LIGHTER_BASE_URL: lighter.url,
    HYPERLIQUID_API_URL: hyperliquid.url,
    // The stand-in is no Hyperliquid host, so the network it signs for is named.
    HYPERLIQUID_NETWORK: "mainnet",
    GRVT_MARKET_DATA_URL: grvt.url,
    LIGHTER_CHAIN_ID: String(STANDIN_CHAIN_ID),
    // One venue per second: the board is complete a few seconds after the first read.
    FUNDING_REFRESH_STEP_SECONDS: "1",
    MARKET_DATA_TIMEOUT_MS: "2000",
  };
  if (options.quickStart === true) {
    envFile = join(ROOT, ".dev.vars.example");
    token = /^GATEWAY_TOKEN=(.*)$/m.exec(await readFile(envFile, "utf8"))?.[1] ?? "";
  } else {
    token = randomBytes(24).toString("hex");
    // Secrets go through an env file of our own: it also keeps a developer's .dev.vars out of the run.
    envFile = join(stateDir, "secrets.env");
    await writeFile(envFile, `GATEWAY_TOKEN=${token}\nLIGHTER_PRIVATE_KEY=${STANDIN_PRIVATE_KEY}\nHYPERLIQUID_AGENT_PRIVATE_KEY=${HYPERLIQUID_DEFAULT_AGENT_KEY}\n`, { mode: 0o600 });
    Object.assign(vars, {
      TRADING_MODE: "dry-run",
      LIGHTER_ACCOUNT_INDEX: String(STANDIN_ACCOUNT),
      LIGHTER_API_KEY_INDEX: "3",
      HYPERLIQUID_ACCOUNT_ADDRESS: HYPERLIQUID_DEFAULT_USER,
    });
  }
  const args = [WRANGLER, "dev", "-c", "wrangler.toml", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(await freePort())];
  args.push("--persist-to", join(stateDir, "state"), "--env-file", envFile, "--show-interactive-dev-session=false");
  for (const [key, value] of Object.entries(vars)) args.push("--var", `${key}:${value}`);

  let output = "";
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", WRANGLER_HIDE_BANNER: "true", CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const log = () => output.replaceAll(token, "<token>");

  const stop = async () => {
    await stopProcess(child);
    await Promise.all(standIns.map((standIn) => standIn.close()));
    await rm(stateDir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(url, child, log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, token, log, stop };
}

export interface Board {
  venues: Array<{ venue: string; status: string }>;
  assets: Array<{ asset: string; venues: Array<{ venue: string; apr: number }>; best_pair: { spread_apr: number; long_venue: string; short_venue: string } | null }>;
}

/** Reads the board from the API until all three venues have been refreshed from the stand-ins. */
export async function completeBoard(url: string): Promise<Board> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const current = (await (await fetch(`${url}/markets/funding`)).json()) as Board;
    if (current.venues.every((v) => v.status === "ok")) return current;
    if (Date.now() > deadline) throw new Error(`the board never refreshed every venue: ${JSON.stringify(current.venues)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
