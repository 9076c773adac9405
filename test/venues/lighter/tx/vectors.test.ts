import { describe, expect, it } from "vitest";
import { bytesToHex, gfp5ToBytes, hashToQuinticExtension, hexToBytes, parsePrivateKey } from "../../../../src/venues/lighter/crypto";
import { attributeHashElements } from "../../../../src/venues/lighter/tx/attributes";
import { authMessageElements } from "../../../../src/venues/lighter/tx/auth-token";
import { createAuthToken, signTx, txHash, verifyTx } from "../../../../src/venues/lighter/tx";
import { decodeSig, encodeSig } from "../../../../src/venues/lighter/tx/sig-base64";
import { parseChainId, parseTxInfo, txHashElements } from "../../../../src/venues/lighter/tx/transaction";
import { attributeElements, attributeHashHex, authTokenVectors, txVectors, unsignedInput, type TxVector } from "./vectors";

const cases = txVectors.map((v) => ({ name: v.name, v }));

function sigOf(txInfo: string): string {
  const match = /"Sig":"([^"]+)"/.exec(txInfo);
  if (match?.[1] === undefined) throw new Error("tx_info has no Sig");
  const bytes = decodeSig(match[1]);
  if (bytes === null) throw new Error("Sig is not canonical base64");
  return bytesToHex(bytes);
}

function withSig(txInfo: string, sigHex: string): string {
  return txInfo.replace(/"Sig":"[^"]+"/, `"Sig":"${encodeSig(hexToBytes(sigHex))}"`);
}

/** Every integer of the input turned into a decimal string (the CLI's and the gateway's big-int form). */
function asStrings(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input).map(([key, value]) => [
      key,
      value === null ? null : typeof value === "object" ? asStrings(value as Record<string, unknown>) : String(value),
    ]),
  );
}

describe("order transactions reproduce lighter-go", () => {
  it("covers all 21 vectors", () => {
    expect(txVectors).toHaveLength(21);
  });

  it.each(cases)("$name: hash elements and attribute elements", ({ v }) => {
    const tx = parseTxInfo(v.tx_type, unsignedInput(v));
    expect(txHashElements(parseChainId(v.chain_id), tx)).toEqual(v.hash_elements.map(BigInt));
    const expected = attributeElements(v);
    expect(attributeHashElements(tx.attributes)).toEqual(expected === undefined ? null : expected.map(BigInt));
  });

  it.each(cases)("$name: inner hash, attribute hash and tx hash", ({ v }) => {
    const tx = parseTxInfo(v.tx_type, unsignedInput(v));
    const inner = hashToQuinticExtension(txHashElements(BigInt(v.chain_id), tx));
    expect(bytesToHex(gfp5ToBytes(inner))).toBe(v.inner_hash.le_hex);
    const attrElements = attributeHashElements(tx.attributes);
    const attrHash = attrElements === null ? undefined : bytesToHex(gfp5ToBytes(hashToQuinticExtension(attrElements)));
    expect(attrHash).toBe(attributeHashHex(v));
    expect(txHash(v.chain_id, v.tx_type, unsignedInput(v))).toBe(v.tx_hash_hex);
    expect(v.get_tx_hash).toBe(v.tx_hash_hex);
  });

  it.each(cases)("$name: fixed-k signature and byte-exact tx_info", ({ v }) => {
    const signed = signTx(v.chain_id, v.tx_type, unsignedInput(v), parsePrivateKey(v.private_key_hex), BigInt(v.k.dec));
    expect(signed).toEqual({ txType: v.tx_type, txHash: v.tx_hash_hex, txInfo: v.tx_info });
    expect(sigOf(signed.txInfo)).toBe(v.sig_hex);
  });

  it.each(cases)("$name: the same tx_info from decimal strings and from bigints", ({ v }) => {
    const sk = parsePrivateKey(v.private_key_hex);
    const k = BigInt(v.k.dec);
    expect(signTx(v.chain_id, v.tx_type, asStrings(unsignedInput(v)), sk, k).txInfo).toBe(v.tx_info);
    const asBigInts = JSON.parse(JSON.stringify(asStrings(unsignedInput(v))), (_key, value: unknown) =>
      typeof value === "string" ? BigInt(value) : value,
    ) as Record<string, unknown>;
    expect(signTx(v.chain_id, v.tx_type, asBigInts, sk, k).txInfo).toBe(v.tx_info);
  });

  it.each(cases)("$name: verifyTx accepts the fixed-k and the random-k signature", ({ v }) => {
    const pk = hexToBytes(v.public_key_hex);
    expect(verifyTx(v.chain_id, v.tx_type, v.tx_info, pk)).toBe(true);
    expect(verifyTx(v.chain_id, v.tx_type, withSig(v.tx_info, v.random_k_sig_hex), pk)).toBe(true);
  });

  it.each(cases)("$name: verifyTx rejects tampering", ({ v }) => {
    const pk = hexToBytes(v.public_key_hex);
    const tamperedNonce = v.tx_info.replace(`"Nonce":${v.nonce},`, `"Nonce":${v.nonce + 1},`);
    expect(tamperedNonce).not.toBe(v.tx_info);
    expect(verifyTx(v.chain_id, v.tx_type, tamperedNonce, pk)).toBe(false);
    const flipped = hexToBytes(v.sig_hex);
    flipped[7] = flipped[7]! ^ 0x01;
    expect(verifyTx(v.chain_id, v.tx_type, withSig(v.tx_info, bytesToHex(flipped)), pk)).toBe(false);
    expect(verifyTx(v.chain_id === 304 ? 300 : 304, v.tx_type, v.tx_info, pk)).toBe(false);
    const otherKey = hexToBytes(txVectors.find((o) => o.public_key_hex !== v.public_key_hex)?.public_key_hex ?? "00");
    expect(verifyTx(v.chain_id, v.tx_type, v.tx_info, otherKey)).toBe(false);
  });
});

