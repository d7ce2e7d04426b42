// The wasm door: same envelope as the CLI, and no request can leave the
// instance unusable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, loadEngine } from './engine.mjs';

test('version is exposed', async () => {
  const engine = await loadEngine();
  assert.match(engine.version(), /^\d+\.\d+\.\d+$/);
});

test('array requests are answered in order', async () => {
  const r = await call([{ op: 'describe', x: [1, 2] }, { op: 'nope' }]);
  assert.equal(r[0].ok, true);
  assert.equal(r[1].error.code, 'unknown_op');
});

test('hostile requests get the envelope and the instance stays usable', async () => {
  const hostile = [
    '', 'not json', '[[[[', '['.repeat(200000), '{"op":', '{"op":"describe","x":"abc"}',
    '{"op":"describe","x":[1,"NaN"]}', '{"op":"describe","x":[1,1e999]}', '\u0000\u0001', '{"op":"describe","x":[]}',
    JSON.stringify({ op: 'describe', x: Array.from({ length: 300000 }, (_, i) => i) }),
  ];
  const engine = await loadEngine();
  for (const h of hostile) {
    const r = JSON.parse(engine.call(h));
    assert.equal(typeof r.ok, 'boolean', h.slice(0, 30));
    if (!r.ok) assert.ok(r.error.message.length > 0);
    // the next ordinary request still works
    const ok = JSON.parse(engine.call('{"op":"describe","x":[1,2,3]}'));
    assert.equal(ok.result.mean, 2);
  }
});

test('error codes match the native facade', async () => {
  assert.equal((await call('{"op":')).error.code, 'parse_error');
  assert.equal((await call({ op: 'x' })).error.code, 'unknown_op');
  assert.equal((await call({ op: 'describe', x: [1, 'a'] })).error.code, 'invalid_input');
  assert.equal((await call({ op: 'describe', x: [] })).error.code, 'insufficient_data');
});
