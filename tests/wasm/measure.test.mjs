// The measurement engine (engine/assess-measure.js): the kernels' channel
// that the analysis page's engine calls for the factor models and for
// agreement (engine/src/api/kernel_wire.hpp). Its replies carry, to the
// last bit, the numbers that the engine of every op reports for the same
// data through its ops; a request it cannot read gets an error reply, and
// the instance goes on answering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { call, root } from './engine.mjs';
import { readCfaReply, CFA_OPTIONS } from '../../bench/requests.mjs';

const engineDir = path.join(root, 'build/site/engine');
let measure;
async function kernel(request) {
  if (!measure) {
    const create = createRequire(import.meta.url)(path.join(engineDir, 'assess-measure.js'));
    measure = await create({ wasmBinary: readFileSync(path.join(engineDir, 'assess-measure.wasm')) });
  }
  return JSON.parse(measure.callKernel(JSON.stringify(request)));
}

// Shrout & Fleiss (1979), Table 2 (rows = raters).
const sf = [[9, 6, 8, 7, 10, 6], [2, 1, 4, 1, 5, 2], [5, 3, 6, 2, 6, 4], [8, 2, 8, 6, 9, 7]];

test('icc through the channel carries the icc op\'s numbers', async () => {
  const viaChannel = await kernel({ kernel: 'icc', ratings: sf, conf_level: 0.95 });
  const viaOp = await call({ op: 'icc', ratings: sf });
  assert.equal(viaOp.ok, true);
  // [n, k, n_excluded, then 7 numbers per form, notes]
  const v = viaChannel.value;
  assert.deepEqual(v.slice(0, 3), [viaOp.result.n, viaOp.result.k, 0]);
  viaOp.result.forms.forEach((f, i) => {
    assert.deepEqual(v.slice(3 + 7 * i, 10 + 7 * i), [f.icc, f.F, f.df1, f.df2, f.p, f.ci_low, f.ci_high], f.type);
  });
  assert.deepEqual(v.slice(45), [0]);  // no notes
});

test('krippendorff_alpha and cohen_kappa through the channel carry their ops\' numbers', async () => {
  const data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null]];
  for (const [level, code] of [['nominal', 0], ['ordinal', 1], ['interval', 2], ['ratio', 3]]) {
    const a = await kernel({ kernel: 'krippendorff_alpha', data, level: code });
    const b = await call({ op: 'krippendorff_alpha', data, level });
    assert.deepEqual(a.value.slice(0, 2), [b.result.alpha, b.result.n_pairable], level);
  }
  // Codes 1..4 as category indices 0..3 over four levels.
  const x = [1, 2, 3, 3, 2, 1, 4, 1, 2, 3];
  const y = [1, 2, 3, 3, 2, 2, 4, 1, 2, 2];
  const k = await kernel({ kernel: 'cohen_kappa', x: x.map((v) => v - 1), y: y.map((v) => v - 1), q: 4, weights: 1, conf_level: 0.95 });
  const op = await call({ op: 'cohen_kappa', x, y, weights: 'linear', levels: [1, 2, 3, 4] });
  assert.deepEqual(k.value.slice(0, 6), [op.result.n, 0, op.result.kappa, op.result.se, op.result.ci_low, op.result.ci_high]);
});

test('cfa and omega through the channel carry their ops\' numbers', async () => {
  // Six items in two factors, 60 respondents from a fixed sequence.
  let s = 7;
  const next = () => { s = (s * 16807) % 2147483647; return s / 2147483647 - 0.5; };
  const items = Array.from({ length: 60 }, () => {
    const f1 = 2 * next();
    const f2 = 0.5 * f1 + 1.5 * next();
    return [f1 + next(), 0.8 * f1 + next(), 1.2 * f1 + next(), f2 + next(), 0.7 * f2 + next(), f2 + next()];
  });
  const options = CFA_OPTIONS;
  const a = await kernel({ kernel: 'cfa', items, factors: [[0, 1, 2], [3, 4, 5]], options });
  const b = await call({ op: 'cfa', items, factors: [{ id: 'f1', items: [0, 1, 2] }, { id: 'f2', items: [3, 4, 5] }] });
  assert.equal(b.ok, true);
  const fit = readCfaReply(a.value);
  assert.equal(fit.converged, true);
  assert.equal(fit.iterations, b.result.iterations);
  assert.deepEqual(fit.std_loadings, b.result.std_loadings);
  assert.deepEqual([fit.chisq, fit.p, fit.cfi, fit.tli, fit.rmsea, fit.rmsea_ci_low, fit.rmsea_ci_high, fit.srmr],
    [b.result.chisq, b.result.p, b.result.cfi, b.result.tli, b.result.rmsea, b.result.rmsea_ci_low, b.result.rmsea_ci_high, b.result.srmr]);
  const three = items.map((r) => r.slice(0, 3));
  const o = await kernel({ kernel: 'omega', items: three, options });
  const p = await call({ op: 'omega', items: three });
  assert.equal(o.value[0], p.result.omega_total);
  assert.deepEqual(readCfaReply(o.value.slice(1)).std_loadings, p.result.std_loadings);
});

test('a fault crosses as its numbers; a request it cannot read gets an error reply', async () => {
  const f = await kernel({ kernel: 'omega', items: [[1, 2, 3], [2, 3, 1], [3, 1, 2]], options: CFA_OPTIONS });
  // [kind, counted, n, m, limit, index, column, value]: too_few rows, 3 of 4
  assert.deepEqual(f.fault, [0, 4, 3, 0, 4, -1, -1, null]);
  for (const bad of ['', '[]', '{"kernel": "nothing"}', '{"kernel": "icc"}']) {
    const r = JSON.parse(measure.callKernel(bad));
    assert.equal(typeof r.error, 'string', bad);
  }
  const again = await kernel({ kernel: 'icc', ratings: sf, conf_level: 0.95 });
  assert.equal(again.value[0], 6);
});