describe("verifyTx on malformed input", () => {
  const v = txVectors[0] as TxVector;
  const pk = hexToBytes(v.public_key_hex);

  it.each([
    ["not JSON", "{"],
    ["a JSON array", "[]"],
    ["no Sig", v.tx_info.replace(/"Sig":"[^"]+",/, "")],
    ["Sig not base64", v.tx_info.replace(/"Sig":"[^"]+"/, '"Sig":"!!!"')],
    ["Sig unpadded", v.tx_info.replace(/"Sig":"([^"]+)="/, '"Sig":"$1"')],
    ["Sig of 79 bytes", withSig(v.tx_info, v.sig_hex.slice(0, 158))],
    ["an unknown field", v.tx_info.replace("{", '{"Extra":1,')],
    ["a field failing validation", v.tx_info.replace('"Price":350000', '"Price":0')],
    ["a missing field", v.tx_info.replace('"Price":350000,', "")],
  ])("returns false for %s", (_label, text) => {
    expect(verifyTx(v.chain_id, v.tx_type, text, pk)).toBe(false);
  });

  it("returns false (does not throw) for a wrong tx type, chain id or public key", () => {
    expect(verifyTx(v.chain_id, 15, v.tx_info, pk)).toBe(false);
    expect(verifyTx(v.chain_id, 99, v.tx_info, pk)).toBe(false);
    expect(verifyTx(-1, v.tx_type, v.tx_info, pk)).toBe(false);
    expect(verifyTx(v.chain_id, v.tx_type, v.tx_info, new Uint8Array(40))).toBe(false);
    expect(verifyTx(v.chain_id, v.tx_type, v.tx_info, new Uint8Array(3))).toBe(false);
  });

  it("accepts the tx_info of older signers that omit L2TxAttributes, and any key order", () => {
    expect(verifyTx(v.chain_id, v.tx_type, v.tx_info.replace(',"L2TxAttributes":null', ""), pk)).toBe(true);
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(v.tx_info) as object).reverse()));
    expect(verifyTx(v.chain_id, v.tx_type, reordered, pk)).toBe(true);
  });
});

