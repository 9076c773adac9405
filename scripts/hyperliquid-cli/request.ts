import { MsgpackEncodeError, actionHash } from "../../src/venues/hyperliquid/signing";
import { type JsonValue, LineError, onlyKeys } from "../cli/lines";

/** The L1 action of one input line, with what is hashed alongside it (SPEC §4.2). */
export interface L1Line {
  action: { [key: string]: JsonValue };
  nonce: number | bigint;
  vaultAddress: string | null;
  expiresAfter: number | bigint | null;
}

const L1_KEYS = ["action", "nonce", "vault_address", "expires_after"];
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const UINT64_MAX = (1n << 64n) - 1n;

/**
 * `{"action":{…},"nonce":n,"vault_address"?,"expires_after"?}` plus the keys in `extra`. The action is
 * kept exactly as given (key order is signed); `null` for an optional key means absent, as in the
 * Python SDK's request body.
 */
export function l1Line(request: { [key: string]: JsonValue }, extra: readonly string[] = []): L1Line {
  onlyKeys(request, [...L1_KEYS, ...extra]);
  const action = request.action;
  if (typeof action !== "object" || action === null || Array.isArray(action)) {
    throw new LineError("invalid_line", "action must be a JSON object (the L1 action, keys in wire order)", "action");
  }
  const nonce = u64(request, "nonce", true);
  const vault = Object.hasOwn(request, "vault_address") ? request.vault_address : null;
  if (vault !== null && (typeof vault !== "string" || !ADDRESS.test(vault))) {
    throw new LineError("invalid_line", "vault_address must be 0x followed by 40 hex digits, or null", "vault_address");
  }
  return { action, nonce: nonce!, vaultAddress: vault, expiresAfter: u64(request, "expires_after", false) };
}

function u64(request: { [key: string]: JsonValue }, key: string, required: boolean): number | bigint | null {
  const value = Object.hasOwn(request, key) ? request[key] : null;
  if (value === null && !required) return null;
  const ok = (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) || (typeof value === "bigint" && value >= 0n && value <= UINT64_MAX);
  if (!ok) throw new LineError("invalid_line", `${key} must be an integer between 0 and 2^64 - 1 (unix ms)`, key);
  return value as number | bigint;
}

/** The action hash of a line; an action the encoder refuses is an error naming the offending field. */
export function lineActionHash(line: L1Line): Uint8Array {
  try {
    return actionHash(line.action, line.nonce, line.vaultAddress, line.expiresAfter);
  } catch (error) {
    if (error instanceof MsgpackEncodeError) {
      // "$.orders[0].p" -> "action.orders[0].p"
      throw new LineError("invalid_action", error.message.replace(/ at \$.*$/, ""), `action${error.path.slice(1)}`);
    }
    throw error;
  }
}
