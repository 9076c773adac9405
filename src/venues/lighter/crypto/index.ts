/** Public API of the Lighter signing crypto core (pure, synchronous, no I/O). */
export { GOLDILOCKS_P } from "./goldilocks.js";
export { type Gfp5, gfp5ToBytes, gfp5FromBytes } from "./gfp5.js";
export { hashToQuinticExtension, hashNToHashNoPad } from "./poseidon2.js";
export { SCALAR_ORDER, scalarFromLeBytes, scalarToLeBytes } from "./scalar.js";
export { bytesToHex, hexToBytes } from "./bytes.js";
export { KeyFormatError, parsePrivateKey, publicKeyFromPrivate, generatePrivateKey, privateKeyToHex } from "./keys.js";
export { SIGNATURE_BYTES, schnorrSign, schnorrVerify } from "./schnorr.js";
export { precomputeCommitments, precomputedCommitmentCount, MAX_PRECOMPUTED_COMMITMENTS } from "./commitments.js";
