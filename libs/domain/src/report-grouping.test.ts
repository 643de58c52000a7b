import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  belongTogether,
  canonicalLink,
  groupReports,
  jaccard,
  minhashSignature,
  normaliseReportText,
  reportGroupingKeys,
  wordShingles,
} from './report-grouping';
import { formatTrackingCode, normaliseTrackingCode, TRACKING_CODE_PATTERN, trustLevelOfOrganisation } from './respond';

test('normalisation drops case, accents and punctuation', () => {
  expect(normaliseReportText("  Fausses INFOS : l'élection est reportée!!! ")).toBe('fausses infos l election est reportee');
  expect(normaliseReportText('Ça—va?')).toBe('ca va');
});

test('word 3-shingles; short texts are one shingle; empty has none', () => {
  expect([...wordShingles('a b c d')]).toEqual(['a b c', 'b c d']);
  expect([...wordShingles('Polling closed')]).toEqual(['polling closed']);
  expect(wordShingles(' ... ').size).toBe(0);
});

// Known answers, computed by hand: |A∩B| / |A∪B|.
test.each([
  [['a', 'b', 'c'], ['b', 'c', 'd'], 2 / 4],
  [['a'], ['a'], 1],
  [['a'], ['b'], 0],
  [[], [], 0],
  [['a', 'b'], [], 0],
])('jaccard(%j, %j) = %d', (a, b, expected) => {
  expect(jaccard(new Set(a), new Set(b))).toBeCloseTo(expected, 12);
});

test('jaccard is symmetric, in [0, 1], and 1 for a non-empty set with itself', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.string({ maxLength: 3 }), { maxLength: 12 }), fc.uniqueArray(fc.string({ maxLength: 3 }), { maxLength: 12 }), (x, y) => {
      const a = new Set(x);
      const b = new Set(y);
      const value = jaccard(a, b);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
      expect(jaccard(b, a)).toBe(value);
      if (a.size > 0) expect(jaccard(a, a)).toBe(1);
    }),
  );
});

test.each([
  ['https://www.Example.com/path/?utm_source=x&b=2&a=1#frag', 'example.com/path?a=1&b=2'],
  ['http://m.facebook.com/story.php?id=42&fbclid=abc', 'facebook.com/story.php?id=42'],
  ['https://youtu.be/dQw4w9WgXcQ?si=xyz', 'youtube.com/watch?v=dQw4w9WgXcQ'],
  ['https://example.com:443/', 'example.com'],
  ['javascript:alert(1)', null],
  ['not a url', null],
  ['ftp://example.com/file', null],
])('canonicalLink(%s) = %s', (link, expected) => {
  expect(canonicalLink(link)).toBe(expected);
});

const rumour =
  'A message circulating on messaging apps claims that polling stations in Riverside will close at noon on election day because of a security threat. This is false according to the municipal clerk.';

test('a lightly edited copy is a near-duplicate; an unrelated report is not', () => {
  const copy = rumour.replace('close at noon', 'close at midday').toUpperCase() + ' Please share!';
  const unrelated = 'Unknown men photographed voters queueing at the Sunvale school and told them to go home before the vote count started.';
  expect(jaccard(wordShingles(rumour), wordShingles(copy))).toBeGreaterThan(0.6);
  expect(belongTogether({ id: 'a', text: rumour, links: [] }, { id: 'b', text: copy, links: [] })).toBe(true);
  expect(belongTogether({ id: 'a', text: rumour, links: [] }, { id: 'c', text: unrelated, links: [] })).toBe(false);
  // The LSH keys of the near-duplicate share at least one band with high probability; these do.
  const keysA = new Set(reportGroupingKeys({ text: rumour, links: [] }));
  expect(reportGroupingKeys({ text: copy, links: [] }).some((key) => keysA.has(key))).toBe(true);
  expect(reportGroupingKeys({ text: unrelated, links: [] }).some((key) => keysA.has(key))).toBe(false);
});

test('reports sharing a canonical link belong together whatever their text', () => {
  expect(
    belongTogether(
      { id: 'a', text: 'video of ballot stuffing', links: ['https://www.example.com/v/1?utm_medium=social'] },
      { id: 'b', text: 'fake clip about the count', links: ['http://example.com/v/1/'] },
    ),
  ).toBe(true);
  expect(reportGroupingKeys({ text: '', links: ['https://example.com/a', 'not a url'] })).toEqual(['link:example.com/a']);
});

