/**
 * Drawing ballots from ballot manifests with the consistent sampler: the sampling frame is
 * every ballot position of every batch, identified in Arlo's format or our canonical one
 * (see ballot-id.ts). Draws come back in draw order with 18-digit tickets, as Arlo prints them.
 */
import { type Result, err, ok } from '@vigil/basics';
import { type BatchKey, type IdFormat, batchUnitGroup } from './ballot-id';
import { type SampleError, consistentSample } from './consistent-sampler';
import type { Manifest, ManifestBatch } from './manifest';
import { trimTicket } from './ticket';

/** One sampled ballot. */
export interface BallotDraw {
  /** Ticket number, 18 digits after any leading 9s (truncated). */
  readonly ticket: string;
  readonly jurisdiction: string;
  readonly tabulator: string | null;
  readonly batch: string;
  /** 1-based position of the ballot in its batch. */
  readonly position: number;
  /** 1 the first time this ballot is drawn, 2 the second (with replacement), … */
  readonly generation: number;
}

/** Arguments of {@link sampleBallots}. */
export interface SampleBallotsOptions {
  readonly manifests: readonly Manifest[];
  readonly seed: string;
  /** Draws to return in this round. */
  readonly size: number;
  /** Draws taken in earlier rounds (the stream continues after them). */
  readonly previousDraws?: number;
  readonly withReplacement: boolean;
  readonly idFormat: IdFormat;
}

/** Errors of {@link sampleBallots}: the sampler's, or a batch listed in two manifests. */
export type SampleBallotsError =
  | SampleError
  | {
      readonly type: 'duplicate-batch-across-manifests';
      readonly key: BatchKey;
      readonly files: readonly string[];
    };

/** Draws a sample of ballots from the union of the manifests. */
export function sampleBallots(
  options: SampleBallotsOptions,
): Result<BallotDraw[], SampleBallotsError> {
  const batches: { batch: ManifestBatch; file: string }[] = [];
  const seen = new Map<string, string>();
  for (const manifest of options.manifests) {
    for (const batch of manifest.batches) {
      const id = JSON.stringify([batch.key.jurisdiction, batch.key.tabulator, batch.key.batch]);
      const other = seen.get(id);
      if (other !== undefined)
        return err({
          type: 'duplicate-batch-across-manifests',
          key: batch.key,
          files: [other, manifest.file],
        });
      seen.set(id, manifest.file);
      batches.push({ batch, file: manifest.file });
    }
  }
  const frame = batches.map(({ batch }) =>
    batchUnitGroup(batch.key, batch.ballots, options.idFormat),
  );
  const sample = consistentSample({
    seed: options.seed,
    frame,
    take: options.size,
    drop: options.previousDraws ?? 0,
    withReplacement: options.withReplacement,
  });
  if (!sample.ok) return sample;
  return ok(
    sample.value.map((draw) => {
      const { key } = (batches[draw.group] as { batch: ManifestBatch }).batch;
      return {
        ticket: trimTicket(draw.ticket, 18),
        jurisdiction: key.jurisdiction,
        tabulator: key.tabulator,
        batch: key.batch,
        position: draw.position as number,
        generation: draw.generation,
      };
    }),
  );
}
