// Targets of issue 5 checked on one run's results, and the Markdown of
// bench/results.md. Every figure is a median of that run; ratios are of
// figures measured in the same run.
import { median } from './requests.mjs';
import { renderPhone } from './phone.mjs';

// Cited constants: what the two usual ways of running statistics in a
// browser make a user download first. Nothing is downloaded by the benchmark.
export const PEERS_DOWNLOAD = [
  {
    name: 'webR (R compiled to wasm)',
    bytes: 18.3e6,
    what: 'R.bin.wasm 5.5 MB + R.bin.data 12.8 MB before server compression (the REPL app 21.7 MB), after the size reduction of r-wasm/webr pull request 196 (github.com/r-wasm/webr/pull/196, 2023); R packages come on top',
  },
  {
    name: 'Pyodide (CPython compiled to wasm)',
    bytes: 9596453,
    what: 'pyodide.asm.wasm alone, 9 596 453 bytes raw, 3 528 078 bytes gzip -9 (github.com/pyodide/pyodide/pull/6340, 2026); plus pyodide.asm.js and the standard library; NumPy and SciPy come on top',
    gzip: 3528078,
  },
];

const KB = 1024;
const fmtMs = (ms) => (ms == null || !Number.isFinite(ms) ? '-' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(1)} ms` : ms >= 0.1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`);
const fmtBytes = (b) => (b == null ? '-' : b >= 1e10 ? `${(b / 1e9).toFixed(1)} GB` : b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : b >= 1e3 ? `${(b / KB).toFixed(1)} KB` : `${b} B`);
const fmtX = (x, d = 2) => (x == null || !Number.isFinite(x) || x === 0 ? '-' : `${x.toFixed(d)}x`);
const fmtN = (n) => (n == null ? '-' : n.toLocaleString('en-US').replace(/,/g, ' '));
const mbps = (bytes, ms) => (bytes && ms ? bytes / 1e6 / (ms / 1000) : null);
const fmtRate = (x) => (x == null ? '-' : x < 10 ? x.toFixed(1) : x.toFixed(0));

function figures(R) {
  const sizes = R.sizes;
  const get = (door, id) => (door === 'cli' ? R.native?.cli?.[id] : door === 'native' ? R.native?.calls?.[id] : R[door]?.calls?.[id]);
  const ms = (door, id) => get(door, id)?.median_ms ?? null;
  const bytesOf = (n) => R.data.files[`paired-${n}.json`]?.study?.bytes ?? null;
  return { sizes, get, ms, bytesOf };
}

