// @ts-check
import { BoardPanel } from "./board-panel.js";
import { OrderPanel } from "./order-panel.js";

new BoardPanel().start();
new OrderPanel().start();
