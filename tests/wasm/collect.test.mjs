// The small engine of the pages that collect answers
// (build/site/engine/assess-collect.{js,wasm}, wasm/wasm.cmake): the same
// source as the full engine, with only the ops those pages call. Each of them
// answers exactly as the full engine does; every other op is unknown_op,
// naming the ops this build has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root, call as fullCall } from './engine.mjs';

const COLLECT_OPS = ['validate_instrument', 'score', 'make_code', 'normalise_code', 'seal', 'verify', 'csv_safe'];
const engineDir = path.join(root, 'build/site/engine');
const doc = (name) => JSON.parse(readFileSync(path.join(root, 'rubrics', name), 'utf8'));

let small;
async function call(request) {
  if (!small) {
    const require = createRequire(import.meta.url);
    const create = require(path.join(engineDir, 'assess-collect.js'));
    small = await create({ wasmBinary: readFileSync(path.join(engineDir, 'assess-collect.wasm')) });
  }
  return JSON.parse(small.call(JSON.stringify(request)));
}

test('the small engine answers its ops as the full engine does', async () => {
  const instrument = doc('competency-12.v1.json');
  const study = doc('study.microcredentials.v1.json');
  const answers = Object.fromEntries(instrument.items.map((it, i) => [it.id, 1 + (i % 5)]));
  const codeAnswers = Object.fromEntries((study.code?.questions ?? []).map((q) => [q.id, q.kind === 'digits' ? '7' : 'Айгүл']));
  const requests = [
    { op: 'validate_instrument', instrument },
    { op: 'validate_instrument', instrument: { ...instrument, items: 'none' } },
    { op: 'score', instrument, answers },
    { op: 'make_code', study, answers: codeAnswers },
    { op: 'make_code', study, answers: {} },
    { op: 'normalise_code', code: 'ab07cd' },
    { op: 'seal', document: { format: 'assess-response/1', answers } },
    { op: 'csv_safe', rows: [['=1+1', 2.5, null]], bom: true },
    // Every message these ops can say must be in the small engine's catalogue (it links only the
    // areas its ops say, core/message_catalogue.cpp): errors of each kind, in both engines alike.
    { op: 'csv_safe', rows: 'x' },
    { op: 'score', instrument, answers: { ...answers, ET1: 9 } },
    { op: 'score', instrument, answers: { ...answers, XX: 1 } },
    { op: 'score', instrument: doc('background.v1.json'), answers: { age: 'nope', GPA: 7, mobility: 'yes' } },
    { op: 'score', instrument: doc('background.v1.json'), answers: { age: ['a'], GPA: 'x', experience: 2.5 } },
    { op: 'score', instrument: doc('satisfaction.v1.json'), answers: { change: 'x'.repeat(3000), SAT: 3 } },
    { op: 'score', instrument: doc('satisfaction.v1.json'), answers: { change: 5 } },
    { op: 'validate_instrument', instrument: doc('study.stackable.v1.json') },
    { op: 'validate_instrument', instrument: { ...doc('study.stackable.v1.json'), waves: [] }, all_problems: true },
    { op: 'validate_instrument', instrument: doc('study.stackable.v1.json'), uses: [doc('background.v1.json')] },
    { op: 'validate_instrument', instrument: { ...doc('background.v1.json'), compatible_with: [1] }, all_problems: true },
    { op: 'validate_instrument', instrument: doc('expert-panel.v1.json') },
    { op: 'make_code', parts: ['', '99', '!'] },
    { op: 'normalise_code', code: 'ab07cd-Ы9' },
    { op: 'normalise_code', code: '☺' },
    { op: 'verify', document: { format: 'assess-response/1', integrity: { sha256: 'x' } } },
    { op: 'seal', document: 'nope' },
  ];
  for (const r of requests) {
    assert.deepEqual(await call(r), await fullCall(r), `${r.op}`);
  }
  const sealed = await call({ op: 'seal', document: { format: 'assess-response/1', answers } });
  const verified = await call({ op: 'verify', document: JSON.parse(sealed.result.text) });
  assert.equal(verified.ok, true, JSON.stringify(verified));
  assert.deepEqual(verified, await fullCall({ op: 'verify', document: JSON.parse(sealed.result.text) }));
});

test('an op the small engine lacks is unknown_op, naming the ops it has', async () => {
  for (const op of ['analyze_prepost', 'import_responses', 'paired_t', 'describe', 'texts', 'coding_agreement']) {
    const r = await call({ op, x: [1, 2, 3] });
    assert.equal(r.ok, false, op);
    assert.equal(r.error.code, 'unknown_op', op);
    assert.equal(r.error.msg.id, 'request.unknown_op');
    assert.equal(r.error.msg.params.op, op);
    assert.equal(r.error.msg.params.known, COLLECT_OPS.join(', '));
  }
  // The full engine has them all.
  assert.equal((await fullCall({ op: 'describe', x: [1, 2, 3] })).ok, true);
});
