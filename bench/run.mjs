#!/usr/bin/env node
// Runs every benchmark of the engine in one go and writes results.json and
// results.md (started by scripts/bench, which builds what is missing first).
//   node bench/run.mjs [--sizes 100,10000,100000,1000000] [--panels 9x5,50x20,200x50]
//                      [--measure-rows 10000] [--runs N] [--budget SECONDS] [--smoke] [--out DIR]
//                      [--only native,node,browser] [--tasks all|measure]
//   node bench/run.mjs --render [--out DIR]     redraws results.md from results.json
// Doors, on the same generated files and the same request texts:
//   native   build/assess (the CLI, wall time and max RSS of the process) and
//            build/bench/native_call (api::call in-process, like the wasm doors)
//   node     build/site/engine/assess.js in Node (one process per task)
//   browser  the same module in Debian's Chromium through playwright-core
// The measurement ops of issue 16 (cfa, omega, icc, the kappas,
// Krippendorff's alpha) go through the JSON door (call(text)) of every door;
// the same cfa also through the measurement engine's callKernel (Node, a
// Web Worker in Chromium, wire::serve natively). --tasks measure runs only
// those (and the cold starts).
// Every figure is the median of the runs; the answers' key numbers must agree
// between the doors (the run fails otherwise), timing targets never fail it.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, existsSync, readdirSync, statSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ensureData, parseSizes, parsePanels, GENERATOR_VERSION, ITEM_FACTORS,
} from './generate.mjs';
import {
  prepostRequest, importRequest, panelRequest, prepostKeys, importKeys, panelKeys, statKeys,
  pairedText, describeText, parseOnlyText, FIRST_CALL, PAIRED_FIELDS, DESCRIBE_FIELDS, SHAPIRO_FIELDS, median,
  cfaText, omegaText, kernelCfaText, iccText, fleissText, krippendorffText, cohenText, MEASURE_KEYS, KRIPPENDORFF_LEVEL,
} from './requests.mjs';
import { renderMarkdown, evaluateTargets } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const smoke = args.includes('--smoke');
const sizes = parseSizes(opt('--sizes', smoke ? '100,1000' : '100,10000,100000,1000000'));
const panels = parsePanels(opt('--panels', smoke ? '9x5,50x20' : '9x5,50x20,200x50'));
// The measurement ops' large size: respondents (cfa, omega) and objects
// rated by MEASURE_RATERS raters (icc, the kappas, Krippendorff's alpha).
const MEASURE_ROWS = parseSizes(opt('--measure-rows', smoke ? '1000' : '10000'))[0];
const MEASURE_RATERS = 5;
const ITEM_SIZES = [...new Set([100, 500, MEASURE_ROWS])];
const measureOnly = opt('--tasks', 'all') === 'measure';
const runsOpt = opt('--runs', null);
const RUNS = Number(runsOpt ?? (smoke ? 1 : 5));
// Small inputs take milliseconds and the engine's code warms up over the
// first runs (V8 tiers wasm and JavaScript up): more runs there; the largest
// studies take seconds per run: three. --runs N gives N everywhere.
const runsFor = (n) => (runsOpt || smoke ? RUNS : n >= 1000000 ? Math.min(RUNS, 3) : n <= 1000 ? Math.max(RUNS, 20) : n <= 10000 ? Math.max(RUNS, 10) : RUNS);
// Time budget of one figure: no further run once its runs took this long.
const BUDGET_MS = Number(opt('--budget', 30)) * 1000;
const outDir = path.resolve(opt('--out', smoke ? path.join(root, 'build/bench') : path.join(root, 'bench')));
const only = new Set((opt('--only', 'native,node,browser')).split(','));
const dataDir = path.join(root, 'build/bench/data');
const tmpDir = path.join(root, smoke ? 'build/bench/tmp-smoke' : 'build/bench/tmp');   // a smoke run beside a full one
const ASSESS = path.join(root, 'build/assess');
const NATIVE_CALL = path.join(root, 'build/bench/native_call');
const CHROMIUM = process.env.ASSESS_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  '--disable-default-apps', '--disable-extensions', '--no-default-browser-check',
  '--enable-blink-features=ForceEagerMeasureMemory',
];
mkdirSync(tmpDir, { recursive: true });
mkdirSync(outDir, { recursive: true });

const started = Date.now();
const log = (m) => console.error(`bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  ${m}`);
const failures = [];   // harness broke or doors disagree: exit 1
const fail = (m) => { failures.push(m); log(`FAIL ${m}`); };
const sh = (cmd, a, o = {}) => spawnSync(cmd, a, { encoding: 'utf8', maxBuffer: 1 << 28, ...o });
const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));

