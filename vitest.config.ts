import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { freePort } from "./test/standins/node/server";
import type { StandInPorts } from "./test/standins/node/all";

/**
 * The venue stand-ins (test/standins/node) run in Node for the whole test run. Their ports are chosen
 * here, before workerd starts, because the Worker under test reads the venues' base URLs from its
 * bindings; the globalSetup reads them back from STANDIN_PORTS.
 */
const ports: StandInPorts = { lighter: await freePort(), hyperliquid: await freePort(), grvt: await freePort(), alerts: await freePort() };
process.env.STANDIN_PORTS = JSON.stringify(ports);
const local = (port: number) => `http://127.0.0.1:${port}`;

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
                LIGHTER_BASE_URL: local(ports.lighter),
                HYPERLIQUID_API_URL: local(ports.hyperliquid),
                // The stand-in's default agent (the public test key of the Python SDK suite) and its account.
                HYPERLIQUID_AGENT_PRIVATE_KEY: "0x0123456789012345678901234567890123456789012345678901234567890123",
                HYPERLIQUID_ACCOUNT_ADDRESS: "0xa11ce00000000000000000000000000000000001",
                HYPERLIQUID_NETWORK: "mainnet",
                HYPERLIQUID_TIMEOUT_MS: "1500",
                GRVT_MARKET_DATA_URL: local(ports.grvt),
                // The funding board refreshes only when a test runs its alarm; a slow venue times out fast.
                FUNDING_REFRESH_STEP_SECONDS: "3600",
                MARKET_DATA_TIMEOUT_MS: "1500",
                LIGHTER_CHAIN_ID: "304",
                // Account feeds start only in the tests that opt in (ACCOUNT_FEEDS: "on" in their vars): every
                // other live test trades on an account of its own and must not see feed traffic at the stand-ins.
                ACCOUNT_FEEDS: "off",
                // Alerts go to the local receiver (test/standins/node/alert-receiver.ts), whichever test raises them.
                ALERT_WEBHOOK_URL: `${local(ports.alerts!)}/hooks/gateway`,
              },
            },
          }),
        ],
        test: {
          name: "workers",
          include: ["test/**/*.test.ts"],
          exclude: ["test/node/**"],
          globalSetup: ["test/standins/node/global-setup.ts"],
          // The stand-ins are shared and their faults are queued per path: files must not overlap.
          fileParallelism: false,
        },
      },
      {
        test: { name: "node", include: ["test/node/**/*.test.ts"], environment: "node" },
      },
      {
        // The dashboard in headless Chromium against `wrangler dev` and stand-ins it starts itself.
        test: { name: "browser", include: ["test/browser/**/*.browser.ts"], environment: "node", testTimeout: 60_000, hookTimeout: 120_000 },
      },
    ],
  },
});
