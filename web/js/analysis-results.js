// The results of an analysis as APA-style tables and SVG charts (each chart
// with its data table), built from the engine's result JSON; every number
// shown is a number of that JSON, rounded for display (cells carry the full
// value in data-value and its place in data-key, e.g. "edtech.t"). The CSV
// download holds the same tables at full precision.
import { t, pick, num, int, pval, bounded } from './i18n.js';
import { el, scrollBox } from './dom.js';
import { prePostChart, groupMeansChart, forestPlot, profileChart, heatmap, setChartWidth, resetFigures } from './charts.js';
import { scalePoints } from './study.js';
import { msgElement } from './messages.js';

// ---- labels -------------------------------------------------------------------

export function scoreLabel(docs, id) {
  const ins = docs.instrument;
  if (id === (ins.total?.id ?? 'total')) return pick(ins.total?.title) || t('a.total');
  const s = (ins.subscales ?? []).find((x) => x.id === id);
  if (s) return pick(s.title);
  // A scored number (GPA) is named by its item's text.
  const item = (ins.items ?? []).find((x) => x.id === id);
  return item ? pick(item.title ?? item.text) : id;
}

export function programmeLabel(docs, id) {
  const p = (docs.study?.programmes ?? []).find((x) => x.id === id);
  return p ? pick(p.title) : id;
}

function criterionLabel(docs, id) {
  const c = (docs.rubric?.criteria ?? []).find((x) => x.id === id);
  return c ? pick(c.title) : id;
}

// A wave: the pre-test and the post-test in the page's words, another wave
// (a follow-up) by its title in the study.
function waveLabel(docs, id) {
  if (id === 'pre') return t('a.pre');
  if (id === 'post') return t('a.post');
  const w = (docs.study?.waves ?? []).find((x) => x.id === id);
  return w ? pick(w.title) : id;
}

export function groupLabel(docs, id) {
  const g = (docs.study?.groups ?? []).find((x) => x.id === id);
  return g ? pick(g.title) : id;
}

// ---- cells and tables ------------------------------------------------------------

// A numeric cell: text for people, the value and its key for tests and copy.
export function cell(text, key, value) {
  return { text, key, value };
}

export const msd = (m, d = 2) => `${num(m?.mean, d)} (${num(m?.sd, d)})`;
export const ci = (lo, hi, d = 2) => `[${num(lo, d)}, ${num(hi, d)}]`;
export const tdf = (tv, df) => `${num(tv, 2)} (${Number.isInteger(df) ? int(df) : num(df, 1)})`;

let tableNo = 0;
// Put before every table id while the tables of one instrument of a study are drawn.
let idPrefix = '';

export function apaTable({ id, title, head, rows, note, numericFrom = 1 }) {
  tableNo += 1;
  const caption = el('caption', {},
    el('span', { class: 'table-number', text: t('a.table_n', { n: int(tableNo) }) }), ' ',
    el('span', { class: 'table-title', text: title }));
  const table = el('table', { id: id ? `${idPrefix}${id}` : null, class: 'apa' },
    caption,
    el('thead', {}, el('tr', {}, head.map((h, i) => el('th', { scope: 'col', class: i >= numericFrom ? 'num' : null, text: h })))),
    el('tbody', {}, rows.map((r) => el('tr', { 'data-row': r.key ?? null, class: r.group ? 'group-row' : null },
      r.cells.map((c, i) => {
        const v = typeof c === 'object' && c !== null ? c : { text: c };
        if (i === 0) return el('th', { scope: 'row', text: v.text, colspan: r.group ? head.length : null });
        return el('td', {
          class: i >= numericFrom ? 'num' : null, text: v.text,
          'data-key': v.key ?? null, 'data-value': v.value == null ? null : String(v.value),
        });
      })))));
  return el('div', { class: 'table-block' },
    scrollBox(table, title),
    note ? el('p', { class: 'table-note' }, el('em', { text: t('a.note') }), ' ', note) : null);
}

// ---- pre-post -------------------------------------------------------------------------

