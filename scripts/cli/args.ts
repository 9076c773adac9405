/**
 * Command-line flags of the offline tools (Lighter, Hyperliquid). Hand-written rather than
 * node:util parseArgs because parseArgs echoes offending arguments in its errors, and a mistyped command
 * line may well hold a private key: our messages name a flag only when it looks like one and never
 * repeat a value.
 */

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const FLAG_NAME = /^--[a-z][a-z0-9-]{0,30}$/;

/**
 * `--name value` or `--name=value` pairs for the names in `allowed`, and bare `--name` for the switches
 * in `switches` (stored as "true"); each at most once.
 */
export function parseFlags(args: readonly string[], allowed: readonly string[], switches: readonly string[] = []): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--")) throw new UsageError("unexpected argument (every option is --name value or a --switch)");
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!FLAG_NAME.test(name)) throw new UsageError("unknown option");
    if (!allowed.includes(name) && !switches.includes(name)) throw new UsageError(`unknown option ${name} for this command`);
    if (flags.has(name)) throw new UsageError(`${name} given twice`);
    if (switches.includes(name)) {
      if (eq !== -1) throw new UsageError(`${name} takes no value`);
      flags.set(name, "true");
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < args.length) value = args[++i];
    if (value === undefined || value === "") throw new UsageError(`${name} needs a value`);
    flags.set(name, value);
  }
  return flags;
}

/**
 * What a tool answers to a command word it does not implement: its usage for help, a usage error
 * otherwise. An unknown word is named only when it looks like a command: a pasted key must not be echoed.
 */
export function helpOrUnknown(command: string | undefined, usage: string): number {
  if (command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (command === undefined) throw new UsageError("missing command");
  throw new UsageError(/^[a-z-]{1,20}$/.test(command) ? `unknown command ${command}` : "unknown command");
}
