// The report of a whole study (op analyze_study) as numbered APA tables and
// charts in the page language: participant flow, sample, background by
// group, the pre-post analysis of every instrument measured twice (with the
// comparisons of the groups), post-only surveys, employers' feedback, yes/no
// outcomes, correlations, the expert panel (with ratings), and the
// methods-and-results paragraph. Loaded by the analysis page only when a
// study of groups has been analysed.
//
// Every number shown is a number of the result: a cell's data-key is its
// place in the study's result ("background.3.comparison.t", indexes of
// arrays as numbers) and its data-value the full value, except in the
// tables of an instrument's pre-post result and of the panel, drawn by
// analysis-results.js with its keys (relative to that result, tables with
// ids "<instrument>-table-..."; the panel's "table-panel" and "table-ratings"
// by criterion and programme).
import { t, pick, num, int, pval, bounded } from './i18n.js';
import { el } from './dom.js';
import {
  apaTable, cell, msd, ci, tdf, finite, testsOf, scoreLabel, programmeLabel, groupLabel, warningsBlock,
  beginResults, renderPrepost, renderPanel, scoreRange,
} from './analysis-results.js';
import { groupMeansChart, forestPlot } from './charts.js';
import { renderMsg, fillMsg } from './messages.js';

// ---- labels from the documents --------------------------------------------------

function instrumentOf(docs, id) {
  const i = (docs.study?.instruments ?? []).findIndex((x) => x.id === id);
  return i >= 0 ? docs.instruments?.[i] ?? null : null;
}

function instrumentLabel(docs, id) {
  const ins = instrumentOf(docs, id);
  return ins ? pick(ins.title) || id : id;
}

function itemOf(docs, insId, itemId) {
  return (instrumentOf(docs, insId)?.items ?? []).find((i) => i.id === itemId) ?? null;
}

function itemLabel(docs, insId, itemId) {
  const item = itemOf(docs, insId, itemId);
  return item ? pick(item.text) || itemId : itemId;
}

function levelLabel(docs, insId, itemId, level) {
  const opt = (itemOf(docs, insId, itemId)?.options ?? []).find((o) => o.id === level);
  return opt ? pick(opt.label) || level : level;
}

const docsOf = (docs, insId) => ({ ...docs, instrument: instrumentOf(docs, insId) ?? docs.instrument });

function waveLabel(docs, id) {
  if (id === 'pre') return t('a.pre');
  if (id === 'post') return t('a.post');
  const w = (docs.study?.waves ?? []).find((x) => x.id === id);
  return w ? pick(w.title) : id;
}

// A column of the per-student data set ("background__GPA_gain",
// "total_gain", "satisfaction__total_post") in words: the instrument (the
// main one has no prefix), the score or item, and the wave or "gain".
function variableLabel(docs, name, mainId) {
  const cut = name.indexOf('__');
  let insId = mainId;
  let rest = name;
  if (cut > 0) {
    const prefix = name.slice(0, cut);
    insId = (docs.study?.instruments ?? []).find((x) => x.id.replace(/-/g, '_') === prefix)?.id ?? prefix;
    rest = name.slice(cut + 2);
  }
  const ins = instrumentOf(docs, insId);
  const waves = (docs.study?.waves ?? []).map((w) => w.id);
  let score = rest;
  let suffix = null;
  const gain = /_gain(_followup)?$/.exec(rest);
  if (gain) {
    score = rest.slice(0, gain.index);
    suffix = t(gain[1] ? 'a.s.gain_followup' : 'a.s.gain');
  } else {
    const w = waves.find((id) => rest.endsWith(`_${id}`));
    if (w && ins && !(ins.items ?? []).some((i) => i.id === rest)) {
      score = rest.slice(0, -(w.length + 1));
      suffix = waveLabel(docs, w);
    }
  }
  const what = ins ? scoreLabel({ instrument: ins }, score) : score;
  const head = ins && ins.items?.some((i) => i.id === score) && !ins.subscales?.some((s) => s.id === score) && score !== (ins.total?.id ?? 'total')
    ? what : `${instrumentLabel(docs, insId)}: ${what}`;
  return suffix ? `${head} (${suffix})` : head;
}

// ---- small formats ----------------------------------------------------------------

const pct = (x) => (finite(x) ? `${num(100 * x, 1)}%` : '—');
const pctCi = (p) => `${pct(p?.estimate)} [${pct(p?.ci_low)}, ${pct(p?.ci_high)}]`;
const mdnIqr = (m) => `${num(m?.median)} [${num(m?.q1)}, ${num(m?.q3)}]`;
const dCi = (c) => `${num(c?.d)} ${ci(c?.d_ci_low, c?.d_ci_high)}`;
const chiDf = (x) => tdf(x?.chi2, x?.df);
const fdf = (x) => `${num(x?.F, 2)} (${int(x?.df1)}, ${Number.isInteger(x?.df2) ? int(x?.df2) : num(x?.df2, 1)})`;
const holm = (x) => (x === undefined ? '—' : pval(x));

