#!/usr/bin/env node
// Prints the links that carry a study (docs/web.md "Study links"): the
// student's questionnaire link and the expert's rubric link, made with the
// pages' own encoder (web/js/study-link.js), and the study's fingerprint.
//   node scripts/dev/study-link.mjs rubrics/study.microcredentials.v1.json [https://site.example/assess/]
// The study is not validated here: open the link (or run the engine's
// validate_instrument) to check it.
import { readFileSync } from 'node:fs';
import { encodeStudy, fingerprint, LIMITS } from '../../web/js/study-link.js';

const [file, base = 'http://127.0.0.1:8000/'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/dev/study-link.mjs STUDY.json [SITE-URL/]');
  process.exit(2);
}
const study = JSON.parse(readFileSync(file, 'utf8'));
const sd = await encodeStudy(study);
const site = new URL(base.endsWith('/') ? base : `${base}/`);
console.log(`questionnaire: ${new URL(`questionnaire.html#sd=${sd}`, site).href}`);
console.log(`rubric:        ${new URL(`rubric.html#sd=${sd}`, site).href}`);
console.log(`fingerprint:   ${await fingerprint(study)}`);
console.log(`length:        ${sd.length} characters after #sd= (at most ${LIMITS.link})`);
