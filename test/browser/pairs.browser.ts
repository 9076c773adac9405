/**
 * The dashboard's pair desk in a real browser against `wrangler dev` and the venue stand-ins (dry-run):
 * each venue's account feed beside its chip, the preview from a board row (both legs as the gateway
 * would send them, the funding, every verdict; Open disabled, since a dry-run pair is never allowed),
 * Open sending exactly the previewed body, and the pairs panel with its Close button.
 *
 * The gateway in dry-run can neither allow nor hold a pair, so Playwright routes stand in for it in three
 * places, each named where it is set: the preview's `allowed` (the real answer, with allowed true), the
 * pair list, and the answers to an open and to one close. Everything else is the real gateway: the
 * preview, its verdicts, the 422 refusal of the open and the 404 of a close of an unknown pair.
 */
import { mkdir } from "node:fs/promises";
import type { Browser, Page, Request, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium";
import { completeBoard, startGateway, type Board, type Gateway } from "./gateway";

interface Preview {
  legs: Record<"long" | "short", { venue: string; market: string; side: string; size: string; mark: string; limit_price: string; integer_units: { base_amount: string; price: string } | null }>;
  verdicts: Record<string, { ok: boolean; detail: string }>;
  allowed: boolean;
}

let gateway: Gateway | undefined;
let browser: Browser | undefined;
let page: Page;
let board: Board;
/** The board row the pair desk can trade (its best pair is Lighter against Hyperliquid). */
let tradable: { asset: string; long_venue: string; short_venue: string };
const pageErrors: string[] = [];
const requests: Request[] = [];
const dialogs: string[] = [];
/** What the next confirm() answers. */
let confirmAnswer = true;

const LABELS: Record<string, string> = { lighter: "Lighter", hyperliquid: "Hyperliquid" };

/** A pair as GET /arb/pairs serves it, in the shape of src/openapi/responses.ts pairView. */
function pairFixture(id: string, state: string, overrides: { attention?: string | null; total?: string | null; price?: string | null } = {}) {
  const leg = (venue: string, side: string, market: string) => ({
    venue,
    market,
    symbol: "ETH",
    side,
    asset_size: state === "closed" ? "0" : "0.2857",
    entry_price: "3500.1",
    exit_price: null,
    mark_price: "3501.5",
    fees: "0.45",
    funding: "0.62",
    fills: [],
  });
  return {
    pair_id: id,
    asset: "ETH",
    state,
    execution: "sequential",
    attention: overrides.attention ?? null,
    orders_sent: 2,
    max_orders: 4,
    orders: [],
    legs: { long: leg("hyperliquid", "buy", "ETH"), short: leg("lighter", "sell", "0") },
    spread_apr: { entry: 0.28032, now: 0.2512 },
    pnl: { price: overrides.price === undefined ? "-0.4" : overrides.price, funding: "1.24", fees: "0.9", total: overrides.total === undefined ? "-0.06" : overrides.total },
  };
}

/** Fulfils a route with JSON. */
function json(route: Route, status: number, body: unknown) {
  return route.fulfill({ status, contentType: "application/json", body: JSON.stringify(body) });
}

beforeAll(async () => {
  await mkdir("test-results", { recursive: true });
  gateway = await startGateway();
  board = await completeBoard(gateway.url);
  const row = board.assets.find((a) => a.best_pair !== null && [a.best_pair.long_venue, a.best_pair.short_venue].sort().join() === "hyperliquid,lighter");
  if (row?.best_pair == null) throw new Error(`no board row pairs Lighter with Hyperliquid: ${JSON.stringify(board.assets.map((a) => a.best_pair))}`);
  tradable = { asset: row.asset, long_venue: row.best_pair.long_venue, short_venue: row.best_pair.short_venue };
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });
  page.on("request", (request) => requests.push(request));
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void (confirmAnswer ? dialog.accept() : dialog.dismiss());
  });
  await page.goto(`${gateway.url}/`);
  await page.locator("#board-body tr[data-asset]").first().waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
}, 60_000);