// The scores of a block in order: the subscales, the total, the scored numbers (GPA).
export function testsOf(prepost) {
  const list = [...(prepost?.subscales ?? [])];
  if (prepost?.total && !list.some((s) => s.id === prepost.total.id)) list.push(prepost.total);
  for (const x of prepost?.numbers ?? []) if (!list.some((s) => s.id === x.id)) list.push(x);
  return list;
}

// The cells of one pre-post test row; keys are `${prefix}${id}.<field>`.
function testCells(docs, s, prefix = '', { small = false } = {}) {
  const k = `${prefix}${s.id}`;
  const n = s.n_pairs ?? s.n;
  return [
    scoreLabel(docs, s.id),
    cell(int(n), `${k}.n_pairs`, n),
    cell(msd(s.pre), `${k}.pre.mean`, s.pre?.mean),
    cell(msd(s.post), `${k}.post.mean`, s.post?.mean),
    cell(msd(s.gain), `${k}.gain.mean`, s.gain?.mean),
    cell(tdf(s.t, s.df), `${k}.t`, s.t),
    cell(pval(s.p), `${k}.p`, s.p),
    cell(s.p_holm === undefined ? '—' : pval(s.p_holm), `${k}.p_holm`, s.p_holm),
    cell(ci(s.ci_low, s.ci_high), `${k}.ci`, null),
    cell(`${num(s.dz)} ${ci(s.dz_ci_low, s.dz_ci_high)}`, `${k}.dz`, s.dz),
  ].slice(0, small ? DESCRIPTIVE : undefined);
}

const DESCRIPTIVE = 5;
const testHead = () => [t('a.col.subscale'), 'n', t('a.col.pre_msd'), t('a.col.post_msd'), t('a.col.gain_msd'), t('a.col.tdf'), 'p', t('a.col.p_holm'), t('a.col.gain_ci'), t('a.col.dz_ci')];

// small: no test ran (a.results.too_few says why): the descriptive columns only.
function prepostTable(docs, r, { small = false, id = 'table-prepost', title = t('a.t1.title'), note = t('a.t1.note'), prefix = '' } = {}) {
  const rows = testsOf(r).map((s) => ({ key: `${prefix}${s.id}`, cells: testCells(docs, s, prefix, { small }) }));
  return apaTable({ id, title, head: small ? testHead().slice(0, DESCRIPTIVE) : testHead(), rows, note });
}

// The pre-post tests within each group (groups.by_group): a table each,
// keys "groups.<group>.<score>.<field>".
function byGroupTables(docs, r) {
  const list = r.groups?.by_group ?? [];
  return list.filter((g) => testsOf(g).length).map((g) => {
    const small = testsOf(g).every((s) => !finite(s.p));
    return prepostTable(docs, g, {
      small, id: `table-prepost-${g.id}`, prefix: `groups.${g.id}.`,
      title: t('a.tg.title', { group: groupLabel(docs, g.id), n: int(g.n_pairs ?? testsOf(g)[0]?.n_pairs ?? 0) }),
      note: t('a.tg.note'),
    });
  });
}

// Shapiro-Wilk of the gains and the Wilcoxon signed-rank test as a check
// that does not assume normal gains (its Holm p over the same family as the
// t test's, and the matched-pairs rank-biserial r).
function normalityTable(docs, r) {
  const rows = testsOf(r).map((s) => ({
    key: s.id,
    cells: [
      scoreLabel(docs, s.id),
      cell(bounded(s.shapiro?.W, 3), `${s.id}.shapiro.W`, s.shapiro?.W),
      cell(pval(s.shapiro?.p), `${s.id}.shapiro.p`, s.shapiro?.p),
      cell(num(s.wilcoxon?.V, 1), `${s.id}.wilcoxon.V`, s.wilcoxon?.V),
      cell(pval(s.wilcoxon?.p), `${s.id}.wilcoxon.p`, s.wilcoxon?.p),
      cell(s.wilcoxon?.p_holm === undefined ? '—' : pval(s.wilcoxon.p_holm), `${s.id}.wilcoxon.p_holm`, s.wilcoxon?.p_holm),
      cell(bounded(s.wilcoxon?.r_rb), `${s.id}.wilcoxon.r_rb`, s.wilcoxon?.r_rb),
    ],
  }));
  return apaTable({
    id: 'table-normality', title: t('a.t2.title'),
    head: [t('a.col.subscale'), t('a.col.sw_w'), t('a.col.sw_p'), t('a.col.wilcoxon_v'), t('a.col.wilcoxon_p'), t('a.col.wilcoxon_p_holm'), t('a.col.r_rb')],
    rows, note: t('a.t2.note'),
  });
}

