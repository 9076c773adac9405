/**
 * Uniform random scalars of ecgfp5's group (SPEC §1.7: k must be unbiased and never reused), from the
 * shared rejection sampler.
 */
import { uniformScalars } from "../../uniform-scalars.js";
import { SCALAR_BYTES, SCALAR_ORDER, leBytesToBigint } from "./scalar.js";

/** A fresh uniform scalar in [1, n). n < 2^319, so clearing bit 319 keeps the acceptance rate above 1 − 2^-30. */
export const randomScalar = uniformScalars({ bytes: SCALAR_BYTES, order: SCALAR_ORDER, fromBytes: leBytesToBigint, topByte: { index: SCALAR_BYTES - 1, mask: 0x7f } });
