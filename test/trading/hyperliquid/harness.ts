/**
 * Hyperliquid side of the trading tests: the real Worker against the Hyperliquid stand-in. Each live test
 * trades through an agent and account of its own (`liveAgent`), so nonces, orders and positions are never
 * shared between tests; the stand-in verifies every signature, nonce, price and size.
 */
import { env } from "cloudflare:workers";
import { newHyperliquidAgent, type HyperliquidTestAgent } from "../../standins/hyperliquid-control";

const bindings = env as unknown as Record<string, string>;

export const HYPERLIQUID = bindings.HYPERLIQUID_API_URL as string;
export const DEFAULT_AGENT_KEY = bindings.HYPERLIQUID_AGENT_PRIVATE_KEY as string;

export interface LiveAgent extends HyperliquidTestAgent {
  vars: Record<string, string>;
}

/** A fresh agent registered at the stand-in for a fresh account, and the variables that trade live with it. */
export async function liveAgent(extra: Record<string, string> = {}, options: { marginUsd?: string } = {}): Promise<LiveAgent> {
  const agent = await newHyperliquidAgent(HYPERLIQUID, options);
  return { ...agent, vars: { TRADING_MODE: "live", HYPERLIQUID_AGENT_PRIVATE_KEY: agent.agentKey, HYPERLIQUID_ACCOUNT_ADDRESS: agent.user, ...extra } };
}

let counter = Math.floor(Math.random() * 2 ** 40);

/** A cloid no other test uses. */
export function freshCloid(): string {
  counter += 1;
  return `0x${counter.toString(16).padStart(32, "0")}`;
}

/**
 * A BTC limit buy (fixture: szDecimals 5, mark 97,010). At 90,000 it rests below the stand-in's book; at
 * 97,100 or more it crosses the asks and fills.
 */
export function hlOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { coin: "BTC", is_buy: true, size: "0.001", price: "90000", order_type: "limit", time_in_force: "gtc", reduce_only: false, cloid: freshCloid(), ...overrides };
}