// McDonald's omega (three items or more) or the Spearman-Brown coefficient
// (two items) of a reliability entry, as the engine gives one or the other.
function omegaCell(e, key) {
  if (e?.omega !== undefined) return cell(bounded(e.omega), `${key}.omega`, e.omega);
  if (e?.spearman_brown !== undefined) {
    return cell(t('a.sb_value', { value: bounded(e.spearman_brown) }), `${key}.spearman_brown`, e.spearman_brown);
  }
  return cell('—', `${key}.omega`, null);
}

function reliabilityTable(docs, r) {
  const rel = r.reliability ?? {};
  const ids = [...new Set([...Object.keys(rel.pre ?? {}), ...Object.keys(rel.post ?? {})])];
  // Omega and Spearman-Brown columns when the engine gives them (issue 16).
  const entries = [...Object.values(rel.pre ?? {}), ...Object.values(rel.post ?? {})];
  const withOmega = entries.some((e) => e?.omega !== undefined || e?.spearman_brown !== undefined);
  const rows = ids.map((id) => {
    const a = rel.pre?.[id] ?? {};
    const b = rel.post?.[id] ?? {};
    return {
      key: id,
      cells: [
        id === 'all' || id === 'items' ? t('a.all_items') : scoreLabel(docs, id),
        cell(int(a.k), `${id}.k`, a.k),
        cell(`${bounded(a.alpha)} ${boundedCi(a.ci_low, a.ci_high)}`, `pre.${id}.alpha`, a.alpha),
        ...(withOmega ? [omegaCell(a, `pre.${id}`)] : []),
        cell(int(a.n), `pre.${id}.n`, a.n),
        cell(`${bounded(b.alpha)} ${boundedCi(b.ci_low, b.ci_high)}`, `post.${id}.alpha`, b.alpha),
        ...(withOmega ? [omegaCell(b, `post.${id}`)] : []),
        cell(int(b.n), `post.${id}.n`, b.n),
      ],
    };
  });
  const head = withOmega
    ? [t('a.col.scale'), t('a.col.k'), t('a.col.alpha_pre'), t('a.col.omega_pre'), 'n', t('a.col.alpha_post'), t('a.col.omega_post'), 'n']
    : [t('a.col.scale'), t('a.col.k'), t('a.col.alpha_pre'), 'n', t('a.col.alpha_post'), 'n'];
  return apaTable({
    id: 'table-reliability', title: t(withOmega ? 'a.t3.title_omega' : 'a.t3.title'),
    head, rows, note: withOmega ? `${t('a.t3.note')} ${t('a.t3.note_omega')}` : t('a.t3.note'),
  });
}

