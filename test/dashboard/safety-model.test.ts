import { describe, expect, it } from "vitest";
import { checkHaltReason, deadmanChip, haltBanner, haltOutcome, type DeadmanView, type HaltAnswer } from "../../public/js/safety-model.js";

const at = Date.UTC(2026, 10, 24, 10, 0, 0);

describe("haltBanner", () => {
  it("is absent while trading runs", () => {
    expect(haltBanner(null)).toBeNull();
    expect(haltBanner({ halted: false, reason: null, set_by: "route", at })).toBeNull();
  });

  it("says since when, by whom when automatic, and why", () => {
    const banner = haltBanner({ halted: true, reason: "funding flipped", set_by: "route", at });
    expect(banner?.title).toMatch(/^Trading halted since \d\d:\d\d:\d\d$/);
    expect(banner?.detail).toBe("funding flipped");
    expect(haltBanner({ halted: true, reason: "pair unbalanced", set_by: "automatic", at })?.title).toMatch(/\(automatic\)$/);
  });
});

describe("checkHaltReason", () => {
  it("takes one line of 1 to 200 characters, trimmed", () => {
    expect(checkHaltReason("  review  ")).toEqual({ ok: true, reason: "review" });
    expect(checkHaltReason("x".repeat(200))).toEqual({ ok: true, reason: "x".repeat(200) });
  });

  it("refuses what the gateway would refuse", () => {
    for (const input of ["", "   ", "x".repeat(201), "two\nlines", "tab\there"]) expect(checkHaltReason(input).ok, JSON.stringify(input)).toBe(false);
  });
});

describe("deadmanChip", () => {
  const venue = { active: true, next_cancel_at: at + 45_000, last_refresh_at: at - 5_000, last_error: null };
  const deadman: DeadmanView = { enabled: true, seconds: 60, refresh_every_ms: 20_000, lighter: venue, hyperliquid: { ...venue, active: false } };

  it("shows when the venue cancels, and how soon", () => {
    expect(deadmanChip(deadman, "lighter", at)).toEqual({ text: expect.stringMatching(/^dead-man: cancels at \d\d:\d\d:\d\d \(in 45s\)$/), state: "ok", title: expect.stringContaining("every 20 s") });
  });

  it("is absent where the switch is not kept", () => {
    expect(deadmanChip(deadman, "hyperliquid", at)).toBeNull();
    expect(deadmanChip(null, "lighter", at)).toBeNull();
  });

  it("says a refresh failed, until a later one succeeds", () => {
    const failing = { ...deadman, lighter: { ...venue, last_error: { at: at - 1_000, message: "lighter_timeout: no answer" } } };
    expect(deadmanChip(failing, "lighter", at)).toMatchObject({ state: "failing", title: "last refresh failed: lighter_timeout: no answer" });
    const recovered = { ...deadman, lighter: { ...venue, last_error: { at: at - 9_000, message: "old" } } };
    expect(deadmanChip(recovered, "lighter", at)?.state).toBe("ok");
  });

  it("says the switch fired when its time has passed, and waits for the first refresh", () => {
    expect(deadmanChip(deadman, "lighter", at + 60_000)).toMatchObject({ text: expect.stringMatching(/^dead-man: fired at/), state: "overdue" });
    expect(deadmanChip({ ...deadman, lighter: { ...venue, next_cancel_at: null, last_refresh_at: null } }, "lighter", at)?.text).toBe("dead-man: not set yet");
  });
});

describe("haltOutcome", () => {
  const answer: HaltAnswer = {
    halt: { halted: true, reason: "r", set_by: "route", at },
    complete: true,
    desks: [{ desk: "lighter-account:1", acknowledged: true }],
    cancels: {
      lighter: { status: "ok", message: "Lighter accepted the cancel-all of every order of the account" },
      hyperliquid: { status: "ok", message: "3 of 3 open orders cancelled", open_orders: 3, canceled: 3 },
    },
  };

  it("says what became of each venue's resting orders", () => {
    expect(haltOutcome(answer)).toEqual({
      ok: true,
      lines: ["Lighter: cancelled — Lighter accepted the cancel-all of every order of the account", "Hyperliquid: cancelled — 3 of 3 open orders cancelled"],
    });
  });

  it("never hides a failure or a desk that did not hear the halt", () => {
    const failed = haltOutcome({
      ...answer,
      complete: false,
      desks: [{ desk: "hyperliquid-signer:0xabc", acknowledged: false }],
      cancels: { lighter: { status: "error", message: "Lighter's cancel-all failed: lighter_timeout" }, hyperliquid: { status: "dry_run", message: "dry-run" } },
    });
    expect(failed.ok).toBe(false);
    expect(failed.lines).toEqual([
      "Lighter: FAILED — Lighter's cancel-all failed: lighter_timeout",
      "Hyperliquid: dry-run, nothing to cancel — dry-run",
      "Not acknowledged by hyperliquid-signer:0xabc: it may trade until it restarts.",
    ]);
  });
});
