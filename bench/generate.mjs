#!/usr/bin/env node
// Seeded generators of the benchmark data: pre-post studies of N participants
// on competency-12 (two waves, one CSV per wave as a study exports them - the
// engine takes at most 128 MiB per CSV file -, the five programmes of
// study.microcredentials) and expert panels of E experts x P programmes on
// expert-panel, in the CSV formats of fixtures/demo (docs/formats.md). Plus,
// for the peer comparison, the edtech scores of the linked pairs of each study
// (paired-N.json: the same numbers analyze_prepost tests) and one
// Shapiro-Wilk sample of n = 5000. For the measurement ops (issue 16): the
// scored item answers of N respondents (items-N.json) and the codes of R
// raters for O objects (codes-OxR.json).
//
//   node bench/generate.mjs [--out build/bench/data] [--sizes 100,10000,...]
//                           [--panels 9x5,50x20,200x50] [--items 100,500,10000]
//                           [--codes 10000x5] [--force]
//
// Deterministic: every file depends only on its size and SEED (mulberry32,
// 32-bit integer arithmetic only), never on the other sizes asked for, so a
// file once written is reused (manifest.json records the generator version
// and each file's SHA-256). bench/data.sha256 pins the small files; the smoke
// run checks them. Plain Node, no packages.
import { mkdirSync, openSync, writeSync, closeSync, readFileSync, writeFileSync, existsSync, statSync, renameSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const GENERATOR_VERSION = 2;
const SEED = 20261124;
const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..');

// ---------------------------------------------------------------- randomness
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare = null;
  const normal = () => {
    if (spare !== null) { const s = spare; spare = null; return s; }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(next() * xs.length)];
  return { next, normal, int, pick };
}
// One stream per file: the seed mixes SEED with the file's parameters.
const streamSeed = (...xs) => xs.reduce((h, x) => Math.imul(h ^ (x >>> 0), 0x9e3779b1) >>> 0, SEED);

// ---------------------------------------------------------------- the study
const readJson = (rel) => JSON.parse(readFileSync(path.join(root, rel), 'utf8'));
const instrument = readJson('rubrics/competency-12.v1.json');
const study = readJson('rubrics/study.microcredentials.v1.json');
const rubric = readJson('rubrics/expert-panel.v1.json');
const PROGRAMMES = study.programmes.map((p) => p.id);
const ITEMS = instrument.items.map((i) => ({ id: i.id, subscale: i.subscale, reverse: !!i.reverse }));
const SUBSCALES = instrument.subscales.map((s) => s.id);
const SUB_INDEX = ITEMS.map((i) => SUBSCALES.indexOf(i.subscale));
const { min: SMIN, max: SMAX } = instrument.response_scale;
const EDTECH = ITEMS.map((it, k) => (it.subscale === 'edtech' ? k : -1)).filter((k) => k >= 0);
const EDTECH_MIN = instrument.subscales.find((s) => s.id === 'edtech').min_answered ?? EDTECH.length;
const CRITERIA = rubric.criteria.map((c) => c.id);
const { min: RMIN, max: RMAX } = rubric.rating_scale;

// Latent model as fixtures/demo/generate.mjs: a general competence, a
// specific part per subscale, a gain per subscale and programme (control:
// practice effect only); answers are latent + item noise, rounded, clipped;
// reversed items written reverse-keyed.
const BASE = [2.85, 3.05, 3.0, 2.8, 3.1];
const GAIN = [0.72, 0.68, 0.64, 0.76, 0.74];
const PROG_BASE = [0.1, -0.05, -0.1, 0.05, 0.0];
const PROG_GAIN = [1.0, 0.95, 1.15, 0.9, 1.05];
const CONTROL_GAIN = 0.12;
// Realistic missingness (rates per participant / per answer).
export const RATES = {
  dropout: 0.08,       // pre only: left after the pre-test
  missed_pre: 0.04,    // post only: joined late
  code_typo: 0.015,    // post code one symbol off: unmatched, listed as a near match
  control: 0.2,        // wait-list control group (codes typed from paper, no check symbol)
  skip_item: 0.015,    // one answer left empty
  skip_block: 0.01,    // three consecutive items left empty (may break a subscale)
  na_text: 0.1,        // of the empty answers, written as NA
};

