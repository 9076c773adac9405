import { attributesJson, parseAttributes, type TxAttributes } from "./attributes";
import { cancelAllOrders } from "./cancel-all-orders";
import { cancelOrder } from "./cancel-order";
import { createOrder } from "./create-order";
import { LEADING_FIELDS, TRAILING_FIELDS, type TxDefinition, type TxValues } from "./definition";
import { TxFieldError } from "./errors";
import { toGoInteger } from "./integer";
import type { GoType } from "./limits";
import { modifyOrder } from "./modify-order";
import { encodeSig } from "./sig-base64";

/**
 * The crypto-free half of a transaction: tx_info fields -> validated values -> hash elements and the
 * tx_info JSON. Signing and verification (./sign.ts) add the Poseidon2 hash and the Schnorr signature.
 */

const DEFINITIONS: ReadonlyMap<number, TxDefinition> = new Map(
  [createOrder, cancelOrder, cancelAllOrders, modifyOrder].map((definition) => [definition.txType, definition as TxDefinition]),
);

/** What parsing and serialising a tx type needs, derived once per type instead of once per call (hot path). */
interface TxLayout {
  /** tx_info order: AccountIndex, ApiKeyIndex, <fields>, ExpiredAt, Nonce. */
  readonly allFields: readonly (readonly [string, GoType])[];
  /** The tx_info keys signing accepts: every field and L2TxAttributes. */
  readonly known: ReadonlySet<string>;
  /** `"<name>":` per field of allFields, for txInfoJson. */
  readonly jsonKeys: readonly string[];
}

const LAYOUTS: ReadonlyMap<TxDefinition, TxLayout> = new Map(
  [...DEFINITIONS.values()].map((definition) => {
    const allFields = [...LEADING_FIELDS, ...definition.fields, ...TRAILING_FIELDS];
    const names = allFields.map(([name]) => name);
    const layout: TxLayout = { allFields, known: new Set([...names, "L2TxAttributes"]), jsonKeys: names.map((name) => `"${name}":`) };
    return [definition, layout];
  }),
);

function layoutOf(definition: TxDefinition): TxLayout {
  return LAYOUTS.get(definition)!;
}

export interface ParsedTx {
  readonly definition: TxDefinition;
  readonly values: Readonly<Record<string, bigint>>;
  readonly attributes: TxAttributes;
}

function definitionFor(txType: number): TxDefinition {
  const definition = DEFINITIONS.get(txType);
  if (definition === undefined) {
    const supported = [...DEFINITIONS.values()].map((d) => `${d.txType} ${d.name}`).join(", ");
    throw new TxFieldError("TxType", `TxType ${String(txType).slice(0, 20)} is not supported (supported: ${supported})`);
  }
  return definition;
}

/** The chain id is hashed as a uint32 (304 mainnet, 300 testnet). */
export function parseChainId(chainId: unknown): bigint {
  return toGoInteger("ChainId", chainId, "uint32");
}

/**
 * Reads the tx_info fields of `txType` like Go's json.Unmarshal into the tx struct (every field
 * required, unknown fields refused, values within their Go types), then applies `Validate()`.
 * `extraKeys` are tolerated and left to the caller (the verifier reads `Sig`).
 */
export function parseTxInfo(txType: number, txInfo: unknown, extraKeys: readonly string[] = []): ParsedTx {
  const definition = definitionFor(txType);
  if (typeof txInfo !== "object" || txInfo === null || Array.isArray(txInfo)) {
    throw new TxFieldError("tx_info", "tx_info must be a JSON object");
  }
  const record = txInfo as Record<string, unknown>;
  const { allFields, known } = layoutOf(definition);
  for (const key of Object.keys(record)) {
    if (!known.has(key) && !extraKeys.includes(key)) {
      throw new TxFieldError(key.slice(0, 40), `${key.slice(0, 40)} is not a ${definition.name} tx_info field`);
    }
  }
  const values: Record<string, bigint> = {};
  for (const [name, type] of allFields) {
    if (!Object.hasOwn(record, name)) throw new TxFieldError(name, `${name} is required`);
    values[name] = toGoInteger(name, record[name], type);
  }
  const attributes = parseAttributes(Object.hasOwn(record, "L2TxAttributes") ? record.L2TxAttributes : null);
  definition.validate(values as TxValues<string>, attributes);
  return { definition, values, attributes };
}

/** `[chainId, txType, Nonce, ExpiredAt, AccountIndex, ApiKeyIndex, <tx fields>]`: all in [0, 2^63), so canonical. */
export function txHashElements(chainId: bigint, tx: ParsedTx): bigint[] {
  const { values, definition } = tx;
  const elements = [chainId, BigInt(definition.txType), values.Nonce!, values.ExpiredAt!, values.AccountIndex!, values.ApiKeyIndex!];
  for (const [name] of definition.fields) elements.push(values[name]!);
  return elements;
}

/** Go's json.Marshal of the signed tx struct, byte for byte (SPEC §2.7); SignedHash is never emitted. */
export function txInfoJson(tx: ParsedTx, sig: Uint8Array): string {
  const { allFields, jsonKeys } = layoutOf(tx.definition);
  let json = "{";
  for (let i = 0; i < allFields.length; i++) json += `${jsonKeys[i]}${tx.values[allFields[i]![0]]},`;
  return `${json}"Sig":"${encodeSig(sig)}","L2TxAttributes":${attributesJson(tx.attributes)}}`;
}
