// The benchmark page's side (driven by bench/run.mjs through playwright-core):
// loads the shipped engine (/engine/assess.js + assess.wasm, as the site's
// worker does, here on the page's main thread) and exposes window.bench with
// timed tasks. Every figure is performance.now() in this page.
import {
  FIRST_CALL, dataName, prepostKeys, importKeys, panelKeys, statKeys,
  PAIRED_FIELDS, DESCRIBE_FIELDS, SHAPIRO_FIELDS,
} from '/__bench/requests.mjs';

// The instance's memory (the heap only grows: its size is the peak).
let memory = null;
const capture = (r) => {
  const inst = r.instance ?? r;
  memory = Object.values(inst.exports ?? {}).find((e) => e instanceof WebAssembly.Memory) ?? memory;
  return r;
};
const origInstantiate = WebAssembly.instantiate;
WebAssembly.instantiate = (...a) => origInstantiate.apply(WebAssembly, a).then(capture);
if (WebAssembly.instantiateStreaming) {
  const origStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = (...a) => origStreaming.apply(WebAssembly, a).then(capture);
}

const loadScript = (src) => new Promise((resolve, reject) => {
  const s = document.createElement('script');
  s.src = src;
  s.onload = resolve;
  s.onerror = () => reject(new Error(`cannot load ${src}`));
  document.head.append(s);
});

let engine = null;
// Cold start: fetch assess.js, fetch + compile + instantiate assess.wasm,
// first call(). Times from the start of the load and from navigation start.
async function loadEngine() {
  const t0 = performance.now();
  await loadScript('/engine/assess.js');
  const t1 = performance.now();
  engine = await self.createAssessEngine({ locateFile: (f) => `/engine/${f}` });
  const t2 = performance.now();
  const first = JSON.parse(engine.call(FIRST_CALL));
  const t3 = performance.now();
  const res = Object.fromEntries(performance.getEntriesByType('resource')
    .filter((e) => /\/engine\/assess\.(js|wasm)$/.test(e.name))
    .map((e) => [e.name.endsWith('.wasm') ? 'wasm' : 'js', { ms: e.responseEnd - e.startTime, bytes: e.encodedBodySize }]));
  return {
    ok: first.ok === true,
    script_ms: t1 - t0,
    instantiate_ms: t2 - t1,
    first_call_ms: t3 - t2,
    total_ms: t3 - t0,
    from_navigation_ms: t3,
    resources: res,
  };
}

async function fetchBytes(url) {
  const t0 = performance.now();
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  const bytes = new Uint8Array(await r.arrayBuffer());
  return { bytes, fetch_ms: performance.now() - t0 };
}

async function memoryFigures(ua = true) {
  const out = { wasm_memory: memory ? memory.buffer.byteLength : null };
  if (performance.memory) {
    out.js_heap_used = performance.memory.usedJSHeapSize;
    out.js_heap_total = performance.memory.totalJSHeapSize;
  }
  out.cross_origin_isolated = self.crossOriginIsolated === true;
  if (ua && self.crossOriginIsolated && performance.measureUserAgentSpecificMemory) {
    try {
      const m = await Promise.race([
        performance.measureUserAgentSpecificMemory(),
        new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 30000)),
      ]);
      out.ua_specific_memory = m.bytes;
    } catch (e) {
      out.ua_specific_memory_error = String(e.message ?? e);
    }
  }
  return out;
}

const KEYS = { prepost: prepostKeys, import: importKeys, panel: panelKeys };

// Per run: putFile(bytes) + call(request), as native_call and Node do.
// budget: no further run once the runs so far took this long (at least one).
const spent = (ms) => ms.reduce((a, b) => a + b, 0);
async function fileTask({ kind, files, request, runs, ua, budget = Infinity }) {
  const data = [];
  let fetch_ms = 0;
  for (const file of files) {
    const f = await fetchBytes(`/__bench/data/${file}`);
    data.push([dataName(file), f.bytes]);
    fetch_ms += f.fetch_ms;
  }
  const text = JSON.stringify(request);
  const ms = [];
  let response = '';
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (const [name, bytes] of data) {
      if (engine.putFile(name, bytes) < 0) throw new Error(`putFile ${name}: out of memory`);
    }
    response = engine.call(text);
    ms.push(performance.now() - t0);
    engine.clearFiles();
    if (spent(ms) >= budget) break;
  }
  const parsed = JSON.parse(response);
  return { ms, fetch_ms, bytes: data.reduce((a, [, b]) => a + b.length, 0), response_bytes: response.length, keys: KEYS[kind](parsed), memory: await memoryFigures(ua) };
}

async function jstat() {
  if (!self.jStat) await loadScript('/__bench/jstat.min.js');
  return self.jStat;
}

const time = (runs, fn, budget = Infinity) => {
  const ms = [];
  let v;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    v = fn();
    ms.push(performance.now() - t0);
    if (spent(ms) >= budget) break;
  }
  return { ms, value: v };
};

