/**
 * Every known-answer vector of SPEC §14, bit for bit: msgpack bytes, action hash, EIP-712 digest,
 * deterministic (RFC 6979) signature, signer address, and recovery from both wire forms of r/s.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { describe, expect, it } from "vitest";
import {
  type Signature,
  USER_SIGNED_TYPES,
  actionHash,
  addressFromPrivateKey,
  domainSeparator,
  encodeMsgpack,
  l1Digest,
  parseAgentKey,
  parseSignatureChainId,
  recoverSigner,
  signDigest,
  signL1Action,
  typeHash,
  userSignedActionDigest,
  userSignedDigest,
  userSignedDomain,
} from "../../../../src/venues/hyperliquid/signing/index.js";
import { AGENT_FIELDS, AGENT_TYPE, L1_DOMAIN, l1ConstantsForTest } from "../../../../src/venues/hyperliquid/signing/l1.js";
import { hex, unhex, vectors } from "./vectors.js";

const byId = <T extends { id: string }>(list: readonly T[]) => list.map((v) => ({ id: v.id, v }));

describe("constants (SPEC §5, §6)", () => {
  const c = vectors.constants;

  it("the L1 domain, Agent type and source hashes derive to the spec's values", () => {
    expect(L1_DOMAIN).toEqual(c.l1_domain);
    expect(hex(domainSeparator(L1_DOMAIN))).toBe(c.l1_domain_separator);
    expect(`${AGENT_TYPE}(${AGENT_FIELDS.map((f) => `${f.type} ${f.name}`).join(",")})`).toBe(c.agent_type);
    expect(hex(typeHash(AGENT_TYPE, AGENT_FIELDS))).toBe(c.agent_typehash);
    expect(hex(keccak_256(new TextEncoder().encode("a")))).toBe(c.keccak_source_a_mainnet);
    expect(hex(keccak_256(new TextEncoder().encode("b")))).toBe(c.keccak_source_b_testnet);
    expect(
      hex(
        typeHash("EIP712Domain", [
          { name: "name", type: "string" },
          { name: "version", type: "string" },
          { name: "chainId", type: "uint256" },
          { name: "verifyingContract", type: "address" },
        ]),
      ),
    ).toBe(c.eip712_domain_typehash);
  });

  it("the values l1.ts writes out are the derived ones", () => {
    expect(l1ConstantsForTest()).toEqual({
      domainSeparator: hex(domainSeparator(L1_DOMAIN)),
      agentTypeHash: hex(typeHash(AGENT_TYPE, AGENT_FIELDS)),
      sourceHashes: { mainnet: hex(keccak_256(new TextEncoder().encode("a"))), testnet: hex(keccak_256(new TextEncoder().encode("b"))) },
    });
  });

  it("the user-signed domain separators for chain ids 0x66eee and 0xa4b1", () => {
    expect(hex(domainSeparator(userSignedDomain(parseSignatureChainId("0x66eee"))))).toBe(c.user_signed_domain_separator_chain_0x66eee);
    expect(hex(domainSeparator(userSignedDomain(0xa4b1)))).toBe(c.user_signed_domain_separator_chain_0xa4b1);
  });
});

describe("L1 action vectors", () => {
  it("there are as many as SPEC §14 says", () => {
    expect(vectors.l1_vectors).toHaveLength(51);
  });

  it.each(byId(vectors.l1_vectors))("$id", ({ v }) => {
    const key = parseAgentKey(v.private_key);
    expect(addressFromPrivateKey(key)).toBe(v.signer_address);

    expect(hex(encodeMsgpack(v.action))).toBe(`0x${v.msgpack_hex}`);
    const hash = actionHash(v.action, v.nonce, v.vault_address, v.expires_after);
    expect(hex(hash)).toBe(v.action_hash);
    const digest = l1Digest(hash, v.is_mainnet);
    expect(hex(digest)).toBe(v.eip712_digest);

    const signature = signDigest(digest, key);
    expect(signature).toEqual(v.signature);
    expect(signature.r).toMatch(/^0x[0-9a-f]{64}$/);
    expect(signature.s).toMatch(/^0x[0-9a-f]{64}$/);

    // The convenience wrapper does the same three steps.
    expect(
      signL1Action({ action: v.action, nonce: v.nonce, vaultAddress: v.vault_address, expiresAfter: v.expires_after, isMainnet: v.is_mainnet }, key),
    ).toEqual({ actionHash: v.action_hash, signature: v.signature });

    expect(recoverSigner(digest, v.signature)).toBe(v.signer_address);
    if (v.signature_python_sdk_form !== undefined) {
      expect(recoverSigner(digest, v.signature_python_sdk_form)).toBe(v.signer_address);
      // The SDK form is the padded one without leading zeros.
      expect(v.signature_python_sdk_form.r).toBe(v.signature.r.replace(/^0x0+/, "0x"));
    }
    if (v.request_body !== undefined) {
      expect(JSON.stringify(v.request_body.action)).toBe(JSON.stringify(v.action));
      expect(v.request_body.nonce).toBe(v.nonce);
      expect(v.request_body.signature).toEqual(v.signature);
    }
  });

  it("a different network, nonce, vault or expiry changes the digest (the inputs are really used)", () => {
    const v = vectors.l1_vectors.find((x) => x.id === "order-alo-eth-cloid")!;
    const base = hex(l1Digest(actionHash(v.action, v.nonce, v.vault_address, v.expires_after), v.is_mainnet));
    const variants = [
      l1Digest(actionHash(v.action, v.nonce, v.vault_address, v.expires_after), !v.is_mainnet),
      l1Digest(actionHash(v.action, v.nonce + 1, v.vault_address, v.expires_after), v.is_mainnet),
      l1Digest(actionHash(v.action, v.nonce, "0x1234567890123456789012345678901234567890", v.expires_after), v.is_mainnet),
      l1Digest(actionHash(v.action, v.nonce, v.vault_address, v.nonce + 60_000), v.is_mainnet),
    ].map(hex);
    expect(new Set([base, ...variants]).size).toBe(5);
  });

  it("the vault address is hashed as bytes, so its case does not matter (SPEC §4.2)", () => {
    const v = vectors.l1_vectors.find((x) => x.vault_address !== null)!;
    const upper = `0x${v.vault_address!.slice(2).toUpperCase()}`;
    expect(hex(actionHash(v.action, v.nonce, upper, v.expires_after))).toBe(v.action_hash);
  });
});

describe("user-signed vectors", () => {
  it.each(byId(vectors.user_signed_vectors))("$id", ({ v }) => {
    const key = parseAgentKey(v.private_key);
    expect(addressFromPrivateKey(key)).toBe(v.signer_address);
    expect(v.domain_chain_id).toBe(Number(parseSignatureChainId(v.signature_chain_id)));
    const digest = userSignedDigest(v.message, v.types, v.primary_type, v.domain_chain_id);
    expect(hex(digest)).toBe(v.eip712_digest);
    expect(signDigest(digest, key)).toEqual(v.signature);
    expect(recoverSigner(digest, v.signature)).toBe(v.signer_address);
    if (v.signature_python_sdk_form !== undefined) expect(recoverSigner(digest, v.signature_python_sdk_form)).toBe(v.signer_address);

    // The per-action table agrees with the vector's types, and the body's action gives the same digest.
    const known = Object.values(USER_SIGNED_TYPES).find((t) => t.primaryType === v.primary_type);
    expect(known?.fields).toEqual(v.types);
    if (v.action !== undefined) expect(hex(userSignedActionDigest(v.action))).toBe(v.eip712_digest);
  });

  it("an unknown user-signed action type is refused, not guessed", () => {
    expect(() => userSignedActionDigest({ type: "spotSend", signatureChainId: "0x66eee" })).toThrow(/not a user-signed action/);
  });
});

describe("hash-only, digest-only and msgpack-only vectors", () => {
  it.each(byId(vectors.l1_action_hash_only))("action hash: $id", ({ v }) => {
    expect(hex(encodeMsgpack(v.action))).toBe(`0x${v.msgpack_hex}`);
    expect(hex(actionHash(v.action, v.nonce, v.vault_address, v.expires_after))).toBe(v.action_hash);
  });

  it.each(byId(vectors.l1_digest_only))("digest and signature: $id", ({ v }) => {
    const key = parseAgentKey(v.private_key);
    const digest = l1Digest(unhex(v.connection_id), v.is_mainnet);
    expect(hex(digest)).toBe(v.eip712_digest);
    expect(signDigest(digest, key)).toEqual(v.signature);
    expect(addressFromPrivateKey(key)).toBe(v.signer_address);
    expect(recoverSigner(digest, v.signature)).toBe(v.signer_address);
  });

  it.each(byId(vectors.msgpack_only))("msgpack: $id", ({ v }) => {
    expect(hex(encodeMsgpack(v.value))).toBe(`0x${v.msgpack_hex}`);
  });
});

/**
 * Multi-sig is outside the gateway's scope (SPEC §14 keeps the vectors because they reproduce). All three
 * are rebuilt here from the module's primitives, after nktkas/hyperliquid's construction: inner = the
 * payload signed by each signer (L1: the array [multiSigUser, outerSigner, action]; user-signed: the
 * action with payloadMultiSigUser and outerSigner inserted after the first field), outer = the leader's
 * user-signed `SendMultiSig` over the L1 hash of the wrapper without its type, whose signatures drop
 * leading zeros. Nothing is skipped.
 */
