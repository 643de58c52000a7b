import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { deterministicScoId } from './sco-id';
import { sha1 } from './sha1';
import { isUuid, uuidV5 } from './uuid';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

// FIPS 180-4 examples (NIST CSRC "SHA1.pdf"): "abc" and the 448-bit message.
test('sha1 gives the FIPS 180-4 example digests', () => {
  expect(hex(sha1(new TextEncoder().encode('abc')))).toBe(
    'a9993e364706816aba3e25717850c26c9cd0d89d',
  );
  expect(
    hex(sha1(new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))),
  ).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
  expect(hex(sha1(new Uint8Array()))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
});

test('sha1 agrees with node:crypto on any input', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      expect(hex(sha1(bytes))).toBe(createHash('sha1').update(bytes).digest('hex'));
    }),
  );
});

// RFC 9562, appendix A.4: UUIDv5 of "www.example.com" in the DNS namespace.
test('uuidV5 gives the RFC 9562 example', () => {
  expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
    '2ed6657d-e927-568b-95e1-2665a8aea6a2',
  );
  expect(isUuid('2ed6657d-e927-568b-95e1-2665a8aea6a2')).toBe(true);
  expect(isUuid('2ED6657D-e927-568b-95e1-2665a8aea6a2')).toBe(false);
});

// Known answers: domain-name example.com is the STIX 2.1 specification's example id (also in
// cti-python-stix2's tests); the others were computed with Python's uuid.uuid5 over the
// canonical JSON of the contributing properties, as cti-python-stix2 does.
test.each([
  ['domain-name', { value: 'example.com' }, 'domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7'],
  [
    'url',
    { value: 'https://example.com/research/index.html' },
    'url--47c3cf9a-5027-5bf0-997a-017c7edc7c55',
  ],
  ['ipv4-addr', { value: '198.51.100.8' }, 'ipv4-addr--6c83081b-13af-5e30-ba30-6f401772a083'],
] as const)('deterministic id of %s %j', (type, properties, id) => {
  expect(deterministicScoId(type, properties)).toBe(id);
});

test('file ids use one hash, preferring MD5, and ignore non-contributing properties', () => {
  const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
  const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  expect(deterministicScoId('file', { hashes: { 'SHA-256': sha256, MD5: md5 }, size: 0 })).toBe(
    deterministicScoId('file', { hashes: { MD5: md5 } }),
  );
  expect(deterministicScoId('file', { hashes: { 'SHA-256': sha256 } })).not.toBe(
    deterministicScoId('file', { hashes: { MD5: md5 } }),
  );
  expect(deterministicScoId('process', { pid: 1 })).toBeUndefined();
  expect(deterministicScoId('url', {})).toBeUndefined();
});
