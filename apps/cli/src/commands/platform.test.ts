/**
 * The platform commands run as a user runs them: the real `vigil` binary in a child process,
 * on an embedded database in a temporary directory, with no server.
 */
import { openDatabase } from '@vigil/db';
import { sql } from 'kysely';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runVigilInProcess } from '../run-vigil-in-process';

const bin = new URL('../../bin/vigil.js', import.meta.url).pathname;
let dataDir: string;

function vigil(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, VIGIL_DATA_DIR: dataDir, DATABASE_URL: '' },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `vigil` in this process (no PGlite start-up per process) on the test's data directory. */
async function vigilHere(args: string[], input = ''): Promise<{ status: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runVigilInProcess(args, { env: { VIGIL_DATA_DIR: dataDir, DATABASE_URL: undefined }, stdin: input });
  return { status: code, stdout, stderr };
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

test('creates organisations and users, imports and exports jurisdictions, verifies the audit log', async () => {
  expect((await vigilHere(['migrate', '--json'])).stdout).toContain('0001-foundation');
  const org = await vigilHere(['org', 'create', '--name', 'National CERT', '--type', 'government-agency', '--json']);
  expect(org.status).toBe(0);
  expect(JSON.parse(org.stdout)).toMatchObject({ name: 'National CERT', type: 'government-agency' });

  const user = await vigilHere(['user', 'create', '--email', 'Duty@CERT.example', '--org', 'National CERT', '--role', 'analyst', '--password-stdin', '--json'], 'a long enough password\n');
  expect(user.status).toBe(0);
  expect(JSON.parse(user.stdout)).toMatchObject({ email: 'duty@cert.example', isAdmin: false, memberships: [{ organisationName: 'National CERT', role: 'analyst' }] });

  const weak = await vigilHere(['user', 'create', '--email', 'x@cert.example', '--password-stdin'], 'short\n');
  expect(weak.status).toBe(2);
  expect(weak.stderr).toContain('at least 12 characters');
  expect((await vigilHere(['user', 'create', '--email', 'y@cert.example', '--org', 'Nobody', '--password-stdin'], 'a long enough password\n')).status).toBe(2);
  expect((await vigilHere(['org', 'create', '--name', 'X', '--type', 'club'])).status).toBe(2);

  const bad = join(dataDir, 'bad.csv');
  writeFileSync(bad, 'path,level\nNowhere > Town,local\n');
  const rejected = await vigilHere(['jurisdiction', 'import', bad]);
  expect(rejected.status).toBe(2);
  expect(rejected.stderr).toContain('bad.csv: line 2, column 1 (path): parent "Nowhere" is neither in the file nor in Vigil');

  const good = join(dataDir, 'good.csv');
  writeFileSync(good, 'path,level,code,responsible_organisation\nTestland,national,XT,National CERT\nTestland > North,regional,XT-NO,\n');
  expect(JSON.parse((await vigilHere(['jurisdiction', 'import', good, '--json'])).stdout)).toEqual({ created: 2, updated: 0 });
  expect((await vigilHere(['jurisdiction', 'export'])).stdout).toBe(
    'path,level,code,responsible_organisation,contact_name,contact_role,contact_email,contact_phone\nTestland,national,XT,National CERT,,,,\nTestland > North,regional,XT-NO,,,,,\n',
  );

  const verified = await vigilHere(['audit-log', 'verify', '--json']);
  expect(verified.status).toBe(0);
  // org create, user create (with its membership), two jurisdictions.
  expect(JSON.parse(verified.stdout)).toEqual({ ok: true, checked: 4, firstBroken: null });
});

test('audit-log verify exits 1 naming the first broken link', async () => {
  const database = await openDatabase({ kind: 'pglite', dataDir });
  await sql`update audit_events set action = 'organisation.delete' where seq = 2`.execute(database.db);
  await database.close();
  const verified = vigil(['audit-log', 'verify']);
  expect(verified.status).toBe(1);
  expect(verified.stdout).toContain('Audit log BROKEN at event 2');
});

test('the installed binary reads the password from standard input and exits 2 on bad usage', () => {
  const created = vigil(['user', 'create', '--email', 'admin@cert.example', '--admin', '--password-stdin'], 'another long password\n');
  expect(created.stderr).toBe('');
  expect(created.stdout).toBe('Created admin@cert.example (administrator).\n');
  const result = vigil(['user', 'create']);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain("required option '--email <email>' not specified");
});
