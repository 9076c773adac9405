/**
 * The venue stand-ins in a process of their own, for benchmarks. In the load generator's process their
 * work (verifying every signature, serving GRVT's 105 tickers during a refresh step) delayed the
 * generator's timers by 10–30 ms, and the open-loop measurement counted that delay as gateway latency.
 * Production venues are other machines; a separate process is the nearest this machine gets.
 */
import { startAllStandIns } from "../../test/standins/node/all";
import { forkBenchChild, isBenchChild } from "./child-process";

export interface StandInUrls {
  lighter: string;
  hyperliquid: string;
  grvt: string;
}

export interface StandInsProcess {
  urls: StandInUrls;
  close(): Promise<void>;
}

export async function startStandInsProcess(): Promise<StandInsProcess> {
  const started = await forkBenchChild(import.meta.url);
  return { urls: started.ready as StandInUrls, close: started.stop };
}

/** In the child: start every stand-in on a free loopback port, report the URLs, exit on disconnect. */
async function serve(): Promise<void> {
  const [lighter, hyperliquid, grvt] = await startAllStandIns({ lighter: 0, hyperliquid: 0, grvt: 0 });
  if (lighter === undefined || hyperliquid === undefined || grvt === undefined) throw new Error("stand-ins did not start");
  process.once("disconnect", () => {
    void Promise.all([lighter.close(), hyperliquid.close(), grvt.close()]).finally(() => process.exit(0));
  });
  process.send?.({ lighter: lighter.url, hyperliquid: hyperliquid.url, grvt: grvt.url } satisfies StandInUrls);
}

if (isBenchChild(import.meta.url)) await serve();