// ---------------------------------------------------------------- machine, versions
function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const mhz = /cpu MHz\s*:\s*(.*)/.exec(cpuinfo)?.[1];
  return {
    cpu: model,
    cpu_mhz: mhz ? Number(mhz) : null,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memory_bytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load_start: os.loadavg(),
  };
}
function firstLine(r) { return (r.stdout || r.stderr || '').split('\n').find((l) => l.trim()) ?? null; }
function versions() {
  const cache = path.join(root, 'build/native/CMakeCache.txt');
  const cxx = existsSync(cache) ? /CMAKE_CXX_COMPILER:\w+=(.*)/.exec(readFileSync(cache, 'utf8'))?.[1] : null;
  const pkg = (name) => { try { return readJson(path.join(root, 'node_modules', name, 'package.json')).version; } catch { return null; } };
  const git = (...a) => sh('git', a, { cwd: root }).stdout.trim();
  const dirty = git('status', '--porcelain', '--', 'engine', 'wasm', 'web', 'CMakeLists.txt', 'bench', 'scripts');
  return {
    git_commit: git('rev-parse', 'HEAD'),
    git_describe: git('log', '-1', '--format=%h %s').slice(0, 120),
    git_dirty: dirty.length > 0,
    node: process.version,
    emscripten: firstLine(sh('emcc', ['--version'], { env: { ...process.env, NODE_PATH: '/usr/share/nodejs' } })),
    compiler: cxx ? `${cxx}: ${firstLine(sh(cxx, ['--version']))}` : null,
    engine: readJson(path.join(root, 'package.json')).version,
    'playwright-core': pkg('playwright-core'),
    jstat: pkg('jstat'),
    chromium: null,
  };
}

