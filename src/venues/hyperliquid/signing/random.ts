/** Uniform random scalars of secp256k1's group for the order-path signer's k, from the shared rejection sampler. */
import { uniformScalars } from "../../uniform-scalars.js";
import { N } from "./curve.js";
import { bytesToBigint } from "./hex.js";

/** A fresh uniform scalar in [1, n). n > 2^256 − 2^129, so a candidate is refused with probability < 2^-127. */
export const randomScalar = uniformScalars({ bytes: 32, order: N, fromBytes: bytesToBigint });
