// The engine's copy of the pages' Kazakh and Russian message templates
// (engine/src/core/messages/translated_*.inc) is the pages' catalogue as it
// is now: a translator edits web/i18n/msg/ only, and this test says when the
// copy must be made again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '../../scripts/gen-translated-messages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('the engine\'s kk/ru message templates are the pages\' catalogue', () => {
  for (const [rel, text] of Object.entries(generate())) {
    assert.equal(readFileSync(path.join(root, rel), 'utf8'), text,
      `${rel} is out of date: run node scripts/gen-translated-messages.mjs`);
    assert.ok(text.split('\n').length > 50, `${rel} is nearly empty`);
  }
});
