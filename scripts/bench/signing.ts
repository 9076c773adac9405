/**
 * Signing-core benchmark: medians in microseconds (see scripts/bench.ts), plus the table build in ms and
 * the 1-minute load average at the end (the machine is shared: compare figures only at similar load).
 */
import { loadavg } from "node:os";
import { encodedMulGenerator } from "../../src/venues/lighter/crypto/ecgfp5.js";
import {
  hashToQuinticExtension,
  parsePrivateKey,
  precomputeCommitments,
  precomputedCommitmentCount,
  publicKeyFromPrivate,
  schnorrSign,
  schnorrVerify,
} from "../../src/venues/lighter/crypto/index.js";
import { poseidon2Permute } from "../../src/venues/lighter/crypto/poseidon2.js";
import { IO_A, IO_B, IO_R, getCore } from "../../src/venues/lighter/crypto/wasm/core.js";
import { signTx } from "../../src/venues/lighter/tx/sign.js";
import vectors from "../../test/fixtures/lighter/vectors_go.json";
import { medianMicros } from "./measure.js";

// A throwaway key; never a real one.
const SK = parsePrivateKey("03" + "00".repeat(39));

/** A CreateOrder as the gateway signs it: the first Go vector (limit GTT buy), without its signature. */
const { Sig: _sig, L2TxAttributes: _attributes, ...CREATE_ORDER } = JSON.parse(vectors.transactions[0]!.tx_info) as Record<string, unknown>;

/** Median per-call time of signTx when each call takes a commitment precomputed outside the timed loop. */
function precomputedSignMicros(batch: number, samples: number): number {
  const perCall: number[] = [];
  for (let s = 0; s < samples + 1; s++) {
    precomputeCommitments(batch);
    const start = performance.now();
    for (let i = 0; i < batch; i++) signTx(304, 14, CREATE_ORDER, SK);
    if (s > 0) perCall.push(((performance.now() - start) * 1000) / batch); // sample 0 is warm-up
  }
  if (precomputedCommitmentCount() !== 0) throw new Error("benchmark left commitments unused");
  perCall.sort((a, b) => a - b);
  return Math.round(perCall[perCall.length >> 1]! * 1000) / 1000;
}

export async function run(): Promise<Record<string, number>> {
  const t0 = performance.now();
  const core = getCore(); // instantiation + k·G comb table build (once per isolate)
  const tableBuildMs = Math.round((performance.now() - t0) * 100) / 100;

  const c = core.exports;
  const a = core.io + IO_A, b = core.io + IO_B, r = core.io + IO_R;
  core.u64.set([1n, 2n, 3n, 4n, 5n].map((x) => x * 0x1234567890abcdefn), a >> 3);
  core.u64.set([9n, 8n, 7n, 6n, 5n].map((x) => x * 0xfedcba0987654321n), b >> 3);
  const state = Array.from({ length: 12 }, (_, i) => BigInt(i));
  const m = hashToQuinticExtension([304n, 14n, 7n]);
  const pk = publicKeyFromPrivate(SK);
  const sig = schnorrSign(m, SK);
  let k = 0x123456789abcdef0123456789n;

  return {
    table_build_ms: tableBuildMs,
    gfp5_mul_us: medianMicros(() => c.g5_mul(r, a, b), { batch: 100000, samples: 15 }),
    poseidon2_permute_us: medianMicros(() => poseidon2Permute(state), { batch: 5000, samples: 15 }),
    mul_g_us: medianMicros(() => encodedMulGenerator((k = (k * 3n + 1n) % (1n << 318n))), { batch: 500, samples: 15 }),
    schnorr_sign_us: medianMicros(() => schnorrSign(m, SK), { batch: 500, samples: 15 }),
    verify_us: medianMicros(() => schnorrVerify(pk, m, sig), { batch: 50, samples: 11 }),
    sign_create_order_us: medianMicros(() => signTx(304, 14, CREATE_ORDER, SK), { batch: 500, samples: 15 }),
    sign_precomputed_us: precomputedSignMicros(500, 15),
    signing_bench_loadavg_1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
