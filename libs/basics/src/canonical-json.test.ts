import { expect, test } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

// Examples from RFC 8785, section 3.2.2 (property sorting) and 3.2.2.3 (numbers).
test('sorts keys and prints numbers in their shortest form', () => {
  expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1e21, y: 0.000001 } })).toBe(
    '{"a":[true,null,"x"],"b":1,"c":{"y":0.000001,"z":1e+21}}',
  );
  expect(canonicalJson({ '\u20ac': 1, '\r': 2, '1': 3 })).toBe('{"\\r":2,"1":3,"€":1}');
});

test('refuses numbers without a JSON form', () => {
  expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
  expect(() => canonicalJson(Infinity)).toThrow(TypeError);
});

test('is JSON that parses back to the same value, whatever the key order', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = canonicalJson(value);
      expect(canonicalJson(JSON.parse(text))).toBe(text);
    }),
  );
});
