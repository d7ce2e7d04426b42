// The engine in its Web Worker, through engine-client.js, under the page's
// CSP: replies matched by id, ok:false turned into EngineError with the
// engine's code and message, progress from batches, and the same numbers as
// the Node build of the same module.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSite, open, assertNoForeignRequests, assertNoProblems, root } from './helpers.mjs';
import { call as nodeCall } from '../wasm/engine.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

test('engine-client: results, typed errors, concurrency, progress', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'index.html');
  const out = await page.evaluate(async () => {
    const { EngineClient, EngineError } = await import('./js/engine-client.js');
    const client = new EngineClient();
    const x = [3.1, 4.5, null, 5.0, 2.2, 7.25];
    // Several requests in flight at once come back to their own callers.
    const [a, b] = await Promise.all([
      client.call({ op: 'describe', x }),
      client.call({ op: 'describe', x: [1, 2, 3] }),
    ]);
    let err;
    try {
      await client.call({ op: 'no_such_op' });
    } catch (e) {
      err = { isEngineError: e instanceof EngineError, code: e.code, message: e.message, op: e.op };
    }
    let bad;
    try {
      await client.call({ op: 'describe', x: 'abc' });
    } catch (e) {
      bad = { code: e.code, message: e.message, path: e.path };
    }
    const progress = [];
    const replies = await client.batch(
      [{ op: 'describe', x: [1, 2] }, { op: 'describe', x: [4, 5, 6] }],
      { labels: ['one', 'two'], onProgress: (p) => progress.push(p) },
    );
    // The typed door through the worker: copied, then transferred buffers.
    const pre = new Float64Array([3.1, 4.5, 6, 5.0, 2.2, 7.25]);
    const post = new Float64Array([3.5, 4.4, 6.5, 5.75, 2.0, 8]);
    const viaJson = await client.call({ op: 'paired_t', pre: [...pre], post: [...post] });
    const copied = await client.callColumns({ op: 'paired_t' }, { pre, post });
    const moved = await client.callColumns({ op: 'paired_t' }, { pre, post }, { transfer: true });
    let badColumn;
    try {
      await client.callColumns({ op: 'paired_t', pre: [1, 2] }, { pre: new Float64Array([1, 2]), post: [1, 3] });
    } catch (e) {
      badColumn = { code: e.code, path: e.path };
    }
    const typed = { viaJson, copied, moved, detached: pre.length, badColumn };
    // Still usable after errors.
    const again = await client.call({ op: 'describe', x: [10, 20] });
    client.terminate();
    return { a, b, err, bad, progress, replies, again, typed };
  });
  const expected = await nodeCall({ op: 'describe', x: [3.1, 4.5, null, 5.0, 2.2, 7.25] });
  assert.deepEqual(out.a, expected.result);
  assert.equal(out.b.mean, 2);
  assert.deepEqual({ ...out.err, message: undefined }, { isEngineError: true, code: 'unknown_op', message: undefined, op: 'no_such_op' });
  assert.match(out.err.message, /no_such_op/);
  assert.equal(out.bad.code, 'invalid_input');
  assert.match(out.bad.message, /\bx\b/);
  assert.deepEqual(out.progress.map((p) => [p.done, p.total, p.label]), [[0, 2, 'one'], [1, 2, 'two'], [2, 2, null]]);
  assert.equal(out.replies.length, 2);
  assert.ok(out.replies.every((r) => r.ok));
  assert.equal(out.again.mean, 15);
  assert.deepEqual(out.typed.copied, out.typed.viaJson);
  assert.deepEqual(out.typed.moved, out.typed.viaJson);
  assert.equal(out.typed.detached, 0);  // the buffer went to the worker
  assert.deepEqual(out.typed.badColumn, { code: 'invalid_input', path: '/pre' });
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

