import { expect, test } from 'vitest';
import { messageOf } from './message-of';

test('an error gives its message', () => {
  expect(messageOf(new TypeError('bad column'))).toBe('bad column');
  expect(messageOf('plain text thrown')).toBe('plain text thrown');
});

test('things without a message never read "undefined"', () => {
  class ExitStatus {
    readonly status = 7;
  }
  const cases: unknown[] = [new Error(''), { name: 'RuntimeError' }, new ExitStatus(), { status: 1 }, {}, undefined, null, 42, Object.create(null)];
  for (const thrown of cases) {
    const text = messageOf(thrown);
    expect(text).not.toBe('');
    expect(text).not.toMatch(/^undefined$/);
  }
  expect(messageOf({ name: 'RuntimeError', code: 'ERR_WASM' })).toBe('RuntimeError ERR_WASM (no message)');
  expect(messageOf(new ExitStatus())).toBe('ExitStatus (no message)');
  expect(messageOf({ status: 1 })).toBe('{"status":1}');
});
