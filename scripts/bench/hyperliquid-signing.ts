/**
 * Hyperliquid signing benchmark: medians in microseconds (see scripts/bench.ts), each beside its
 * reference from the same run.
 *
 * - hl_sign_plain_noble_us: the reference, @noble/curves' secp256k1.sign with default settings on the
 *   digest of vector `order-alo-eth-cloid` (after its table is built).
 * - hl_sign_order_path_us: the order path for the same action: msgpack, action hash, EIP-712 digest and
 *   a signature from a precomputed commitment (signL1Action with fast: true); hl_sign_speedup = plain /
 *   order path (target ≥ 8). hl_hash_only_us is the hashing part alone, hl_sign_deterministic_us the
 *   same action signed with RFC 6979 (what the CLI does), hl_precompute_commitment_us one commitment of
 *   a batch of 64 (the work moved off the critical path).
 * - hl_first_signature_cpu_ms: CPU of importing the order path and making the first signature in a fresh
 *   Node process (median of FRESH_RUNS children), target ≤ 10 ms. The order path is bundled with esbuild
 *   first, as wrangler bundles the Worker, so the figure is not Node resolving and tsx compiling many
 *   files. Node loads its WebCrypto implementation lazily on the first crypto.getRandomValues (~3 ms
 *   here; workerd has it built in), so the child touches it before the measured window; the figure with
 *   that load inside the window is hl_first_signature_incl_node_webcrypto_load_cpu_ms. Beside them:
 *   hl_first_address_and_signature_cpu_ms (the desk derives its signer address first) and the floor,
 *   hl_fresh_import_floor_cpu_ms, an empty module imported the same way.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { build } from "esbuild";
import {
  actionHash,
  l1Digest,
  parseAgentKey,
  precomputeSigningCommitments,
  recoverSigner,
  signL1Action,
  signingCommitmentCount,
} from "../../src/venues/hyperliquid/signing/index.js";
import { vectors } from "../../test/venues/hyperliquid/signing/vectors.js";
import { medianMicros } from "./measure.js";

const ROOT = resolve(import.meta.dirname, "../..");
const FRESH_RUNS = 9;

const VECTOR = vectors.l1_vectors.find((v) => v.id === "order-alo-eth-cloid")!;
// The vector's key is a public test key; never a real one.
const KEY = parseAgentKey(VECTOR.private_key);
const REQUEST = { action: VECTOR.action, nonce: VECTOR.nonce, vaultAddress: null, expiresAfter: null, isMainnet: VECTOR.is_mainnet };

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Median per-call time of the order path when each call takes a commitment made outside the timed loop. */
function orderPathMicros(batch: number, samples: number): number {
  const perCall: number[] = [];
  for (let s = 0; s < samples + 1; s++) {
    precomputeSigningCommitments(batch);
    const start = performance.now();
    for (let i = 0; i < batch; i++) signL1Action(REQUEST, KEY, { fast: true });
    if (s > 0) perCall.push(((performance.now() - start) * 1000) / batch); // sample 0 is warm-up
  }
  if (signingCommitmentCount() !== 0) throw new Error("benchmark left commitments unused");
  return median(perCall);
}

