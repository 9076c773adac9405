import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("GET /health", () => {
  it("answers with the trading mode", async () => {
    const res = await exports.default.fetch("http://gateway.test/health");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; mode: string };
    expect(body.status).toBe("ok");
    expect(body.mode).toBe("dry-run");
  });

  it("answers unknown routes with the error envelope", async () => {
    const res = await exports.default.fetch("http://gateway.test/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "No route for GET /nope" } });
  });
});
