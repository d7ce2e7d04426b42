// Instruments through the built wasm module: the shipped files validate, the
// malformed cases of tests/schema/instrument_cases.json fail at their JSON
// pointer (as natively), and score gives the hand-computed results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { call, root } from './engine.mjs';

const rubric = (f) => JSON.parse(readFileSync(path.join(root, 'rubrics', f), 'utf8'));

// RFC 6902 add / remove / replace: all the cases need.
function applyPatch(doc, patch) {
  const out = structuredClone(doc);
  for (const op of patch) {
    const tokens = op.path.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = tokens.pop();
    let parent = out;
    for (const t of tokens) parent = parent[Array.isArray(parent) ? Number(t) : t];
    if (Array.isArray(parent)) {
      const i = last === '-' ? parent.length : Number(last);
      if (op.op === 'add') parent.splice(i, 0, op.value);
      else if (op.op === 'remove') parent.splice(i, 1);
      else parent[i] = op.value;
    } else if (op.op === 'remove') delete parent[last];
    else parent[last] = op.value;
  }
  return out;
}

test('every shipped document validates', async () => {
  const files = readdirSync(path.join(root, 'rubrics')).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 3);
  for (const f of files) {
    const r = await call({ op: 'validate_instrument', instrument: rubric(f) });
    assert.equal(r.ok, true, `${f}: ${JSON.stringify(r.error)}`);
  }
});

test('validate_instrument summarises competency-12', async () => {
  const r = await call({ op: 'validate_instrument', instrument: rubric('competency-12.v1.json') });
  assert.equal(r.result.kind, 'instrument');
  assert.equal(r.result.n_items, 12);
  assert.deepEqual(r.result.subscales.map((s) => [s.id, s.items.length, s.min_answered]), [
    ['edtech', 3, 2], ['adapt', 2, 2], ['digital', 3, 2], ['interactive', 2, 2], ['mediation', 2, 2]]);
  assert.deepEqual(r.result.items.filter((i) => i.reverse).map((i) => i.id), ['AD2']);
  assert.equal(r.result.total.min_answered, 10);
});

const spec = JSON.parse(readFileSync(path.join(root, 'tests/schema/instrument_cases.json'), 'utf8'));
for (const c of spec.cases) {
  test(`document case: ${c.name}`, async () => {
    const doc = c.doc ?? applyPatch(rubric(c.base), c.patch);
    const r = await call({ op: 'validate_instrument', instrument: doc });
    if (c.path === null) {
      assert.equal(r.ok, true, JSON.stringify(r.error));
      return;
    }
    assert.equal(r.ok, false);
    assert.equal(r.error.code, 'invalid_input');
    assert.equal(r.error.path, `/instrument${c.path}`, r.error.message);
  });
}

test('score: reverse keying, minimum answered, total of 10', async () => {
  const answers = { ET1: 5, ET2: 4, ET3: null, AD1: 4, AD2: 1, DL1: 3, DL2: 3, DL3: 4, IM1: 2, MF1: 5, MF2: 4 };
  const r = await call({ op: 'score', instrument: rubric('competency-12.v1.json'), answers });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  const by = Object.fromEntries(r.result.subscales.map((s) => [s.id, s]));
  assert.equal(by.edtech.score, 4.5);          // (5 + 4) / 2, ET3 missing, 2 of 3 suffice
  assert.equal(by.adapt.score, 4.5);           // AD2 = 1 keyed as 5
  assert.ok(Math.abs(by.digital.score - 10 / 3) < 1e-15);
  assert.equal(by.interactive.score, null);    // 1 of 2
  assert.equal(by.interactive.answered, 1);
  assert.equal(by.mediation.score, 4.5);
  assert.equal(r.result.total.answered, 10);
  assert.ok(Math.abs(r.result.total.score - 3.9) < 1e-15);  // 39 / 10
  // One answer less: the total needs 10 of 12.
  const r9 = await call({ op: 'score', instrument: rubric('competency-12.v1.json'), answers: { ...answers, MF2: null } });
  assert.equal(r9.result.total.score, null);
  assert.equal(r9.result.subscales[4].score, null);
});

test('score: an instrument of another shape (1-7, subscale without minimum given)', async () => {
  const instrument = {
    format: 'assess-instrument/1', id: 'wellbeing-7', version: 1, title: { en: 'W' }, languages: ['en'],
    response_scale: { min: 1, max: 7 },
    subscales: [{ id: 'calm', title: { en: 'Calm' } }],
    items: [{ id: 'C1', subscale: 'calm', text: { en: 'a' } }, { id: 'C2', subscale: 'calm', reverse: true, text: { en: 'b' } },
      { id: 'X', text: { en: 'c' } }],
    total: { id: 'overall', min_answered: 2 },
  };
  let r = await call({ op: 'score', instrument, answers: { C1: 6, C2: 7, X: 4 } });
  assert.equal(r.result.subscales[0].score, 3.5);  // (6 + 1) / 2
  assert.equal(r.result.total.id, 'overall');
  assert.ok(Math.abs(r.result.total.score - 11 / 3) < 1e-15);
  r = await call({ op: 'score', instrument, answers: { C1: 6, X: 4 } });
  assert.equal(r.result.subscales[0].score, null);  // default minimum: both items
  assert.equal(r.result.total.score, 5);
  r = await call({ op: 'score', instrument, answers: { C1: 8 } });
  assert.equal(r.ok, false);
  assert.equal(r.error.path, '/answers/C1');
  assert.match(r.error.message, /C1 is 8, but the scale of wellbeing-7 runs from 1 to 7/);
});

