/** Signing-core benchmark: medians in microseconds (see scripts/bench.ts). */
import { mulGenerator } from "../../src/lighter/crypto/ecgfp5.js";
import { gfp5Mul, type Gfp5 } from "../../src/lighter/crypto/gfp5.js";
import { hashToQuinticExtension, parsePrivateKey, publicKeyFromPrivate, schnorrSign, schnorrVerify } from "../../src/lighter/crypto/index.js";
import { poseidon2Permute } from "../../src/lighter/crypto/poseidon2.js";
import { medianMicros } from "./measure.js";

// A throwaway key (the sk = 3 test key family); never a real one.
const SK = parsePrivateKey("03" + "00".repeat(39));

export async function run(): Promise<Record<string, number>> {
  const a: Gfp5 = [1n, 2n, 3n, 4n, 5n].map((x) => x * 0x1234567890abcdefn) as unknown as Gfp5;
  const b: Gfp5 = [9n, 8n, 7n, 6n, 5n].map((x) => x * 0xfedcba0987654321n) as unknown as Gfp5;
  const state = Array.from({ length: 12 }, (_, i) => BigInt(i));
  const m = hashToQuinticExtension([304n, 14n, 7n]);
  const pk = publicKeyFromPrivate(SK);
  const sig = schnorrSign(m, SK);
  let k = 0x123456789abcdef0123456789n;

  return {
    gfp5_mul_us: medianMicros(() => gfp5Mul(a, b), { batch: 20000, samples: 15 }),
    poseidon2_permute_us: medianMicros(() => poseidon2Permute(state), { batch: 500, samples: 15 }),
    mul_g_us: medianMicros(() => mulGenerator((k = (k * 3n + 1n) % (1n << 318n))), { batch: 10, samples: 11 }),
    schnorr_sign_us: medianMicros(() => schnorrSign(m, SK), { batch: 10, samples: 11 }),
    verify_us: medianMicros(() => schnorrVerify(pk, m, sig), { batch: 5, samples: 11 }),
  };
}
