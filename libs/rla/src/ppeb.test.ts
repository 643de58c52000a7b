import fc from 'fast-check';
import { expect, test } from 'vitest';
import { ppebSample } from './ppeb';

const SEED = '12345678901234567890abcdefghijklmnopqrstuvwxyz😊';
// Arlo's MACRO sampler fixture (test_sampler.py `macro_batches`): 10 batches of weight 0.08, 9 of 0.04.
const WEIGHTS = [...Array<number>(10).fill(0.08), ...Array<number>(9).fill(0.04)];

// Known answers: an independent Python 3 implementation of the specification in ppeb.ts
// (hashlib + float parsing), generated outside the repository.
test('weighted draws reproduce the specification, in one round or two', () => {
  const expected: [string, number, number][] = [
    ['0.559677509389191148', 1, 8],
    ['0.658883344101465907', 2, 9],
    ['0.99102429162878570200', 3, 18],
    ['0.007109917765530667', 4, 0],
    ['0.527930827571742293', 5, 7],
    ['0.249579290667969942', 6, 3],
    ['0.853105204795023069', 7, 14],
    ['0.294368441210259643', 8, 4],
    ['0.163498193909810735', 9, 2],
    ['0.9312162375364204772', 10, 17],
  ];
  const shape = (result: ReturnType<typeof ppebSample>) =>
    result.ok ? result.value.map((draw) => [draw.ticket, draw.draw, draw.index]) : [];
  expect(shape(ppebSample({ seed: SEED, weights: WEIGHTS, take: 10 }))).toEqual(expected);
  expect(shape(ppebSample({ seed: SEED, weights: WEIGHTS, take: 5, drop: 5 }))).toEqual(
    expected.slice(5),
  );
  expect(shape(ppebSample({ seed: 'vigil', weights: [1, 0, 2, 0.5], take: 6 }))).toEqual([
    ['0.295211544462721624', 1, 2],
    ['0.739536288780072495', 2, 2],
    ['0.798992048366227800', 3, 2],
    ['0.398637000202330453', 4, 2],
    ['0.749319778335839916', 5, 2],
    ['0.220453616142536902', 6, 0],
  ]);
});

test('never selects a batch of weight zero and refuses bad weights', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(0, 0.5, 1, 3), { minLength: 1, maxLength: 8 }),
      fc.string(),
      (weights, seed) => {
        const drawn = ppebSample({ seed, weights, take: 20 });
        if (weights.every((weight) => weight === 0))
          expect(drawn).toEqual({ ok: false, error: { type: 'no-weight' } });
        else
          expect(drawn.ok && drawn.value.every((draw) => (weights[draw.index] as number) > 0)).toBe(
            true,
          );
      },
    ),
  );
  expect(ppebSample({ seed: 's', weights: [1, Number.POSITIVE_INFINITY], take: 1 })).toEqual({
    ok: false,
    error: { type: 'invalid-weight', index: 1 },
  });
  expect(ppebSample({ seed: 's', weights: [1, -1], take: 1 }).ok).toBe(false);
  expect(ppebSample({ seed: 's', weights: [1], take: -1 }).ok).toBe(false);
});