test('score: errors point into the request', async () => {
  const instrument = rubric('competency-12.v1.json');
  let r = await call({ op: 'score', instrument, answers: { ET1: 3.5 } });
  assert.equal(r.error.path, '/answers/ET1');
  r = await call({ op: 'score', instrument, answers: { Q1: 3 } });
  assert.equal(r.error.path, '/answers/Q1');
  r = await call({ op: 'score', instrument: { ...instrument, version: 'one' }, answers: {} });
  assert.equal(r.error.path, '/instrument/version');
  // The engine stays usable after errors.
  r = await call({ op: 'score', instrument, answers: { ET1: 3 } });
  assert.equal(r.ok, true);
});

test('the shipped documents with other item types validate; the Likert-only ops refuse them', async () => {
  const satisfaction = rubric('satisfaction.v1.json');
  let r = await call({ op: 'validate_instrument', instrument: satisfaction });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.result.item_types, ['likert', 'text']);
  assert.deepEqual(r.result.items.at(-1), { id: 'change', type: 'text', max_length: 2000 });
  assert.deepEqual(r.result.subscales.map((s) => [s.id, s.items.length]), [['relevance', 3], ['support', 3]]);
  assert.equal(r.result.total.min_answered, 5);
  r = await call({ op: 'validate_instrument', instrument: rubric('background.v1.json') });
  assert.equal(r.result.scale, null);
  assert.deepEqual(r.result.items.find((i) => i.id === 'GPA'), { id: 'GPA', type: 'number', min: 0, max: 4, integer: false, score: true });
  assert.deepEqual(r.result.items.find((i) => i.id === 'mobility').positive, 'yes');
  r = await call({ op: 'validate_instrument', instrument: rubric('employer-feedback.v1.json') });
  assert.equal(r.result.total.id, 'competency');
  // score reads every item type (the text answer is checked, not scored); linking still refuses them.
  r = await call({ op: 'score', instrument: satisfaction, answers: { SR1: 4, SR2: 2, change: 'Больше практики' } });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.result.subscales[0].score, 3);
  assert.equal(r.result.n_items, 7);
  r = await call({ op: 'score', instrument: rubric('background.v1.json'), answers: { GPA: 3.5, mobility: 'Иә' } });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.result.numbers, [{ id: 'GPA', score: 3.5 }]);
  r = await call({ op: 'link', instrument: satisfaction, files: [{ name: 'a.csv', text: 'code,programme,wave,SR1\nAB01,p,pre,4\n' }] });
  assert.equal(r.ok, false);
  assert.equal(r.error.path, '/instrument/items/7/type');
  assert.equal(r.error.msg.id, 'instrument.item_type_unsupported');
  assert.deepEqual(r.error.msg.params, { item: 'change', item_type: 'text' });
});

test('the assess-study/2 study validates with its documents and summarises its instruments and roles', async () => {
  const study = rubric('study.stackable.v1.json');
  const uses = ['background', 'competency-12', 'satisfaction', 'employer-feedback', 'expert-panel']
    .map((id) => rubric(`${id}.v1.json`));
  let r = await call({ op: 'validate_instrument', instrument: study, uses });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.result.format, 'assess-study/2');
  assert.deepEqual(r.result.instrument, { id: 'competency-12', version: 1 });
  assert.deepEqual(r.result.instruments.map((i) => [i.id, i.waves, i.respondents]), [
    ['background', ['pre'], 'students'], ['competency-12', ['pre', 'post'], 'students'],
    ['satisfaction', ['post'], 'students'], ['employer-feedback', ['post'], 'employers']]);
  assert.deepEqual(r.result.instruments[0].item_waves, { GPA: ['pre', 'post'] });
  assert.deepEqual(r.result.group_roles, { experimental: 'focal', control: 'reference' });
  assert.deepEqual(r.result.without_programme, ['control']);
  // Without the satisfaction survey: the study names it.
  r = await call({ op: 'validate_instrument', instrument: study, uses: uses.filter((d) => d.id !== 'satisfaction') });
  assert.equal(r.ok, false);
  assert.equal(r.error.msg.id, 'study.instrument_not_given');
  assert.equal(r.error.path, '/instrument/instruments/2');
  // The /1 study's summary is as it was.
  r = await call({ op: 'validate_instrument', instrument: rubric('study.microcredentials.v1.json') });
  assert.equal(r.result.format, 'assess-study/1');
  assert.equal('instruments' in r.result || 'group_roles' in r.result, false);
});

test('compatible_with: listed in the summary; a later version in a study that names the earlier one', async () => {
  const v2 = { ...rubric('competency-12.v1.json'), version: 2, compatible_with: [1] };
  let r = await call({ op: 'validate_instrument', instrument: v2 });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.result.compatible_with, [1]);
  const uses = [rubric('background.v1.json'), v2, rubric('satisfaction.v1.json'), rubric('employer-feedback.v1.json')];
  r = await call({ op: 'validate_instrument', instrument: rubric('study.stackable.v1.json'), uses });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  r = await call({ op: 'validate_instrument', instrument: rubric('study.stackable.v1.json'),
    uses: uses.map((d) => (d === v2 ? { ...v2, compatible_with: undefined } : d)) });
  assert.equal(r.ok, false);
  assert.equal(r.error.msg.id, 'study.ref_mismatch');
  assert.equal(r.error.path, '/instrument/instruments/1/version');
});