const LATIN_LETTERS = 'ABDEGIKLMNORSTUZ';
const CYRILLIC_NAME_LETTERS = 'AБBГДEЖЗИKЛMHOПPCTYФXШЯӘҚҰ';
const CODE_ALPHABET = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', ...'ӘБГҒДЖЗИЙҚЛҢӨПҰФЦЧШЩЫЬЭЮЯ'];
const CODE_VALUE = new Map(CODE_ALPHABET.map((c, i) => [c, i]));
function checkChar(body) {
  let h = 0;
  for (const ch of body) h = (h * 2 + CODE_VALUE.get(ch)) % 61;
  return CODE_ALPHABET[(((1 - 2 * h) % 61) + 61) % 61];
}
const LOOKALIKE = { A: 'А', B: 'В', E: 'Е', K: 'К', M: 'М', H: 'Н', O: 'О', P: 'Р', C: 'С', T: 'Т', Y: 'У', X: 'Х' };
const typedCode = (body, lang) => (lang === 'en' ? body : [...body].map((ch) => LOOKALIKE[ch] ?? ch).join(''));
const LANGS = ['kk', 'ru', 'en'];
const pad2 = (x) => (x < 10 ? `0${x}` : String(x));

// A file written in chunks, hashed on the way, renamed into place at the end
// (an interrupted run leaves no half file behind).
function writer(file) {
  const tmp = `${file}.part`;
  const fd = openSync(tmp, 'w');
  const hash = createHash('sha256');
  let bytes = 0;
  let buf = [];
  let len = 0;
  const flush = () => {
    if (!buf.length) return;
    const b = Buffer.from(buf.join(''), 'utf8');
    writeSync(fd, b);
    hash.update(b);
    bytes += b.length;
    buf = [];
    len = 0;
  };
  return {
    write(s) { buf.push(s); len += s.length; if (len > 1 << 20) flush(); },
    close() { flush(); closeSync(fd); renameSync(tmp, file); return { bytes, sha256: hash.digest('hex') }; },
  };
}

