// Largest contentful paint of the pages on a throttled phone (issue 13):
// headless Chromium at 360 px, the site served uncompressed on 127.0.0.1
// (tests/browser/helpers.mjs startSite, scripts/serve.mjs), a cold cache
// (each run a new browser context: empty HTTP cache, no service worker),
// network and CPU throttled through the DevTools protocol with the two
// profiles of bench/throttling.md. Also counts the requests of a cold load
// (the page and its worker, up to the page's body[data-ready]; the service
// worker's own downloads, which start after that, are counted apart).
//   node bench/lcp.mjs [--site DIR] [--runs N] [--json FILE] [--record before|after] [--label TEXT]
// Prints a table; --json writes the medians; --record keeps them as the
// "before" or "after" figures in bench/lcp-results.json and redraws
// bench/results.md (its "Phone" section, bench/phone.mjs).
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { LCP_RESULTS } from './phone.mjs';
import { startSite, PHONE, siteDir } from '../tests/browser/helpers.mjs';

// bench/throttling.md says where these come from.
export const PROFILES = [
  {
    id: 'slow-4g-4x', name: 'slow 4G, 4x CPU', target_ms: 1200,
    // Lighthouse mobileSlow4G: RTT 150 ms, 1.6 Mbps down, 750 kbps up, 4x CPU.
    network: { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 },
    cpu: 4,
  },
  {
    id: 'fast-3g-6x', name: 'fast 3G, 6x CPU', target_ms: 2500,
    // DevTools "Fast 3G" (DevTools now names these values "Slow 4G"):
    // latency 150 ms x 3.75 = 562.5 ms, 1.6 Mbps x 0.9 down, 750 kbps x 0.9
    // up; DevTools' "6x slowdown" of the CPU.
    network: { latency: 562.5, downloadThroughput: (1.6 * 1000 * 1000 / 8) * 0.9, uploadThroughput: (750 * 1000 / 8) * 0.9 },
    cpu: 6,
  },
];
export const PAGES = ['index.html', 'questionnaire.html'];

// Keeps the latest LCP candidate (and what it was) in window.__lcp.
const OBSERVE_LCP = `
  window.__lcp = null;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const el = e.element;
      window.__lcp = { ms: e.startTime, size: e.size,
        element: el ? el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.dataset && el.dataset.i18n ? '[' + el.dataset.i18n + ']' : '') : null };
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
`;

async function measure(site, pageName, profile) {
  const device = await site.newDevice({ viewport: PHONE, locale: 'en-US' });
  const own = [];
  const sw = [];
  let counting = true;
  device.context.on('request', (r) => {
    if (r.serviceWorker()) sw.push(r.url());
    else if (counting) own.push(r.url());
  });
  await device.context.addInitScript(OBSERVE_LCP);
  const page = await device.context.newPage();
  const cdp = await device.context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.network });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  const t0 = Date.now();
  await page.goto(`${device.origin}/${pageName}`);
  await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
  counting = false;
  const readyMs = Date.now() - t0;
  // LCP candidates stop at the first input; none comes, so let late
  // renders land before reading the last one.
  await page.waitForTimeout(1000);
  const lcp = await page.evaluate(() => globalThis.__lcp);
  await device.context.close();
  return { lcp_ms: lcp?.ms ?? null, element: lcp?.element ?? null, ready_ms: readyMs, requests: own.length, sw_requests: sw.length };
}

const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function run({ root = siteDir, runs = 3 } = {}) {
  const site = await startSite({ root });
  const out = [];
  try {
    for (const profile of PROFILES) {
      for (const pageName of PAGES) {
        const all = [];
        for (let i = 0; i < runs; i++) all.push(await measure(site, pageName, profile));
        const lcp = median(all.map((r) => r.lcp_ms));
        out.push({
          profile: profile.id, profile_name: profile.name, page: pageName, target_ms: profile.target_ms,
          lcp_ms: lcp, pass: lcp != null && lcp <= profile.target_ms,
          lcp_runs_ms: all.map((r) => r.lcp_ms), element: all[0].element,
          requests: median(all.map((r) => r.requests)), ready_ms: median(all.map((r) => r.ready_ms)),
        });
      }
    }
  } finally {
    await site.close();
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2);
  const opt = (name, def) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : def;
  };
  const root = path.resolve(opt('--site', siteDir));
  const runs = Number(opt('--runs', 3));
  const rows = await run({ root, runs });
  console.log(`site ${root}, ${runs} cold runs each, median`);
  console.log('| profile | page | LCP | target | status | LCP element | requests until ready | ready |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.profile_name} | ${r.page} | ${(r.lcp_ms / 1000).toFixed(2)} s | <= ${(r.target_ms / 1000).toFixed(1)} s | ${r.pass ? 'PASS' : 'MISS'} | ${r.element} | ${r.requests} | ${(r.ready_ms / 1000).toFixed(2)} s |`);
  }
  let commit = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch { /* not a git checkout */ }
  const result = { site: path.relative(process.cwd(), root) || '.', runs, label: opt('--label', null), commit, date: new Date().toISOString(), load: loadavg(), profiles: PROFILES, rows };
  const json = opt('--json', null);
  if (json) writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  const record = opt('--record', null);
  if (record === 'before' || record === 'after') {
    const all = existsSync(LCP_RESULTS) ? JSON.parse(readFileSync(LCP_RESULTS, 'utf8')) : {};
    all[record] = result;
    writeFileSync(LCP_RESULTS, `${JSON.stringify(all, null, 1)}\n`);
    execFileSync(process.execPath, [path.join(path.dirname(new URL(import.meta.url).pathname), 'run.mjs'), '--render'], { stdio: 'inherit' });
  }
}
