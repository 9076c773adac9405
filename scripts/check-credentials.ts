/**
 * `npm run check`: the start-up validation of the original service, for an edge deployment. Reads
 * `.dev.vars` (or the file given with --env-file; variables already in the environment win), validates
 * every variable, derives the public key from LIGHTER_PRIVATE_KEY and compares it with the key Lighter has
 * registered for the account and every configured API key index (lighter/SPEC.md §4). Exits 0 when all is
 * well, 1 with a message per problem otherwise. Never prints a secret.
 */
import { existsSync, readFileSync } from "node:fs";
import { loadConfig, type ConfigIssue } from "../src/config";
import { LighterClient } from "../src/venues/lighter/client";
import { bytesToHex, parsePrivateKey, publicKeyFromPrivate } from "../src/venues/lighter/crypto";
import { LighterError } from "../src/venues/lighter/errors";
import { parseDevVars } from "./dev-vars";

function fail(lines: string[]): number {
  for (const line of lines) process.stderr.write(`✗ ${line}\n`);
  return 1;
}

function describeIssues(section: string, issues: ConfigIssue[]): string[] {
  return issues.map((issue) => `${section}: ${issue.variable} ${issue.message}`);
}

async function main(argv: readonly string[]): Promise<number> {
  const fileFlag = argv.indexOf("--env-file");
  const file = fileFlag >= 0 ? argv[fileFlag + 1] : ".dev.vars";
  if (file === undefined) return fail(["--env-file needs a path"]);
  const fromFile = existsSync(file) ? parseDevVars(readFileSync(file, "utf8")) : {};
  if (!existsSync(file) && fileFlag >= 0) return fail([`${file} does not exist`]);
  const config = loadConfig({ ...fromFile, ...process.env });

  const problems = [
    ...(config.gatewayToken.ok ? [] : describeIssues("gateway", config.gatewayToken.errors)),
    ...(config.trading.ok ? [] : describeIssues("trading", config.trading.errors)),
    ...(config.marketData.ok ? [] : describeIssues("market data", config.marketData.errors)),
    ...(config.events.ok ? [] : describeIssues("events", config.events.errors)),
  ];
  if (!config.trading.ok) return fail(problems);

  const { lighter, mode } = config.trading.value;
  const ownKey = bytesToHex(publicKeyFromPrivate(parsePrivateKey(lighter.privateKeyHex)));
  process.stdout.write(`• mode ${mode}, ${lighter.baseUrl} (chain ${lighter.chainId}), account ${lighter.accountIndex}, API keys ${lighter.apiKeyIndices.join(", ")}\n`);
  process.stdout.write(`• public key of LIGHTER_PRIVATE_KEY: ${ownKey}\n`);

  const client = new LighterClient({ baseUrl: lighter.baseUrl, timeoutMs: lighter.requestTimeoutMs });
  let registered;
  try {
    registered = await client.apiKeys(lighter.accountIndex);
  } catch (error) {
    const reason = error instanceof LighterError ? `${error.kind}: ${error.message}` : String(error);
    return fail([...problems, `could not read the registered API keys from ${lighter.baseUrl}: ${reason}`]);
  }
  for (const index of lighter.apiKeyIndices) {
    const entry = registered.find((key) => key.apiKeyIndex === index);
    if (entry === undefined) problems.push(`no API key ${index} is registered for account ${lighter.accountIndex}`);
    else if (entry.publicKey !== ownKey) problems.push(`API key ${index}: LIGHTER_PRIVATE_KEY does not match; Lighter has ${entry.publicKey}`);
    else process.stdout.write(`✓ API key ${index} matches (Lighter's next nonce ${entry.nonce})\n`);
  }
  if (problems.length > 0) return fail(problems);
  process.stdout.write("✓ configuration and credentials are valid\n");
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`✗ ${error instanceof Error ? error.message : "unexpected failure"}\n`);
    process.exit(1);
  },
);