// ---------------------------------------------------------------- sizes of the site
function sizeReport() {
  const site = path.join(root, 'build/site');
  const walk = (d) => readdirSync(d).flatMap((n) => {
    const p = path.join(d, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
  const files = walk(site).map((f) => {
    const b = readFileSync(f);
    return { file: path.relative(site, f), raw: b.length, gzip: gzipSync(b, { level: 9 }).length };
  }).sort((a, b) => a.file.localeCompare(b.file));
  const sum = (xs, k) => xs.reduce((s, x) => s + x[k], 0);
  const noDemo = files.filter((f) => !/^demo[^/]*\//.test(f.file));  // demo/, demo2/, demo-essays/
  const wasm = files.find((f) => f.file === 'engine/assess.wasm');
  const js = files.find((f) => f.file === 'engine/assess.js');
  return {
    files,
    total: { raw: sum(files, 'raw'), gzip: sum(files, 'gzip'), count: files.length },
    without_demo: { raw: sum(noDemo, 'raw'), gzip: sum(noDemo, 'gzip'), count: noDemo.length },
    wasm: wasm ?? null,
    engine_js: js ?? null,
  };
}

// ---------------------------------------------------------------- the work
const tasks = [];   // {id, kind, n?, file?, request (path), files: [[name, path]], bytes, keysOf}
function writeReq(name, obj) {
  const p = path.join(tmpDir, name);
  writeFileSync(p, typeof obj === 'string' ? obj : JSON.stringify(obj));
  return p;
}
function planMeasureTasks() {
  const itemsText = (n) => readFileSync(path.join(dataDir, `items-${n}.json`), 'utf8');
  const codes = readFileSync(path.join(dataDir, `codes-${MEASURE_ROWS}x${MEASURE_RATERS}.json`), 'utf8');
  const add = (id, op, text, shape) => tasks.push({ id, kind: 'measure', op, files: [], text, request: writeReq(`${id}.json`, text), keysOf: MEASURE_KEYS[op], ...shape });
  const R = MEASURE_ROWS;
  const cfa500 = cfaText(itemsText(500), ITEM_FACTORS);
  add('cfa-500', 'cfa', cfa500, { n: 500, shape: '500 respondents x 12 items, 5 factors' });
  add('omega-100', 'omega', omegaText(itemsText(100)), { n: 100, shape: '100 respondents x 12 items (one factor)' });
  // omega as the pre-post analysis computes it: per subscale of >= 3 items (the first, edtech: 3 items)
  const sub = ITEM_FACTORS.find((f) => f.items.length >= 3);
  const subText = JSON.stringify(JSON.parse(itemsText(100)).map((row) => sub.items.map((j) => row[j])));
  add(`omega-100-${sub.id}`, 'omega', omegaText(subText), { n: 100, shape: `100 respondents x ${sub.items.length} items (the ${sub.id} subscale)` });
  add(`cfa-${R}`, 'cfa', cfaText(itemsText(R), ITEM_FACTORS), { n: R, shape: `${R} respondents x 12 items, 5 factors` });
  add(`omega-${R}`, 'omega', omegaText(itemsText(R)), { n: R, shape: `${R} respondents x 12 items (one factor)` });
  add(`icc-${R}x${MEASURE_RATERS}`, 'icc', iccText(codes), { n: R, shape: `${R} objects x ${MEASURE_RATERS} raters` });
  add(`cohen_kappa-${R}`, 'cohen_kappa', cohenText(codes), { n: R, shape: `${R} objects x 2 raters (quadratic weights, 5 levels)` });
  add(`fleiss_kappa-${R}x${MEASURE_RATERS}`, 'fleiss_kappa', fleissText(codes), { n: R, shape: `${R} subjects x ${MEASURE_RATERS} raters` });
  add(`krippendorff_alpha-${R}x${MEASURE_RATERS}`, 'krippendorff_alpha', krippendorffText(codes), { n: R, shape: `${R} units x ${MEASURE_RATERS} coders (${KRIPPENDORFF_LEVEL})` });
  const kt = kernelCfaText(itemsText(500), ITEM_FACTORS);
  tasks.push({ id: 'kernel-cfa-500', kind: 'kernel', op: 'kernel_cfa', files: [], text: kt, opText: cfa500, request: writeReq('kernel-cfa-500.json', kt), keysOf: MEASURE_KEYS.kernel_cfa, n: 500, shape: 'cfa-500 through callKernel' });
}
function planTasks(manifest) {
  if (measureOnly) { planMeasureTasks(); return; }
  const instrument = readJson(path.join(root, 'rubrics/competency-12.v1.json'));
  const study = readJson(path.join(root, 'rubrics/study.microcredentials.v1.json'));
  const rubric = readJson(path.join(root, 'rubrics/expert-panel.v1.json'));
  for (const n of sizes) {
    // one CSV per wave (the engine takes at most 128 MiB per CSV file)
    const names = [`responses-${n}-pre.csv`, `responses-${n}-post.csv`];
    const f = names.map((x) => [`bench/${x}`, path.join(dataDir, x)]);
    const bytes = manifest.files[`paired-${n}.json`].study.bytes;
    const imp = importRequest({ instrument, study, files: names });
    const pp = prepostRequest({ instrument, study, files: names });
    tasks.push({ id: `import-${n}`, kind: 'import', n, names, files: f, bytes, request: writeReq(`import-${n}.json`, imp), keysOf: importKeys, requestObj: imp });
    tasks.push({ id: `prepost-${n}`, kind: 'prepost', n, names, files: f, bytes, request: writeReq(`prepost-${n}.json`, pp), keysOf: prepostKeys, requestObj: pp });
  }
  for (const [e, p] of panels) {
    const file = `ratings-${e}x${p}.csv`;
    const withStudy = manifest.files[file].study;
    const req = panelRequest({ rubric, study, file, withStudy });
    tasks.push({ id: `panel-${e}x${p}`, kind: 'panel', experts: e, objects: p, names: [file], files: [[`bench/${file}`, path.join(dataDir, file)]], bytes: manifest.files[file].bytes, request: writeReq(`panel-${e}x${p}.json`, req), keysOf: panelKeys, requestObj: req, withStudy });
  }
  for (const n of sizes) {
    const text = readFileSync(path.join(dataDir, `paired-${n}.json`), 'utf8');
    tasks.push({ id: `paired-${n}`, kind: 'paired', n, pairs: manifest.files[`paired-${n}.json`].pairs, files: [], request: writeReq(`paired-${n}.json`, pairedText(text)), keysOf: (r) => statKeys(r, PAIRED_FIELDS), bytes: manifest.files[`paired-${n}.json`].bytes });
    tasks.push({ id: `describe-${n}`, kind: 'describe', n, files: [], request: writeReq(`describe-${n}.json`, describeText(text)), keysOf: (r) => statKeys(r, DESCRIBE_FIELDS) });
    tasks.push({ id: `parse-${n}`, kind: 'parse_only', n, files: [], request: writeReq(`parse-${n}.json`, parseOnlyText(text)), keysOf: (r) => ({ ok: r?.ok === false && r.error?.code === 'unknown_op' }) });
  }
  tasks.push({ id: 'shapiro-5000', kind: 'shapiro', n: 5000, files: [], request: path.join(dataDir, 'shapiro-5000.json'), keysOf: (r) => statKeys(r, SHAPIRO_FIELDS) });
  planMeasureTasks();
}
const runsOfTask = (t) => (t.n && t.kind !== 'shapiro' ? runsFor(t.n) : runsFor(100));   // panels and Shapiro-Wilk are small

// ---------------------------------------------------------------- native
// Max RSS of the child: GNU time when installed, else a python3 wrapper
// reading getrusage(RUSAGE_CHILDREN) (both report KiB).
const HAVE_TIME = existsSync('/usr/bin/time');
const RUSAGE_PY = 'import resource,subprocess,sys\nrc=subprocess.call(sys.argv[2:])\nopen(sys.argv[1],"w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\nsys.exit(rc)';
function timedProcess(cmd, a, stdoutFile) {
  const rssFile = path.join(tmpDir, 'time.txt');
  rmSync(rssFile, { force: true });
  const full = HAVE_TIME ? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, cmd, ...a]] : ['python3', ['-c', RUSAGE_PY, rssFile, cmd, ...a]];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], { cwd: root, stdio: ['ignore', stdoutFile ? 'pipe' : 'ignore', 'pipe'], maxBuffer: 1 << 30, encoding: 'buffer' });
  const ms = performance.now() - t0;
  if (stdoutFile) writeFileSync(stdoutFile, r.stdout);
  const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) * 1024 : null;
  return { ms, rss, status: r.status, stderr: String(r.stderr ?? '') };
}
function nativeCli(results) {
  const cli = results.native.cli = { note: `wall time of the whole process (spawn, read files, import, analyse, write the JSON report); max RSS from ${HAVE_TIME ? '/usr/bin/time -f %M' : 'getrusage(RUSAGE_CHILDREN) in a python3 wrapper'}` };
  const startup = [];
  const req = writeReq('first-call.json', FIRST_CALL);
  for (let r = 0; r < RUNS; r++) startup.push(timedProcess(ASSESS, ['stat', req]));
  cli.startup = { ms: startup.map((x) => x.ms), median_ms: median(startup.map((x) => x.ms)), max_rss: startup[0].rss };
  for (const t of tasks.filter((x) => x.kind === 'prepost' || x.kind === 'panel')) {
    const a = t.kind === 'prepost'
      ? ['analyze', '--instrument', 'rubrics/competency-12.v1.json', '--study', 'rubrics/study.microcredentials.v1.json', '--responses', ...t.files.map(([, p]) => p), '--format', 'json']
      : ['agreement', '--rubric', 'rubrics/expert-panel.v1.json', ...(t.withStudy ? ['--study', 'rubrics/study.microcredentials.v1.json'] : []), '--ratings', ...t.files.map(([, p]) => p), '--format', 'json'];
    const out = path.join(tmpDir, `cli-${t.id}.json`);
    const runs = [];
    for (let r = 0; r < runsOfTask(t); r++) {
      const x = timedProcess(ASSESS, a, out);
      if (x.status !== 0) { fail(`native CLI ${t.id}: exit ${x.status} ${x.stderr.slice(0, 300)}`); break; }
      runs.push(x);
      if (runs.reduce((s, y) => s + y.ms, 0) >= BUDGET_MS) break;
    }
    let keys = null;
    try { keys = t.keysOf(readJson(out)); } catch (e) { fail(`native CLI ${t.id}: unreadable answer (${e.message})`); }
    cli[t.id] = { ms: runs.map((x) => x.ms), median_ms: median(runs.map((x) => x.ms)), max_rss: Math.max(...runs.map((x) => x.rss ?? 0)) || null, keys };
    log(`native CLI ${t.id}: ${fmtMs(cli[t.id].median_ms)}`);
  }
}
function nativeCalls(results) {
  const calls = results.native.calls = {};
  for (const t of tasks) {
    const out = path.join(tmpDir, `native-${t.id}.out`);
    const a = ['--runs', String(runsOfTask(t)), '--budget-ms', String(BUDGET_MS), ...(t.kind === 'kernel' ? ['--kernel'] : []), '--request', t.request, '--out', out, ...t.files.flatMap(([n, p]) => ['--file', `${n}=${p}`])];
    const r = sh(NATIVE_CALL, a);
    let res;
    try { res = JSON.parse(r.stdout); } catch { fail(`native ${t.id}: ${r.stderr || r.stdout}`.slice(0, 400)); continue; }
    let keys = null;
    try { keys = t.keysOf(readJson(out)); } catch (e) { fail(`native ${t.id}: unreadable answer (${e.message})`); }
    calls[t.id] = { ms: res.ms, median_ms: median(res.ms), cpu_ms: res.cpu_ms, rss_before: res.rss_before_kb * 1024, max_rss: res.max_rss_kb * 1024, response_bytes: res.response_bytes, keys };
    log(`native call ${t.id}: ${fmtMs(calls[t.id].median_ms)}`);
    if (t.kind === 'kernel') {
      // the channel's own cost: the kernel directly vs through the client with wire::serve as transport
      const c = sh(NATIVE_CALL, ['--channel', '--runs', String(runsOfTask(t)), '--budget-ms', String(BUDGET_MS), '--request', t.request]);
      try {
        const x = JSON.parse(c.stdout);
        if (!x.ok) fail(`native channel ${t.id}: the fit through the channel differs from the direct one`);
        results.native.channel = { task: t.id, note: 'thread CPU ms: reliability::cfa directly vs wire::cfa(serve, ...): encode, serve (parse, fit, encode), decode, in one process', ms: x.ms, median_ms: median(x.ms), min_ms: Math.min(...x.ms), direct_ms: x.direct_ms, direct_median_ms: median(x.direct_ms), direct_min_ms: Math.min(...x.direct_ms) };
        log(`native channel ${t.id}: direct ${fmtMs(results.native.channel.direct_median_ms)}, through the channel ${fmtMs(results.native.channel.median_ms)}`);
      } catch { fail(`native channel ${t.id}: ${c.stderr || c.stdout}`.slice(0, 400)); }
    }
  }
}

