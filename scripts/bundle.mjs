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
//   js/engine-worker.js the engine's classic worker, minified
// and every page's HTML gets <link rel="modulepreload"> for each module its
// entry imports statically, so that the browser asks for all of them right
// after the HTML: no page waits on a chain of more than two round trips
// (HTML, then its CSS and modules in parallel). A dynamic import must name a
// literal './file.js' (esbuild bundles only those; tests/docs/bundle.test.mjs
// checks the sources).
import { build } from 'esbuild';
import { readFileSync, writeFileSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';

// Modules besides the pages that keep their own file in the site, for code
// that imports them by address (the browser tests; a page of one's own).
export const PUBLIC = ['i18n.js', 'engine-client.js', 'analysis-files.js'];
// Pages bundled together share chunks of their common code. The pages are
// grouped by who opens them: a student or an expert on a phone (the index,
// then the questionnaire or the rubric) and a researcher (the analysis page),
// so that each page needs as few files as possible: shared chunks across
// every page would cost the index and the questionnaire two or three more
// requests each, for about 3 KB gzip of code they would otherwise share.
// The index is a group of its own: a single small file.
export const GROUPS = [['page-index.js'], ['page-questionnaire.js', 'page-rubric.js'], ['page-analysis.js']];
// The language level of the output: the pages use top-level await (ES2022),
// so that is the floor; esbuild lowers nothing below it.
const TARGET = 'es2022';

export async function bundle(repo, site) {
  const src = path.join(repo, 'web/js');
  const out = path.join(site, 'js');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
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
      metafile: true,
    });
    Object.assign(outputs, result.metafile.outputs);
    groupFiles.push({ group, files: Object.keys(result.metafile.outputs) });
  }
  await build({ ...common, entryPoints: PUBLIC.map((f) => path.join(src, f)), outdir: out, entryNames: '[name]' });
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

  // <link rel="modulepreload"> for every module a page's entry needs.
  const preloads = {};
  for (const html of readdirSync(site).filter((f) => f.endsWith('.html'))) {
    const file = path.join(site, html);
    let text = readFileSync(file, 'utf8');
    const m = text.match(/<script type="module" src="(js\/page-[a-z0-9-]+\.js)"><\/script>\n/);
    if (!m) continue;
    const deps = closure(m[1]);
    preloads[html] = [m[1], ...deps];
    const links = deps.map((d) => `<link rel="modulepreload" href="${d}">\n`).join('');
    text = text.replace(m[0], `${m[0]}${links}`);
    writeFileSync(file, text);
  }
  // The files that only the analysis page's group produced: the service
  // worker caches them on first use instead of at install (site.cmake).
  const others = new Set(groupFiles.filter((g) => !g.group.includes('page-analysis.js')).flatMap((g) => g.files.map(rel)));
  const analysisOnly = groupFiles.filter((g) => g.group.includes('page-analysis.js'))
    .flatMap((g) => g.files.map(rel)).filter((f) => !others.has(f)).sort();
  return { outputs: Object.keys(outputs).map(rel).sort(), preloads, analysisOnly };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const [repo, site] = process.argv.slice(2);
  if (!repo || !site) {
    console.error('usage: node scripts/bundle.mjs <repo> <site dir>');
    process.exit(2);
  }
  try {
    const { outputs, preloads, analysisOnly } = await bundle(path.resolve(repo), path.resolve(site));
    console.log(`bundle: ${outputs.length} modules in ${path.join(site, 'js')}; modules per page: ${Object.entries(preloads).map(([h, l]) => `${h} ${l.length}`).join(', ')}`);
    console.log(`analysis-only: ${analysisOnly.join(' ')}`);
  } catch (err) {
    console.error(`bundle: ${err.message}`);
    process.exit(1);
  }
}