// ---- 1. participants --------------------------------------------------------------

function flowTable(docs, study) {
  const f = study.flow ?? {};
  const waves = Object.keys(f.all?.waves ?? {});
  const row = (g, key, label) => ({
    key,
    cells: [label,
      cell(int(g.students), `flow.${key}.students`, g.students),
      ...waves.map((w) => cell(int(g.waves?.[w]), `flow.${key}.waves.${w}`, g.waves?.[w])),
      cell(int(g.complete), `flow.${key}.complete`, g.complete),
      cell(int(g.first_wave_only), `flow.${key}.first_wave_only`, g.first_wave_only)],
  });
  const rows = (f.by_group ?? []).map((g, i) => row(g, `by_group.${i}`, groupLabel(docs, g.group)));
  if (f.all) rows.push(row(f.all, 'all', t('a.s.all_students')));
  const excluded = (f.excluded ?? []).map((x) => t('a.s.flow.excluded_one', { reason: x.reason, n: int(x.n) })).join('; ');
  return apaTable({
    id: 'table-study-flow', title: t('a.s.flow.title'),
    head: [t('a.s.col.group'), t('a.s.col.students'), ...waves.map((w) => waveLabel(docs, w)), t('a.s.col.complete'), t('a.s.col.first_only')],
    rows, note: `${t('a.s.flow.note')} ${excluded ? t('a.s.flow.excluded', { list: excluded }) : t('a.s.flow.none_excluded')}`,
  });
}

function sampleTable(docs, study) {
  const s = study.sample ?? {};
  const rows = [];
  (s.by_group ?? []).forEach((g, i) => {
    rows.push({ key: g.group, cells: [groupLabel(docs, g.group), cell(int(g.n), `sample.by_group.${i}.n`, g.n)] });
    (s.by_programme ?? []).forEach((p, j) => {
      if (p.group !== g.group) return;
      const name = p.programme == null ? t('a.s.no_programme') : programmeLabel(docs, p.programme);
      rows.push({ key: `${g.group}.${p.programme ?? ''}`, cells: [name, cell(int(p.n), `sample.by_programme.${j}.n`, p.n)] });
    });
  });
  return apaTable({ id: 'table-study-sample', title: t('a.s.sample.title'), head: [t('a.s.col.group_programme'), 'n'], rows, note: t('a.s.sample.note') });
}

// ---- 2. background ----------------------------------------------------------------

function bgNumbersTable(docs, study, groups) {
  const list = (study.background ?? []).map((b, i) => ({ b, i })).filter(({ b }) => b.type === 'number');
  if (!list.length) return null;
  const rows = list.map(({ b, i }) => {
    const c = b.comparison ?? {};
    return {
      key: b.variable,
      cells: [itemLabel(docs, b.instrument, b.item),
        ...groups.map((g) => {
          const j = (b.by_group ?? []).findIndex((x) => x.group === g);
          const x = b.by_group?.[j];
          return cell(x ? `${msd(x)}; ${int(x.n)}` : '—', `background.${i}.by_group.${j}.mean`, x?.mean);
        }),
        cell(tdf(c.t, c.df), `background.${i}.comparison.t`, c.t),
        cell(pval(c.p), `background.${i}.comparison.p`, c.p),
        cell(dCi(c), `background.${i}.comparison.d`, c.d)],
    };
  });
  return apaTable({
    id: 'table-study-background-numbers', title: t('a.s.bg.numbers_title'),
    head: [t('a.s.col.variable'), ...groups.map((g) => t('a.s.col.msd_n', { group: groupLabel(docs, g) })), t('a.col.tdf'), 'p', t('a.col.d_ci')],
    rows, note: t('a.s.bg.numbers_note'),
  });
}

function bgCountsTable(docs, study, groups) {
  const list = (study.background ?? []).map((b, i) => ({ b, i })).filter(({ b }) => b.type !== 'number' && b.levels);
  if (!list.length) return null;
  const rows = [];
  for (const { b, i } of list) {
    rows.push({ key: b.variable, group: true, cells: [itemLabel(docs, b.instrument, b.item)] });
    b.levels.forEach((level, k) => {
      rows.push({
        key: `${b.variable}.${level}`,
        cells: [levelLabel(docs, b.instrument, b.item, level), ...groups.map((g) => {
          const j = (b.by_group ?? []).findIndex((x) => x.group === g);
          const x = b.by_group?.[j]?.counts?.[k];
          return cell(int(x), `background.${i}.by_group.${j}.counts.${k}`, x);
        })],
      });
    });
  }
  return apaTable({
    id: 'table-study-background-counts', title: t('a.s.bg.counts_title'),
    head: [t('a.s.col.variable'), ...groups.map((g) => t('a.s.col.n_group', { group: groupLabel(docs, g) }))], rows, note: t('a.s.bg.counts_note'),
  });
}