// ---------------------------------------------------------------- studies
// responses-N-pre.csv and responses-N-post.csv (one export per wave) and paired-N.json ({pre, post}: edtech scores of the pairs whose
// codes match exactly, in participant order).
export function generateStudy(n, dir) {
  const R = rng(streamSeed(1, n));
  const header = ['code', 'programme', 'wave', 'lang', 'group', 'submitted', ...ITEMS.map((i) => i.id)].join(',');
  const out = writer(path.join(dir, `responses-${n}-pre.csv`));
  const postOut = writer(path.join(dir, `responses-${n}-post.csv`));
  out.write(`${header}\n`);
  postOut.write(`${header}\n`);
  const taken = new Set();
  const newBody = (lang) => {
    const letters = lang !== 'en' && R.next() < 0.7 ? CYRILLIC_NAME_LETTERS : LATIN_LETTERS;
    for (;;) {
      const b = R.pick(letters) + R.pick(letters) + pad2(R.int(1, 31)) + R.pick(letters) + R.pick(letters);
      if (!taken.has(b)) { taken.add(b); return b; }
    }
  };
  const pre = new Float64Array(n);
  const post = new Float64Array(n);
  let pairs = 0;
  const counts = { participants: n, pre: 0, post: 0, linked: 0, typos: 0 };
  const latent = new Float64Array(5);
  const answers = new Array(ITEMS.length);
  const edtech = () => {
    let s = 0, k = 0;
    for (const j of EDTECH) if (answers[j] !== null) { s += ITEMS[j].reverse ? SMIN + SMAX - answers[j] : answers[j]; k++; }
    return k >= EDTECH_MIN ? s / k : null;
  };
  const writeRecord = (w, code, pi, wave, lang, group, day0) => {
    // item nonresponse
    if (R.next() < RATES.skip_block) {
      const j0 = R.int(0, ITEMS.length - 3);
      answers[j0] = answers[j0 + 1] = answers[j0 + 2] = null;
    }
    let cells = '';
    for (let j = 0; j < ITEMS.length; j++) {
      if (answers[j] !== null && R.next() < RATES.skip_item) answers[j] = null;
      cells += `,${answers[j] === null ? (R.next() < RATES.na_text ? 'NA' : '') : answers[j]}`;
    }
    const stamp = `2025-${day0[0]}-${pad2(day0[1] + R.int(0, 10))}T${pad2(R.int(8, 17))}:${pad2(R.int(0, 59))}:${pad2(R.int(0, 59))}Z`;
    w.write(`${code},${PROGRAMMES[pi]},${wave},${lang},${group},${stamp}${cells}\n`);
  };
  const fill = (shiftOf) => {
    for (let j = 0; j < ITEMS.length; j++) {
      let x = Math.round(latent[SUB_INDEX[j]] + shiftOf(SUB_INDEX[j]) + 0.5 * R.normal());
      x = x < SMIN ? SMIN : x > SMAX ? SMAX : x;
      answers[j] = ITEMS[j].reverse ? SMIN + SMAX - x : x;
    }
  };
  for (let s = 0; s < n; s++) {
    const pi = s % PROGRAMMES.length;
    const group = R.next() < RATES.control ? 'control' : 'experimental';
    const u = R.next();
    const lang = u < 0.45 ? 'kk' : u < 0.85 ? 'ru' : 'en';
    const postLang = R.next() < 0.1 ? R.pick(LANGS) : lang;
    const body = newBody(lang);
    const w = R.next();
    const hasPre = !(w < RATES.missed_pre);
    const hasPost = !(w >= RATES.missed_pre && w < RATES.missed_pre + RATES.dropout);
    let postBody = body;
    if (hasPre && hasPost && R.next() < RATES.code_typo) {
      // one symbol substituted by another of the code's kind
      const at = R.pick([0, 1, 4, 5]);
      for (;;) {
        const c = R.pick(LATIN_LETTERS);
        const b = body.slice(0, at) + c + body.slice(at + 1);
        if (c !== body[at] && !taken.has(b)) { postBody = b; taken.add(b); break; }
      }
      counts.typos++;
    }
    const code = (b, lng) => (group === 'control' ? typedCode(b, lng) : `${b}-${checkChar(b)}`);
    const theta = R.normal();
    const gainFactor = R.normal();
    for (let k = 0; k < 5; k++) latent[k] = BASE[k] + PROG_BASE[pi] + 0.45 * theta + 0.4 * R.normal();
    let ePre = null;
    if (hasPre) {
      fill(() => 0);
      writeRecord(out, code(body, lang), pi, 'pre', lang, group, ['09', 15]);
      ePre = edtech();
      counts.pre++;
    }
    if (hasPost) {
      const g = group === 'experimental' ? PROG_GAIN[pi] : 0;
      fill((k) => (g ? GAIN[k] * g : CONTROL_GAIN) + 0.18 * gainFactor + 0.2 * R.normal());
      writeRecord(postOut, code(postBody, postLang), pi, 'post', postLang, group, ['12', 8]);
      counts.post++;
      if (hasPre && postBody === body) {
        counts.linked++;
        const ePost = edtech();
        if (ePre !== null && ePost !== null) { pre[pairs] = ePre; post[pairs] = ePost; pairs++; }
      }
    }
  }
  const preInfo = out.close();
  const postInfo = postOut.close();
  const pairedFile = path.join(dir, `paired-${n}.json`);
  const pw = writer(pairedFile);
  pw.write('{"pre":[');
  for (let i = 0; i < pairs; i++) pw.write(i ? `,${pre[i]}` : String(pre[i]));
  pw.write('],"post":[');
  for (let i = 0; i < pairs; i++) pw.write(i ? `,${post[i]}` : String(post[i]));
  pw.write(']}\n');
  const pinfo = pw.close();
  return {
    [`responses-${n}-pre.csv`]: { kind: 'responses', n, wave: 'pre', rows: counts.pre, ...preInfo },
    [`responses-${n}-post.csv`]: { kind: 'responses', n, wave: 'post', rows: counts.post, ...postInfo },
    [`paired-${n}.json`]: { kind: 'paired', n, pairs, ...pinfo, study: { ...counts, rows: counts.pre + counts.post, bytes: preInfo.bytes + postInfo.bytes } },
  };
}

