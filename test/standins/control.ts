/** Test-side (workerd) helpers that steer a stand-in through its control endpoints. */
import type { Fault } from "./faults";

export async function injectFault(baseUrl: string, path: string, fault: Fault, times = 1): Promise<void> {
  const res = await fetch(`${baseUrl}/__control/faults`, { method: "POST", body: JSON.stringify({ path, fault, times }) });
  if (!res.ok) throw new Error(`stand-in refused the fault: ${res.status}`);
}

export async function resetStandIn(baseUrl: string): Promise<void> {
  const res = await fetch(`${baseUrl}/__control/reset`, { method: "POST" });
  if (!res.ok) throw new Error(`stand-in refused the reset: ${res.status}`);
}

export async function requestLog(baseUrl: string): Promise<Array<{ method: string; path: string; at: number }>> {
  return (await (await fetch(`${baseUrl}/__control/requests`)).json()) as Array<{ method: string; path: string; at: number }>;
}
