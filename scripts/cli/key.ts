import { readFileSync } from "node:fs";
import { UsageError } from "./args";

/**
 * The private key from `--key <hex>` or `--key-file <path>` (first line of the file, trimmed), parsed by
 * the venue's `parse`. The file form keeps the key out of shell history and the process list. An error
 * for which `isKeyError` holds becomes a usage error carrying the parser's message, so parsers must
 * never put the key in their messages (neither venue's does); other errors pass through.
 */
export function privateKeyFlag<T>(
  flags: ReadonlyMap<string, string>,
  parse: (hex: string) => T,
  isKeyError: (error: unknown) => boolean = (error) => error instanceof Error,
): T {
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
    return parse(hex);
  } catch (error) {
    if (isKeyError(error)) throw new UsageError(`the private key is invalid: ${(error as Error).message}`);
    throw error;
  }
}
