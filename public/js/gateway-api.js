// @ts-check
/**
 * The one way the page calls a gateway route that needs the token: the token goes only in the
 * Authorization header (never in a URL, never logged), and every failure comes back as the gateway's
 * error envelope, code and message, so a panel always has something to say.
 */

/**
 * @typedef {{ ok: true, status: number, body: any }} GatewaySuccess
 * @typedef {{ ok: false, status: number, code: string, message: string, details: any }} GatewayFailure
 * @typedef {GatewaySuccess | GatewayFailure} GatewayAnswer
 */

/**
 * @param {string | null} token the order panel's token, or null while it holds none
 * @param {"GET" | "POST"} method
 * @param {string} path
 * @param {unknown} [body] sent as JSON when given
 * @returns {Promise<GatewayAnswer>}
 */
export async function callGateway(token, method, path, body) {
  if (token === null) return { ok: false, status: 0, code: "no_token", message: "Connect with the gateway token (Order flow) first.", details: undefined };
  try {
    const res = await fetch(path, {
      method,
      headers: { Accept: "application/json", Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = await res.json().catch(() => null);
    if (res.ok) return { ok: true, status: res.status, body: answer };
    const error = answer?.error;
    return {
      ok: false,
      status: res.status,
      code: typeof error?.code === "string" ? error.code : `http_${res.status}`,
      // A proxy or a crashed Worker may answer without the envelope: say what came back instead.
      message: typeof error?.message === "string" ? error.message : `${method} ${path} answered HTTP ${res.status} without an error envelope`,
      details: error?.details,
    };
  } catch (error) {
    return { ok: false, status: 0, code: "network", message: `${method} ${path}: ${error instanceof Error ? error.message : String(error)}`, details: undefined };
  }
}

/**
 * The failure as one line: the envelope's code, then its message.
 * @param {GatewayFailure} failure
 */
export function failureText(failure) {
  return `${failure.code}: ${failure.message}`;
}
