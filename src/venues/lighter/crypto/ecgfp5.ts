/**
 * The ECgFp5 group (SPEC §1.4, poseidon_crypto curve/ecgfp5, a port of Pornin's ecgfp5):
 * y^2 = x(x^2 + a x + b) over GF(p^5), a = 2, b = 263·X, prime order n, neutral N = (0, 0).
 * Points are in fractional (x, u) coordinates (X:Z, U:T), x = X/Z, u = x/y = U/T, with complete formulas.
 * The group law and scalar multiplication run in the WebAssembly core (wasm/assembly/curve.ts,
 * scalar-mul.ts); k·G uses a precomputed comb table and is NOT constant-time in k.
 */
import { GOLDILOCKS_P } from "./goldilocks.js";
import { type Gfp5, GFP5_ONE, GFP5_ZERO, gfp5Equals, gfp5FromBytes, gfp5Mul, gfp5ToBytes } from "./gfp5.js";
import { type Core, IO_A, IO_B, IO_K, IO_R, getCore, readLimbs, wipeScalar, writeLimbs, writeScalar } from "./wasm/core.js";

export interface CurvePoint {
  readonly x: Gfp5;
  readonly z: Gfp5;
  readonly u: Gfp5;
  readonly t: Gfp5;
}

export const NEUTRAL: CurvePoint = { x: GFP5_ZERO, z: GFP5_ONE, u: GFP5_ZERO, t: GFP5_ONE };

/** GENERATOR_ECgFp5Point; Encode(G) = [4, 0, 0, 0, 0]. */
export const GENERATOR: CurvePoint = {
  x: [12883135586176881569n, 4356519642755055268n, 5248930565894896907n, 2165973894480315022n, 2448410071095648785n],
  z: GFP5_ONE,
  u: GFP5_ONE,
  t: [4n, 0n, 0n, 0n, 0n],
};

const SCALAR_LIMIT = 1n << 320n;
/** The comb table for k·G covers k < 2^319 (the group order n is below it). */
const GENERATOR_SCALAR_LIMIT = 1n << 319n;

function writePoint(c: Core, offset: number, p: CurvePoint): void {
  writeLimbs(c, offset, p.x);
  writeLimbs(c, offset + 40, p.z);
  writeLimbs(c, offset + 80, p.u);
  writeLimbs(c, offset + 120, p.t);
}

function readPoint(c: Core, offset: number): CurvePoint {
  return { x: readLimbs(c, offset), z: readLimbs(c, offset + 40), u: readLimbs(c, offset + 80), t: readLimbs(c, offset + 120) };
}

function checkScalar(k: bigint): void {
  if (k < 0n || k >= SCALAR_LIMIT) throw new RangeError("scalar must be in [0, 2^320)");
}

function checkGeneratorScalar(k: bigint): void {
  if (k < 0n || k >= GENERATOR_SCALAR_LIMIT) throw new RangeError("scalar must be in [0, 2^319)");
}

/** Complete addition (point.go Add). */
export function pointAdd(p: CurvePoint, q: CurvePoint): CurvePoint {
  const c = getCore();
  writePoint(c, IO_A, p);
  writePoint(c, IO_B, q);
  c.exports.point_add(c.io + IO_R, c.io + IO_A, c.io + IO_B);
  return readPoint(c, IO_R);
}

/** Doubling (point.go SetDouble). */
export function pointDouble(p: CurvePoint): CurvePoint {
  const c = getCore();
  writePoint(c, IO_A, p);
  c.exports.point_double(c.io + IO_R, c.io + IO_A);
  return readPoint(c, IO_R);
}

/** -P = (X:Z, -U:T). */
export function pointNeg(p: CurvePoint): CurvePoint {
  const u = p.u.map((limb) => (limb === 0n ? 0n : GOLDILOCKS_P - limb)) as unknown as Gfp5;
  return { x: p.x, z: p.z, u, t: p.t };
}

/** k·P for k in [0, 2^320) (variable base; for verification). */
export function pointMul(p: CurvePoint, k: bigint): CurvePoint {
  checkScalar(k);
  const c = getCore();
  writePoint(c, IO_A, p);
  writeScalar(c, IO_K, k);
  c.exports.mul_point(c.io + IO_R, c.io + IO_A, c.io + IO_K);
  wipeScalar(c, IO_K);
  return readPoint(c, IO_R);
}

/** k·G for k in [0, 2^319) by the comb table (k·G for the group order n < 2^319 and below). */
export function mulGenerator(k: bigint): CurvePoint {
  checkGeneratorScalar(k);
  const c = getCore();
  writeScalar(c, IO_K, k);
  c.exports.mul_generator(c.io + IO_R, c.io + IO_K);
  wipeScalar(c, IO_K);
  return readPoint(c, IO_R);
}

/** w = T/U = y/x, the 40-byte-serialisable encoding; the neutral point encodes to 0. */
export function encodePoint(p: CurvePoint): Gfp5 {
  const c = getCore();
  writePoint(c, IO_A, p);
  c.exports.point_encode(c.io + IO_R, c.io + IO_A);
  return readLimbs(c, IO_R);
}

export function encodePointToBytes(p: CurvePoint): Uint8Array {
  return gfp5ToBytes(encodePoint(p));
}

/** Encode(k·G) without leaving the core: the Schnorr commitment r and public keys. */
export function encodedMulGenerator(k: bigint): Gfp5 {
  checkGeneratorScalar(k);
  const c = getCore();
  writeScalar(c, IO_K, k);
  c.exports.mul_generator(c.io + IO_A, c.io + IO_K);
  wipeScalar(c, IO_K);
  c.exports.point_encode(c.io + IO_R, c.io + IO_A);
  return readLimbs(c, IO_R);
}

/** Encode(s·G + e·P) for the point P encoded by w, or null when w encodes no point (Schnorr verify). */
export function encodedLinearCombination(s: bigint, e: bigint, w: Gfp5): Gfp5 | null {
  checkGeneratorScalar(s);
  checkScalar(e);
  const c = getCore();
  writeLimbs(c, IO_R, w);
  if (!c.exports.point_decode(c.io + IO_B, c.io + IO_R)) return null;
  writeScalar(c, IO_K, e);
  c.exports.mul_point(c.io + IO_R, c.io + IO_B, c.io + IO_K);
  writeScalar(c, IO_K, s);
  c.exports.mul_generator(c.io + IO_A, c.io + IO_K);
  c.exports.point_add(c.io + IO_A, c.io + IO_A, c.io + IO_R);
  c.exports.point_encode(c.io + IO_R, c.io + IO_A);
  return readLimbs(c, IO_R);
}

/** Group equality in fractional coordinates: u1·t2 = u2·t1 identifies the point (w is injective). */
export function pointEquals(p: CurvePoint, q: CurvePoint): boolean {
  return gfp5Equals(gfp5Mul(p.u, q.t), gfp5Mul(q.u, p.t));
}

/** Decode(w): the point with encoding w, or null when w encodes no point (Go's Decode). */
export function decodePoint(w: Gfp5): CurvePoint | null {
  const c = getCore();
  writeLimbs(c, IO_A, w);
  return c.exports.point_decode(c.io + IO_R, c.io + IO_A) ? readPoint(c, IO_R) : null;
}

export function decodePointFromBytes(bytes: Uint8Array): CurvePoint | null {
  if (bytes.length !== 40) return null;
  return decodePoint(gfp5FromBytes(bytes));
}
