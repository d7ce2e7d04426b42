// The integrity seal through the wasm module, checked against an independent
// implementation: RFC 8785 canonical JSON is, in JavaScript, JSON.stringify
// with object keys sorted (by UTF-16 code units, the default sort), and the
// digest is crypto.subtle's SHA-256. Random documents (numbers from random
// bit patterns, strings across Unicode) must give the same digest in both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { call } from './engine.mjs';

function jcs(v) {
  if (Array.isArray(v)) return `[${v.map(jcs).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${jcs(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

async function sha256(text) {
  const d = await webcrypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// A deterministic generator (xorshift) so that a failure can be replayed.
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

const chars = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0001', '\u001f', '\u007f', 'é', 'Ж', 'Ә', 'қ',
  '€', '\u2028', '\ufb33', '😀', '𝄞', '=', '+', '-', '@'];

function randomString(r) {
  let s = '';
  const n = Math.floor(r() * 8);
  for (let i = 0; i < n; i++) s += chars[Math.floor(r() * chars.length)];
  return s;
}

function randomNumber(r) {
  const kind = Math.floor(r() * 4);
  if (kind === 0) return Math.floor(r() * 2000) - 1000;
  if (kind === 1) return (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
  // any finite double from random bits
  const dv = new DataView(new ArrayBuffer(8));
  for (;;) {
    dv.setUint32(0, Math.floor(r() * 4294967296));
    dv.setUint32(4, Math.floor(r() * 4294967296));
    const x = dv.getFloat64(0);
    if (Number.isFinite(x)) return x;
  }
}

function randomValue(r, depth) {
  const k = Math.floor(r() * (depth > 3 ? 4 : 6));
  if (k === 0) return null;
  if (k === 1) return r() < 0.5;
  if (k === 2) return randomNumber(r);
  if (k === 3) return randomString(r);
  if (k === 4) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  const o = {};
  for (let i = Math.floor(r() * 5); i > 0; i--) o[randomString(r)] = randomValue(r, depth + 1);
  return o;
}

test('the engine seal equals SHA-256 of JSON.stringify with sorted keys (200 random documents)', async () => {
  const r = rng(20261123);
  for (let i = 0; i < 200; i++) {
    const doc = { format: 'test/1', value: randomValue(r, 0), n: randomNumber(r), s: randomString(r) };
    const sealed = await call({ op: 'seal', document: doc });
    assert.equal(sealed.ok, true);
    const { integrity, ...rest } = sealed.result.document;
    assert.equal(integrity.method, 'sha256-jcs');
    assert.equal(integrity.sha256, await sha256(jcs(rest)), `document ${i}: ${JSON.stringify(doc)}`);
    // and the engine accepts a seal made in JavaScript
    const mine = { ...rest, integrity: { method: 'sha256-jcs', sha256: await sha256(jcs(rest)) } };
    const v = await call({ op: 'verify', document: JSON.stringify(mine) });
    assert.equal(v.result.status, 'valid', `document ${i}`);
  }
});

test('an edited sealed file is reported by name and still imported', async () => {
  const response = {
    format: 'assess-response/1', instrument: { id: 'competency-12', version: 1 }, code: 'AB12',
    programme: 'teacher-mediator', wave: 'pre',
    answers: { ET1: 4, ET2: 3, ET3: 3, AD1: 5, AD2: 1, DL1: 2, DL2: 3, DL3: 4, IM1: 5, IM2: 1, MF1: 2, MF2: 3 },
  };
  const { readFileSync } = await import('node:fs');
  const { root } = await import('./engine.mjs');
  const instrument = JSON.parse(readFileSync(`${root}/rubrics/competency-12.v1.json`, 'utf8'));
  const text = (await call({ op: 'seal', document: response })).result.text;
  const edited = text.replace('"ET1": 4', '"ET1": 5');
  assert.notEqual(edited, text);
  const r = await call({ op: 'import_responses', instrument, files: [{ name: 'mine.json', text: edited }] });
  assert.equal(r.result.counts.records, 1);
  assert.equal(r.result.problems[0].code, 'integrity_mismatch');
  assert.equal(r.result.problems[0].severity, 'warning');
  assert.match(r.result.problems[0].message, /^mine\.json: the file was changed after it was exported/);
});

test('CSV from the engine neutralises formulas and keeps numbers', async () => {
  const r = await call({ op: 'csv_safe', rows: [['a', 'b'], ['=cmd|\' /C calc\'!A0', -1.5], ['@x', null]] });
  assert.equal(r.result.text, "a,b\r\n'=cmd|' /C calc'!A0,-1.5\r\n'@x,\r\n");
});
