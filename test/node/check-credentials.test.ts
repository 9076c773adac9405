/**
 * `npm run check` as a trader runs it before deploying: against a local Lighter stand-in, with the
 * configuration given as an env file.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLighterStandIn, STANDIN_ACCOUNT, STANDIN_FOREIGN_ACCOUNT, STANDIN_PRIVATE_KEY } from "../standins/node/lighter";
import type { StandIn } from "../standins/node/server";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TOKEN = "check-test-token-0123456789";
const dir = mkdtempSync(join(tmpdir(), "check-"));
let lighter: StandIn;

beforeAll(async () => {
  lighter = await startLighterStandIn(0);
});

afterAll(async () => {
  await lighter.close();
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

describe("npm run check", () => {
  it("passes when every key index is registered with the derived public key", async () => {
    const run = await check(vars());
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("✓ API key 3 matches");
    expect(run.stdout).toContain("✓ API key 4 matches");
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
