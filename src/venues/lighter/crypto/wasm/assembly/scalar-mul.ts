// Scalar multiplication. Scalars arrive as 5 little-endian u64 limbs (320 bits) in linear memory.
//
// k*G uses a fixed-base comb with 7-bit signed digits: k = sum d_i 128^i, d_i in [-63, 64], and a
// table T[i][j-1] = j * 128^i * G (affine) for i < 46, j in 1..64, so k*G is at most 46 affine
// additions and no doubling. The table (46*64*80 bytes = 230 KiB) is built on first use.
// Why 7 bits: 8-bit digits save 6 of 46 additions per k*G (~13%) but need 5120 table entries instead of
// 2944, and building the table is what a cold isolate waits for before its first signature.
// NOT constant-time: which table entry is read, and whether an addition happens, depend on k.
import { AFFINE_BYTES, POINT_BYTES, pointAdd, pointAddAffine, pointDouble, pointNegate, pointSetNeutral } from "./curve";
import { g5Copy, g5Inverse, g5Mul, g5Neg } from "./gfp5";

const DIGIT_BITS: i32 = 7;
/** 46 * 7 = 322 bits: k < 2^319 plus the last digit's carry fit without overflow. */
const WINDOWS: i32 = 46;
const ENTRIES: i32 = 1 << (DIGIT_BITS - 1);
const WINDOW_BYTES: usize = <usize>ENTRIES * AFFINE_BYTES;

/** GENERATOR_ECgFp5Point: X, Z = 1, U = 1, T = 4. */
const GENERATOR: usize = memory.data<u64>([
  12883135586176881569, 4356519642755055268, 5248930565894896907, 2165973894480315022, 2448410071095648785,
  1, 0, 0, 0, 0,
  1, 0, 0, 0, 0,
  4, 0, 0, 0, 0,
]);

let table: usize = 0;

/** Projective j*B for one window, before normalisation (ENTRIES points). */
const WINDOW_POINTS: usize = memory.data(ENTRIES * <i32>POINT_BYTES);
/** Batch inversion prefix products for the 2*ENTRIES denominators (Z and T) of one window. */
const PREFIX: usize = memory.data(2 * ENTRIES * 40);
const BASE: usize = memory.data(160);
/** BASE in affine form (x, u), so each entry of a window costs a mixed addition (8M) instead of 10M. */
const AFFINE_BASE: usize = memory.data(80);
const INV: usize = memory.data(40);
const TMP: usize = memory.data(40);

/** AFFINE_BASE = (X/Z, U/T) of BASE, with one inversion of Z*T. */
function normaliseBase(): void {
  g5Mul(TMP, BASE + 40, BASE + 120);
  g5Inverse(INV, TMP); // 1/(Z T)
  g5Mul(TMP, INV, BASE + 120); // 1/Z
  g5Mul(AFFINE_BASE, BASE, TMP);
  g5Mul(TMP, INV, BASE + 40); // 1/T
  g5Mul(AFFINE_BASE + 40, BASE + 80, TMP);
}

/** Denominator k of the current window: Z of point k/2 for even k, T for odd k. */
// @ts-ignore: decorator
@inline function denominator(k: i32): usize {
  return WINDOW_POINTS + <usize>(k >> 1) * POINT_BYTES + ((k & 1) ? 120 : 40);
}

/** Writes the affine (X/Z, U/T) of the window's ENTRIES points with one field inversion (Montgomery's trick). */
function normaliseWindow(out: usize): void {
  const count: i32 = 2 * ENTRIES;
  g5Copy(PREFIX, denominator(0));
  for (let k: i32 = 1; k < count; k++) g5Mul(PREFIX + <usize>k * 40, PREFIX + <usize>(k - 1) * 40, denominator(k));
  g5Inverse(INV, PREFIX + <usize>(count - 1) * 40);
  for (let k: i32 = count - 1; k >= 0; k--) {
    // INV = 1 / (d_0 ... d_k); 1/d_k = INV * (d_0 ... d_{k-1}).
    if (k > 0) g5Mul(TMP, INV, PREFIX + <usize>(k - 1) * 40);
    else g5Copy(TMP, INV);
    g5Mul(INV, INV, denominator(k));
    const point = WINDOW_POINTS + <usize>(k >> 1) * POINT_BYTES;
    const dst = out + <usize>(k >> 1) * AFFINE_BYTES + ((k & 1) ? 40 : 0);
    g5Mul(dst, (k & 1) ? point + 80 : point, TMP);
  }
}