// ---------------------------------------------------------------- node
function nodeTask(task) {
  const r = sh(process.execPath, [path.join(here, 'node_wasm.mjs'), JSON.stringify(task)], { cwd: root });
  if (r.status !== 0) throw new Error((r.stderr || r.stdout).slice(0, 400));
  return JSON.parse(r.stdout.trim().split('\n').pop());
}
function nodeRuns(results) {
  const node = results.node = { cold: [] };
  for (let r = 0; r < RUNS; r++) {
    try { node.cold.push(nodeTask({ task: 'cold' })); } catch (e) { fail(`node cold: ${e.message}`); }
  }
  node.cold_median = Object.fromEntries(['read_ms', 'compile_instantiate_ms', 'first_call_ms', 'total_ms'].map((k) => [k, median(node.cold.map((c) => c[k]))]));
  node.calls = {};
  for (const t of tasks) {
    const out = path.join(tmpDir, `node-${t.id}.out`);
    try {
      const res = nodeTask({ task: t.kind === 'kernel' ? 'kernel' : 'call', runs: runsOfTask(t), budget_ms: BUDGET_MS, request: t.request, files: t.files, out });
      node.calls[t.id] = { ms: res.ms, median_ms: median(res.ms), cpu_ms: res.cpu_ms, rss_before: res.rss_before, peak_rss: res.peak_rss, wasm_memory: res.wasm_memory, response_bytes: res.response_bytes, keys: t.keysOf(readJson(out)) };
      log(`node ${t.id}: ${fmtMs(node.calls[t.id].median_ms)}`);
    } catch (e) {
      node.calls[t.id] = { error: e.message };
      if (smoke || !/memory|Aborted|RangeError/i.test(e.message)) fail(`node ${t.id}: ${e.message}`);
      else log(`node ${t.id}: ${e.message}`);
    }
  }
}

