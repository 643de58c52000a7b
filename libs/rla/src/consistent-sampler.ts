/**
 * Rivest's SHA-256 consistent sampler, with and without replacement (R. L. Rivest,
 * "Consistent Sampling with Replacement", arXiv:1808.10016, 2018). Reference implementation:
 * ron-rivest/consistent_sampler (`sampler()`), which Arlo's `sampler.draw_sample` calls with
 * `digits=18`. Every id gets a ticket number from SHA-256(sha256_hex(seed) + id); ids are
 * drawn in increasing ticket order; with replacement a drawn id gets a new, larger ticket
 * (`next_fraction`). Round 2 of an audit continues the same stream (`drop` = draws so far).
 *
 * Speed: the ticket order of two ids is decided, except with probability ~1e-9, by the first
 * nine digits of their tickets, which are the low nine decimal digits of the hash read
 * backwards. So one pass hashes every id (four at a time in WebAssembly SIMD where available)
 * and keeps only that 9-digit key; only ids whose key is at or below the `k`-th smallest key
 * (k = drop + take) get a full-precision ticket, and the draw runs on those. With replacement
 * this is exact too: every id drawn among the first k draws has a first ticket no larger than
 * the k-th draw's ticket, so it is among the k smallest first tickets. The 9-digit keys are
 * computed only under a bound (see `firstTicketKeys`), and the SHA-256 rounds that read only
 * an id's constant prefix are computed once per batch (sha256-simd.ts `compressFrom`).
 */
import { type Result, assert, err, ok } from '@vigil/basics';
import { Sha256Midstate, sha256Hex } from './sha256';
import { createSha256x4, sha256Rounds } from './sha256-simd';
import { nextFraction, uniformFromHex } from './ticket';

/**
 * Sampling units, described compactly: either a run of ids `prefix + n + suffix` for
 * positions n = 1…count (a batch of ballots), or one literal id.
 */
export type UnitGroup =
  | {
      readonly kind: 'positions';
      readonly prefix: string;
      readonly suffix: string;
      readonly count: number;
    }
  | { readonly kind: 'id'; readonly id: string };

/** One draw of the sample, in draw order. */
export interface Draw {
  /** Full-precision ticket number (`0.ddd…`); print it with `trimTicket(ticket, 18)`. */
  readonly ticket: string;
  /** The hashed id. */
  readonly id: string;
  /** Index of the unit's group in the frame. */
  readonly group: number;
  /** Position within a `positions` group (1-based), or `null` for an `id` group. */
  readonly position: number | null;
  /** 1 for an id's first draw, 2 for its second (with replacement), … */
  readonly generation: number;
}

/** Why a sample cannot be drawn. */
export type SampleError =
  | {
      readonly type: 'sample-larger-than-population';
      readonly requested: number;
      readonly population: number;
    }
  | { readonly type: 'empty-population' }
  | { readonly type: 'invalid-sample-size'; readonly value: number };

/** Arguments of {@link consistentSample}. */
export interface ConsistentSampleOptions {
  /** The public random seed, hashed as its UTF-8 bytes. */
  readonly seed: string;
  readonly frame: readonly UnitGroup[];
  /** Number of draws to return. */
  readonly take: number;
  /** Draws already taken in earlier rounds, skipped (the stream continues after them). */
  readonly drop?: number;
  readonly withReplacement: boolean;
}

const encoder = new TextEncoder();

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** Number of decimal digits of a non-negative safe integer. */
function decimalLength(n: number): number {
  let length = 1;
  while (length < 16 && n >= (POWERS_OF_TEN[length] as number)) length++;
  return length;
}

/** `2^(16·(15 − i)) mod 10^9` for the i-th 16-bit chunk of a 256-bit big-endian number. */
const CHUNK_RESIDUES = Array.from({ length: 16 }, (_, i) =>
  Number((1n << BigInt(16 * (15 - i))) % 1_000_000_000n),
);

