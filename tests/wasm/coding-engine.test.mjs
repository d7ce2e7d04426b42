// The coding page's engine (build/site/engine/assess-coding.{js,wasm},
// wasm/wasm.cmake, ASSESS_OPS_CODING): the qualitative strand's ops with
// seal, verify and csv_safe, answering exactly as the engine of every op;
// every other op is unknown_op, naming the ops this build has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root, call as fullCall } from './engine.mjs';

const CODING_OPS = ['validate_coding', 'texts', 'coding_agreement', 'coding_consensus', 'theme_analysis', 'seal', 'verify', 'csv_safe'];
const engineDir = path.join(root, 'build/site/engine');
const fixture = (name) => JSON.parse(readFileSync(path.join(root, 'fixtures/coding', name), 'utf8'));

let coding;
async function call(request) {
  if (!coding) {
    const require = createRequire(import.meta.url);
    const create = require(path.join(engineDir, 'assess-coding.js'));
    coding = await create({ wasmBinary: readFileSync(path.join(engineDir, 'assess-coding.wasm')) });
  }
  return JSON.parse(coding.call(JSON.stringify(request)));
}

test('the coding engine answers its ops as the engine of every op does', async () => {
  const codebook = fixture('codebook.json');
  const coders = ['coder_a.json', 'coder_b.json', 'coder_c.json'].map(fixture);
  const csv = readFileSync(path.join(root, 'fixtures/coding/texts.csv'), 'utf8');
  const texts = (await fullCall({ op: 'texts', csv: [{ name: 'texts.csv', text: csv }], code_column: 'student', text_column: 'essay', programme_column: 'programme', group_column: 'group', wave_column: 'wave' })).result;
  const requests = [
    { op: 'validate_coding', document: codebook },
    { op: 'validate_coding', document: coders[0], codebook },
    { op: 'validate_coding', document: { ...coders[0], coder: '' }, codebook },
    { op: 'texts', csv: [{ name: 'texts.csv', text: csv }], code_column: 'student', text_column: 'essay' },
    { op: 'texts', documents: [{ name: 'AB12CD.txt', text: 'code: QQ11\r\n\r\nE\u0301ssay one. Two!' }] },
    { op: 'coding_agreement', codebook, coders: coders.slice(0, 2) },
    { op: 'coding_agreement', codebook, coders },
    { op: 'coding_agreement', codebook, coders: coders.slice(0, 1) },
    { op: 'coding_consensus', codebook, coders, resolutions: [] },
    { op: 'theme_analysis', codebook, coding: coders[0], texts, gains: fixture('gains.json') },
    { op: 'seal', document: coders[0] },
    { op: 'csv_safe', rows: [['=1+1', 2.5, null]] },
  ];
  for (const request of requests) {
    // The engine's version and build stamp differ only in the seal's engine block.
    const strip = (r) => JSON.parse(JSON.stringify(r, (k, v) => (k === 'engine' || k === 'integrity' || k === 'text' && typeof v === 'string' && v.includes('"integrity"') ? undefined : v)));
    assert.deepEqual(strip(await call(request)), strip(await fullCall(request)), `${request.op}`);
  }
});

test('any other op is unknown_op, naming the coding engine\'s ops', async () => {
  const r = await call({ op: 'describe', values: [1, 2, 3] });
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'unknown_op');
  assert.deepEqual(r.error.msg.params.known.split(', '), CODING_OPS);
});
