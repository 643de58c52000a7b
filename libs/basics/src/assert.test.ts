import { expect, test } from 'vitest';
import { AssertionError, assert, assertDefined, throwIllegalValue } from './assert';
import { err, ok, unwrap } from './result';

test('assert throws an AssertionError with the message', () => {
  expect(() => assert(false, 'broken')).toThrow(new AssertionError('broken'));
  expect(() => assert(true)).not.toThrow();
  expect(assertDefined(0)).toBe(0);
  expect(() => assertDefined(undefined, 'missing x')).toThrow('missing x');
  expect(() => throwIllegalValue('x' as never, 'kind')).toThrow('illegal kind: "x"');
});

test('unwrap returns an ok value and throws on an error', () => {
  expect(unwrap(ok(3))).toBe(3);
  expect(() => unwrap(err({ type: 'nope' }))).toThrow('{"type":"nope"}');
});
