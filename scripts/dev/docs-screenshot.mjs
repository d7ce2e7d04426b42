#!/usr/bin/env node
// Development helper: regenerates docs/img/questionnaire-360.png (the
// screenshot in the README and docs/web.md) from the built site: the
// questionnaire's items step on a 360 px phone screen, some answers given.
//   node scripts/dev/docs-screenshot.mjs
import path from 'node:path';
import { startSite, open, root } from '../../tests/browser/helpers.mjs';

const site = await startSite();
try {
  const device = await site.newDevice({ viewport: { width: 360, height: 740 } });
  const page = await open(device, 'questionnaire.html');
  await page.evaluate(() => localStorage.setItem('assess.q.draft.microcredentials.competency-12.v1', JSON.stringify({
    format: 'assess-draft/1', instrument: { id: 'competency-12', version: 1 }, step: 'items', consent: true,
    code: 'AЙ07AЛ-K', programme: 'teacher-mediator', wave: 'pre', group: null, answers: { ET1: 4, ET2: 5 }, started: new Date().toISOString(),
  })));
  await page.reload();
  await page.waitForSelector('body[data-ready]');
  await page.evaluate(() => document.getElementById('items-heading').scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(root, 'docs/img/questionnaire-360.png') });
  console.log('wrote docs/img/questionnaire-360.png');
} finally {
  await site.close();
}
