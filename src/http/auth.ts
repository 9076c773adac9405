import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app";
import { HttpError } from "./errors";

const encoder = new TextEncoder();

/**
 * Compares two secrets in time independent of where they differ. Only whether the lengths match can
 * show, as in Cloudflare's own recipe for timingSafeEqual: the token's length is no secret worth
 * hashing for (a SHA-256 per request was a measurable share of an order's CPU).
 */
function secretsEqual(given: string, expected: string): boolean {
  const a = encoder.encode(given);
  const b = encoder.encode(expected);
  if (a.byteLength !== b.byteLength) return !crypto.subtle.timingSafeEqual(b, b);
  return crypto.subtle.timingSafeEqual(a, b);
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}

/**
 * Checks a presented token against GATEWAY_TOKEN. Answers 503 while the token is not configured
 * (a gateway without a token must not trade), 401 for a missing or wrong token.
 */
export function checkGatewayToken(config: AppEnv["Variables"]["config"], presented: string | undefined): void {
  if (!config.gatewayToken.ok) {
    throw new HttpError(503, "not_configured", "The gateway token is not configured", { errors: config.gatewayToken.errors });
  }
  if (presented === undefined || !secretsEqual(presented, config.gatewayToken.value)) {
    throw new HttpError(401, "unauthorized", "A valid Authorization: Bearer <GATEWAY_TOKEN> header is required", undefined, {
      "WWW-Authenticate": 'Bearer realm="gateway"',
    });
  }
}

export const requireGatewayToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  checkGatewayToken(c.get("config"), bearerToken(c.req.header("Authorization")));
  await next();
};