/** `REVERSED_TRIPLES[n]` is the 3-digit, zero-padded `n` read backwards (12 → "012" → 210). */
const REVERSED_TRIPLES = Array.from(
  { length: 1000 },
  (_, n) => (n % 10) * 100 + (Math.floor(n / 10) % 10) * 10 + Math.floor(n / 100),
);

/** `x mod m` for 0 ≤ x < 2^53, by multiplying with `1/m` and correcting the rounding. */
function mod(x: number, m: number, inverse: number): number {
  let r = x - Math.floor(x * inverse) * m;
  if (r < 0) r += m;
  else if (r >= m) r -= m;
  return r;
}

/**
 * The 9-digit ordering key of a digest: the first nine digits of its ticket, i.e. the digest's
 * value modulo 10^9 with its (zero-padded) digits reversed. `words[offset + i * stride]` is
 * big-endian word i. Summing chunk × (2^k mod 10^9) keeps every term and the sum below 2^53,
 * so one reduction suffices (a chain of divisions would dominate the sampler's time).
 */
function orderingKey(words: Int32Array, offset: number, stride: number): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const word = (words[offset + i * stride] as number) >>> 0;
    sum +=
      (word >>> 16) * (CHUNK_RESIDUES[2 * i] as number) +
      (word & 0xffff) * (CHUNK_RESIDUES[2 * i + 1] as number);
  }
  const remainder = mod(sum, 1e9, 1e-9);
  const high = Math.floor(remainder * 1e-6 + 1e-12);
  const rest = remainder - high * 1e6;
  const middle = Math.floor(rest * 1e-3 + 1e-12);
  const low = rest - middle * 1e3;
  return (
    (REVERSED_TRIPLES[low] as number) * 1e6 +
    (REVERSED_TRIPLES[middle] as number) * 1e3 +
    (REVERSED_TRIPLES[high] as number)
  );
}

function packWord(bytes: Uint8Array, j: number): number {
  return (
    ((bytes[j] as number) << 24) |
    ((bytes[j + 1] as number) << 16) |
    ((bytes[j + 2] as number) << 8) |
    (bytes[j + 3] as number)
  );
}

function writeDigits(bytes: Uint8Array, start: number, digits: number, value: number): void {
  let n = value;
  for (let i = start + digits - 1; i >= start; i--) {
    const quotient = Math.floor(n / 10);
    bytes[i] = 48 + (n - quotient * 10);
    n = quotient;
  }
}

interface EncodedGroup {
  readonly prefix: Uint8Array;
  readonly suffix: Uint8Array;
  readonly count: number;
  /** An `id` group: its one unit has no position digits. */
  readonly literal: boolean;
}

function encodeFrame(frame: readonly UnitGroup[]): EncodedGroup[] {
  return frame.map((group) =>
    group.kind === 'id'
      ? { prefix: encoder.encode(group.id), suffix: new Uint8Array(0), count: 1, literal: true }
      : {
          prefix: encoder.encode(group.prefix),
          suffix: encoder.encode(group.suffix),
          count: group.count,
          literal: false,
        },
  );
}

/** Key of a unit whose ticket is certainly above the bound (real keys are below 10^9). */
export const ABOVE_BOUND = 0xffffffff;

/**
 * The 9-digit ordering key of every unit's first ticket, in frame order. Exported for the
 * benchmark and tests; {@link consistentSample} is the API.
 *
 * With a `bound`, only keys at or below it are computed; the others are {@link ABOVE_BOUND}.
 * A key's first j digits are the hash's last j decimal digits read backwards, so a key below
 * 10^(9 − j) needs the hash to be divisible by 10^j, hence by 2^j: its low j bits are zero.
 * Testing those bits first skips the key's arithmetic for all but 1/2^j of the units.
 */
