import { buildApp } from "./app";

export { EventHub } from "./events/event-hub";

const app = buildApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
