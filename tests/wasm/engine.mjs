// Loads the built wasm module (build/site/engine/assess.js) in Node, the way
// the contract documents it: require() the MODULARIZE factory and hand it the
// bytes (the generated loader cannot fetch() a file path in Node).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const engineDir = path.join(root, 'build/site/engine');

let instance;
export async function loadEngine() {
  if (!instance) {
    const require = createRequire(import.meta.url);
    const createAssessEngine = require(path.join(engineDir, 'assess.js'));
    instance = await createAssessEngine({ wasmBinary: readFileSync(path.join(engineDir, 'assess.wasm')) });
  }
  return instance;
}

// call() with objects in and out.
export async function call(request) {
  const engine = await loadEngine();
  const text = typeof request === 'string' ? request : JSON.stringify(request);
  return JSON.parse(engine.call(text));
}