// The confirmatory factor analysis of the subscales (factor_model): one
// sentence per wave where it was not fitted (why, with n and the n the rule
// requires), and where it was, a table of the fit indices and one of the
// standardised loadings; keys "factor_model.<wave>.<field>".
export function factorModelBlock(docs, r) {
  const fm = r.factor_model;
  if (!fm) return null;
  const waves = ['pre', 'post'].filter((w) => fm[w]);
  const box = el('div', { class: 'factor-model' });
  for (const w of waves) {
    const m = fm[w];
    if (m.fitted) continue;
    const key = m.reason === 'sample_size' ? 'a.cfa.not_fitted_n' : m.reason === 'structure' ? 'a.cfa.no_structure' : 'a.cfa.failed';
    if (m.reason === 'structure' && w !== waves[0]) continue;
    box.append(el('p', {
      class: 'cfa-sentence', 'data-key': `factor_model.${w}.reason`, 'data-value': m.reason ?? '',
      text: t(key, { wave: waveLabel(docs, w), n: int(m.n), k: int(m.k), required: int(m.required_n) }),
    }));
  }
  const fitted = waves.filter((w) => fm[w].fitted);
  if (fitted.length) {
    const rows = fitted.map((w) => {
      const m = fm[w];
      const k = `factor_model.${w}`;
      return {
        key: w,
        cells: [
          waveLabel(docs, w),
          cell(int(m.n), `${k}.n`, m.n),
          cell(`${num(m.chisq, 2)} (${int(m.df)})`, `${k}.chisq`, m.chisq),
          cell(pval(m.p), `${k}.p`, m.p),
          cell(bounded(m.cfi, 3), `${k}.cfi`, m.cfi),
          cell(num(m.tli, 3), `${k}.tli`, m.tli),
          cell(`${bounded(m.rmsea, 3)} [${bounded(m.rmsea_ci_low, 3)}, ${bounded(m.rmsea_ci_high, 3)}]`, `${k}.rmsea`, m.rmsea),
          cell(bounded(m.srmr, 3), `${k}.srmr`, m.srmr),
        ],
      };
    });
    box.append(apaTable({
      id: 'table-cfa', title: t('a.cfa.title'),
      head: [t('a.cfa.col.wave'), 'n', t('a.cfa.col.chisq'), 'p', 'CFI', 'TLI', t('a.cfa.col.rmsea'), 'SRMR'],
      rows, note: t('a.cfa.note'),
    }));
    const factors = fm[fitted[0]].factors ?? [];
    const loadingRows = [];
    let at = 0;
    for (const f of factors) {
      for (const item of f.items ?? []) {
        const j = at;
        loadingRows.push({
          key: `${f.id}.${item}`,
          cells: [
            `${scoreLabel(docs, f.id)}: ${item}`,
            ...['pre', 'post'].map((w) => {
              const v = fm[w]?.fitted ? fm[w].std_loadings?.[j] : undefined;
              return cell(v === undefined ? '—' : num(v, 2), `factor_model.${w}.std_loadings.${j}`, v ?? null);
            }),
          ],
        });
        at += 1;
      }
    }
    box.append(apaTable({
      id: 'table-cfa-loadings', title: t('a.cfa.loadings_title'),
      head: [t('a.cfa.col.item'), t('a.pre'), t('a.post')], rows: loadingRows,
    }));
  }
  return box.childNodes.length ? box : null;
}

const boundedCi = (lo, hi) => `[${bounded(lo)}, ${bounded(hi)}]`;

// The programmes: descriptives, and the pre-post tests of the programmes
// with enough pairs for them (each programme its own Holm family); keys
// "programmes.<programme>.<score>.<field>".
function programmesTable(docs, r) {
  const rows = [];
  const entriesOf = testsOf;
  const tested = (r.programmes ?? []).some((p) => entriesOf(p).some((e) => finite(e.t)));
  for (const p of r.programmes ?? []) {
    rows.push({ key: p.id, group: true, cells: [t('a.programme_n', { name: programmeLabel(docs, p.id), n: int(p.n_pairs) })] });
    for (const e of entriesOf(p)) {
      rows.push({ key: `${p.id}.${e.id}`, cells: testCells(docs, e, `programmes.${p.id}.`, { small: !tested }) });
    }
  }
  return apaTable({
    id: 'table-programmes', title: t(tested ? 'a.t4.title_tests' : 'a.t4.title'),
    head: tested ? testHead() : testHead().slice(0, DESCRIPTIVE),
    rows, note: t(tested ? 'a.t4.note_tests' : 'a.t4.note'),
  });
}