// The tests of a table of groups by answers (background and outcomes).
function crossTestCells(tests, key) {
  const f = tests?.fisher;
  return [
    cell(chiDf(tests?.pearson), `${key}.pearson.chi2`, tests?.pearson?.chi2),
    cell(pval(tests?.pearson?.p), `${key}.pearson.p`, tests?.pearson?.p),
    cell(bounded(tests?.cramers_v), `${key}.cramers_v`, tests?.cramers_v),
    cell(pval(f?.p), `${key}.fisher.p`, f?.p),
    cell(f ? `${num(f.odds_ratio)} ${ci(f.ci_low, f.ci_high)}` : '—', `${key}.fisher.odds_ratio`, f?.odds_ratio),
  ];
}

const crossHead = () => [t('a.s.col.chi2df'), 'p', t('a.s.col.cramers_v'), t('a.s.col.fisher_p'), t('a.s.col.or_ci')];

function bgTestsTable(docs, study) {
  const list = (study.background ?? []).map((b, i) => ({ b, i })).filter(({ b }) => b.type !== 'number' && b.tests);
  if (!list.length) return null;
  const rows = list.map(({ b, i }) => {
    const se = b.tests.small_expected;
    return {
      key: b.variable,
      cells: [itemLabel(docs, b.instrument, b.item), ...crossTestCells(b.tests, `background.${i}.tests`),
        cell(se ? `${int(se.n)} / ${int(se.of)}` : '—', `background.${i}.tests.small_expected.n`, se?.n)],
    };
  });
  return apaTable({
    id: 'table-study-background-tests', title: t('a.s.bg.tests_title'),
    head: [t('a.s.col.variable'), ...crossHead(), t('a.s.col.small_expected')], rows, note: t('a.s.bg.tests_note'),
  });
}

// ---- 3. pre-post: the comparisons of the groups beyond the gains ------------------------

// Baseline or post-test scores of the focal and the reference group.
function blockTable(docs, entry, k, which) {
  const g = entry.result?.groups?.[which];
  if (!g) return null;
  const field = which === 'baseline' ? 'pre' : 'post';
  const list = testsOf(g);
  const at = (s) => (g.subscales ?? []).indexOf(s) >= 0 ? `subscales.${g.subscales.indexOf(s)}`
    : s === g.total ? 'total' : `numbers.${(g.numbers ?? []).indexOf(s)}`;
  const base = `prepost.${k}.result.groups.${which}`;
  const rows = list.map((s) => {
    const p = `${base}.${at(s)}`;
    return {
      key: s.id,
      cells: [scoreLabel(docs, s.id),
        cell(`${msd(s[`${field}_focal`])}; ${int(s.n_focal)}`, `${p}.${field}_focal.mean`, s[`${field}_focal`]?.mean),
        cell(`${msd(s[`${field}_reference`])}; ${int(s.n_reference)}`, `${p}.${field}_reference.mean`, s[`${field}_reference`]?.mean),
        cell(num(s.mean_diff), `${p}.mean_diff`, s.mean_diff),
        cell(tdf(s.t, s.df), `${p}.t`, s.t),
        cell(pval(s.p), `${p}.p`, s.p),
        cell(holm(s.p_holm), `${p}.p_holm`, s.p_holm),
        cell(dCi(s), `${p}.d`, s.d)],
    };
  });
  return apaTable({
    id: `table-${which}`,
    title: t(`a.s.${which}.title`, { focal: groupLabel(docs, g.focal), reference: groupLabel(docs, g.reference) }),
    head: [t('a.col.subscale'), t('a.s.col.msd_n', { group: groupLabel(docs, g.focal) }), t('a.s.col.msd_n', { group: groupLabel(docs, g.reference) }),
      t('a.s.col.diff'), t('a.col.tdf'), 'p', t('a.col.p_holm'), t('a.col.d_ci')],
    rows, note: t('a.s.block.note', { test: t(entry.result.equal_var ? 'a.s.student' : 'a.s.welch') }),
  });
}

function scorePath(block, s) {
  const i = (block.subscales ?? []).indexOf(s);
  if (i >= 0) return `subscales.${i}`;
  if (s === block.total) return 'total';
  return `numbers.${(block.numbers ?? []).indexOf(s)}`;
}

