/**
 * Four single-block SHA-256 compressions at once in WebAssembly SIMD (128-bit lanes), from a
 * shared midstate. This is what makes the consistent sampler fast: one hash per ballot is the
 * floor, and a scalar JavaScript compression costs ~0.7 µs on our reference machine, while
 * four lanes of WebAssembly SIMD cost ~0.15 µs per hash. The module (~17 kB) is assembled
 * here from the FIPS 180-4 round definitions, so there is no opaque binary in the repository;
 * `sha256.test.ts` checks it (and its round-skipping entry points) against node:crypto.
 *
 * Environments without WebAssembly SIMD (or whose content-security policy forbids
 * WebAssembly) get `undefined` from {@link createSha256x4} and fall back to the scalar code.
 */

const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/**
 * Byte offsets (in the module's memory) of the output state, the input blocks, the midstate and
 * the working variables to start from when the first rounds are skipped.
 */
const STATE = 0;
const BLOCK = 128;
const MIDSTATE = 384;
const START = 512;
/** Rounds the module can skip: every message word they read is the same for the four lanes' ids. */
export const SKIPPABLE_ROUNDS = [0, 4, 8, 12] as const;

function signedLeb(value: number): number[] {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/**
 * The working variables a..h after the first `rounds` rounds of compressing `block` (16
 * big-endian words) from `midstate`, in scalar code: the start state of {@link Sha256x4.compressFrom}.
 */
export function sha256Rounds(
  midstate: Int32Array,
  block: ArrayLike<number>,
  rounds: number,
): Int32Array {
  let [a, b, c, d, e, f, g, h] = midstate as unknown as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));
  for (let i = 0; i < rounds; i++) {
    const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    const t1 = (h + s1 + (g ^ (e & (f ^ g))) + (K[i] as number) + (block[i] as number)) | 0;
    const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    const t2 = (s0 + ((a & b) | (c & (a | b)))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  return Int32Array.of(a, b, c, d, e, f, g, h);
}

/** The WebAssembly binary: `compress4()` and `compress4From<r>()` over memory laid out as above. */
function assembleModule(): Uint8Array<ArrayBuffer> {
  const bodies = SKIPPABLE_ROUNDS.map((start) => functionBody(start));
  const name = (text: string): number[] => [
    ...unsignedLeb(text.length),
    ...new TextEncoder().encode(text),
  ];
  const section = (id: number, bytes: number[]): number[] => [
    id,
    ...unsignedLeb(bytes.length),
    ...bytes,
  ];
  const exports = SKIPPABLE_ROUNDS.flatMap((start, index) => [
    ...name(start === 0 ? 'compress4' : `compress4From${start}`),
    0,
    index,
  ]);
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...section(1, [1, 0x60, 0, 0]), // type: () -> ()
    ...section(3, [bodies.length, ...bodies.map(() => 0)]), // functions of that type
    ...section(5, [1, 0, 1]), // one memory of one page
    ...section(7, [bodies.length + 1, ...exports, ...name('memory'), 2, 0]),
    ...section(10, [
      bodies.length,
      ...bodies.flatMap((body) => [...unsignedLeb(body.length), ...body]),
    ]),
  ]);
}

