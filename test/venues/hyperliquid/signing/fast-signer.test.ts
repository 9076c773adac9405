/**
 * The order-path signer: its own k·G arithmetic agrees with noble, its signatures (random k, so no known
 * answers) verify with noble and recover to the signer, s is always low, and a commitment is used once.
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";
import { combTable, mulBase } from "../../../../src/venues/hyperliquid/signing/base-mul.js";
import { G as OWN_G, INFINITY, addAffine, double, fromAffine, isOnCurve, toAffine } from "../../../../src/venues/hyperliquid/signing/curve.js";
import {
  type Signature,
  addressFromPrivateKey,
  l1Digest,
  parseAgentKey,
  precomputeSigningCommitments,
  recoverSigner,
  signDigest,
  signDigestFast,
  signL1Action,
  signingCommitmentCount,
} from "../../../../src/venues/hyperliquid/signing/index.js";
import { takeSigningCommitment } from "../../../../src/venues/hyperliquid/signing/commitments.js";
import { hex, unhex, vectors } from "./vectors.js";

const { Point } = secp256k1;
const N = Point.Fn.ORDER;
const HALF_N = N >> 1n;

/** A copy of G that noble has no table for, so these checks do not depend on noble's precomputation. */
const G = Point.fromAffine(Point.BASE.toAffine());

function randomScalarForTest(): bigint {
  for (;;) {
    const k = BigInt(hex(crypto.getRandomValues(new Uint8Array(32))));
    if (k > 0n && k < N) return k;
  }
}

function nobleVerifies(signature: Signature, digest: Uint8Array, key: Uint8Array): boolean {
  const compact = unhex(signature.r.slice(2) + signature.s.slice(2));
  return secp256k1.verify(compact, digest, secp256k1.getPublicKey(key), { prehash: false, lowS: true });
}

const vector = vectors.l1_vectors.find((v) => v.id === "order-alo-eth-cloid")!;
const key = parseAgentKey(vector.private_key);
const signer = vector.signer_address;

describe("k·G", () => {
  const edge = [1n, 2n, 3n, 7n, 8n, 9n, 15n, 16n, 17n, 255n, 256n, 2n ** 32n, 2n ** 64n, 2n ** 128n, 2n ** 255n, HALF_N, HALF_N + 1n, N - 2n, N - 1n];

  it("the written-out comb table is what its definition gives, by noble and by this module's own arithmetic", () => {
    const table = combTable();
    expect(table).toHaveLength(30);
    for (const [half, offset] of [
      [0n, 0],
      [32n, 15],
    ] as const) {
      for (let u = 1; u < 16; u++) {
        let scalar = 0n;
        let own = INFINITY;
        for (let i = 0; i < 4; i++) {
          if (((u >> i) & 1) === 0) continue;
          const shift = 64n * BigInt(i) + half;
          scalar += 1n << shift;
          let term = fromAffine(OWN_G);
          for (let d = 0n; d < shift; d++) term = double(term);
          own = addAffine(own, toAffine(term));
        }
        const entry = table[offset + u - 1]!;
        const noble = G.multiplyUnsafe(scalar).toAffine();
        expect(entry).toEqual({ x: noble.x, y: noble.y });
        expect(toAffine(own)).toEqual(entry);
        expect(isOnCurve(entry)).toBe(true);
      }
    }
  });

  it("equals noble's for edge and random scalars, and for scalars whose comb columns are all ones or all zeros", () => {
    const patterns = [
      (1n << 255n) - 1n, // every column full except the top bit
      0x8888888888888888888888888888888888888888888888888888888888888888n % N,
      0x0000000100000001000000010000000100000001000000010000000100000001n,
      0xffffffff00000000ffffffff00000000ffffffff00000000ffffffff00000000n % N,
    ];
    for (const k of [...edge, ...patterns, ...Array.from({ length: 60 }, randomScalarForTest)]) {
      const expected = G.multiplyUnsafe(k).toAffine();
      expect(mulBase(k)).toEqual({ x: expected.x, y: expected.y });
    }
  });

  it("refuses 0 and n", () => {
    expect(() => mulBase(0n)).toThrow(RangeError);
    expect(() => mulBase(N)).toThrow(RangeError);
    expect(() => mulBase(N + 1n)).toThrow(RangeError);
  });
});