// The same paired t-test and descriptives through the engine's JSON door and
// through jStat, on the same arrays (parsed once, outside the timings).
async function peers({ file, runs, ua, budget = Infinity }) {
  const J = await jstat();
  const { bytes } = await fetchBytes(`/__bench/data/${file}`);
  const { pre, post } = JSON.parse(new TextDecoder().decode(bytes));
  const n = pre.length;
  const engineCall = (req) => JSON.parse(engine.call(JSON.stringify(req)));
  const pairedText = JSON.stringify({ op: 'paired_t', pre, post });
  const out = { n };
  out.engine_paired = time(runs, () => engineCall({ op: 'paired_t', pre, post }), budget);
  out.engine_paired_call_only = time(runs, () => engine.call(pairedText), budget);
  out.stringify = time(runs, () => JSON.stringify({ op: 'paired_t', pre, post }).length, budget);
  out.engine_parse_only = time(runs, () => engine.call(JSON.stringify({ op: 'bench_parse_only', pre, post })), budget);
  out.engine_describe = time(runs, () => engineCall({ op: 'describe', x: pre }), budget);
  // the typed door: the same arrays as jStat gets (converted in one pass), and as Float64Arrays
  const pre64 = Float64Array.from(pre);
  const post64 = Float64Array.from(post);
  out.engine_paired_columns = time(runs, () => JSON.parse(engine.callColumns('{"op":"paired_t"}', { pre, post })), budget);
  out.engine_paired_f64 = time(runs, () => JSON.parse(engine.callColumns('{"op":"paired_t"}', { pre: pre64, post: post64 })), budget);
  out.jstat_paired = time(runs, () => {
    const d = new Array(n);
    for (let i = 0; i < n; i++) d[i] = post[i] - pre[i];
    const m = J.mean(d);
    const sd = J.stdev(d, true);
    const se = sd / Math.sqrt(n);
    const t = m / se;
    const p = J.ttest(t, n, 2);
    const q = J.studentt.inv(0.975, n - 1);
    return { n, t, df: n - 1, p, mean_diff: m, sd_diff: sd, ci_low: m - q * se, ci_high: m + q * se, dz: m / sd };
  });
  out.jstat_describe = time(runs, () => {
    const [q1, q3] = J.quantiles(pre, [0.25, 0.75], 1, 1);  // R type 7
    return { n, mean: J.mean(pre), sd: J.stdev(pre, true), median: J.median(pre), q1, q3, min: J.min(pre), max: J.max(pre) };
  });
  // answers for the agreement check; timings as plain arrays
  const keys = {
    engine_paired: statKeys(out.engine_paired.value, PAIRED_FIELDS),
    engine_paired_columns: statKeys(out.engine_paired_columns.value, PAIRED_FIELDS),
    engine_describe: statKeys(out.engine_describe.value, DESCRIBE_FIELDS),
    jstat_paired: out.jstat_paired.value,
    jstat_describe: out.jstat_describe.value,
    parse_only_code: JSON.parse(out.engine_parse_only.value).error?.code ?? null,
  };
  for (const k of Object.keys(out)) if (out[k]?.ms) out[k] = out[k].ms;
  return { ...out, keys, memory: await memoryFigures(ua) };
}

async function shapiro({ file, runs, budget = Infinity }) {
  const { bytes } = await fetchBytes(`/__bench/data/${file}`);
  const text = new TextDecoder().decode(bytes);
  const r = time(runs, () => engine.call(text), budget);
  return { ms: r.ms, keys: statKeys(JSON.parse(r.value), SHAPIRO_FIELDS) };
}

// A request text through the JSON door of the engine of every op, on this
// page's main thread (the measurement ops: the text is made once by
// bench/run.mjs from the generator's matrix, bench/requests.mjs). The last
// answer goes back whole (these answers are small) for the key numbers.
function callText({ text: request, runs, budget = Infinity }) {
  const r = time(runs, () => engine.call(request), budget);
  return { ms: r.ms, response: r.value, response_bytes: r.value.length };
}

// The same fit through the cfa op of the engine of every op and through the
// measurement engine's callKernel, both in one Web Worker
// (/__bench/measure-worker.js, as the analysis page runs its engines).
function channel({ opText, kernelText, runs, budget = Infinity }) {
  return new Promise((resolve, reject) => {
    const w = new Worker('/__bench/measure-worker.js');
    w.onmessage = ({ data }) => { w.terminate(); if (data.ok) resolve(data); else reject(new Error(data.error)); };
    w.onerror = (e) => { w.terminate(); reject(new Error(e.message || 'worker error')); };
    w.postMessage({ opText, kernelText, runs, budget });
  });
}

self.bench = {
  ready: null,
  text: callText,
  channel,
  load: async () => (engine ? { ok: true } : loadEngine()),
  file: fileTask,
  peers,
  shapiro,
  memory: memoryFigures,
};
if (new URLSearchParams(location.search).has('cold')) {
  self.bench.ready = loadEngine().then((r) => { self.__cold = r; return r; }, (e) => { self.__cold = { ok: false, error: String(e) }; });
}
