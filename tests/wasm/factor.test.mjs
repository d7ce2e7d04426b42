// The factor-model ops omega and cfa through the built module, beyond the R
// references (tests/wasm/reference.test.mjs runs those): the edge cases of
// docs/factor-models.md answer in wasm as natively (no convergence, a
// Heywood case, a two-item factor, errors naming the field).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call } from './engine.mjs';

const ids = (r) => r.result.warning_msgs.map((m) => m.id);

// A deterministic data set: 2 factors of 3 items, n 200 (a linear
// congruential generator and Box-Muller, so the test needs no files).
function data(n = 200, seed = 7) {
  let s = seed;
  const u = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s + 0.5) / 2147483648;
  };
  const z = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const rows = [];
  for (let i = 0; i < n; i++) {
    const c = z();
    const f1 = 0.7 * c + 0.71 * z();
    const f2 = 0.7 * c + 0.71 * z();
    rows.push([0.8 * f1 + 0.6 * z(), 0.7 * f1 + 0.71 * z(), 0.6 * f1 + 0.8 * z(),
      0.8 * f2 + 0.6 * z(), 0.7 * f2 + 0.71 * z(), 0.6 * f2 + 0.8 * z()]);
  }
  return rows;
}
const two = [{ id: 'a', items: [0, 1, 2] }, { id: 'b', items: [3, 4, 5] }];

test('cfa: fit indices, orientation and iterations', async () => {
  const r = await call({ op: 'cfa', items: data(), factors: two });
  assert.equal(r.ok, true);
  assert.equal(r.result.converged, true);
  assert.ok(r.result.iterations > 0);
  assert.equal(r.result.df, 8);
  assert.ok(r.result.cfi >= 0 && r.result.cfi <= 1);
  assert.ok(r.result.rmsea_ci_low <= r.result.rmsea && r.result.rmsea <= r.result.rmsea_ci_high);
  assert.equal(r.result.std_loadings.length, 6);
  assert.ok(r.result.std_loadings[0] > 0 && r.result.std_loadings[3] > 0);
  assert.equal(r.result.factor_correlations.length, 2);
  assert.equal(r.result.factor_correlations[0][1], r.result.factor_correlations[1][0]);
});

test('cfa: no convergence gives converged false and null fit indices', async () => {
  const r = await call({ op: 'cfa', items: data(), factors: two, max_iterations: 1 });
  assert.equal(r.ok, true);
  assert.equal(r.result.converged, false);
  for (const k of ['chisq', 'p', 'cfi', 'tli', 'rmsea', 'rmsea_ci_low', 'rmsea_ci_high', 'srmr']) {
    assert.equal(r.result[k], null, k);
  }
  assert.deepEqual(ids(r), ['factor.not_converged']);
});

test('cfa: two-item factors with correlated factors; a single two-item factor is refused', async () => {
  const items = data().map((row) => [row[0], row[1], row[3], row[4]]);
  const r = await call({ op: 'cfa', items, factors: [{ id: 'a', items: [0, 1] }, { id: 'b', items: [2, 3] }] });
  assert.equal(r.ok, true);
  assert.equal(r.result.df, 1);
  const e = await call({ op: 'cfa', items, factors: [{ id: 'a', items: [0, 1] }] });
  assert.equal(e.error.code, 'insufficient_data');
  assert.equal(e.error.msg.id, 'cfa.too_few_factor_items');
  assert.equal(e.error.path, '/factors/0/items');
});

test('cfa and omega: bad inputs answer with the envelope', async () => {
  const items = data(30);
  const twice = await call({ op: 'cfa', items, factors: [{ id: 'a', items: [0, 1, 2] }, { id: 'b', items: [2, 3] }] });
  assert.equal(twice.error.code, 'invalid_input');
  assert.equal(twice.error.msg.id, 'cfa.column_twice');
  const range = await call({ op: 'cfa', items, factors: [{ id: 'a', items: [0, 1, 6] }] });
  assert.equal(range.error.code, 'out_of_range');
  const few = await call({ op: 'omega', items: items.slice(0, 6) });
  assert.equal(few.error.code, 'insufficient_data');
  assert.equal(few.error.msg.id, 'factor.too_few_rows');
  const constant = await call({ op: 'omega', items: items.map((r) => [r[0], r[1], 3]) });
  assert.equal(constant.error.msg.id, 'factor.constant_item');
  const k2 = await call({ op: 'omega', items: items.map((r) => [r[0], r[1]]) });
  assert.equal(k2.error.msg.id, 'omega.too_few_items');
});

test('omega: the one-factor model, alpha beside it, missing rows left out', async () => {
  const items = data().map((row) => row.slice(0, 3));
  items[4][1] = null;
  const r = await call({ op: 'omega', items });
  assert.equal(r.ok, true);
  assert.equal(r.result.n, 199);
  assert.equal(r.result.n_excluded, 1);
  assert.deepEqual(ids(r), ['factor.rows_excluded']);
  assert.ok(r.result.omega_total >= r.result.alpha - 1e-12);
});
