/**
 * The pair desk's USD amounts (expected funding, fees, a pair's share of a funding payment) are kept to 6
 * decimals: USDC's smallest unit, in which both venues settle (Lighter's supported_quote_decimals is 6).
 */
export const USD_DECIMALS = 6;