/** One compression function: rounds `start`…63 from the working variables at START (MIDSTATE if 0). */
function functionBody(start: number): number[] {
  const code: number[] = [];
  const get = (local: number): void => void code.push(0x20, ...unsignedLeb(local));
  const set = (local: number): void => void code.push(0x21, ...unsignedLeb(local));
  const i32 = (value: number): void => void code.push(0x41, ...signedLeb(value));
  const simd = (opcode: number): void => void code.push(0xfd, ...unsignedLeb(opcode));
  const ADD = 174; // i32x4.add
  const AND = 78; // v128.and
  const OR = 80; // v128.or
  const XOR = 81; // v128.xor
  const SHL = 171; // i32x4.shl
  const SHR_U = 173; // i32x4.shr_u
  const SPLAT = 17; // i32x4.splat
  const load = (offset: number): void => {
    i32(0);
    code.push(0xfd, 0x00, 4, ...unsignedLeb(offset)); // v128.load align=16
  };
  const rotr = (local: number, bits: number): void => {
    get(local);
    i32(bits);
    simd(SHR_U);
    get(local);
    i32(32 - bits);
    simd(SHL);
    simd(OR);
  };
  const shr = (local: number, bits: number): void => {
    get(local);
    i32(bits);
    simd(SHR_U);
  };
  // Locals: 0-7 working variables, 8-71 the message schedule, 72 T1, 73 T2.
  const w = (i: number): number => 8 + i;
  const T1 = 72;
  const T2 = 73;
  for (let i = 0; i < 8; i++) {
    load((start === 0 ? MIDSTATE : START) + i * 16);
    set(i);
  }
  for (let i = 0; i < 16; i++) {
    load(BLOCK + i * 16);
    set(w(i));
  }
  for (let i = 16; i < 64; i++) {
    get(w(i - 16));
    rotr(w(i - 15), 7);
    rotr(w(i - 15), 18);
    simd(XOR);
    shr(w(i - 15), 3);
    simd(XOR);
    simd(ADD);
    get(w(i - 7));
    simd(ADD);
    rotr(w(i - 2), 17);
    rotr(w(i - 2), 19);
    simd(XOR);
    shr(w(i - 2), 10);
    simd(XOR);
    simd(ADD);
    set(w(i));
  }
  // Instead of shifting a..h each round, rename them: `names[j]` is the local holding variable j.
  let names = [0, 1, 2, 3, 4, 5, 6, 7];
  for (let i = start; i < 64; i++) {
    const [a, b, c, d, e, f, g, h] = names as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    get(h); // T1 = h + Σ1(e) + Ch(e, f, g) + K[i] + W[i]
    rotr(e, 6);
    rotr(e, 11);
    simd(XOR);
    rotr(e, 25);
    simd(XOR);
    simd(ADD);
    get(g); // Ch(e, f, g) = g ^ (e & (f ^ g))
    get(e);
    get(f);
    get(g);
    simd(XOR);
    simd(AND);
    simd(XOR);
    simd(ADD);
    i32(K[i] as number);
    simd(SPLAT);
    simd(ADD);
    get(w(i));
    simd(ADD);
    set(T1);
    rotr(a, 2); // T2 = Σ0(a) + Maj(a, b, c), Maj = (a & b) | (c & (a | b))
    rotr(a, 13);
    simd(XOR);
    rotr(a, 22);
    simd(XOR);
    get(a);
    get(b);
    simd(AND);
    get(c);
    get(a);
    get(b);
    simd(OR);
    simd(AND);
    simd(OR);
    simd(ADD);
    set(T2);
    get(d); // e' = d + T1
    get(T1);
    simd(ADD);
    set(d);
    get(T1); // a' = T1 + T2
    get(T2);
    simd(ADD);
    set(h);
    names = [h, a, b, c, d, e, f, g];
  }
  for (let j = 0; j < 8; j++) {
    i32(0);
    load(MIDSTATE + j * 16);
    get(names[j] as number);
    simd(ADD);
    code.push(0xfd, 11, 4, ...unsignedLeb(STATE + j * 16)); // v128.store align=16
  }
  code.push(0x0b);
  return [1, ...unsignedLeb(74), 0x7b, ...code];
}

/** Four SHA-256 compressions of one block each, from one midstate. */
export interface Sha256x4 {
  /** Input: `blocks[word * 4 + lane]` is big-endian word `word` (0–15) of lane `lane`'s block. */
  readonly blocks: Int32Array;
  /** Output: `state[word * 4 + lane]` is digest word `word` (0–7) of lane `lane`. */
  readonly state: Int32Array;
  /** Compresses the four blocks. */
  compress(): void;
  /**
   * Input of {@link compressFrom}: `startState[word * 4 + lane]` is working variable `word`
   * (a…h) of lane `lane` after the skipped rounds (see {@link sha256Rounds}).
   */
  readonly startState: Int32Array;
  /**
   * Compresses the four blocks, starting at round `start` (one of {@link SKIPPABLE_ROUNDS}) from
   * `startState`: for blocks whose first `start` words are known ahead (a shared id prefix).
   */
  compressFrom(start: (typeof SKIPPABLE_ROUNDS)[number]): void;
}

/**
 * The slice of the WebAssembly JS API we use, typed here because not every program that
 * compiles this library has the DOM library's declarations (the CLI builds against Node's).
 */
interface WebAssemblyApi {
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

let cachedModule: object | null | undefined;

function webAssembly(): WebAssemblyApi | undefined {
  return (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
}

function compiledModule(): object | null {
  if (cachedModule !== undefined) return cachedModule;
  const api = webAssembly();
  try {
    const bytes = assembleModule();
    cachedModule = api !== undefined && api.validate(bytes) ? new api.Module(bytes) : null;
  } catch {
    // No SIMD, or a content-security policy that forbids compiling WebAssembly.
    cachedModule = null;
  }
  return cachedModule;
}

/**
 * A four-lane compressor starting from `midstate` (8 words), or `undefined` where
 * WebAssembly SIMD is not available.
 */
export function createSha256x4(midstate: Int32Array): Sha256x4 | undefined {
  const module = compiledModule();
  const api = webAssembly();
  if (module === null || api === undefined) return undefined;
  const instance = new api.Instance(module, {});
  const memory = instance.exports['memory'] as { readonly buffer: ArrayBuffer };
  const compress = instance.exports['compress4'] as () => void;
  const words = new Int32Array(memory.buffer);
  for (let word = 0; word < 8; word++) {
    for (let lane = 0; lane < 4; lane++)
      words[MIDSTATE / 4 + word * 4 + lane] = midstate[word] as number;
  }
  const from = SKIPPABLE_ROUNDS.map((start) =>
    start === 0 ? compress : (instance.exports[`compress4From${start}`] as () => void),
  );
  return {
    blocks: words.subarray(BLOCK / 4, BLOCK / 4 + 64),
    state: words.subarray(STATE / 4, STATE / 4 + 32),
    startState: words.subarray(START / 4, START / 4 + 32),
    compress,
    compressFrom: (start) => (from[start >> 2] as () => void)(),
  };
}
