/**
 * Near-duplicate text detection with MinHash and locality-sensitive hashing (Broder 1997;
 * Indyk & Motwani 1998; Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3).
 *
 * Each (already normalised) text becomes a set of word n-gram shingles, hashed to 32 bits.
 * A signature of `bands × rows` MinHash values is cut into bands; texts that agree on a whole
 * band become candidates, and every candidate pair is verified by the exact Jaccard similarity
 * of the two shingle sets. Verified pairs are merged with union–find, so each cluster is a
 * connected component of pairs with Jaccard ≥ `threshold`.
 *
 * Scaling: shingles live in one flat typed array; each band is bucketed by sorting one
 * `Float64Array` of (band hash, text index) keys, so memory is O(shingles + texts) and time
 * O(texts · bands · log texts). A band bucket larger than `maxBucket` (a very common phrase)
 * links each text to its next three bucket neighbours only instead of to every other text: the
 * union–find still joins the whole bucket when they are similar, without a quadratic number of
 * verifications.
 */

/** Parameters of the near-duplicate search. */
export interface NearDuplicateOptions {
  /** Minimum Jaccard similarity of two shingle sets (0..1]. */
  readonly threshold: number;
  /** Words per shingle. */
  readonly shingleSize: number;
  /** LSH bands; `bands × rows` MinHash values per text. */
  readonly bands: number;
  readonly rows: number;
  /** Buckets larger than this are chained instead of fully paired. */
  readonly maxBucket: number;
  /** Seed of the MinHash hash family. */
  readonly seed: number;
}

/**
 * Defaults: 12 bands of 3 rows (36 MinHash values) make a pair with J = 0.7 a candidate with
 * probability 1 − (1 − 0.7³)¹² > 0.99 and J = 0.8 with probability > 0.9999; candidates are
 * then verified exactly, so the extra candidates near J = 0.5 cost time, never precision.
 */
export const defaultNearDuplicateOptions: NearDuplicateOptions = {
  threshold: 0.7,
  shingleSize: 2,
  bands: 12,
  rows: 3,
  maxBucket: 64,
  seed: 0x5eed,
};

/** The result: a cluster id per text (−1 for texts without a near-duplicate) and counts. */
export interface NearDuplicateClusters {
  readonly clusterOf: Int32Array;
  readonly candidatePairs: number;
  readonly verifiedPairs: number;
}

/** A strong 32-bit mixer (murmur3's finaliser). */
function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The sorted, distinct shingle hashes of a normalised text: each word is hashed once (FNV-1a
 * over its UTF-16 code units) and a shingle's hash mixes its words' hashes, so no substring is
 * ever allocated.
 */
export function shingleHashes(text: string, shingleSize: number): Uint32Array {
  const words: number[] = [];
  let hash = 0x811c9dc5;
  let inWord = false;
  for (let i = 0; i <= text.length; i += 1) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    // Space, tab, newline, carriage return: word separators.
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      if (inWord) words.push(hash >>> 0);
      hash = 0x811c9dc5;
      inWord = false;
    } else {
      hash = Math.imul(hash ^ code, 0x01000193);
      inWord = true;
    }
  }
  const size = Math.max(1, shingleSize);
  const count = words.length === 0 ? 0 : Math.max(1, words.length - size + 1);
  const shingles = new Uint32Array(count);
  for (let i = 0; i < count; i += 1) {
    let h = 0x9747b28c;
    for (let j = i; j < Math.min(words.length, i + size); j += 1) h = mix(h ^ (words[j] as number)) + j - i;
    shingles[i] = mix(h);
  }
  shingles.sort();
  let length = 0;
  for (let i = 0; i < shingles.length; i += 1) {
    if (i === 0 || shingles[i] !== shingles[i - 1]) shingles[length++] = shingles[i] as number;
  }
  return shingles.slice(0, length);
}

/** Exact Jaccard similarity of two sorted, distinct hash lists. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      common += 1;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return common / (a.length + b.length - common);
}

/** Accumulates texts, then clusters them; texts are numbered in the order they were added. */
export interface NearDuplicateIndex {
  add(normalisedText: string): void;
  readonly size: number;
  cluster(): NearDuplicateClusters;
}

/**
 * Sizes to allocate up front (upper bounds), so that millions of texts do not grow the typed
 * arrays by doubling: a grown copy briefly holds old and new arrays, up to three times the data.
 */
export interface NearDuplicateCapacity {
  readonly texts: number;
  /** Shingles over all texts (at most the words of each text − shingleSize + 1, at least 1). */
  readonly shingles: number;
}

/** Bytes an index holds for `capacity` with `options` while clustering (typed arrays only). */
export function nearDuplicateIndexBytes(capacity: NearDuplicateCapacity, options: NearDuplicateOptions = defaultNearDuplicateOptions): number {
  // Per text: signature (bands × 4), start offset 4, sort key 8, parent / cluster / size 3 × 4.
  return capacity.texts * (options.bands * 4 + 4 + 8 + 12) + capacity.shingles * 4;
}