// The analysis page's engine (engine/assess-analysis, docs/web.md): the same
// numbers as the engine of every op for the ops it has; no standalone
// statistics ops (unknown_op, naming the ops it has); no Markdown or CSV
// renderings and no .sav, said with a warning.
test('engine-client: the analysis page\'s engine', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'index.html');
  const demo = {
    instrument: JSON.parse(readFileSync(path.join(root, 'rubrics/competency-12.v1.json'), 'utf8')),
    csv: readFileSync(path.join(root, 'fixtures/demo/responses.csv'), 'utf8'),
  };
  const out = await page.evaluate(async ({ instrument, csv }) => {
    const { EngineClient, EngineError, workerUrl } = await import('./js/engine-client.js');
    const client = new EngineClient(workerUrl('analysis'));
    let stat;
    try {
      await client.call({ op: 'describe', x: [1, 2, 3] });
    } catch (e) {
      stat = { isEngineError: e instanceof EngineError, code: e.code, message: e.message };
    }
    const request = { op: 'analyze_prepost', instrument, files: [{ name: 'responses.csv', text: csv }] };
    const plain = await client.call(request);
    const md = await client.call({ ...request, format: 'md' });
    const sav = await client.call({ op: 'dataset', instrument, files: [{ name: 'responses.csv', text: csv }], format: 'sav' });
    client.terminate();
    return { stat, plain, md, sav };
  }, demo);
  assert.equal(out.stat.code, 'unknown_op');
  assert.match(out.stat.message, /analyze_study/);
  const expected = await nodeCall({ op: 'analyze_prepost', instrument: demo.instrument, files: [{ name: 'responses.csv', text: demo.csv }] });
  assert.deepEqual(out.plain, expected.result);
  assert.ok(!('markdown' in out.md));
  assert.equal(out.md.warning_msgs.at(-1).id, 'analysis.no_renderings');
  assert.deepEqual({ ...out.md, warnings: undefined, warning_msgs: undefined }, { ...out.plain, warnings: undefined, warning_msgs: undefined });
  // Nor the data set's SPSS .sav (engine/assess.js and the CLI write it).
  assert.ok(!('sav' in out.sav));
  assert.equal(out.sav.warning_msgs.at(-1).id, 'dataset.no_sav');
  assert.equal(out.sav.codebook.variables[0].name, 'code');
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

// The analysis page's engine takes Unicode normalisation from the browser
// (wasm/unicode_browser.cpp) and the factor-model, agreement and noncentral
// t kernels from the measurement engine through the kernels' channel
// (wasm/kernel_bridge.cpp): the same answers as the engine of every op,
// which has its own tables and kernels. Codes written with composed and
// with decomposed letters (Á as U+00C1 and as A + U+0301, Й as U+0419 and
// as И + U+0306) in the two waves, and the panel's ICC, alpha and kappa.
test('engine-client: the analysis page\'s engine normalises and measures as the engine of every op', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'index.html');
  const lines = readFileSync(path.join(root, 'fixtures/demo/responses.csv'), 'utf8').split('\n');
  const composed = ['\u00C1', '\u0419'];
  const decomposed = ['A\u0301', '\u0418\u0306'];
  let k = 0;
  const csv = lines.map((line) => {
    if (!/^(AM31NB-C|AR23DE-8),/.test(line)) return line;
    const [first, ...rest] = line.split(',');
    const pre = rest[1] === 'pre';
    const letters = pre ? composed : decomposed;
    k += 1;
    return [letters[first.startsWith('AM') ? 0 : 1] + first.slice(1), ...rest].join(',');
  }).join('\n');
  assert.ok(k >= 4, `rows rewritten: ${k}`);
  const demo = {
    instrument: JSON.parse(readFileSync(path.join(root, 'rubrics/competency-12.v1.json'), 'utf8')),
    rubric: JSON.parse(readFileSync(path.join(root, 'rubrics/expert-panel.v1.json'), 'utf8')),
    ratings: readFileSync(path.join(root, 'fixtures/demo/ratings.csv'), 'utf8'),
    csv,
  };
  const requests = [
    { op: 'analyze_prepost', instrument: demo.instrument, files: [{ name: 'responses.csv', text: demo.csv }] },
    { op: 'analyze_panel', rubric: demo.rubric, files: [{ name: 'ratings.csv', text: demo.ratings }] },
  ];
  const out = await page.evaluate(async (reqs) => {
    const { EngineClient, workerUrl } = await import('./js/engine-client.js');
    const client = new EngineClient(workerUrl('analysis'));
    const replies = [];
    for (const r of reqs) replies.push(await client.call(r));
    client.terminate();
    return replies;
  }, requests);
  for (let i = 0; i < requests.length; i++) {
    const expected = await nodeCall(requests[i]);
    assert.equal(expected.ok, true, JSON.stringify(expected.error));
    assert.deepEqual(out[i], expected.result, requests[i].op);
  }
  // The measurement engine answered: omega, the panel's ICC.
  assert.equal(typeof out[0].reliability.pre.edtech.omega, 'number');
  assert.equal(typeof out[1].overall.icc.ICC2.icc, 'number');
  assertNoForeignRequests(device);
  assertNoProblems(device);
});
