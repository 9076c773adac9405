/** vitest globalSetup (runs in Node): the stand-ins live for the whole run, on the ports vitest.config.ts chose. */
import { startAllStandIns, type StandInPorts } from "./all";

export default async function setup(): Promise<() => Promise<void>> {
  const ports = JSON.parse(process.env.STANDIN_PORTS ?? "null") as StandInPorts | null;
  if (ports === null) throw new Error("STANDIN_PORTS is not set: vitest.config.ts chooses the stand-in ports");
  const standIns = await startAllStandIns(ports);
  return async () => {
    await Promise.all(standIns.map((standIn) => standIn.close()));
  };
}
