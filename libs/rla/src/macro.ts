/**
 * Batch-level comparison audits with MACRO (P. B. Stark, "Efficient post-election audits of
 * multiple contests: 2009 California tests", CELS 2009 workshop, SSRN 1443314), per contest as
 * Arlo computes them (votingworks/arlo server/audit_math/macro.py): with V_wl the reported
 * pair margin less pending and unauditable ballots, a batch p's maximum relative
 * overstatement is u_p = max_wl (v_wp − v_lp + b_p) / V_wl and U = Σ_p u_p. For sampled batches
 * in ticket order, with e_p the batch's largest weighted overstatement (0 if it favours the
 * winner), p = Π (1 − 1/U) / (1 − e_p/u_p); the first-round size is ⌈ln α / ln(1 − 1/U)⌉ + 1.
 * Unauditable ballots = ⌈(contest votes − batch votes) / votes allowed⌉, counted for the loser.
 *
 * Combined batches (Arlo's `combined_batches`): batches counted together as one unit (e.g. mixed
 * in one container) have one audited tally, entered for each sampled batch of the set; the error
 * of a drawn batch of a set compares that tally with the reported tallies summed over the set,
 * while u_p stays the drawn batch's own (conservative, as Arlo).
 *
 * Scope: plurality and vote-for-n contests. Not ported: the majority-or-runoff threshold
 * assertions (runoff contests are audited with ALPHA, see assertions.ts).
 */
import { type Result, err, ok } from '@vigil/basics';
import { type Contest, type RiskLimitError, checkRiskLimit } from './contest';

/** One batch's reported tally for the contest (`votes: null` if the contest is not in it). */
export interface ReportedBatch {
  readonly key: string;
  readonly votes: Readonly<Record<string, number>> | null;
  /** Ballots in the batch that carry the contest. */
  readonly ballots: number;
}

/** A sampled batch: its ticket number (draw order) and its audited tally. */
export interface AuditedDraw {
  readonly ticket: string;
  readonly key: string;
}

/** Why MACRO cannot compute a size. */
export type MacroError =
  | RiskLimitError
  | { readonly type: 'all-batches-audited' }
  | { readonly type: 'unknown-batch'; readonly key: string }
  | { readonly type: 'batch-in-two-combined-batches'; readonly key: string };

/** Arlo's `compute_unauditable_ballots`. */
export function unauditableBallots(contest: Contest, batches: readonly ReportedBatch[]): number {
  let fromBatches = 0;
  for (const batch of batches)
    for (const choice of contest.choices) fromBatches += batch.votes?.[choice.name] ?? 0;
  return Math.ceil((contest.validVotes - fromBatches) / contest.votesAllowed);
}

/** V_wl less pending and unauditable ballots (counted for the loser). */
function adjustedMargin(
  contest: Contest,
  winner: number,
  loser: number,
  unauditable: number,
): number {
  return winner - loser - contest.pendingBallots - unauditable;
}

/** u_p, Arlo's `compute_max_error`; `Infinity` when some pair margin is not positive. */
export function maxBatchError(contest: Contest, batch: ReportedBatch, unauditable: number): number {
  if (batch.votes === null) return 0;
  let error = 0;
  for (const winner of contest.winners) {
    for (const loser of contest.losers) {
      const margin = adjustedMargin(contest, winner.votes, loser.votes, unauditable);
      if (margin <= 0) return Number.POSITIVE_INFINITY;
      const vw = batch.votes[winner.name] ?? 0;
      const vl = batch.votes[loser.name] ?? 0;
      error = Math.max(error, (vw - vl + batch.ballots) / margin);
    }
  }
  return error;
}

/** U = Σ u_p. */
export function totalMaxError(contest: Contest, batches: readonly ReportedBatch[]): number {
  const unauditable = unauditableBallots(contest, batches);
  return batches.reduce((sum, batch) => sum + maxBatchError(contest, batch, unauditable), 0);
}

/** The batch's largest weighted error (Arlo's `compute_error`), or `null` if none. */
function batchError(
  contest: Contest,
  reported: Readonly<Record<string, number>>,
  audited: Readonly<Record<string, number>>,
  unauditable: number,
): { countedAs: number; weighted: number } | null {
  let worst: { countedAs: number; weighted: number } | null = null;
  for (const winner of contest.winners) {
    for (const loser of contest.losers) {
      const error =
        (reported[winner.name] ?? 0) -
        (reported[loser.name] ?? 0) -
        ((audited[winner.name] ?? 0) - (audited[loser.name] ?? 0));
      if (error === 0) continue;
      const margin = adjustedMargin(contest, winner.votes, loser.votes, unauditable);
      const weighted = margin > 0 ? error / margin : Number.POSITIVE_INFINITY;
      if (worst === null || weighted > worst.weighted) worst = { countedAs: error, weighted };
    }
  }
  return worst;
}

