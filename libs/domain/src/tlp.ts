import { z } from 'zod';

/**
 * Traffic Light Protocol 2.0 (FIRST, 2022): who may see a piece of information.
 * Ordered from least to most restrictive.
 */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];
export const TlpSchema = z.enum(TLP_LEVELS);

/** Rank of a TLP level: a higher rank is more restrictive. */
export function tlpRank(tlp: Tlp): number {
  return TLP_LEVELS.indexOf(tlp);
}

/** The more restrictive of two TLP levels (a combination of markings takes the strictest). */
export function strictestTlp(a: Tlp, b: Tlp): Tlp {
  return tlpRank(a) >= tlpRank(b) ? a : b;
}
