// Shared machinery of the browser tests: serves build/site on 127.0.0.1
// (scripts/serve.mjs), drives Debian's /usr/bin/chromium through
// playwright-core (never a downloaded browser), records every request of the
// context (pages, workers and the service worker) to prove nothing leaves the
// site's origin, runs axe-core inside the page, checks the CSP meta and takes
// screenshots into build/screenshots/.
import { chromium } from 'playwright-core';
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { startServer } from '../../scripts/serve.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const siteDir = path.join(root, 'build/site');
export const screenshotDir = path.join(root, 'build/screenshots');

export const CHROMIUM = process.env.ASSESS_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  '--disable-default-apps', '--disable-extensions', '--no-default-browser-check',
];
export const CSP_REQUIRED = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";
export const PAGES = ['index.html', 'questionnaire.html', 'rubric.html', 'analysis.html', 'designer.html', 'coding.html'];
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

const AXE_SOURCE = readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

// One server + one browser (fresh profile in a temporary user-data dir) per
// test file. Returns {origin, browser, newDevice(), close()}. `root` serves
// another build of the site (bench/lcp.mjs compares two).
export async function startSite({ root: dir = siteDir } = {}) {
  if (!existsSync(path.join(dir, 'engine/assess.wasm'))) {
    throw new Error(`${dir} is not built: run scripts/build first`);
  }
  const server = await startServer({ root: dir, port: 0 });
  const origin = `http://127.0.0.1:${server.address().port}`;
  // chromium.launch() starts from a fresh temporary user-data dir of its own
  // (removed on close); each "device" is a separate context of that browser,
  // with its own storage, service workers and caches.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const devices = [];

  async function newDevice({ viewport = DESKTOP, locale = 'en-US', acceptDownloads = true, userAgent, deviceScaleFactor } = {}) {
    const context = await browser.newContext({
      viewport, locale, acceptDownloads, ...(userAgent ? { userAgent } : {}), ...(deviceScaleFactor ? { deviceScaleFactor } : {}),
    });
    const requests = [];
    const problems = [];
    context.on('request', (r) => requests.push(r.url()));
    context.on('weberror', (e) => problems.push(`page error: ${e.error().message}`));
    context.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    const device = { context, requests, problems, origin };
    devices.push(device);
    return device;
  }

  async function close() {
    for (const d of devices) await d.context.close().catch(() => {});
    await browser.close().catch(() => {});
    server.closeAllConnections?.();
    await new Promise((r) => server.close(r));
  }

  return { origin, server, browser, newDevice, close };
}

// Every recorded request stays on the site's origin (blob: and data: URLs
// created by the page itself count as local).
export function assertNoForeignRequests(device) {
  const foreign = device.requests.filter((u) => {
    if (u.startsWith('data:')) return false;
    try {
      return new URL(u).origin !== device.origin;
    } catch {
      return true;
    }
  });
  assert.deepEqual(foreign, [], `requests left the site: ${foreign.join(', ')}`);
}

export function assertNoProblems(device, { allow = [] } = {}) {
  const left = device.problems.filter((p) => !allow.some((re) => re.test(p)));
  assert.deepEqual(left, [], `errors in the page:\n${left.join('\n')}`);
}

export async function assertCsp(page) {
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.ok(csp, 'the page has no CSP meta');
  for (const directive of CSP_REQUIRED.split('; ')) {
    assert.ok(csp.includes(directive), `CSP lacks "${directive}": ${csp}`);
  }
  assert.ok(!/unsafe-inline|unsafe-eval'/.test(csp.replace("'wasm-unsafe-eval'", '')), `CSP too loose: ${csp}`);
}

// Zero axe-core violations for the WCAG 2.0/2.1 A and AA rules.
export async function assertAccessible(page, label = '') {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.evaluate(AXE_SOURCE); // evaluate is not subject to the page's CSP
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
  assert.deepEqual(result, [], `axe violations ${label}:\n${JSON.stringify(result, null, 2)}`);
}

// Full-page screenshots at phone and desktop widths; the page must not be
// wider than either (wide tables scroll in their own box).
export async function screenshots(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const before = page.viewportSize();
  for (const vp of [PHONE, DESKTOP]) {
    await page.setViewportSize(vp);
    await page.waitForTimeout(50);
    const wider = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(wider <= 0, `${name} at ${vp.width} px is ${wider} px wider than the screen`);
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${vp.width}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

// Opens a page and waits until its module has rendered (body[data-ready]).
export async function open(device, rel, { wait = true } = {}) {
  const page = await device.context.newPage();
  await page.goto(`${device.origin}/${rel}`);
  if (wait) await page.waitForSelector('body[data-ready]', { timeout: 20_000 });
  return page;
}

// Reads a download into a string.
export async function downloadText(page, action) {
  const [dl] = await Promise.all([page.waitForEvent('download'), action()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), text: readFileSync(file, 'utf8') };
}