/** Arguments of {@link macroRisk} and {@link macroSampleSize}. */
export interface MacroOptions {
  readonly contest: Contest;
  readonly riskLimit: number;
  readonly batches: readonly ReportedBatch[];
  /** Draws so far (a batch may appear more than once), in any order: they are sorted by ticket. */
  readonly draws: readonly AuditedDraw[];
  /** Audited tallies by batch key (`null` if the contest is not in the batch). */
  readonly audited: ReadonlyMap<string, Readonly<Record<string, number>> | null>;
  /**
   * Sets of batch keys audited together as one unit (sampled or not); a drawn batch of a set
   * carries the audited tally of the whole set.
   */
  readonly combinedBatches?: readonly (readonly string[])[];
}

/** MACRO p-value (Arlo's `macro.compute_risk`). Auditing every batch is a full count: p = 0. */
export function macroRisk(
  options: MacroOptions,
): Result<{ pValue: number; finished: boolean }, MacroError> {
  const { contest, batches, audited } = options;
  const alpha = checkRiskLimit(options.riskLimit);
  if (!alpha.ok) return alpha;
  const byKey = new Map(batches.map((batch) => [batch.key, batch]));
  for (const draw of options.draws)
    if (!byKey.has(draw.key)) return err({ type: 'unknown-batch', key: draw.key });
  const combinedOf = new Map<string, readonly string[]>();
  for (const combined of options.combinedBatches ?? [])
    for (const key of combined) {
      if (!byKey.has(key)) return err({ type: 'unknown-batch', key });
      if (combinedOf.has(key)) return err({ type: 'batch-in-two-combined-batches', key });
      combinedOf.set(key, combined);
    }
  if (new Set(options.draws.map((draw) => draw.key)).size === batches.length)
    return ok({ pValue: 0, finished: true });
  const U = totalMaxError(contest, batches);
  const unauditable = unauditableBallots(contest, batches);
  let p = 1;
  const ordered = [...options.draws].sort((a, b) =>
    a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : 0,
  );
  for (const draw of ordered) {
    const reported = byKey.get(draw.key) as ReportedBatch;
    const found = audited.get(draw.key);
    if (found === null || found === undefined || reported.votes === null) continue;
    // A combined batch's audited tally covers every batch of the set: compare it with their sum.
    const combined = combinedOf.get(draw.key);
    const reportedVotes =
      combined === undefined
        ? reported.votes
        : Object.fromEntries(
            Object.keys(reported.votes).map((choice) => [
              choice,
              combined.reduce((sum, key) => sum + (byKey.get(key)?.votes?.[choice] ?? 0), 0),
            ]),
          );
    const error = batchError(contest, reportedVotes, found, unauditable);
    const ep = error !== null && error.countedAs > 0 ? error.weighted : 0;
    const up = maxBatchError(contest, reported, unauditable);
    if (!Number.isFinite(ep) || !Number.isFinite(up)) return ok({ pValue: 1, finished: false });
    const taint = ep / up;
    // A taint of 1 makes the p-value infinite: the audit cannot stop without a full count.
    if (taint >= 1) return ok({ pValue: 1, finished: false });
    p *= (1 - 1 / U) / (1 - taint);
  }
  return ok({ pValue: Math.min(p, 1), finished: p <= alpha.value });
}

/** Batches still to draw (Arlo's `macro.get_sample_sizes`); 0 when the risk limit is met. */
export function macroSampleSize(options: MacroOptions): Result<number, MacroError> {
  const { contest, batches } = options;
  const alpha = checkRiskLimit(options.riskLimit);
  if (!alpha.ok) return alpha;
  if (new Set(options.draws.map((draw) => draw.key)).size >= batches.length && batches.length > 0)
    return err({ type: 'all-batches-audited' });
  const U = totalMaxError(contest, batches);
  if (!Number.isFinite(U)) return ok(batches.length); // a tie: full hand count
  const risk = macroRisk(options);
  if (!risk.ok) return risk;
  if (risk.value.finished) return ok(0);
  const estimate = (Math.log(alpha.value) - Math.log(risk.value.pValue)) / Math.log(1 - 1 / U);
  return ok(Math.min(Math.ceil(estimate) + 1, batches.length));
}
