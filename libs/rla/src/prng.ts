/**
 * A seeded pseudo-random generator for simulations (never for drawing ballots, which use the
 * consistent sampler): xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 2021) with its 128-bit state taken from the first 16 bytes of
 * SHA-256(UTF-8 seed), big-endian words; a state of all zeros (probability 2^-128) is replaced
 * by the SHA-256 of the seed followed by "!". Uniform doubles take 53 bits from two outputs:
 * (a >>> 5) · 2^26 + (b >>> 6), divided by 2^53. Specified so any language can reproduce it;
 * known answers are in `prng.test.ts`.
 */
import { sha256Words } from './sha256';

/** A generator of uniform doubles in [0, 1). */
export interface Prng {
  /** The next 32-bit output, as an unsigned integer. */
  nextUint32(): number;
  /** A uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number;
}

/** xoshiro128** seeded from SHA-256 of `seed`. */
export function createPrng(seed: string): Prng {
  let words = sha256Words(new TextEncoder().encode(seed));
  if (words[0] === 0 && words[1] === 0 && words[2] === 0 && words[3] === 0)
    words = sha256Words(new TextEncoder().encode(`${seed}!`));
  let s0 = (words[0] as number) >>> 0;
  let s1 = (words[1] as number) >>> 0;
  let s2 = (words[2] as number) >>> 0;
  let s3 = (words[3] as number) >>> 0;
  const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;
  const nextUint32 = (): number => {
    const result = (rotl(Math.imul(s1, 5) >>> 0, 7) * 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
  return {
    nextUint32,
    nextDouble: () => {
      const a = nextUint32() >>> 5;
      const b = nextUint32() >>> 6;
      return (a * 67108864 + b) / 9007199254740992;
    },
  };
}
