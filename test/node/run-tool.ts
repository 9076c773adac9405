/**
 * Runs one of the offline tools (`scripts/<name>.ts`) as a trader does: a child process fed on stdin.
 * Each spawn costs ~0.5 s of tsx start-up, so tests check a whole batch of lines per run.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SPAWN_TIMEOUT_MS = 30_000;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout's non-empty lines as JSON objects; read only for commands that answer in JSON lines (`help` prints text). */
  readonly lines: Record<string, unknown>[];
}

export function runTool(script: string, args: readonly string[], stdin = ""): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, script), ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({
        code,
        stdout,
        stderr,
        get lines() {
          return stdout
            .split("\n")
            .filter((line) => line !== "")
            .map((line) => JSON.parse(line) as Record<string, unknown>);
        },
      });
    });
    child.stdin.end(stdin);
  });
}