export function evaluateTargets(R) {
  const { sizes, get, ms, bytesOf } = figures(R);
  const targets = [];
  const add = (t) => targets.push({ ...t, status: t.measured == null ? 'NOT MEASURED' : t.pass ? 'PASS' : 'MISS' });
  const largest = Math.max(...sizes);

  // sizes
  const s = R.size;
  const biggest = [...s.files].sort((a, b) => b.gzip - a.gzip).slice(0, 4).map((f) => `${f.file} ${fmtBytes(f.gzip)}`).join(', ');
  add({ id: 'site_gzip', target: 'whole site (reported; the budgets are the engine and the questionnaire page)', measured: s.total.gzip, shown: `${fmtBytes(s.total.gzip)} (${s.total.count} files; ${fmtBytes(s.without_demo.gzip)} without demo/)`, pass: true, limit: `largest gzip files: ${biggest}` });
  // Since issue 15 the analysis page loads its own engine (engine/assess-analysis), since
  // issue 16 the measurement engine beside it; engine/assess.wasm has every op and no page loads it.
  const file = (name) => s.files.find((f) => f.file === name) ?? null;
  const aw = file('engine/assess-analysis.wasm') ?? s.wasm;
  const mw = file('engine/assess-measure.wasm');
  const mj = file('engine/assess-measure.js');
  add({ id: 'wasm_gzip', target: 'the analysis engine (wasm) <= 400 KB gzip', measured: aw?.gzip ?? null, shown: `${aw?.file ?? '-'} ${fmtBytes(aw?.gzip)} (${fmtBytes(aw?.raw)} raw)${mw ? `; the measurement engine it loads beside it on the analysis page (the factor models with Eigen, ICC, Krippendorff's alpha, Cohen's kappa), engine/assess-measure.wasm ${fmtBytes(mw.gzip)} + its loader ${fmtBytes(mj?.gzip)}` : ''}; the engine of every op (engine/assess.wasm, no page loads it) ${fmtBytes(s.wasm?.gzip)}`, pass: (aw?.gzip ?? Infinity) <= 400 * KB, limit: `the engine (C++ statistics, JSON, CSV import, Embind, exceptions) is ${((aw?.gzip ?? 0) / s.total.gzip * 100).toFixed(0)}% of the site's gzip bytes` });

  // cold start
  const cold = R.browser?.cold_median;
  add({ id: 'cold_start', target: 'cold start to first answer in headless Chromium <= 100 ms', measured: cold?.total_ms ?? null, shown: cold ? `${fmtMs(cold.total_ms)} (script ${fmtMs(cold.script_ms)}, fetch+compile+instantiate ${fmtMs(cold.instantiate_ms)}, first call ${fmtMs(cold.first_call_ms)}; ${fmtMs(cold.from_navigation_ms)} from navigation start)` : null, pass: cold?.total_ms <= 100, limit: cold ? `largest part: ${cold.instantiate_ms >= cold.script_ms ? 'fetching, compiling and instantiating assess.wasm' : 'loading assess.js'}; the fetch of assess.wasm (${fmtBytes(R.size?.wasm?.raw)}, from 127.0.0.1) took ${fmtMs(median(R.browser.cold.map((c) => c.resources?.wasm?.ms)))}, so compiling and instantiating took about ${fmtMs(cold.instantiate_ms - median(R.browser.cold.map((c) => c.resources?.wasm?.ms)))}` : '' });

  // 100 participants
  const b100 = ms('browser', 'prepost-100');
  add({ id: 'prepost_100', target: 'analyze_prepost on 100 participants <= 2 ms in wasm (browser)', measured: b100, shown: `browser ${fmtMs(b100)} (median of ${get('browser', 'prepost-100')?.ms?.length} runs; the first ${fmtMs(get('browser', 'prepost-100')?.ms?.[0])}), Node ${fmtMs(ms('node', 'prepost-100'))}, native in-process ${fmtMs(ms('native', 'prepost-100'))}`, pass: b100 <= 2, limit: `import alone ${fmtMs(ms('browser', 'import-100'))} in the browser; the rest is scoring, linking, the tests, reliability, profiles and the JSON answer (${fmtBytes(get('browser', 'prepost-100')?.response_bytes)})` });

  // the largest study
  const M = 1000000;
  const bM = sizes.includes(M) ? ms('browser', `prepost-${M}`) : null;
  const bErr = sizes.includes(M) ? get('browser', `prepost-${M}`)?.error : null;
  add({ id: 'prepost_1m_browser', target: '1 000 000 participants, import included, <= 5 s in the browser', measured: bM ?? (bErr ? Infinity : null), shown: bErr ? `failed: ${bErr}` : bM != null ? `${fmtMs(bM)} (putFile + analyze_prepost; fetching the ${fmtBytes(bytesOf(M))} of files took ${fmtMs(get('browser', `prepost-${M}`)?.fetch_ms)} more)` : null, pass: bM != null && bM <= 5000, limit: bErr ? 'see the error' : `import alone ${fmtMs(ms('browser', `import-${M}`))} (${(100 * ms('browser', `import-${M}`) / bM).toFixed(0)}% of it)` });
  const nM = sizes.includes(M) ? ms('cli', `prepost-${M}`) : null;
  add({ id: 'prepost_1m_native', target: '1 000 000 participants, import included, <= 2 s natively', measured: nM, shown: nM != null ? `${fmtMs(nM)} (build/assess analyze, whole process; in-process api::call ${fmtMs(ms('native', `prepost-${M}`))})` : null, pass: nM != null && nM <= 2000, limit: nM != null ? `import alone ${fmtMs(ms('native', `import-${M}`))} in-process (${(100 * ms('native', `import-${M}`) / ms('native', `prepost-${M}`)).toFixed(0)}% of the analysis); reading the file and writing the JSON report are the rest of the CLI's ${fmtMs(nM)}` : '' });

  // linear growth
  const base = sizes.includes(10000) ? 10000 : sizes.filter((n) => n > 100)[0];
  const lin = {};
  for (const door of ['native', 'browser', 'node']) {
    if (!base || largest === base) break;
    const a = ms(door, `prepost-${base}`) / base;
    const b = ms(door, `prepost-${largest}`) / largest;
    lin[door] = b / a;
  }
  const allow = base && largest > base ? 1.5 * Math.log(largest) / Math.log(base) : null;
  const linOk = allow && Object.values(lin).filter(Number.isFinite).every((r) => r <= allow);
  add({ id: 'linear', target: `time grows linearly (n log n where ranks are needed): time per participant at ${fmtN(largest)} <= 1.5 x log(${fmtN(largest)})/log(${fmtN(base)}) = ${allow ? allow.toFixed(2) : 'n/a'} x its value at ${fmtN(base)}`, measured: Object.keys(lin).length ? Math.max(...Object.values(lin).filter(Number.isFinite)) : null, shown: Object.entries(lin).map(([d, r]) => `${d} ${fmtX(r)}`).join(', '), pass: linOk, limit: (() => {
    // split the growth into the import and the rest of the analysis (native, in-process)
    const per = (id, k) => ms('native', `${id}-${k}`) / k * 1000;
    if (!base || largest === base) return '';
    const imp = [per('import', base), per('import', largest)];
    const rest = [per('prepost', base) - imp[0], per('prepost', largest) - imp[1]];
    return `natively, per participant from ${fmtN(base)} to ${fmtN(largest)}: import ${imp[0].toFixed(2)} -> ${imp[1].toFixed(2)} µs (${fmtX(imp[1] / imp[0])}), the rest of the analysis ${rest[0].toFixed(2)} -> ${rest[1].toFixed(2)} µs (${fmtX(rest[1] / rest[0])}); see "Time per participant"`;
  })() });

  // wasm vs native
  const ratios = [];
  for (const n of sizes.filter((x) => x >= 10000)) {
    for (const door of ['node', 'browser']) {
      const r = ms(door, `prepost-${n}`) / ms('native', `prepost-${n}`);
      if (Number.isFinite(r)) ratios.push({ door, n, r });
    }
  }
  const worst = ratios.reduce((w, x) => (!w || x.r > w.r ? x : w), null);
  const impW = sizes.filter((x) => x >= 10000).map((n) => ms('browser', `import-${n}`) / ms('native', `import-${n}`)).filter(Number.isFinite);
  const profText = [['Chromium', R.browser?.profile], ['Node', R.node?.profile]].filter(([, x]) => x).map(([d, x]) => `; V8 profile of ${x.task} in ${d}: ${x.kinds.slice(0, 2).map((k) => `${(k.share * 100).toFixed(0)}% ${k.kind}`).join(', ')}`).join('') + (R.node?.profile || R.browser?.profile ? ' (see "Where the wasm time goes")' : '');
  add({ id: 'wasm_vs_native', target: 'wasm within 2x of native on the same work (analyze_prepost, same request and bytes, 10 000 participants and more)', measured: worst?.r ?? null, shown: worst ? `worst ${fmtX(worst.r)} (${worst.door}, ${fmtN(worst.n)}); all: ${ratios.map((x) => `${x.door} ${fmtN(x.n)} ${fmtX(x.r)}`).join(', ')}` : null, pass: worst && worst.r <= 2, limit: `${impW.length ? `the import alone runs at ${impW.map((r) => fmtX(r)).join(', ')} of native in the browser` : ''}${profText}` });

  // jStat
  const peer = Object.entries(R.browser?.peers ?? {}).filter(([, p]) => !p.error).map(([n, p]) => ({ n: Number(n), e: median(p.engine_paired_columns ?? p.engine_paired), json: median(p.engine_paired), typed: !!p.engine_paired_columns, j: median(p.jstat_paired), call: median(p.engine_paired_call_only), str: median(p.stringify), parse: median(p.engine_parse_only) }));
  const slower = peer.filter((p) => p.e > p.j);
  // the engine's best door for the same arrays: callColumns (typed) where measured, else call() (JSON)
  add({ id: 'jstat', target: 'faster than jStat on the same paired t-test in the same browser', measured: peer.length ? Math.max(...peer.map((p) => p.e / p.j)) : null, shown: peer.map((p) => `${fmtN(p.n)} pairs: engine ${fmtMs(p.e)}${p.typed ? ` (callColumns; JSON door ${fmtMs(p.json)})` : ''} vs jStat ${fmtMs(p.j)} (${fmtX(p.e / p.j)})`).join('; '), pass: peer.length && !slower.length, limit: slower.some((p) => p.typed) ? 'through callColumns the numbers cross as one bulk copy; what remains is the fixed cost of the d_z interval (two noncentral-t inversions, ~0.3 ms, which jStat does not compute) and the -Oz kernel passes (compensated sums) at large n' : slower.length ? `through the JSON door the numbers travel as text: at ${fmtN(slower[slower.length - 1].n)} pairs JSON.stringify takes ${fmtMs(slower[slower.length - 1].str)} and the engine's JSON parse alone (same payload to an unknown op) ${fmtMs(slower[slower.length - 1].parse)} of the engine's ${fmtMs(slower[slower.length - 1].e)}; jStat reads the arrays in place` : '' });

  // the measurement ops (issue 16): the engine of every op, call(text), on the page
  const iters = (id) => { const k = get('native', id)?.keys ?? get('browser', id)?.keys; return k?.iterations != null ? `${k.iterations} iterations${k.converged === false ? ', not converged' : ''}` : null; };
  const bc = ms('browser', 'cfa-500');
  if (R.tasks?.some((t) => t.id === 'cfa-500')) {
    add({ id: 'cfa_500', target: 'cfa, 12 items in 5 factors (competency-12\'s subscales: 3, 2, 3, 2, 2 items), 500 respondents <= 200 ms in Chromium', measured: bc, shown: bc != null ? `browser ${fmtMs(bc)} (${iters('cfa-500')}), Node ${fmtMs(ms('node', 'cfa-500'))}, native ${fmtMs(ms('native', 'cfa-500'))}; browser / native ${fmtX(bc / ms('native', 'cfa-500'))}` : null, pass: bc <= 200, limit: (() => { const it = (get('native', 'cfa-500')?.keys ?? get('browser', 'cfa-500')?.keys)?.iterations; return it ? `Fisher scoring (34 parameters: 12 loadings, 12 residual variances, 10 factor correlations), ${it} iterations: ${fmtMs(bc / it)} per iteration in the browser, ${fmtMs(ms('native', 'cfa-500') / it)} natively` : ''; })() });
  }
  const bo = ms('browser', 'omega-100');
  if (R.tasks?.some((t) => t.id === 'omega-100')) {
    const subTask = R.tasks.find((t) => t.id.startsWith('omega-100-'));
    const bs = subTask ? ms('browser', subTask.id) : null;
    add({ id: 'omega_100', target: 'omega on 100 respondents (all 12 items, one factor) <= 5 ms in Chromium', measured: bo, shown: bo != null ? `browser ${fmtMs(bo)} (${iters('omega-100')}), Node ${fmtMs(ms('node', 'omega-100'))}, native ${fmtMs(ms('native', 'omega-100'))}; browser / native ${fmtX(bo / ms('native', 'omega-100'))}${subTask ? `. Per subscale, as the pre-post analysis computes it (${subTask.shape.replace(/^100 respondents x /, '')}): browser ${fmtMs(bs)} (${iters(subTask.id)}), native ${fmtMs(ms('native', subTask.id))}` : ''}` : null, pass: bo <= 5, limit: (() => { const it = (get('native', 'omega-100')?.keys ?? get('browser', 'omega-100')?.keys)?.iterations; return `one-factor ML fit of 12 items (24 parameters) by Fisher scoring${it ? `, ${it} iterations (five correlated subscales fitted as one factor fit worse and converge slower): ${fmtMs(bo / it)} per iteration in the browser` : ''}; then alpha over the same rows`; })() });
  }

  // memory
  const mem = [];
  // meaningful only where the data dwarf the process's fixed memory
  const n = largest >= 100000 ? largest : null;
  const bytes = n ? bytesOf(n) : null;
  const cliRss = n && get('cli', `prepost-${n}`)?.max_rss;
  if (cliRss) mem.push({ door: 'native CLI max RSS', r: cliRss / bytes, b: cliRss });
  const nodeW = n && get('node', `prepost-${n}`)?.wasm_memory;
  if (nodeW) mem.push({ door: 'Node wasm memory', r: nodeW / bytes, b: nodeW });
  const brW = n && get('browser', `prepost-${n}`)?.memory?.wasm_memory;
  if (brW) mem.push({ door: 'browser wasm memory', r: brW / bytes, b: brW });
  const worstMem = mem.reduce((w, x) => (!w || x.r > w.r ? x : w), null);
  add({ id: 'memory', target: `peak memory <= 4x the input file's size (${n ? `${fmtN(n)} participants, ${fmtBytes(bytes)}` : 'checked at 100 000 participants or more'})`, measured: worstMem?.r ?? null, shown: mem.map((x) => `${x.door} ${fmtBytes(x.b)} = ${fmtX(x.r, 1)}`).join('; '), pass: worstMem && worstMem.r <= 4, limit: worstMem ? `wasm memory only grows (it is the peak); it holds the file's bytes (putFile copies them once, Embind once more while passing them), the parsed table and the report` : '' });
  return targets;
}