function groupsTable(docs, r) {
  const c = r.groups?.comparison;
  if (!c) return null;
  const rows = testsOf(c).map((s) => ({
    key: s.id,
    cells: [
      scoreLabel(docs, s.id),
      cell(`${msd(s.gain_focal)}; ${int(s.n_focal)}`, `${s.id}.gain_focal.mean`, s.gain_focal?.mean),
      cell(`${msd(s.gain_reference)}; ${int(s.n_reference)}`, `${s.id}.gain_reference.mean`, s.gain_reference?.mean),
      cell(tdf(s.t, s.df), `${s.id}.group.t`, s.t),
      cell(pval(s.p), `${s.id}.group.p`, s.p),
      cell(s.p_holm === undefined ? '—' : pval(s.p_holm), `${s.id}.group.p_holm`, s.p_holm),
      cell(`${num(s.d)} ${ci(s.d_ci_low, s.d_ci_high)}`, `${s.id}.group.d`, s.d),
      cell(num(s.g), `${s.id}.group.g`, s.g),
    ],
  }));
  return apaTable({
    id: 'table-groups',
    title: t('a.t5.title', { focal: groupLabel(docs, c.focal), reference: groupLabel(docs, c.reference) }),
    head: [t('a.col.subscale'), t('a.col.gain_group', { group: groupLabel(docs, c.focal) }),
      t('a.col.gain_group', { group: groupLabel(docs, c.reference) }), t('a.col.tdf'), 'p', t('a.col.p_holm'), t('a.col.d_ci'), 'g'],
    rows, note: t('a.t5.note'),
  });
}

// ---- panel ------------------------------------------------------------------------------

function panelTable(docs, p) {
  const rows = (p.criteria ?? []).map((c) => ({
    key: c.id,
    cells: [
      criterionLabel(docs, c.id),
      cell(int(c.m), `${c.id}.m`, c.m),
      cell(int(c.n), `${c.id}.n`, c.n),
      cell(`${bounded(c.W)}${c.low_agreement ? ' †' : ''}`, `${c.id}.W`, c.W),
      cell(tdf(c.chi2, c.df), `${c.id}.chi2`, c.chi2),
      cell(pval(c.p), `${c.id}.p`, c.p),
    ],
  }));
  if (p.overall) {
    const c = p.overall;
    rows.push({ key: 'overall', cells: [t('a.overall'), cell(int(c.m), 'overall.m', c.m), cell(int(c.n), 'overall.n', c.n),
      cell(bounded(c.W), 'overall.W', c.W), cell(tdf(c.chi2, c.df), 'overall.chi2', c.chi2), cell(pval(c.p), 'overall.p', c.p)] });
  }
  return apaTable({
    id: 'table-panel', title: t('a.t6.title'),
    head: [t('a.col.criterion'), t('a.col.m_experts'), t('a.col.n_programmes'), 'W', t('a.col.chi2df'), 'p'],
    rows, note: t('a.t6.note'),
  });
}

// "est [low, high]" of a coefficient bounded by 1 (ICC, alpha, kappa).
const estCi = (x, lo, hi) => (lo == null || hi == null ? bounded(x) : `${bounded(x)} ${boundedCi(lo, hi)}`);

// ICC2, ICC2k and Krippendorff's alpha beside W (and a two-expert panel's
// weighted kappa), per criterion and over all criteria.
function agreementTable(docs, p) {
  const blocks = (p.criteria ?? []).map((c) => ({ c, label: criterionLabel(docs, c.id) }));
  if (p.overall) blocks.push({ c: p.overall, label: t('a.overall') });
  const kappa = blocks.some(({ c }) => c.kappa);
  const rows = blocks.map(({ c, label }) => {
    const i2 = c.icc?.ICC2 ?? {};
    const i2k = c.icc?.ICC2k ?? {};
    const k = c.kappa ?? {};
    const cells = [[num(c.mean), 'mean', c.mean], [estCi(i2.icc, i2.ci_low, i2.ci_high), 'icc2', i2.icc],
      [estCi(i2k.icc, i2k.ci_low, i2k.ci_high), 'icc2k', i2k.icc], [bounded(c.alpha?.interval), 'alpha_interval', c.alpha?.interval],
      [bounded(c.alpha?.ordinal), 'alpha_ordinal', c.alpha?.ordinal], [estCi(k.kappa, k.ci_low, k.ci_high), 'kappa', k.kappa]];
    return { key: c.id, cells: [label, ...cells.slice(0, kappa ? 6 : 5).map(([text, key, v]) => cell(text, `${c.id}.${key}`, v))] };
  });
  const ci95 = ` [${t('a.ci95')}]`;
  const head = [t('a.col.criterion'), 'M', `ICC2${ci95}`, `ICC2k${ci95}`,
    t('a.col.alpha_interval'), t('a.col.alpha_ordinal')];
  if (kappa) head.push(`κw${ci95}`);
  return apaTable({
    id: 'table-panel-icc', title: t('a.t6b.title'), head, rows,
    note: t('a.t6b.note'),
  });
}

