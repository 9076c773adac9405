/** Hex <-> bytes, lowercase, no "0x" (the forms Lighter uses for keys, hashes and auth signatures). */

/** "00".."ff" by byte value: one lookup per byte (tx hashes are formatted on every signature). */
const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += BYTE_HEX[bytes[i]!]!;
  return out;
}

/** Strict: throws on an odd length or any non-hex character (no "0x" prefix accepted). */
export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new SyntaxError(`hex string has odd length ${hex.length}`);
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw new SyntaxError("hex string contains a non-hex character");
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}
