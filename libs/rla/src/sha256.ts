/**
 * SHA-256 (FIPS 180-4) in plain TypeScript, so that the sampler runs in a browser without
 * `crypto.subtle` (which is asynchronous and has a per-call cost far above one compression).
 *
 * The consistent sampler hashes `sha256_hex(seed) + id` for every ballot. The 64 hex
 * characters of the seed hash fill exactly one 64-byte block, so the state after that block
 * (the "midstate") is the same for every ballot: {@link Sha256Midstate} computes it once and
 * then costs one compression per ballot whose id fits in 55 bytes, with no allocation.
 * Checked against node:crypto in `sha256.test.ts`.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL_STATE = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/**
 * One compression: updates `state` (8 words) with the 64-byte block at `block[offset…]`.
 * `w` is a 64-word scratch array, passed in so the hot loop allocates nothing.
 */
function compress(state: Int32Array, block: Uint8Array, offset: number, w: Int32Array): void {
  for (let i = 0; i < 16; i++) {
    const j = offset + i * 4;
    w[i] =
      ((block[j] as number) << 24) |
      ((block[j + 1] as number) << 16) |
      ((block[j + 2] as number) << 8) |
      (block[j + 3] as number);
  }
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15] as number;
    const y = w[i - 2] as number;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0;
  }
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  let e = state[4] as number;
  let f = state[5] as number;
  let g = state[6] as number;
  let h = state[7] as number;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + (K[i] as number) + (w[i] as number)) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = ((state[0] as number) + a) | 0;
  state[1] = ((state[1] as number) + b) | 0;
  state[2] = ((state[2] as number) + c) | 0;
  state[3] = ((state[3] as number) + d) | 0;
  state[4] = ((state[4] as number) + e) | 0;
  state[5] = ((state[5] as number) + f) | 0;
  state[6] = ((state[6] as number) + g) | 0;
  state[7] = ((state[7] as number) + h) | 0;
}

/**
 * Pads `message[0…length)` (the bytes after `prefixLength` already-hashed bytes) and
 * compresses it into `state`. `message` must have room for the padding (length + 72 bytes).
 */
function finish(
  state: Int32Array,
  message: Uint8Array,
  length: number,
  prefixLength: number,
  w: Int32Array,
): void {
  const total = length + prefixLength;
  let end = length + 1;
  message[length] = 0x80;
  while (end % 64 !== 56) message[end++] = 0;
  const bits = total * 8;
  // Message lengths here stay far below 2^53 bits, so the high word is `bits / 2^32`.
  const high = Math.floor(bits / 0x100000000);
  const low = bits >>> 0;
  message[end] = high >>> 24;
  message[end + 1] = (high >>> 16) & 0xff;
  message[end + 2] = (high >>> 8) & 0xff;
  message[end + 3] = high & 0xff;
  message[end + 4] = low >>> 24;
  message[end + 5] = (low >>> 16) & 0xff;
  message[end + 6] = (low >>> 8) & 0xff;
  message[end + 7] = low & 0xff;
  end += 8;
  for (let offset = 0; offset < end; offset += 64) compress(state, message, offset, w);
}

const HEX = '0123456789abcdef';

/** Lowercase hex of 8 state words (a SHA-256 digest). */
export function digestHex(state: Int32Array): string {
  let out = '';
  for (let i = 0; i < 8; i++) {
    const word = state[i] as number;
    for (let shift = 28; shift >= 0; shift -= 4) out += HEX[(word >>> shift) & 0xf];
  }
  return out;
}

const utf8 = new TextEncoder();

/** SHA-256 of bytes, as 8 big-endian 32-bit words (signed, as stored in an `Int32Array`). */
export function sha256Words(bytes: Uint8Array): Int32Array {
  const state = INITIAL_STATE.slice();
  const message = new Uint8Array(bytes.length + 72);
  message.set(bytes);
  finish(state, message, bytes.length, 0, new Int32Array(64));
  return state;
}

/** Lowercase hex SHA-256 of a string's UTF-8 bytes (or of bytes). */
export function sha256Hex(input: string | Uint8Array): string {
  return digestHex(sha256Words(typeof input === 'string' ? utf8.encode(input) : input));
}

/**
 * SHA-256 of `prefix + suffix` for many suffixes, where `prefix` is a whole number of
 * 64-byte blocks: the prefix is compressed once, each suffix costs its own blocks only.
 */
export class Sha256Midstate {
  /** The state after the prefix blocks. */
  readonly midstate: Int32Array;
  private readonly prefixLength: number;
  private readonly w = new Int32Array(64);
  private message = new Uint8Array(128);
  /** The digest of the last {@link hash} call (8 words); overwritten by the next call. */
  readonly state = new Int32Array(8);

  constructor(prefix: Uint8Array) {
    if (prefix.length % 64 !== 0)
      throw new RangeError('the midstate prefix must be whole 64-byte blocks');
    this.midstate = INITIAL_STATE.slice();
    for (let offset = 0; offset < prefix.length; offset += 64)
      compress(this.midstate, prefix, offset, this.w);
    this.prefixLength = prefix.length;
  }

  /** A buffer of at least `length + 72` bytes into which the caller writes the suffix. */
  buffer(length: number): Uint8Array {
    if (this.message.length < length + 72) this.message = new Uint8Array(2 * (length + 72));
    return this.message;
  }

  /** Hashes prefix + `buffer(length)[0…length)` into {@link state}. */
  hash(length: number): Int32Array {
    this.state.set(this.midstate);
    finish(this.state, this.message, length, this.prefixLength, this.w);
    return this.state;
  }
}
