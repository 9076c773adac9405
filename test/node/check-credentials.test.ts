/**
 * `npm run check` as a trader runs it before deploying: against local Lighter and Hyperliquid stand-ins,
 * with the configuration given as an env file.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressFromPrivateKey, parseAgentKey } from "../../src/venues/hyperliquid/signing";
import { HYPERLIQUID_DEFAULT_AGENT, HYPERLIQUID_DEFAULT_AGENT_KEY, HYPERLIQUID_DEFAULT_USER, registerHyperliquidAgent } from "../standins/hyperliquid-control";
import { startHyperliquidStandIn } from "../standins/node/hyperliquid";
import { startLighterStandIn, STANDIN_ACCOUNT, STANDIN_FOREIGN_ACCOUNT, STANDIN_PRIVATE_KEY } from "../standins/node/lighter";
import type { StandIn } from "../standins/node/server";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TOKEN = "check-test-token-0123456789";
const dir = mkdtempSync(join(tmpdir(), "check-"));
let lighter: StandIn;
let hyperliquid: StandIn;

beforeAll(async () => {
  [lighter, hyperliquid] = await Promise.all([startLighterStandIn(0), startHyperliquidStandIn(0)]);
});

afterAll(async () => {
  await Promise.all([lighter.close(), hyperliquid.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function check(vars: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = join(dir, `vars-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, Object.entries(vars).map(([name, value]) => `${name}=${value}`).join("\n"));
  return new Promise((resolve, reject) => {
    // A clean environment: only what the env file says counts.
    const child = spawn(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "scripts/check-credentials.ts"), "--env-file", file], { cwd: ROOT, env: { PATH: process.env.PATH } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function vars(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    GATEWAY_TOKEN: TOKEN,
    LIGHTER_PRIVATE_KEY: `0x${STANDIN_PRIVATE_KEY}`,
    LIGHTER_BASE_URL: lighter.url,
    LIGHTER_CHAIN_ID: "304",
    LIGHTER_ACCOUNT_INDEX: String(STANDIN_ACCOUNT),
    LIGHTER_API_KEY_INDEX: "3",
    LIGHTER_MAX_API_KEY_INDEX: "4",
    ...overrides,
  };
}

/** The Lighter variables plus a Hyperliquid section pointing at the stand-in's default agent and account. */
function withHyperliquid(overrides: Record<string, string> = {}): Record<string, string> {
  return vars({
    HYPERLIQUID_AGENT_PRIVATE_KEY: HYPERLIQUID_DEFAULT_AGENT_KEY,
    HYPERLIQUID_ACCOUNT_ADDRESS: HYPERLIQUID_DEFAULT_USER,
    HYPERLIQUID_API_URL: hyperliquid.url,
    HYPERLIQUID_NETWORK: "mainnet",
    ...overrides,
  });
}