// Self time of a V8 CPU profile (Node's --cpu-prof or Chromium's Profiler
// domain) by kind of frame.
function categorise(prof) {
  const byId = new Map(prof.nodes.map((x) => [x.id, x]));
  const self = new Map();
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const parent = new Map();
  for (const x of prof.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  // the exception trampolines: invoke_* (JavaScript), the table lookup they
  // do (getWasmTableEntry -> get) and their re-entry into wasm
  // (GenericJSToWasmWrapper under an invoke_*), stackSave/stackRestore
  const TRAMPOLINE = /^(invoke_\w+|getWasmTableEntry|stackSave|stackRestore|setThrew|_setThrew)$/;
  const kinds = {};
  const fns = {};
  for (const [id, us] of self) {
    const { functionName: fn, url } = byId.get(id).callFrame;
    if (fn === '(idle)') continue;   // waiting, not work
    const up = byId.get(parent.get(id))?.callFrame.functionName ?? '';
    const kind = TRAMPOLINE.test(fn) || (TRAMPOLINE.test(up) && !url.startsWith('wasm://')) || /^(wasm-to-js|js-to-wasm|GenericJSToWasmWrapper)/.test(fn) ? 'invoke_* trampolines (JavaScript around every wasm call that may throw: Emscripten\'s C++ exceptions) and the wasm/JS crossings'
      : url.startsWith('wasm://') || /^\$|^wasm-function/.test(fn) ? 'wasm code'
      : fn === '(garbage collector)' ? 'garbage collector'
      : fn === '(program)' || fn === '(root)' ? 'V8 itself ((program): compiling, runtime)'
      : /assess\.js$/.test(url) ? 'Emscripten/Embind JavaScript (other than invoke_*)'
      : 'other JavaScript (the harness)';
    kinds[kind] = (kinds[kind] ?? 0) + us;
    const label = `${fn || '(anonymous)'}${url.startsWith('wasm://') ? ' [wasm]' : ''}`;
    fns[label] = (fns[label] ?? 0) + us;
  }
  const total = Object.values(kinds).reduce((a, b) => a + b, 0);
  return {
    total_ms: total / 1000,
    kinds: Object.entries(kinds).sort((a, b) => b[1] - a[1]).map(([k, us]) => ({ kind: k, ms: us / 1000, share: us / total })),
    top: Object.entries(fns).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([f, us]) => ({ fn: f, ms: us / 1000, share: us / total })),
  };
}

// Where the wasm time goes: a V8 CPU profile (node --cpu-prof) of
// analyze_prepost in Node, self time split by kind of frame.
function nodeProfile(results) {
  const n = [...sizes].filter((x) => x <= 100000).pop();
  const t = tasks.find((x) => x.id === `prepost-${n}`);
  if (!t) return;
  const dir = path.join(tmpDir, 'profile');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = sh(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, path.join(here, 'node_wasm.mjs'), JSON.stringify({ task: 'call', runs: smoke ? 1 : 3, request: t.request, files: t.files })], { cwd: root });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (r.status !== 0 || !file) { log(`node profile: ${r.stderr.slice(0, 200)}`); return; }
  const prof = readJson(path.join(dir, file));
  results.node.profile = {
    task: t.id,
    ...categorise(prof),
    invoke_functions: (readFileSync(path.join(root, 'build/site/engine/assess.js'), 'utf8').match(/function invoke_\w+/g) ?? []).length,
  };
  log(`node profile ${t.id}: ${results.node.profile.kinds.map((k) => `${k.kind.split(' (')[0]} ${(k.share * 100).toFixed(0)}%`).join(', ')}`);
}

