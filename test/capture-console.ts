import { vi } from "vitest";

/**
 * Records every console line written in the test isolate (the Worker's access log, the desks' error logs)
 * from now until `restore()`; the lines are kept as text, non-strings as JSON.
 */
export function captureConsole(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "));
    }),
  );
  return { lines, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}
