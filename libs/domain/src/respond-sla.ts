/**
 * Service levels of the respond capability: how soon a case must be acknowledged and then
 * updated (or resolved), by severity, tightening as election day nears.
 *
 * The election calendar is cut into phases by the distance to election day (calendar days in
 * the election's time zone):
 *
 * | phase       | when                                                     |
 * | normal      | more than 30 days before, or more than 30 days after     |
 * | campaign    | 8–30 days before, or 2–30 days after (results challenges) |
 * | final-week  | 1–7 days before                                          |
 * | election    | election day and the day after (results night)           |
 *
 * Each phase has, per severity, a time to acknowledge and a time to update or resolve. A
 * valid policy is monotone: a more severe case never gets a longer time, and a phase nearer
 * election day never gets a longer time than a farther one. `SlaPolicySchema` refuses a
 * policy that breaks either rule, so every configured policy keeps both properties.
 *
 * Pure: the time and the calendar come in as arguments.
 */
import { z } from 'zod';
import type { Severity } from './respond';
import { SEVERITIES } from './respond';

/** Phases of the election calendar, from the calmest to the busiest. */
export const SLA_PHASES = ['normal', 'campaign', 'final-week', 'election'] as const;
export type SlaPhase = (typeof SLA_PHASES)[number];
export const SlaPhaseSchema = z.enum(SLA_PHASES);

/** Minutes allowed for one severity in one phase. */
export interface SlaTimes {
  /** From opening (or the last escalation) to acknowledgement. */
  readonly acknowledgeMinutes: number;
  /** From acknowledgement (or the last update or escalation) to the next update or resolution. */
  readonly updateMinutes: number;
}

/** A service-level policy: times per phase and severity, phase bounds, escalation threshold. */
export interface SlaPolicy {
  readonly times: Readonly<Record<SlaPhase, Readonly<Record<Severity, SlaTimes>>>>;
  /** Days before election day from which the campaign phase runs (default 30). */
  readonly campaignDays: number;
  /** Days before election day from which the final week runs (default 7). */
  readonly finalWeekDays: number;
  /** Days after election day that still count as the election phase (default 1: results night). */
  readonly electionDaysAfter: number;
  /** Days after election day that count as campaign (results challenges; default 30). */
  readonly postElectionDays: number;
  /** Cases at or above this severity escalate one level at once, without waiting for a breach. */
  readonly escalateAtSeverity: Severity;
  /** The election calendar's offset from UTC in minutes (e.g. 60 for CET), to place "today". */
  readonly utcOffsetMinutes: number;
}

const h = 60;

/** The default policy (minutes). */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  times: {
    normal: {
      low: { acknowledgeMinutes: 72 * h, updateMinutes: 7 * 24 * h },
      moderate: { acknowledgeMinutes: 24 * h, updateMinutes: 72 * h },
      high: { acknowledgeMinutes: 4 * h, updateMinutes: 24 * h },
      critical: { acknowledgeMinutes: 1 * h, updateMinutes: 8 * h },
    },
    campaign: {
      low: { acknowledgeMinutes: 48 * h, updateMinutes: 5 * 24 * h },
      moderate: { acknowledgeMinutes: 12 * h, updateMinutes: 48 * h },
      high: { acknowledgeMinutes: 2 * h, updateMinutes: 12 * h },
      critical: { acknowledgeMinutes: 30, updateMinutes: 4 * h },
    },
    'final-week': {
      low: { acknowledgeMinutes: 24 * h, updateMinutes: 72 * h },
      moderate: { acknowledgeMinutes: 4 * h, updateMinutes: 24 * h },
      high: { acknowledgeMinutes: 1 * h, updateMinutes: 6 * h },
      critical: { acknowledgeMinutes: 15, updateMinutes: 2 * h },
    },
    election: {
      low: { acknowledgeMinutes: 8 * h, updateMinutes: 24 * h },
      moderate: { acknowledgeMinutes: 2 * h, updateMinutes: 8 * h },
      high: { acknowledgeMinutes: 30, updateMinutes: 2 * h },
      critical: { acknowledgeMinutes: 10, updateMinutes: 1 * h },
    },
  },
  campaignDays: 30,
  finalWeekDays: 7,
  electionDaysAfter: 1,
  postElectionDays: 30,
  escalateAtSeverity: 'critical',
  utcOffsetMinutes: 0,
};

const minutes = z.number().int().min(1).max(365 * 24 * 60);
const TimesSchema = z.object({ acknowledgeMinutes: minutes, updateMinutes: minutes });
const PhaseTimesSchema = z.object({ low: TimesSchema, moderate: TimesSchema, high: TimesSchema, critical: TimesSchema });