// ---------------------------------------------------------------- browser
async function browserRuns(results, vers) {
  const { chromium } = await import('playwright-core');
  const { startBenchServer } = await import('./server.mjs');
  const server = await startBenchServer({ data: dataDir });
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  vers.chromium = browser.version();
  const b = results.browser = { note: 'headless Chromium, engine on the page main thread (the site runs the same module in a Web Worker); fresh browser context per task, so wasm memory is that task\'s', cold: [], calls: {} };
  const page = async () => {
    const context = await browser.newContext();
    const p = await context.newPage();
    const errors = [];
    p.on('pageerror', (e) => errors.push(e.message));
    return { context, page: p, errors };
  };
  try {
    for (let r = 0; r < RUNS; r++) {
      const { context, page: p } = await page();
      await p.goto(`${origin}/__bench/bench.html?cold`);
      await p.waitForFunction(() => self.__cold, null, { timeout: 60000 });
      const c = await p.evaluate(() => self.__cold);
      if (!c.ok) fail(`browser cold start: ${JSON.stringify(c)}`);
      b.cold.push(c);
      await context.close();
    }
    b.cold_median = Object.fromEntries(['script_ms', 'instantiate_ms', 'first_call_ms', 'total_ms', 'from_navigation_ms'].map((k) => [k, median(b.cold.map((c) => c[k]))]));
    log(`browser cold start: ${fmtMs(b.cold_median.total_ms)}`);
    // A fresh context per task (its wasm memory is that task's alone); the
    // smoke run shares one page to stay quick and skips the UA memory figure.
    let shared = null;
    const evalTask = async (id, fn, arg) => {
      const x = shared ?? await page();
      try {
        if (!shared) {
          await x.page.goto(`${origin}/__bench/bench.html`);
          await x.page.waitForFunction(() => self.bench, null, { timeout: 30000 });
          await x.page.evaluate(() => self.bench.load());
          if (smoke) shared = x;
        }
        return await x.page.evaluate(fn, { ...arg, ua: !smoke });
      } catch (e) {
        throw new Error(`${e.message.split('\n')[0]}${x.errors.length ? ` (page: ${x.errors.join('; ')})` : ''}`);
      } finally {
        if (!shared) await x.context.close();
      }
    };
    for (const t of tasks.filter((x) => ['import', 'prepost', 'panel'].includes(x.kind))) {
      try {
        const r = await evalTask(t.id, (a) => self.bench.file(a), { kind: t.kind, files: t.names, request: t.requestObj, runs: runsOfTask(t), budget: BUDGET_MS });
        b.calls[t.id] = { ...r, median_ms: median(r.ms) };
        log(`browser ${t.id}: ${fmtMs(b.calls[t.id].median_ms)}`);
      } catch (e) {
        b.calls[t.id] = { error: e.message };
        if (smoke) fail(`browser ${t.id}: ${e.message}`); else log(`browser ${t.id}: ${e.message}`);
      }
    }
    b.peers = {};
    for (const n of measureOnly ? [] : sizes) {
      try {
        const r = await evalTask(`peers-${n}`, (a) => self.bench.peers(a), { file: `paired-${n}.json`, runs: runsFor(n), budget: BUDGET_MS });
        b.peers[n] = r;
        log(`browser peers ${n}: engine paired_t ${fmtMs(median(r.engine_paired))} (callColumns ${fmtMs(median(r.engine_paired_columns))}), jStat ${fmtMs(median(r.jstat_paired))}`);
      } catch (e) {
        b.peers[n] = { error: e.message };
        fail(`browser peers ${n}: ${e.message}`);
      }
    }
    // the same profile in Chromium (DevTools protocol), on the same task as Node's
    const pt = tasks.find((x) => x.id === `prepost-${[...sizes].filter((n) => n <= 100000).pop()}`);
    if (pt) {
      const { context, page: p } = await page();
      try {
        await p.goto(`${origin}/__bench/bench.html`);
        await p.waitForFunction(() => self.bench, null, { timeout: 30000 });
        await p.evaluate(() => self.bench.load());
        const cdp = await context.newCDPSession(p);
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
        await p.evaluate((a) => self.bench.file(a), { kind: pt.kind, files: pt.names, request: pt.requestObj, runs: smoke ? 1 : 3, ua: false });
        const { profile } = await cdp.send('Profiler.stop');
        b.profile = { task: pt.id, ...categorise(profile) };
        log(`browser profile ${pt.id}: ${b.profile.kinds.map((k) => `${k.kind.split(' (')[0]} ${(k.share * 100).toFixed(0)}%`).join(', ')}`);
      } catch (e) {
        log(`browser profile: ${e.message.split('\n')[0]}`);
      } finally {
        await context.close();
      }
    }
    if (!measureOnly) {
      try {
        const r = await evalTask('shapiro', (a) => self.bench.shapiro(a), { file: 'shapiro-5000.json', runs: runsFor(100), budget: BUDGET_MS });
        b.calls['shapiro-5000'] = { ...r, median_ms: median(r.ms) };
      } catch (e) { fail(`browser shapiro: ${e.message}`); }
    }
    // the measurement ops: the request text through call() on the page
    for (const t of tasks.filter((x) => x.kind === 'measure')) {
      try {
        const r = await evalTask(t.id, (a) => self.bench.text(a), { text: t.text, runs: runsOfTask(t), budget: BUDGET_MS });
        b.calls[t.id] = { ms: r.ms, median_ms: median(r.ms), response_bytes: r.response_bytes, keys: t.keysOf(JSON.parse(r.response)) };
        log(`browser ${t.id}: ${fmtMs(b.calls[t.id].median_ms)}`);
      } catch (e) {
        b.calls[t.id] = { error: e.message };
        if (smoke) fail(`browser ${t.id}: ${e.message}`); else log(`browser ${t.id}: ${e.message}`);
      }
    }
    // the same cfa through the cfa op and through callKernel, in one Web Worker
    for (const t of tasks.filter((x) => x.kind === 'kernel')) {
      try {
        const r = await evalTask(t.id, (a) => self.bench.channel(a), { opText: t.opText, kernelText: t.text, runs: runsOfTask(t), budget: BUDGET_MS });
        b.calls[t.id] = { ms: r.kernel_ms, median_ms: median(r.kernel_ms), response_bytes: r.kernel_reply.length, keys: t.keysOf(JSON.parse(r.kernel_reply)), thread: 'worker' };
        b.channel = { task: t.id, note: 'one Web Worker holding both engines: the cfa op of engine/assess.js through call(text), then the same fit through engine/assess-measure.js callKernel(text)', op_ms: r.op_ms, op_median_ms: median(r.op_ms), kernel_ms: r.kernel_ms, kernel_median_ms: median(r.kernel_ms), op_keys: MEASURE_KEYS.cfa(JSON.parse(r.op_response)) };
        log(`browser worker ${t.id}: callKernel ${fmtMs(b.channel.kernel_median_ms)}, cfa op ${fmtMs(b.channel.op_median_ms)}`);
      } catch (e) {
        b.calls[t.id] = { error: e.message };
        if (smoke) fail(`browser ${t.id}: ${e.message}`); else log(`browser ${t.id}: ${e.message}`);
      }
    }
  } finally {
    await browser.close().catch(() => {});
    server.closeAllConnections?.();
    server.close();
  }
}

