/**
 * Joins ballot manifests (ballots per batch) with batch tallies (reported votes per batch) into
 * the reported batches of a MACRO batch-comparison audit, and draws batches with PPEB weights
 * u_p / U (see macro.ts, ppeb.ts). A batch key is the canonical JSON of
 * `[jurisdiction, tabulator or null, batch name]`. A tallies file without a Tabulator column
 * matches batches by jurisdiction and batch name.
 */
import { type Result, canonicalJson, err, ok } from '@vigil/basics';
import type { BatchKey } from './ballot-id';
import type { BatchTally } from './batch-tallies';
import type { Contest } from './contest';
import { type ReportedBatch, maxBatchError, unauditableBallots } from './macro';
import type { Manifest } from './manifest';
import { type WeightedSampleError, ppebSample } from './ppeb';

/** The key of a batch in MACRO inputs and outputs. */
export function batchKeyString(key: BatchKey): string {
  return canonicalJson([key.jurisdiction, key.tabulator, key.batch]);
}

/** A problem joining manifests and tallies. */
export interface BatchJoinProblem {
  readonly type: 'tally-without-batch' | 'ambiguous-batch' | 'votes-exceed-ballots';
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** Reported batches, in manifest order, with their keys. */
export interface ReportedBatches {
  readonly batches: readonly ReportedBatch[];
  readonly keys: readonly BatchKey[];
}

/** Builds the reported batches; manifest batches without a tally do not carry the contest. */
export function joinBatchTallies(options: {
  contest: Contest;
  manifests: readonly Manifest[];
  tallies: readonly { file: string; tallies: readonly BatchTally[] }[];
}): Result<ReportedBatches, BatchJoinProblem[]> {
  const problems: BatchJoinProblem[] = [];
  const keys: BatchKey[] = options.manifests.flatMap((manifest) =>
    manifest.batches.map((batch) => batch.key),
  );
  const ballots = options.manifests.flatMap((manifest) =>
    manifest.batches.map((batch) => batch.ballots),
  );
  const votes: (Readonly<Record<string, number>> | null)[] = keys.map(() => null);
  for (const { file, tallies } of options.tallies) {
    for (const tally of tallies) {
      const matches = keys
        .map((key, index) => ({ key, index }))
        .filter(
          ({ key }) =>
            key.jurisdiction === tally.jurisdiction &&
            key.batch === tally.batch &&
            (tally.tabulator === null || key.tabulator === tally.tabulator),
        );
      if (matches.length !== 1) {
        problems.push({
          type: matches.length === 0 ? 'tally-without-batch' : 'ambiguous-batch',
          file,
          line: tally.line,
          message: `batch "${tally.batch}" of ${tally.jurisdiction} ${matches.length === 0 ? 'is not in the manifests' : 'matches several manifest batches; add a Tabulator column'}`,
        });
        continue;
      }
      const { index } = matches[0] as { index: number };
      const total = Object.values(tally.votes).reduce((sum, count) => sum + count, 0);
      if (total > (ballots[index] as number) * options.contest.votesAllowed) {
        problems.push({
          type: 'votes-exceed-ballots',
          file,
          line: tally.line,
          message: `${total} votes exceed what ${ballots[index] as number} ballots can hold`,
        });
      }
      votes[index] = tally.votes;
    }
  }
  if (problems.length > 0) return err(problems);
  return ok({
    keys,
    batches: keys.map((key, index) => ({
      key: batchKeyString(key),
      votes: votes[index] ?? null,
      ballots: ballots[index] as number,
    })),
  });
}

/** One batch drawn for a MACRO audit. */
export interface BatchDraw {
  readonly ticket: string;
  readonly draw: number;
  readonly jurisdiction: string;
  readonly tabulator: string | null;
  readonly batch: string;
}

/** Why batches cannot be drawn. */
export type BatchSampleError = WeightedSampleError | { readonly type: 'tied-contest' };

/** PPEB draws of batches, weights u_p (a tie, where u_p is unbounded, needs a full count). */
export function sampleBatches(options: {
  contest: Contest;
  reported: ReportedBatches;
  seed: string;
  size: number;
  previousDraws?: number;
}): Result<BatchDraw[], BatchSampleError> {
  const { contest, reported } = options;
  const unauditable = unauditableBallots(contest, reported.batches);
  const weights = reported.batches.map((batch) => maxBatchError(contest, batch, unauditable));
  if (weights.some((weight) => !Number.isFinite(weight))) return err({ type: 'tied-contest' });
  const drawn = ppebSample({
    seed: options.seed,
    weights,
    take: options.size,
    drop: options.previousDraws ?? 0,
  });
  if (!drawn.ok) return drawn;
  return ok(
    drawn.value.map((draw) => {
      const key = reported.keys[draw.index] as BatchKey;
      return {
        ticket: draw.ticket,
        draw: draw.draw,
        jurisdiction: key.jurisdiction,
        tabulator: key.tabulator,
        batch: key.batch,
      };
    }),
  );
}
