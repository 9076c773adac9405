/**
 * Command-line flags of the Lighter CLI. Hand-written rather than node:util parseArgs because
 * parseArgs echoes offending arguments in its errors, and a mistyped command line may well hold the
 * private key: our messages name a flag only when it looks like one and never repeat a value.
 */

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const FLAG_NAME = /^--[a-z][a-z0-9-]{0,30}$/;

/** `--name value` or `--name=value` pairs; only `allowed` names, each at most once, all taking a value. */
export function parseFlags(args: readonly string[], allowed: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--")) throw new UsageError("unexpected argument (every option is --name value)");
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!FLAG_NAME.test(name)) throw new UsageError("unknown option");
    if (!allowed.includes(name)) throw new UsageError(`unknown option ${name} for this command`);
    if (flags.has(name)) throw new UsageError(`${name} given twice`);
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < args.length) value = args[++i];
    if (value === undefined || value === "") throw new UsageError(`${name} needs a value`);
    flags.set(name, value);
  }
  return flags;
}

export const DEFAULT_CHAIN_ID = 304;

/** --chain-id: a uint32 in decimal (304 mainnet, 300 testnet); 304 when absent. */
export function chainIdFlag(flags: ReadonlyMap<string, string>): number {
  const text = flags.get("--chain-id");
  if (text === undefined) return DEFAULT_CHAIN_ID;
  if (!/^(0|[1-9][0-9]{0,9})$/.test(text) || Number(text) > 0xffffffff) {
    throw new UsageError("--chain-id must be a decimal integer between 0 and 4294967295 (304 mainnet, 300 testnet)");
  }
  return Number(text);
}
