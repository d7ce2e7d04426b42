// Bundles the site's JavaScript with esbuild (a pinned npm dev dependency;
// nothing is downloaded at build or run time). Run by scripts/site.cmake:
//   node scripts/bundle.mjs <repo> <site dir>
// web/js keeps plain ES modules (what a reader edits and what the tests in
// Node import); the site gets:
//   js/page-<name>.js   one entry module per page (ESM, minified)
//   js/chunk-<hash>.js  code shared by several pages (code splitting), and
//                       every module loaded on first use through a dynamic
//                       import('./x.js') (messages.js, a .docx writer, ...)
//   js/<public>.js      the modules that stay importable at their old address
//                       (PUBLIC below; the browser tests import them): each
//                       a self-contained bundle that no page loads, so that
//                       they do not split the pages' chunks further (a
//                       module state such as i18n's language is its own)
//   js/preload-texts.js (EARLY) asks for the page's texts while the rest loads
//   js/engine-worker.js the engine's classic worker, minified
//   css/*.css           minified
//   i18n/<lang>.json    without the analysis page's texts, which go to
//                       i18n/analysis/<lang>.json (lang.js)
// and every page's HTML gets <link rel="modulepreload"> for each module its
// entry imports statically, so that the browser asks for all of them right
// after the HTML: no page waits on a chain of more than two round trips
// (HTML, then its CSS and modules in parallel). A dynamic import must name a
// literal './file.js' (esbuild bundles only those; tests/docs/bundle.test.mjs
// checks the sources).
// The questionnaire and the rubric page also get the list of documents
// (rubrics/index.json) inside the HTML, as <script type="application/json"
// id="rubrics-index"> (data, never run; study.js reads it instead of fetching
// the file), and the documents they show by default (the study and the
// instrument or rubric it names, found as study.js finds them) in the
// data-preload attribute of preload-texts.js's script, which preloads them
// when the address names no document of its own, so that these arrive
// beside the scripts instead of one after the other.
import { build, transform } from 'esbuild';
import { readFileSync, writeFileSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';

// Modules besides the pages that keep their own file in the site, for code
// that imports them by address (the browser tests; a page of one's own).
export const PUBLIC = ['i18n.js', 'engine-client.js', 'analysis-files.js'];
// Small modules every page loads with <script type="module" async> beside its
// entry, each self-contained (preload-texts.js asks for the texts early).
export const EARLY = ['preload-texts.js'];
// Pages bundled together share chunks of their common code. Here every page
// is a group of its own: the pages are opened by different people (a student
// the index and the questionnaire, an expert the rubric, a researcher the
// analysis), so chunks shared across pages would save a real visitor at most
// the ~3 KB gzip of code the index shares with the next page, and cost each
// page one or two more requests on every cold load (measured with
// bench/lcp.mjs: the questionnaire's study and instrument then wait for a
// free connection). Code splitting still shares a page's code with the
// modules it loads on first use (messages.js, a .docx writer, ...).
export const GROUPS = [];
// Modules that a page loads only for some studies (import('./x.js')), each
// bundled on its own, self-contained, like PUBLIC: age.js (the age-encryption
// library) for a study whose answers are encrypted. Split with a page's code,
// esbuild would share its small helpers with them through one more chunk,
// which every page would then load; on their own they cost a plain study
// nothing. The service worker caches them on first use (site.cmake).
export const ON_DEMAND = ['age.js'];
// The pages only researchers open: what only they load is not part of the
// service worker's install (a student's phone never downloads it).
export const RESEARCHER_PAGES = ['page-analysis.js', 'page-sheet.js', 'page-designer.js', 'page-coding.js'];
// The language level of the output: the pages use top-level await (ES2022),
// so that is the floor; esbuild lowers nothing below it.
const TARGET = 'es2022';

export async function bundle(repo, site) {
  const src = path.join(repo, 'web/js');
  const out = path.join(site, 'js');
  // Scripts of an earlier run go; other files in js/ (copied from web/js
  // by site.cmake) stay.
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(out)) if (/\.m?js$/.test(f)) rmSync(path.join(out, f), { force: true });
  const pages = readdirSync(src).filter((f) => /^page-[a-z0-9-]+\.js$/.test(f)).sort();
  const common = { bundle: true, format: 'esm', minify: true, target: TARGET, legalComments: 'none', logLevel: 'warning', absWorkingDir: repo };

  // One esbuild run (with code splitting) per group of pages; a page in no
  // group is a group of its own.
  const groups = GROUPS.map((g) => g.filter((f) => pages.includes(f))).filter((g) => g.length);
  for (const f of pages) if (!groups.some((g) => g.includes(f))) groups.push([f]);
  const outputs = {};
  const groupFiles = [];
  for (const group of groups) {
    const result = await build({
      ...common,
      entryPoints: group.map((f) => path.join(src, f)),
      outdir: out,
      splitting: true,
      entryNames: '[name]',
      chunkNames: 'chunk-[hash]',
      external: ON_DEMAND.map((f) => `./${f}`),
      metafile: true,
    });
    Object.assign(outputs, result.metafile.outputs);
    groupFiles.push({ group, files: Object.keys(result.metafile.outputs) });
  }
  await build({ ...common, entryPoints: [...PUBLIC, ...EARLY, ...ON_DEMAND].map((f) => path.join(src, f)), outdir: out, entryNames: '[name]' });
  // The worker is a classic script (importScripts of the Emscripten loader).
  await build({
    entryPoints: [path.join(src, 'engine-worker.js')],
    outfile: path.join(out, 'engine-worker.js'),
    bundle: false,
    minify: true,
    target: TARGET,
    legalComments: 'none',
    logLevel: 'warning',
  });

  // Static imports of every output file (paths relative to the site).
  const rel = (p) => path.relative(site, path.resolve(repo, p)).split(path.sep).join('/');
  const staticImports = new Map();
  for (const [file, info] of Object.entries(outputs)) {
    staticImports.set(rel(file), info.imports.filter((i) => i.kind === 'import-statement').map((i) => rel(i.path)));
  }
  const closure = (start) => {
    const seen = new Set();
    const visit = (f) => {
      for (const dep of staticImports.get(f) ?? []) {
        if (!seen.has(dep)) { seen.add(dep); visit(dep); }
      }
    };
    visit(start);
    return [...seen].sort();
  };

  splitTexts(site);
  await minifyCss(site);
  const docs = defaultDocuments(site);

  // <link rel="modulepreload"> for every module a page's entry needs.
  const preloads = {};
  for (const html of readdirSync(site).filter((f) => f.endsWith('.html'))) {
    const file = path.join(site, html);
    let text = readFileSync(file, 'utf8');
    const m = text.match(/<script type="module" src="(js\/page-[a-z0-9-]+\.js)"><\/script>\n/);
    if (!m) continue;
    const deps = closure(m[1]);
    preloads[html] = [m[1], ...deps];
    let links = deps.map((d) => `<link rel="modulepreload" href="${d}">\n`).join('');
    if (docs.pages[html]) {
      // The default documents go to preload-texts.js, which asks for them
      // only when the address names no other (a study named by ?study=
      // would otherwise cost a student the default study's download too).
      const early = '<script type="module" async src="js/preload-texts.js"></script>';
      if (!text.includes(early)) throw new Error(`${html}: no ${early}`);
      text = text.replace(early, early.replace('<script ', `<script data-preload="${docs.pages[html].join(' ')}" `));
      // JSON text inside <script>: "</" must not end the element.
      links += `<script type="application/json" id="rubrics-index">${docs.indexText.replace(/<\//g, '<\\/')}</script>\n`;
    }
    text = text.replace(m[0], `${m[0]}${links}`);
    writeFileSync(file, text);
  }
  // The files that only the researchers' pages' groups produced (the
  // analysis page, the classroom sheet, the study designer): the service
  // worker caches them on first use instead of at install (site.cmake).
  const researchers = (g) => g.group.some((f) => RESEARCHER_PAGES.includes(f));
  const others = new Set(groupFiles.filter((g) => !researchers(g)).flatMap((g) => g.files.map(rel)));
  const analysisOnly = groupFiles.filter(researchers)
    .flatMap((g) => g.files.map(rel)).filter((f) => !others.has(f)).sort();
  const onDemand = ON_DEMAND.map((f) => `js/${f}`);
  return { outputs: Object.keys(outputs).map(rel).sort(), preloads, analysisOnly, onDemand };
}

