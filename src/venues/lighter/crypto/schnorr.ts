/**
 * Schnorr signatures over ECgFp5 with a Poseidon2 challenge (SPEC §1.7, signature/schnorr/schnorr.go).
 * Signature = LE40(s) || LE40(e), e = FromGfp5(H(Encode(k·G) || m)), s = k - e·sk mod n.
 */
import { takeCommitment } from "./commitments.js";
import { encodedLinearCombination, encodedMulGenerator } from "./ecgfp5.js";
import { type Gfp5, gfp5IsZero, isCanonicalGfp5 } from "./gfp5.js";
import { hashToQuinticExtension } from "./poseidon2.js";
import { SCALAR_BYTES, isScalar, leBytesToBigint, scalarFromGfp5, scalarMul, scalarSub, writeScalarLe } from "./scalar.js";

export const SIGNATURE_BYTES = 2 * SCALAR_BYTES;

function challenge(r: Gfp5, m: Gfp5): bigint {
  return scalarFromGfp5(hashToQuinticExtension([r[0], r[1], r[2], r[3], r[4], m[0], m[1], m[2], m[3], m[4]]));
}

/** The 40-byte public key as GF(p^5), or null unless it is 40 bytes of canonical limbs. */
function canonicalGfp5FromBytes(bytes: Uint8Array): Gfp5 | null {
  if (bytes.length !== 40) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 40);
  const limbs: bigint[] = [];
  for (let i = 0; i < 5; i++) limbs.push(view.getBigUint64(8 * i, true));
  return isCanonicalGfp5(limbs) ? limbs : null;
}

/**
 * Signs a 40-byte message hash (a GF(p^5) element, e.g. a tx hash). k must be fresh and secret for every
 * signature (a repeated k reveals sk); omit it to use a precomputed commitment (see commitments.ts) or,
 * when none is left, a freshly drawn uniform k. An explicit k is for known-answer tests.
 */
export function schnorrSign(messageHash: Gfp5, sk: bigint, k?: bigint): Uint8Array {
  if (!isCanonicalGfp5(messageHash)) throw new RangeError("message hash must be 5 canonical GF(p) limbs");
  if (!isScalar(sk)) throw new RangeError("private key scalar out of range [0, n)");
  if (k !== undefined && (k <= 0n || !isScalar(k))) throw new RangeError("nonce k out of range [1, n)");
  const { k: nonce, r } = k === undefined ? takeCommitment() : { k, r: encodedMulGenerator(k) };
  const e = challenge(r, messageHash);
  const s = scalarSub(nonce, scalarMul(e, sk));
  const out = new Uint8Array(SIGNATURE_BYTES);
  const view = new DataView(out.buffer);
  writeScalarLe(view, 0, s);
  writeScalarLe(view, SCALAR_BYTES, e);
  return out;
}

/**
 * true iff signature is a valid canonical signature of messageHash under publicKey. Never throws: any
 * malformed input is false. Stricter than Go on purpose: s, e >= n, public-key limbs >= p (so every key
 * has one encoding) and the neutral public key (w = 0, for which anyone can forge) are rejected.
 */
export function schnorrVerify(publicKey: Uint8Array, messageHash: Gfp5, signature: Uint8Array): boolean {
  try {
    if (!(publicKey instanceof Uint8Array) || !(signature instanceof Uint8Array)) return false;
    if (signature.length !== SIGNATURE_BYTES || !isCanonicalGfp5(messageHash)) return false;
    const w = canonicalGfp5FromBytes(publicKey);
    if (w === null || gfp5IsZero(w)) return false;
    const s = leBytesToBigint(signature.subarray(0, SCALAR_BYTES));
    const e = leBytesToBigint(signature.subarray(SCALAR_BYTES));
    if (!isScalar(s) || !isScalar(e)) return false;
    const rv = encodedLinearCombination(s, e, w); // Encode(s·G + e·pk); null when pk does not decode
    return rv !== null && challenge(rv, messageHash) === e;
  } catch {
    return false;
  }
}
