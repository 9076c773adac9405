/**
 * The scalar field: integers mod the prime group order n of ECgFp5 (SPEC §1.5, scalar_field.go).
 * Scalars are bigints in [0, n); they serialise as 40 bytes little-endian.
 */
import type { Gfp5 } from "./gfp5.js";

export const SCALAR_ORDER =
  1067993516717146951041484916571792702745057740581727230159139685185762082554198619328292418486241n;

export const SCALAR_BYTES = 40;

const n = SCALAR_ORDER;

/** The little-endian integer of exactly 40 bytes (no reduction); read as five u64 limbs for speed. */
export function leBytesToBigint(bytes: Uint8Array): bigint {
  if (bytes.length !== SCALAR_BYTES) throw new RangeError(`a scalar is 40 bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, SCALAR_BYTES);
  return (
    view.getBigUint64(0, true) |
    (view.getBigUint64(8, true) << 64n) |
    (view.getBigUint64(16, true) << 128n) |
    (view.getBigUint64(24, true) << 192n) |
    (view.getBigUint64(32, true) << 256n)
  );
}

/** Go's ScalarElementFromLittleEndianBytes (v0.0.15): 40 bytes LE, reduced mod n when >= n. */
export function scalarFromLeBytes(bytes: Uint8Array): bigint {
  return leBytesToBigint(bytes) % n;
}

/** 40 bytes little-endian of a scalar in [0, n). */
export function scalarToLeBytes(s: bigint): Uint8Array {
  const out = new Uint8Array(SCALAR_BYTES);
  writeScalarLe(new DataView(out.buffer), 0, s);
  return out;
}

/** Writes LE40(s) of a scalar in [0, n) at byte `offset` of `view` (signatures write s and e in place). */
export function writeScalarLe(view: DataView, offset: number, s: bigint): void {
  if (s < 0n || s >= n) throw new RangeError("scalar out of range [0, n)");
  // setBigUint64 keeps the low 64 bits of its argument, so each limb is a plain shift.
  view.setBigUint64(offset, s, true);
  view.setBigUint64(offset + 8, s >> 64n, true);
  view.setBigUint64(offset + 16, s >> 128n, true);
  view.setBigUint64(offset + 24, s >> 192n, true);
  view.setBigUint64(offset + 32, s >> 256n, true);
}

/** Go's FromGfp5: (sum canonical(e_i)·2^(64 i)) mod n. */
export function scalarFromGfp5(e: Gfp5): bigint {
  return (e[0] | (e[1] << 64n) | (e[2] << 128n) | (e[3] << 192n) | (e[4] << 256n)) % n;
}

/** (a - b) mod n for a, b in [0, n): never negative (JS % keeps the dividend's sign). */
export function scalarSub(a: bigint, b: bigint): bigint {
  const d = a - b;
  return d < 0n ? d + n : d;
}

export function scalarMul(a: bigint, b: bigint): bigint {
  return (a * b) % n;
}

export function isScalar(s: bigint): boolean {
  return s >= 0n && s < n;
}
