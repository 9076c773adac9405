/**
 * `Sig` in tx_info is Go's encoding of a []byte: standard base64 with padding. Decoding is strict
 * (re-encoding must give the same text) so one signature has exactly one accepted spelling.
 */

export function encodeSig(sig: Uint8Array): string {
  let binary = "";
  for (const byte of sig) binary += String.fromCharCode(byte);
  return btoa(binary);
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
