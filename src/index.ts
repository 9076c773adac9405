import { buildApp } from "./app";

export { EventHub } from "./events/event-hub";
export { AccountDesk } from "./trading/account-desk";
export { HyperliquidDesk } from "./trading/hyperliquid-desk";
export { FundingBoard } from "./funding/board";
export { SafetyDesk } from "./safety/safety-desk";
export { AlertDesk } from "./safety/alert-desk";
export { AccountFeed } from "./accounts/account-feed";
export { PairDesk } from "./arb/pair-desk";

const app = buildApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
