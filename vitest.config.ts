import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/**
 * Two projects: "workers" runs inside workerd (the Workers runtime, as deployed); "node" holds the few
 * tests that need Node itself (the command-line tools run as child processes).
 */
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                GATEWAY_TOKEN: "test-gateway-token-0123456789",
                LIGHTER_PRIVATE_KEY: "0x821d0acd3b5d238c1ec4690dc09b79bbd5e88ea4fd6e410c4fb4e31dfa3ff53e49afda82949e0a48",
                LIGHTER_ACCOUNT_INDEX: "123456",
                LIGHTER_API_KEY_INDEX: "3",
              },
            },
          }),
        ],
        test: { name: "workers", include: ["test/**/*.test.ts"], exclude: ["test/node/**"] },
      },
      {
        test: { name: "node", include: ["test/node/**/*.test.ts"], environment: "node" },
      },
    ],
  },
});
