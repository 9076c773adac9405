/**
 * Starts every venue stand-in on the given loopback ports. Used by the vitest globalSetup and by the
 * benchmarks' stand-ins process (scripts/bench/standins-process.ts).
 */
import type { StandIn } from "./server";
import { startLighterStandIn } from "./lighter";
import { startHyperliquidStandIn } from "./hyperliquid";
import { startGrvtStandIn } from "./grvt";

export interface StandInPorts {
  lighter: number;
  hyperliquid: number;
  grvt: number;
}

export async function startAllStandIns(ports: StandInPorts): Promise<StandIn[]> {
  return Promise.all([startLighterStandIn(ports.lighter), startHyperliquidStandIn(ports.hyperliquid), startGrvtStandIn(ports.grvt)]);
}
