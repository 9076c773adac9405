// Node (tsx CLI, benchmarks, vitest's node project): Node cannot import .wasm, so read and compile it.
import { readFileSync } from "node:fs";
export default new WebAssembly.Module(readFileSync(new URL("./core.wasm", import.meta.url)));
