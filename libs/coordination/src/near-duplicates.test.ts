import fc from 'fast-check';
import { expect, test } from 'vitest';
import { createNearDuplicateIndex, defaultNearDuplicateOptions, jaccard, shingleHashes } from './near-duplicates';
import { createPrng } from './prng';

test('Jaccard of shingle sets: known answers', () => {
  const a = shingleHashes('the quick brown fox jumps', 2);
  const b = shingleHashes('the quick brown fox leaps', 2);
  // Bigrams: 4 each, 3 shared -> 3 / 5.
  expect(jaccard(a, b)).toBeCloseTo(3 / 5, 10);
  expect(jaccard(a, a)).toBe(1);
  expect(jaccard(a, shingleHashes('nothing in common here', 2))).toBe(0);
});

test('Jaccard is symmetric and within [0, 1]', () => {
  const words = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1, maxLength: 12 });
  fc.assert(
    fc.property(words, words, (x, y) => {
      const a = shingleHashes(x.join(' '), 2);
      const b = shingleHashes(y.join(' '), 2);
      const j = jaccard(a, b);
      expect(j).toBeGreaterThanOrEqual(0);
      expect(j).toBeLessThanOrEqual(1);
      expect(jaccard(b, a)).toBe(j);
    }),
  );
});

test('clusters near-duplicates, verified by Jaccard, and leaves distinct texts alone', () => {
  const random = createPrng(7);
  const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${i}`);
  const sentence = (n: number): string[] => Array.from({ length: n }, () => vocabulary[random.int(vocabulary.length)] ?? '');
  const index = createNearDuplicateIndex();
  const template = sentence(30);
  // Texts 0..9: the template with one word changed (J of bigrams ≥ 0.87).
  for (let i = 0; i < 10; i += 1) {
    const copy = [...template];
    copy[random.int(copy.length)] = `edit${i}`;
    index.add(copy.join(' '));
  }
  // Texts 10..2009: unrelated.
  for (let i = 0; i < 2000; i += 1) index.add(sentence(20).join(' '));
  const { clusterOf, verifiedPairs, candidatePairs } = index.cluster();
  const first = clusterOf[0];
  expect(first).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < 10; i += 1) expect(clusterOf[i]).toBe(first);
  for (let i = 10; i < 2010; i += 1) expect(clusterOf[i]).toBe(-1);
  expect(verifiedPairs).toBeGreaterThanOrEqual(9);
  expect(candidatePairs).toBeLessThan(200);
});

test('pairs below the threshold are not merged even when they collide', () => {
  const index = createNearDuplicateIndex({ ...defaultNearDuplicateOptions, threshold: 0.95 });
  index.add('a b c d e f g h');
  index.add('a b c d e f g x');
  expect([...index.cluster().clusterOf]).toEqual([-1, -1]);
});

test('a huge bucket of one phrase is chained, not paired quadratically', () => {
  const index = createNearDuplicateIndex();
  for (let i = 0; i < 5000; i += 1) index.add(`buy followers now at our shop today ${i % 2 === 0 ? 'cheap' : 'cheap!'}`);
  const { clusterOf, candidatePairs } = index.cluster();
  expect(new Set(clusterOf).size).toBe(1);
  expect(candidatePairs).toBeLessThan(5000 * 4);
});
