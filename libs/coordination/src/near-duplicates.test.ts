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

/** FNV-1a over 32-bit values: a compact fingerprint of a typed array. */
function fingerprint(values: ArrayLike<number>): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < values.length; i += 1) h = Math.imul(h ^ (values[i] as number), 0x01000193);
  return h >>> 0;
}

/**
 * Known answers from the implementation before the MinHash speed-up (commit a1beda5: one
 * permutation at a time, a shingle array allocated and natively sorted per text): the faster
 * code must hash, sign and cluster exactly as it did, or a run's outputs would change.
 */
test('shingle hashes, signatures and clusters are those of the previous implementation (pinned)', () => {
  expect([...shingleHashes('the quick brown fox jumps over the lazy dog', 2)]).toEqual([
    306889658, 1494787062, 1522564148, 1531779912, 1817056404, 2562050413, 2750893828, 3606698258,
  ]);
  // Repeated separators make no empty word; trigrams; non-ASCII letters.
  expect([...shingleHashes('élection présidentielle 2027  résultats\tfraude', 3)]).toEqual([1609521081, 1778159410, 2259819015]);
  // 400 words, 90 distinct bigrams: longer than the insertion-sorted lists and the first word buffer.
  const long = shingleHashes(Array.from({ length: 400 }, (_, i) => `w${(i * 37) % 90}`).join(' '), 2);
  expect([long.length, fingerprint(long)]).toEqual([90, 3403529874]);
  // Candidate pairs count band collisions, so they pin every signature; 36 permutations (a
  // multiple of four) and 14 (not one).
  const pinned = [
    { options: defaultNearDuplicateOptions, answer: [36928, 1460, 71, 1497285379] },
    { options: { ...defaultNearDuplicateOptions, bands: 7, rows: 2, threshold: 0.5, seed: 99 }, answer: [5812, 1878, 72, 3524432896] },
  ];
  for (const { options, answer } of pinned) {
    const random = createPrng(2026);
    const vocabulary = Array.from({ length: 300 }, (_, i) => `w${i}`);
    const sentence = (n: number): string[] => Array.from({ length: n }, () => vocabulary[random.int(vocabulary.length)] ?? '');
    const index = createNearDuplicateIndex(options);
    const templates = Array.from({ length: 40 }, (_, t) => sentence(t % 10 === 0 ? 120 + random.int(300) : 8 + random.int(30)));
    for (let i = 0; i < 6000; i += 1) {
      if (i % 3 === 0) {
        const copy = [...(templates[random.int(templates.length)] ?? [])];
        for (let e = random.int(4); e > 0; e -= 1) copy[random.int(copy.length)] = `x${random.int(50)}`;
        index.add(copy.join(' '));
      } else index.add(sentence(random.int(25)).join(' '));
    }
    const { clusterOf, candidatePairs, verifiedPairs } = index.cluster();
    expect([candidatePairs, verifiedPairs, new Set(clusterOf).size, fingerprint(clusterOf)]).toEqual(answer);
  }
});