// The experts' comments, programme by programme.
function commentsTable(docs, p) {
  const list = p.comments ?? [];
  if (!list.length) return null;
  // One heading row per programme, then its experts' comments: on a phone
  // the comment keeps the width the programme's name would take.
  const rows = [];
  for (const c of list) {
    const last = rows.length ? rows[rows.length - 1] : null;
    if (!last || last.programme !== c.programme) {
      rows.push({ key: c.programme, group: true, programme: c.programme, cells: [programmeLabel(docs, c.programme)] });
    }
    rows.push({ programme: c.programme, cells: [c.expert, c.text] });
  }
  return apaTable({
    id: 'table-comments', title: t('a.t8.title'),
    head: [t('a.col.expert'), t('a.col.comment')],
    rows,
    numericFrom: 2,
  });
}

function panelProgrammes(p) {
  const ids = [];
  for (const c of p.criteria ?? []) for (const x of c.programmes ?? []) if (!ids.includes(x.id)) ids.push(x.id);
  return ids;
}

function ratingsTable(docs, p) {
  const ids = panelProgrammes(p);
  const crit = p.criteria ?? [];
  const rows = ids.map((pid) => ({
    key: pid,
    cells: [programmeLabel(docs, pid), ...crit.map((c) => {
      const x = (c.programmes ?? []).find((q) => q.id === pid) ?? {};
      return cell(`${num(x.mean)} (${num(x.sd)}); ${num(x.rank, x.rank % 1 ? 1 : 0)}`, `${c.id}.${pid}.mean`, x.mean);
    })],
  }));
  return apaTable({
    id: 'table-ratings', title: t('a.t7.title'),
    head: [t('a.col.programme'), ...crit.map((c) => criterionLabel(docs, c.id))],
    rows, note: t('a.t7.note'),
  });
}

// The axis of a chart of means: the response scale of the Likert scores,
// widened to the range of the scored numbers (GPA 0 to 4) among them.
export function scoreRange(ins, tests) {
  const items = (ins.items ?? []).filter((i) => i.type === 'number' && tests.some((s) => s.id === i.id));
  const likert = tests.some((s) => !items.some((i) => i.id === s.id));
  const lo = [], hi = [];
  if (likert || !items.length) {
    const scale = scalePoints(ins);
    lo.push(scale[0].value);
    hi.push(scale[scale.length - 1].value);
  }
  for (const i of items) {
    if (finite(i.min)) lo.push(i.min);
    if (finite(i.max)) hi.push(i.max);
  }
  if (!lo.length || !hi.length) return { min: 1, max: 5 };
  return { min: Math.min(...lo), max: Math.max(...hi) };
}

// ---- assembly --------------------------------------------------------------------------------

// The warnings of a result, said from the page catalogues of engine messages
// (warning_msgs, in the order of warnings); the subscale and criterion ids
// they name (and groups, and "overall") are shown by their titles in the
// page language.
export function warningsBlock(docs, list, msgs, more = (p) => p) {
  if (!list?.length) return null;
  const titled = (m) => {
    if (!m?.params) return m;
    const params = more({ ...m.params });
    if (typeof params.score === 'string') params.score = scoreLabel(docs, params.score);
    if (typeof params.group === 'string') params.group = groupLabel(docs, params.group);
    if (params.criterion === 'overall') params.criterion = t('a.overall');
    else if (typeof params.criterion === 'string') params.criterion = criterionLabel(docs, params.criterion);
    return { ...m, params };
  };
  return el('div', { class: 'notice' }, el('p', { text: t('a.warnings') }),
    el('ul', { class: 'warnings' }, list.map((w, i) => msgElement('li', titled(msgs?.[i]), w))));
}