// ---------------------------------------------------------------- panels
// ratings-ExP.csv: E experts rate P programmes on every criterion (the
// study's five programmes when P <= 5, else programme-01..P, free objects
// without a study). Experts differ in leniency and noise; 1% of cells empty;
// comments with commas and quotes now and then.
export function generatePanel(experts, objects, dir) {
  const R = rng(streamSeed(2, experts, objects));
  const names = objects <= PROGRAMMES.length ? PROGRAMMES.slice(0, objects)
    : Array.from({ length: objects }, (_, i) => `programme-${String(i + 1).padStart(2, '0')}`);
  const level = names.map(() => CRITERIA.map(() => 2.6 + 2.0 * R.next()));
  const COMMENTS = ['', '', 'Сильная практическая часть, «кейсы» из школ', 'Цифрлық құралдар жақсы қолданылған',
    'Strong practice component; "micro-teaching" tasks work well', 'Good, though short'];
  const file = path.join(dir, `ratings-${experts}x${objects}.csv`);
  const out = writer(file);
  out.write(`expert,object,${CRITERIA.join(',')},comment\n`);
  let rows = 0, missing = 0;
  for (let e = 0; e < experts; e++) {
    const lenience = 0.25 * R.normal();
    const noise = 0.35 + 0.15 * R.next();
    const id = `E${String(e + 1).padStart(3, '0')}`;
    for (let p = 0; p < objects; p++) {
      let cells = '';
      for (let c = 0; c < CRITERIA.length; c++) {
        let x = Math.round(level[p][c] + lenience + noise * R.normal());
        x = x < RMIN ? RMIN : x > RMAX ? RMAX : x;
        if (R.next() < 0.01) { cells += ','; missing++; } else cells += `,${x}`;
      }
      const comment = R.pick(COMMENTS);
      const cell = /[",\n]/.test(comment) ? `"${comment.replace(/"/g, '""')}"` : comment;
      out.write(`${id},${names[p]}${cells},${cell}\n`);
      rows++;
    }
  }
  const info = out.close();
  return { [`ratings-${experts}x${objects}.csv`]: { kind: 'ratings', experts, objects, study: objects <= PROGRAMMES.length, rows, missing, ...info } };
}

// ---------------------------------------------------------------- samples
export function generateSample(n, dir) {
  const R = rng(streamSeed(3, n));
  const file = path.join(dir, `shapiro-${n}.json`);
  const x = Array.from({ length: n }, () => Math.round((50 + 10 * R.normal()) * 1e4) / 1e4);
  const out = writer(file);
  out.write(`${JSON.stringify({ op: 'shapiro_wilk', x })}\n`);
  return { [`shapiro-${n}.json`]: { kind: 'sample', n, ...out.close() } };
}

// ---------------------------------------------------------------- measurement
// items-N.json: the scored answers of N respondents to competency-12's 12
// items (reverse-keyed items re-keyed, as the analysis scores them), the
// study's latent model (a general competence, a specific part per subscale,
// item noise, rounded and clipped to the response scale), every row
// complete: a bare JSON matrix, rows = respondents, columns in the
// instrument's item order (bench/requests.mjs makes the omega and cfa
// requests of it).
export function generateItems(n, dir) {
  const R = rng(streamSeed(4, n));
  const out = writer(path.join(dir, `items-${n}.json`));
  const latent = new Float64Array(SUBSCALES.length);
  out.write('[');
  for (let s = 0; s < n; s++) {
    const pi = s % PROGRAMMES.length;
    const theta = R.normal();
    for (let k = 0; k < SUBSCALES.length; k++) latent[k] = BASE[k] + PROG_BASE[pi] + 0.45 * theta + 0.4 * R.normal();
    let row = '';
    for (let j = 0; j < ITEMS.length; j++) {
      let x = Math.round(latent[SUB_INDEX[j]] + 0.5 * R.normal());
      x = x < SMIN ? SMIN : x > SMAX ? SMAX : x;
      row += j ? `,${x}` : `[${x}`;
    }
    out.write(s ? `,${row}]` : `${row}]`);
  }
  out.write(']\n');
  return { [`items-${n}.json`]: { kind: 'items', n, k: ITEMS.length, ...out.close() } };
}
// The instrument's subscales as column indices (the cfa request's factors).
export const ITEM_FACTORS = SUBSCALES.map((id) => ({ id, items: ITEMS.map((it, j) => (it.subscale === id ? j : -1)).filter((j) => j >= 0) }));

// codes-OxR.json: R raters score O objects on the expert-panel scale
// (rows = raters, columns = objects, the contract's orientation): each
// object has its own level, each rater a leniency and a noise; 1% of the
// cells empty (null). A bare JSON matrix for icc, fleiss_kappa and
// krippendorff_alpha; cohen_kappa compares the first two raters.
export function generateCodes(objects, raters, dir) {
  const R = rng(streamSeed(5, objects, raters));
  const level = Array.from({ length: objects }, () => RMIN + 0.5 + (RMAX - RMIN - 1) * R.next());
  const out = writer(path.join(dir, `codes-${objects}x${raters}.json`));
  let missing = 0;
  out.write('[');
  for (let r = 0; r < raters; r++) {
    const lenience = 0.3 * R.normal();
    const noise = 0.4 + 0.2 * R.next();
    let row = '';
    for (let o = 0; o < objects; o++) {
      let cell;
      if (R.next() < 0.01) { cell = 'null'; missing++; } else {
        const x = Math.round(level[o] + lenience + noise * R.normal());
        cell = String(x < RMIN ? RMIN : x > RMAX ? RMAX : x);
      }
      row += o ? `,${cell}` : `[${cell}`;
    }
    out.write(r ? `,${row}]` : `${row}]`);
  }
  out.write(']\n');
  return { [`codes-${objects}x${raters}.json`]: { kind: 'codes', objects, raters, missing, ...out.close() } };
}

// ---------------------------------------------------------------- driver
// Writes what is missing (or everything with force) and returns the manifest.
export function ensureData({ dir, sizes, panels, items = [], codes = [], force = false, log = () => {} }) {
  mkdirSync(dir, { recursive: true });
  const manifestFile = path.join(dir, 'manifest.json');
  let manifest = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : null;
  if (!manifest || manifest.generator_version !== GENERATOR_VERSION || manifest.seed !== SEED) {
    manifest = { generator_version: GENERATOR_VERSION, seed: SEED, rates: RATES, files: {} };
  }
  const have = (name) => !force && manifest.files[name] && existsSync(path.join(dir, name))
    && statSync(path.join(dir, name)).size === manifest.files[name].bytes;
  const save = () => writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
  for (const n of sizes) {
    if (have(`responses-${n}-pre.csv`) && have(`responses-${n}-post.csv`) && have(`paired-${n}.json`)) continue;
    const t0 = performance.now();
    Object.assign(manifest.files, generateStudy(n, dir));
    log(`generated the study of ${n} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    save();
  }
  for (const [e, p] of panels) {
    if (have(`ratings-${e}x${p}.csv`)) continue;
    Object.assign(manifest.files, generatePanel(e, p, dir));
    save();
  }
  if (!have('shapiro-5000.json')) Object.assign(manifest.files, generateSample(5000, dir));
  for (const n of items) if (!have(`items-${n}.json`)) Object.assign(manifest.files, generateItems(n, dir));
  for (const [o, r] of codes) if (!have(`codes-${o}x${r}.json`)) Object.assign(manifest.files, generateCodes(o, r, dir));
  save();
  return manifest;
}

export const parseSizes = (s) => s.split(',').filter(Boolean).map((x) => {
  const v = Number(x.replace(/_/g, ''));
  if (!Number.isInteger(v) || v < 10) throw new Error(`bad size ${x}`);
  return v;
});
export const parsePanels = (s) => s.split(',').filter(Boolean).map((x) => {
  const m = /^(\d+)x(\d+)$/.exec(x);
  if (!m) throw new Error(`bad panel ${x} (EXPERTSxPROGRAMMES)`);
  return [Number(m[1]), Number(m[2])];
});

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
  const manifest = ensureData({
    dir: path.resolve(opt('--out', path.join(root, 'build/bench/data'))),
    sizes: parseSizes(opt('--sizes', '100,10000,100000,1000000')),
    panels: parsePanels(opt('--panels', '9x5,50x20,200x50')),
    items: parseSizes(opt('--items', '100,500,10000')),
    codes: parsePanels(opt('--codes', '10000x5')),
    force: args.includes('--force'),
    log: (m) => console.error(m),
  });
  for (const [name, f] of Object.entries(manifest.files)) console.log(`${name}\t${f.bytes}\t${f.sha256}`);
}
