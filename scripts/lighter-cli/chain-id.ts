import { UsageError } from "../cli/args";

export const DEFAULT_CHAIN_ID = 304;

/** --chain-id: a uint32 in decimal (304 mainnet, 300 testnet); 304 when absent. */
export function chainIdFlag(flags: ReadonlyMap<string, string>): number {
  const text = flags.get("--chain-id");
  if (text === undefined) return DEFAULT_CHAIN_ID;
  if (!/^(0|[1-9][0-9]{0,9})$/.test(text) || Number(text) > 0xffffffff) {
    throw new UsageError("--chain-id must be a decimal integer between 0 and 4294967295 (304 mainnet, 300 testnet)");
  }
  return Number(text);
}
