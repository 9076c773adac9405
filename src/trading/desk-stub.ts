import type { HyperliquidTradingConfig } from "../config";
import type { SafetyDesk } from "../safety/safety-desk";
import { addressFromPrivateKey, parseAgentKey } from "../venues/hyperliquid/signing";
import type { AccountDesk } from "./account-desk";
import type { HyperliquidDesk } from "./hyperliquid-desk";

/** A venue desk by venue and Durable Object name: how the safety desk remembers the desks it must tell. */
export type DeskRef = { venue: "lighter"; name: string } | { venue: "hyperliquid"; name: string };

export function accountDeskName(accountIndex: number): string {
  return `lighter-account:${accountIndex}`;
}

export function hyperliquidDeskName(signerAddress: string): string {
  return `hyperliquid-signer:${signerAddress}`;
}

/** One desk per Lighter account; this is the one place that names it. */
export function accountDesk(env: Env, accountIndex: number): DurableObjectStub<AccountDesk> {
  return env.ACCOUNT_DESK.getByName(accountDeskName(accountIndex));
}

/** One desk per Hyperliquid agent signer (its nonces are the signer's), named by the configured key's address. */
export function hyperliquidDesk(env: Env, signerAddress: string): DurableObjectStub<HyperliquidDesk> {
  return env.HYPERLIQUID_DESK.getByName(hyperliquidDeskName(signerAddress));
}

/** The signer's address, derived once per parsed configuration (a scalar multiplication). */
const signers = new WeakMap<HyperliquidTradingConfig, string>();

export function hyperliquidSigner(trading: HyperliquidTradingConfig): string {
  let address = signers.get(trading);
  if (address === undefined) {
    address = addressFromPrivateKey(parseAgentKey(trading.hyperliquid.agentPrivateKeyHex));
    signers.set(trading, address);
  }
  return address;
}

/** The one safety desk of the gateway: the halt state and the dead-man's switches. */
export function safetyDesk(env: Env): DurableObjectStub<SafetyDesk> {
  return env.SAFETY_DESK.getByName("global");
}

/** The desk of the configured Hyperliquid signer. */
export function hyperliquidDeskFor(env: Env, trading: HyperliquidTradingConfig): DurableObjectStub<HyperliquidDesk> {
  return hyperliquidDesk(env, hyperliquidSigner(trading));
}
