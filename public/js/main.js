// @ts-check
import { BoardPanel } from "./board-panel.js";
import { OrderPanel } from "./order-panel.js";
import { PairsPanel } from "./pairs-panel.js";
import { PreviewPanel } from "./preview-panel.js";
import { SafetyPanel } from "./safety-panel.js";

const orders = new OrderPanel();
// Every call that needs the token uses the one the order panel holds: the page keeps it in one place only.
const token = () => orders.token;
const safety = new SafetyPanel(token);
const pairs = new PairsPanel(token);
const preview = new PreviewPanel(token, () => void pairs.refresh());
new BoardPanel({ venueChips: (venue) => safety.venueChips(venue), onPreview: (target) => preview.show(target) }).start();
orders.start();
safety.start();
pairs.start();
