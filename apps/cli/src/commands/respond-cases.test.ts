/**
 * `vigil respond cases export` and `vigil respond playbooks import | export` on an embedded
 * database in a temporary directory, run in this process as a user runs them.
 */
import { createCase, createJurisdiction, createOrganisation, migrateToLatest, openDatabase, setLeadAgency } from '@vigil/db';
import { STARTER_PLAYBOOKS } from '@vigil/domain';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runVigilInProcess } from '../run-vigil-in-process';

let dataDir: string;
let workDir: string;

async function vigil(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runVigilInProcess(args, { env: { VIGIL_DATA_DIR: dataDir, DATABASE_URL: undefined } });
  return { status: code, stdout, stderr };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-respond-'));
  workDir = mkdtempSync(join(tmpdir(), 'vigil-respond-files-'));
  const database = await openDatabase({ kind: 'pglite', dataDir });
  await migrateToLatest(database.db);
  const context = { actor: { kind: 'system' as const, id: 'test', label: 'test' }, now: new Date('2027-03-01T09:00:00Z') };
  const cert = await createOrganisation(database.db, context, { name: 'CERT', type: 'government-agency' });
  const national = await createJurisdiction(database.db, context, { level: 'national', name: 'Testland', code: 'XT', responsibleOrganisationId: cert.id, contacts: [] });
  await setLeadAgency(database.db, context, { jurisdictionId: null, incidentType: 'cyber-attack', organisationId: cert.id });
  const base = { incidentType: 'cyber-attack', impact: 'high', urgency: 'medium', jurisdictionId: national.id } as const;
  await createCase(database.db, context, { ...base, title: 'Phishing, "urgent" poll-worker mail', tlp: 'green', observables: [{ type: 'domain', value: 'poll-workers.example' }] });
  await createCase(database.db, { ...context, now: new Date('2027-03-02T09:00:00Z') }, { ...base, title: 'Secret source', tlp: 'red' });
  await database.close();
}, 120_000);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
});

test('respond cases export writes JSON and CSV, and --max-tlp leaves out stricter cases', async () => {
  const asJson = await vigil(['respond', 'cases', 'export']);
  expect(asJson.status).toBe(0);
  const document = JSON.parse(asJson.stdout) as { format: string; cases: { reference: string; tlp: string; observables: { value: string }[] }[] };
  expect(document.format).toBe('vigil-cases');
  expect(document.cases.map((c) => [c.reference, c.tlp])).toEqual([
    ['CASE-2027-0001', 'green'],
    ['CASE-2027-0002', 'red'],
  ]);
  expect(document.cases[0]?.observables.map((o) => o.value)).toEqual(['poll-workers.example']);
  const file = join(workDir, 'cases.csv');
  const asCsv = await vigil(['respond', 'cases', 'export', '--format', 'csv', '--max-tlp', 'amber', '--output', file]);
  expect(asCsv.status).toBe(0);
  expect(asCsv.stderr).toContain('exported 1 case to');
  const rows = parse<Record<string, string>>(readFileSync(file, 'utf8'), { columns: true });
  expect(rows).toEqual([
    expect.objectContaining({ reference: 'CASE-2027-0001', title: 'Phishing, "urgent" poll-worker mail', severity: 'high', tlp: 'GREEN', owner: 'CERT', observables: 'domain:poll-workers.example' }),
  ]);
  expect((await vigil(['respond', 'cases', 'export', '--format', 'xml'])).status).toBe(2);
}, 60_000);

test('respond playbooks import validates the whole file with JSON paths and imports nothing on failure', async () => {
  const bad = join(workDir, 'bad.json');
  const [first, second] = STARTER_PLAYBOOKS;
  writeFileSync(bad, JSON.stringify({ format: 'vigil-playbooks', version: 1, playbooks: [first, { ...second, tasks: [{ key: 'a', title: 'x', due: 'tomorrow' }] }] }));
  const refused = await vigil(['respond', 'playbooks', 'import', bad]);
  expect(refused.status).toBe(2);
  expect(refused.stderr).toContain('/playbooks/1/tasks/0/due: a due time like +30m');
  const syntax = join(workDir, 'syntax.json');
  writeFileSync(syntax, '{\n  "format": "vigil-playbooks",\n  "version": 1,\n  "playbooks": [,]\n}');
  const broken = await vigil(['respond', 'playbooks', 'import', syntax]);
  expect(broken.status).toBe(2);
  expect(broken.stderr).toMatch(/syntax\.json:4:\d+: not JSON/);
  const exported = await vigil(['respond', 'playbooks', 'export']);
  expect(JSON.parse(exported.stdout)).toEqual({ format: 'vigil-playbooks', version: 1, playbooks: [] });
}, 60_000);

test('respond playbooks import --starter, export, and re-import of an edited file add versions only where something changed', async () => {
  const starter = await vigil(['respond', 'playbooks', 'import', '--starter', '--json']);
  expect(starter.status).toBe(0);
  expect(JSON.parse(starter.stdout)).toEqual({ created: STARTER_PLAYBOOKS.length, revised: 0, unchanged: 0 });
  const file = join(workDir, 'playbooks.json');
  expect((await vigil(['respond', 'playbooks', 'export', file])).status).toBe(0);
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { playbooks: { key: string; preApprovedActions: string[] }[] };
  expect(exported.playbooks).toHaveLength(STARTER_PLAYBOOKS.length);
  const edited = exported.playbooks.map((p) => (p.key === 'insider-tampering' ? { ...p, preApprovedActions: [...p.preApprovedActions, 'Notify the vendor'] } : p));
  writeFileSync(file, JSON.stringify({ ...exported, playbooks: edited }));
  const again = await vigil(['respond', 'playbooks', 'import', file]);
  expect(again.status).toBe(0);
  expect(again.stdout.trim()).toBe(`0 created, 1 revised (new version), ${STARTER_PLAYBOOKS.length - 1} unchanged`);
}, 60_000);
