// The typed door of the built module: engine.callColumns(request, {name:
// Float64Array | number[] | {data, cols}}) must answer exactly as call()
// with the same numbers in the JSON (R's reference cases), refuse what JSON
// refuses, and leave the instance usable after every error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadEngine, root } from './engine.mjs';

const numeric = (v) => Array.isArray(v) && v.every((e) => e === null || typeof e === 'number');

// Every argument that is an array of numbers, or a rectangular array of
// them, leaves the request and becomes a column (null -> NaN).
const matrixKeys = new Set(['items', 'ratings', 'table', 'groups', 'scores']);
// group labels are strings: a numeric "group" is an error that JSON must report
const jsonOnly = new Set(['op', 'group']);
function split(request, plain) {
  const rest = {};
  const columns = {};
  for (const [k, v] of Object.entries(request)) {
    if (!jsonOnly.has(k) && !matrixKeys.has(k) && numeric(v)) {
      columns[k] = plain ? v : Float64Array.from(v, (e) => (e === null ? NaN : e));
    } else if (matrixKeys.has(k) && Array.isArray(v) && v.length && Array.isArray(v[0]) && v[0].length &&
               v.every((r) => numeric(r) && r.length === v[0].length)) {
      const flat = v.flat();
      columns[k] = { data: plain ? flat : Float64Array.from(flat, (e) => (e === null ? NaN : e)), cols: v[0].length };
    } else {
      rest[k] = v;
    }
  }
  return { rest, columns };
}

// The one wording that differs: a missing value where none is allowed is
// named as NaN or null by the typed door, as null by JSON.
const asJsonDoorWords = (text) => text
  .replaceAll(' is a missing value (NaN or null), but', ' is null, but')
  .replaceAll('"args.missing_not_allowed"', '"args.null_not_allowed"');

const files = ['describe', 'paired_t', 'independent_t', 'pearson', 'chi_square', 'one_way_anova', 'p_adjust',
  'shapiro_wilk', 'wilcoxon_signed_rank', 'cronbach_alpha', 'kendall_w', 'distributions', 'noncentral_t_large',
  'spearman', 'fisher_exact', 'ancova', 'mixed_anova', 'icc', 'cohen_kappa', 'fleiss_kappa'];
const cases = files.flatMap((f) => JSON.parse(readFileSync(path.join(root, 'fixtures/reference', `${f}.json`), 'utf8'))
  .cases.filter((c) => c.request && !Array.isArray(c.request)).map((c, i) => ({ name: `${f} #${i} ${c.name ?? ''}`, request: c.request })));

test('reference cases: callColumns (Float64Array and plain arrays) = call()', async () => {
  const engine = await loadEngine();
  let n = 0;
  for (const c of cases) {
    for (const plain of [false, true]) {
      const { rest, columns } = split(c.request, plain);
      if (!Object.keys(columns).length) continue;
      n += 1;
      assert.equal(asJsonDoorWords(engine.callColumns(JSON.stringify(rest), columns)), engine.call(JSON.stringify(c.request)), c.name);
    }
  }
  assert.ok(n > 300, `${n} comparisons`);
});

const ask = (engine, req, cols) => JSON.parse(engine.callColumns(JSON.stringify(req), cols));
const pairs = (n) => {
  const pre = new Float64Array(n);
  const post = new Float64Array(n);
  for (let i = 0; i < n; i++) { pre[i] = 10 + (i % 17) * 0.5; post[i] = pre[i] + ((i * 7) % 5) - 1.5; }
  return { pre, post };
};

test('paired_t with a million pairs as Float64Arrays equals the JSON door', async () => {
  const engine = await loadEngine();
  const { pre, post } = pairs(1_000_000);
  const viaColumns = engine.callColumns('{"op":"paired_t"}', { pre, post });
  assert.equal(viaColumns, engine.call(JSON.stringify({ op: 'paired_t', pre: [...pre], post: [...post] })));
  assert.equal(JSON.parse(viaColumns).result.n, 1_000_000);
});

