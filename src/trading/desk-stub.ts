import type { AccountDesk } from "./account-desk";
import type { HyperliquidDesk } from "./hyperliquid-desk";

/** One desk per Lighter account; this is the one place that names it. */
export function accountDesk(env: Env, accountIndex: number): DurableObjectStub<AccountDesk> {
  return env.ACCOUNT_DESK.getByName(`lighter-account:${accountIndex}`);
}

/** One desk per Hyperliquid agent signer (its nonces are the signer's), named by the configured key's address. */
export function hyperliquidDesk(env: Env, signerAddress: string): DurableObjectStub<HyperliquidDesk> {
  return env.HYPERLIQUID_DESK.getByName(`hyperliquid-signer:${signerAddress}`);
}
