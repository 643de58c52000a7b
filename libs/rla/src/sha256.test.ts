import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { Sha256Midstate, digestHex, sha256Hex } from './sha256';
import { SKIPPABLE_ROUNDS, createSha256x4, sha256Rounds } from './sha256-simd';

// FIPS 180-4 examples (NIST CSRC "SHA256.pdf"): "abc" and the 448-bit two-block message.
test('matches the FIPS 180-4 examples', () => {
  expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  );
  expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('equals node:crypto for any input, including multi-block ones', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }),
  );
});

test('the midstate hasher equals hashing prefix and suffix together', () => {
  const prefix = new TextEncoder().encode(sha256Hex('seed'));
  const hasher = new Sha256Midstate(prefix);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (suffix) => {
      hasher.buffer(suffix.length).set(suffix);
      const expected = createHash('sha256').update(prefix).update(suffix).digest('hex');
      expect(digestHex(hasher.hash(suffix.length))).toBe(expected);
    }),
  );
  expect(() => new Sha256Midstate(new Uint8Array(10))).toThrow(RangeError);
});

test('the four-lane WebAssembly compressor equals node:crypto on single-block messages', () => {
  const prefix = new TextEncoder().encode(sha256Hex('lanes'));
  const hasher = new Sha256Midstate(prefix);
  const lanes = createSha256x4(hasher.midstate);
  expect(lanes).toBeDefined();
  if (lanes === undefined) return;
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ maxLength: 55 }), { minLength: 4, maxLength: 4 }),
      (messages) => {
        messages.forEach((message, lane) => {
          const block = new Uint8Array(64);
          block.set(message);
          block[message.length] = 0x80;
          const view = new DataView(block.buffer);
          view.setUint32(60, (64 + message.length) * 8);
          for (let word = 0; word < 16; word++)
            lanes.blocks[word * 4 + lane] = view.getInt32(word * 4);
        });
        lanes.compress();
        messages.forEach((message, lane) => {
          const words = new Int32Array(8);
          for (let word = 0; word < 8; word++) words[word] = lanes.state[word * 4 + lane] as number;
          expect(digestHex(words)).toBe(
            createHash('sha256').update(prefix).update(message).digest('hex'),
          );
        });
      },
    ),
  );
});

// The entry points that skip the first 4, 8 or 12 rounds (their start state computed in scalar
// code from the shared block prefix) must give the same digests.
test('the compressor skipping the first rounds equals node:crypto (property)', () => {
  const prefix = new TextEncoder().encode(sha256Hex('skip'));
  const hasher = new Sha256Midstate(prefix);
  const lanes = createSha256x4(hasher.midstate);
  if (lanes === undefined) throw new Error('WebAssembly SIMD is required here');
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ maxLength: 55 }), { minLength: 4, maxLength: 4 }),
      fc.constantFrom(...SKIPPABLE_ROUNDS),
      (messages, start) => {
        messages.forEach((message, lane) => {
          const block = new Uint8Array(64);
          block.set(message);
          block[message.length] = 0x80;
          const view = new DataView(block.buffer);
          view.setUint32(60, (64 + message.length) * 8);
          const words = Array.from({ length: 16 }, (_, word) => view.getInt32(word * 4));
          words.forEach((value, word) => (lanes.blocks[word * 4 + lane] = value));
          const startState = sha256Rounds(hasher.midstate, words, start);
          for (let word = 0; word < 8; word++)
            lanes.startState[word * 4 + lane] = startState[word] as number;
        });
        lanes.compressFrom(start);
        messages.forEach((message, lane) => {
          const words = new Int32Array(8);
          for (let word = 0; word < 8; word++) words[word] = lanes.state[word * 4 + lane] as number;
          expect(digestHex(words)).toBe(
            createHash('sha256').update(prefix).update(message).digest('hex'),
          );
        });
      },
    ),
  );
});
