/**
 * The dashboard in a real browser against a real `wrangler dev` and the venue stand-ins: the board's rows
 * and spreads, sorting and filtering, the token form, an order placed through the API appearing live in
 * the panel, the halt banner and buttons, the docs page, and screenshots (test-results/dashboard*.png).
 */
import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium";
import { completeBoard, startGateway, type Board, type Gateway } from "./gateway";

let gateway: Gateway | undefined;
let browser: Browser | undefined;
let page: Page;
let board: Board;
const outsideRequests: string[] = [];
const pageErrors: string[] = [];
const socketUrls: string[] = [];

/** The spread APRs shown, top to bottom (null for a dash). */
async function shownSpreads(): Promise<Array<number | null>> {
  const texts = await page.locator("#board-body tr[data-asset] td.spread").allTextContents();
  return texts.map((t) => (t.trim() === "–" ? null : Number.parseFloat(t)));
}

async function shownAssets(): Promise<string[]> {
  return page.locator("#board-body tr[data-asset]").evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.asset ?? ""));
}

beforeAll(async () => {
  await mkdir("test-results", { recursive: true });
  gateway = await startGateway();
  board = await completeBoard(gateway.url);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const origin = new URL(gateway.url).origin;
  page.on("request", (request) => {
    if (new URL(request.url()).origin !== origin && !request.url().startsWith("ws://127.0.0.1")) outsideRequests.push(request.url());
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("websocket", (socket) => socketUrls.push(socket.url()));
  // Lets the test drop the page's socket: every WebSocket the page opens is kept in window.sockets.
  await page.addInitScript(() => {
    const Native = WebSocket;
    const sockets: WebSocket[] = [];
    (window as unknown as { sockets: WebSocket[] }).sockets = sockets;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    };
  });
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
}, 60_000);

describe("dashboard in headless Chromium", () => {
  it("serves / as a static page with its security headers", async () => {
    const res = await fetch(`${gateway!.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    expect(res.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
  });

  it("shows a row per asset with each venue's APR and the spreads from the stand-ins", async () => {
    await page.goto(`${gateway!.url}/`);
    await page.locator("#board-body tr[data-asset]").first().waitFor();
    expect((await shownAssets()).sort()).toEqual(board.assets.map((a) => a.asset).sort());

    for (const asset of board.assets.filter((a) => a.best_pair !== null)) {
      const spread = await page.locator(`#board-body tr[data-asset="${asset.asset}"] td.spread`).textContent();
      expect(Number.parseFloat(spread ?? ""), asset.asset).toBeCloseTo(asset.best_pair!.spread_apr * 100, 1);
    }
    const btc = board.assets.find((a) => a.asset === "BTC")!;
    const hlApr = btc.venues.find((v) => v.venue === "hyperliquid")!.apr;
    expect(Number.parseFloat((await page.locator('#board-body tr[data-asset="BTC"] td:nth-child(2) .apr').textContent()) ?? "")).toBeCloseTo(hlApr * 100, 1);
    // Venue health: three venues, all refreshed, each with its data age.
    await expect.poll(() => page.locator("#venue-health li.venue-ok").count()).toBe(3);
    expect(await page.locator("#venue-health li .venue-age").first().textContent()).toMatch(/old$/);
  });

  it("sorts by any column, both ways", async () => {
    await page.locator('th[data-sort="asset"] button').click();
    const ascending = await shownAssets();
    expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b)));
    await page.locator('th[data-sort="asset"] button').click();
    expect(await shownAssets()).toEqual([...ascending].reverse());
    expect(await page.locator('th[data-sort="asset"]').getAttribute("aria-sort")).toBe("descending");

    await page.locator('th[data-sort="spread"] button').click();
    const spreads = await shownSpreads();
    const known = spreads.filter((s): s is number => s !== null);
    expect(known.length).toBeGreaterThan(1);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(spreads.slice(0, known.length)).toEqual(known); // assets without a pair come last
  });

  it("filters by asset and by minimum spread", async () => {
    await page.fill("#filter-asset", "btc");
    expect(await shownAssets()).toEqual(["BTC"]);
    await page.fill("#filter-asset", "");
    const threshold = 5;
    await page.fill("#filter-spread", String(threshold));
    const expected = board.assets.filter((a) => a.best_pair !== null && a.best_pair.spread_apr * 100 >= threshold).map((a) => a.asset);
    expect((await shownAssets()).sort()).toEqual(expected.sort());
    await page.fill("#filter-spread", "");
  });

  it("connects with the pasted token and shows an order placed through the API as it happens", async () => {
    await page.fill("#token", gateway!.token);
    await page.click("#token-form button[type=submit]");
    await expect.poll(() => page.locator("#stream-status").getAttribute("data-state"), { timeout: 15_000 }).toBe("live");
    expect(page.url()).not.toContain(gateway!.token);
    expect(await page.inputValue("#token")).toBe("");

    const order = { market_index: 1, client_order_index: 4242, base_amount: 1500, price: 6012345, is_ask: true, order_type: "limit", time_in_force: "gtt", order_expiry: Date.now() + 3_600_000 };
    const res = await fetch(`${gateway!.url}/orders/lighter`, {
      method: "POST",
      headers: { Authorization: `Bearer ${gateway!.token}`, "Content-Type": "application/json" },
      body: JSON.stringify(order),
    });
    expect(res.status).toBe(200);
    const { tx_hash: txHash } = (await res.json()) as { tx_hash: string };

    const row = page.locator(`#orders-body tr[data-seq] td.hash[title="${txHash}"]`).locator("xpath=..");
    await row.waitFor({ timeout: 10_000 });
    const cells = await row.locator("td").allTextContents();
    expect(cells.slice(1, 8)).toEqual(["lighter", "create", "1", "sell", "1500", "6012345", "200 signed (dry-run)"]);

    // A Hyperliquid order appears the same way, in its own terms, under its action hash.
    const hlRes = await fetch(`${gateway!.url}/orders/hyperliquid`, {
      method: "POST",
      headers: { Authorization: `Bearer ${gateway!.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ coin: "ETH", is_buy: false, size: "0.05", price: "3600", order_type: "limit", cloid: "0x00000000000000000000000000004242" }),
    });
    const hlBody = (await hlRes.json()) as { gateway: { action_hash: string } };
    expect(hlRes.status, JSON.stringify(hlBody)).toBe(200);
    const hlRow = page.locator(`#orders-body tr[data-seq] td.hash[title="${hlBody.gateway.action_hash}"]`).locator("xpath=..");
    await hlRow.waitFor({ timeout: 10_000 });
    expect((await hlRow.locator("td").allTextContents()).slice(1, 8)).toEqual(["hyperliquid", "create", "ETH", "sell", "0.05", "3600", "200 signed (dry-run)"]);
  });

  it("after a dropped connection, resumes with since: the missed order appears once, nothing twice", async () => {
    // Drop the page's socket as a network failure would (the panel did not ask for it), then place an
    // order during the one-second reconnect pause.
    await page.evaluate(() => (window as unknown as { sockets: WebSocket[] }).sockets.at(-1)?.close(4000, "test drop"));
    const order = { market_index: 0, client_order_index: 4243, base_amount: 700, price: 405000, is_ask: false, order_type: "limit", time_in_force: "gtt", order_expiry: Date.now() + 3_600_000 };
    const res = await fetch(`${gateway!.url}/orders/lighter`, {
      method: "POST",
      headers: { Authorization: `Bearer ${gateway!.token}`, "Content-Type": "application/json" },
      body: JSON.stringify(order),
    });
    expect(res.status).toBe(200);
    const { tx_hash: missed } = (await res.json()) as { tx_hash: string };
    await page.locator(`#orders-body td.hash[title="${missed}"]`).waitFor({ timeout: 20_000 });
    // The earlier test placed two orders (seq 1 on Lighter, seq 2 on Hyperliquid) before the drop.
    expect(socketUrls.map((url) => new URL(url).search)).toEqual(["?since=0", "?since=2"]);
    expect(await page.locator("#orders-body tr[data-seq]").count()).toBe(3);
  });

  it("is self-contained and raises no errors", () => {
    expect(outsideRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("saves screenshots, and fits a phone's width", async () => {
    // The README's picture: widest spreads first.
    while ((await page.locator('th[data-sort="spread"]').getAttribute("aria-sort")) !== "descending") await page.locator('th[data-sort="spread"] button').click();
    await page.screenshot({ path: "test-results/dashboard.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: "test-results/dashboard-phone.png", fullPage: true });
  });

  // After the screenshots, which show a gateway that trades.
  it("halts and resumes with the token the order panel holds: the banner shows the reason, then goes", async () => {
    expect(await page.isVisible("#halt-banner")).toBe(false);
    expect(await page.isEnabled("#halt-button")).toBe(true);
    expect(await page.isEnabled("#resume-button")).toBe(false);
    await page.click("#halt-button");
    expect(await page.textContent("#halt-status")).toContain("Say why");
    await page.fill("#halt-reason", "browser halt test");
    await page.click("#halt-button");
    await page.locator("#halt-banner").waitFor({ state: "visible", timeout: 10_000 });
    expect(await page.textContent("#halt-banner-reason")).toBe("browser halt test");
    expect(await page.textContent("#halt-status")).toMatch(/^Halted\. Lighter: dry-run/);
    const halted = (await (await fetch(`${gateway!.url}/health`)).json()) as { halt: { halted: boolean; reason: string } };
    expect(halted.halt).toMatchObject({ halted: true, reason: "browser halt test" });
    await page.click("#resume-button");
    await page.locator("#halt-banner").waitFor({ state: "hidden", timeout: 10_000 });
    expect(await page.textContent("#halt-status")).toBe("Trading resumed.");
  });

  it("renders /docs from /openapi.json without a CDN", async () => {
    const doc = (await (await fetch(`${gateway!.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${gateway!.url}/docs`);
    await page.locator("details.operation").first().waitFor();
    expect(await page.locator("details.operation").count()).toBe(operations);
    await page.locator("#createLighterOrder > summary").click();
    expect(await page.locator("#createLighterOrder").textContent()).toContain("client_order_index *");
    expect(outsideRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
