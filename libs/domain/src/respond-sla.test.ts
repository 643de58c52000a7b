import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Severity } from './respond';
import { SEVERITIES } from './respond';
import type { SlaClock, SlaPolicy } from './respond-sla';
import {
  DEFAULT_SLA_POLICY,
  SLA_PHASES,
  SlaPolicySchema,
  daysToElection,
  escalatesOnSeverity,
  isBreached,
  slaFor,
  slaPhase,
  slaStatus,
} from './respond-sla';

const ELECTION_DAY = '2027-05-09';
const at = (iso: string) => new Date(iso);

test('phases follow the calendar around election day (known answers of the default policy)', () => {
  const table: [string, string][] = [
    ['2027-03-01T12:00:00Z', 'normal'], // 69 days before
    ['2027-04-08T23:59:00Z', 'normal'], // 31 days before
    ['2027-04-09T00:00:00Z', 'campaign'], // 30 days before
    ['2027-05-01T10:00:00Z', 'campaign'], // 8 days before
    ['2027-05-02T00:00:00Z', 'final-week'], // 7 days before
    ['2027-05-08T23:59:59Z', 'final-week'], // eve
    ['2027-05-09T00:00:00Z', 'election'], // election day
    ['2027-05-10T22:00:00Z', 'election'], // results night and the day after
    ['2027-05-11T00:00:00Z', 'campaign'], // results challenges
    ['2027-06-08T12:00:00Z', 'campaign'], // 30 days after
    ['2027-06-09T12:00:00Z', 'normal'],
  ];
  for (const [now, phase] of table) expect(slaPhase(at(now), ELECTION_DAY), now).toBe(phase);
  expect(slaPhase(at('2027-05-09T00:00:00Z'), null)).toBe('normal');
});

test('the calendar day is taken in the election time zone', () => {
  // 23:30 UTC on the eve is already election day in CET (UTC+1).
  expect(daysToElection(at('2027-05-08T23:30:00Z'), ELECTION_DAY, 0)).toBe(1);
  expect(daysToElection(at('2027-05-08T23:30:00Z'), ELECTION_DAY, 60)).toBe(0);
  expect(slaPhase(at('2027-05-08T23:30:00Z'), ELECTION_DAY, { ...DEFAULT_SLA_POLICY, utcOffsetMinutes: 60 })).toBe('election');
});

test('slaFor gives the configured minutes (known answers)', () => {
  expect(slaFor('critical', at('2027-05-09T20:00:00Z'), ELECTION_DAY)).toEqual({ phase: 'election', severity: 'critical', acknowledgeMinutes: 10, updateMinutes: 60 });
  expect(slaFor('low', at('2027-01-01T00:00:00Z'), ELECTION_DAY)).toEqual({ phase: 'normal', severity: 'low', acknowledgeMinutes: 72 * 60, updateMinutes: 7 * 24 * 60 });
  expect(slaFor('high', at('2027-05-05T00:00:00Z'), ELECTION_DAY).acknowledgeMinutes).toBe(60);
});

test('a case awaiting acknowledgement breaches when the acknowledge time has passed', () => {
  const clock: SlaClock = { severity: 'high', openedAt: at('2027-05-05T10:00:00Z'), acknowledgedAt: null, lastUpdateAt: null, lastEscalatedAt: null };
  // final week, high: 60 minutes to acknowledge.
  expect(isBreached(clock, at('2027-05-05T11:00:00Z'), ELECTION_DAY)).toBe(false);
  expect(isBreached(clock, at('2027-05-05T11:00:01Z'), ELECTION_DAY)).toBe(true);
  const status = slaStatus(clock, at('2027-05-05T10:20:00Z'), ELECTION_DAY);
  expect(status).toMatchObject({ awaiting: 'acknowledge', breached: false, minutesLeft: 40 });
  expect(status.dueAt.toISOString()).toBe('2027-05-05T11:00:00.000Z');
});

