/**
 * A local GRVT market-data host (`POST /full/v1/...`) serving the funding fixtures: `all_instruments`
 * (honouring `is_active`), `ticker` per instrument and `funding` history generated per interval. Tests
 * can list many more perpetuals (to prove the board refreshes GRVT in slices within 50 subrequests) with
 * `POST /__standin/instruments {"extra": N}`; a reset removes them.
 */
import allInstruments from "../../fixtures/funding/grvt-all_instruments.json";
import tickers from "../../fixtures/funding/grvt-tickers.json";
import { startStandIn, type StandIn, type StandInReply } from "./server";

const HOUR_NS = 3_600_000_000_000n;
/** An instrument as served: the fixture row without the stand-in's own `is_active` flag. */
type Listed = Record<string, unknown> & { instrument: string; funding_interval_hours?: string | number };
const TICKERS = tickers as Record<string, Record<string, unknown>>;

let extra = 0;

function syntheticName(i: number): string {
  return `SYN${String(i).padStart(3, "0")}_USDT_Perp`;
}

function instruments(activeOnly: boolean): Listed[] {
  const listed: Listed[] = allInstruments.result.filter((row) => !activeOnly || row.is_active).map(({ is_active: _hidden, ...row }) => row);
  const template = listed.find((row) => row.instrument === "ETH_USDT_Perp") as Listed;
  for (let i = 0; i < extra; i += 1) listed.push({ ...template, instrument: syntheticName(i), base: `SYN${String(i).padStart(3, "0")}` });
  return listed;
}

function notFound(): StandInReply {
  return { status: 404, body: { request_id: 1, code: 1004, message: "Data Not Found", status: 404 } };
}

function ticker(name: string): StandInReply {
  const fixture = TICKERS[name] ?? (name.startsWith("SYN") ? { ...TICKERS.ETH_USDT_Perp, instrument: name } : undefined);
  return fixture === undefined ? notFound() : { body: { result: fixture } };
}

/** One row per funding interval, newest first (the documented order), between start and end. */
function funding(body: Record<string, unknown>): StandInReply {
  const name = String(body.instrument);
  const instrument = instruments(false).find((row) => row.instrument === name);
  const rate = TICKERS[name]?.funding_rate;
  if (instrument === undefined || rate === undefined) return notFound();
  const interval = BigInt(Number(instrument.funding_interval_hours));
  const start = BigInt(String(body.start_time));
  const end = BigInt(String(body.end_time));
  const limit = Math.min(Number(body.limit ?? 500), 1000);
  const result: Array<Record<string, unknown>> = [];
  for (let t = (end / (interval * HOUR_NS)) * interval * HOUR_NS; t >= start && result.length < limit; t -= interval * HOUR_NS) {
    result.push({
      instrument: name,
      funding_rate: String(rate),
      funding_time: t.toString(),
      mark_price: TICKERS[name]?.mark_price,
      funding_rate_8_h_avg: String(rate),
      funding_interval_hours: Number(instrument.funding_interval_hours),
    });
  }
  return { body: { result, next: "" } };
}

export async function startGrvtStandIn(port: number): Promise<StandIn> {
  return startStandIn({
    port,
    onReset: () => {
      extra = 0;
    },
    routes: {
      "POST /full/v1/all_instruments": (request) => {
        const body = (request.json ?? {}) as { is_active?: boolean };
        return { body: { result: instruments(body.is_active === true) } };
      },
      "POST /full/v1/ticker": (request) => ticker(String((request.json as { instrument?: unknown } | undefined)?.instrument)),
      "POST /full/v1/funding": (request) => funding((request.json ?? {}) as Record<string, unknown>),
      "POST /__standin/instruments": (request) => {
        extra = Math.max(0, Math.min(1000, Number((request.json as { extra?: unknown } | undefined)?.extra ?? 0)));
        return { body: { extra } };
      },
    },
  });
}