describe("pairs on the dashboard, in headless Chromium", () => {
  it("shows each venue's account feed beside its chip: off in dry-run, with the reason", async () => {
    const health = (await (await fetch(`${gateway!.url}/health`)).json()) as { feeds: Record<string, { feed: string; reason: string }> };
    await page.locator('#venue-health li[data-venue="lighter"] .venue-feed').waitFor({ timeout: 15_000 });
    for (const venue of ["lighter", "hyperliquid"]) {
      expect(health.feeds[venue]?.feed).toBe("off");
      const chip = page.locator(`#venue-health li[data-venue="${venue}"] .venue-feed`);
      expect(await chip.getAttribute("class")).toContain("feed-off");
      expect(await chip.textContent()).toBe(`feed off: ${health.feeds[venue]!.reason}`);
    }
    // GRVT gives market data only: no account feed, no chip.
    expect(await page.locator('#venue-health li[data-venue="grvt"] .venue-feed').count()).toBe(0);
  });

  it("asks for the token before reading pairs", async () => {
    expect(await page.textContent("#pairs-status")).toContain("Connect with the gateway token");
    expect(await page.textContent("#pairs-body")).toContain("Connect to see the pairs.");
    await page.fill("#token", gateway!.token);
    await page.click("#token-form button[type=submit]");
    // Read as soon as the order panel holds the token: the dry-run desk has no pairs.
    await expect.poll(() => page.textContent("#pairs-body"), { timeout: 5_000 }).toContain("No pairs yet");
    expect(await page.getAttribute("#pairs-status", "data-state")).toBe("ok");
  });

  it("offers a preview on rows whose pair is Lighter against Hyperliquid only", async () => {
    const withPair = board.assets.filter((a) => a.best_pair !== null);
    for (const asset of withPair) {
      const button = page.locator(`#board-body tr[data-asset="${asset.asset}"] button.preview-pair`);
      const venues = [asset.best_pair!.long_venue, asset.best_pair!.short_venue].sort().join();
      expect(await button.isEnabled(), asset.asset).toBe(venues === "hyperliquid,lighter");
    }
    expect(withPair.some((a) => [a.best_pair!.long_venue, a.best_pair!.short_venue].includes("grvt"))).toBe(true);
    expect(await page.isVisible("#preview")).toBe(false);
  });

  it("previews a row's pair: both legs as sent, the funding and every verdict; Open stays disabled in dry-run", async () => {
    await page.locator(`#board-body tr[data-asset="${tradable.asset}"] button.preview-pair`).click();
    await page.locator("#preview").waitFor({ state: "visible" });
    expect(await page.textContent("#preview-target")).toBe(`${tradable.asset}: long ${LABELS[tradable.long_venue]}, short ${LABELS[tradable.short_venue]}`);
    expect(await page.inputValue("#preview-slippage")).toBe("20");

    await page.click("#preview-form button[type=submit]");
    expect(await page.textContent("#preview-status")).toBe("Type the notional in USD.");

    await page.fill("#preview-notional", "1000");
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/arb/preview")), page.click("#preview-form button[type=submit]")]);
    const sent = response.request();
    expect(sent.postDataJSON()).toEqual({ asset: tradable.asset, notional_usd: "1000", long_venue: tradable.long_venue, short_venue: tradable.short_venue, max_slippage_bps: 20 });
    expect(await sent.headerValue("authorization")).toBe(`Bearer ${gateway!.token}`);
    expect(response.status()).toBe(200);
    const preview = (await response.json()) as Preview;
    await page.locator("#preview-result").waitFor({ state: "visible" });

    for (const side of ["long", "short"] as const) {
      const leg = preview.legs[side];
      const cells = await page.locator(`#preview-legs-body tr[data-leg="${side}"] td`).allTextContents();
      expect(cells.slice(0, 6)).toEqual([`${side} ${LABELS[leg.venue]}`, leg.market, leg.side, leg.size, leg.mark, leg.limit_price]);
      expect(cells[6]).toMatch(/^\$[\d,]+\.\d\d$/);
      expect(cells[7]).toBe(leg.integer_units === null ? "–" : `base_amount ${leg.integer_units.base_amount}, price ${leg.integer_units.price}`);
    }
    const facts = await page.locator("#preview-funding dt").allTextContents();
    expect(facts).toEqual(["Size", "Spread APR", "Fees", "Expected funding over 24 h", "Expected net", "Break-even"]);

    // Every verdict, refusals first; dry-run refuses both venues for not trading live.
    const verdicts = await page.locator("#preview-verdicts li").allTextContents();
    expect(verdicts).toHaveLength(Object.keys(preview.verdicts).length);
    const refused = Object.entries(preview.verdicts).filter(([, v]) => !v.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(verdicts.slice(0, refused.length)).toEqual(refused.map(([name, v]) => `NOT OK ${name.replaceAll("_", " ")}: ${v.detail}`));
    expect(verdicts.join("\n")).toMatch(/NOT OK long live: .*dry-run: a pair needs both venues live/);
    expect(verdicts.join("\n")).toMatch(/NOT OK short live: .*dry-run: a pair needs both venues live/);
    expect(preview.allowed).toBe(false);
    expect(await page.isEnabled("#preview-open")).toBe(false);
    expect(await page.textContent("#preview-status")).toContain("not allowed");
  });

  it("Open sends exactly the previewed body with a pair_id, shows the gateway's refusal, and the pair once it opens", async () => {
    // Stand-in 1: the real preview, with allowed forced true (dry-run never allows a pair).
    await page.route("**/arb/preview", async (route) => {
      const real = await route.fetch();
      return json(route, real.status(), { ...((await real.json()) as Preview), allowed: true });
    });
    await page.fill("#preview-notional", "1500");
    await page.fill("#preview-slippage", "35");
    const [previewResponse] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/arb/preview")), page.click("#preview-form button[type=submit]")]);
    const previewed = previewResponse.request().postDataJSON() as Record<string, unknown>;
    expect(previewed).toMatchObject({ notional_usd: "1500", max_slippage_bps: 35 });
    await expect.poll(() => page.isEnabled("#preview-open")).toBe(true);

    // Typing withdraws the preview, so Open can only send what is on screen.
    await page.fill("#preview-notional", "1501");
    expect(await page.isEnabled("#preview-open")).toBe(false);
    expect(await page.isVisible("#preview-result")).toBe(false);
    await page.fill("#preview-notional", "1500");
    await page.click("#preview-form button[type=submit]");
    await expect.poll(() => page.isEnabled("#preview-open")).toBe(true);

    // The real gateway refuses (422 pair_not_allowed): its code and message are shown, and its verdicts.
    const [refusal] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/arb/pairs") && r.request().method() === "POST"), page.click("#preview-open")]);
    expect(refusal.status()).toBe(422);
    const opened = refusal.request().postDataJSON() as Record<string, unknown>;
    const { pair_id: pairId, execution, ...rest } = opened;
    expect(rest).toEqual(previewed);
    expect(execution).toBe("sequential");
    expect(pairId).toMatch(new RegExp(`^dash-${tradable.asset}-\\d+$`));
    await expect.poll(() => page.textContent("#open-status")).toBe("Open failed: pair_not_allowed: a risk check refuses this pair; see details.verdicts");
    expect(await page.getAttribute("#open-status", "data-state")).toBe("error");
    expect(await page.textContent("#preview-verdicts")).toContain("NOT OK long live");

    // Stand-in 2: the desk opens the pair, and lists it from then on beside an unbalanced one and a
    // closed one. Pressing Open again sends the same pair_id: a lost answer never opens a second pair.
    let listed: unknown[] = [];
    const answered = pairFixture(String(pairId), "open");
    await page.route("**/arb/pairs", (route) => {
      if (route.request().method() === "GET") return json(route, 200, { pairs: listed });
      listed = [
        answered,
        pairFixture("dash-ETH-1", "unbalanced", { attention: "short leg filled 0.1 of 0.2857 ETH; the rest is unknown", total: null, price: null }),
        pairFixture("dash-ETH-0", "closed"),
      ];
      return json(route, 200, answered);
    });
    const [again] = await Promise.all([page.waitForRequest((r) => r.url().endsWith("/arb/pairs") && r.method() === "POST"), page.click("#preview-open")]);
    expect(again.postDataJSON()).toEqual(opened);
    await expect.poll(() => page.textContent("#open-status")).toBe(`${pairId}: open (long Hyperliquid 0.2857, short Lighter 0.2857; 2 / 4 orders)`);
    expect(await page.isEnabled("#preview-open")).toBe(false);
  });

  it("lists the pairs after the open: state (unbalanced loudly, with why), legs, spreads, funding, fees, PnL, orders", async () => {
    await page.locator("#pairs-body tr[data-pair-id]").nth(2).waitFor({ timeout: 5_000 });
    const open = await page.locator("#pairs-body tr.pair-open td").allTextContents();
    expect(open.slice(0, 10)).toEqual([
      "ETH",
      expect.stringMatching(/^dash-ETH-\d+$/),
      "open",
      "long Hyperliquid 0.2857short Lighter 0.2857",
      "+28.0%",
      "+25.1%",
      "+$1.24",
      "$0.90",
      "-$0.06",
      "2 / 4",
    ]);
    expect(await page.locator("#pairs-body tr.pair-open td.pnl").getAttribute("title")).toBe("price -0.4 + funding 1.24 − fees 0.9 USD");

    const unbalanced = page.locator('#pairs-body tr[data-pair-id="dash-ETH-1"]');
    expect(await unbalanced.getAttribute("class")).toBe("pair-unbalanced");
    expect(await unbalanced.locator("td.state").textContent()).toBe("unbalancedshort leg filled 0.1 of 0.2857 ETH; the rest is unknown");
    expect(await unbalanced.locator("td.pnl").textContent()).toBe("unknown");
    expect(await page.isVisible("#pairs-alert")).toBe(true);
    expect(await page.textContent("#pairs-alert")).toBe("dash-ETH-1 (ETH) is UNBALANCED: short leg filled 0.1 of 0.2857 ETH; the rest is unknown");

    // Close only where the legs may hold a position.
    expect(await page.locator("#pairs-body tr.pair-open button.close-pair").count()).toBe(1);
    expect(await unbalanced.locator("button.close-pair").count()).toBe(1);
    expect(await page.locator('#pairs-body tr[data-pair-id="dash-ETH-0"] button').count()).toBe(0);
  });

  it("closes a pair after a confirmation, and shows the gateway's answer, refusal included", async () => {
    const closeRequests = () => requests.filter((r) => r.method() === "POST" && r.url().endsWith("/close")).length;
    // A dismissed confirmation sends nothing.
    confirmAnswer = false;
    await page.locator('#pairs-body tr[data-pair-id="dash-ETH-1"] button.close-pair').click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toContain("Close pair dash-ETH-1 (ETH: long Hyperliquid, short Lighter)?");
    expect(closeRequests()).toBe(0);

    // The real gateway has no such pair: its 404 envelope is shown.
    confirmAnswer = true;
    const openId = await page.locator("#pairs-body tr.pair-open").getAttribute("data-pair-id");
    const [notFound] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/arb/pairs/${openId}/close`)), page.locator("#pairs-body tr.pair-open button.close-pair").click()]);
    expect(notFound.status()).toBe(404);
    await expect.poll(() => page.textContent("#pairs-action")).toBe(`Close of ${openId} failed: unknown_pair: no pair ${openId}`);

    // Stand-in 3: the desk closes the unbalanced pair; the list read right after shows it closed.
    await page.route("**/arb/pairs/dash-ETH-1/close", (route) => json(route, 200, pairFixture("dash-ETH-1", "closed")));
    await page.unroute("**/arb/pairs");
    await page.route("**/arb/pairs", (route) => json(route, 200, { pairs: [pairFixture("dash-ETH-1", "closed")] }));
    await page.locator('#pairs-body tr[data-pair-id="dash-ETH-1"] button.close-pair').click();
    await expect.poll(() => page.textContent("#pairs-action")).toBe("dash-ETH-1: closed");
    await expect.poll(() => page.locator("#pairs-body tr[data-pair-id]").count()).toBe(1);
    expect(await page.isVisible("#pairs-alert")).toBe(false);
    expect(await page.locator("#pairs-body button").count()).toBe(0);
  });

  it("never puts the token in a URL, fits a phone's width, and raises no errors of its own", async () => {
    expect(requests.filter((r) => r.url().includes(gateway!.token))).toEqual([]);
    await page.screenshot({ path: "test-results/pairs.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: "test-results/pairs-phone.png", fullPage: true });
    // Chromium logs every HTTP error a fetch receives: those are the two this test provoked, and nothing else.
    expect(pageErrors).toEqual([
      "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)",
      "Failed to load resource: the server responded with a status of 404 (Not Found)",
    ]);
  });
});
