import fc from 'fast-check';
import { expect, test } from 'vitest';
import { INCIDENT_TYPES, SEVERITIES } from '../respond';
import { STARTER_PLAYBOOKS } from './starter-library';
import { PlaybookDefinitionSchema, PlaybookFileSchema, playbookApplies, relativeDueMinutes, scheduleTasks } from './playbook';

test('the starter library has at least 8 valid playbooks with distinct keys, covering every incident type but "other"', () => {
  expect(STARTER_PLAYBOOKS.length).toBeGreaterThanOrEqual(8);
  for (const playbook of STARTER_PLAYBOOKS) {
    const parsed = PlaybookDefinitionSchema.safeParse(playbook);
    expect(parsed.success, `${playbook.key}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
  }
  expect(PlaybookFileSchema.safeParse({ format: 'vigil-playbooks', version: 1, playbooks: STARTER_PLAYBOOKS }).success).toBe(true);
  const covered = new Set(STARTER_PLAYBOOKS.flatMap((playbook) => playbook.trigger.incidentTypes));
  for (const type of INCIDENT_TYPES.filter((t) => t !== 'other')) expect(covered.has(type), type).toBe(true);
});

// Known answers: the unit is minutes, hours or days; at most 90 days.
test.each([
  ['+0m', 0],
  ['+15m', 15],
  ['+2h', 120],
  ['+7d', 10_080],
  ['+90d', 129_600],
  ['+91d', null],
  ['2h', null],
  ['+2w', null],
  ['+02h', null],
  ['+-1h', null],
  ['+1.5h', null],
] as const)('relative due %s is %s minutes', (due, minutes) => {
  expect(relativeDueMinutes(due)).toBe(minutes);
});

test('applying a playbook at t gives each task t + its relative due time', () => {
  const playbook = STARTER_PLAYBOOKS.find((p) => p.key === 'results-website-defaced');
  if (!playbook) throw new Error('missing');
  const at = new Date('2027-05-09T21:00:00Z');
  const tasks = scheduleTasks(playbook.tasks, at);
  expect(tasks.map((t) => [t.key, t.dueAt.toISOString()])).toEqual([
    ['confirm', '2027-05-09T21:15:00.000Z'],
    ['contain', '2027-05-09T21:30:00.000Z'],
    ['preserve', '2027-05-09T23:00:00.000Z'],
    ['verify-tallies', '2027-05-10T00:00:00.000Z'],
    ['restore', '2027-05-10T05:00:00.000Z'],
    ['review', '2027-05-16T21:00:00.000Z'],
  ]);
});

test('scheduled due times never precede the application and keep the templates order', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.constantFrom('m', 'h', 'd')), { minLength: 1, maxLength: 10 }),
      fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }),
      (dues, at) => {
        const templates = dues
          .map(([n, unit], index) => ({ key: `t${index}`, title: 'x', description: '', due: `+${n}${unit}` as const }))
          .filter((template) => relativeDueMinutes(template.due) !== null);
        const tasks = scheduleTasks(templates, at);
        expect(tasks.map((t) => t.key)).toEqual(templates.map((t) => t.key));
        for (const [index, task] of tasks.entries()) {
          expect(task.dueAt.getTime() - at.getTime()).toBe((relativeDueMinutes(templates[index]?.due ?? '') ?? -1) * 60_000);
        }
      },
    ),
  );
});

test('a playbook applies from its minimum severity up, to its incident types only', () => {
  const trigger = { incidentTypes: ['disinformation'] as const, minimumSeverity: 'moderate' as const };
  expect(SEVERITIES.map((s) => playbookApplies(trigger, 'disinformation', s))).toEqual([false, true, true, true]);
  expect(playbookApplies(trigger, 'cyber-attack', 'critical')).toBe(false);
});

test('an invalid playbook is refused with the JSON path of every problem', () => {
  const base = STARTER_PLAYBOOKS[0];
  if (!base) throw new Error('missing');
  const broken = {
    ...base,
    key: 'Bad Key',
    title: { en: 'x', fr: '' },
    trigger: { incidentTypes: [], minimumSeverity: 'extreme' },
    tasks: [base.tasks[0], { ...base.tasks[0], due: 'tomorrow' }],
  };
  const parsed = PlaybookDefinitionSchema.safeParse(broken);
  expect(parsed.success).toBe(false);
  const paths = parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('/')).sort();
  expect(paths).toEqual(['key', 'tasks/1/due', 'title/fr', 'trigger/incidentTypes', 'trigger/minimumSeverity']);
  // Duplicate keys are reported once the items themselves are valid.
  const duplicate = PlaybookDefinitionSchema.safeParse({ ...base, tasks: [base.tasks[0], base.tasks[0]] });
  expect(duplicate.success ? [] : duplicate.error.issues.map((issue) => issue.path.join('/'))).toEqual(['tasks/1/key']);
});
