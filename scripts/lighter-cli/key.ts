import { readFileSync } from "node:fs";
import { KeyFormatError, parsePrivateKey } from "../../src/venues/lighter/crypto";
import { UsageError } from "./args";

/**
 * The private key from `--key <hex>` or `--key-file <path>` (first line of the file). The file form
 * keeps the key out of shell history and the process list. Errors never include the key.
 */
export function privateKeyFlag(flags: ReadonlyMap<string, string>): bigint {
  const inline = flags.get("--key");
  const file = flags.get("--key-file");
  if ((inline === undefined) === (file === undefined)) throw new UsageError("give the private key with exactly one of --key or --key-file");
  let hex: string;
  if (inline !== undefined) {
    hex = inline;
  } else {
    try {
      hex = readFileSync(file as string, "utf8").split(/\r?\n/, 1)[0]?.trim() ?? "";
    } catch {
      throw new UsageError("--key-file cannot be read");
    }
  }
  try {
    return parsePrivateKey(hex);
  } catch (error) {
    if (error instanceof KeyFormatError) throw new UsageError(`the private key is invalid: ${error.message}`);
    throw error;
  }
}
