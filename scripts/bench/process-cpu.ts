/**
 * CPU time of the workerd process Miniflare runs, read from /proc (Linux only).
 *
 * Miniflare spawns workerd as a direct child of this process and keeps the handle in a private field,
 * so the process is found by listing this process's children (ppid in /proc/<pid>/stat) whose command
 * is workerd: the one that was not there before Miniflare started. Its CPU time is utime + stime of
 * /proc/<pid>/stat, every thread of the process, counted in clock ticks (getconf CLK_TCK, 100 a second
 * on Linux: a 10 ms resolution).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** The fields of /proc/<pid>/stat after the command: field 3 (state) is index 0. */
function statFields(pid: number): { command: string; rest: string[] } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined; // gone since the listing
  }
  // The command is in parentheses and may itself hold spaces or parentheses: it ends at the last ")".
  const close = text.lastIndexOf(")");
  return { command: text.slice(text.indexOf("(") + 1, close), rest: text.slice(close + 2).split(" ") };
}

/** The pids of this process's workerd children. */
export function workerdChildren(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      const stat = statFields(pid);
      return stat?.command === "workerd" && Number(stat.rest[1]) === process.pid;
    });
}

/** The workerd child started since `before` was listed; throws unless there is exactly one. */
export function newWorkerd(before: readonly number[]): number {
  const started = workerdChildren().filter((pid) => !before.includes(pid));
  if (started.length !== 1) throw new Error(`expected one new workerd child of this process, found ${started.length}`);
  return started[0]!;
}

/** CPU time the process has used so far (every thread, user and system), in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = statFields(pid);
  if (stat === undefined) throw new Error(`process ${pid} is gone`);
  // utime and stime are fields 14 and 15.
  return ((Number(stat.rest[11]) + Number(stat.rest[12])) * 1000) / TICKS_PER_SECOND;
}
