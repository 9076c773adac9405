/**
 * The Lighter CLI as a trader runs it: a child process fed on stdin. Each spawn costs ~0.5 s of tsx
 * start-up, so each one checks a whole batch of lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTool, SPAWN_TIMEOUT_MS, type Run } from "./run-tool";
import vectors from "../fixtures/lighter/vectors_go.json";

const KEY = vectors.transactions[0]!.private_key_hex;
const PUBLIC_KEY = vectors.transactions[0]!.public_key_hex;

function cli(args: readonly string[], stdin = ""): Promise<Run> {
  return runTool("scripts/lighter-cli.ts", args, stdin);
}

const withoutSig = (txInfo: string) => txInfo.replace(/"Sig":"[^"]*",/, "");
const mainnet = vectors.transactions.filter((v) => v.chain_id === 304);
const testnet = vectors.transactions.find((v) => v.chain_id === 300)!;
const tmp = mkdtempSync(join(tmpdir(), "lighter-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("lighter CLI", () => {
  it(
    "keygen makes a key pair that pubkey reproduces",
    async () => {
      const generated = await cli(["keygen"]);
      expect(generated.code).toBe(0);
      expect(generated.lines).toHaveLength(1);
      const pair = generated.lines[0] as { private_key: string; public_key: string };
      expect(Object.keys(pair)).toEqual(["private_key", "public_key"]);
      expect(pair.private_key).toMatch(/^0x[0-9a-f]{80}$/);
      expect(pair.public_key).toMatch(/^[0-9a-f]{80}$/);
      const derived = await cli(["pubkey", "--key", pair.private_key]);
      expect(derived).toMatchObject({ code: 0, lines: [{ public_key: pair.public_key }] });
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    "pubkey reads a key file and gives the vector's public key",
    async () => {
      const file = join(tmp, "key");
      writeFileSync(file, `0x${KEY}\n`);
      const run = await cli(["pubkey", "--key-file", file]);
      expect(run).toMatchObject({ code: 0, lines: [{ public_key: PUBLIC_KEY }] });
    },
    SPAWN_TIMEOUT_MS,
  );

  let signed: Run;
  it(
    "sign reproduces every mainnet vector's hash and tx_info, and goes on after a bad line",
    async () => {
      const lines = mainnet.map((v) => `{"tx_type":${v.tx_type},"tx_info":${withoutSig(v.tx_info)}}`);
      const bad = [
        "this is not json",
        `{"tx_type":14,"tx_info":${withoutSig(mainnet[0]!.tx_info).replace('"Price":350000', '"Price":0')}}`,
        `{"tx_type":8,"tx_info":{}}`,
        `{"tx_type":15,"tx_info":{"AccountIndex":1,"ApiKeyIndex":0,"MarketIndex":0,"Index":"1152921504606846976","ExpiredAt":0,"Nonce":0}}`,
      ];
      // Big integers as decimal strings give the same transaction as JSON numbers.
      const big = mainnet.find((v) => v.name === "create_order_subaccount_large_values")!;
      const asStrings = withoutSig(big.tx_info).replace(/:(\d+)/g, ':"$1"');
      const input = [lines[0], bad[0], ...lines.slice(1), bad[1], bad[2], "", bad[3], `{"tx_type":14,"tx_info":${asStrings}}`];
      signed = await cli(["sign", "--key", KEY], `${input.join("\n")}\n`);
      expect(signed.code).toBe(1);
      expect(signed.stderr).toBe("");
      expect(signed.lines).toHaveLength(mainnet.length + bad.length + 1);
      const [first, notJson, ...rest] = signed.lines;
      const results = [first, ...rest.slice(0, mainnet.length - 1)];
      results.forEach((line, i) => {
        const v = mainnet[i]!;
        expect(line).toMatchObject({ tx_type: v.tx_type, tx_hash: v.tx_hash_hex });
        expect(withoutSig(line?.tx_info as string)).toBe(withoutSig(v.tx_info));
        // A production signature draws a fresh k: same hash, different signature.
        expect(line?.tx_info).not.toBe(v.tx_info);
      });
      expect(notJson).toMatchObject({ error: { code: "invalid_json" } });
      const [badPrice, badType, badIndex, fromStrings] = rest.slice(mainnet.length - 1);
      expect(badPrice).toEqual({ error: { code: "invalid_tx", message: expect.stringContaining("Price"), field: "Price" } });
      expect(badType).toMatchObject({ error: { code: "invalid_line", field: "tx_type" } });
      expect(badIndex).toMatchObject({ error: { code: "invalid_tx", field: "Index" } });
      expect(fromStrings).toMatchObject({ tx_hash: big.tx_hash_hex });
      expect(withoutSig(fromStrings?.tx_info as string)).toBe(withoutSig(big.tx_info));
      expect(signed.stdout).not.toContain(KEY);
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    "verify accepts what sign made and the vectors, and rejects tampering",
    async () => {
      const ok = signed.lines.filter((line) => "tx_hash" in line);
      const request = (txType: unknown, txInfo: unknown, extra = {}) => JSON.stringify({ public_key: PUBLIC_KEY, tx_type: txType, tx_info: txInfo, ...extra });
      const sample = ok[0]!;
      const input = [
        ...ok.map((line) => request(line.tx_type, line.tx_info)),
        request(testnet.tx_type, testnet.tx_info, { chain_id: 300 }),
        request(testnet.tx_type, testnet.tx_info),
        request(sample.tx_type, (sample.tx_info as string).replace('"Nonce":7', '"Nonce":8')),
        JSON.stringify({ public_key: "00", tx_type: 14, tx_info: sample.tx_info }),
        request(sample.tx_type, (sample.tx_info as string).replace(/"Sig":"[^"]*"/, (sig) => sig.replace(/"Sig":"(.)/, (_m, c: string) => `"Sig":"${c === "A" ? "B" : "A"}`))),
      ];
      const run = await cli(["verify"], `${input.join("\n")}\n`);
      expect(run.code).toBe(1);
      expect(run.lines.slice(0, ok.length)).toEqual(ok.map(() => ({ valid: true })));
      expect(run.lines.slice(ok.length)).toEqual([
        { valid: true },
        { valid: false },
        { valid: false },
        { error: { code: "invalid_line", message: expect.stringContaining("public_key"), field: "public_key" } },
        { valid: false },
      ]);
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    "usage errors exit 2 with a message on stderr and never echo the key",
    async () => {
      const typo = await cli(["sign", "--kye", KEY]);
      expect(typo.code).toBe(2);
      expect(typo.stdout).toBe("");
      expect(typo.stderr).toContain("unknown option --kye");
      expect(typo.stderr).not.toContain(KEY);
      const badKey = await cli(["pubkey", "--key", `${KEY.slice(0, 78)}zz`]);
      expect(badKey.code).toBe(2);
      expect(badKey.stderr).toContain("private key is invalid");
      expect(badKey.stderr).not.toContain(KEY.slice(0, 40));
      const pasted = await cli([`0x${KEY}`]);
      expect(pasted.code).toBe(2);
      expect(pasted.stderr).toContain("unknown command");
      expect(pasted.stderr).not.toContain(KEY);
    },
    SPAWN_TIMEOUT_MS,
  );
});
