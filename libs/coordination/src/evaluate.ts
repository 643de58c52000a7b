import type { Method } from './methods';

/** Precision and recall of one detector against planted groups. */
export interface DetectorScore {
  readonly method: Method;
  readonly flagged: number;
  readonly planted: number;
  /** Flagged accounts that belong to some planted group, over all flagged accounts. */
  readonly precision: number;
  /** Planted accounts of this method's groups that the method flagged. */
  readonly recall: number;
}

/**
 * Scores each method's flagged accounts against planted groups. A method's precision counts any
 * planted account as a true positive (a planted co-repost bot that also happens to post in the
 * same second is still a bot); recall counts only the method's own groups. With nothing
 * flagged, precision is 1 (no false positives); with nothing planted, recall is 1.
 */
export function scoreDetectors(input: {
  readonly flagged: ReadonlyMap<Method, ReadonlySet<string>>;
  readonly groups: readonly { readonly method: Method; readonly accounts: readonly string[] }[];
  readonly methods: readonly Method[];
}): DetectorScore[] {
  const allPlanted = new Set(input.groups.flatMap((group) => group.accounts));
  return input.methods.map((method) => {
    const flagged = input.flagged.get(method) ?? new Set<string>();
    const planted = new Set(input.groups.filter((group) => group.method === method).flatMap((group) => group.accounts));
    const truePositives = [...flagged].filter((account) => allPlanted.has(account)).length;
    const found = [...planted].filter((account) => flagged.has(account)).length;
    return {
      method,
      flagged: flagged.size,
      planted: planted.size,
      precision: flagged.size === 0 ? 1 : truePositives / flagged.size,
      recall: planted.size === 0 ? 1 : found / planted.size,
    };
  });
}