// The style sheets, minified in place (esbuild's CSS minifier).
async function minifyCss(site) {
  const dir = path.join(site, 'css');
  let names;
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.css'));
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    const { code } = await transform(readFileSync(file, 'utf8'), { loader: 'css', minify: true, target: ['chrome100', 'firefox100', 'safari15'], legalComments: 'none' });
    writeFileSync(file, code);
  }
}

// A page's own texts from i18n/<lang>.json into i18n/<part>/<lang>.json
// (lang.js, textPartUrls; the page's <html data-texts="<part>">): the other
// pages do not download them. The analysis page's (keys a.*) are half of
// each catalogue; the rubric page's, the index's, the classroom sheet's and
// the study designer's and the coding page's are kept off the questionnaire, which students load on
// phones (its budget, size.test.mjs).
const TEXT_PARTS = { analysis: 'a.', rubric: 'r.', index: 'index.', sheet: 'sh.', designer: 'd.', coding: 'c.' };
function splitTexts(site) {
  const dir = path.join(site, 'i18n');
  let names;
  try {
    names = readdirSync(dir).filter((f) => /^[a-z]+\.json$/.test(f));
  } catch {
    return;
  }
  for (const name of names) {
    const all = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    for (const [part, prefix] of Object.entries(TEXT_PARTS)) {
      const keys = Object.keys(all).filter((k) => k.startsWith(prefix));
      mkdirSync(path.join(dir, part), { recursive: true });
      writeFileSync(path.join(dir, part, name), `${JSON.stringify(Object.fromEntries(keys.map((k) => [k, all[k]])))}\n`);
      for (const k of keys) delete all[k];
    }
    writeFileSync(path.join(dir, name), `${JSON.stringify(all)}\n`);
  }
}

