/**
 * Offline Lighter key and signing tool (`npm run lighter -- <command>`). JSON in, JSON out, one object
 * per line. It never prints the private key, except the one keygen has just made.
 */
import { KeyFormatError, bytesToHex, generatePrivateKey, parsePrivateKey, privateKeyToHex, publicKeyFromPrivate } from "../src/venues/lighter/crypto";
import { UsageError, helpOrUnknown, parseFlags } from "./cli/args";
import { privateKeyFlag } from "./cli/key";
import { runLines } from "./cli/lines";
import { chainIdFlag } from "./lighter-cli/chain-id";
import { signLine } from "./lighter-cli/sign";
import { verifyLine } from "./lighter-cli/verify";

const USAGE = `usage: npm run lighter -- <command> [options]

  keygen                                   new API key pair: {"private_key":"0x…","public_key":"…"}
  pubkey (--key <hex> | --key-file <path>) public key of a private key: {"public_key":"…"}
  sign   (--key <hex> | --key-file <path>) [--chain-id 304]
         stdin:  {"tx_type":14,"tx_info":{…tx_info fields without Sig…}} per line
         stdout: {"tx_type":14,"tx_hash":"…","tx_info":"<signed tx_info JSON>"} per line
  verify [--chain-id 304]
         stdin:  {"public_key":"…","tx_type":14,"tx_info":"<signed tx_info JSON>","chain_id":304} per line
         stdout: {"valid":true} or {"valid":false} per line

tx types: 14 CreateOrder, 15 CancelOrder, 16 CancelAllOrders, 17 ModifyOrder. Chain ids: 304 mainnet,
300 testnet. Integers above 2^53 are exact as JSON numbers or decimal strings. A bad input line gets
{"error":{"code","message","field"?}} and the next line is still processed.
--key-file reads the key from the file's first line and keeps it out of shell history and \`ps\`.
Exit status: 0 all lines answered, 1 some lines were errors, 2 usage error.`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "keygen": {
      parseFlags(rest, []);
      const sk = generatePrivateKey();
      print({ private_key: privateKeyToHex(sk), public_key: bytesToHex(publicKeyFromPrivate(sk)) });
      return 0;
    }
    case "pubkey": {
      const sk = lighterKey(parseFlags(rest, ["--key", "--key-file"]));
      print({ public_key: bytesToHex(publicKeyFromPrivate(sk)) });
      return 0;
    }
    case "sign": {
      const flags = parseFlags(rest, ["--key", "--key-file", "--chain-id"]);
      const sk = lighterKey(flags);
      const chainId = chainIdFlag(flags);
      return (await runLines((line) => signLine(line, sk, chainId))) === 0 ? 0 : 1;
    }
    case "verify": {
      const chainId = chainIdFlag(parseFlags(rest, ["--chain-id"]));
      return (await runLines((line) => verifyLine(line, chainId))) === 0 ? 0 : 1;
    }
    default:
      return helpOrUnknown(command, USAGE);
  }
}

function lighterKey(flags: ReadonlyMap<string, string>): bigint {
  return privateKeyFlag(flags, parsePrivateKey, (error) => error instanceof KeyFormatError);
}

function print(value: Record<string, string>): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`lighter-cli: ${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`lighter-cli: unexpected failure: ${error instanceof Error ? error.message : "unknown error"}\n`);
      process.exitCode = 1;
    }
  },
);