test('errors name the argument as JSON would, and the instance stays usable', async () => {
  const engine = await loadEngine();
  const { pre, post } = pairs(40);
  const good = engine.callColumns('{"op":"paired_t"}', { pre, post });
  assert.equal(JSON.parse(good).ok, true);
  const expectError = (r, code, where, fragment) => {
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.equal(r.error.code, code, JSON.stringify(r));
    assert.equal(r.error.path, where, JSON.stringify(r));
    if (fragment) assert.match(r.error.message, fragment);
    // after every error the same request gives the same answer
    assert.equal(engine.callColumns('{"op":"paired_t"}', { pre, post }), good);
  };
  // a name both in the JSON and among the columns
  expectError(ask(engine, { op: 'paired_t', pre: [...pre] }, { pre, post }), 'invalid_input', '/pre', /pre is given both/);
  // Infinity, in a typed and in a plain array
  const bad = pre.slice();
  bad[17] = Infinity;
  expectError(ask(engine, { op: 'paired_t' }, { pre: bad, post }), 'invalid_input', '/pre/17', /pre\[17\] is not a finite number/);
  expectError(ask(engine, { op: 'paired_t' }, { pre: [...bad], post }), 'invalid_input', '/pre/17', /not a finite number/);
  // beyond the magnitude limit: the JSON door's response
  bad[17] = 1e101;
  assert.equal(engine.callColumns('{"op":"paired_t"}', { pre: bad, post: [...post] }),
    engine.call(JSON.stringify({ op: 'paired_t', pre: [...bad], post: [...post] })));
  // a string or a boolean inside a plain array
  const withString = [...pre];
  withString[3] = '4.5';
  expectError(ask(engine, { op: 'paired_t' }, { pre: withString, post }), 'invalid_input', '/pre/3', /pre\[3\] is the string "4.5"/);
  withString[3] = true;
  expectError(ask(engine, { op: 'paired_t' }, { pre: withString, post }), 'invalid_input', '/pre/3', /a boolean/);
  // too many values (not even copied into the engine)
  expectError(ask(engine, { op: 'describe' }, { x: new Float64Array(10_000_001) }), 'out_of_range', '/x', /10000001 values/);
  // matrices: wrong shape, vector where a matrix is needed
  expectError(ask(engine, { op: 'cronbach_alpha' }, { items: { data: new Float64Array(10), cols: 3 } }), 'invalid_input', '/items');
  expectError(ask(engine, { op: 'cronbach_alpha' }, { items: new Float64Array(9) }), 'invalid_input', '/items');
  // what cannot be a column at all
  expectError(ask(engine, { op: 'paired_t' }, { pre: 'abc', post }), 'invalid_input', '/pre', /cannot be read/);
  expectError(ask(engine, { op: 'paired_t' }, { pre: new BigInt64Array(3), post }), 'invalid_input', '/pre');
  expectError(ask(engine, { op: 'paired_t' }, { pre: { data: pre, cols: 0 }, post }), 'invalid_input', '/pre');
  // text that is not JSON
  assert.equal(engine.callColumns('{"op":', { pre, post }), engine.call('{"op":'));
});

test('NaN and null are missing values; a misspelt name is ignored with a warning', async () => {
  const engine = await loadEngine();
  const x = new Float64Array([1, NaN, 3, 7]);
  assert.equal(engine.callColumns('{"op":"describe"}', { x }), engine.call('{"op":"describe","x":[1,null,3,7]}'));
  assert.equal(engine.callColumns('{"op":"describe"}', { x: [1, null, 3, 7] }), engine.call('{"op":"describe","x":[1,null,3,7]}'));
  const r = ask(engine, { op: 'describe' }, { x, xx: x });
  assert.equal(r.ok, true);
  assert.deepEqual(r.result.warnings, ['the argument xx is not used by describe and was ignored']);
  // no columns at all is call()
  assert.equal(engine.callColumns('{"op":"describe","x":[2,4]}', {}), engine.call('{"op":"describe","x":[2,4]}'));
  assert.equal(engine.callColumns('{"op":"describe","x":[2,4]}', undefined), engine.call('{"op":"describe","x":[2,4]}'));
  // other typed arrays are converted in the same one copy
  assert.equal(engine.callColumns('{"op":"describe"}', { x: new Int32Array([1, 2, 3, 4]) }), engine.call('{"op":"describe","x":[1,2,3,4]}'));
});
