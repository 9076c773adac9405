/**
 * Benchmark helpers that run in a process of their own (the venue stand-ins, the load generator), so
 * that neither their CPU nor the main process's garbage collection (wrangler and Miniflare keep a heap
 * of ~150 MB whose full collections take 10–20 ms) delays the other's timers.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const STARTUP_DEADLINE_MS = 20_000;

export interface BenchChild {
  child: ChildProcess;
  /** The child's first message, sent once it is ready. */
  ready: unknown;
  /** Disconnects (the child exits on disconnect) and waits for the exit. */
  stop(): Promise<void>;
}

/** Forks the TypeScript module at `moduleUrl` under tsx and waits for its first message. */
export function forkBenchChild(moduleUrl: string): Promise<BenchChild> {
  const child = fork(fileURLToPath(moduleUrl), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${moduleUrl} did not start within ${STARTUP_DEADLINE_MS} ms`));
    }, STARTUP_DEADLINE_MS);
    child.once("message", (ready) => {
      clearTimeout(timer);
      resolve({
        child,
        ready,
        stop: async () => {
          if (child.connected) child.disconnect();
          await exited;
        },
      });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${moduleUrl} exited with code ${code} before it was ready`));
    });
  });
}

/** True in the process that `forkBenchChild(moduleUrl)` started for this module. */
export function isBenchChild(moduleUrl: string): boolean {
  return process.send !== undefined && process.argv[1] === fileURLToPath(moduleUrl);
}