function ancovaTable(docs, entry, k) {
  const a = entry.result?.groups?.ancova;
  if (!a) return null;
  const cmp = entry.result.groups.comparison ?? {};
  const base = `prepost.${k}.result.groups.ancova`;
  const rows = testsOf(a).map((s) => {
    const p = `${base}.${scorePath(a, s)}`;
    const am = s.adjusted_means ?? [];
    return {
      key: s.id,
      cells: [scoreLabel(docs, s.id),
        cell(int(s.n), `${p}.n`, s.n),
        ...[0, 1].map((j) => cell(`${num(am[j]?.mean)} ${ci(am[j]?.ci_low, am[j]?.ci_high)}`, `${p}.adjusted_means.${j}.mean`, am[j]?.mean)),
        cell(`${num(s.adjusted_diff)} ${ci(s.diff_ci_low, s.diff_ci_high)}`, `${p}.adjusted_diff`, s.adjusted_diff),
        cell(fdf(s), `${p}.F`, s.F),
        cell(pval(s.p), `${p}.p`, s.p),
        cell(holm(s.p_holm), `${p}.p_holm`, s.p_holm),
        cell(bounded(s.partial_eta_sq, 3), `${p}.partial_eta_sq`, s.partial_eta_sq),
        cell(pval(s.homogeneity?.p), `${p}.homogeneity.p`, s.homogeneity?.p)],
    };
  });
  const first = testsOf(a).find((s) => s.adjusted_means?.length)?.adjusted_means ?? [];
  const name = (j, fallback) => groupLabel(docs, first[j]?.group ?? fallback);
  return apaTable({
    id: 'table-ancova', title: t('a.s.ancova.title'),
    head: [t('a.col.subscale'), 'n', t('a.s.col.adj_mean', { group: name(0, cmp.focal) }), t('a.s.col.adj_mean', { group: name(1, cmp.reference) }),
      t('a.s.col.adj_diff'), t('a.s.col.fdf'), 'p', t('a.col.p_holm'), t('a.s.col.eta_p'), t('a.s.col.slopes_p')],
    rows, note: t('a.s.ancova.note'),
  });
}

function mixedTable(docs, entry, k) {
  const m = entry.result?.groups?.mixed;
  if (!m) return null;
  const base = `prepost.${k}.result.groups.mixed`;
  const rows = [];
  for (const s of testsOf(m)) {
    const p = `${base}.${scorePath(m, s)}`;
    rows.push({ key: s.id, group: true, cells: [t('a.s.mixed.score_n', { score: scoreLabel(docs, s.id), n: int(s.n) })] });
    for (const effect of ['between', 'within', 'interaction']) {
      const e = s[effect] ?? {};
      rows.push({
        key: `${s.id}.${effect}`,
        cells: [t(`a.s.mixed.${effect}`),
          cell(fdf(e), `${p}.${effect}.F`, e.F),
          cell(pval(e.p_gg ?? e.p), `${p}.${effect}.${e.p_gg === undefined ? 'p' : 'p_gg'}`, e.p_gg ?? e.p),
          cell(effect === 'interaction' ? holm(e.p_holm) : '—', `${p}.${effect}.p_holm`, effect === 'interaction' ? e.p_holm : null),
          cell(bounded(e.partial_eta_sq, 3), `${p}.${effect}.partial_eta_sq`, e.partial_eta_sq),
          cell(e.gg_epsilon === undefined ? '—' : bounded(e.gg_epsilon, 3), `${p}.${effect}.gg_epsilon`, e.gg_epsilon)],
      });
    }
  }
  return apaTable({
    id: 'table-mixed', title: t('a.s.mixed.title'),
    head: [t('a.s.col.effect'), t('a.s.col.fdf'), 'p', t('a.s.col.p_holm_interaction'), t('a.s.col.eta_p'), t('a.s.col.gg')],
    rows, note: t('a.s.mixed.note'),
  });
}

function attritionTable(docs, entry, k) {
  const list = entry.result?.groups?.attrition;
  if (!list?.length) return null;
  const rows = [];
  list.forEach((g, i) => {
    rows.push({ key: g.group, group: true, cells: [t('a.s.attrition.group', { group: groupLabel(docs, g.group), pre: int(g.n_pre_only), done: int(g.n_completers) })] });
    for (const s of testsOf(g)) {
      const p = `prepost.${k}.result.groups.attrition.${i}.${scorePath(g, s)}`;
      rows.push({
        key: `${g.group}.${s.id}`,
        cells: [scoreLabel(docs, s.id),
          cell(`${msd(s.pre_only)}; ${int(s.n_pre_only)}`, `${p}.pre_only.mean`, s.pre_only?.mean),
          cell(`${msd(s.completers)}; ${int(s.n_completers)}`, `${p}.completers.mean`, s.completers?.mean),
          cell(num(s.mean_diff), `${p}.mean_diff`, s.mean_diff),
          cell(tdf(s.t, s.df), `${p}.t`, s.t),
          cell(pval(s.p), `${p}.p`, s.p),
          cell(dCi(s), `${p}.d`, s.d)],
      });
    }
  });
  return apaTable({
    id: 'table-attrition', title: t('a.s.attrition.title'),
    head: [t('a.col.subscale'), t('a.s.col.pre_only'), t('a.s.col.completers'), t('a.s.col.diff'), t('a.col.tdf'), 'p', t('a.col.d_ci')],
    rows, note: t('a.s.attrition.note'),
  });
}

