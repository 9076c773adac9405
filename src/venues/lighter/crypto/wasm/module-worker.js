// Workers (and bundlers targeting browsers): the .wasm is bundled and imported as a WebAssembly.Module.
import coreModule from "./core.wasm";
export default coreModule;
