/**
 * Starts every venue stand-in on the given loopback ports, and the alert receiver when it has a port.
 * Used by the vitest globalSetup and by the benchmarks' stand-ins process (scripts/bench/standins-process.ts).
 */
import type { StandIn } from "./server";
import { startLighterStandIn } from "./lighter";
import { startHyperliquidStandIn } from "./hyperliquid";
import { startGrvtStandIn } from "./grvt";
import { startAlertReceiver } from "./alert-receiver";

export interface StandInPorts {
  lighter: number;
  hyperliquid: number;
  grvt: number;
  /** The local webhook / Telegram receiver for alerts (tests only; started after the venues). */
  alerts?: number;
}

export async function startAllStandIns(ports: StandInPorts): Promise<StandIn[]> {
  return Promise.all([
    startLighterStandIn(ports.lighter),
    startHyperliquidStandIn(ports.hyperliquid),
    startGrvtStandIn(ports.grvt),
    ...(ports.alerts === undefined ? [] : [startAlertReceiver(ports.alerts)]),
  ]);
}
