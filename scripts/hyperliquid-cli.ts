/**
 * Offline Hyperliquid signing tool (`npm run hyperliquid -- <command>`). JSON in, JSON out, one object
 * per line, like the Lighter tool. It never prints the private key.
 */
import { addressFromPrivateKey, parseAgentKey } from "../src/venues/hyperliquid/signing";
import { UsageError, helpOrUnknown, parseFlags } from "./cli/args";
import { privateKeyFlag } from "./cli/key";
import { runLines } from "./cli/lines";
import { recoverLine } from "./hyperliquid-cli/recover";
import { signLine } from "./hyperliquid-cli/sign";

const USAGE = `usage: npm run hyperliquid -- <command> [options]

  address (--key <hex> | --key-file <path>)  the key's address: {"address":"0x…"}
  sign    (--key <hex> | --key-file <path>) [--testnet]
          stdin:  {"action":{…},"nonce":…,"vault_address"?:"0x…","expires_after"?:…} per line
          stdout: {"action_hash":"0x…","signature":{"r":"0x…","s":"0x…","v":27},"signer":"0x…"} per line
  recover [--testnet]
          stdin:  the sign line plus "signature":{"r","s","v"}
          stdout: {"signer":"0x…"} per line

L1 actions (order, cancel, modify, …) as sent to /exchange, keys in wire order: the action is hashed
exactly as given. Prices and sizes are decimal strings; a fractional number is refused, integers above
2^53 are exact. Signatures are deterministic (RFC 6979). --testnet signs for testnet (source "b").
A bad input line gets {"error":{"code","message","field"?}} and the next line is still processed.
--key-file reads the key from the file's first line and keeps it out of shell history and \`ps\`.
Exit status: 0 all lines answered, 1 some lines were errors, 2 usage error.`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "address": {
      const key = privateKeyFlag(parseFlags(rest, ["--key", "--key-file"]), parseAgentKey);
      process.stdout.write(`${JSON.stringify({ address: addressFromPrivateKey(key) })}\n`);
      return 0;
    }
    case "sign": {
      const flags = parseFlags(rest, ["--key", "--key-file"], ["--testnet"]);
      const key = privateKeyFlag(flags, parseAgentKey);
      const signer = addressFromPrivateKey(key);
      const isMainnet = !flags.has("--testnet");
      return (await runLines((line) => signLine(line, key, signer, isMainnet))) === 0 ? 0 : 1;
    }
    case "recover": {
      const isMainnet = !parseFlags(rest, [], ["--testnet"]).has("--testnet");
      return (await runLines((line) => recoverLine(line, isMainnet))) === 0 ? 0 : 1;
    }
    default:
      return helpOrUnknown(command, USAGE);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`hyperliquid-cli: ${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`hyperliquid-cli: unexpected failure: ${error instanceof Error ? error.message : "unknown error"}\n`);
      process.exitCode = 1;
    }
  },
);
