// The codec and fingerprint of links that carry the study
// (web/js/study-link.js, docs/web.md "Study links"): the canonical JSON and
// SHA-256 agree with the engine's (the `verify` op's digest of a document
// without a seal is SHA-256 of its RFC 8785 text, core/canonical_json.cpp),
// the small SHA-256 used over plain HTTP agrees with crypto.subtle, a link
// gives back the study, and hostile links are refused with the right reason
// and without inflating a bomb.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import path from 'node:path';
import { call, root } from './engine.mjs';
import {
  canonicalJson, sha256Js, sha256, fingerprint, fingerprintOfDigest, encodeStudy, decodeStudy, linkParam, studyLinks, LIMITS, LinkError,
} from '../../web/js/study-link.js';

const STUDIES = ['study.microcredentials.v1.json', 'study.stackable.v1.json'];
const read = (f) => JSON.parse(readFileSync(path.join(root, 'rubrics', f), 'utf8'));
const b64url = (buf) => Buffer.from(buf).toString('base64url');

test('canonical JSON and SHA-256 agree with the engine on the studies', async () => {
  for (const f of STUDIES) {
    const study = read(f);
    const reply = await call({ op: 'verify', document: study });
    assert.equal(reply.ok, true, JSON.stringify(reply.error));
    const text = canonicalJson(study);
    assert.equal(createHash('sha256').update(text).digest('hex'), reply.result.actual, f);
    assert.equal(Buffer.from(sha256Js(new TextEncoder().encode(text))).toString('hex'), reply.result.actual, f);
  }
});

test('canonical JSON: keys by UTF-16 code units, numbers as ECMAScript writes them', async () => {
  const doc = { '\u20ac': 1, '\r': 2, 'ö': 3, '\ud83d\ude00': 4, 1: 5, a: [1e21, 1e-7, -0, 0.1, 100, 'x"\\\n\u001f'] };
  // RFC 8785 section 3.2.3: "\r" < "1" < ... < "ö" < "€" (U+20AC) < "😀" (U+D83D U+DE00).
  assert.equal(canonicalJson(doc), '{"\\r":2,"1":5,"a":[1e+21,1e-7,0,0.1,100,"x\\"\\\\\\n\\u001f"],"ö":3,"\u20ac":1,"\ud83d\ude00":4}');
  const reply = await call({ op: 'verify', document: doc });
  assert.equal(createHash('sha256').update(canonicalJson(doc)).digest('hex'), reply.result.actual);
});

test('the small SHA-256 (plain HTTP) agrees with Node\'s at every padding length', async () => {
  for (let n = 0; n < 200; n++) {
    const bytes = randomBytes(n);
    assert.equal(Buffer.from(sha256Js(bytes)).toString('hex'), createHash('sha256').update(bytes).digest('hex'), `length ${n}`);
  }
  const big = randomBytes(100000);
  assert.deepEqual(Buffer.from(sha256Js(big)), Buffer.from(await sha256(big)));
});

test('the fingerprint: the first 60 bits of the digest in RFC 4648 base32, groups of 4', async () => {
  assert.equal(fingerprintOfDigest(new Uint8Array(32)), 'AAAA-AAAA-AAAA');
  assert.equal(fingerprintOfDigest(new Uint8Array(32).fill(255)), '7777-7777-7777');
  // "foobar" in RFC 4648 base32 is MZXW6YTBOI======.
  const d = new Uint8Array(32); d.set(new TextEncoder().encode('foobar'));
  assert.equal(fingerprintOfDigest(d), 'MZXW-6YTB-OIAA');
  for (const f of STUDIES) {
    const study = read(f);
    const hex = createHash('sha256').update(canonicalJson(study)).digest('hex');
    // Base32 of the digest's first 60 bits, by another route (BigInt).
    let bits = BigInt(`0x${hex.slice(0, 16)}`) >> 4n;
    let expect = '';
    for (let i = 0; i < 12; i++) { expect = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[Number(bits & 31n)] + expect; bits >>= 5n; }
    assert.equal(await fingerprint(study), expect.match(/.{4}/g).join('-'), f);
  }
});

test('a link gives back the study; its fingerprint does not depend on key order or spacing', async () => {
  for (const f of STUDIES) {
    const study = read(f);
    const sd = await encodeStudy(study);
    assert.match(sd, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(await decodeStudy(sd), study);
    const reversed = (v) => (Array.isArray(v) ? v.map(reversed) : v && typeof v === 'object'
      ? Object.fromEntries(Object.keys(v).reverse().map((k) => [k, reversed(v[k])])) : v);
    const shuffled = JSON.parse(JSON.stringify(reversed(study), null, 3));
    assert.notEqual(JSON.stringify(shuffled), JSON.stringify(study));
    assert.equal(await fingerprint(shuffled), await fingerprint(study));
    const links = await studyLinks(study, 'https://example.org/assess/');
    assert.equal(links.questionnaire, `https://example.org/assess/questionnaire.html#sd=${sd}`);
    assert.equal(links.rubric, `https://example.org/assess/rubric.html#sd=${sd}`);
    assert.equal(linkParam(new URL(links.rubric).hash), sd);
  }
  assert.equal(linkParam('#x=1&sd=abc'), 'abc');
  assert.equal(linkParam('#nothing'), null);
});

async function refusal(sd) {
  try {
    await decodeStudy(sd);
  } catch (err) {
    assert.ok(err instanceof LinkError, String(err));
    return err.key;
  }
  assert.fail('the link was accepted');
}

test('hostile links are refused with their reason', async () => {
  assert.equal(await refusal(''), 'link.damaged');
  assert.equal(await refusal('abc$def'), 'link.damaged');
  assert.equal(await refusal('A'), 'link.damaged');
  assert.equal(await refusal(b64url(randomBytes(300))), 'link.damaged');
  const whole = deflateRawSync(Buffer.from(canonicalJson(read(STUDIES[0]))));
  assert.equal(await refusal(b64url(whole.subarray(0, whole.length >> 1))), 'link.damaged');  // cut short
  assert.equal(await refusal(b64url(deflateRawSync(Buffer.from([0xff, 0xfe, 0x00])))), 'link.damaged');  // not UTF-8
  assert.equal(await refusal(b64url(deflateRawSync('<script>alert(1)</script>'))), 'link.not_study');
  assert.equal(await refusal(b64url(deflateRawSync('{"format":"assess-instrument/1","id":"x"}'))), 'link.not_study');
  assert.equal(await refusal(b64url(deflateRawSync('[1,2]'))), 'link.not_study');
  assert.equal(await refusal('A'.repeat(LIMITS.link + 4)), 'link.too_large');
  // 1 GB of spaces in about 1 MB compressed: refused from its length alone;
  // 200 MB in ~200 KB: too long too; so a bomb that fits the link limit:
  // 64 MB of zeros inside a JSON string (~64 KB compressed).
  const bomb = deflateRawSync(Buffer.concat([Buffer.from('{"format":"assess-study/1","x":"'), Buffer.alloc(60 * 1024 * 1024, 0x41), Buffer.from('"}')]), { level: 9 });
  assert.ok(bomb.length <= LIMITS.compressed, `bomb of ${bomb.length} bytes`);
  const start = performance.now();
  const before = process.memoryUsage().arrayBuffers;
  assert.equal(await refusal(b64url(bomb)), 'link.too_large');
  const ms = performance.now() - start;
  assert.ok(ms < 1000, `the bomb took ${ms.toFixed(0)} ms to refuse`);
  assert.ok(process.memoryUsage().arrayBuffers - before < 32 * 1024 * 1024, 'the bomb was inflated far past the limit');
});
