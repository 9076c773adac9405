/**
 * The compiled crypto core (core.wasm, built from ./assembly by `npm run build:wasm`), resolved through
 * package.json "imports" → "#lighter-crypto-wasm": Workers and browsers import the .wasm as a module
 * (module-worker.js; Workers refuse to compile raw bytes at runtime), Node reads the file (module-node.js).
 */
declare const coreModule: WebAssembly.Module;
export default coreModule;
