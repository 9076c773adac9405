// Entry point of the WebAssembly core: the exports the TypeScript side (src/venues/lighter/crypto/wasm/core.ts)
// calls. All data passes through linear memory; addresses are byte offsets.
import { fpInverse, fpMul, fpAdd, fpSub, fpSqrt } from "./goldilocks";

const IO_BYTES: i32 = 4096;
const IO: usize = memory.data(IO_BYTES, 16);

/** A scratch area the host writes inputs to and reads outputs from (IO_BYTES long). */
export function io(): usize {
  return IO;
}

export function fp_mul(a: u64, b: u64): u64 {
  return fpMul(a, b);
}
export function fp_add(a: u64, b: u64): u64 {
  return fpAdd(a, b);
}
export function fp_sub(a: u64, b: u64): u64 {
  return fpSub(a, b);
}
export function fp_inverse(a: u64): u64 {
  return fpInverse(a);
}
/** Writes a square root of a at out; false when a is not a square. */
export function fp_sqrt(a: u64, out: usize): bool {
  return fpSqrt(a, out);
}

export {
  g5Add as g5_add,
  g5Sub as g5_sub,
  g5Mul as g5_mul,
  g5Square as g5_square,
  g5Frobenius as g5_frobenius,
  g5Inverse as g5_inverse,
  g5Legendre as g5_legendre,
  g5CanonicalSqrt as g5_canonical_sqrt,
} from "./gfp5";
export { permute as poseidon2_permute, sponge as poseidon2_sponge } from "./poseidon2";
export {
  pointAdd as point_add,
  pointDouble as point_double,
  pointEncode as point_encode,
  pointDecode as point_decode,
} from "./curve";
export { combInit as comb_init, mulGenerator as mul_generator, mulPoint as mul_point } from "./scalar-mul";
