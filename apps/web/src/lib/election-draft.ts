import type { JurisdictionId, MilestoneKind, NewContest, NewElection } from '@vigil/domain';
import { MILESTONE_KINDS } from '@vigil/domain';

/** A contest as the form holds it: numbers and choices as typed. */
export interface ContestDraft {
  readonly key: number;
  readonly name: string;
  readonly jurisdictionId: string;
  readonly seats: string;
  readonly votesAllowed: string;
  /** One choice per line. */
  readonly choices: string;
}

/** An election as the form holds it. */
export interface ElectionDraft {
  readonly name: string;
  readonly jurisdictionId: string;
  readonly dates: Readonly<Partial<Record<MilestoneKind, string>>>;
  readonly contests: readonly ContestDraft[];
}

/** The milestone kinds that have a date, in calendar order: their index is their path in errors. */
export function filledMilestones(dates: ElectionDraft['dates']): MilestoneKind[] {
  return MILESTONE_KINDS.filter((kind) => (dates[kind] ?? '') !== '');
}

function optionalNumber(value: string): number | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

/** The request body for a draft; the server validates it and names what is wrong. */
export function electionBody(draft: ElectionDraft): NewElection {
  const contests: NewContest[] = draft.contests.map((contest) => ({
    name: contest.name,
    jurisdictionId: (contest.jurisdictionId || draft.jurisdictionId) as JurisdictionId,
    seats: optionalNumber(contest.seats),
    votesAllowed: optionalNumber(contest.votesAllowed),
    choices: contest.choices
      .split('\n')
      .map((choice) => choice.trim())
      .filter((choice) => choice !== ''),
  }));
  return {
    name: draft.name,
    jurisdictionId: draft.jurisdictionId as JurisdictionId,
    milestones: filledMilestones(draft.dates).map((kind) => ({
      kind,
      date: draft.dates[kind] ?? '',
    })),
    contests,
  };
}
