/**
 * `npm run check`: the start-up validation of the original service, for an edge deployment. Reads
 * `.dev.vars` (or the file given with --env-file; variables already in the environment win), validates
 * every variable, then checks each trading venue on its own, so that a problem with one never hides the
 * other's result:
 * - Lighter: derives the public key from LIGHTER_PRIVATE_KEY and compares it with the key Lighter has
 *   registered for the account and every configured API key index (lighter/SPEC.md §4).
 * - Hyperliquid (when configured): derives the agent's address from HYPERLIQUID_AGENT_PRIVATE_KEY and asks
 *   Hyperliquid whether it is an agent of HYPERLIQUID_ACCOUNT_ADDRESS (`userRole`) and, for a named agent,
 *   until when (`extraAgents`) (hyperliquid/SPEC.md §10, §12), as /health does.
 * Exits 0 when all is well, 1 with a message per problem otherwise. Never prints a secret.
 */
import { existsSync, readFileSync } from "node:fs";
import { loadConfig, type Config, type ConfigIssue } from "../src/config";
import { VenueCallError } from "../src/venues/venue-error";
import { HyperliquidClient } from "../src/venues/hyperliquid/client";
import { addressFromPrivateKey, parseAgentKey } from "../src/venues/hyperliquid/signing";
import { LighterClient } from "../src/venues/lighter/client";
import { bytesToHex, parsePrivateKey, publicKeyFromPrivate } from "../src/venues/lighter/crypto";
import { parseDevVars } from "./dev-vars";

function info(line: string): void {
  process.stdout.write(`${line}\n`);
}

function report(problems: readonly string[]): void {
  for (const line of problems) process.stderr.write(`✗ ${line}\n`);
}

function describeIssues(section: string, issues: ConfigIssue[]): string[] {
  return issues.map((issue) => `${section}: ${issue.variable} ${issue.message}`);
}

/** A venue call's failure as one line: its kind and the venue's message (never a request, so never a key). */
function reasonOf(error: unknown): string {
  return error instanceof VenueCallError ? `${error.kind}: ${error.message}` : error instanceof Error ? error.message : String(error);
}

/** Lighter: every configured API key index must be registered with the key derived from LIGHTER_PRIVATE_KEY. */
async function checkLighter(config: Config): Promise<string[]> {
  if (!config.trading.ok) return describeIssues("Lighter trading", config.trading.errors);
  const { lighter, mode } = config.trading.value;
  const ownKey = bytesToHex(publicKeyFromPrivate(parsePrivateKey(lighter.privateKeyHex)));
  info(`• Lighter: mode ${mode}, ${lighter.baseUrl} (chain ${lighter.chainId}), account ${lighter.accountIndex}, API keys ${lighter.apiKeyIndices.join(", ")}`);
  info(`• public key of LIGHTER_PRIVATE_KEY: ${ownKey}`);

  const client = new LighterClient({ baseUrl: lighter.baseUrl, timeoutMs: lighter.requestTimeoutMs });
  let registered;
  try {
    registered = await client.apiKeys(lighter.accountIndex);
  } catch (error) {
    return [`could not read the registered API keys from ${lighter.baseUrl}: ${reasonOf(error)}`];
  }
  const problems: string[] = [];
  for (const index of lighter.apiKeyIndices) {
    const entry = registered.find((key) => key.apiKeyIndex === index);
    if (entry === undefined) problems.push(`no API key ${index} is registered for account ${lighter.accountIndex}`);
    else if (entry.publicKey !== ownKey) problems.push(`API key ${index}: LIGHTER_PRIVATE_KEY does not match; Lighter has ${entry.publicKey}`);
    else info(`✓ API key ${index} matches (Lighter's next nonce ${entry.nonce})`);
  }
  return problems;
}

const HYPERLIQUID_REQUIRED = ["HYPERLIQUID_AGENT_PRIVATE_KEY", "HYPERLIQUID_ACCOUNT_ADDRESS"];

/**
 * Hyperliquid: the agent must be known to Hyperliquid as an agent of the configured account, and not
 * expired. Neither the key nor the account set is "not configured", which is no problem; one without the
 * other is.
 */
