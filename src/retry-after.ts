/**
 * A 429's Retry-After as whole seconds to wait (RFC 9110: delay-seconds or an HTTP-date), or undefined
 * when the header is missing or unreadable. Fractions round up: waiting less than asked gets another 429.
 */
export function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get("Retry-After");
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
