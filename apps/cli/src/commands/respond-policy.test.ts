/**
 * `vigil respond sla-policy show | set` and `vigil respond plans list | marking` on an embedded
 * database in a temporary directory, run in this process as an operator runs them. Each
 * change is checked in the database and in the audit log; each refusal leaves both unchanged.
 */
import type { VigilDatabase } from '@vigil/db';
import { createElection, createJurisdiction, createOrganisation, createPlan, getSlaPolicySetting, migrateToLatest, openDatabase, verifyAuditChain } from '@vigil/db';
import type { OrganisationId } from '@vigil/domain';
import { DEFAULT_SLA_POLICY } from '@vigil/domain';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runVigilInProcess } from '../run-vigil-in-process';
import { formatMinutes } from './respond-policy';

let dataDir: string;
let workDir: string;
const ids = { commission: '', cert: '', police: '', observers: '', election: '', plan: '', other: '' };

async function vigil(args: string[], stdin?: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runVigilInProcess(args, { env: { VIGIL_DATA_DIR: dataDir, DATABASE_URL: undefined, USER: 'ops' }, ...(stdin === undefined ? {} : { stdin }) });
  return { status: code, stdout, stderr };
}

/** Opens the test database for a look (the CLI closes it after every command). */
async function inspect<T>(work: (database: VigilDatabase) => Promise<T>): Promise<T> {
  const database = await openDatabase({ kind: 'pglite', dataDir });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

async function auditActions(): Promise<{ action: string; label: string; targetId: string | null }[]> {
  return inspect(async ({ db }) => (await db.selectFrom('auditEvents').select(['action', 'actor', 'targetId']).orderBy('seq').execute()).map((row) => ({ action: row.action, label: row.actor.label, targetId: row.targetId })));
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-respond-policy-'));
  workDir = mkdtempSync(join(tmpdir(), 'vigil-respond-policy-files-'));
  const database = await openDatabase({ kind: 'pglite', dataDir });
  await migrateToLatest(database.db);
  const context = { actor: { kind: 'system' as const, id: 'test', label: 'test seed' }, now: new Date('2027-03-01T09:00:00Z') };
  const db = database.db;
  ids.commission = (await createOrganisation(db, context, { name: 'Electoral Commission', type: 'election-authority' })).id;
  ids.cert = (await createOrganisation(db, context, { name: 'National CERT', type: 'government-agency' })).id;
  ids.police = (await createOrganisation(db, context, { name: 'National Police', type: 'government-agency' })).id;
  ids.observers = (await createOrganisation(db, context, { name: 'Civic Watch', type: 'civil-society' })).id;
  const country = await createJurisdiction(db, context, { level: 'national', name: 'Testland', code: 'XT', responsibleOrganisationId: ids.commission as OrganisationId, contacts: [] });
  ids.election = (await createElection(db, context, { name: 'General election', jurisdictionId: country.id, milestones: [{ kind: 'election-day', date: '2027-05-09' }] })).id;
  const other = await createElection(db, context, { name: 'By-election', jurisdictionId: country.id, milestones: [{ kind: 'election-day', date: '2027-09-12' }] });
  const base = { incidentType: 'cyber-attack', impact: 'high', urgency: 'high', decisionOwnerOrganisationId: ids.commission, triggers: ['Defacement confirmed'], tasks: [{ key: 'confirm', title: 'Confirm', description: '', due: '+15m' }] } as const;
  ids.plan = (await createPlan(db, context, { ...base, electionId: ids.election, title: 'Results website defaced', scenario: 'The results site shows a fake result.', tlp: 'amber', sharedWithOrganisationIds: [ids.cert] })).id;
  ids.other = (await createPlan(db, context, { ...base, electionId: other.id, title: 'DDoS on results night', scenario: 'The results site is flooded.', tlp: 'green' })).id;
  await database.close();
}, 120_000);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
});

test('formatMinutes writes durations as the docs table does', () => {
  expect([10, 30, 60, 90, 24 * 60, 72 * 60, 5 * 24 * 60, 7 * 24 * 60, 365 * 24 * 60].map(formatMinutes)).toEqual(['10 min', '30 min', '1 h', '1 h 30 min', '24 h', '72 h', '5 d', '7 d', '365 d']);
});