// Means by wave and group, with their intervals (groups.by_group): the
// first and the second wave over the pre-post pairs, each later wave (a
// follow-up: wave_pairs[j], j >= 1) over its pairs with the first.
function meansChart(docs, r) {
  const groups = r.groups?.by_group ?? [];
  if (!groups.length) return null;
  const ids = [];
  for (const g of groups) for (const s of testsOf(g)) if (!ids.includes(s.id)) ids.push(s.id);
  const later = [];
  for (const g of groups) for (const p of (g.wave_pairs ?? []).slice(1)) if (!later.includes(p.to)) later.push(p.to);
  const waves = ['pre', 'post', ...later];
  // "Experimental group, pre-test": short names of the first two waves, to fit a phone's legend.
  const waveName = (w) => (w === 'pre' || w === 'post' ? t(`a.s.chart.wave_${w}`) : waveLabel(docs, w));
  const series = groups.flatMap((g) => waves.map((w) => ({
    key: `${g.id}.${w}`, label: t('a.s.chart.group_wave', { group: groupLabel(docs, g.id), wave: waveName(w) }),
  })));
  const entryOf = (p, id) => [...(p?.subscales ?? []), ...(p?.total ? [p.total] : []), ...(p?.numbers ?? [])].find((e) => e.id === id);
  const point = (m) => (m ? { mean: m.mean, lo: m.ci_low, hi: m.ci_high } : null);
  const items = ids.map((id) => ({
    key: id, label: scoreLabel(docs, id),
    values: groups.flatMap((g) => {
      const s = testsOf(g).find((x) => x.id === id);
      return [point(s?.pre), point(s?.post),
        ...later.map((w) => point(entryOf((g.wave_pairs ?? []).find((p) => p.to === w), id)?.post))];
    }),
  }));
  if (!items.some((it) => it.values.some((v) => finite(v?.mean)))) return null;
  const tests = ids.map((id) => ({ id }));
  return groupMeansChart(items, series, scoreRange(docs.instrument, tests));
}

// d of the comparison of the gains, by subscale.
function gainsForest(docs, r) {
  const c = r.groups?.comparison;
  const list = c ? testsOf(c) : [];
  if (!list.some((s) => finite(s.d))) return null;
  return forestPlot(list.map((s) => ({ key: s.id, label: scoreLabel(docs, s.id), dz: s.d, lo: s.d_ci_low, hi: s.d_ci_high })), {
    title: t('a.s.chart.forest_title', { focal: groupLabel(docs, c.focal), reference: groupLabel(docs, c.reference) }),
    desc: t('a.s.chart.forest_desc'), caption: t('a.s.chart.forest_caption'), axis: t('a.s.chart.d_axis'), name: 'd',
  });
}

function prepostPart(box, docs, entry, k) {
  const insId = entry.instrument?.id;
  const idocs = docsOf(docs, insId);
  const prefix = `${insId}-`;
  const heading = t('a.s.prepost.heading', { instrument: instrumentLabel(docs, insId) });
  if (!entry.result) {
    box.append(el('h3', { text: heading }));
    if (entry.error) {
      const said = renderMsg(entry.error.msg, entry.error.message);
      box.append(fillMsg(el('p', { class: 'notice', 'data-instrument': insId }), { ...said, text: t('a.s.prepost.not_run', { reason: said.text }) }));
    }
    return;
  }
  renderPrepost(box, entry.result, idocs, {
    prefix, heading,
    after: (b) => {
      const r = entry.result;
      b.append(...[meansChart(idocs, r), gainsForest(idocs, r), blockTable(idocs, entry, k, 'baseline'),
        blockTable(idocs, entry, k, 'post'), ancovaTable(idocs, entry, k), mixedTable(idocs, entry, k),
        attritionTable(idocs, entry, k)].filter(Boolean));
    },
  });
}

// ---- 4. post-only surveys -----------------------------------------------------------

function surveyItemsTable(docs, sv, k) {
  const insId = sv.instrument?.id;
  const rows = (sv.items ?? []).map((it, i) => {
    const p = `post_surveys.${k}.items.${i}`;
    return {
      key: it.id,
      cells: [`${itemLabel(docs, insId, it.id)}${it.reverse ? ' (R)' : ''}`,
        cell(int(it.n), `${p}.n`, it.n),
        cell(msd(it), `${p}.mean`, it.mean),
        cell(mdnIqr(it), `${p}.median`, it.median),
        cell(pctCi(it.top2), `${p}.top2.estimate`, it.top2?.estimate)],
    };
  });
  return apaTable({
    id: `table-study-survey-${insId}-items`, title: t('a.s.survey.items_title', { instrument: instrumentLabel(docs, insId) }),
    head: [t('a.s.col.item'), 'n', t('a.s.col.msd'), t('a.s.col.mdn_iqr'), t('a.s.col.top2')], rows, note: t('a.s.survey.items_note'),
  });
}

