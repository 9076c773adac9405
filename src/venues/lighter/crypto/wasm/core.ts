/**
 * The WebAssembly arithmetic core, instantiated lazily on first use (never at import: Workers allow
 * instantiation only of an imported module, and module top level must stay side-effect free).
 * Data crosses in linear memory: the host writes u64 limbs into the core's IO area and reads results back.
 */
import coreModule from "#lighter-crypto-wasm";

export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  io(): number;
  fp_mul(a: bigint, b: bigint): bigint;
  fp_add(a: bigint, b: bigint): bigint;
  fp_sub(a: bigint, b: bigint): bigint;
  fp_inverse(a: bigint): bigint;
  fp_sqrt(a: bigint, out: number): number;
  g5_add(r: number, a: number, b: number): void;
  g5_sub(r: number, a: number, b: number): void;
  g5_mul(r: number, a: number, b: number): void;
  g5_square(r: number, a: number): void;
  g5_frobenius(r: number, a: number, k: number): void;
  g5_inverse(r: number, a: number): void;
  g5_legendre(a: number): bigint;
  g5_canonical_sqrt(r: number, a: number): number;
  poseidon2_permute(state: number): void;
  poseidon2_sponge(input: number, count: number, output: number, outputs: number): void;
  point_add(r: number, p: number, q: number): void;
  point_double(r: number, p: number): void;
  point_encode(w: number, p: number): void;
  point_decode(r: number, w: number): number;
  comb_init(): number;
  mul_generator(r: number, k: number): void;
  mul_point(r: number, p: number, k: number): void;
}

/** Byte offsets of the regions inside the IO area (4096 bytes). */
export const IO_A = 0; // a GF(p^5) element or a point (160 bytes)
export const IO_B = 160;
export const IO_R = 320; // result point or element
export const IO_S = 480; // second result point
export const IO_K = 640; // scalar, 5 u64 limbs (40 bytes)
export const IO_K2 = 680;
export const IO_SPONGE_OUT = 768; // up to 32 outputs
export const IO_SPONGE_IN = 1024; // up to MAX_SPONGE_INPUTS inputs
export const MAX_SPONGE_INPUTS = (4096 - IO_SPONGE_IN) / 8;

export interface Core {
  readonly exports: CoreExports;
  /** Byte address of the IO area. */
  readonly io: number;
  /** u64 view of the whole memory (index = byte address / 8). */
  readonly u64: BigUint64Array;
  readonly bytes: Uint8Array;
}

let core: Core | undefined;

/** The instantiated core; the first call also builds the k·G comb table (a few ms, once per isolate). */
export function getCore(): Core {
  if (core !== undefined) return core;
  const instance = new WebAssembly.Instance(coreModule, {});
  const exports = instance.exports as unknown as CoreExports;
  // The table build grows memory, so views are taken after it and stay valid (nothing grows later).
  exports.comb_init();
  core = {
    exports,
    io: exports.io(),
    u64: new BigUint64Array(exports.memory.buffer),
    bytes: new Uint8Array(exports.memory.buffer),
  };
  return core;
}

/** Writes the limbs of a GF(p^5) element (or any 5 u64) at IO + offset. */
export function writeLimbs(c: Core, offset: number, limbs: readonly bigint[]): void {
  const i = (c.io + offset) >> 3;
  c.u64[i] = limbs[0]!;
  c.u64[i + 1] = limbs[1]!;
  c.u64[i + 2] = limbs[2]!;
  c.u64[i + 3] = limbs[3]!;
  c.u64[i + 4] = limbs[4]!;
}

export function readLimbs(c: Core, offset: number): [bigint, bigint, bigint, bigint, bigint] {
  const i = (c.io + offset) >> 3;
  return [c.u64[i]!, c.u64[i + 1]!, c.u64[i + 2]!, c.u64[i + 3]!, c.u64[i + 4]!];
}

/** Writes a scalar in [0, 2^320) as 5 little-endian u64 limbs (the typed array keeps the low 64 bits). */
export function writeScalar(c: Core, offset: number, k: bigint): void {
  const i = (c.io + offset) >> 3;
  c.u64[i] = k;
  c.u64[i + 1] = k >> 64n;
  c.u64[i + 2] = k >> 128n;
  c.u64[i + 3] = k >> 192n;
  c.u64[i + 4] = k >> 256n;
}

/** Overwrites a scalar slot with zeros so no nonce or key lingers in the IO area. */
export function wipeScalar(c: Core, offset: number): void {
  c.u64.fill(0n, (c.io + offset) >> 3, ((c.io + offset) >> 3) + 5);
}
