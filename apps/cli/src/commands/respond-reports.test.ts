/**
 * `vigil respond import | export` run in-process as a user runs them, on an embedded database
 * in a temporary directory: all-or-nothing import with line numbers, trust from the
 * organisation, and an export that imports again.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runVigilInProcess } from '../run-vigil-in-process';

let dataDir: string;

async function vigil(args: string[], input = ''): Promise<{ status: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runVigilInProcess(args, { env: { VIGIL_DATA_DIR: dataDir, DATABASE_URL: undefined }, stdin: input });
  return { status: code, stdout, stderr };
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-cli-respond-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const HEADER = 'external_ref,category,title,description,jurisdiction,links,contact_email';

test('imports all or nothing, with line and column; exports CSV and JSON that import again', async () => {
  expect((await vigil(['migrate'])).status).toBe(0);
  expect((await vigil(['org', 'create', '--name', 'Civic Watch', '--type', 'civil-society'])).status).toBe(0);
  const bad = join(dataDir, 'bad.csv');
  writeFileSync(bad, [HEADER, 'CW-1,disinformation,Fake results site,A copy of the results website shows invented figures.,,https://results.example,', 'CW-2,disinformation,Bad mail,A report whose contact e-mail is not an e-mail address.,,,not-mail', 'CW-3,unknown-type,Bad type,A report whose category is not one of the incident types.,,,'].join('\n'));
  const refused = await vigil(['respond', 'import', bad, '--org', 'Civic Watch']);
  expect(refused.status).toBe(2);
  expect(refused.stderr).toContain('bad.csv: line 3, column 7 (contact_email)');
  expect(refused.stderr).toContain('bad.csv: line 4, column 2 (category)');
  expect(JSON.parse((await vigil(['respond', 'export', '--format', 'json'])).stdout)).toEqual([]);

  const good = join(dataDir, 'good.csv');
  writeFileSync(good, [HEADER, 'CW-1,disinformation,Fake results site,A copy of the results website shows invented figures.,,https://results.example,', 'CW-2,voter-intimidation,Men at the door,Two men told voters queueing at the school to go home.,,,observer@civic.example'].join('\n'));
  const imported = await vigil(['respond', 'import', good, '--org', 'Civic Watch', '--json']);
  expect(imported.status).toBe(0);
  expect(JSON.parse(imported.stdout)).toMatchObject({ created: 2 });
  const again = await vigil(['respond', 'import', good, '--org', 'Civic Watch']);
  expect(again.status).toBe(2);
  expect(again.stderr).toContain('already filed "CW-1"');

  const json = JSON.parse((await vigil(['respond', 'export', '--format', 'json'])).stdout) as { externalRef: string; trustLevel: number; source: string; contact: unknown }[];
  expect(json.map((r) => [r.externalRef, r.trustLevel, r.source]).sort()).toEqual([
    ['CW-1', 3, 'import'],
    ['CW-2', 3, 'import'],
  ]);
  expect(json.find((r) => r.externalRef === 'CW-2')?.contact).toEqual({ name: null, email: 'observer@civic.example', phone: null });

  const csv = (await vigil(['respond', 'export', '--status', 'new'])).stdout;
  expect(csv.split('\n')[0]).toBe('tracking_code,status,source,trust_level,received_at,incident_type,severity,verification_status,confidence,external_ref,category,title,description,jurisdiction,latitude,longitude,occurred_at,links,language,contact_name,contact_email,contact_phone');
  // The export imports again (its extra columns are ignored) for another organisation.
  expect((await vigil(['org', 'create', '--name', 'Observers Abroad', '--type', 'international-partner'])).status).toBe(0);
  const roundTrip = join(dataDir, 'export.csv');
  writeFileSync(roundTrip, csv);
  const reimported = await vigil(['respond', 'import', roundTrip, '--org', 'Observers Abroad', '--json']);
  expect(reimported.status).toBe(0);
  expect(JSON.parse(reimported.stdout)).toMatchObject({ created: 2 });
  expect((await vigil(['respond', 'export', '--status', 'nonsense'])).status).toBe(2);
}, 240_000);