// The engine's notes that a statistic had too few data: below what every
// test needs, the page says it once (a.results.too_few) instead.
const TOO_FEW = new Set(['prepost.paired_t_too_few', 'prepost.group.paired_t_too_few', 'prepost.shapiro_too_few',
  'prepost.group.shapiro_too_few', 'prepost.comparison_too_few', 'prepost.alpha_too_few_respondents', 'prepost.programme_too_few']);

export const finite = (x) => typeof x === 'number' && Number.isFinite(x);

// Starts the numbering of tables and figures, for charts `width` px wide.
export function beginResults(width = 640) {
  tableNo = 0;
  idPrefix = '';
  resetFigures();
  setChartWidth(width);
}

// Fills `box` with the results; false when there is nothing to show.
export function renderResults(box, outcome, docs, { width = 640 } = {}) {
  beginResults(width);
  let any = false;
  if (renderPrepost(box, outcome.prepost, docs)) any = true;
  if (renderPanel(box, outcome.panel, docs)) any = true;
  return any;
}

// The tables and charts of one analyze_prepost result (an instrument's);
// `prefix` goes before the ids of its tables, `heading` replaces the
// section's heading, `after` (a function of the box) draws more before the
// warnings. False when there is nothing to show.
export function renderPrepost(box, r, docs, { prefix = '', heading = t('a.results.prepost'), after = null } = {}) {
  idPrefix = prefix;
  try {
    return prepostPart(box, r, docs, { heading, after });
  } finally {
    idPrefix = '';
  }
}

function prepostPart(box, r, docs, { heading, after }) {
  let any = false;
  if (r && (r.subscales?.length || r.total || r.numbers?.length)) {
    any = true;
    const tests = testsOf(r);
    // Below two linked students no test runs: one calm statement, the
    // descriptive figures, no table or chart of tests that did not run.
    const small = tests.every((s) => !finite(s.p) && !finite(s.shapiro?.p));
    box.append(el('h3', { text: heading }),
      el('p', { id: `${idPrefix}prepost-counts`, text: t('a.results.counts', { pre: int(r.counts?.pre), post: int(r.counts?.post), pairs: int(r.counts?.pairs) }) }));
    if (small) box.append(el('p', { class: 'notice small-sample', id: `${idPrefix}small-sample`, text: t('a.results.too_few', { pairs: int(r.counts?.pairs ?? 0) }) }));
    box.append(prepostTable(docs, r, { small }));
    if (!small) box.append(el('p', { class: 'guidance', id: `${idPrefix}report-guidance`, text: t('a.t1.guidance') }));
    const range = scoreRange(docs.instrument, tests);
    // The intervals are the engine's (pre.ci_low, ...), as every number here.
    const wave = (m) => ({ mean: m?.mean, lo: m?.ci_low, hi: m?.ci_high });
    // No chart without data: drawn only when a mean exists. With a later
    // wave (wave_pairs), the means at every wave.
    if (tests.some((s) => finite(s.pre?.mean) || finite(s.post?.mean))) {
      const pairs = r.wave_pairs ?? [];
      if (pairs.length > 1) {
        box.append(wavesChart(docs, tests, pairs, wave, range));
      } else {
        box.append(prePostChart(tests.map((s) => ({ key: s.id, label: scoreLabel(docs, s.id), pre: wave(s.pre), post: wave(s.post) })), range));
      }
    }
    if (tests.some((s) => finite(s.dz))) {
      box.append(forestPlot(tests.map((s) => ({ key: s.id, label: scoreLabel(docs, s.id), dz: s.dz, lo: s.dz_ci_low, hi: s.dz_ci_high }))));
    }
    if (!small) box.append(normalityTable(docs, r));
    const alphas = Object.values(r.reliability?.pre ?? {}).concat(Object.values(r.reliability?.post ?? {}));
    if (r.reliability && alphas.some((a) => finite(a?.alpha))) {
      box.append(el('h3', { text: t('a.results.reliability') }), reliabilityTable(docs, r));
      const cfa = factorModelBlock(docs, r);
      if (cfa) box.append(cfa);
    }
    if (r.programmes?.length) {
      const subIds = (r.programmes[0].subscales ?? []).map((e) => e.id);
      box.append(el('h3', { text: t('a.results.programmes') }));
      const gains = r.programmes.some((p) => (p.subscales ?? []).some((e) => finite(e.gain?.mean)));
      if (gains) box.append(profileChart({
        subscales: subIds.map((id) => scoreLabel(docs, id)),
        series: r.programmes.map((p) => ({ label: programmeLabel(docs, p.id), values: subIds.map((id) => p.subscales.find((e) => e.id === id)?.gain?.mean ?? null) })),
        axisLabel: t('a.chart.gain_axis'), caption: t('a.chart.profile_caption'), tableCaption: t('a.chart.profile_table'),
      }));
      box.append(programmesTable(docs, r));
    }
    const within = byGroupTables(docs, r);  // numbered before the comparison, in the order shown
    const g = groupsTable(docs, r);
    if (g || within.length) box.append(el('h3', { text: t('a.results.groups') }));
    if (within.length) box.append(el('p', { class: 'guidance', text: t('a.tg.intro') }), ...within);
    if (g) box.append(g);
    if (after) after(box);
    const keep = (r.warnings ?? []).map((_, i) => i).filter((i) => !(small && TOO_FEW.has(r.warning_msgs?.[i]?.id)));
    const w = warningsBlock(docs, keep.map((i) => r.warnings[i]), keep.map((i) => r.warning_msgs?.[i]));
    if (w) box.append(w);
  }
  return any;
}