// ---------------------------------------------------------------- agreement
const relDiff = (a, b) => {
  if (a === b) return 0;
  if (typeof a !== 'number' || typeof b !== 'number') return Infinity;
  const m = Math.max(Math.abs(a), Math.abs(b));
  return m < 1e-300 ? Math.abs(a - b) : Math.abs(a - b) / m;
};
function agreement(results, manifest) {
  const checks = [];
  const check = (what, a, b, tol) => {
    const worst = {};
    let ok = a?.ok !== false && b?.ok !== false && a && b;
    if (ok) {
      for (const k of Object.keys(a)) {
        if (k === 'ok' || !(k in b)) continue;
        const d = relDiff(a[k], b[k]);
        worst[k] = d;
        if (!(d <= tol)) ok = false;
      }
    }
    checks.push({ what, ok: !!ok, tol, max_rel_diff: Math.max(0, ...Object.values(worst)) });
    if (!ok) fail(`disagreement: ${what}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  };
  const TOL = 1e-9;
  const nat = results.native?.calls ?? {};
  for (const t of tasks) {
    const base = nat[t.id]?.keys;
    if (!base) continue;
    if (base.ok === false) fail(`native ${t.id} answered ${JSON.stringify(base.error)}`);
    if (results.native?.cli?.[t.id]?.keys) check(`${t.id}: native CLI = native call`, results.native.cli[t.id].keys, base, TOL);
    if (results.node?.calls?.[t.id]?.keys) check(`${t.id}: Node wasm = native`, results.node.calls[t.id].keys, base, TOL);
    if (results.browser?.calls?.[t.id]?.keys) check(`${t.id}: browser wasm = native`, results.browser.calls[t.id].keys, base, TOL);
  }
  for (const n of sizes) {
    // analyze_prepost's edtech test = paired_t on the generator's own pairs
    const pp = nat[`prepost-${n}`]?.keys;
    const pt = nat[`paired-${n}`]?.keys;
    if (pp?.ok && pt?.ok) {
      check(`edtech of analyze_prepost ${n} = paired_t on the generator's pairs`, { n: pp.edtech_n, t: pp.edtech_t, p: pp.edtech_p, dz: pp.edtech_dz }, { n: pt.n, t: pt.t, p: pt.p, dz: pt.dz }, TOL);
    }
    const peer = results.browser?.peers?.[n]?.keys;
    if (peer && pt?.ok) {
      check(`paired_t ${n}: browser = native`, peer.engine_paired, pt, TOL);
      if (peer.engine_paired_columns) check(`paired_t ${n}: callColumns = call in the browser`, peer.engine_paired_columns, peer.engine_paired, 0);
      // t, mean and SD must agree; p and the interval come from jStat's own
      // t distribution (reported, not checked)
      const pick = (o, ks) => Object.fromEntries(ks.map((k) => [k, o[k]]));
      const exact = ['n', 'df', 't', 'mean_diff', 'sd_diff', 'dz'];
      check(`paired_t ${n}: jStat = engine (n, df, t, mean, SD, d_z)`, pick(peer.jstat_paired, exact), pick(peer.engine_paired, exact), TOL);
      for (const k of ['p', 'ci_low', 'ci_high']) {
        checks.push({ what: `paired_t ${n}: jStat ${k} vs engine ${k} (reported, not checked: jStat's t distribution)`, ok: true, max_rel_diff: relDiff(peer.jstat_paired[k], peer.engine_paired[k]), reported_only: true });
      }
      check(`describe ${n}: jStat = engine`, peer.jstat_describe, peer.engine_describe, 1e-9);
      if (peer.parse_only_code !== 'unknown_op') fail(`parse-only request ${n} answered ${peer.parse_only_code}`);
    }
  }
  // the measurement engine's reply = the cfa op's answer (the same fit)
  for (const t of tasks.filter((x) => x.kind === 'kernel')) {
    const op = nat[t.id.replace(/^kernel-/, '')]?.keys;
    if (nat[t.id]?.keys && op) check(`${t.id}: native callKernel (wire::serve) = native cfa op`, nat[t.id].keys, op, TOL);
    if (results.browser?.channel?.op_keys && op) check(`${t.id}: browser worker cfa op = native cfa op`, results.browser.channel.op_keys, op, TOL);
  }
  // the generator's bookkeeping: records imported = rows written
  for (const n of sizes) {
    const imp = nat[`import-${n}`]?.keys;
    const m = manifest.files[`paired-${n}.json`]?.study;
    if (imp?.ok) check(`import ${n}: records = rows generated`, { records: imp.records }, { records: m.rows }, 0);
  }
  return checks;
}

