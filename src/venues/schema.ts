/**
 * zod building blocks for the venues' number formats. Venues send decimals as strings or JSON numbers,
 * int64 fields sometimes as strings, and GRVT timestamps as nanosecond strings (SPEC §3.3).
 */
import * as z from "zod";

/** A finite decimal given as a string or a number. Keeps the text as sent, for `raw_rate`. */
export const decimalText = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = typeof value === "number" ? String(value) : value.trim();
  const parsed = Number(text);
  if (text === "" || !Number.isFinite(parsed) || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    ctx.addIssue({ code: "custom", message: `expected a decimal number, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return { text, value: parsed };
});

/** A finite decimal as a JS number. */
export const decimal = decimalText.transform((d) => d.value);

/** A non-negative integer given as a number or a digit string. */
export const integerLike = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, "expected an integer")]).transform(Number);

/** Unix nanoseconds (string or number) -> unix milliseconds, through BigInt so no precision is lost. */
export const nanosToMillis = z
  .union([z.string().regex(/^\d+$/, "expected a nanosecond timestamp"), z.number().int().nonnegative()])
  .transform((ns) => Number(BigInt(ns) / 1_000_000n));
