import fc from 'fast-check';
import { expect, test } from 'vitest';
import { findSyntaxError, parseJson } from './parse-json';

test.each([
  ['{"a": 1,}', 1, 9, 'expected a property name'],
  ['{\n  "type": "bundle"\n  "id": "x"\n}', 3, 3, "expected ','"],
  ['[1, 2', 1, 6, 'unexpected end of input'],
  ['{"a": tru}', 1, 7, 'expected a value'],
  ['{"a": "b\nc"}', 1, 9, 'control character'],
  ['{} {}', 1, 4, 'after the JSON value'],
  ['', 1, 1, 'unexpected end of input'],
  ['\uFEFF{"a" 1}', 1, 7, "expected ':'"],
  ['"\\x"', 1, 2, 'invalid escape'],
  ['01', 1, 2, 'after the JSON value'],
])('%j fails at line %i column %i', (text, line, column, message) => {
  const result = parseJson(text);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error).toMatchObject({ type: 'json-syntax', line, column });
    expect(result.error.message).toContain(message);
  }
});

test('parses valid JSON, with or without a byte-order mark', () => {
  expect(parseJson('\uFEFF{"a":[1,2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
  expect(findSyntaxError('[[[[]]]]')).toBeUndefined();
  expect(findSyntaxError(`${'['.repeat(100_000)}${']'.repeat(99_999)}`)).toMatchObject({
    message: expect.stringContaining('end of input'),
  });
});

// The scanner agrees with JSON.parse on every text: valid JSON and JSON with one character
// inserted, deleted or replaced.
test('finds an error exactly when JSON.parse rejects the text', () => {
  const mutated = fc
    .tuple(
      fc.json(),
      fc.nat(),
      fc.constantFrom('insert', 'delete', 'replace'),
      fc.constantFrom(...'{}[],:"\\ 0-eE.tfn\u0001x'),
    )
    .map(([text, at, how, char]) => {
      const index = text.length === 0 ? 0 : at % text.length;
      if (how === 'insert') return text.slice(0, index) + char + text.slice(index);
      if (how === 'delete') return text.slice(0, index) + text.slice(index + 1);
      return text.slice(0, index) + char + text.slice(index + 1);
    });
  fc.assert(
    fc.property(fc.oneof(fc.json(), mutated), (text) => {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(findSyntaxError(text) === undefined).toBe(valid);
    }),
    { numRuns: 2000 },
  );
});
