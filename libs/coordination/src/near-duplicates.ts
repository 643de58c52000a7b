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
 * verifications. Adding a text allocates nothing: its word hashes go to a reused buffer, its
 * shingles are written, sorted and de-duplicated in place at the end of the flat array, and
 * the MinHash values are computed four permutations per pass over the shingles.
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

/** FNV-1a's offset basis: the hash of a word before its first code unit. */
const FNV_OFFSET = 0x811c9dc5;

/**
 * Hashes each word of `text` (FNV-1a over its UTF-16 code units; space, tab, newline and
 * carriage return separate words) into `words` from index 0; returns how many, or −1 when
 * `words` is too short (the caller grows it: a text has at most ⌈length / 2⌉ words).
 */
function hashWords(text: string, words: Uint32Array): number {
  let count = 0;
  let hash = FNV_OFFSET;
  let inWord = false;
  for (let i = 0; i <= text.length; i += 1) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      if (inWord) {
        if (count === words.length) return -1;
        words[count++] = hash >>> 0;
      }
      hash = FNV_OFFSET;
      inWord = false;
    } else {
      hash = Math.imul(hash ^ code, 0x01000193);
      inWord = true;
    }
  }
  return count;
}

/** How many shingles `words` words make (at least one when there is a word). */
function shingleCount(words: number, shingleSize: number): number {
  return words === 0 ? 0 : Math.max(1, words - Math.max(1, shingleSize) + 1);
}

/**
 * Writes the sorted, distinct shingle hashes of the first `wordCount` hashes of `words` into
 * `out` from `at` (room for `shingleCount(wordCount)` values is the caller's); returns how
 * many. A shingle's hash mixes its words' hashes, so no substring is ever allocated.
 */
function writeShingles(words: Uint32Array, wordCount: number, shingleSize: number, out: Uint32Array, at: number): number {
  const size = Math.max(1, shingleSize);
  const count = shingleCount(wordCount, shingleSize);
  for (let i = 0; i < count; i += 1) {
    let h = 0x9747b28c;
    const end = Math.min(wordCount, i + size);
    for (let j = i; j < end; j += 1) h = mix(h ^ (words[j] as number)) + j - i;
    out[at + i] = mix(h);
  }
  if (count < 2) return count;
  const end = at + count;
  if (count <= INSERTION_SORT_MAX) {
    // A typical post has a few dozen shingles: sorting them in place beats a subarray and a native sort call.
    for (let i = at + 1; i < end; i += 1) {
      const value = out[i] as number;
      let j = i - 1;
      while (j >= at && (out[j] as number) > value) {
        out[j + 1] = out[j] as number;
        j -= 1;
      }
      out[j + 1] = value;
    }
  } else out.subarray(at, end).sort();
  let last = at;
  for (let i = at + 1; i < end; i += 1) {
    const value = out[i] as number;
    if (value !== out[last]) out[++last] = value;
  }
  return last - at + 1;
}

/** Shingle lists up to this long are insertion-sorted; longer ones use the native sort. */
const INSERTION_SORT_MAX = 48;

/** A word-hash buffer for `text` (reused when long enough). */
function wordBufferFor(text: string, buffer: Uint32Array): Uint32Array {
  const needed = Math.ceil(text.length / 2) + 1;
  return buffer.length >= needed ? buffer : new Uint32Array(Math.max(needed, buffer.length * 2));
}

/**
 * The sorted, distinct shingle hashes of a normalised text: each word is hashed once (FNV-1a
 * over its UTF-16 code units) and a shingle's hash mixes its words' hashes, so no substring is
 * ever allocated.
 */
export function shingleHashes(text: string, shingleSize: number): Uint32Array {
  const words = wordBufferFor(text, new Uint32Array(0));
  const wordCount = hashWords(text, words);
  const out = new Uint32Array(shingleCount(wordCount, shingleSize));
  return out.slice(0, writeShingles(words, wordCount, shingleSize, out, 0));
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

  let words: Uint32Array = new Uint32Array(256);

  function add(text: string): void {
    let wordCount = hashWords(text, words);
    if (wordCount < 0) {
      words = wordBufferFor(text, words);
      wordCount = hashWords(text, words);
    }
    if (count + 1 >= starts.length) {
      const grown = new Uint32Array(starts.length * 2);
      grown.set(starts);
      starts = grown;
      const grownSignatures = new Uint32Array(signatures.length * 2);
      grownSignatures.set(signatures);
      signatures = grownSignatures;
    }
    const most = shingleCount(wordCount, shingleSize);
    while (shingleEnd + most > shingles.length) {
      const grown = new Uint32Array(shingles.length * 2);
      grown.set(shingles.subarray(0, shingleEnd));
      shingles = grown;
    }
    // The text's shingles are written in place at the end of the flat array: nothing allocated.
    const start = shingleEnd;
    const end = start + writeShingles(words, wordCount, shingleSize, shingles, start);
    starts[count] = start;
    shingleEnd = end;
    starts[count + 1] = end;
    const flat = shingles;
    // x ↦ a·x + b mod 2³² with odd a is a permutation of the (already mixed) shingle hashes.
    // Four permutations per pass over the shingles, their minima in registers: each shingle is
    // read once per four (about three times faster than one permutation at a time).
    let p = 0;
    for (; p + 4 <= permutations; p += 4) {
      const a0 = multipliers[p] as number;
      const b0 = offsets[p] as number;
      const a1 = multipliers[p + 1] as number;
      const b1 = offsets[p + 1] as number;
      const a2 = multipliers[p + 2] as number;
      const b2 = offsets[p + 2] as number;
      const a3 = multipliers[p + 3] as number;
      const b3 = offsets[p + 3] as number;
      let m0 = 0xffffffff;
      let m1 = 0xffffffff;
      let m2 = 0xffffffff;
      let m3 = 0xffffffff;
      for (let s = start; s < end; s += 1) {
        const x = flat[s] as number;
        const h0 = (Math.imul(x, a0) + b0) >>> 0;
        if (h0 < m0) m0 = h0;
        const h1 = (Math.imul(x, a1) + b1) >>> 0;
        if (h1 < m1) m1 = h1;
        const h2 = (Math.imul(x, a2) + b2) >>> 0;
        if (h2 < m2) m2 = h2;
        const h3 = (Math.imul(x, a3) + b3) >>> 0;
        if (h3 < m3) m3 = h3;
      }
      minima[p] = m0;
      minima[p + 1] = m1;
      minima[p + 2] = m2;
      minima[p + 3] = m3;
    }
    for (; p < permutations; p += 1) {
      const a = multipliers[p] as number;
      const b = offsets[p] as number;
      let minimum = 0xffffffff;
      for (let s = start; s < end; s += 1) {
        const h = (Math.imul(flat[s] as number, a) + b) >>> 0;
        if (h < minimum) minimum = h;
      }
      minima[p] = minimum;
    }
    for (let band = 0; band < bands; band += 1) {
      let h = 0x9e3779b9 ^ band;
      for (let row = 0; row < rows; row += 1) h = mix(h ^ (minima[band * rows + row] ?? 0)) ^ Math.imul(row + 1, 0x27d4eb2d);
      // An empty text gets no band hash (it matches nothing).
      signatures[count * bands + band] = end === start ? 0 : mix(h) | 1;
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
