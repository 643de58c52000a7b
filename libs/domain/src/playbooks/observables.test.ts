import { expect, test } from 'vitest';
import type { ObservableType } from './observables';
import { normaliseObservable } from './observables';

// Known answers: accepted values with their normal form (RFC 5952 for IPv6, lower-case
// domains and hashes, WHATWG URL serialisation), and refusals.
test.each([
  ['url', 'https://Example.COM/path?q=1', 'https://example.com/path?q=1'],
  ['url', 'http://results.example/', 'http://results.example/'],
  ['domain', 'Results.Election.Example.', 'results.election.example'],
  ['ipv4', '203.0.113.7', '203.0.113.7'],
  ['ipv6', '2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
  ['ipv6', '::ffff:192.0.2.1', '::ffff:c000:201'],
  ['md5', 'D41D8CD98F00B204E9800998ECF8427E', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['email', 'Press@Campaign.Example', 'Press@campaign.example'],
  ['social-account', 'x:@Valdoria_Truth', 'x:@valdoria_truth'],
] as const)('%s %s is accepted as %s', (type, value, normal) => {
  expect(normaliseObservable(type, value)).toEqual({ ok: true, value: normal });
});

test.each([
  ['url', 'javascript:alert(1)'],
  ['url', 'results.example/page'],
  ['url', 'ftp://files.example/x'],
  ['domain', 'localhost'],
  ['domain', 'exa mple.com'],
  ['domain', '-bad.example'],
  ['domain', '192.0.2.1'],
  ['ipv4', '256.1.1.1'],
  ['ipv4', '01.2.3.4'],
  ['ipv4', '1.2.3'],
  ['ipv6', '2001:db8::g'],
  ['ipv6', '1:2:3:4:5:6:7:8:9'],
  ['ipv6', '203.0.113.7'],
  ['md5', 'd41d8cd98f00b204e9800998ecf8427'],
  ['sha1', 'zz39a3ee5e6b4b0d3255bfef95601890afd80709'],
  ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85'],
  ['email', 'no-at-sign.example'],
  ['email', 'a@localhost'],
  ['social-account', '@handle'],
  ['social-account', 'x:'],
  ['domain', '   '],
] as const)('%s %j is refused with a reason', (type: ObservableType, value: string) => {
  const result = normaliseObservable(type, value);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error.length).toBeGreaterThan(3);
});
