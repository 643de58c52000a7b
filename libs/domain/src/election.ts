import { z } from 'zod';
import type { ContestId, ElectionId, JurisdictionId } from './ids';
import { ContestIdSchema, ElectionIdSchema, JurisdictionIdSchema } from './ids';

/** Milestones of an election calendar; SLAs tighten as election day nears. */
export const MILESTONE_KINDS = [
  'registration-deadline',
  'early-voting-start',
  'early-voting-end',
  'election-day',
  'canvass',
  'certification',
] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];
export const MilestoneKindSchema = z.enum(MILESTONE_KINDS);

/** A dated step of the election calendar. */
export interface Milestone {
  readonly kind: MilestoneKind;
  /** Calendar date, ISO 8601 `YYYY-MM-DD`, in the election's own time zone. */
  readonly date: string;
}

const IsoDateSchema = z.iso.date('a date such as 2027-05-09');

export const MilestoneSchema: z.ZodType<Milestone> = z.object({
  kind: MilestoneKindSchema,
  date: IsoDateSchema,
});

/** A contest on the ballot: who can win, how many, where. */
export interface Contest {
  readonly id: ContestId;
  readonly name: string;
  readonly jurisdictionId: JurisdictionId;
  /** Number of winners (seats). */
  readonly seats: number;
  /** Choices a voter may mark (vote for n). */
  readonly votesAllowed: number;
  readonly choices: readonly string[];
}

export const ContestSchema: z.ZodType<Contest> = z.object({
  id: ContestIdSchema,
  name: z.string(),
  jurisdictionId: JurisdictionIdSchema,
  seats: z.number().int().positive(),
  votesAllowed: z.number().int().positive(),
  choices: z.array(z.string()).readonly(),
});

/** An election with its contests and calendar, attached to a jurisdiction. */
export interface Election {
  readonly id: ElectionId;
  readonly name: string;
  readonly jurisdictionId: JurisdictionId;
  readonly electionDay: string;
  readonly milestones: readonly Milestone[];
  readonly contests: readonly Contest[];
  readonly createdAt: string;
}

export const ElectionSchema: z.ZodType<Election> = z.object({
  id: ElectionIdSchema,
  name: z.string(),
  jurisdictionId: JurisdictionIdSchema,
  electionDay: IsoDateSchema,
  milestones: z.array(MilestoneSchema).readonly(),
  contests: z.array(ContestSchema).readonly(),
  createdAt: z.string(),
});

/** A contest as a client creates it. */
export interface NewContest {
  readonly name: string;
  readonly jurisdictionId: JurisdictionId;
  readonly seats?: number | undefined;
  readonly votesAllowed?: number | undefined;
  readonly choices: readonly string[];
}

export const NewContestSchema: z.ZodType<NewContest> = z
  .object({
    name: z.string().trim().min(1, 'required').max(200),
    jurisdictionId: JurisdictionIdSchema,
    seats: z.number().int().positive().max(1000).optional(),
    votesAllowed: z.number().int().positive().max(1000).optional(),
    choices: z.array(z.string().trim().min(1, 'required').max(200)).min(2, 'at least two choices').max(500),
  })
  .superRefine((contest, context) => {
    const seen = new Set<string>();
    contest.choices.forEach((choice, index) => {
      if (seen.has(choice)) {
        context.addIssue({ code: 'custom', path: ['choices', index], message: `duplicate choice "${choice}"` });
      }
      seen.add(choice);
    });
    if ((contest.seats ?? 1) >= contest.choices.length) {
      context.addIssue({ code: 'custom', path: ['seats'], message: 'fewer seats than choices' });
    }
  });

/** An election as a client creates it. */
export interface NewElection {
  readonly name: string;
  readonly jurisdictionId: JurisdictionId;
  readonly milestones: readonly Milestone[];
  readonly contests?: readonly NewContest[] | undefined;
}

export const NewElectionSchema: z.ZodType<NewElection> = z
  .object({
    name: z.string().trim().min(1, 'required').max(200),
    jurisdictionId: JurisdictionIdSchema,
    milestones: z.array(MilestoneSchema).max(50),
    contests: z.array(NewContestSchema).max(500).optional(),
  })
  .superRefine((election, context) => {
    const days = election.milestones.filter((milestone) => milestone.kind === 'election-day');
    if (days.length !== 1) {
      context.addIssue({ code: 'custom', path: ['milestones'], message: 'exactly one election-day milestone' });
    }
    const order = MILESTONE_KINDS;
    const sorted = [...election.milestones].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
    for (let index = 1; index < sorted.length; index += 1) {
      const previous = sorted[index - 1];
      const current = sorted[index];
      if (previous && current && previous.kind !== current.kind && previous.date > current.date) {
        context.addIssue({
          code: 'custom',
          path: ['milestones', election.milestones.indexOf(current), 'date'],
          message: `${current.kind} (${current.date}) comes before ${previous.kind} (${previous.date})`,
        });
      }
    }
  });