test('sla-policy show prints the default as phase × severity tables, and --json the document set takes', async () => {
  const shown = await vigil(['respond', 'sla-policy', 'show']);
  expect(shown.status).toBe(0);
  const lines = shown.stdout.split('\n');
  expect(lines[0]).toBe("SLA policy: Vigil's default (the installation has not set one)");
  // The rows of docs/respond.md's default table (acknowledge / update).
  const acknowledge = lines.indexOf('Time to acknowledge');
  expect(lines.slice(acknowledge + 1, acknowledge + 6).map((line) => line.trim().split(/\s{2,}/))).toEqual([
    ['severity', 'normal', 'campaign', 'final-week', 'election'],
    ['low', '72 h', '48 h', '24 h', '8 h'],
    ['moderate', '24 h', '12 h', '4 h', '2 h'],
    ['high', '4 h', '2 h', '1 h', '30 min'],
    ['critical', '1 h', '30 min', '15 min', '10 min'],
  ]);
  const update = lines.indexOf('Time to update or resolve');
  expect(lines.slice(update + 2, update + 6).map((line) => line.trim().split(/\s{2,}/))).toEqual([
    ['low', '7 d', '5 d', '72 h', '24 h'],
    ['moderate', '72 h', '48 h', '24 h', '8 h'],
    ['high', '24 h', '12 h', '6 h', '2 h'],
    ['critical', '8 h', '4 h', '2 h', '1 h'],
  ]);
  expect(shown.stdout).toContain('  campaign     30 to 8 days before election day, and 2 to 30 days after');
  expect(shown.stdout).toContain('Escalates one level at once from severity: critical');
  expect(shown.stdout).toContain('Election calendar time zone: UTC+00:00');
  const json = await vigil(['respond', 'sla-policy', 'show', '--json']);
  expect(JSON.parse(json.stdout)).toEqual(DEFAULT_SLA_POLICY);
}, 120_000);

test('sla-policy set refuses every problem with its JSON path (file and standard input) and writes nothing', async () => {
  const before = await auditActions();
  const policy = structuredClone(DEFAULT_SLA_POLICY) as unknown as { times: Record<string, Record<string, Record<string, unknown>>>; campaignDays: unknown; finalWeekDays: number };
  // Two schema problems at once: a non-integer and a missing field.
  (policy.times['election'] as Record<string, Record<string, unknown>>)['critical'] = { acknowledgeMinutes: 7.5 };
  policy.campaignDays = 'thirty';
  const bad = join(workDir, 'bad-policy.json');
  writeFileSync(bad, JSON.stringify(policy, null, 2));
  const refused = await vigil(['respond', 'sla-policy', 'set', bad]);
  expect(refused.status).toBe(2);
  expect(refused.stderr).toContain(`${bad}: 3 problems; the SLA policy was not changed:`);
  expect(refused.stderr).toContain('  /times/election/critical/acknowledgeMinutes: ');
  expect(refused.stderr).toContain('  /times/election/critical/updateMinutes: ');
  expect(refused.stderr).toContain('  /campaignDays: ');

  // A well-formed policy that breaks the monotonicity rules: each breach named at its cell.
  const loose = structuredClone(DEFAULT_SLA_POLICY) as unknown as { times: Record<string, Record<string, { acknowledgeMinutes: number; updateMinutes: number }>> };
  (loose.times['election'] as Record<string, { acknowledgeMinutes: number; updateMinutes: number }>)['critical'] = { acknowledgeMinutes: 40, updateMinutes: 60 };
  const fromStdin = await vigil(['respond', 'sla-policy', 'set', '-'], JSON.stringify(loose));
  expect(fromStdin.status).toBe(2);
  expect(fromStdin.stderr).toContain('standard input: 2 problems; the SLA policy was not changed:');
  expect(fromStdin.stderr).toContain('  /times/election/critical/acknowledgeMinutes: a critical case may not get longer than a high case');
  expect(fromStdin.stderr).toContain('  /times/election/critical/acknowledgeMinutes: the election phase may not allow longer than the final-week phase');

  const syntax = join(workDir, 'syntax.json');
  writeFileSync(syntax, '{\n  "times": {,\n}');
  const broken = await vigil(['respond', 'sla-policy', 'set', syntax]);
  expect(broken.status).toBe(2);
  expect(broken.stderr).toMatch(/syntax\.json:2:\d+: not JSON/);
  expect((await vigil(['respond', 'sla-policy', 'set', join(workDir, 'missing.json')])).stderr).toContain('no such file');

  expect(await auditActions()).toEqual(before);
  expect((await inspect(({ db }) => getSlaPolicySetting(db))).custom).toBe(false);
}, 120_000);

test('sla-policy set stores a valid policy through setSlaPolicy, audited as the route does, and show reads it back', async () => {
  const tighter = structuredClone(DEFAULT_SLA_POLICY) as unknown as { times: Record<string, Record<string, { acknowledgeMinutes: number; updateMinutes: number }>>; escalateAtSeverity: string; utcOffsetMinutes: number };
  (tighter.times['election'] as Record<string, { acknowledgeMinutes: number; updateMinutes: number }>)['critical'] = { acknowledgeMinutes: 5, updateMinutes: 45 };
  tighter.escalateAtSeverity = 'high';
  tighter.utcOffsetMinutes = 120;
  const file = join(workDir, 'policy.json');
  writeFileSync(file, JSON.stringify(tighter));
  const set = await vigil(['respond', 'sla-policy', 'set', file]);
  expect(set.stderr).toBe('');
  expect(set.status).toBe(0);
  expect(set.stdout).toContain('SLA policy set by vigil respond sla-policy set (by ops) at ');
  expect(set.stdout).toMatch(/critical +1 h +30 min +15 min +5 min/);

  const stored = await inspect(({ db }) => getSlaPolicySetting(db));
  expect(stored).toMatchObject({ custom: true, updatedByLabel: 'vigil respond sla-policy set (by ops)', policy: tighter });
  const events = await auditActions();
  expect(events.at(-1)).toEqual({ action: 'respond.sla-policy.set', label: 'vigil respond sla-policy set (by ops)', targetId: null });
  expect(await inspect(({ db }) => verifyAuditChain(db))).toMatchObject({ ok: true });

  const shown = await vigil(['respond', 'sla-policy', 'show']);
  expect(shown.stdout).toContain('Escalates one level at once from severity: high');
  expect(shown.stdout).toContain('Election calendar time zone: UTC+02:00');
  // show --json round-trips into set.
  const json = await vigil(['respond', 'sla-policy', 'show', '--json']);
  expect(JSON.parse(json.stdout)).toEqual(tighter);
}, 120_000);

