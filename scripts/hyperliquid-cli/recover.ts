import { type Signature, l1Digest, parseSignature, recoverSigner } from "../../src/venues/hyperliquid/signing";
import { LineError, type LineOutput, parseLineObject } from "../cli/lines";
import { l1Line, lineActionHash } from "./request";

/**
 * The sign line plus `"signature":{"r","s","v"}` -> `{"signer"}`: the address that signed that action.
 * r and s may be unpadded (the Python SDK's form). Any well-formed signature recovers to some address;
 * compare it with the one you expect.
 */
export function recoverLine(line: string, isMainnet: boolean): LineOutput {
  const request = parseLineObject(line);
  const l1 = l1Line(request, ["signature"]);
  const signature = request.signature as unknown as Signature;
  try {
    parseSignature(signature);
  } catch (error) {
    throw new LineError("invalid_line", error instanceof Error ? error.message : "signature must be {r, s, v}", "signature");
  }
  return { signer: recoverSigner(l1Digest(lineActionHash(l1), isMainnet), signature) };
}