function surveyScoresTable(docs, sv, k, groups) {
  const insId = sv.instrument?.id;
  const idocs = docsOf(docs, insId);
  const list = [...(sv.subscales ?? []).map((s, i) => ({ s, p: `post_surveys.${k}.subscales.${i}` })),
    ...(sv.total ? [{ s: sv.total, p: `post_surveys.${k}.total` }] : [])];
  if (!list.length) return null;
  const rows = list.map(({ s, p }) => {
    const c = s.comparison ?? {};
    return {
      key: s.id,
      cells: [scoreLabel(idocs, s.id),
        cell(`${msd(s.all)}; ${int(s.all?.n)}`, `${p}.all.mean`, s.all?.mean),
        cell(`${bounded(s.alpha?.alpha)} [${bounded(s.alpha?.ci_low)}, ${bounded(s.alpha?.ci_high)}]`, `${p}.alpha.alpha`, s.alpha?.alpha),
        ...groups.map((g) => {
          const j = (s.by_group ?? []).findIndex((x) => x.group === g);
          const x = s.by_group?.[j];
          return cell(x ? `${msd(x)}; ${int(x.n)}` : '—', `${p}.by_group.${j}.mean`, x?.mean);
        }),
        cell(tdf(c.t, c.df), `${p}.comparison.t`, c.t),
        cell(pval(c.p), `${p}.comparison.p`, c.p),
        cell(holm(c.p_holm), `${p}.comparison.p_holm`, c.p_holm),
        cell(dCi(c), `${p}.comparison.d`, c.d)],
    };
  });
  return apaTable({
    id: `table-study-survey-${insId}-scores`, title: t('a.s.survey.scores_title', { instrument: instrumentLabel(docs, insId) }),
    head: [t('a.s.col.scale'), t('a.s.col.msd_n_all'), t('a.s.col.alpha_ci'), ...groups.map((g) => t('a.s.col.msd_n', { group: groupLabel(docs, g) })),
      t('a.col.tdf'), 'p', t('a.col.p_holm'), t('a.col.d_ci')],
    rows, note: t('a.s.survey.scores_note'),
  });
}

// ---- 5. employers ---------------------------------------------------------------------

function employerTable(docs, emp, k) {
  const insId = emp.instrument?.id;
  const idocs = docsOf(docs, insId);
  const scores = Object.keys(emp.all?.scores ?? {});
  const p0 = `employers.${k}`;
  const row = (x, p, label, key) => ({
    key,
    cells: [label,
      cell(int(x.ratings), `${p}.ratings`, x.ratings),
      ...scores.map((s) => cell(`${msd(x.scores?.[s])}; ${int(x.scores?.[s]?.n)}`, `${p}.scores.${s}.mean`, x.scores?.[s]?.mean)),
      ...(emp.yes_item ? [cell(`${int(x.yes?.x)} / ${int(x.yes?.n)}; ${pctCi(x.yes)}`, `${p}.yes.estimate`, x.yes?.estimate)] : [])],
  });
  const rows = [];
  if (emp.all) rows.push(row(emp.all, `${p0}.all`, t('a.s.employers.all'), 'all'));
  if (emp.by_group?.length) rows.push({ key: 'groups', group: true, cells: [t('a.s.employers.by_group')] });
  (emp.by_group ?? []).forEach((g, i) => rows.push(row(g, `${p0}.by_group.${i}`, groupLabel(docs, g.group), `group.${g.group}`)));
  if (emp.by_programme?.length) rows.push({ key: 'programmes', group: true, cells: [t('a.s.employers.by_programme')] });
  (emp.by_programme ?? []).forEach((g, i) => rows.push(row(g, `${p0}.by_programme.${i}`, programmeLabel(docs, g.programme), `programme.${g.programme}`)));
  const notes = [t('a.s.employers.note')];
  if (emp.ratings_without_group) notes.push(t('a.s.employers.without_group', { n: int(emp.ratings_without_group) }));
  return apaTable({
    id: `table-study-employers-${insId}`, title: t('a.s.employers.title', { instrument: instrumentLabel(docs, insId) }),
    head: [t('a.s.col.rated'), t('a.s.col.ratings'), ...scores.map((s) => t('a.s.col.score_msd', { score: scoreLabel(idocs, s) })),
      ...(emp.yes_item ? [t('a.s.col.yes', { item: itemLabel(docs, insId, emp.yes_item) })] : [])],
    rows, note: notes.join(' '),
  });
}