// ---------------------------------------------------------------- main
const fmtMs = (ms) => (ms == null ? '-' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);

async function main() {
  log(`${smoke ? 'smoke' : 'full'} run: sizes ${sizes.join(', ')}; panels ${panels.map((p) => p.join('x')).join(', ')}; runs ${RUNS}; out ${path.relative(root, outDir) || '.'}`);
  const results = { generated_at: new Date().toISOString(), mode: smoke ? 'smoke' : measureOnly ? 'measure' : 'full', measure_rows: MEASURE_ROWS, measure_raters: MEASURE_RATERS, budget_s: BUDGET_MS / 1000, command: `scripts/bench${args.length ? ` ${args.join(' ')}` : ''}`, sizes, panels: panels.map((p) => p.join('x')), runs: RUNS, machine: machine() };
  const vers = versions();
  results.versions = vers;
  const manifest = ensureData({ dir: dataDir, sizes: measureOnly ? [] : sizes, panels: measureOnly ? [] : panels, items: ITEM_SIZES, codes: [[MEASURE_ROWS, MEASURE_RATERS]], log });
  results.data = { generator_version: GENERATOR_VERSION, seed: manifest.seed, rates: manifest.rates, files: Object.fromEntries(Object.entries(manifest.files).filter(([k]) => [...sizes.flatMap((n) => [`responses-${n}-pre.csv`, `responses-${n}-post.csv`]), ...sizes.map((n) => `paired-${n}.json`), ...panels.map(([e, p]) => `ratings-${e}x${p}.csv`), 'shapiro-5000.json', ...ITEM_SIZES.map((n) => `items-${n}.json`), `codes-${MEASURE_ROWS}x${MEASURE_RATERS}.json`].includes(k))) };
  // generator stability: the small files are pinned in bench/data.sha256
  const pinned = readFileSync(path.join(here, 'data.sha256'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.trim().split(/\s+/));
  results.data.pinned = [];
  for (const [sha, name] of pinned) {
    const m = manifest.files[name];
    if (!m) continue;
    const ok = m.sha256 === sha;
    results.data.pinned.push({ file: name, ok });
    if (!ok) fail(`generator output changed: ${name} sha256 ${m.sha256}, pinned ${sha} (bench/data.sha256)`);
  }
  if (smoke && !results.data.pinned.some((p) => p.file === 'responses-100-pre.csv')) fail('smoke: responses-100-pre.csv was not checked against bench/data.sha256');
  results.size = sizeReport();
  planTasks(manifest);
  results.native = {};
  if (only.has('native')) { nativeCli(results); nativeCalls(results); }
  if (only.has('node')) { nodeRuns(results); nodeProfile(results); }
  if (only.has('browser')) {
    try { await browserRuns(results, vers); } catch (e) { fail(`browser: ${e.message}`); }
  }
  results.agreement = agreement(results, manifest);
  results.machine.load_end = os.loadavg();
  results.duration_s = (Date.now() - started) / 1000;
  results.failures = failures;
  results.tasks = tasks.map(({ id, kind, n, bytes, experts, objects, pairs, op, shape }) => ({ id, kind, n, bytes, experts, objects, pairs, op, shape }));
  results.targets = evaluateTargets(results);
  writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
  writeFileSync(path.join(outDir, 'results.md'), renderMarkdown(results));
  log(`wrote ${path.relative(root, path.join(outDir, 'results.md'))} and results.json in ${results.duration_s.toFixed(0)} s`);
  if (failures.length) {
    console.error(`\nbench: ${failures.length} failure(s):\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
}
if (args.includes('--render')) {
  // redraw results.md from results.json (after a change of bench/report.mjs)
  const results = readJson(path.join(outDir, 'results.json'));
  results.targets = evaluateTargets(results);
  writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
  writeFileSync(path.join(outDir, 'results.md'), renderMarkdown(results));
  log(`redrew ${path.relative(root, path.join(outDir, 'results.md'))}`);
} else {
  await main();
}