// The means of each score at every wave: the first wave's over the pre-post
// pairs (as the pre-post chart), each later wave's over its pairs with the
// first (wave_pairs[j].<score>.post); `wave` picks {mean, lo, hi}.
function wavesChart(docs, tests, pairs, wave, range) {
  const entryOf = (p, id) => [...(p.subscales ?? []), ...(p.total ? [p.total] : []), ...(p.numbers ?? [])].find((e) => e.id === id);
  const series = [pairs[0].from, ...pairs.map((p) => p.to)].map((id) => ({ key: id, label: waveLabel(docs, id) }));
  const items = tests.map((s) => ({
    key: s.id, label: scoreLabel(docs, s.id),
    values: [wave(s.pre), ...pairs.map((p) => { const e = entryOf(p, s.id); return e ? wave(e.post) : null; })],
  }));
  return groupMeansChart(items, series, range, { title: 'a.chart.waves_title', desc: 'a.chart.waves_desc', caption: 'a.chart.waves_caption' });
}

// The expert panel's tables and chart; false when there is nothing to show.
export function renderPanel(box, p, docs) {
  let any = false;
  if (p && p.criteria?.length) {
    any = true;
    box.append(el('h3', { text: t('a.results.panel') }),
      el('p', { id: 'panel-counts', text: t('a.results.panel_counts', { experts: int(p.counts?.experts), programmes: int(p.counts?.objects) }) }),
      panelTable(docs, p), agreementTable(docs, p));
    const ids = panelProgrammes(p);
    const scale = scalePoints(docs.rubric);
    const means = p.criteria.some((c) => (c.programmes ?? []).some((q) => finite(q.mean)));
    if (means) box.append(heatmap({
      rows: ids.map((id) => programmeLabel(docs, id)),
      columns: p.criteria.map((c) => criterionLabel(docs, c.id)),
      cells: ids.map((pid) => p.criteria.map((c) => (c.programmes ?? []).find((q) => q.id === pid)?.mean ?? null)),
      w: p.criteria.map((c) => c.W),
      flagged: p.criteria.map((c, j) => (c.low_agreement ? j : -1)).filter((j) => j >= 0),
      scale: { min: scale[0].value, max: scale[scale.length - 1].value },
    }));
    box.append(ratingsTable(docs, p));
    const comments = commentsTable(docs, p);
    if (comments) box.append(comments);
    const w = warningsBlock(docs, p.warnings, p.warning_msgs);
    if (w) box.append(w);
  }
  return any;
}