function employerTestsTable(docs, emp, k, roles) {
  const insId = emp.instrument?.id;
  const idocs = docsOf(docs, insId);
  const list = emp.comparisons ?? [];
  if (!list.length && !emp.yes_tests) return null;
  const rows = list.map((x, i) => {
    const c = x.comparison ?? {};
    const p = `employers.${k}.comparisons.${i}.comparison`;
    return {
      key: x.id,
      cells: [scoreLabel(idocs, x.id),
        cell(`${msd(c.focal)}; ${int(c.n_focal)}`, `${p}.focal.mean`, c.focal?.mean),
        cell(`${msd(c.reference)}; ${int(c.n_reference)}`, `${p}.reference.mean`, c.reference?.mean),
        cell(tdf(c.t, c.df), `${p}.t`, c.t),
        cell(pval(c.p), `${p}.p`, c.p),
        cell(dCi(c), `${p}.d`, c.d)],
    };
  });
  const focal = roles?.focal?.[0];
  const reference = roles?.reference;
  const table = list.length ? apaTable({
    id: `table-study-employers-${insId}-tests`, title: t('a.s.employers.tests_title'),
    head: [t('a.col.subscale'), t('a.s.col.msd_n', { group: groupLabel(docs, focal) }), t('a.s.col.msd_n', { group: groupLabel(docs, reference) }),
      t('a.col.tdf'), 'p', t('a.col.d_ci')],
    rows, note: t('a.s.employers.tests_note'),
  }) : null;
  const yes = emp.yes_tests ? apaTable({
    id: `table-study-employers-${insId}-yes`, title: t('a.s.employers.yes_title', { item: itemLabel(docs, insId, emp.yes_item) }),
    head: ['', ...crossHead()], rows: [{ key: 'yes', cells: [itemLabel(docs, insId, emp.yes_item), ...crossTestCells(emp.yes_tests, `employers.${k}.yes_tests`)] }],
    note: t('a.s.outcomes.note'),
  }) : null;
  return [table, yes].filter(Boolean);
}

// ---- 6. yes/no outcomes ----------------------------------------------------------------

function outcomesTable(docs, study, groups) {
  const list = study.outcomes ?? [];
  if (!list.length) return null;
  const rows = list.map((o, i) => ({
    key: o.variable,
    cells: [itemLabel(docs, o.instrument, o.item),
      ...groups.map((g) => {
        const j = (o.by_group ?? []).findIndex((x) => x.group === g);
        const x = o.by_group?.[j];
        return cell(x ? `${int(x.x)} / ${int(x.n)}; ${pctCi(x)}` : '—', `outcomes.${i}.by_group.${j}.estimate`, x?.estimate);
      }),
      ...crossTestCells(o.tests, `outcomes.${i}.tests`)],
  }));
  return apaTable({
    id: 'table-study-outcomes', title: t('a.s.outcomes.title'),
    head: [t('a.s.col.variable'), ...groups.map((g) => t('a.s.col.yes_group', { group: groupLabel(docs, g) })), ...crossHead()],
    rows, note: t('a.s.outcomes.note'),
  });
}

// ---- 7. correlations -------------------------------------------------------------------

function correlationsTable(docs, study, mainId) {
  const c = study.correlations;
  const pearson = c?.pearson?.pairs ?? [];
  if (!pearson.length) return null;
  const spearman = c?.spearman?.pairs ?? [];
  const rows = pearson.map((x, i) => {
    const j = spearman.findIndex((y) => y.x === x.x && y.y === x.y);
    const s = spearman[j] ?? {};
    return {
      key: `${x.x}.${x.y}`,
      cells: [`${variableLabel(docs, x.x, mainId)} — ${variableLabel(docs, x.y, mainId)}`,
        cell(int(x.n), `correlations.pearson.pairs.${i}.n`, x.n),
        cell(`${bounded(x.r)} [${bounded(x.ci_low)}, ${bounded(x.ci_high)}]`, `correlations.pearson.pairs.${i}.r`, x.r),
        cell(pval(x.p), `correlations.pearson.pairs.${i}.p`, x.p),
        cell(holm(x.p_holm), `correlations.pearson.pairs.${i}.p_holm`, x.p_holm),
        cell(bounded(s.r), `correlations.spearman.pairs.${j}.r`, s.r),
        cell(holm(s.p_holm), `correlations.spearman.pairs.${j}.p_holm`, s.p_holm)],
    };
  });
  return apaTable({
    id: 'table-study-correlations', title: t('a.s.corr.title'),
    head: [t('a.s.col.pair'), 'n', t('a.s.col.r_ci'), 'p', t('a.col.p_holm'), t('a.s.col.rho'), t('a.s.col.rho_holm')],
    rows, note: t('a.s.corr.note'),
  });
}

// ---- the paragraph ----------------------------------------------------------------------

function paragraphBlock(study, lang) {
  const text = study.paragraph?.[lang] ?? study.paragraph?.en;
  if (!text) return null;
  const p = el('p', { id: 'study-paragraph', class: 'study-paragraph', lang, text });
  const done = el('span', { class: 'copy-done', role: 'status', text: '' });
  const button = el('button', {
    type: 'button', class: 'secondary no-print', id: 'copy-paragraph', text: t('a.s.paragraph.copy'),
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(text);
        done.textContent = t('a.s.paragraph.copied');
      } catch {
        // No clipboard (an insecure page, a refusal): the text is selected for Ctrl+C.
        const range = document.createRange();
        range.selectNodeContents(p);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        done.textContent = t('a.s.paragraph.selected');
      }
    },
  });
  return el('div', { class: 'study-paragraph-block', id: 'study-paragraph-block' }, el('h3', { text: t('a.s.paragraph.heading') }), el('p', { class: 'hint', text: t('a.s.paragraph.hint') }), p,
    el('div', { class: 'actions no-print' }, button, done));
}

