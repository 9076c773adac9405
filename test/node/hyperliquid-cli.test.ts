/**
 * The Hyperliquid CLI as a trader runs it: a child process fed on stdin. Each spawn costs ~0.5 s of tsx
 * start-up, so each one checks a whole batch of lines. Signatures are deterministic (RFC 6979), so every
 * vector must come back bit for bit.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTool, SPAWN_TIMEOUT_MS, type Run } from "./run-tool";
import { actionHash } from "../../src/venues/hyperliquid/signing";
import { vectors, type L1Vector } from "../venues/hyperliquid/signing/vectors";

const l1 = vectors.l1_vectors;

function cli(args: readonly string[], stdin = ""): Promise<Run> {
  return runTool("scripts/hyperliquid-cli.ts", args, stdin);
}

const signLine = (v: L1Vector) => JSON.stringify({ action: v.action, nonce: v.nonce, vault_address: v.vault_address, expires_after: v.expires_after });
const keyBody = (key: string) => key.replace(/^0x/, "").toLowerCase();

/** The vectors signed with `key`, split by network: each tool run signs for one network. */
function vectorsOf(key: string, mainnet: boolean): L1Vector[] {
  return l1.filter((v) => v.private_key === key && v.is_mainnet === mainnet);
}

const KEY = l1[0]!.private_key;
const SIGNER = l1[0]!.signer_address;
const keys = [...new Set(l1.map((v) => v.private_key))];
const tmp = mkdtempSync(join(tmpdir(), "hyperliquid-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("hyperliquid CLI", () => {
  it(
    "address from --key and from --key-file gives the vector's signer",
    async () => {
      const inline = await cli(["address", "--key", KEY]);
      expect(inline).toMatchObject({ code: 0, stderr: "", lines: [{ address: SIGNER }] });
      const file = join(tmp, "key");
      writeFileSync(file, `${keyBody(KEY)}\n`);
      const fromFile = await cli(["address", "--key-file", file]);
      expect(fromFile).toMatchObject({ code: 0, lines: [{ address: SIGNER }] });
      expect(Object.keys(fromFile.lines[0]!)).toEqual(["address"]);
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    "sign reproduces every mainnet vector of the most used key bit for bit, and goes on after bad lines",
    async () => {
      const good = vectorsOf(KEY, true);
      expect(good.length).toBeGreaterThan(10);
      const bad = [
        "this is not json",
        `{"action":{"type":"order","orders":[{"a":1,"b":true,"p":3500.5,"s":"1"}],"grouping":"na"},"nonce":1}`,
        `{"action":{"type":"order","builder":null},"nonce":1}`,
        `{"action":{"type":"noop"},"nonce":-1}`,
        `{"action":{"type":"noop"},"nonce":1,"vault_address":"0x1234"}`,
        `{"action":{"type":"noop"},"nonce":1,"expires_after":"soon"}`,
        `{"action":"noop","nonce":1}`,
        `{"action":{"type":"noop"},"nonce":1,"signature":{}}`,
      ];
      const input = [signLine(good[0]!), ...bad, "", ...good.slice(1).map(signLine)];
      const run = await cli(["sign", "--key", KEY], `${input.join("\n")}\n`);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe("");
      expect(run.lines).toHaveLength(good.length + bad.length);
      const [first, ...rest] = run.lines;
      const errors = rest.slice(0, bad.length);
      const results = [first, ...rest.slice(bad.length)];
      results.forEach((line, i) => {
        const v = good[i]!;
        expect(line, v.id).toEqual({ action_hash: v.action_hash, signature: v.signature, signer: v.signer_address });
      });
      expect(errors.map((e) => (e as { error: { code: string; field?: string } }).error)).toEqual([
        { code: "invalid_json", message: expect.stringContaining("not valid JSON") },
        { code: "invalid_json", message: expect.stringContaining("only integers"), field: "action.orders[0].p" },
        { code: "invalid_action", message: expect.stringContaining("null"), field: "action.builder" },
        { code: "invalid_line", message: expect.stringContaining("nonce"), field: "nonce" },
        { code: "invalid_line", message: expect.stringContaining("vault_address"), field: "vault_address" },
        { code: "invalid_line", message: expect.stringContaining("expires_after"), field: "expires_after" },
        { code: "invalid_line", message: expect.stringContaining("JSON object"), field: "action" },
        { code: "invalid_line", message: expect.stringContaining("unknown key"), field: "signature" },
      ]);
      expect(run.stdout.toLowerCase()).not.toContain(keyBody(KEY));
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    "sign --testnet reproduces the testnet vectors, and the other keys' vectors come back too",
    async () => {
      for (const key of keys) {
        for (const mainnet of [false, true]) {
          const batch = vectorsOf(key, mainnet);
          if (batch.length === 0 || (key === KEY && mainnet)) continue;
          const run = await cli(mainnet ? ["sign", "--key", key] : ["sign", "--testnet", "--key", key], `${batch.map(signLine).join("\n")}\n`);
          expect(run.code).toBe(0);
          expect(run.lines).toEqual(batch.map((v) => ({ action_hash: v.action_hash, signature: v.signature, signer: v.signer_address })));
          expect(run.stdout.toLowerCase()).not.toContain(keyBody(key));
        }
      }
    },
    SPAWN_TIMEOUT_MS * 4,
  );

  it(
    "integers above 2^53 are hashed exactly, and key order is kept",
    async () => {
      const big = 2n ** 60n + 3n;
      const line = `{"action":{"type":"cancel","cancels":[{"a":0,"o":${big}}]},"nonce":1767225600021}`;
      const reordered = `{"action":{"cancels":[{"o":${big},"a":0}],"type":"cancel"},"nonce":1767225600021}`;
      const run = await cli(["sign", "--key", KEY], `${line}\n${reordered}\n`);
      expect(run.code).toBe(0);
      const toHex = (b: Uint8Array) => `0x${Buffer.from(b).toString("hex")}`;
      expect(run.lines[0]!.action_hash).toBe(toHex(actionHash({ type: "cancel", cancels: [{ a: 0, o: big }] }, 1767225600021)));
      expect(run.lines[1]!.action_hash).toBe(toHex(actionHash({ cancels: [{ o: big, a: 0 }], type: "cancel" }, 1767225600021)));
      expect(run.lines[0]!.action_hash).not.toBe(run.lines[1]!.action_hash);
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    "recover gives the signer from padded and Python-SDK signatures, per network, and refuses bad signatures",
    async () => {
      const mainnet = l1.filter((v) => v.is_mainnet);
      const lines = mainnet.flatMap((v) => {
        const base = JSON.parse(signLine(v)) as Record<string, unknown>;
        const out = [JSON.stringify({ ...base, signature: v.signature })];
        if (v.signature_python_sdk_form !== undefined) out.push(JSON.stringify({ ...base, signature: v.signature_python_sdk_form }));
        return out;
      });
      const expected = mainnet.flatMap((v) => (v.signature_python_sdk_form === undefined ? [v.signer_address] : [v.signer_address, v.signer_address]));
      const bad = [
        `{"action":{"type":"noop"},"nonce":1,"signature":{"r":"0x1","s":"0x1","v":29}}`,
        `{"action":{"type":"noop"},"nonce":1}`,
      ];
      const run = await cli(["recover"], `${[...lines, ...bad].join("\n")}\n`);
      expect(run.code).toBe(1);
      expect(run.lines.slice(0, lines.length)).toEqual(expected.map((signer) => ({ signer })));
      expect(run.lines.slice(lines.length)).toEqual([
        { error: { code: "invalid_line", message: expect.stringContaining("v must be 27 or 28"), field: "signature" } },
        { error: { code: "invalid_line", message: expect.stringContaining("signature"), field: "signature" } },
      ]);

      const testnet = l1.filter((v) => !v.is_mainnet);
      const onTestnet = await cli(["recover", "--testnet"], `${testnet.map((v) => JSON.stringify({ ...JSON.parse(signLine(v)), signature: v.signature })).join("\n")}\n`);
      expect(onTestnet.code).toBe(0);
      expect(onTestnet.lines).toEqual(testnet.map((v) => ({ signer: v.signer_address })));
      // The same testnet signatures checked as mainnet recover to other addresses.
      const wrongNetwork = await cli(["recover"], `${testnet.map((v) => JSON.stringify({ ...JSON.parse(signLine(v)), signature: v.signature })).join("\n")}\n`);
      wrongNetwork.lines.forEach((line, i) => expect(line.signer).not.toBe(testnet[i]!.signer_address));
    },
    SPAWN_TIMEOUT_MS * 3,
  );

  it(
    "usage errors exit 2 and never echo the key",
    async () => {
      const secret = keyBody(KEY);
      const runs = await Promise.all([
        cli([]),
        cli(["frobnicate"]),
        cli([secret]),
        cli(["sign", "--kye", KEY]),
        cli(["sign", "--key", KEY, "--key-file", "/nonexistent"]),
        cli(["sign", "--key", `${secret.slice(0, 60)}zz`]),
        cli(["sign", "--testnet=yes", "--key", KEY]),
        cli(["address", "--key-file", join(tmp, "missing")]),
        cli(["recover", KEY]),
      ]);
      for (const run of runs) {
        expect(run.code).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toContain("usage: npm run hyperliquid");
        expect(run.stderr.toLowerCase()).not.toContain(secret.slice(0, 16));
      }
      const [missing, unknown, pasted, typo, both, badKey, valued, noFile] = runs;
      expect(missing!.stderr).toContain("missing command");
      expect(unknown!.stderr).toContain("unknown command frobnicate");
      expect(pasted!.stderr).toContain("unknown command\n");
      expect(typo!.stderr).toContain("unknown option --kye");
      expect(both!.stderr).toContain("exactly one of --key or --key-file");
      expect(badKey!.stderr).toContain("private key is invalid");
      expect(valued!.stderr).toContain("--testnet takes no value");
      expect(noFile!.stderr).toContain("--key-file cannot be read");
      const help = await cli(["help"]);
      expect(help).toMatchObject({ code: 0, stderr: "" });
      expect(help.stdout).toContain("usage: npm run hyperliquid");
    },
    SPAWN_TIMEOUT_MS,
  );
});
