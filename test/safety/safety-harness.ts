/**
 * Test-side helpers for the halt and dead-man's switch tests: the safety desk, configurations built from
 * test variables exactly as the Worker builds them, and the stand-ins' views of cancels. Trading goes
 * through the real Worker (test/trading/harness.ts) against both venue stand-ins.
 */
import { env } from "cloudflare:workers";
import { loadConfig, type RawEnv } from "../../src/config";
import { safetyConfigOf, type SafetyDeskConfig } from "../../src/safety/safety-config";
import { safetyDesk } from "../../src/trading/desk-stub";
import { call, freshAccount, json, liveVars, STANDIN as LIGHTER } from "../trading/harness";
import { liveAgent } from "../trading/hyperliquid/harness";

export { LIGHTER };

/** Live on a fresh Lighter account and a fresh Hyperliquid agent at once. */
export async function bothLive(): Promise<{ account: number; user: string; vars: Record<string, string> }> {
  const account = freshAccount();
  const agent = await liveAgent();
  return { account, user: agent.user, vars: { ...liveVars(account), ...agent.vars } };
}

export function safetyStub() {
  return safetyDesk(env as unknown as Env);
}

/** The safety desk's view of the configuration a request with these variables runs with. */
export function safetyConfigFor(vars: Record<string, string | undefined>): SafetyDeskConfig {
  const merged: Record<string, unknown> = { ...(env as unknown as RawEnv), ...vars };
  for (const [name, value] of Object.entries(vars)) if (value === undefined) delete merged[name];
  return safetyConfigOf(loadConfig(merged));
}

export async function halt(reason: string, vars: Record<string, string | undefined> = {}): Promise<{ status: number; body: Record<string, any> }> {
  const res = await call("POST", "/halt", { body: { reason }, vars });
  return { status: res.status, body: await json(res) };
}

export async function resume(vars: Record<string, string | undefined> = {}): Promise<{ status: number; body: Record<string, any> }> {
  const res = await call("POST", "/resume", { vars });
  return { status: res.status, body: await json(res) };
}

export async function health(vars: Record<string, string | undefined> = {}): Promise<Record<string, any>> {
  const res = await call("GET", "/health", { vars });
  if (res.status !== 200) throw new Error(`/health answered ${res.status}`);
  return json(res);
}

/** The Lighter stand-in's cancel-all bookkeeping for an account (it keeps no resting orders). */
export interface LighterCancelAlls {
  scheduled_time: number | null;
  immediate_at: number[];
  fired: Array<{ time: number; at: number }>;
  aborted_at: number[];
}

export async function lighterCancelAlls(account: number): Promise<LighterCancelAlls> {
  return (await (await fetch(`${LIGHTER}/__standin/cancel-all?account_index=${account}`)).json()) as LighterCancelAlls;
}

/** The client_order_index of an accepted Lighter create (tx type 14), from its tx_info. */
export function clientOrderIndexOf(txInfo: string): number {
  const match = /"ClientOrderIndex":(\d+)/.exec(txInfo);
  if (match === null) throw new Error("no ClientOrderIndex in tx_info");
  return Number(match[1]);
}