/** A policy as configured (JSON): validated, including both monotonicity rules. */
export const SlaPolicySchema: z.ZodType<SlaPolicy> = z
  .object({
    times: z.object({ normal: PhaseTimesSchema, campaign: PhaseTimesSchema, 'final-week': PhaseTimesSchema, election: PhaseTimesSchema }),
    campaignDays: z.number().int().min(1).max(365),
    finalWeekDays: z.number().int().min(1).max(365),
    electionDaysAfter: z.number().int().min(0).max(30),
    postElectionDays: z.number().int().min(0).max(365),
    escalateAtSeverity: z.enum(SEVERITIES),
    utcOffsetMinutes: z.number().int().min(-14 * 60).max(14 * 60),
  })
  .superRefine((policy, context) => {
    if (policy.finalWeekDays >= policy.campaignDays) {
      context.addIssue({ code: 'custom', path: ['finalWeekDays'], message: 'the final week must be shorter than the campaign period' });
    }
    if (policy.postElectionDays < policy.electionDaysAfter) {
      context.addIssue({ code: 'custom', path: ['postElectionDays'], message: 'the post-election period must not be shorter than the election phase' });
    }
    for (const field of ['acknowledgeMinutes', 'updateMinutes'] as const) {
      for (const phase of SLA_PHASES) {
        for (let i = 1; i < SEVERITIES.length; i += 1) {
          const less = SEVERITIES[i - 1] as Severity;
          const more = SEVERITIES[i] as Severity;
          if (policy.times[phase][more][field] > policy.times[phase][less][field]) {
            context.addIssue({ code: 'custom', path: ['times', phase, more, field], message: `a ${more} case may not get longer than a ${less} case` });
          }
        }
      }
      for (let p = 1; p < SLA_PHASES.length; p += 1) {
        const calmer = SLA_PHASES[p - 1] as SlaPhase;
        const busier = SLA_PHASES[p] as SlaPhase;
        for (const severity of SEVERITIES) {
          if (policy.times[busier][severity][field] > policy.times[calmer][severity][field]) {
            context.addIssue({ code: 'custom', path: ['times', busier, severity, field], message: `the ${busier} phase may not allow longer than the ${calmer} phase` });
          }
        }
      }
    }
  });

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days from the local calendar day of `now` to `electionDay` (positive before, negative after). */
export function daysToElection(now: Date, electionDay: string, utcOffsetMinutes = 0): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(electionDay);
  if (!match) throw new Error(`not a calendar date: ${electionDay}`);
  const election = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const local = now.getTime() + utcOffsetMinutes * 60_000;
  const today = Math.floor(local / DAY_MS) * DAY_MS;
  return Math.round((election - today) / DAY_MS);
}

/** The calendar phase at `now`; without an election day, always `normal`. */
export function slaPhase(now: Date, electionDay: string | null, policy: SlaPolicy = DEFAULT_SLA_POLICY): SlaPhase {
  if (electionDay === null) return 'normal';
  const days = daysToElection(now, electionDay, policy.utcOffsetMinutes);
  if (days >= 0) {
    if (days === 0) return 'election';
    if (days <= policy.finalWeekDays) return 'final-week';
    if (days <= policy.campaignDays) return 'campaign';
    return 'normal';
  }
  const after = -days;
  if (after <= policy.electionDaysAfter) return 'election';
  if (after <= policy.postElectionDays) return 'campaign';
  return 'normal';
}

/** The service level of a case of `severity` at `now`. */
export interface Sla extends SlaTimes {
  readonly phase: SlaPhase;
  readonly severity: Severity;
}

/** The times that apply to a case of `severity` at `now` given election day (`null`: none near). */
export function slaFor(severity: Severity, now: Date, electionDay: string | null, policy: SlaPolicy = DEFAULT_SLA_POLICY): Sla {
  const phase = slaPhase(now, electionDay, policy);
  return { phase, severity, ...policy.times[phase][severity] };
}

/** The clock of one case, as the sweep and the board see it. */
export interface SlaClock {
  readonly severity: Severity;
  readonly openedAt: Date;
  readonly acknowledgedAt: Date | null;
  /** The last update a responder made (timeline entry, status change), if any. */
  readonly lastUpdateAt: Date | null;
  /** The last escalation: it restarts the clock for the jurisdiction that received the case. */
  readonly lastEscalatedAt: Date | null;
}

/** Where a case stands against its service level. */
export interface SlaStatus {
  readonly sla: Sla;
  /** What is awaited: the acknowledgement, or the next update. */
  readonly awaiting: 'acknowledge' | 'update';
  /** When the awaited step is due. */
  readonly dueAt: Date;
  readonly breached: boolean;
  /** Minutes left (negative once breached). */
  readonly minutesLeft: number;
}

function latest(dates: readonly (Date | null)[]): Date {
  let best: Date | null = null;
  for (const date of dates) if (date !== null && (best === null || date.getTime() > best.getTime())) best = date;
  if (best === null) throw new Error('no date');
  return best;
}

/**
 * The status of `clock` at `now`. The times are those of the phase at `now`, so a waiting
 * case falls due sooner as election day nears. Before acknowledgement the clock runs from
 * opening (or the last escalation); afterwards from the latest of acknowledgement, update
 * and escalation.
 */
export function slaStatus(clock: SlaClock, now: Date, electionDay: string | null, policy: SlaPolicy = DEFAULT_SLA_POLICY): SlaStatus {
  const sla = slaFor(clock.severity, now, electionDay, policy);
  const awaiting = clock.acknowledgedAt === null ? 'acknowledge' : 'update';
  const start =
    awaiting === 'acknowledge'
      ? latest([clock.openedAt, clock.lastEscalatedAt])
      : latest([clock.acknowledgedAt, clock.lastUpdateAt, clock.lastEscalatedAt]);
  const allowed = awaiting === 'acknowledge' ? sla.acknowledgeMinutes : sla.updateMinutes;
  const dueAt = new Date(start.getTime() + allowed * 60_000);
  const left = (dueAt.getTime() - now.getTime()) / 60_000;
  return { sla, awaiting, dueAt, breached: left < 0, minutesLeft: Math.trunc(left) };
}

/** Whether `clock` has breached its service level at `now`. */
export function isBreached(clock: SlaClock, now: Date, electionDay: string | null, policy: SlaPolicy = DEFAULT_SLA_POLICY): boolean {
  return slaStatus(clock, now, electionDay, policy).breached;
}

/** Whether a case of `severity` escalates at once, without waiting for a breach. */
export function escalatesOnSeverity(severity: Severity, policy: SlaPolicy = DEFAULT_SLA_POLICY): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(policy.escalateAtSeverity);
}