test('plans list shows every plan with its marking, filtered by election, as text or JSON', async () => {
  const listed = await vigil(['respond', 'plans', 'list']);
  expect(listed.status).toBe(0);
  // By title: DDoS… before Results…
  expect(listed.stdout.split('\n').filter((line) => !line.startsWith(' ') && line !== '')).toEqual([`${ids.other}  DDoS on results night`, `${ids.plan}  Results website defaced`]);
  expect(listed.stdout).toContain('  TLP:AMBER, ready, decision owner Electoral Commission; shared with National CERT');
  expect(listed.stdout).toContain('  TLP:GREEN, ready, decision owner Electoral Commission; shared with no other organisation');
  const one = await vigil(['respond', 'plans', 'list', '--election', ids.election, '--json']);
  const document = JSON.parse(one.stdout) as { plans: { id: string; tlp: string; sharedWithOrganisations: { id: string; name: string }[] }[] };
  expect(document.plans.map((p) => [p.id, p.tlp, p.sharedWithOrganisations])).toEqual([[ids.plan, 'amber', [{ id: ids.cert, name: 'National CERT' }]]]);
  expect((await vigil(['respond', 'plans', 'list', '--election', 'general'])).status).toBe(2);
  const unknown = await vigil(['respond', 'plans', 'list', '--election', '00000000-0000-4000-8000-000000000000']);
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toContain('no election with id 00000000-0000-4000-8000-000000000000');
}, 120_000);

test('plans marking changes the TLP and the sharing list (ids or exact names), audited as plan.mark; unknown organisations are named and nothing is written', async () => {
  const before = await auditActions();
  const refused = await vigil(['respond', 'plans', 'marking', 'Results website defaced', '--tlp', 'red', '--share-with', 'National Police', 'Nowhere Agency', 'Ghost Org']);
  expect(refused.status).toBe(2);
  expect(refused.stderr).toContain('no organisation with id or name "Nowhere Agency", "Ghost Org"');
  expect(refused.stderr).toContain("the plan's marking was not changed");
  expect((await vigil(['respond', 'plans', 'marking', ids.plan, '--tlp', 'purple'])).stderr).toContain('--tlp takes clear, green, amber, amber+strict, red, not "purple"');
  expect((await vigil(['respond', 'plans', 'marking', 'No such plan', '--tlp', 'red'])).stderr).toContain('no contingency plan with id or title "No such plan"');
  expect(await auditActions()).toEqual(before);

  // By title, organisations by name and by id; the decision owner is never listed among them.
  const marked = await vigil(['respond', 'plans', 'marking', 'Results website defaced', '--tlp', 'RED', '--share-with', 'National Police', ids.observers, 'Electoral Commission', '--json']);
  expect(marked.stderr).toBe('');
  expect(marked.status).toBe(0);
  const plan = JSON.parse(marked.stdout) as { tlp: string; sharedWithOrganisationIds: string[] };
  expect(plan.tlp).toBe('red');
  expect(new Set(plan.sharedWithOrganisationIds)).toEqual(new Set([ids.police, ids.observers]));
  const events = await auditActions();
  expect(events.length).toBe(before.length + 1);
  expect(events.at(-1)).toEqual({ action: 'plan.mark', label: 'vigil respond plans marking (by ops)', targetId: ids.plan });

  // Without --share-with the list is kept; --share-with-none empties it.
  const level = await vigil(['respond', 'plans', 'marking', ids.plan, '--tlp', 'amber+strict']);
  expect(level.status).toBe(0);
  expect(level.stdout).toContain('TLP:AMBER+STRICT');
  expect(level.stdout).toMatch(/shared with (National Police, Civic Watch|Civic Watch, National Police)/);
  const none = await vigil(['respond', 'plans', 'marking', ids.plan, '--tlp', 'amber', '--share-with-none']);
  expect(none.stdout).toContain('TLP:AMBER, ready, decision owner Electoral Commission; shared with no other organisation');
  expect((await vigil(['respond', 'plans', 'marking', ids.plan, '--tlp', 'amber', '--share-with', 'National CERT', '--share-with-none'])).status).toBe(2);
  expect(await inspect(({ db }) => verifyAuditChain(db))).toMatchObject({ ok: true });
}, 120_000);