describe("multi-sig vectors", () => {
  const SEND_MULTI_SIG = [
    { name: "hyperliquidChain", type: "string" },
    { name: "multiSigActionHash", type: "bytes32" },
    { name: "nonce", type: "uint64" },
  ];
  const trim = (s: Signature): Signature => ({ r: s.r.replace(/^0x0+/, "0x"), s: s.s.replace(/^0x0+/, "0x"), v: s.v });

  it.each(byId(vectors.multisig_vectors))("$id", ({ v }) => {
    const { inputs, expected } = v;
    const key = parseAgentKey(inputs.key);
    const outerSigner = addressFromPrivateKey(key);
    const multiSigUser = inputs.multiSigUser.toLowerCase();
    let inner: Signature;
    let payloadAction: Record<string, unknown>;
    let nonce: number;
    let chain: string;
    let chainId: string;
    if (v.kind === "multisig_l1") {
      expect(outerSigner).toBe(expected.outerSigner);
      nonce = inputs.nonce!;
      chain = inputs.mainnet ? "Mainnet" : "Testnet";
      chainId = inputs.chainId!;
      payloadAction = inputs.action;
      inner = signDigest(l1Digest(actionHash([multiSigUser, outerSigner, inputs.action], nonce), inputs.mainnet!), key);
      expect(inner).toEqual(expected.inner);
    } else {
      const [first, ...rest] = inputs.types!;
      const types = [first!, { name: "payloadMultiSigUser", type: "address" }, { name: "outerSigner", type: "address" }, ...rest];
      const message = { payloadMultiSigUser: multiSigUser, outerSigner, ...inputs.action };
      chainId = inputs.action.signatureChainId as string;
      inner = trim(signDigest(userSignedDigest(message, types, inputs.primaryType!, parseSignatureChainId(chainId)), key));
      expect(inner).toEqual(expected.inner);
      nonce = (inputs.action.nonce ?? inputs.action.time) as number;
      chain = inputs.action.hyperliquidChain as string;
      payloadAction = inputs.payloadAction ?? inputs.action;
    }
    const wrapper = { signatureChainId: chainId, signatures: [trim(inner)], payload: { multiSigUser, outerSigner, action: payloadAction } };
    const outerDigest = userSignedDigest(
      { hyperliquidChain: chain, multiSigActionHash: actionHash(wrapper, nonce), nonce },
      SEND_MULTI_SIG,
      "HyperliquidTransaction:SendMultiSig",
      parseSignatureChainId(chainId),
    );
    expect(signDigest(outerDigest, key)).toEqual(expected.outer);
  });
});

describe("not for conformance (SPEC §4.3)", () => {
  it("the Rust approveBuilderFee hash reproduces only with the builder address as msgpack bin", () => {
    const v = vectors.not_for_conformance[0]!;
    expect(v.bin_fields).toEqual(["builder"]);
    const asBin = { ...v.action_as_in_test, builder: unhex(v.action_as_in_test.builder as string) };
    expect(hex(actionHash(asBin, v.nonce))).toBe(v.action_hash);
    expect(hex(actionHash(v.action_as_in_test, v.nonce))).not.toBe(v.action_hash);
  });
});
