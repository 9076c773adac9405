/**
 * The one way the funding venues call upstream: a budgeted, time-limited fetch whose every failure
 * becomes a precise `VenueError` (HTTP status, venue error code and message, where the response broke
 * the expected shape, timeout), so a stale row can say exactly why.
 */
import type * as z from "zod";
import { retryAfterSeconds } from "../retry-after";
import { fetchText, TimedFetchError, type FetchedText } from "../timed-fetch";
import { BudgetExhausted, type SubrequestBudget } from "../funding/budget";
import type { VenueFailure } from "../funding/types";

export class VenueError extends Error {
  constructor(readonly failure: VenueFailure) {
    super(failure.message);
    this.name = "VenueError";
  }
}

export interface UpstreamContext {
  budget: SubrequestBudget;
  timeoutMs: number;
}

/** A venue's own error, found in a body (often inside HTTP 200). */
export interface VenueErrorBody {
  code: string;
  message: string;
}

export interface VenueRequest<S extends z.ZodType> {
  /** Names the call in messages: "Lighter funding-rates", "GRVT ticker BTC_USDT_Perp". */
  label: string;
  url: string;
  init?: RequestInit;
  schema: S;
  /** Recognises the venue's error envelope in a parsed body; undefined when the body is not one. */
  errorIn: (body: unknown) => VenueErrorBody | undefined;
}

const SNIPPET_CHARS = 160;

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat;
}

export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("").replace(/^\./, "") || "(root)";
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export async function fetchVenueJson<S extends z.ZodType>(ctx: UpstreamContext, request: VenueRequest<S>): Promise<z.output<S>> {
  const { label } = request;
  try {
    ctx.budget.take();
  } catch (error) {
    if (error instanceof BudgetExhausted) throw new VenueError({ kind: "budget", message: `${label}: not sent, ${error.message}` });
    throw error;
  }

  let fetched: FetchedText;
  try {
    fetched = await fetchText(request.url, request.init ?? {}, ctx.timeoutMs);
  } catch (error) {
    if (!(error instanceof TimedFetchError)) throw error;
    if (error.timedOut) throw new VenueError({ kind: "timeout", message: `${label}: no complete answer within ${ctx.timeoutMs} ms` });
    throw new VenueError({ kind: "network", message: `${label}: request failed: ${error.message}` });
  }
  const { response: res, text } = fetched;

  const json = tryJson(text);
  if (!res.ok) {
    const venueError = json.ok ? request.errorIn(json.value) : undefined;
    const retryAfter = res.status === 429 ? retryAfterSeconds(res) : undefined;
    const detail = venueError !== undefined ? `venue error ${venueError.code}: ${venueError.message}` : snippet(text) || "empty body";
    const wait = retryAfter === undefined ? "" : ` (retry after ${retryAfter} s)`;
    throw new VenueError({
      kind: "http_status",
      status: res.status,
      message: `${label}: HTTP ${res.status}${wait}: ${detail}`,
      ...(venueError === undefined ? {} : { code: venueError.code }),
      ...(retryAfter === undefined ? {} : { retry_after_seconds: retryAfter }),
    });
  }
  if (!json.ok) {
    throw new VenueError({ kind: "parse_error", path: "(root)", message: `${label}: response is not JSON: ${snippet(text) || "empty body"}` });
  }
  const venueError = request.errorIn(json.value);
  if (venueError !== undefined) {
    throw new VenueError({
      kind: "venue_error",
      code: venueError.code,
      status: res.status,
      message: `${label}: venue error ${venueError.code} in an HTTP ${res.status} body: ${venueError.message}`,
    });
  }
  const parsed = request.schema.safeParse(json.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = formatIssuePath(issue?.path ?? []);
    throw new VenueError({ kind: "parse_error", path, message: `${label}: unexpected response shape at ${path}: ${issue?.message ?? "invalid"}` });
  }
  return parsed.data;
}

/** Turns anything thrown during a venue step into the failure recorded on the venue's health. */
export function failureOf(error: unknown): VenueFailure {
  if (error instanceof VenueError) return error.failure;
  return { kind: "internal", message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
