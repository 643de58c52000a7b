import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Impact, Urgency } from './respond';
import { CASE_STATUSES, CASE_TRANSITIONS, IMPACT_LEVELS, URGENCY_LEVELS, canMoveCase, severityOf, severityRank } from './respond';

test('severity follows the ITIL impact × urgency matrix', () => {
  expect(severityOf('low', 'low')).toBe('low');
  expect(severityOf('low', 'high')).toBe('moderate');
  expect(severityOf('medium', 'medium')).toBe('moderate');
  expect(severityOf('high', 'medium')).toBe('high');
  expect(severityOf('high', 'high')).toBe('critical');
});

test('severity never falls when impact or urgency rises', () => {
  const impact = fc.constantFrom<Impact>(...IMPACT_LEVELS);
  const urgency = fc.constantFrom<Urgency>(...URGENCY_LEVELS);
  fc.assert(
    fc.property(impact, impact, urgency, (a, b, u) => {
      const [lo, hi] = IMPACT_LEVELS.indexOf(a) <= IMPACT_LEVELS.indexOf(b) ? [a, b] : [b, a];
      expect(severityRank(severityOf(hi, u))).toBeGreaterThanOrEqual(severityRank(severityOf(lo, u)));
      expect(severityOf(a, u)).toBe(severityOf(u, a));
    }),
  );
});

test('every case status can be left, and no status moves to itself', () => {
  for (const status of CASE_STATUSES) {
    expect(CASE_TRANSITIONS[status].length).toBeGreaterThan(0);
    expect(canMoveCase(status, status)).toBe(false);
  }
  expect(canMoveCase('closed', 'open')).toBe(true);
  expect(canMoveCase('open', 'closed')).toBe(true);
  expect(canMoveCase('closed', 'resolved')).toBe(false);
});
