import fc from 'fast-check';
import { expect, test } from 'vitest';
import { canonicalizeUrl } from './canonical-url';

test.each([
  ['https://www.example.com/news/story/', 'https://example.com/news/story'],
  ['http://example.com/news/story?utm_source=tw&utm_medium=social', 'https://example.com/news/story'],
  ['https://m.example.com/news/story?fbclid=abc', 'https://example.com/news/story'],
  ['https://mobile.example.com/a?b=2&a=1#frag', 'https://example.com/a?a=1&b=2'],
  ['https://example.com/news/story/amp/', 'https://example.com/news/story'],
  ['https://amp.example.com/news/story', 'https://example.com/news/story'],
  ['https://example-com.cdn.ampproject.org/c/s/example.com/news/story', 'https://example.com/news/story'],
  ['HTTPS://Example.COM:443/Path', 'https://example.com/Path'],
  ['example.com/page/', 'https://example.com/page'],
  ['https://example.com/', 'https://example.com'],
  ['https://youtube.com/watch?v=xyz&feature=share', 'https://youtube.com/watch?v=xyz'],
  ['https://youtu.be/xyz?si=abc', 'https://youtube.com/watch?v=xyz'],
  ['23678', '23678'],
])('canonicalizeUrl(%s) is %s', (raw, expected) => {
  expect(canonicalizeUrl(raw)).toBe(expected);
});

test('empty and blank values are not links', () => {
  expect(canonicalizeUrl('')).toBeUndefined();
  expect(canonicalizeUrl('   ')).toBeUndefined();
});

test('canonicalisation is idempotent', () => {
  fc.assert(
    fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
      const once = canonicalizeUrl(url);
      expect(once).toBeDefined();
      expect(canonicalizeUrl(once ?? '')).toBe(once);
    }),
  );
});