export function firstTicketKeys(
  seed: string,
  frame: readonly UnitGroup[],
  bound = Number.POSITIVE_INFINITY,
): Uint32Array {
  let zeros = 0;
  while (zeros < 9 && bound < (POWERS_OF_TEN[8 - zeros] as number)) zeros++;
  const lowMask = (1 << zeros) - 1;
  const keyOf = (words: Int32Array, offset: number, stride: number): number => {
    if (((words[offset + 7 * stride] as number) & lowMask) !== 0) return ABOVE_BOUND;
    const key = orderingKey(words, offset, stride);
    return key <= bound ? key : ABOVE_BOUND;
  };
  const groups = encodeFrame(frame);
  const total = groups.reduce((sum, group) => sum + group.count, 0);
  const keys = new Uint32Array(total);
  const scalar = new Sha256Midstate(encoder.encode(sha256Hex(seed)));
  const lanes = createSha256x4(scalar.midstate);
  const laneUnit = new Int32Array(4);
  // Which template each lane's block words were last filled from: a lane only rewrites the
  // words that hold position digits while consecutive units share a template.
  const laneTemplate = new Int32Array(4).fill(-1);
  let template = new Uint8Array(128);
  let templateId = 0;
  let lane = 0;
  let unit = 0;
  // Rounds whose message words hold only a template's constant prefix are the same for all its
  // units: each lane starts after them (a multiple of 4, at most 12) from a state computed once
  // per template; a call skips the fewest rounds any of its lanes allows.
  // A template's prefix words and, computed on first use, its start state per skip.
  type StartStates = { readonly words: Int32Array; readonly states: (Int32Array | undefined)[] };
  const noStates: StartStates = { words: new Int32Array(0), states: [] };
  const laneSkip = new Int32Array(4);
  const laneStates: StartStates[] = [noStates, noStates, noStates, noStates];
  const laneStartKey = new Float64Array(4).fill(-1);
  // While no lane changes template, the skip and the start states stay as the last call set them.
  let lanesChanged = true;
  let callSkip = 0;
  const flush = (count: number): void => {
    const simd = lanes as NonNullable<typeof lanes>;
    if (lanesChanged) {
      lanesChanged = false;
      callSkip = 12;
      for (let l = 0; l < count; l++) callSkip = Math.min(callSkip, laneSkip[l] as number);
      for (let l = 0; callSkip > 0 && l < count; l++) {
        const key = (laneTemplate[l] as number) * 16 + callSkip;
        if (laneStartKey[l] === key) continue;
        const entry = laneStates[l] as StartStates;
        const start = (entry.states[callSkip >> 2] ??= sha256Rounds(
          scalar.midstate,
          entry.words,
          callSkip,
        ));
        for (let word = 0; word < 8; word++) simd.startState[word * 4 + l] = start[word] as number;
        laneStartKey[l] = key;
      }
    }
    if (callSkip === 0) simd.compress();
    else simd.compressFrom(callSkip as 4 | 8 | 12);
    const state = simd.state;
    for (let l = 0; l < count; l++) {
      // keyOf, inlined: this runs for every unit.
      const unitIndex = laneUnit[l] as number;
      if (((state[28 + l] as number) & lowMask) !== 0) keys[unitIndex] = ABOVE_BOUND;
      else {
        const key = orderingKey(state, l, 4);
        keys[unitIndex] = key <= bound ? key : ABOVE_BOUND;
      }
    }
  };
  for (const group of groups) {
    // Units with the same number of position digits share one message template.
    let position = 1;
    const last = group.literal ? 1 : group.count;
    while (position <= last) {
      const digits = group.literal ? 0 : decimalLength(position);
      const segmentEnd = group.literal ? 1 : Math.min(last, (POWERS_OF_TEN[digits] as number) - 1);
      const length = group.prefix.length + digits + group.suffix.length;
      if (template.length < length + 72) template = new Uint8Array(2 * (length + 72));
      template.set(group.prefix, 0);
      template.set(group.suffix, group.prefix.length + digits);
      if (lanes === undefined || length > 55) {
        for (; position <= segmentEnd; position++, unit++) {
          writeDigits(template, group.prefix.length, digits, position);
          scalar.buffer(length).set(template.subarray(0, length));
          keys[unit] = keyOf(scalar.hash(length), 0, 1);
        }
        continue;
      }
      // One block: the id, 0x80, zeros, and the bit length of (64-byte seed hash + id).
      template[length] = 0x80;
      template.fill(0, length + 1, 60);
      const bits = (64 + length) * 8;
      template[60] = bits >>> 24;
      template[61] = (bits >>> 16) & 0xff;
      template[62] = (bits >>> 8) & 0xff;
      template[63] = bits & 0xff;
      templateId++;
      const firstWord = group.prefix.length >> 2;
      const lastWord = digits === 0 ? firstWord - 1 : (group.prefix.length + digits - 1) >> 2;
      const blocks = lanes.blocks;
      // Rounds 0…skip − 1 read words 0…skip − 1, which hold only the prefix.
      const skip = digits === 0 || last - position < 16 ? 0 : Math.min(12, (firstWord >> 2) << 2);
      let startStates = noStates;
      if (skip > 0) {
        const words = new Int32Array(skip);
        for (let word = 0; word < skip; word++) words[word] = packWord(template, word * 4);
        startStates = { words, states: [] };
      }
      // Positions in a segment count up by one: write the first, then increment in place.
      const lastDigit = group.prefix.length + digits - 1;
      writeDigits(template, group.prefix.length, digits, position - 1);
      for (; position <= segmentEnd; position++, unit++) {
        if (digits > 0) {
          let at = lastDigit;
          while (template[at] === 57 /* 9 */) template[at--] = 48;
          template[at] = (template[at] as number) + 1;
        }
        if (laneTemplate[lane] !== templateId) {
          for (let word = 0; word < 16; word++)
            blocks[word * 4 + lane] = packWord(template, word * 4);
          laneTemplate[lane] = templateId;
          laneSkip[lane] = skip;
          laneStates[lane] = startStates;
          lanesChanged = true;
        } else {
          for (let word = firstWord; word <= lastWord; word++)
            blocks[word * 4 + lane] = packWord(template, word * 4);
        }
        laneUnit[lane] = unit;
        lane++;
        if (lane === 4) {
          flush(4);
          lane = 0;
        }
      }
    }
  }
  if (lanes !== undefined && lane > 0) flush(lane);
  return keys;
}