/** Builds the comb table once; later calls return at once. Returns the table address. */
export function combInit(): usize {
  if (table != 0) return table;
  const bytes = <usize>WINDOWS * WINDOW_BYTES;
  const start = <usize>memory.size() << 16;
  if (memory.grow(<i32>((bytes + 0xffff) >> 16)) < 0) unreachable();
  memory.copy(BASE, GENERATOR, POINT_BYTES);
  for (let i: i32 = 0; i < WINDOWS; i++) {
    normaliseBase();
    memory.copy(WINDOW_POINTS, BASE, POINT_BYTES);
    pointDouble(WINDOW_POINTS + POINT_BYTES, BASE);
    for (let j: i32 = 2; j < ENTRIES; j++) {
      const dst = WINDOW_POINTS + <usize>j * POINT_BYTES;
      pointAddAffine(dst, dst - POINT_BYTES, AFFINE_BASE, false);
    }
    normaliseWindow(start + <usize>i * WINDOW_BYTES);
    pointDouble(BASE, WINDOW_POINTS + <usize>(ENTRIES - 1) * POINT_BYTES); // 128^(i+1) G = 2 * (64 * 128^i G)
  }
  table = start;
  return table;
}

/** The scalar, zero-padded so the last window's two-byte read stays inside it. */
const K_BYTES: usize = memory.data(48);

/** r = k*G for k < 2^319 (5 limbs at k). */
export function mulGenerator(r: usize, k: usize): void {
  const t = combInit();
  memory.copy(K_BYTES, k, 40);
  store<u64>(K_BYTES, 0, 40);
  pointSetNeutral(r);
  let empty = true; // r is still the neutral point: the first entry is copied, not added
  let carry: i32 = 0;
  for (let i: i32 = 0; i < WINDOWS; i++) {
    const bit = i * DIGIT_BITS;
    let v = ((<i32>load<u16>(K_BYTES + <usize>(bit >> 3)) >> (bit & 7)) & ((1 << DIGIT_BITS) - 1)) + carry;
    carry = 0;
    if (v > ENTRIES) {
      v -= 1 << DIGIT_BITS;
      carry = 1;
    }
    if (v != 0) {
      const entry = t + <usize>i * WINDOW_BYTES + <usize>((v < 0 ? -v : v) - 1) * AFFINE_BYTES;
      if (empty) {
        g5Copy(r, entry); // (x : 1, +-u : 1); Z and T of the neutral point are already 1
        if (v < 0) g5Neg(r + 80, entry + 40);
        else g5Copy(r + 80, entry + 40);
        empty = false;
      } else pointAddAffine(r, r, entry, v < 0);
    }
  }
  store<u64>(K_BYTES, 0, 0); // no copy of a nonce or key stays behind
  store<u64>(K_BYTES, 0, 8);
  store<u64>(K_BYTES, 0, 16);
  store<u64>(K_BYTES, 0, 24);
  store<u64>(K_BYTES, 0, 32);
}

/** Multiples 1..8 of the variable base, for 4-bit signed windows. */
const MULTIPLES: usize = memory.data(<i32>(8 * 160));
const NEG_ENTRY: usize = memory.data(160);
const DIGITS: usize = memory.data(81);

/** r = k*p for any k < 2^320 (variable base, 4-bit signed windows; for verification). */
export function mulPoint(r: usize, p: usize, k: usize): void {
  memory.copy(MULTIPLES, p, POINT_BYTES);
  pointDouble(MULTIPLES + POINT_BYTES, p);
  for (let j: i32 = 2; j < 8; j++) {
    const dst = MULTIPLES + <usize>j * POINT_BYTES;
    pointAdd(dst, dst - POINT_BYTES, p);
  }
  // Signed digits d_i in [-8, 8], k = sum d_i 16^i; 81 digits cover 320 bits plus a final carry.
  const digits = DIGITS;
  let carry: i32 = 0;
  for (let i: i32 = 0; i < 80; i++) {
    const byte = <i32>load<u8>(k + <usize>(i >> 1));
    let v = ((i & 1) ? byte >> 4 : byte & 15) + carry;
    carry = 0;
    if (v > 8) {
      v -= 16;
      carry = 1;
    }
    store<i8>(digits + <usize>i, <i8>v);
  }
  store<i8>(digits + 80, <i8>carry);
  pointSetNeutral(r);
  for (let i: i32 = 80; i >= 0; i--) {
    if (i != 80) {
      pointDouble(r, r);
      pointDouble(r, r);
      pointDouble(r, r);
      pointDouble(r, r);
    }
    const d = <i32>load<i8>(digits + <usize>i);
    if (d > 0) pointAdd(r, r, MULTIPLES + <usize>(d - 1) * POINT_BYTES);
    else if (d < 0) {
      pointNegate(NEG_ENTRY, MULTIPLES + <usize>(-d - 1) * POINT_BYTES);
      pointAdd(r, r, NEG_ENTRY);
    }
  }
}