/** Median time per commitment when they are made 64 at a time, as a pool top-up makes them. */
function precomputeMicros(samples: number): number {
  const perCommitment: number[] = [];
  for (let s = 0; s < samples + 1; s++) {
    const start = performance.now();
    precomputeSigningCommitments(64);
    if (s > 0) perCommitment.push(((performance.now() - start) * 1000) / 64);
    for (let i = 0; i < 64; i++) signL1Action(REQUEST, KEY, { fast: true }); // empties the pool
  }
  return median(perCommitment);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return round(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}

const CHILD = `
const [bundle, mode] = process.argv.slice(2);
const { key, request } = JSON.parse(process.env.HL_BENCH_INPUT);
const cpuMs = (u) => (u.user + u.system) / 1000;
if (mode !== "with-webcrypto-load") crypto.getRandomValues(new Uint8Array(1));
const before = process.cpuUsage();
const mod = await import(bundle);
if (mode === "address-first") mod.address(key);
const signed = mod.first(key, request);
const cpu = cpuMs(process.cpuUsage(before));
process.stdout.write(JSON.stringify({ cpu, signed }));
`;

const ENTRY = `
import { addressFromPrivateKey, parseAgentKey, signL1Action } from ${JSON.stringify(join(ROOT, "src/venues/hyperliquid/signing/index.ts"))};
export function first(key, request) { return signL1Action(request, parseAgentKey(key), { fast: true }); }
export function address(key) { return addressFromPrivateKey(parseAgentKey(key)); }
`;

/** CPU ms (median over FRESH_RUNS fresh processes) of import + first signature, per mode. */
async function freshProcessFigures(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), "hl-first-signature-"));
  try {
    writeFileSync(join(dir, "entry.js"), ENTRY);
    writeFileSync(join(dir, "empty.mjs"), "export function first() { return undefined; }\n");
    writeFileSync(join(dir, "child.mjs"), CHILD);
    await build({ entryPoints: [join(dir, "entry.js")], bundle: true, format: "esm", platform: "neutral", outfile: join(dir, "bundle.mjs"), logLevel: "error" });
    const input = JSON.stringify({ key: VECTOR.private_key, request: REQUEST });
    const runs = (bundle: string, mode: string): number => {
      const cpus: number[] = [];
      for (let i = 0; i < FRESH_RUNS; i++) {
        const out = execFileSync(process.execPath, [join(dir, "child.mjs"), join(dir, bundle), mode], { encoding: "utf8", env: { ...process.env, HL_BENCH_INPUT: input } });
        const { cpu, signed } = JSON.parse(out) as { cpu: number; signed?: { actionHash: string; signature: { r: string; s: string; v: number } } };
        if (bundle === "bundle.mjs") {
          // The child's signature must be a real one, or the figure means nothing.
          if (signed?.actionHash !== VECTOR.action_hash) throw new Error("fresh-process signature has the wrong action hash");
          if (recoverSigner(l1Digest(actionHash(VECTOR.action, VECTOR.nonce), VECTOR.is_mainnet), signed.signature) !== VECTOR.signer_address) {
            throw new Error("fresh-process signature does not recover to the signer");
          }
        }
        cpus.push(cpu);
      }
      return round(median(cpus), 2);
    };
    return {
      hl_first_signature_cpu_ms: runs("bundle.mjs", "signature"),
      hl_first_signature_incl_node_webcrypto_load_cpu_ms: runs("bundle.mjs", "with-webcrypto-load"),
      hl_first_address_and_signature_cpu_ms: runs("bundle.mjs", "address-first"),
      hl_fresh_import_floor_cpu_ms: runs("empty.mjs", "signature"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Record<string, number>> {
  // Before anything here warms the code up or loads WebCrypto in this process: the children are fresh anyway.
  const fresh = await freshProcessFigures();

  const digest = l1Digest(actionHash(VECTOR.action, VECTOR.nonce), VECTOR.is_mainnet);
  const plain = medianMicros(() => secp256k1.sign(digest, KEY), { batch: 300, samples: 15 });
  const orderPath = orderPathMicros(500, 15);
  return {
    hl_sign_plain_noble_us: plain,
    hl_sign_order_path_us: orderPath,
    hl_sign_speedup: round(plain / orderPath, 1),
    hl_hash_only_us: medianMicros(() => l1Digest(actionHash(VECTOR.action, VECTOR.nonce), VECTOR.is_mainnet), { batch: 1000, samples: 15 }),
    hl_sign_deterministic_us: medianMicros(() => signL1Action(REQUEST, KEY), { batch: 300, samples: 15 }),
    hl_precompute_commitment_us: precomputeMicros(15),
    ...fresh,
    hl_signing_bench_loadavg_1m: round(loadavg()[0] ?? 0, 2),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run()));
}
