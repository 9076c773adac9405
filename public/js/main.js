// @ts-check
import { BoardPanel } from "./board-panel.js";
import { OrderPanel } from "./order-panel.js";
import { SafetyPanel } from "./safety-panel.js";

const orders = new OrderPanel();
// The halt buttons use the token the order panel holds: the page keeps it in one place only.
const safety = new SafetyPanel(() => orders.token);
new BoardPanel((venue) => safety.deadmanFor(venue)).start();
orders.start();
safety.start();
