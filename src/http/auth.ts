import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app";
import { HttpError } from "./errors";

const encoder = new TextEncoder();

/** Compares two secrets in time independent of where they differ (both are hashed to equal length first). */
export async function secretsEqual(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ]);
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
export async function checkGatewayToken(config: AppEnv["Variables"]["config"], presented: string | undefined): Promise<void> {
  if (!config.gatewayToken.ok) {
    throw new HttpError(503, "not_configured", "The gateway token is not configured", { errors: config.gatewayToken.errors });
  }
  if (presented === undefined || !(await secretsEqual(presented, config.gatewayToken.value))) {
    throw new HttpError(401, "unauthorized", "A valid Authorization: Bearer <GATEWAY_TOKEN> header is required", undefined, {
      "WWW-Authenticate": 'Bearer realm="gateway"',
    });
  }
}

export const requireGatewayToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  await checkGatewayToken(c.get("config"), bearerToken(c.req.header("Authorization")));
  await next();
};
