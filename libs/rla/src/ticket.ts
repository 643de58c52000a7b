/**
 * Ticket numbers of Rivest's consistent sampler (R. L. Rivest, "Consistent Sampling with
 * Replacement", arXiv:1808.10016, 2018; reference implementation ron-rivest/consistent_sampler,
 * `consistent_sampler.py`, which Arlo uses). A ticket is a decimal string `0.ddd…` in (0, 1);
 * string order of tickets equals numeric order.
 */
import { sha256Hex } from './sha256';

/**
 * `'0.'` followed by the decimal digits of the 256-bit integer `hex`, zero-padded on the left
 * to 64 digits, then reversed (the low-order digits are the unbiased ones).
 */
export function uniformFromHex(hex: string): string {
  const digits = BigInt(`0x${hex}`).toString(10).padStart(64, '0');
  let reversed = '';
  for (let i = digits.length - 1; i >= 0; i--) reversed += digits[i];
  return `0.${reversed}`;
}

/** `sha256_uniform(x)`: {@link uniformFromHex} of the SHA-256 of the UTF-8 bytes of `x`. */
export function sha256Uniform(input: string): string {
  return uniformFromHex(sha256Hex(input));
}

/** `first_fraction(id, seed)`: the generation-1 ticket number of `id`. */
export function firstFraction(id: string, seed: string): string {
  return sha256Uniform(sha256Hex(seed) + id);
}

/** Index of the first digit after `'0.'` that is not a 9 (in `x + '0'`, so it always exists). */
function firstNonNine(ticket: string): number {
  const padded = `${ticket}0`;
  let position = 2;
  while (padded[position] === '9') position++;
  return position;
}

/**
 * `next_fraction(x)`: the next ticket number of an id drawn with replacement, uniform in
 * (x, 1): keep the leading 9s of `x`, replace the rest with hashes of `x:1`, `x:2`, … until
 * the result exceeds `x`.
 */
export function nextFraction(ticket: string): string {
  if (!ticket.startsWith('0.')) throw new RangeError(`not a ticket number: ${ticket}`);
  const padded = `${ticket}0`;
  const head = padded.slice(0, firstNonNine(ticket));
  for (let counter = 1; ; counter++) {
    const candidate = head + sha256Uniform(`${ticket}:${counter}`).slice(2);
    if (candidate > padded) return candidate;
  }
}

/**
 * `trim(x, d)`: `d` digits after any leading run of 9s, truncated (not rounded). Arlo prints
 * tickets with `d = 18`.
 */
export function trimTicket(ticket: string, digits: number): string {
  return ticket.slice(0, firstNonNine(ticket) + digits);
}
