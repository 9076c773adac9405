/**
 * k·G, two ways, so that a fresh isolate signs at once and a warm one signs cheaply:
 *
 * - without a table (what a cold isolate uses): width-5 wNAF over 8 cached odd multiples of G, i.e.
 *   256 doublings and ~43 additions, ~1 ms and no set-up beyond those 8 points;
 * - with the comb table (once `buildBaseTable()` has run, off the critical path): signed fixed windows
 *   of COMB_WINDOW bits over the precomputed multiples d·2^(W·i)·G, one addition per window and no
 *   doublings at all. The table is small enough to build in a few milliseconds (see the bench), unlike
 *   noble's 2080-point one.
 *
 * Both return affine points; both are variable-time (curve.ts).
 */
import { type Affine, G, INFINITY, type Jacobian, N, addAffine, double, fromAffine, negate, toAffine, toAffineBatch } from "./curve.js";

/** Bits per comb window. 4 → 65 windows × 8 points = 520 table entries. */
export const COMB_WINDOW = 4;
const COMB_HALF = 1 << (COMB_WINDOW - 1);
/** floor(256 / W) + 1 windows: enough for any k < n plus the final carry of the signed recoding. */
const COMB_WINDOWS = Math.floor(256 / COMB_WINDOW) + 1;
const COMB_MASK = BigInt((1 << COMB_WINDOW) - 1);

const WNAF_WIDTH = 5;

let oddMultiples: Affine[] | undefined;
let combTable: Affine[] | undefined;

function checkScalar(k: bigint): void {
  if (k <= 0n || k >= N) throw new RangeError("scalar must be in [1, n)");
}

/** k·G in affine coordinates (comb table when built, wNAF otherwise). */
export function mulBase(k: bigint): Affine {
  return toAffine(mulBaseJacobian(k));
}

/** k·G in Jacobian coordinates, for callers that normalise many points with one inversion. */
export function mulBaseJacobian(k: bigint): Jacobian {
  checkScalar(k);
  return combTable === undefined ? mulBaseWnaf(k) : mulBaseComb(k, combTable);
}

/** k·G without the comb table (exported so the tests and the bench can compare both paths). */
export function mulBaseWithoutTable(k: bigint): Affine {
  checkScalar(k);
  return toAffine(mulBaseWnaf(k));
}

/** Whether the comb table has been built in this isolate. */
export function baseTableReady(): boolean {
  return combTable !== undefined;
}

/**
 * Builds the comb table (idempotent). Costs a few milliseconds of CPU once per isolate: call it off the
 * critical path, e.g. with the first commitment top-up after a response has gone out.
 */
export function buildBaseTable(): void {
  if (combTable !== undefined) return;
  // Window bases 2^(W·i)·G, all normalised with one inversion so each window's multiples can be
  // chained with mixed additions.
  const bases: Jacobian[] = [fromAffine(G)];
  for (let i = 1; i < COMB_WINDOWS; i++) {
    let p = bases[i - 1]!;
    for (let j = 0; j < COMB_WINDOW; j++) p = double(p);
    bases.push(p);
  }
  const affineBases = toAffineBatch(bases);
  const entries: Jacobian[] = [];
  for (const base of affineBases) {
    let p = fromAffine(base);
    entries.push(p);
    for (let j = 1; j < COMB_HALF; j++) {
      p = addAffine(p, base);
      entries.push(p);
    }
  }
  combTable = toAffineBatch(entries);
}

/** Drops the comb table (tests and the bench use it to measure the cold path). */
export function dropBaseTable(): void {
  combTable = undefined;
}

function mulBaseComb(k: bigint, table: readonly Affine[]): Jacobian {
  let acc = INFINITY;
  let carry = 0;
  for (let i = 0; i < COMB_WINDOWS; i++) {
    let digit = Number((k >> BigInt(COMB_WINDOW * i)) & COMB_MASK) + carry;
    // Signed digits in [−(2^(W−1) − 1), 2^(W−1)] halve the table: −d·B is d·B with y negated.
    if (digit > COMB_HALF) {
      digit -= 1 << COMB_WINDOW;
      carry = 1;
    } else {
      carry = 0;
    }
    if (digit > 0) acc = addAffine(acc, table[i * COMB_HALF + digit - 1]!);
    else if (digit < 0) acc = addAffine(acc, negate(table[i * COMB_HALF - digit - 1]!));
  }
  if (carry !== 0) throw new Error("comb recoding overflowed (scalar out of range)");
  return acc;
}

/** The odd multiples G, 3G, …, 15G, affine; computed once per isolate (~0.1 ms). */
function wnafPoints(): Affine[] {
  if (oddMultiples !== undefined) return oddMultiples;
  const twoG = toAffine(double(fromAffine(G)));
  const points: Jacobian[] = [fromAffine(G)];
  for (let i = 1; i < 1 << (WNAF_WIDTH - 2); i++) points.push(addAffine(points[i - 1]!, twoG));
  oddMultiples = toAffineBatch(points);
  return oddMultiples;
}

/** Width-w non-adjacent form, least significant digit first: odd digits in (−2^(w−1), 2^(w−1)). */
function wnafDigits(k: bigint): Int8Array {
  const digits = new Int8Array(257);
  const full = 1 << WNAF_WIDTH;
  const mask = BigInt(full - 1);
  let i = 0;
  while (k > 0n) {
    if (k & 1n) {
      let d = Number(k & mask);
      if (d >= full >> 1) d -= full;
      digits[i] = d;
      k -= BigInt(d);
    }
    k >>= 1n;
    i++;
  }
  return digits.subarray(0, i);
}

function mulBaseWnaf(k: bigint): Jacobian {
  const points = wnafPoints();
  const digits = wnafDigits(k);
  let acc = INFINITY;
  for (let i = digits.length - 1; i >= 0; i--) {
    acc = double(acc);
    const d = digits[i]!;
    if (d > 0) acc = addAffine(acc, points[(d - 1) >> 1]!);
    else if (d < 0) acc = addAffine(acc, negate(points[(-d - 1) >> 1]!));
  }
  return acc;
}
