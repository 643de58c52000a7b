/**
 * Weighted sampling of batches with probability proportional to an error bound (PPEB;
 * J. A. Aslam, R. A. Popa, R. L. Rivest, "On Auditing Elections When Precincts Have Different
 * Sizes", EVT 2008; P. B. Stark, "Risk-limiting post-election audits: P-values from common
 * probability inequalities", IEEE TIFS 2009), for MACRO batch comparison. Arlo draws these with
 * numpy's generator, which other languages cannot reproduce; ours is specified so that anyone can:
 *
 * 1. W = w₁ + w₂ + … and the running sums c_i = w₁ + … + w_i, added in batch order in IEEE-754
 *    double precision (weights are the batches' maximum relative overstatements u_p).
 * 2. Draw k (k = 1, 2, …) takes the ticket x_k = sha256_uniform(sha256_hex(seed) + ":ppeb:" + k)
 *    of the consistent sampler, and r_k = the double nearest to its first 17 digits
 *    (`x_k[0:19]` parsed as a decimal number).
 * 3. It selects the first batch i with r_k · W < c_i (batches of weight 0 are never selected).
 *
 * Draws are with replacement; round 2 continues with k = (draws so far) + 1. Known answers in
 * `ppeb.test.ts` and docs/statistics.md.
 */
import { type Result, err, ok } from '@vigil/basics';
import { sha256Hex } from './sha256';
import { sha256Uniform, trimTicket } from './ticket';

/** One PPEB draw. */
export interface WeightedDraw {
  /** The draw's ticket, 18 digits after any leading 9s. */
  readonly ticket: string;
  /** 1-based draw number k. */
  readonly draw: number;
  /** Index of the selected batch. */
  readonly index: number;
}

/** Why a weighted sample cannot be drawn. */
export type WeightedSampleError =
  | { readonly type: 'invalid-weight'; readonly index: number }
  | { readonly type: 'no-weight' }
  | { readonly type: 'invalid-sample-size'; readonly value: number };

/** Draws `take` batches after `drop` earlier draws, proportionally to `weights`. */
export function ppebSample(options: {
  seed: string;
  weights: readonly number[];
  take: number;
  drop?: number;
}): Result<WeightedDraw[], WeightedSampleError> {
  const { seed, weights, take } = options;
  const drop = options.drop ?? 0;
  for (const value of [take, drop])
    if (!Number.isSafeInteger(value) || value < 0)
      return err({ type: 'invalid-sample-size', value });
  const cumulative: number[] = [];
  let total = 0;
  for (let index = 0; index < weights.length; index++) {
    const weight = weights[index] as number;
    if (!Number.isFinite(weight) || weight < 0) return err({ type: 'invalid-weight', index });
    total += weight;
    cumulative.push(total);
  }
  if (!(total > 0)) return err({ type: 'no-weight' });
  const seedHash = sha256Hex(seed);
  const draws: WeightedDraw[] = [];
  for (let k = drop + 1; k <= drop + take; k++) {
    const ticket = sha256Uniform(`${seedHash}:ppeb:${k}`);
    const r = Number(ticket.slice(0, 19));
    let index = cumulative.findIndex((sum) => r * total < sum);
    // r < 1, so r·W < W = c_last up to rounding; if rounding says otherwise, take the last batch with weight.
    if (index === -1) index = weights.findLastIndex((weight) => weight > 0);
    draws.push({ ticket: trimTicket(ticket, 18), draw: k, index });
  }
  return ok(draws);
}
