// The wasm engine in Node, one task per process (so that memory figures are
// this task's alone): loads build/site/engine/assess.js as tests/wasm does
// (require + wasmBinary), then
//   {"task": "cold"}   times reading the wasm, compiling, instantiating and
//                      the first call()
//   {"task": "call", "runs": N, "request": REQ.json, "files": [[name, path]],
//    "out": RESPONSE.json, "budget_ms": B}
//                      per run: putFile(bytes) for each file + call(request),
//                      as native_call does natively
//   {"task": "kernel", "runs": N, "request": REQ.json, "out": REPLY.json, "budget_ms": B}
//                      the measurement engine (build/site/engine/assess-measure.js):
//                      per run callKernel(request), the kernels' channel door
// and prints one JSON line.
//   node bench/node_wasm.mjs '<task JSON>'
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIRST_CALL } from './requests.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const engineDir = path.join(root, 'build/site/engine');
const task = JSON.parse(process.argv[2] ?? '{}');

// The instance's memory, whatever the export is called: the heap only grows,
// so its size at the end is the peak.
let memory = null;
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async (...args) => {
  const r = await instantiate.apply(WebAssembly, args);
  const inst = r.instance ?? r;
  memory = Object.values(inst.exports).find((e) => e instanceof WebAssembly.Memory) ?? memory;
  return r;
};

let peakRss = process.memoryUsage().rss;
const sample = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };

async function load() {
  const t0 = performance.now();
  const wasmBinary = readFileSync(path.join(engineDir, 'assess.wasm'));
  const t1 = performance.now();
  const require = createRequire(import.meta.url);
  const createAssessEngine = require(path.join(engineDir, 'assess.js'));
  const engine = await createAssessEngine({ wasmBinary });
  const t2 = performance.now();
  const first = engine.call(FIRST_CALL);
  const t3 = performance.now();
  return { engine, first, times: { read_ms: t1 - t0, compile_instantiate_ms: t2 - t1, first_call_ms: t3 - t2, total_ms: t3 - t0 } };
}

const out = { node: process.version };
if (task.task === 'cold') {
  const { first, times } = await load();
  Object.assign(out, times, { ok: JSON.parse(first).ok === true });
} else if (task.task === 'call') {
  const { engine } = await load();
  const request = readFileSync(task.request, 'utf8');
  const files = (task.files ?? []).map(([name, p]) => [name, new Uint8Array(readFileSync(p))]);
  sample();
  const rssBefore = process.memoryUsage().rss;
  const ms = [];
  let response = '';
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < (task.runs ?? 1); r++) {
    const t0 = performance.now();
    for (const [name, bytes] of files) {
      if (engine.putFile(name, bytes) < 0) throw new Error(`putFile ${name}: out of memory`);
    }
    response = engine.call(request);
    const t1 = performance.now();
    sample();
    engine.clearFiles();
    ms.push(t1 - t0);
    if (ms.reduce((a, b) => a + b, 0) >= (task.budget_ms ?? Infinity)) break;
  }
  const cpu = process.cpuUsage(cpu0);
  if (task.out) writeFileSync(task.out, response);
  Object.assign(out, {
    ok: response.startsWith('{"ok":true') || JSON.parse(response).ok === true,
    ms,
    cpu_ms: (cpu.user + cpu.system) / 1000,
    rss_before: rssBefore,
    peak_rss: peakRss,
    wasm_memory: memory ? memory.buffer.byteLength : null,
    response_bytes: response.length,
  });
} else if (task.task === 'kernel') {
  const require = createRequire(import.meta.url);
  const createAssessMeasure = require(path.join(engineDir, 'assess-measure.js'));
  const measure = await createAssessMeasure({ wasmBinary: readFileSync(path.join(engineDir, 'assess-measure.wasm')) });
  const request = readFileSync(task.request, 'utf8');
  const ms = [];
  let reply = '';
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < (task.runs ?? 1); r++) {
    const t0 = performance.now();
    reply = measure.callKernel(request);
    ms.push(performance.now() - t0);
    if (ms.reduce((a, b) => a + b, 0) >= (task.budget_ms ?? Infinity)) break;
  }
  const cpu = process.cpuUsage(cpu0);
  if (task.out) writeFileSync(task.out, reply);
  Object.assign(out, { ok: reply.startsWith('{"value":'), ms, cpu_ms: (cpu.user + cpu.system) / 1000, wasm_memory: memory ? memory.buffer.byteLength : null, response_bytes: reply.length });
} else {
  throw new Error(`unknown task ${process.argv[2]}`);
}
console.log(JSON.stringify(out));
