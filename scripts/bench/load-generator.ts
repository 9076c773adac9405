/**
 * The load generator in a process of its own (see child-process.ts for why). It keeps one keep-alive
 * connection pool for its whole life, so the connections a warm-up opened serve the measurement: opening
 * dozens of connections in the middle of an open-loop run cost the Worker more than the requests did.
 */
import { Agent } from "node:http";
import { forkBenchChild, isBenchChild } from "./child-process";
import { closedLoop, MAX_IN_FLIGHT, openLoop, type LoadFigures, type LoadRequest } from "./load";

type Loop = { loop: "closed"; requests: LoadRequest[]; concurrency: number } | { loop: "open"; requests: LoadRequest[]; rate: number };
type Command = Loop & { id: number };
type Answer = { id: number; figures: LoadFigures } | { id: number; error: string };

export interface LoadGenerator {
  /** `concurrency` clients, each sending its next request once the previous one is answered. */
  closedLoop(requests: LoadRequest[], concurrency: number): Promise<LoadFigures>;
  /** The requests at `rate` per second on schedule, latency counted from each scheduled time. */
  openLoop(requests: LoadRequest[], rate: number): Promise<LoadFigures>;
  close(): Promise<void>;
}

export async function startLoadGenerator(): Promise<LoadGenerator> {
  const { child, stop } = await forkBenchChild(import.meta.url);
  const waiting = new Map<number, { resolve(f: LoadFigures): void; reject(e: Error): void }>();
  let nextId = 0;
  child.on("message", (message) => {
    const answer = message as Answer;
    const pending = waiting.get(answer.id);
    waiting.delete(answer.id);
    if ("error" in answer) pending?.reject(new Error(`load generator: ${answer.error}`));
    else pending?.resolve(answer.figures);
  });
  const ask = (loop: Loop) =>
    new Promise<LoadFigures>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      child.send({ ...loop, id } satisfies Command);
    });
  return {
    closedLoop: (requests, concurrency) => ask({ loop: "closed", requests, concurrency }),
    openLoop: (requests, rate) => ask({ loop: "open", requests, rate }),
    close: stop,
  };
}

/** In the child: run each command on the one pool, answer with its figures, exit on disconnect. */
function serve(): void {
  const agent = new Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });
  process.on("message", (message) => {
    const command = message as Command;
    const run = command.loop === "closed" ? closedLoop(agent, command.requests, command.concurrency) : openLoop(agent, command.requests, command.rate);
    run.then(
      (figures) => process.send?.({ id: command.id, figures } satisfies Answer),
      (error: unknown) => process.send?.({ id: command.id, error: error instanceof Error ? error.message : String(error) } satisfies Answer),
    );
  });
  process.once("disconnect", () => {
    agent.destroy();
    process.exit(0);
  });
  process.send?.("ready");
}

if (isBenchChild(import.meta.url)) serve();