describe("auth tokens reproduce lighter-go", () => {
  it.each(authTokenVectors.map((a) => ({ message: a.message, a })))("$message", ({ a }) => {
    expect(authMessageElements(a.message)).toEqual(a.message_elements.map(BigInt));
    expect(bytesToHex(gfp5ToBytes(hashToQuinticExtension(authMessageElements(a.message))))).toBe(a.msg_hash_hex);
    const sk = parsePrivateKey(a.private_key_hex);
    expect(createAuthToken(sk, a.deadline_unix_s, a.account_index, a.api_key_index, BigInt(a.k.dec))).toBe(a.token_fixed_k);
    expect(createAuthToken(sk, BigInt(a.deadline_unix_s), BigInt(a.account_index), a.api_key_index, BigInt(a.k.dec))).toBe(
      a.token_fixed_k,
    );
  });

  it("draws a fresh k for every token when none is given", () => {
    const a = authTokenVectors[0]!;
    const sk = parsePrivateKey(a.private_key_hex);
    const first = createAuthToken(sk, a.deadline_unix_s, a.account_index, a.api_key_index);
    const second = createAuthToken(sk, a.deadline_unix_s, a.account_index, a.api_key_index);
    expect(first.startsWith(`${a.message}:`)).toBe(true);
    expect(first).toMatch(/^[0-9:]+:[0-9a-f]{160}$/);
    expect(first).not.toBe(second);
  });
});

describe("signing with a fresh k", () => {
  const v = txVectors.find((t) => t.name === "cancel_all_immediate_one_market_attr") as TxVector;
  const sk = parsePrivateKey(v.private_key_hex);
  const pk = hexToBytes(v.public_key_hex);

  it("gives the same hash and a different, valid signature every time", () => {
    const first = signTx(v.chain_id, v.tx_type, unsignedInput(v), sk);
    const second = signTx(v.chain_id, v.tx_type, unsignedInput(v), sk);
    expect(first.txHash).toBe(v.tx_hash_hex);
    expect(second.txHash).toBe(v.tx_hash_hex);
    expect(first.txInfo).not.toBe(second.txInfo);
    expect(sigOf(first.txInfo)).not.toBe(v.sig_hex);
    expect(verifyTx(v.chain_id, v.tx_type, first.txInfo, pk)).toBe(true);
    expect(verifyTx(v.chain_id, v.tx_type, second.txInfo, pk)).toBe(true);
  });
});

describe("tx_info JSON of attributes, as Go's json.Marshal writes the map", () => {
  const v = txVectors.find((t) => t.name === "cancel_all_immediate") as TxVector;
  const sk = parsePrivateKey(v.private_key_hex);
  const k = BigInt(v.k.dec);
  const sign = (attrs: unknown) => signTx(v.chain_id, v.tx_type, { ...unsignedInput(v), L2TxAttributes: attrs }, sk, k);

  it("keeps given nil-valued entries (they do not change the hash) and sorts keys", () => {
    const nilMarket = sign({ "5": 255 });
    expect(nilMarket.txHash).toBe(v.tx_hash_hex);
    expect(nilMarket.txInfo).toBe(v.tx_info.replace('"L2TxAttributes":null', '"L2TxAttributes":{"5":255}'));
    expect(sign({}).txInfo).toBe(v.tx_info.replace('"L2TxAttributes":null', '"L2TxAttributes":{}'));
    expect(sign({ "6": 1, "4": 1 }).txInfo).toContain('"L2TxAttributes":{"4":1,"6":1}}');
    expect(sign(undefined).txInfo).toBe(v.tx_info);
  });
});