test('near the threshold the LSH keys still meet: a rumour retold with another title (J ≈ 0.53)', () => {
  const retold = 'WhatsApp message about noon closing\n' + rumour.replace('messaging apps', 'WhatsApp and Telegram');
  const a = 'Polling stations closing at noon\n' + rumour;
  expect(jaccard(wordShingles(a), wordShingles(retold))).toBeGreaterThanOrEqual(0.5);
  const keys = new Set(reportGroupingKeys({ text: a, links: [] }));
  expect(reportGroupingKeys({ text: retold, links: [] }).filter((key) => keys.has(key)).length).toBeGreaterThan(0);
});

test('minhash signatures are deterministic and equal for equal shingle sets', () => {
  const shingles = wordShingles(rumour);
  expect(minhashSignature(shingles)).toEqual(minhashSignature(new Set([...shingles].reverse())));
  expect(minhashSignature(shingles)).toHaveLength(40);
});

test('grouping is a partition into connected components, whatever the input order', () => {
  const texts = [rumour, rumour.replace('noon', 'midday'), 'Ballot boxes left unattended in Highmoor town hall overnight before the count began, witnesses say.', 'Completely different: a phishing e-mail to poll workers asking for their passwords to the results system.'];
  const arbitrary = fc.array(fc.record({ text: fc.constantFrom(...texts), link: fc.constantFrom('', 'https://a.example/x', 'https://b.example/y') }), { maxLength: 12 });
  fc.assert(
    fc.property(arbitrary, fc.infiniteStream(fc.nat()), (items, noise) => {
      const reports = items.map((item, index) => ({ id: `r${index}`, text: item.text, links: item.link ? [item.link] : [] }));
      const groups = groupReports(reports);
      const ids = groups.flat();
      expect([...ids].sort()).toEqual(reports.map((r) => r.id).sort());
      const groupOf = new Map(groups.flatMap((group, index) => group.map((id) => [id, index] as const)));
      for (const a of reports) for (const b of reports) if (belongTogether(a, b)) expect(groupOf.get(a.id)).toBe(groupOf.get(b.id));
      const shuffled = [...reports].sort(() => (noise.next().value % 3) - 1);
      const canonical = (gs: readonly (readonly string[])[]) => gs.map((g) => [...g].sort().join(',')).sort();
      expect(canonical(groupReports(shuffled))).toEqual(canonical(groups));
    }),
  );
});

test('a report resembling two others joins them in one group', () => {
  const groups = groupReports([
    { id: 'a', text: 'first text entirely', links: ['https://x.example/1'] },
    { id: 'b', text: 'second text unrelated words', links: ['https://x.example/1', 'https://y.example/2'] },
    { id: 'c', text: 'third one other words', links: ['https://y.example/2'] },
    { id: 'd', text: 'alone here', links: [] },
  ]);
  expect(groups).toEqual([['a', 'b', 'c'], ['d']]);
});

test('tracking codes: 60 bits in Crockford base32, read back however typed', () => {
  expect(formatTrackingCode(new Uint8Array(8))).toBe('0000-0000-0000');
  // 0x0fffffffffffffff = 2^60 - 1: twelve 5-bit groups of 31 ("Z"); the top nibble is ignored.
  expect(formatTrackingCode(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBe('ZZZZ-ZZZZ-ZZZZ');
  expect(formatTrackingCode(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 33]))).toBe('0000-0000-0011');
  expect(normaliseTrackingCode(' abcd efgh jkmn ')).toBe('ABCD-EFGH-JKMN');
  expect(normaliseTrackingCode('oil0-0000-0000')).toBe('0110-0000-0000');
  expect(normaliseTrackingCode('ABCD-EFGH-JKMU')).toBeNull();
  expect(normaliseTrackingCode('ABCD')).toBeNull();
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (bytes) => {
      const code = formatTrackingCode(bytes);
      expect(code).toMatch(TRACKING_CODE_PATTERN);
      expect(normaliseTrackingCode(code.toLowerCase())).toBe(code);
    }),
  );
});

test('trust level follows the organisation: accredited observers highest', () => {
  expect(trustLevelOfOrganisation('civil-society')).toBe(3);
  expect(trustLevelOfOrganisation('international-partner')).toBe(3);
  expect(trustLevelOfOrganisation('election-authority')).toBe(2);
  expect(trustLevelOfOrganisation('media')).toBe(1);
});