describe("signDigestFast", () => {
  it("signatures of many random digests verify with noble, recover to the signer and have low s", () => {
    precomputeSigningCommitments(40);
    const seen = new Set<string>();
    for (let i = 0; i < 60; i++) {
      // 40 from the pool, then 20 computed inline once it is empty.
      const digest = crypto.getRandomValues(new Uint8Array(32));
      const signature = signDigestFast(digest, key);
      expect(signature.r).toMatch(/^0x[0-9a-f]{64}$/);
      expect(signature.s).toMatch(/^0x[0-9a-f]{64}$/);
      expect([27, 28]).toContain(signature.v);
      expect(BigInt(signature.s) <= HALF_N).toBe(true);
      expect(nobleVerifies(signature, digest, key)).toBe(true);
      expect(recoverSigner(digest, signature)).toBe(signer);
      seen.add(signature.r);
    }
    expect(seen.size).toBe(60); // a fresh k each time
    expect(signingCommitmentCount()).toBe(0);
  });

  it("high-s results are flipped and keep recovering (both recovery ids occur)", () => {
    const vs = new Set<number>();
    const digest = new Uint8Array(32).fill(7);
    for (let i = 0; i < 40; i++) {
      const signature = signDigestFast(digest, key);
      vs.add(signature.v);
      expect(BigInt(signature.s) <= HALF_N).toBe(true);
      expect(recoverSigner(digest, signature)).toBe(signer);
    }
    expect(vs).toEqual(new Set([27, 28]));
  });

  it("each commitment is taken once: the pool shrinks by one per signature and r never repeats", () => {
    expect(signingCommitmentCount()).toBe(0);
    expect(precomputeSigningCommitments(10)).toBe(10);
    expect(precomputeSigningCommitments(5)).toBe(15); // adds, does not top up to
    const digest = unhex(vector.eip712_digest);
    const rs = new Set<string>();
    for (let i = 15; i > 0; i--) {
      expect(signingCommitmentCount()).toBe(i);
      rs.add(signDigestFast(digest, key).r);
      expect(signingCommitmentCount()).toBe(i - 1);
    }
    expect(rs.size).toBe(15);
    // Taking one removes it for good: its r cannot come back.
    precomputeSigningCommitments(1);
    const taken = takeSigningCommitment();
    expect(signingCommitmentCount()).toBe(0);
    expect(rs.has(`0x${taken.r.toString(16).padStart(64, "0")}`)).toBe(false);
  });

  it("ignores nonsense counts", () => {
    expect(precomputeSigningCommitments(-3)).toBe(0);
    expect(precomputeSigningCommitments(Number.NaN)).toBe(0);
    expect(precomputeSigningCommitments(0.5)).toBe(0);
  });

  it("with an empty pool a signature computes its commitment inline and leaves the pool empty", () => {
    expect(signingCommitmentCount()).toBe(0);
    const digest = crypto.getRandomValues(new Uint8Array(32));
    const signature = signDigestFast(digest, key);
    expect(nobleVerifies(signature, digest, key)).toBe(true);
    expect(signingCommitmentCount()).toBe(0);
  });

  it("signs real order actions from the vectors: same hash as the vector, a different but valid signature", () => {
    precomputeSigningCommitments(8);
    for (const v of vectors.l1_vectors.filter((x) => x.id.startsWith("order-"))) {
      const k = parseAgentKey(v.private_key);
      const request = { action: v.action, nonce: v.nonce, vaultAddress: v.vault_address, expiresAfter: v.expires_after, isMainnet: v.is_mainnet };
      const fast = signL1Action(request, k, { fast: true });
      expect(fast.actionHash).toBe(v.action_hash);
      expect(fast.signature).not.toEqual(v.signature);
      const digest = l1Digest(unhex(v.action_hash), v.is_mainnet);
      expect(nobleVerifies(fast.signature, digest, k)).toBe(true);
      expect(recoverSigner(digest, fast.signature)).toBe(v.signer_address);
    }
  });

  it("a signature by another key does not recover to this signer, nor verify with it", () => {
    const other = parseAgentKey(vectors.l1_vectors.find((v) => v.private_key !== vector.private_key)!.private_key);
    const digest = crypto.getRandomValues(new Uint8Array(32));
    const signature = signDigestFast(digest, other);
    expect(recoverSigner(digest, signature)).toBe(addressFromPrivateKey(other));
    expect(recoverSigner(digest, signature)).not.toBe(signer);
    expect(nobleVerifies(signature, digest, key)).toBe(false);
  });
});

describe("signDigest and recoverSigner", () => {
  it("signDigest (own RFC 6979) equals noble's sign for random keys and digests", () => {
    for (let i = 0; i < 30; i++) {
      const k = secp256k1.utils.randomSecretKey();
      const digest = crypto.getRandomValues(new Uint8Array(32));
      const expected = secp256k1.sign(digest, k, { prehash: false, format: "recovered" });
      const signature = signDigest(digest, k);
      expect(hex(new Uint8Array([...unhex(signature.r.slice(2)), ...unhex(signature.s.slice(2))]))).toBe(hex(expected.subarray(1)));
      expect(signature.v).toBe(27 + expected[0]!);
    }
  });

  it("a flipped bit in the digest or in r/s recovers another address (or is refused)", () => {
    const digest = unhex(vector.eip712_digest);
    const flipped = digest.slice();
    flipped[5]! ^= 1;
    expect(recoverSigner(flipped, vector.signature)).not.toBe(signer);
    const otherV = { ...vector.signature, v: vector.signature.v === 27 ? 28 : 27 };
    expect(recoverSigner(digest, otherV)).not.toBe(signer);
    const s = BigInt(vector.signature.s) ^ 1n;
    expect(recoverSigner(digest, { ...vector.signature, s: `0x${s.toString(16)}` })).not.toBe(signer);
  });

  it.each([
    ["v 29", { r: "0x1", s: "0x1", v: 29 }, /v must be 27 or 28/],
    ["v 0", { r: "0x1", s: "0x1", v: 0 }, /v must be 27 or 28/],
    ["r without 0x", { r: "1", s: "0x1", v: 27 }, /r must be 0x/],
    ["r of 65 digits", { r: `0x${"1".repeat(65)}`, s: "0x1", v: 27 }, /r must be 0x/],
    ["r = 0", { r: "0x0", s: "0x1", v: 27 }, /r is out of range/],
    ["s = n", { r: "0x1", s: `0x${N.toString(16)}`, v: 27 }, /s is out of range/],
  ])("recoverSigner refuses %s", (_name, signature, message) => {
    expect(() => recoverSigner(new Uint8Array(32).fill(1), signature as Signature)).toThrow(message);
  });
});