// The files of the documents each page shows when its URL names none: as
// study.js's findEntry picks them (the first id of a format, its highest
// version; the study's instrument and rubric by id and version).
const PAGE_DOCUMENTS = { 'questionnaire.html': 'instrument', 'rubric.html': 'rubric' };
function defaultDocuments(site) {
  let index;
  let indexText;
  try {
    indexText = readFileSync(path.join(site, 'rubrics/index.json'), 'utf8');
    index = JSON.parse(indexText).documents ?? [];
  } catch {
    return { pages: {} };
  }
  const find = (format, { id, version } = {}) => {
    // Without an id, documents with items other than Likert are skipped (as study.js does).
    let pool = index.filter((d) => d.format === format && (id ? d.id === id : !d.item_types) && (version == null || d.version === version));
    if (!pool.length) return null;
    pool = pool.filter((d) => d.id === pool[0].id).sort((a, b) => b.version - a.version);
    return pool[0];
  };
  const study = find('assess-study/1');
  let doc = {};
  if (study) {
    try {
      doc = JSON.parse(readFileSync(path.join(site, 'rubrics', study.file), 'utf8'));
    } catch {
      doc = {};
    }
  }
  const pages = {};
  for (const [html, kind] of Object.entries(PAGE_DOCUMENTS)) {
    const ref = doc[kind] && typeof doc[kind] === 'object' ? doc[kind] : {};
    const entry = find(`assess-${kind}/1`, ref);
    pages[html] = [study, entry].filter(Boolean).map((e) => `rubrics/${e.file}`);
  }
  return { pages, indexText: JSON.stringify(JSON.parse(indexText)) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const [repo, site] = process.argv.slice(2);
  if (!repo || !site) {
    console.error('usage: node scripts/bundle.mjs <repo> <site dir>');
    process.exit(2);
  }
  try {
    const { outputs, preloads, analysisOnly, onDemand } = await bundle(path.resolve(repo), path.resolve(site));
    console.log(`bundle: ${outputs.length} modules in ${path.join(site, 'js')}; modules per page: ${Object.entries(preloads).map(([h, l]) => `${h} ${l.length}`).join(', ')}`);
    console.log(`analysis-only: ${analysisOnly.join(' ')}`);
    console.log(`on-demand: ${onDemand.join(' ')}`);
  } catch (err) {
    console.error(`bundle: ${err.message}`);
    process.exit(1);
  }
}