/** The `k`-th smallest value of `keys` (k ≥ 1, k ≤ keys.length), via a bounded max-heap. */
function kthSmallest(keys: Uint32Array, k: number): number {
  const heap = new Float64Array(k);
  let size = 0;
  const siftDown = (): void => {
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) return;
      const right = left + 1;
      const larger =
        right < size && (heap[right] as number) > (heap[left] as number) ? right : left;
      if ((heap[larger] as number) <= (heap[i] as number)) return;
      const swap = heap[i] as number;
      heap[i] = heap[larger] as number;
      heap[larger] = swap;
      i = larger;
    }
  };
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as number;
    if (size < k) {
      let i = size++;
      heap[i] = key;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if ((heap[parent] as number) >= (heap[i] as number)) break;
        const swap = heap[i] as number;
        heap[i] = heap[parent] as number;
        heap[parent] = swap;
        i = parent;
      }
    } else if (key < (heap[0] as number)) {
      heap[0] = key;
      siftDown();
    }
  }
  return heap[0] as number;
}

interface Ticket {
  readonly ticket: string;
  readonly id: string;
  readonly group: number;
  readonly position: number | null;
  readonly generation: number;
}

/** Ticket order, as the reference compares its `(ticket_number, id, generation)` tuples. */
function compareTickets(a: Ticket, b: Ticket): number {
  if (a.ticket !== b.ticket) return a.ticket < b.ticket ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return a.generation - b.generation;
}

