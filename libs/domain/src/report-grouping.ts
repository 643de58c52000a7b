/**
 * Grouping of near-duplicate reports for triage. Public intake is mostly noise and repeats
 * (about 90 % of Uchaguzi's reports in Kenya, 2013): the same rumour, the same link, reported
 * by many people. Two reports belong together when
 *
 * - they share a canonical link (same URL once tracking parameters, `www.`, fragments and
 *   trailing slashes are dropped), or
 * - their texts are near-duplicates: the Jaccard similarity of their word 3-shingles after
 *   normalisation (lower case, accents and punctuation dropped) is at least
 *   {@link NEAR_DUPLICATE_THRESHOLD} (Broder, "On the resemblance and containment of
 *   documents", 1997).
 *
 * To find candidates among many stored reports without comparing each pair, a MinHash
 * signature of {@link MINHASH_BANDS} × {@link MINHASH_ROWS} values is cut into bands (locality-
 * sensitive hashing, Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3.4):
 * two texts share a band with probability 1 − (1 − J²)²⁰: 0.997 at J = 0.5, 0.85 at J = 0.3,
 * 0.05 at J = 0.05. Recall near the threshold matters more than precision here: candidates
 * are ranked by how many keys they share and confirmed with the exact Jaccard similarity.
 * Pure: no I/O, deterministic (fixed hash seeds).
 */
import { canonicalizeUrl } from '@vigil/basics';

/** Texts at least this similar (Jaccard of word 3-shingles) are near-duplicates. */
export const NEAR_DUPLICATE_THRESHOLD = 0.5;

/** Words per shingle. */
export const SHINGLE_WORDS = 3;

/** LSH bands of the MinHash signature. */
export const MINHASH_BANDS = 20;

/** Rows (hash values) per band. */
export const MINHASH_ROWS = 2;

/** Lower case, accents removed, every run of non-letters and non-digits one space. */
export function normaliseReportText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The word `SHINGLE_WORDS`-shingles of a text after normalisation; a text of fewer words is
 * one shingle (so short texts still compare), an empty text has none.
 */
export function wordShingles(text: string, size = SHINGLE_WORDS): ReadonlySet<string> {
  const words = normaliseReportText(text).split(' ').filter((word) => word.length > 0);
  const shingles = new Set<string>();
  if (words.length === 0) return shingles;
  if (words.length < size) {
    shingles.add(words.join(' '));
    return shingles;
  }
  for (let start = 0; start + size <= words.length; start += 1) shingles.add(words.slice(start, start + size).join(' '));
  return shingles;
}

/** |A ∩ B| / |A ∪ B|, in [0, 1]; two empty sets share nothing (0), not everything. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const item of small) if (large.has(item)) common += 1;
  return common / (a.size + b.size - common);
}

/**
 * The canonical form of an http(s) link, for grouping reports that point at the same thing:
 * `canonicalizeUrl` (the rules co-link detection uses) without the scheme. Returns null for
 * anything that is not an absolute http(s) URL.
 */
export function canonicalLink(link: string): string | null {
  const trimmed = link.trim();
  if (!/^https?:\/\//i.test(trimmed)) return null;
  const canonical = canonicalizeUrl(trimmed);
  return canonical?.startsWith('https://') ? canonical.slice('https://'.length) : null;
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's 32-bit finaliser of `value` mixed with `seed`: one of a family of hashes. */
function mix(value: number, seed: number): number {
  let h = (value ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The MinHash signature of a set of shingles: for each of `count` hash functions, the least hash. */
export function minhashSignature(shingles: ReadonlySet<string>, count = MINHASH_BANDS * MINHASH_ROWS): readonly number[] {
  const signature = new Array<number>(count).fill(0xffffffff);
  for (const shingle of shingles) {
    const base = fnv1a(shingle);
    for (let index = 0; index < count; index += 1) {
      const value = mix(base, index + 1);
      if (value < (signature[index] ?? 0xffffffff)) signature[index] = value;
    }
  }
  return signature;
}

/**
 * The grouping keys of a report: `link:<canonical link>` for each link and `band:<i>:<hex>`
 * for each LSH band of its text's signature (none for an empty text). Two reports that share
 * a key are candidates for one group.
 */
export function reportGroupingKeys(input: { readonly text: string; readonly links: readonly string[] }): readonly string[] {
  const keys = new Set<string>();
  for (const link of input.links) {
    const canonical = canonicalLink(link);
    if (canonical !== null) keys.add(`link:${canonical}`);
  }
  const shingles = wordShingles(input.text);
  if (shingles.size > 0) {
    const signature = minhashSignature(shingles);
    for (let band = 0; band < MINHASH_BANDS; band += 1) {
      const rows = signature.slice(band * MINHASH_ROWS, (band + 1) * MINHASH_ROWS);
      keys.add(`band:${band}:${rows.map((value) => value.toString(16).padStart(8, '0')).join('')}`);
    }
  }
  return [...keys];
}

/** A report as grouping sees it. */
export interface GroupableReport {
  readonly id: string;
  readonly text: string;
  readonly links: readonly string[];
}

/** Whether two reports belong together: a shared canonical link, or near-duplicate texts. */
export function belongTogether(a: GroupableReport, b: GroupableReport): boolean {
  const linksOfA = new Set(a.links.map(canonicalLink).filter((link): link is string => link !== null));
  if (b.links.some((link) => {
    const canonical = canonicalLink(link);
    return canonical !== null && linksOfA.has(canonical);
  })) return true;
  return jaccard(wordShingles(a.text), wordShingles(b.text)) >= NEAR_DUPLICATE_THRESHOLD;
}

/**
 * Partitions reports into groups: the connected components of `belongTogether` (so a report
 * that resembles two others joins them). Each group lists ids in input order; groups are in
 * the order of their first report. Compares every pair: for a page or a batch, not a database.
 */
export function groupReports(reports: readonly GroupableReport[]): readonly (readonly string[])[] {
  const parent = reports.map((_, index) => index);
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root] ?? root;
    let node = index;
    while (parent[node] !== root) {
      const next = parent[node] ?? root;
      parent[node] = root;
      node = next;
    }
    return root;
  };
  for (let i = 0; i < reports.length; i += 1) {
    for (let j = i + 1; j < reports.length; j += 1) {
      const a = reports[i];
      const b = reports[j];
      if (a && b && find(i) !== find(j) && belongTogether(a, b)) {
        const [low, high] = [find(i), find(j)].sort((x, y) => x - y) as [number, number];
        parent[high] = low;
      }
    }
  }
  const groups = new Map<number, string[]>();
  reports.forEach((report, index) => {
    const root = find(index);
    const group = groups.get(root) ?? [];
    group.push(report.id);
    groups.set(root, group);
  });
  return [...groups.values()];
}