// ---- assembly ------------------------------------------------------------------------------

// The names in the engine's study warnings, said by their titles.
function warningParams(docs, mainId) {
  return (params) => {
    if (typeof params.variable === 'string') params.variable = variableOrItem(docs, params.variable, mainId);
    for (const k of ['x', 'y']) if (typeof params[k] === 'string') params[k] = variableLabel(docs, params[k], mainId);
    if (typeof params.item === 'string' && typeof params.instrument === 'string') params.item = itemLabel(docs, params.instrument, params.item);
    if (typeof params.score === 'string' && typeof params.instrument === 'string') params.score = scoreLabel(docsOf(docs, params.instrument), params.score);
    if (typeof params.instrument === 'string') params.instrument = instrumentLabel(docs, params.instrument);
    return params;
  };
}

// A variable of the background or the outcomes: its item's text.
function variableOrItem(docs, name, mainId) {
  const cut = name.indexOf('__');
  if (cut > 0) {
    const prefix = name.slice(0, cut);
    const ins = (docs.study?.instruments ?? []).find((x) => x.id.replace(/-/g, '_') === prefix);
    const item = ins && itemOf(docs, ins.id, name.slice(cut + 2));
    if (item) return pick(item.text);
  }
  return variableLabel(docs, name, mainId);
}

// The engine's messages of a study result (to load their catalogue parts).
export function studyMsgs(study) {
  return [...(study?.warning_msgs ?? []), ...(study?.prepost ?? []).flatMap((e) => [e.error?.msg, ...(e.result?.warning_msgs ?? [])])].filter(Boolean);
}

// The instrument whose scores the data set names without a prefix (the
// first students instrument given at pre and post).
function mainInstrumentId(docs) {
  const list = (docs.study?.instruments ?? []).filter((x) => (x.respondents ?? 'students') === 'students');
  return (list.find((x) => x.waves?.includes('pre') && x.waves?.includes('post')) ?? list[0])?.id;
}

// Fills `box` with the study's report (and the expert panel's, when there
// are ratings); false when there is nothing to show.
export function renderStudy(box, outcome, docs, { width = 640, lang = 'en' } = {}) {
  beginResults(width);
  const study = outcome.study;
  const groups = study.roles?.groups?.length ? study.roles.groups : (study.sample?.by_group ?? []).map((g) => g.group);
  const mainId = mainInstrumentId(docs);
  const section = (id, heading, ...parts) => {
    const list = parts.flat().filter(Boolean);
    if (!list.length) return;
    box.append(el('section', { class: 'study-part', id, 'aria-label': heading }, el('h3', { text: heading }), ...list));
  };
  box.append(el('p', { id: 'study-counts', text: t('a.s.counts', { students: int(study.counts?.students), groups: int(groups.length) }) }));
  section('study-participants', t('a.s.flow.heading'), flowTable(docs, study), sampleTable(docs, study));
  section('study-background', t('a.s.bg.heading'), bgNumbersTable(docs, study, groups), bgCountsTable(docs, study, groups), bgTestsTable(docs, study));
  (study.prepost ?? []).forEach((entry, k) => {
    const part = el('section', { class: 'study-part', id: `study-prepost-${entry.instrument?.id}` });
    prepostPart(part, docs, entry, k);
    part.setAttribute('aria-label', part.querySelector('h3')?.textContent ?? '');
    box.append(part);
  });
  (study.post_surveys ?? []).forEach((sv, k) => {
    section(`study-survey-${sv.instrument?.id}`, t('a.s.survey.heading', { instrument: instrumentLabel(docs, sv.instrument?.id) }),
      surveyItemsTable(docs, sv, k), surveyScoresTable(docs, sv, k, groups));
  });
  (study.employers ?? []).forEach((emp, k) => {
    section(`study-employers-${emp.instrument?.id}`, t('a.s.employers.heading', { instrument: instrumentLabel(docs, emp.instrument?.id) }),
      employerTable(docs, emp, k), employerTestsTable(docs, emp, k, study.roles));
  });
  section('study-outcomes', t('a.s.outcomes.heading'), outcomesTable(docs, study, groups));
  section('study-correlations', t('a.s.corr.heading'), correlationsTable(docs, study, mainId));
  // Section 7, the expert panel: the study's own (analyze_study with the
  // ratings), else the panel analysed beside it.
  const panel = el('section', { class: 'study-part', id: 'study-panel', 'aria-label': t('a.results.panel') });
  if (renderPanel(panel, study.panel ?? outcome.panel, docs)) box.append(panel);
  const para = paragraphBlock(study, lang);
  if (para) box.append(para);
  const w = warningsBlock(docs, study.warnings, study.warning_msgs, warningParams(docs, mainId));
  if (w) {
    w.id = 'study-warnings';
    box.append(w);
  }
  return true;
}