test('acknowledgement, updates and escalation restart the clock', () => {
  const base: SlaClock = { severity: 'moderate', openedAt: at('2027-03-01T09:00:00Z'), acknowledgedAt: null, lastUpdateAt: null, lastEscalatedAt: null };
  // normal, moderate: 24 h to acknowledge, 72 h to update.
  expect(isBreached(base, at('2027-03-02T09:01:00Z'), ELECTION_DAY)).toBe(true);
  expect(isBreached({ ...base, lastEscalatedAt: at('2027-03-02T09:01:00Z') }, at('2027-03-02T10:00:00Z'), ELECTION_DAY)).toBe(false);
  const acknowledged = { ...base, acknowledgedAt: at('2027-03-01T10:00:00Z') };
  expect(slaStatus(acknowledged, at('2027-03-02T10:00:00Z'), ELECTION_DAY).awaiting).toBe('update');
  expect(isBreached(acknowledged, at('2027-03-04T10:01:00Z'), ELECTION_DAY)).toBe(true);
  expect(isBreached({ ...acknowledged, lastUpdateAt: at('2027-03-03T10:00:00Z') }, at('2027-03-04T10:01:00Z'), ELECTION_DAY)).toBe(false);
});

test('a waiting case falls due sooner as the campaign starts', () => {
  const clock: SlaClock = { severity: 'moderate', openedAt: at('2027-04-08T20:00:00Z'), acknowledgedAt: null, lastUpdateAt: null, lastEscalatedAt: null };
  // Opened in the normal phase (24 h), but 12 h later it is the campaign (12 h): due now.
  expect(isBreached(clock, at('2027-04-08T23:00:00Z'), ELECTION_DAY)).toBe(false);
  expect(isBreached(clock, at('2027-04-09T08:01:00Z'), ELECTION_DAY)).toBe(true);
});

test('escalation on severity alone starts at the configured threshold', () => {
  expect(SEVERITIES.filter((s) => escalatesOnSeverity(s))).toEqual(['critical']);
  expect(SEVERITIES.filter((s) => escalatesOnSeverity(s, { ...DEFAULT_SLA_POLICY, escalateAtSeverity: 'high' }))).toEqual(['high', 'critical']);
});

test('the default policy is valid', () => {
  expect(SlaPolicySchema.parse(DEFAULT_SLA_POLICY)).toEqual(DEFAULT_SLA_POLICY);
});

test('a policy that gives a more severe case longer, or a busier phase longer, is refused with the path', () => {
  const bad: SlaPolicy = {
    ...DEFAULT_SLA_POLICY,
    times: { ...DEFAULT_SLA_POLICY.times, election: { ...DEFAULT_SLA_POLICY.times.election, critical: { acknowledgeMinutes: 600, updateMinutes: 60 } } },
  };
  const result = SlaPolicySchema.safeParse(bad);
  expect(result.success).toBe(false);
  const paths = result.error?.issues.map((issue) => issue.path.join('.')) ?? [];
  expect(paths).toContain('times.election.critical.acknowledgeMinutes');
});

const severity = fc.constantFrom<Severity>(...SEVERITIES);
const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 11, 31) }).map((ms) => new Date(ms));
const day = fc.integer({ min: Date.UTC(2026, 6, 1), max: Date.UTC(2028, 5, 1) }).map((ms) => new Date(ms).toISOString().slice(0, 10));