async function checkHyperliquid(config: Config): Promise<string[]> {
  const section = config.hyperliquidTrading;
  if (!section.ok) {
    const unset = new Set(section.errors.filter((issue) => issue.message === "is not set").map((issue) => issue.variable));
    if (HYPERLIQUID_REQUIRED.every((variable) => unset.has(variable))) {
      info("• Hyperliquid trading not configured (HYPERLIQUID_AGENT_PRIVATE_KEY and HYPERLIQUID_ACCOUNT_ADDRESS are unset)");
      return [];
    }
    return describeIssues("Hyperliquid trading", section.errors);
  }
  const { hyperliquid, mode } = section.value;
  // The configuration already refused a key outside 1..n-1, so this derivation cannot fail.
  const agent = addressFromPrivateKey(parseAgentKey(hyperliquid.agentPrivateKeyHex));
  const account = hyperliquid.accountAddress;
  info(`• Hyperliquid: mode ${mode}, ${hyperliquid.network}, ${hyperliquid.apiUrl}`);
  info(`• agent of HYPERLIQUID_AGENT_PRIVATE_KEY: ${agent}, account ${account}${hyperliquid.vaultAddress === undefined ? "" : `, vault ${hyperliquid.vaultAddress}`}`);

  const client = new HyperliquidClient({ apiUrl: hyperliquid.apiUrl, timeoutMs: hyperliquid.requestTimeoutMs });
  let role;
  try {
    role = await client.userRole(agent);
  } catch (error) {
    return [`could not ask Hyperliquid at ${hyperliquid.apiUrl} about the agent ${agent}: ${reasonOf(error)}`];
  }
  if (role.role !== "agent") return [`Hyperliquid knows ${agent} as "${role.role}", not as an agent: approve it for ${account} (approveAgent) or fix HYPERLIQUID_AGENT_PRIVATE_KEY`];
  if (role.master !== account) return [`the agent ${agent} trades for ${role.master ?? "another account"}, not for HYPERLIQUID_ACCOUNT_ADDRESS ${account}`];

  let named;
  try {
    named = (await client.extraAgents(account)).find((entry) => entry.address.toLowerCase() === agent);
  } catch (error) {
    return [`could not read the agents of ${account} from ${hyperliquid.apiUrl}: ${reasonOf(error)}`];
  }
  if (named?.validUntil !== undefined) {
    const until = new Date(named.validUntil).toISOString();
    if (named.validUntil <= Date.now()) return [`the agent ${agent}${named.name === undefined ? "" : ` ("${named.name}")`} of ${account} expired at ${until}: approve a new one`];
    info(`• agent${named.name === undefined ? "" : ` "${named.name}"`} valid until ${until}`);
  }
  info(`✓ Hyperliquid knows ${agent} as an agent of ${account}`);
  return [];
}

async function main(argv: readonly string[]): Promise<number> {
  const fileFlag = argv.indexOf("--env-file");
  const file = fileFlag >= 0 ? argv[fileFlag + 1] : ".dev.vars";
  if (file === undefined) {
    report(["--env-file needs a path"]);
    return 1;
  }
  if (!existsSync(file) && fileFlag >= 0) {
    report([`${file} does not exist`]);
    return 1;
  }
  const fromFile = existsSync(file) ? parseDevVars(readFileSync(file, "utf8")) : {};
  const config = loadConfig({ ...fromFile, ...process.env });

  const problems = [
    ...(config.gatewayToken.ok ? [] : describeIssues("gateway", config.gatewayToken.errors)),
    ...(config.marketData.ok ? [] : describeIssues("market data", config.marketData.errors)),
    ...(config.events.ok ? [] : describeIssues("events", config.events.errors)),
    ...(config.safety.ok ? [] : describeIssues("safety", config.safety.errors)),
  ];
  report(problems);
  // One venue after the other, so that each one's lines stay together; neither stops the other.
  for (const [venue, check] of [["Lighter", checkLighter], ["Hyperliquid", checkHyperliquid]] as const) {
    let found: string[];
    try {
      found = await check(config);
    } catch (error) {
      found = [`${venue}: unexpected failure: ${error instanceof Error ? error.message : "unknown"}`];
    }
    report(found);
    problems.push(...found);
  }
  if (problems.length > 0) {
    process.stderr.write(`✗ ${problems.length} problem${problems.length === 1 ? "" : "s"}\n`);
    return 1;
  }
  info("✓ configuration and credentials are valid");
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`✗ ${error instanceof Error ? error.message : "unexpected failure"}\n`);
    process.exit(1);
  },
);
