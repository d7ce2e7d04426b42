// How the questionnaire reads and writes the answers of each item type
// (web/js/items.js, items-more.js), without a browser: a number typed with a decimal comma
// or point, its range and wholeness; the answer a response file carries.
// It lives here, as the i18n test does, because it guards the pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerOf, isAnswered } from '../../web/js/items.js';
import { readNumber } from '../../web/js/items-more.js';

const gpa = { id: 'GPA', type: 'number', min: 0, max: 4 };
const years = { id: 'experience', type: 'number', min: 0, max: 60, integer: true };
const signed = { id: 't', type: 'number', min: -10, max: 10 };

test('a number is read with a decimal comma or point, spaces ignored', () => {
  for (const [text, value] of [['3,4', 3.4], ['3.4', 3.4], [' 3,40 ', 3.4], ['4', 4], ['0', 0], [',5', 0.5], ['3.', 3], ['', null], ['  ', null]]) {
    assert.deepEqual(readNumber(gpa, text), { value }, JSON.stringify(text));
  }
  assert.deepEqual(readNumber(years, '1 0'), { value: 10 });
  assert.deepEqual(readNumber(signed, '\u22123,5'), { value: -3.5 }, 'the minus sign as the page writes it');
  assert.ok(Object.is(readNumber(signed, '-0').value, 0), 'never -0');
});

test('what is not a number, not whole or out of range is said as such', () => {
  for (const text of ['abc', '3,4,5', '1e3', '3..4', '+', '٣', '0x10', 'Infinity']) assert.deepEqual(readNumber(gpa, text), { error: 'not_number' }, text);
  assert.deepEqual(readNumber(years, '12,5'), { error: 'not_whole' });
  assert.deepEqual(readNumber(years, '61'), { error: 'range' });
  assert.deepEqual(readNumber(gpa, '4,01'), { error: 'range' });
  assert.deepEqual(readNumber(signed, '-10,5'), { error: 'range' });
});

test('the answer in the file: option ids in option order, nothing for an empty answer', () => {
  const multi = { id: 'tools', type: 'multi', options: [{ id: 'lms' }, { id: 'video' }, { id: 'ai' }] };
  assert.deepEqual(answerOf(multi, ['ai', 'lms']), ['lms', 'ai']);
  assert.equal(answerOf(multi, []), null);
  assert.equal(answerOf(multi, ['gone']), null, 'an option no longer in the instrument');
  const choice = { id: 'role', type: 'choice', options: [{ id: 'a' }, { id: 'b' }] };
  assert.equal(answerOf(choice, 'b'), 'b');
  assert.equal(answerOf(choice, 'c'), null);
  const text = { id: 'note', type: 'text' };
  assert.equal(answerOf(text, '  Да  '), '  Да  ', 'kept as written');
  assert.equal(answerOf(text, '   '), null);
  assert.equal(isAnswered({ id: 'L' }, 3), true);
  assert.equal(isAnswered({ id: 'L' }, null), false);
  assert.equal(answerOf(gpa, 3.4), 3.4);
});