/** Random valid policies: times sorted so that both monotone rules hold. */
const policy: fc.Arbitrary<SlaPolicy> = fc
  .tuple(
    fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 32, maxLength: 32 }),
    fc.integer({ min: 2, max: 60 }),
    fc.integer({ min: 0, max: 3 }),
    fc.constantFrom<Severity>(...SEVERITIES),
    fc.integer({ min: -600, max: 600 }),
  )
  .chain(([values, campaignDays, electionDaysAfter, escalateAtSeverity, utcOffsetMinutes]) =>
    fc.integer({ min: 1, max: campaignDays - 1 }).map((finalWeekDays): SlaPolicy => {
      // Sort so that the value for (phase p, severity s, field f) never exceeds that of an earlier phase or lower severity.
      const sorted = [...values].sort((a, b) => b - a);
      const times = Object.fromEntries(
        SLA_PHASES.map((phase, p) => [
          phase,
          Object.fromEntries(
            SEVERITIES.map((s, i) => [s, { acknowledgeMinutes: sorted[(p + i) * 2 + 8] ?? 1, updateMinutes: sorted[(p + i) * 2 + 9] ?? 1 }]),
          ),
        ]),
      ) as unknown as SlaPolicy['times'];
      return { times, campaignDays, finalWeekDays, electionDaysAfter, postElectionDays: electionDaysAfter + 10, escalateAtSeverity, utcOffsetMinutes };
    }),
  );

test('property: generated policies are valid (the generator respects the schema)', () => {
  fc.assert(
    fc.property(policy, (p) => {
      expect(SlaPolicySchema.safeParse(p).success).toBe(true);
    }),
  );
});

test('property: a more severe case never gets a longer SLA', () => {
  fc.assert(
    fc.property(policy, severity, severity, instant, day, (p, a, b, now, electionDay) => {
      const [less, more] = SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? [a, b] : [b, a];
      const lo = slaFor(less, now, electionDay, p);
      const hi = slaFor(more, now, electionDay, p);
      expect(hi.acknowledgeMinutes).toBeLessThanOrEqual(lo.acknowledgeMinutes);
      expect(hi.updateMinutes).toBeLessThanOrEqual(lo.updateMinutes);
    }),
  );
});

test('property: closer to election day never gets a longer SLA (before and after it)', () => {
  fc.assert(
    fc.property(policy, severity, instant, instant, day, (p, s, x, y, electionDay) => {
      const dx = daysToElection(x, electionDay, p.utcOffsetMinutes);
      const dy = daysToElection(y, electionDay, p.utcOffsetMinutes);
      // Only compare instants on the same side of election day.
      fc.pre(Math.sign(dx) === Math.sign(dy) || dx === 0 || dy === 0);
      const [far, near] = Math.abs(dx) >= Math.abs(dy) ? [x, y] : [y, x];
      const farSla = slaFor(s, far, electionDay, p);
      const nearSla = slaFor(s, near, electionDay, p);
      expect(nearSla.acknowledgeMinutes).toBeLessThanOrEqual(farSla.acknowledgeMinutes);
      expect(nearSla.updateMinutes).toBeLessThanOrEqual(farSla.updateMinutes);
    }),
  );
});

test('property: once breached before election day, a waiting case stays breached as time goes on', () => {
  fc.assert(
    fc.property(severity, instant, fc.integer({ min: 0, max: 10 * 24 * 60 }), fc.integer({ min: 0, max: 10 * 24 * 60 }), day, (s, opened, m1, m2, electionDay) => {
      const clock: SlaClock = { severity: s, openedAt: opened, acknowledgedAt: null, lastUpdateAt: null, lastEscalatedAt: null };
      const t1 = new Date(opened.getTime() + Math.min(m1, m2) * 60_000);
      const t2 = new Date(opened.getTime() + Math.max(m1, m2) * 60_000);
      fc.pre(daysToElection(t2, electionDay) >= 0);
      if (isBreached(clock, t1, electionDay)) expect(isBreached(clock, t2, electionDay)).toBe(true);
    }),
  );
});

test('property: the due time never lies before the clock started and minutes left agree with it', () => {
  fc.assert(
    fc.property(severity, instant, fc.integer({ min: 0, max: 100_000 }), day, (s, opened, elapsed, electionDay) => {
      const now = new Date(opened.getTime() + elapsed * 60_000);
      const status = slaStatus({ severity: s, openedAt: opened, acknowledgedAt: null, lastUpdateAt: null, lastEscalatedAt: null }, now, electionDay);
      expect(status.dueAt.getTime()).toBeGreaterThan(opened.getTime());
      expect(status.breached).toBe(now.getTime() > status.dueAt.getTime());
    }),
  );
});
