/**
 * The one time-limited fetch of the upstream clients (Lighter, the funding venues): the answer and its
 * whole body must arrive within the limit, and the timer is cleared as soon as they have.
 *
 * Why not `AbortSignal.timeout()`: its timer stays armed until it fires, and inside a Durable Object (the
 * desk, the funding board) nothing ends it earlier, because the object's I/O context outlives the
 * request. Each call left an armed timer that fired, aborted a finished signal and built a DOMException
 * ten seconds later: at 500 orders/s, 5,000 armed timers, and for 8 orders in 10 a DOMException and an
 * abort for nobody (perf counted AbortSignal::triggerAbort), all of it more for workerd's collector.
 */

/** Where a timed fetch failed: before an answer arrived, or while its body was read. */
export type FetchStage = "request" | "body";

export class TimedFetchError extends Error {
  constructor(
    /** True when the time limit ran out; false for a network failure or a body that broke off. */
    readonly timedOut: boolean,
    readonly stage: FetchStage,
    /** The HTTP status, once an answer arrived. */
    readonly httpStatus: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = "TimedFetchError";
  }
}

export interface FetchedText {
  response: Response;
  text: string;
}

/** Fetches `url` and reads the body as text, all within `timeoutMs`; every failure is a `TimedFetchError`. */
export async function fetchText(url: string, init: RequestInit, timeoutMs: number): Promise<FetchedText> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const failure = (stage: FetchStage, httpStatus: number | undefined, error: unknown) =>
    new TimedFetchError(abort.signal.aborted, stage, httpStatus, error instanceof Error ? error.message : String(error));
  try {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: abort.signal });
    } catch (error) {
      throw failure("request", undefined, error);
    }
    try {
      return { response, text: await response.text() };
    } catch (error) {
      throw failure("body", response.status, error);
    }
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `name=value&…`, percent-encoded: a form body or a query string that any form decoder reads back as
 * `fields`. A string rather than a URLSearchParams, which is one more runtime object on every order.
 */
export function formEncode(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join("&");
}
