/**
 * Which asset a venue's market trades, and how many units of it one contract unit holds. Matching is
 * by this explicit table, never by stripping letters: `KAITO`, `KAVA`, `KSM` and `KNC` are real
 * tickers, not thousands of something (SPEC §4). A symbol not listed is its own asset (upper-cased)
 * with multiplier 1; compare.ts still refuses any pair whose unit prices disagree by more than 2 %,
 * which catches name collisions and wrong multipliers alike.
 */
import type { Venue } from "./types";

export interface AssetAlias {
  asset: string;
  multiplier: number;
}

const THOUSAND = 1000;
const alias = (asset: string, multiplier: number): AssetAlias => ({ asset, multiplier });

/** Keyed by the venue's base: HL and Lighter market names, GRVT `base`. */
const ALIASES: Record<Venue, Readonly<Record<string, AssetAlias>>> = {
  // HL names thousand-unit contracts with a lowercase k (SPEC §4).
  hyperliquid: {
    kPEPE: alias("PEPE", THOUSAND),
    kBONK: alias("BONK", THOUSAND),
    kSHIB: alias("SHIB", THOUSAND),
    kFLOKI: alias("FLOKI", THOUSAND),
    kNEIRO: alias("NEIRO", THOUSAND),
    kDOGS: alias("DOGS", THOUSAND),
    kLUNC: alias("LUNC", THOUSAND),
  },
  lighter: {
    "1000PEPE": alias("PEPE", THOUSAND),
    "1000BONK": alias("BONK", THOUSAND),
  },
  // GRVT's Currency enum: "KPEPE = 13 — the 1000PEPE token". KBONK/KSHIB follow the same naming if listed.
  grvt: {
    KPEPE: alias("PEPE", THOUSAND),
    KBONK: alias("BONK", THOUSAND),
    KSHIB: alias("SHIB", THOUSAND),
  },
};

export function resolveAsset(venue: Venue, base: string): AssetAlias {
  return ALIASES[venue][base] ?? alias(base.toUpperCase(), 1);
}
