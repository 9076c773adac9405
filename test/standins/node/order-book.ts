/**
 * A venue-neutral price-time order book for the stand-ins: levels of resting orders per side, matched
 * best price first and, within a price, oldest first. Prices and sizes are exact integers in whatever
 * units the venue uses (Hyperliquid: its price and size decimals, Lighter: the market's integer units);
 * the book never rounds and knows nothing of fees, margin or positions.
 *
 * Resting orders carry an `owner` (an account address, an account index…) or `null` for the stand-in's
 * own liquidity. A taker never trades with itself: a resting order of the taker's owner that would be
 * matched is taken off the book instead and reported (`selfTradeCanceled`), and matching continues
 * behind it (the "expire maker" rule).
 */

export interface BookOrder {
  /** Unique within the book. */
  id: number;
  isBuy: boolean;
  price: bigint;
  /** What is left to trade; the book lowers it as the order is matched. */
  size: bigint;
  owner: string | null;
}

export interface BookMatch {
  maker: BookOrder;
  /** The maker's price. */
  price: bigint;
  size: bigint;
  /** The maker order is used up (and off the book). */
  makerDone: boolean;
}

export interface MatchResult {
  matches: BookMatch[];
  /** Size of the taker order left unmatched. */
  remaining: bigint;
  /** The taker's own resting orders taken off the book because the taker would have crossed them. */
  selfTradeCanceled: BookOrder[];
}

/** One aggregated level. */
export interface BookLevel {
  price: bigint;
  /** Total size resting at the price. */
  size: bigint;
  /** How many orders rest there. */
  orders: number;
}

interface Level {
  price: bigint;
  orders: BookOrder[];
}

export class OrderBook {
  /** Best first: bids high to low, asks low to high. */
  private readonly bids: Level[] = [];
  private readonly asks: Level[] = [];
  private readonly byId = new Map<number, BookOrder>();

  get size(): number {
    return this.byId.size;
  }

  get(id: number): BookOrder | undefined {
    return this.byId.get(id);
  }

  bestBid(): bigint | undefined {
    return this.bids[0]?.price;
  }

  bestAsk(): bigint | undefined {
    return this.asks[0]?.price;
  }

  /** Whether a taker order on this side at this limit would trade with anything on the book. */
  crosses(isBuy: boolean, limit: bigint): boolean {
    const best = isBuy ? this.bestAsk() : this.bestBid();
    return best !== undefined && (isBuy ? best <= limit : best >= limit);
  }

  /** Rests an order at the back of its price level. */
  add(order: BookOrder): void {
    if (this.byId.has(order.id)) throw new Error(`order ${order.id} is already on the book`);
    if (order.size <= 0n) throw new Error(`order ${order.id} has no size to rest`);
    const levels = order.isBuy ? this.bids : this.asks;
    const index = this.levelIndex(levels, order.isBuy, order.price);
    const level = levels[index];
    if (level !== undefined && level.price === order.price) level.orders.push(order);
    else levels.splice(index, 0, { price: order.price, orders: [order] });
    this.byId.set(order.id, order);
  }

  /** Takes an order off the book; undefined when it is not resting. */
  remove(id: number): BookOrder | undefined {
    const order = this.byId.get(id);
    if (order === undefined) return undefined;
    this.byId.delete(id);
    const levels = order.isBuy ? this.bids : this.asks;
    const index = this.levelIndex(levels, order.isBuy, order.price);
    const level = levels[index];
    if (level !== undefined && level.price === order.price) {
      const position = level.orders.indexOf(order);
      if (position >= 0) level.orders.splice(position, 1);
      if (level.orders.length === 0) levels.splice(index, 1);
    }
    return order;
  }

  /** Takes off every order for which `predicate` holds; returns them. */
  removeWhere(predicate: (order: BookOrder) => boolean): BookOrder[] {
    const removed = [...this.byId.values()].filter(predicate);
    for (const order of removed) this.remove(order.id);
    return removed;
  }

  /**
   * Matches a taker order against the book up to `limit` (inclusive) and `size`, best price first, then
   * time. Consumed maker orders leave the book; partly consumed ones keep their place. The taker itself
   * is never rested here: the caller decides (Gtc rests the remainder, Ioc drops it).
   */
  match(isBuy: boolean, limit: bigint, size: bigint, owner: string | null): MatchResult {
    const levels = isBuy ? this.asks : this.bids;
    const matches: BookMatch[] = [];
    const selfTradeCanceled: BookOrder[] = [];
    let remaining = size;
    while (remaining > 0n) {
      const level = levels[0];
      if (level === undefined || (isBuy ? level.price > limit : level.price < limit)) break;
      const maker = level.orders[0];
      if (maker === undefined) {
        levels.shift();
        continue;
      }
      if (owner !== null && maker.owner === owner) {
        level.orders.shift();
        this.byId.delete(maker.id);
        selfTradeCanceled.push(maker);
      } else {
        const traded = maker.size < remaining ? maker.size : remaining;
        maker.size -= traded;
        remaining -= traded;
        const makerDone = maker.size === 0n;
        if (makerDone) {
          level.orders.shift();
          this.byId.delete(maker.id);
        }
        matches.push({ maker, price: level.price, size: traded, makerDone });
      }
      if (level.orders.length === 0) levels.shift();
    }
    return { matches, remaining, selfTradeCanceled };
  }

  /** Aggregated levels of one side, best first, at most `depth` of them. */
  levels(isBuy: boolean, depth = Number.POSITIVE_INFINITY): BookLevel[] {
    const levels = isBuy ? this.bids : this.asks;
    const out: BookLevel[] = [];
    for (const level of levels) {
      if (out.length >= depth) break;
      let total = 0n;
      for (const order of level.orders) total += order.size;
      out.push({ price: level.price, size: total, orders: level.orders.length });
    }
    return out;
  }

  /** Every resting order, bids best first then asks best first, each level oldest first. */
  orders(): BookOrder[] {
    const out: BookOrder[] = [];
    for (const level of this.bids) out.push(...level.orders);
    for (const level of this.asks) out.push(...level.orders);
    return out;
  }

  /** Where a level at `price` is or would go (binary search; levels are best first). */
  private levelIndex(levels: Level[], isBuy: boolean, price: bigint): number {
    let low = 0;
    let high = levels.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const at = (levels[middle] as Level).price;
      const before = isBuy ? at > price : at < price;
      if (before) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