export function renderMarkdown(R) {
  const { sizes, get, ms, bytesOf } = figures(R);
  const T = R.targets ?? evaluateTargets(R);
  const L = [];
  const p = (...xs) => L.push(...xs);
  const table = (head, rows) => {
    p(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
    for (const r of rows) p(`| ${r.join(' | ')} |`);
    p('');
  };
  const m = R.machine;
  const v = R.versions;
  p('# Benchmarks of the assess engine', '');
  // figures that got fewer runs than asked (the time budget)
  const short = [];
  const scan = (door, obj) => { for (const [id, x] of Object.entries(obj ?? {})) if (x?.ms?.length && x.ms.length < R.runs && !(id.includes('1000000') && x.ms.length >= 3)) short.push(`${door} ${id} ${x.ms.length}`); };
  scan('native CLI', R.native?.cli); scan('native', R.native?.calls); scan('Node', R.node?.calls); scan('browser', R.browser?.calls);
  p(`Generated by \`${R.command ?? 'scripts/bench'}\` on ${R.generated_at} in ${R.duration_s?.toFixed(0)} s (${R.mode} run, ${R.runs} runs per figure${R.mode === 'full' && !/--runs/.test(R.command ?? '') ? ` (${Math.max(R.runs, 20)} for 1 000 participants or fewer, the panels and Shapiro-Wilk, ${Math.max(R.runs, 10)} for 10 000: the engine warms up over the first runs; at most 3 for 1 000 000)` : ''}, fewer where the runs of one figure passed ${R.budget_s} s${short.length ? ` (here: ${short.join(', ')} runs)` : ''}; every figure is the median of its runs; ratios are of figures from this one run).`, '');
  p(`Rerun: \`scripts/bench\` (full, about 10-15 minutes on this machine, writes bench/results.md and results.json), \`scripts/bench --smoke\` (100 and 1 000 participants, 1 run, writes build/bench/; part of scripts/test; fails only when the harness breaks or the doors' answers disagree), options \`--sizes 100,10000 --panels 9x5 --measure-rows 10000 --runs N --budget SECONDS --out DIR --only native,node,browser --tasks measure\` (the last: only the measurement ops of issue 16 and the cold starts); \`node bench/run.mjs --render [--out DIR]\` redraws results.md from results.json.`, '');
  p('## Machine and versions', '');
  table(['', ''], [
    ['CPU', `${m.cpu}${m.cpu_mhz ? ` (${m.cpu_mhz.toFixed(0)} MHz)` : ''}, ${m.cores} cores`],
    ['memory', fmtBytes(m.memory_bytes)],
    ['OS', m.os],
    ['load average (1, 5, 15 min)', `start ${m.load_start.map((x) => x.toFixed(2)).join(' ')}; end ${m.load_end?.map((x) => x.toFixed(2)).join(' ')}${Math.max(...m.load_start, ...(m.load_end ?? [])) > m.cores * 0.75 ? ' (**the machine was shared: timings are noisy and slower than on a quiet machine**)' : ''}`],
    ['git commit', `${v.git_commit}${v.git_dirty ? ' (with uncommitted changes)' : ''}: ${v.git_describe}`],
    ['node', v.node],
    ['chromium', v.chromium ?? '-'],
    ['emscripten', v.emscripten ?? '-'],
    ['native compiler', v.compiler ?? '-'],
    ['playwright-core, jstat', `${v['playwright-core']}, ${v.jstat}`],
  ]);
  p('## Targets', '');
  table(['target', 'measured', 'status', 'what limits it (measured)'], T.map((t) => [t.target, t.shown ?? '-', `**${t.status}**`, t.status === 'PASS' ? '' : t.limit ?? '']));
  p(...renderPhone());

  p('## Pre-post analysis (`analyze_prepost`) per study size', '');
  p('Same generated CSV and same request everywhere. *native CLI*: `build/assess analyze --format json` as a process (spawn, read, import, analyse, write the report). *native*: `api::call` in-process after `store_file` (bench/native_call.cpp). *Node* and *browser*: the shipped wasm module, `putFile(bytes)` + `call(request)`. Import included in every figure; the browser\'s fetch of the file is not (shown apart).', '');
  const cpu = (door, id) => { const x = get(door, id); return x?.cpu_ms != null && x.ms?.length ? x.cpu_ms / x.ms.length : null; };
  table(['participants', 'files', 'records', 'native CLI', 'native', 'Node wasm', 'browser wasm', 'browser / native', 'Node / native', 'browser fetch', 'CPU per run: native, Node'],
    sizes.map((n) => {
      const f = R.data.files[`paired-${n}.json`]?.study;
      return [fmtN(n), fmtBytes(f?.bytes), fmtN(f?.rows), fmtMs(ms('cli', `prepost-${n}`)), fmtMs(ms('native', `prepost-${n}`)), fmtMs(ms('node', `prepost-${n}`)), get('browser', `prepost-${n}`)?.error ? `failed: ${get('browser', `prepost-${n}`).error}` : fmtMs(ms('browser', `prepost-${n}`)),
        fmtX(ms('browser', `prepost-${n}`) / ms('native', `prepost-${n}`)), fmtX(ms('node', `prepost-${n}`) / ms('native', `prepost-${n}`)), fmtMs(get('browser', `prepost-${n}`)?.fetch_ms),
        `${fmtMs(cpu('native', `prepost-${n}`))}, ${fmtMs(cpu('node', `prepost-${n}`))}`];
    }));
  p('*CPU per run* is the process CPU time over the runs divided by their number (native: the driver; Node: the task process, its own threads included): less sensitive than wall time to other work on a shared machine.', '');
  p('### Time per participant', '');
  p('Median time divided by the number of participants; the ratio column is the per-participant time relative to the previous size (1.00 = linear).', '');
  const perRows = [];
  let prev = null;
  for (const n of sizes) {
    const per = (door) => ms(door, `prepost-${n}`) / n * 1000;
    const row = [fmtN(n), ...['cli', 'native', 'node', 'browser'].map((d) => (Number.isFinite(per(d)) ? `${per(d).toFixed(2)} µs` : '-'))];
    row.push(prev ? ['native', 'browser'].map((d) => `${d} ${fmtX((ms(d, `prepost-${n}`) / n) / (ms(d, `prepost-${prev}`) / prev))}`).join(', ') : '');
    perRows.push(row);
    prev = n;
  }
  table(['participants', 'native CLI', 'native', 'Node wasm', 'browser wasm', 'per participant vs previous size'], perRows);

  const profiles = [['Chromium (DevTools protocol profiler, 200 µs sampling)', R.browser?.profile], ['Node (`node --cpu-prof`)', R.node?.profile]].filter(([, x]) => x);
  if (profiles.length) {
    p('## Where the wasm time goes', '');
    p(`V8 CPU profiles of analyze_prepost (import included), self time by kind of frame. The module's loader has ${R.node?.profile?.invoke_functions ?? 'its'} \`invoke_*\` functions: with Emscripten's JavaScript-based C++ exceptions (\`-fexceptions\`) every wasm call that may throw leaves wasm for such a JavaScript trampoline, which looks the callee up in the function table, re-enters wasm and comes back; their self time, the table lookups and the crossings are counted together.`, '');
    for (const [door, pr] of profiles) {
      p(`### ${door}: ${pr.task}, ${fmtMs(pr.total_ms)} of samples`, '');
      table(['kind of frame', 'self time', 'share'], pr.kinds.map((k) => [k.kind, fmtMs(k.ms), `${(k.share * 100).toFixed(1)}%`]));
      table(['function (top self time)', 'self time', 'share'], pr.top.map((k) => [`\`${k.fn}\``, fmtMs(k.ms), `${(k.share * 100).toFixed(1)}%`]));
    }
  }

  p('## CSV import (`import_responses`, both waves\' files, records not returned)', '');
  table(['participants', 'file', 'native', 'MB/s', 'Node wasm', 'MB/s', 'browser wasm', 'MB/s', 'browser / native'],
    sizes.map((n) => {
      const b = bytesOf(n);
      return [fmtN(n), fmtBytes(b), fmtMs(ms('native', `import-${n}`)), fmtRate(mbps(b, ms('native', `import-${n}`))), fmtMs(ms('node', `import-${n}`)), fmtRate(mbps(b, ms('node', `import-${n}`))), fmtMs(ms('browser', `import-${n}`)), fmtRate(mbps(b, ms('browser', `import-${n}`))), fmtX(ms('browser', `import-${n}`) / ms('native', `import-${n}`))];
    }));

  p('## Expert panel (`analyze_panel`)', '');
  const panels = (R.tasks ?? []).filter((t) => t.kind === 'panel');
  table(['experts x programmes', 'file', 'native CLI', 'native', 'Node wasm', 'browser wasm', 'browser / native'],
    panels.map((t) => [`${t.experts} x ${t.objects}`, fmtBytes(t.bytes), fmtMs(ms('cli', t.id)), fmtMs(ms('native', t.id)), fmtMs(ms('node', t.id)), fmtMs(ms('browser', t.id)), fmtX(ms('browser', t.id) / ms('native', t.id))]));

  const mtasks = (R.tasks ?? []).filter((t) => t.kind === 'measure' || t.kind === 'kernel');
  if (mtasks.length) {
    p('## Measurement ops (issue 16): factor models and agreement', '');
    p(`The request text (\`{"op": ..., "items"|"ratings"|"data": [[...]]}\`, made once from the generator's bare JSON matrix, bench/requests.mjs) through the JSON door: *native* \`api::call\` in-process (bench/native_call.cpp), *Node* and *browser* the engine of every op (engine/assess.js) \`call(text)\`, the browser on the page's main thread. Items: the scored answers to competency-12 (items-N.json: a general competence, a part per subscale, item noise, rounded to 1-5; complete rows); cfa fits the instrument's own five subscales (3, 2, 3, 2, 2 items), omega all 12 items as one factor. Ratings: codes-${R.measure_rows ?? 10000}x${R.measure_raters ?? 5}.json, ${R.measure_raters ?? 5} raters (rows) x ${fmtN(R.measure_rows ?? 10000)} objects (columns) on the expert-panel scale 1-5, raters with their own leniency and noise, 1% of cells empty (icc and fleiss_kappa leave such objects out, krippendorff_alpha uses every pairable value, cohen_kappa compares the first two raters and drops a pair with an empty code).`, '');
    const keyNote = (id) => {
      const k = get('native', id)?.keys;
      if (!k?.ok) return '';
      if (k.iterations != null) return `${k.iterations} iterations${k.converged === false ? ' (not converged)' : ''}${k.cfi != null ? `; CFI ${k.cfi.toFixed(3)}, RMSEA ${k.rmsea.toFixed(3)}` : ''}${k.omega_total != null ? `; omega ${k.omega_total.toFixed(3)}` : ''}`;
      if (k.icc2 != null) return `ICC2 ${k.icc2.toFixed(3)}, ICC2k ${k.icc2k.toFixed(3)}; ${fmtN(k.n)} complete objects`;
      if (k.kappa != null) return `kappa ${k.kappa.toFixed(3)}; ${fmtN(k.n)} ${k.m != null ? 'complete subjects' : 'pairs'}`;
      if (k.alpha != null) return `alpha ${k.alpha.toFixed(3)}; ${fmtN(k.n_pairable)} pairable values`;
      return '';
    };
    const cpuRun = (door, id) => { const x = get(door, id); return x?.cpu_ms != null && x.ms?.length ? x.cpu_ms / x.ms.length : null; };
    table(['op', 'data', 'native', 'Node wasm', 'browser wasm', 'browser / native', 'Node / native', 'CPU per run: native, Node', 'answer (native)'],
      mtasks.filter((t) => t.kind === 'measure').map((t) => [`\`${t.op}\``, t.shape ?? t.id, fmtMs(ms('native', t.id)), fmtMs(ms('node', t.id)), get('browser', t.id)?.error ? `failed: ${get('browser', t.id).error}` : fmtMs(ms('browser', t.id)), fmtX(ms('browser', t.id) / ms('native', t.id)), fmtX(ms('node', t.id) / ms('native', t.id)), `${fmtMs(cpuRun('native', t.id))}, ${fmtMs(cpuRun('node', t.id))}`, keyNote(t.id)]));
    p('Times are medians of wall time (on a shared machine a run that lost the CPU to other work is slower; *CPU per run*, the process CPU time over the runs divided by their number, is less sensitive to that: Node\'s includes its compiler threads).', '');
    const kt = mtasks.find((t) => t.kind === 'kernel');
    if (kt) {
      const ch = R.browser?.channel;
      p('### The same cfa through the measurement engine (`callKernel`)', '');
      p('The analysis page\'s engine does not hold the factor-model kernels: it sends them through the kernels\' channel to the measurement engine (engine/assess-measure.{js,wasm}, docs/web.md "Two engines on the analysis page"). Here the channel\'s request for cfa-500 (`{"kernel": "cfa", "factors", "options", "items"}`, the options the cfa op uses by default) goes straight to that engine\'s one door, `callKernel(text)`, against the `cfa` op of the engine of every op on the same data: natively `wire::serve` vs `api::call`; in Node two processes; in Chromium one Web Worker holding both engines, as the analysis page\'s worker does (figures from that worker, not the page).', '');
      const cpuX = (door) => cpuRun(door, kt.id) / cpuRun(door, 'cfa-500');
      table(['door', 'cfa op (engine of every op)', 'callKernel (measurement engine)', 'callKernel / cfa op', 'the same, CPU per run'], [
        ['native', fmtMs(ms('native', 'cfa-500')), fmtMs(ms('native', kt.id)), fmtX(ms('native', kt.id) / ms('native', 'cfa-500')), `${fmtMs(cpuRun('native', 'cfa-500'))} vs ${fmtMs(cpuRun('native', kt.id))}: ${fmtX(cpuX('native'))}`],
        ['Node wasm', fmtMs(ms('node', 'cfa-500')), fmtMs(ms('node', kt.id)), fmtX(ms('node', kt.id) / ms('node', 'cfa-500')), `${fmtMs(cpuRun('node', 'cfa-500'))} vs ${fmtMs(cpuRun('node', kt.id))}: ${fmtX(cpuX('node'))}`],
        ['Chromium, one worker', fmtMs(ch?.op_median_ms), fmtMs(ch?.kernel_median_ms), fmtX(ch?.kernel_median_ms / ch?.op_median_ms), ''],
      ]);
      const nc = R.native?.channel;
      if (nc) p(`The channel itself, natively (bench/native_call.cpp --channel, ${nc.ms.length} runs, thread CPU time): the kernel \`reliability::cfa\` called directly ${fmtMs(nc.direct_median_ms)} (fastest run ${fmtMs(nc.direct_min_ms)}), the same fit through the channel's client with \`wire::serve\` as its transport (the arguments encoded as JSON with 17 significant digits, parsed, fitted, the whole fit encoded and decoded: what the analysis engine's bridge adds, less the string's crossing to JavaScript and back) ${fmtMs(nc.median_ms)} (fastest ${fmtMs(nc.min_ms)}): ${fmtX(nc.median_ms / nc.direct_median_ms)} (fastest runs ${fmtX(nc.min_ms / nc.direct_min_ms)}); the fits are identical.`, '');
      const mw = R.size?.files?.find((f) => f.file === 'engine/assess-measure.wasm');
      const mj = R.size?.files?.find((f) => f.file === 'engine/assess-measure.js');
      if (mw) p(`The measurement engine is ${fmtBytes(mw.gzip)} gzip (${fmtBytes(mw.raw)} raw) plus its loader ${fmtBytes(mj?.gzip)} gzip; the same fit answers with the same numbers through both doors (checked below).`, '');
    }
  }

  p('## Engine cold start', '');
  const bc = R.browser?.cold_median;
  const nc = R.node?.cold_median;
  table(['door', 'load script', 'fetch + compile + instantiate', 'first call', 'total', 'from navigation start'], [
    ['browser (fresh context each run, empty HTTP cache)', fmtMs(bc?.script_ms), fmtMs(bc?.instantiate_ms), fmtMs(bc?.first_call_ms), fmtMs(bc?.total_ms), fmtMs(bc?.from_navigation_ms)],
    ['Node (fresh process each run; read wasm from disk)', fmtMs(nc?.read_ms), fmtMs(nc?.compile_instantiate_ms), fmtMs(nc?.first_call_ms), fmtMs(nc?.total_ms), ''],
    ['native CLI (`assess stat`, one describe, whole process)', '', '', '', fmtMs(R.native?.cli?.startup?.median_ms), ''],
  ]);

  p('## Shapiro-Wilk at n = 5000', '');
  table(['native', 'Node wasm', 'browser wasm', 'browser / native'], [[fmtMs(ms('native', 'shapiro-5000')), fmtMs(ms('node', 'shapiro-5000')), fmtMs(ms('browser', 'shapiro-5000')), fmtX(ms('browser', 'shapiro-5000') / ms('native', 'shapiro-5000'))]]);

  p('## Peers in the same browser: jStat 1.9.6', '');
  p('The edtech scores of each study\'s linked pairs (bench/data/paired-N.json, the numbers `analyze_prepost` tests), parsed once outside the timings. *engine*: `JSON.parse(call(JSON.stringify({op: "paired_t", pre, post})))` (the JSON door, as a JavaScript caller uses it; it also computes the d_z interval by inverting the noncentral t, which jStat cannot). *jStat*: differences, `jStat.mean`, `jStat.stdev(d, true)`, `jStat.ttest(t, n, 2)`, `jStat.studentt.inv` for the interval. *call only*: the engine with the request text ready; *parse only*: the same text sent to an op that does not exist (the engine parses it and answers unknown_op). *callColumns*: the typed door, `JSON.parse(callColumns(\'{"op":"paired_t"}\', {pre, post}))` with the same plain arrays (converted in one pass) and with Float64Arrays (one bulk copy each; docs/web.md).', '');
  const peers = Object.entries(R.browser?.peers ?? {});
  table(['pairs', 'engine paired_t', 'callColumns (arrays)', 'callColumns (Float64Array)', 'jStat', 'callColumns / jStat', 'JSON.stringify', 'call only', 'parse only', 'engine describe', 'jStat describe', 'engine / jStat'],
    peers.map(([n, x]) => (x.error ? [n, `failed: ${x.error}`, '', '', '', '', '', '', '', '', '', ''] : [fmtN(x.n), fmtMs(median(x.engine_paired)), x.engine_paired_columns ? fmtMs(median(x.engine_paired_columns)) : '', x.engine_paired_f64 ? fmtMs(median(x.engine_paired_f64)) : '', fmtMs(median(x.jstat_paired)), fmtX(median(x.engine_paired_columns ?? x.engine_paired) / median(x.jstat_paired)), fmtMs(median(x.stringify)), fmtMs(median(x.engine_paired_call_only)), fmtMs(median(x.engine_parse_only)), fmtMs(median(x.engine_describe)), fmtMs(median(x.jstat_describe)), fmtX(median(x.engine_describe) / median(x.jstat_describe))])));
  p('The same paired t-test natively and in Node (request text ready, `call` only):', '');
  table(['pairs', 'native', 'Node wasm', 'native parse only', 'Node parse only'], sizes.map((n) => [fmtN(R.data.files[`paired-${n}.json`]?.pairs), fmtMs(ms('native', `paired-${n}`)), fmtMs(ms('node', `paired-${n}`)), fmtMs(ms('native', `parse-${n}`)), fmtMs(ms('node', `parse-${n}`))]));

  p('## Peak memory', '');
  p('Native: max RSS of the `build/assess analyze` process (' + (/python3/.test(R.native?.cli?.note ?? '') ? 'getrusage of the child' : '/usr/bin/time') + '). Node: peak `process.memoryUsage().rss` and the wasm memory (its size at the end is its peak: wasm memory never shrinks). Browser: the wasm memory of the page\'s instance (a fresh context per task); `performance.measureUserAgentSpecificMemory()` (the page is cross-origin isolated) and `performance.memory` where Chromium answered.', '');
  table(['participants', 'file', 'native CLI RSS', 'x file', 'Node RSS', 'Node wasm memory', 'x file', 'browser wasm memory', 'x file', 'browser UA memory'],
    sizes.map((n) => {
      const b = bytesOf(n);
      const cli = get('cli', `prepost-${n}`)?.max_rss;
      const nd = get('node', `prepost-${n}`);
      const br = get('browser', `prepost-${n}`)?.memory;
      return [fmtN(n), fmtBytes(b), fmtBytes(cli), fmtX(cli / b, 1), fmtBytes(nd?.peak_rss), fmtBytes(nd?.wasm_memory), fmtX(nd?.wasm_memory / b, 1), fmtBytes(br?.wasm_memory), fmtX(br?.wasm_memory / b, 1), br?.ua_specific_memory ? fmtBytes(br.ua_specific_memory) : br?.ua_specific_memory_error ? `n/a (${br.ua_specific_memory_error})` : 'n/a'];
    }));

  const ua = sizes.map((n) => get('browser', `prepost-${n}`)?.memory).filter((x) => x?.ua_specific_memory);
  if (ua.length && ua.every((x) => x.ua_specific_memory < x.wasm_memory)) p('In this Chromium, `measureUserAgentSpecificMemory()` reports less than the wasm memory alone: it does not count it here, so the wasm memory is the figure to read.', '');

  p('## Size of the site (build/site)', '');
  const s = R.size;
  p(`Whole site: **${fmtBytes(s.total.gzip)} gzip** (-9), ${fmtBytes(s.total.raw)} raw, ${s.total.count} files (the service worker caches all of them on the first visit); without the demo data: ${fmtBytes(s.without_demo.gzip)} gzip. The engine of every op, engine/assess.wasm (the benchmark's engine; no page loads it): **${fmtBytes(s.wasm?.gzip)} gzip**, ${fmtBytes(s.wasm?.raw)} raw; its loader assess.js ${fmtBytes(s.engine_js?.gzip)} gzip. The engines the pages load: ${['engine/assess-analysis.wasm', 'engine/assess-measure.wasm', 'engine/assess-collect.wasm'].map((n) => s.files.find((f) => f.file === n)).filter(Boolean).map((f) => `${f.file} ${fmtBytes(f.gzip)} gzip`).join(', ')} (the analysis page loads the first two, the pages that collect answers the third).`, '');
  p('What the usual in-browser statistics runtimes make a user download first (cited constants, nothing downloaded):', '');
  table(['runtime', 'download', 'x this whole site (gzip)', 'x this whole site (raw)', 'source'], [
    ...PEERS_DOWNLOAD.map((x) => [x.name, fmtBytes(x.bytes), `${fmtX(x.bytes / s.total.gzip, 0)}${x.gzip ? ` (its gzip ${fmtBytes(x.gzip)}: ${fmtX(x.gzip / s.total.gzip, 0)})` : ''}`, fmtX(x.bytes / s.total.raw, 0), x.what]),
  ]);
  p('<details><summary>Every file</summary>', '');
  table(['file', 'raw', 'gzip -9'], [...s.files.map((f) => [f.file, fmtN(f.raw), fmtN(f.gzip)]), ['**total**', `**${fmtN(s.total.raw)}**`, `**${fmtN(s.total.gzip)}**`]]);
  p('</details>', '');

  p('## The data', '');
  p(`bench/generate.mjs (generator version ${R.data.generator_version}, seed ${R.data.seed}), written to build/bench/data and reused while the version and seed hold. Studies: competency-12 (12 items), the five programmes of study.microcredentials, two waves, one CSV per wave (the engine takes at most 128 MiB per CSV file); participants go to the programmes in turn; missingness: ${Object.entries(R.data.rates).map(([k, x]) => `${k.replace(/_/g, ' ')} ${(x * 100).toFixed(1)}%`).join(', ')} (codes typed from paper for the control group, no check symbol, Cyrillic look-alikes). Panels: expert-panel rubric, experts with their own leniency and noise, 1% of cells empty; more than five programmes are free objects (no study).`, '');
  table(['file', 'bytes', 'rows', 'SHA-256'], Object.entries(R.data.files).map(([k, f]) => [k, fmtN(f.bytes), fmtN(f.rows ?? f.pairs ?? f.n), `\`${f.sha256.slice(0, 16)}\``]));
  p(`Pinned in bench/data.sha256: ${R.data.pinned.map((x) => `${x.file} ${x.ok ? 'unchanged' : '**changed**'}`).join(', ') || 'none of these files'}.`, '');

  p('## Agreement of the doors', '');
  const bad = (R.agreement ?? []).filter((c) => !c.ok);
  p(`${(R.agreement ?? []).length} checks of key numbers (analyze_prepost: pairs, edtech t, p, d_z, Wilcoxon V, total t, alpha; import counts; panel W and p; paired_t, describe, Shapiro-Wilk; cfa: n, iterations, chisq, df, CFI, TLI, RMSEA and its upper limit, SRMR, loadings, a factor correlation; omega and alpha; ICC2, its interval, ICC2k, ICC3, F; the kappas, z and se; Krippendorff's alpha and its pairable values; the measurement engine's cfa reply against the cfa op) between native, Node, the browser, jStat and the generator's own pairs, relative tolerance 1e-9: ${bad.length ? `**${bad.length} failed**: ${bad.map((c) => c.what).join('; ')}` : 'all agree'}.`, '');
  const rep = (R.agreement ?? []).filter((c) => c.reported_only);
  if (rep.length) p(`jStat's p-values and t-interval limits (its own t distribution and quantile) differ from the engine's by at most ${Math.max(...rep.map((c) => c.max_rel_diff)).toExponential(1)} (relative); the engine's match R (fixtures/reference).`, '');
  if (R.failures?.length) p('Failures of this run:', '', ...R.failures.map((f) => `- ${f}`), '');
  return `${L.join('\n')}\n`;
}