/** A small binary min-heap of tickets. */
class TicketHeap {
  private readonly items: Ticket[] = [];
  get size(): number {
    return this.items.length;
  }
  push(ticket: Ticket): void {
    const items = this.items;
    items.push(ticket);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareTickets(items[parent] as Ticket, items[i] as Ticket) <= 0) break;
      [items[parent], items[i]] = [items[i] as Ticket, items[parent] as Ticket];
      i = parent;
    }
  }
  pop(): Ticket {
    const items = this.items;
    const top = items[0];
    assert(top !== undefined, 'pop from an empty ticket heap');
    const last = items.pop() as Ticket;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const smaller =
          right < items.length && compareTickets(items[right] as Ticket, items[left] as Ticket) < 0
            ? right
            : left;
        if (compareTickets(items[smaller] as Ticket, items[i] as Ticket) >= 0) break;
        [items[smaller], items[i]] = [items[i] as Ticket, items[smaller] as Ticket];
        i = smaller;
      }
    }
    return top;
  }
}

/** The id string of a unit, as hashed. */
export function unitId(group: UnitGroup, position: number | null): string {
  return group.kind === 'id' ? group.id : `${group.prefix}${position ?? ''}${group.suffix}`;
}

/** Total number of units in a frame. */
export function frameSize(frame: readonly UnitGroup[]): number {
  return frame.reduce((sum, group) => sum + (group.kind === 'id' ? 1 : group.count), 0);
}

/**
 * Draws `take` units after skipping `drop` (earlier rounds), in ticket order: identical to
 * `consistent_sampler.sampler(ids, seed, with_replacement, drop, take)` for the same ids.
 */
export function consistentSample(options: ConsistentSampleOptions): Result<Draw[], SampleError> {
  const { seed, frame, take, withReplacement } = options;
  const drop = options.drop ?? 0;
  for (const value of [take, drop]) {
    if (!Number.isSafeInteger(value) || value < 0)
      return err({ type: 'invalid-sample-size', value });
  }
  const population = frameSize(frame);
  const wanted = drop + take;
  if (wanted === 0) return ok([]);
  if (population === 0) return err({ type: 'empty-population' });
  if (!withReplacement && wanted > population) {
    return err({ type: 'sample-larger-than-population', requested: wanted, population });
  }
  // The k-th smallest of N uniform keys is near k/N · 10^9: compute only keys below four times
  // that. If fewer than k fall below (probability e^-4 for k = 1, negligible for audit-sized k),
  // compute them all. Either way the draws are the same.
  let keys: Uint32Array;
  let threshold = Number.POSITIVE_INFINITY;
  if (wanted >= population) keys = firstTicketKeys(seed, frame);
  else {
    keys = firstTicketKeys(seed, frame, Math.ceil((4 * wanted * 1e9) / population) + 1000);
    threshold = kthSmallest(keys, wanted);
    if (threshold === ABOVE_BOUND) {
      keys = firstTicketKeys(seed, frame);
      threshold = kthSmallest(keys, wanted);
    }
  }
  const seedHash = sha256Hex(seed);
  const heap = new TicketHeap();
  let unit = 0;
  frame.forEach((group, groupIndex) => {
    const count = group.kind === 'id' ? 1 : group.count;
    for (let i = 1; i <= count; i++, unit++) {
      if ((keys[unit] as number) > threshold) continue;
      const position = group.kind === 'id' ? null : i;
      const id = unitId(group, position);
      heap.push({
        ticket: uniformFromHex(sha256Hex(seedHash + id)),
        id,
        group: groupIndex,
        position,
        generation: 1,
      });
    }
  });
  const draws: Draw[] = [];
  for (let n = 0; n < wanted; n++) {
    const ticket = heap.pop();
    if (withReplacement)
      heap.push({
        ...ticket,
        ticket: nextFraction(ticket.ticket),
        generation: ticket.generation + 1,
      });
    if (n >= drop) draws.push(ticket);
  }
  return ok(draws);
}
