import fc from 'fast-check';
import { expect, test } from 'vitest';
import { HttpProblem } from '../http-problem';
import { checkHead, splitCsvLine } from './store-upload';

function quote(field: string, delimiter: string): string {
  return field.includes('"') || field.includes(delimiter) || field === '' ? `"${field.replaceAll('"', '""')}"` : field;
}

test('splitCsvLine reads back any fields written with RFC 4180 quoting', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ',', ';', '"', ' ', 'é') }), { minLength: 1, maxLength: 8 }), fc.constantFrom(',', ';', '\t'), (fields, delimiter) => {
      expect(splitCsvLine(fields.map((field) => quote(field, delimiter)).join(delimiter), delimiter)).toEqual(fields);
    }),
  );
});

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpProblem) return `${error.status} ${error.detail ?? ''}`;
    throw error;
  }
  return 'accepted';
}

// Known answers: what an analyst sees for each kind of wrong file.
const cases: { head: string; fileType: 'csv' | 'jsonl'; format: 'coortweet' | 'generic' | 'io-archive' | 'cnt'; expected: string | readonly string[] }[] = [
  { head: 'object_id,account_id,content_id,timestamp_share\no1,a1,c1,1700000000\n', fileType: 'csv', format: 'coortweet', expected: ['object_id', 'account_id', 'content_id', 'timestamp_share'] },
  { head: '\uFEFF"object_id","account_id","content_id","timestamp_share"\r\n', fileType: 'csv', format: 'coortweet', expected: ['object_id', 'account_id', 'content_id', 'timestamp_share'] },
  { head: 'userid;tweet_time\n', fileType: 'csv', format: 'io-archive', expected: '422 line 1: missing columns "userid", "tweet_time" for the io-archive format; the header has "userid;tweet_time" (column 1)' },
  { head: 'author;created_at;body\nx;1700000000;hi\n', fileType: 'csv', format: 'generic', expected: ['author', 'created_at', 'body'] },
  { head: 'who,when\n', fileType: 'csv', format: 'generic', expected: '422 line 1: missing columns "account", "time" for the generic format; the header has "who" (column 1), "when" (column 2)' },
  { head: 'a,b,c,d,e,f,g,h\n1,2,3\n', fileType: 'csv', format: 'cnt', expected: '422 line 2, column 4: 3 fields where the header has 8; is the delimiter "," right?' },
  { head: '\n', fileType: 'csv', format: 'generic', expected: '422 line 1: empty; the first line must name the columns' },
  { head: '\n{"account": "a", "time": 1}\n', fileType: 'jsonl', format: 'generic', expected: ['account', 'time'] },
  { head: '[1, 2]\n', fileType: 'jsonl', format: 'generic', expected: '422 line 1, column 1: expected a JSON object, one per line' },
];

test.each(cases)('checkHead on $format $fileType: %#', ({ head, fileType, format, expected }) => {
  if (typeof expected === 'string') expect(refusal(() => checkHead({ head, complete: true, fileType, format, mapping: {} }))).toBe(expected);
  else expect(checkHead({ head, complete: true, fileType, format, mapping: {} })).toEqual(expected);
});

test('checkHead waits for a complete first line, then decides', () => {
  expect(checkHead({ head: 'object_id,account_i', complete: false, fileType: 'csv', format: 'coortweet', mapping: {} })).toBeUndefined();
  expect(refusal(() => checkHead({ head: '', complete: true, fileType: 'csv', format: 'coortweet', mapping: {} }))).toBe('422 the file is empty');
  expect(refusal(() => checkHead({ head: '{"account": "a", ', complete: true, fileType: 'jsonl', format: 'generic', mapping: {} }))).toMatch(/^422 line 1, column \d+: not JSON/);
  // A mapping names the columns of the generic format.
  expect(checkHead({ head: 'u,t\n', complete: true, fileType: 'csv', format: 'generic', mapping: { account: 'u', time: 't' } })).toEqual(['u', 't']);
});