/** Creates an empty index with `options` (see `defaultNearDuplicateOptions`). */
export function createNearDuplicateIndex(
  options: NearDuplicateOptions = defaultNearDuplicateOptions,
  capacity?: NearDuplicateCapacity,
): NearDuplicateIndex {
  const { bands, rows, shingleSize, threshold, maxBucket, seed } = options;
  const permutations = bands * rows;
  const multipliers = new Uint32Array(permutations);
  const offsets = new Uint32Array(permutations);
  for (let i = 0; i < permutations; i += 1) {
    multipliers[i] = (mix(seed * 7919 + i * 2 + 1) | 1) >>> 0;
    offsets[i] = mix(seed * 104729 + i * 2 + 2);
  }
  const textCapacity = Math.max(1 << 12, Math.ceil(capacity?.texts ?? 0) + 2);
  let shingles = new Uint32Array(Math.max(1 << 16, Math.ceil(capacity?.shingles ?? 0)));
  let shingleEnd = 0;
  let starts = new Uint32Array(textCapacity);
  let signatures = new Uint32Array(bands * textCapacity);
  let count = 0;
  const minima = new Uint32Array(permutations);

  function add(text: string): void {
    const hashes = shingleHashes(text, shingleSize);
    if (count + 1 >= starts.length) {
      const grown = new Uint32Array(starts.length * 2);
      grown.set(starts);
      starts = grown;
      const grownSignatures = new Uint32Array(signatures.length * 2);
      grownSignatures.set(signatures);
      signatures = grownSignatures;
    }
    while (shingleEnd + hashes.length > shingles.length) {
      const grown = new Uint32Array(shingles.length * 2);
      grown.set(shingles.subarray(0, shingleEnd));
      shingles = grown;
    }
    shingles.set(hashes, shingleEnd);
    starts[count] = shingleEnd;
    shingleEnd += hashes.length;
    starts[count + 1] = shingleEnd;
    minima.fill(0xffffffff);
    for (let s = 0; s < hashes.length; s += 1) {
      const hash = hashes[s] as number;
      for (let p = 0; p < permutations; p += 1) {
        // x ↦ a·x + b mod 2³² with odd a is a permutation of the (already mixed) shingle hashes.
        const h = (Math.imul(hash, multipliers[p] as number) + (offsets[p] as number)) >>> 0;
        if (h < (minima[p] as number)) minima[p] = h;
      }
    }
    for (let band = 0; band < bands; band += 1) {
      let h = 0x9e3779b9 ^ band;
      for (let row = 0; row < rows; row += 1) h = mix(h ^ (minima[band * rows + row] ?? 0)) ^ Math.imul(row + 1, 0x27d4eb2d);
      // An empty text gets no band hash (it matches nothing).
      signatures[count * bands + band] = hashes.length === 0 ? 0 : mix(h) | 1;
    }
    count += 1;
  }

  function cluster(): NearDuplicateClusters {
    const parent = new Int32Array(count);
    for (let i = 0; i < count; i += 1) parent[i] = i;
    const find = (x: number): number => {
      let root = x;
      while (parent[root] !== root) root = parent[root] ?? root;
      let node = x;
      while (parent[node] !== root) {
        const next = parent[node] ?? root;
        parent[node] = root;
        node = next;
      }
      return root;
    };
    const shinglesOf = (i: number): Uint32Array => shingles.subarray(starts[i] ?? 0, starts[i + 1] ?? 0);
    let candidatePairs = 0;
    let verifiedPairs = 0;
    const consider = (a: number, b: number): void => {
      const ra = find(a);
      const rb = find(b);
      if (ra === rb) return;
      candidatePairs += 1;
      if (jaccard(shinglesOf(a), shinglesOf(b)) >= threshold) {
        verifiedPairs += 1;
        parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    };
    // 27 bits of band hash and 26 bits of text index fit exactly in a double.
    const keys = new Float64Array(count);
    const indexSpace = 2 ** 26;
    if (count >= indexSpace) throw new RangeError(`near-duplicate search supports at most ${indexSpace} distinct texts`);
    for (let band = 0; band < bands; band += 1) {
      let used = 0;
      for (let i = 0; i < count; i += 1) {
        const signature = signatures[i * bands + band] ?? 0;
        if (signature !== 0) keys[used++] = (signature >>> 5) * indexSpace + i;
      }
      const sorted = keys.subarray(0, used).sort();
      let runStart = 0;
      for (let i = 1; i <= used; i += 1) {
        const same = i < used && Math.floor((sorted[i] ?? 0) / indexSpace) === Math.floor((sorted[runStart] ?? 0) / indexSpace);
        if (same) continue;
        const length = i - runStart;
        if (length > 1) {
          const reach = length <= maxBucket ? length : 4;
          for (let x = runStart; x < i; x += 1) {
            for (let y = x + 1; y < Math.min(i, x + reach); y += 1) {
              consider((sorted[x] ?? 0) % indexSpace, (sorted[y] ?? 0) % indexSpace);
            }
          }
        }
        runStart = i;
      }
    }
    const clusterOf = new Int32Array(count).fill(-1);
    const sizes = new Int32Array(count);
    for (let i = 0; i < count; i += 1) { const root = find(i); sizes[root] = (sizes[root] ?? 0) + 1; }
    for (let i = 0; i < count; i += 1) {
      const root = find(i);
      if ((sizes[root] ?? 0) > 1) clusterOf[i] = root;
    }
    return { clusterOf, candidatePairs, verifiedPairs };
  }

  return {
    add,
    get size() {
      return count;
    },
    cluster,
  };
}
