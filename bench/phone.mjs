// The "Phone" section of bench/results.md (issue 13): largest contentful
// paint and the requests of a cold load, before and after the bundling,
// from bench/lcp-results.json (written by `node bench/lcp.mjs --record
// before|after`; bench/throttling.md has the profiles).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LCP_RESULTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lcp-results.json');

const sec = (ms) => (ms == null ? '-' : `${(ms / 1000).toFixed(2)} s`);

export function renderPhone(P = existsSync(LCP_RESULTS) ? JSON.parse(readFileSync(LCP_RESULTS, 'utf8')) : null) {
  if (!P?.after) return [];
  const L = [];
  const key = (r) => `${r.profile} ${r.page}`;
  const before = new Map((P.before?.rows ?? []).map((r) => [key(r), r]));
  L.push('## Phone: largest contentful paint and requests of a cold load (issue 13)', '');
  L.push(`\`node bench/lcp.mjs\`: headless Chromium at 360 px, the site served uncompressed from 127.0.0.1, a cold cache (a new browser context per run), network and CPU throttled through the DevTools protocol with the two profiles of [throttling.md](throttling.md); each figure is the median of ${P.after.runs} runs (runs listed in lcp-results.json). Requests: those of the page and its worker until the page is ready (the service worker's downloads start after that and are not counted).`, '');
  for (const [name, run] of [['before', P.before], ['after', P.after]]) {
    if (run) L.push(`- ${name}: ${run.label ?? ''} (${run.commit ?? ''}, ${run.date}, load average ${run.load?.map((x) => x.toFixed(1)).join(' ') ?? '-'})`);
  }
  L.push('');
  L.push('| profile | page | LCP before | LCP after | target | status | requests before | requests after | ready after (engine loaded) |');
  L.push('|---|---|---|---|---|---|---|---|---|');
  for (const r of P.after.rows) {
    const b = before.get(key(r));
    L.push(`| ${r.profile_name} | ${r.page} | ${sec(b?.lcp_ms)} | ${sec(r.lcp_ms)} | <= ${sec(r.target_ms)} | **${r.pass ? 'PASS' : 'MISS'}** | ${b?.requests ?? '-'} | ${r.requests} | ${sec(r.ready_ms)} |`);
  }
  L.push('');
  if (P.note) L.push(P.note, '');
  L.push('The LCP element is the consent text (questionnaire) and the introduction (index), both filled from the texts of the page language. What the page loads before it, after the bundling: the HTML, then in parallel the CSS, the entry module and its one chunk, the texts (asked for by js/preload-texts.js) and, on the questionnaire, the study and the instrument (preloaded; the document index is inside the HTML). Before: a chain of up to five ES modules, then the texts, the document index, the study, the full engine to check it (worker, loader, 800 KB of wasm), then the instrument.', '');
  return L;
}