function randomHex(bytes: number): string {
  return `0x${Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/** A fresh agent key registered with the stand-in for `user` (a random one unless given). */
async function registeredAgent(options: { user?: string; name?: string; validUntil?: number } = {}): Promise<{ key: string; agent: string; user: string }> {
  const key = randomHex(32);
  const agent = addressFromPrivateKey(parseAgentKey(key));
  const user = options.user ?? randomHex(20);
  await registerHyperliquidAgent(hyperliquid.url, { agent, user, ...(options.name === undefined ? {} : { name: options.name }), ...(options.validUntil === undefined ? {} : { validUntil: options.validUntil }) });
  return { key, agent, user };
}

/** No part of a key longer than a few characters in anything the check printed. */
function expectNoKey(run: { stdout: string; stderr: string }, key: string): void {
  const hex = key.replace(/^0x/, "").toLowerCase();
  const output = `${run.stdout}${run.stderr}`.toLowerCase();
  for (let start = 0; start + 16 <= hex.length; start += 8) expect(output).not.toContain(hex.slice(start, start + 16));
}

describe("npm run check", () => {
  it("passes when every key index is registered with the derived public key", async () => {
    const run = await check(vars());
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("✓ API key 3 matches");
    expect(run.stdout).toContain("✓ API key 4 matches");
    expect(run.stdout).toContain("Hyperliquid trading not configured");
    expect(run.stdout).toContain("✓ configuration and credentials are valid");
  });

  it("fails, naming the key, when Lighter has another public key", async () => {
    const run = await check(vars({ LIGHTER_ACCOUNT_INDEX: String(STANDIN_FOREIGN_ACCOUNT), LIGHTER_MAX_API_KEY_INDEX: "3" }));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("API key 3: LIGHTER_PRIVATE_KEY does not match");
  });

  it("fails naming every bad variable, without printing a secret", async () => {
    const badKey = `${STANDIN_PRIVATE_KEY.slice(0, 78)}zz`;
    const run = await check(vars({ LIGHTER_PRIVATE_KEY: badKey, GATEWAY_TOKEN: "short", LIGHTER_API_KEY_INDEX: "300" }));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("LIGHTER_PRIVATE_KEY must be 80 hex characters");
    expect(run.stderr).toContain("GATEWAY_TOKEN must be at least 16 characters long");
    expect(run.stderr).toContain("LIGHTER_API_KEY_INDEX must be between 0 and 254");
    expect(`${run.stdout}${run.stderr}`).not.toContain(badKey.slice(0, 40));
    expect(`${run.stdout}${run.stderr}`).not.toContain("short");
  });

  it("fails when Lighter cannot be reached", async () => {
    const run = await check(vars({ LIGHTER_BASE_URL: "http://127.0.0.1:1" }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not read the registered API keys from http:\/\/127\.0\.0\.1:1: unavailable/);
  });
});

describe("npm run check for Hyperliquid", () => {
  it("passes when Hyperliquid knows the derived address as an agent of the account, printing mode, network, URL, agent and account but never the key", async () => {
    const run = await check(withHyperliquid({ TRADING_MODE: "live" }));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`• Hyperliquid: mode live, mainnet, ${hyperliquid.url}`);
    expect(run.stdout).toContain(`agent of HYPERLIQUID_AGENT_PRIVATE_KEY: ${HYPERLIQUID_DEFAULT_AGENT}, account ${HYPERLIQUID_DEFAULT_USER}`);
    expect(run.stdout).toContain(`✓ Hyperliquid knows ${HYPERLIQUID_DEFAULT_AGENT} as an agent of ${HYPERLIQUID_DEFAULT_USER}`);
    expect(run.stdout).toContain("✓ API key 3 matches");
    expect(run.stdout).toContain("✓ configuration and credentials are valid");
    expectNoKey(run, HYPERLIQUID_DEFAULT_AGENT_KEY);
    expectNoKey(run, STANDIN_PRIVATE_KEY);
  });

  it("prints the vault beside the account", async () => {
    const vault = randomHex(20);
    const run = await check(withHyperliquid({ HYPERLIQUID_VAULT_ADDRESS: vault }));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`account ${HYPERLIQUID_DEFAULT_USER}, vault ${vault}`);
  });

  it("reports a named agent's expiry, and an expired agent as a problem", async () => {
    const validUntil = Date.now() + 30 * 86_400_000;
    const valid = await registeredAgent({ name: "desk", validUntil });
    const ok = await check(withHyperliquid({ HYPERLIQUID_AGENT_PRIVATE_KEY: valid.key, HYPERLIQUID_ACCOUNT_ADDRESS: valid.user }));
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`agent "desk" valid until ${new Date(validUntil).toISOString()}`);

    const expiredAt = Date.now() - 60_000;
    const expired = await registeredAgent({ name: "old", validUntil: expiredAt });
    const run = await check(withHyperliquid({ HYPERLIQUID_AGENT_PRIVATE_KEY: expired.key, HYPERLIQUID_ACCOUNT_ADDRESS: expired.user }));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`✗ the agent ${expired.agent} ("old") of ${expired.user} expired at ${new Date(expiredAt).toISOString()}`);
    expect(run.stdout).not.toContain("✓ Hyperliquid");
    expect(run.stdout).toContain("✓ API key 3 matches");
    expectNoKey(run, expired.key);
  });

  it("fails when the agent trades for another account, and still reports Lighter", async () => {
    const other = await registeredAgent();
    const run = await check(withHyperliquid({ HYPERLIQUID_AGENT_PRIVATE_KEY: other.key }));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`✗ the agent ${other.agent} trades for ${other.user}, not for HYPERLIQUID_ACCOUNT_ADDRESS ${HYPERLIQUID_DEFAULT_USER}`);
    expect(run.stdout).toContain("✓ API key 3 matches");
    expect(run.stdout).not.toContain("✓ configuration and credentials are valid");
    expectNoKey(run, other.key);
  });

  it("fails when Hyperliquid does not know the key as an agent", async () => {
    const key = randomHex(32);
    const agent = addressFromPrivateKey(parseAgentKey(key));
    const run = await check(withHyperliquid({ HYPERLIQUID_AGENT_PRIVATE_KEY: key }));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`✗ Hyperliquid knows ${agent} as "missing", not as an agent`);
    expectNoKey(run, key);
  });

  it("counts a half configuration as a problem, naming the missing variable, and still checks Lighter", async () => {
    const keyOnly = await check(vars({ HYPERLIQUID_AGENT_PRIVATE_KEY: HYPERLIQUID_DEFAULT_AGENT_KEY, HYPERLIQUID_API_URL: hyperliquid.url, HYPERLIQUID_NETWORK: "mainnet" }));
    expect(keyOnly.code).toBe(1);
    expect(keyOnly.stderr).toContain("Hyperliquid trading: HYPERLIQUID_ACCOUNT_ADDRESS is not set");
    expect(keyOnly.stdout).toContain("✓ API key 3 matches");
    expectNoKey(keyOnly, HYPERLIQUID_DEFAULT_AGENT_KEY);

    const accountOnly = await check(vars({ HYPERLIQUID_ACCOUNT_ADDRESS: HYPERLIQUID_DEFAULT_USER }));
    expect(accountOnly.code).toBe(1);
    expect(accountOnly.stderr).toContain("Hyperliquid trading: HYPERLIQUID_AGENT_PRIVATE_KEY is not set");
    expect(accountOnly.stdout).not.toContain("not configured");
  });

  it("names every bad Hyperliquid variable without printing its value, and a Lighter problem does not hide Hyperliquid's result", async () => {
    const badKey = `${HYPERLIQUID_DEFAULT_AGENT_KEY.slice(0, 60)}zz`;
    const run = await check(
      withHyperliquid({ HYPERLIQUID_AGENT_PRIVATE_KEY: badKey, HYPERLIQUID_ACCOUNT_ADDRESS: "0xa11ce", HYPERLIQUID_NETWORK: "devnet", HYPERLIQUID_ALLOWED_COINS: "BTC,ETH;" }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Hyperliquid trading: HYPERLIQUID_AGENT_PRIVATE_KEY must be 0x followed by 64 hex characters");
    expect(run.stderr).toContain("Hyperliquid trading: HYPERLIQUID_ACCOUNT_ADDRESS must be an address");
    expect(run.stderr).toContain("Hyperliquid trading: HYPERLIQUID_NETWORK must be one of mainnet, testnet");
    expect(run.stderr).toContain("Hyperliquid trading: HYPERLIQUID_ALLOWED_COINS must be a comma-separated list");
    expect(run.stdout).toContain("✓ API key 3 matches");
    expectNoKey(run, badKey.slice(0, 64));
    expect(`${run.stdout}${run.stderr}`).not.toContain("BTC,ETH;");

    const outOfRange = `0x${"f".repeat(64)}`;
    const range = await check(withHyperliquid({ HYPERLIQUID_AGENT_PRIVATE_KEY: outOfRange }));
    expect(range.code).toBe(1);
    expect(range.stderr).toContain("Hyperliquid trading: HYPERLIQUID_AGENT_PRIVATE_KEY must be 0x followed by 64 hex characters: a secp256k1 private key (1 to n − 1)");
    expectNoKey(range, outOfRange);

    const lighterBroken = await check(withHyperliquid({ LIGHTER_ACCOUNT_INDEX: String(STANDIN_FOREIGN_ACCOUNT), LIGHTER_MAX_API_KEY_INDEX: "3" }));
    expect(lighterBroken.code).toBe(1);
    expect(lighterBroken.stderr).toContain("API key 3: LIGHTER_PRIVATE_KEY does not match");
    expect(lighterBroken.stdout).toContain(`✓ Hyperliquid knows ${HYPERLIQUID_DEFAULT_AGENT} as an agent of ${HYPERLIQUID_DEFAULT_USER}`);

    const lighterInvalid = await check(withHyperliquid({ LIGHTER_PRIVATE_KEY: "0x1234" }));
    expect(lighterInvalid.code).toBe(1);
    expect(lighterInvalid.stderr).toContain("Lighter trading: LIGHTER_PRIVATE_KEY must be 80 hex characters");
    expect(lighterInvalid.stdout).toContain(`✓ Hyperliquid knows ${HYPERLIQUID_DEFAULT_AGENT}`);
  });

  it("fails when Hyperliquid cannot be reached, and still reports Lighter", async () => {
    const run = await check(withHyperliquid({ HYPERLIQUID_API_URL: "http://127.0.0.1:1" }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not ask Hyperliquid at http:\/\/127\.0\.0\.1:1 about the agent 0x[0-9a-f]{40}: unavailable/);
    expect(run.stdout).toContain("✓ API key 3 matches");
  });
});
