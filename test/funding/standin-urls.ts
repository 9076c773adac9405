/** The venue stand-ins' base URLs, as the Worker under test sees them (vitest.config.ts bindings). */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import type { FundingBoard } from "../../src/funding/board";
import { resetStandIn } from "../standins/control";

const bindings = env as unknown as Record<string, string>;

export const HL_URL = bindings.HYPERLIQUID_API_URL as string;
export const LIGHTER_URL = bindings.LIGHTER_BASE_URL as string;
export const GRVT_URL = bindings.GRVT_MARKET_DATA_URL as string;

export async function resetFundingStandIns(): Promise<void> {
  await Promise.all([resetStandIn(HL_URL), resetStandIn(LIGHTER_URL), resetStandIn(GRVT_URL)]);
}

/** Lists `extra` more GRVT perpetuals (SYN000_USDT_Perp …) until the next reset. */
export async function addGrvtInstruments(extra: number): Promise<void> {
  const res = await fetch(`${GRVT_URL}/__standin/instruments`, { method: "POST", body: JSON.stringify({ extra }) });
  if (!res.ok) throw new Error(`GRVT stand-in refused: ${res.status}`);
}

/** Runs the funding board through one refresh of every venue (one alarm step each) from the stand-ins. */
export async function refreshFundingBoard(): Promise<void> {
  const stub = (env as unknown as Env).FUNDING_BOARD.getByName("global");
  await stub.boardJson();
  for (let i = 0; i < 3; i += 1) await runInDurableObject(stub, (board: FundingBoard) => board.alarm());
}
