// The qualitative strand's ops through the built module (the engine of every
// op, engine/assess.js), beyond the R references that
// tests/wasm/reference.test.mjs runs (coding_agreement, theme_analysis): a
// text's hash is the browser's SHA-256 of its NFC form with LF line ends,
// the checks' errors point into the request, and the consensus is sealed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { call } from './engine.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name) => JSON.parse(readFileSync(path.join(root, 'fixtures/coding', name), 'utf8'));

test('texts: the hash is SHA-256 of the NFC form with LF, offsets count code points', async () => {
  const raw = '\uFEFFcode: AB12CD\r\nИ\u0306 😀\r\nend';
  const r = await call({ op: 'texts', documents: [{ name: 'x.txt', text: raw }] });
  assert.equal(r.ok, true);
  const [t] = r.result.texts;
  const form = 'Й 😀\nend';
  assert.equal(t.text, form);
  assert.equal(t.code, 'AB12CD');
  assert.equal(t.length, Array.from(form).length);
  assert.equal(t.hash, createHash('sha256').update(form, 'utf8').digest('hex'));
});

test('validate_coding and coding_consensus', async () => {
  const codebook = fixture('codebook.json');
  const v = await call({ op: 'validate_coding', document: codebook });
  assert.equal(v.result.kind, 'codebook');
  const bad = structuredClone(codebook);
  bad.themes[0].parent = 'peer_feedback';
  const e = await call({ op: 'validate_coding', document: bad });
  assert.equal(e.ok, false);
  assert.equal(e.error.path, '/document/themes/0/parent');
  assert.equal(e.error.msg.id, 'coding.parent_nested');
  const coders = [fixture('coder_a.json'), fixture('coder_b.json')];
  const c = await call({ op: 'coding_consensus', codebook, coders });
  assert.equal(c.ok, true);
  assert.equal(c.result.coding.coder, 'consensus');
  const s = await call({ op: 'verify', document: c.result.coding });
  assert.equal(s.result.status, 'valid');
});
