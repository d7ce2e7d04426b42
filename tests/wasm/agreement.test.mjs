// The agreement ops of the second round through the built module, beyond
// the R references (tests/wasm/reference.test.mjs runs those): the edge
// cases of docs/agreement.md answer in wasm as natively, with their
// warnings and error envelopes, and the instance stays usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call } from './engine.mjs';

const ids = (r) => r.result.warning_msgs.map((m) => m.id);

test('icc: perfect agreement is 1 with null F, p and limits and a warning', async () => {
  const r = await call({ op: 'icc', ratings: [[2, 5, 1, 4], [2, 5, 1, 4], [2, 5, 1, 4]] });
  assert.equal(r.ok, true);
  assert.deepEqual(ids(r), ['icc.perfect_agreement']);
  assert.deepEqual(r.result.forms.map((f) => f.type), ['ICC1', 'ICC2', 'ICC3', 'ICC1k', 'ICC2k', 'ICC3k']);
  for (const f of r.result.forms) {
    assert.equal(f.icc, 1);
    assert.equal(f.F, null);
    assert.equal(f.p, null);
    assert.equal(f.ci_low, null);
  }
});

test('icc: the transposed matrix is another design (n and k swap)', async () => {
  const ratings = [[4, 3, 5, 2, 4], [5, 3, 4, 2, 4], [4, 2, 5, 3, 5]];
  const t = ratings[0].map((_, j) => ratings.map((row) => row[j]));
  const a = await call({ op: 'icc', ratings });
  const b = await call({ op: 'icc', ratings: t });
  assert.equal(a.result.n, 5);
  assert.equal(a.result.k, 3);
  assert.equal(b.result.n, 3);
  assert.equal(b.result.k, 5);
  assert.notEqual(a.result.forms[1].icc, b.result.forms[1].icc);
  const one = await call({ op: 'icc', ratings: [[1, 2, 3]] });
  assert.equal(one.error.code, 'insufficient_data');
  assert.equal(one.error.msg.id, 'icc.too_few_raters');
});

test('cohen_kappa: levels keep unused scale points; strings refuse weights', async () => {
  const base = { op: 'cohen_kappa', x: [2, 3, 3, 4, 2, 3], y: [2, 3, 4, 4, 3, 3], weights: 'quadratic' };
  const observed = await call(base);
  const scale = await call({ ...base, levels: [1, 2, 3, 4, 5] });
  assert.notEqual(observed.result.kappa, scale.result.kappa);
  const strings = await call({ op: 'cohen_kappa', x: ['a', 'b'], y: ['a', 'b'], weights: 'linear' });
  assert.equal(strings.error.code, 'invalid_input');
  assert.equal(strings.error.msg.id, 'cohen_kappa.weights_need_order');
  assert.deepEqual(strings.error.msg.params, { weights: 'linear' });
  const mixed = await call({ op: 'cohen_kappa', x: ['a', 2], y: ['a', 'b'] });
  assert.equal(mixed.error.msg.id, 'agreement.mixed_codes');
  assert.equal(mixed.error.path, '/x/1');
  const perfect = await call({ op: 'cohen_kappa', x: [1, 2, 3], y: [1, 2, 3], weights: 'linear' });
  assert.equal(perfect.result.kappa, 1);
  assert.equal(perfect.result.se, 0);
});

test('fleiss_kappa and krippendorff_alpha: string codes, nulls and undefined values', async () => {
  const f = await call({ op: 'fleiss_kappa', ratings: [['a', 'b', null, 'c'], ['a', 'b', 'b', 'c'], ['a', 'c', 'b', 'c']] });
  assert.equal(f.result.n, 3);
  assert.deepEqual(ids(f), ['fleiss_kappa.subjects_excluded']);
  const one = await call({ op: 'fleiss_kappa', ratings: [['x', 'x'], ['x', 'x']] });
  assert.equal(one.result.kappa, null);
  assert.deepEqual(ids(one), ['fleiss_kappa.undefined']);
  const k = await call({ op: 'krippendorff_alpha', data: [['a', 'b', null], ['a', 'c', 'c']], level: 'nominal' });
  assert.equal(k.result.n_pairable, 4);
  const bad = await call({ op: 'krippendorff_alpha', data: [['a', 'b'], ['a', 'c']], level: 'interval' });
  assert.equal(bad.error.msg.id, 'krippendorff_alpha.strings_need_nominal');
  const zero = await call({ op: 'krippendorff_alpha', data: [[2, 2], [2, 2]], level: 'ratio' });
  assert.equal(zero.result.alpha, null);
  assert.deepEqual(ids(zero), ['krippendorff_alpha.expected_zero']);
  // still usable after the errors
  const again = await call({ op: 'krippendorff_alpha', data: [[1, 2, 3], [1, 2, 4]], level: 'interval' });
  assert.equal(again.ok, true);
});

test('cronbach_alpha: spearman_brown for two items only, equal to std_alpha', async () => {
  const two = await call({ op: 'cronbach_alpha', items: [[4, 5], [3, 3], [5, 5], [2, 3], [4, 4]] });
  assert.equal(two.result.spearman_brown, two.result.std_alpha);
  const three = await call({ op: 'cronbach_alpha', items: [[4, 5, 4], [3, 3, 2], [5, 5, 5], [2, 3, 3]] });
  assert.equal('spearman_brown' in three.result, false);
});
