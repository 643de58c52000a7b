import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { runVigilInProcess } from '../run-vigil-in-process';

const scratch = mkdtempSync(join(tmpdir(), 'vigil-share-'));
const disarm = new URL('../../../../../shared/data/disarm/DISARM.json', import.meta.url);

/** Runs `vigil …` in-process, capturing stdout and stderr. */
const run = (...args: string[]) => runVigilInProcess(args);

function file(name: string, content: string | Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

afterEach(() => {
  process.exitCode = undefined;
});

const identity = {
  type: 'identity',
  spec_version: '2.1',
  id: 'identity--8ac6c5a2-3b0f-4d36-9d0a-6f1c3b7e2a11',
  created: '2026-05-01T10:00:00.000Z',
  modified: '2026-05-01T10:00:00.000Z',
  name: 'Central Election Commission',
  identity_class: 'organization',
};
const campaign = {
  type: 'campaign',
  spec_version: '2.1',
  id: 'campaign--3f0b7c1e-5a1d-4c6e-8f2a-9b7d6e5c4a31',
  created: '2026-05-02T10:00:00.000Z',
  modified: '2026-05-01T10:00:00.000Z',
  name: 'Fake polling-station closures',
  created_by_ref: 'campaign--3f0b7c1e-5a1d-4c6e-8f2a-9b7d6e5c4a31',
};
const bundle = (objects: unknown[]): string =>
  JSON.stringify(
    { type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects },
    null,
    2,
  );

test('a valid bundle exits 0', async () => {
  const result = await run('share', 'validate', file('valid.json', bundle([identity])));
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(result.stdout).toContain('valid STIX 2.1 (bundle of 1 object)');
});

test('an invalid bundle exits 1 and lists every failure with its path', async () => {
  const result = await run(
    'share',
    'validate',
    file('invalid.json', bundle([identity, campaign, { type: 'url' }])),
  );
  expect(result.code).toBe(1);
  expect(result.stdout).toContain('2 invalid');
  expect(result.stdout).toContain('/objects/1/modified  timestamp-order');
  expect(result.stdout).toContain('/objects/1/created_by_ref  reference-type');
  expect(result.stdout).toContain('/objects/2/id  schema');
  expect(result.stderr).toMatch(/^vigil: .*invalid\.json is not valid STIX 2\.1: \d+ failures\n$/);
});

test('--json prints exactly one JSON document with every failure', async () => {
  const result = await run(
    'share',
    'validate',
    file('invalid.json', bundle([identity, campaign])),
    '--json',
  );
  expect(result.code).toBe(1);
  const report = JSON.parse(result.stdout);
  expect(report).toMatchObject({ valid: false, kind: 'bundle', objects: 2, invalidObjects: 1 });
  expect(report.failures).toEqual(
    expect.arrayContaining([
      {
        code: 'timestamp-order',
        path: '/objects/1/modified',
        message: expect.any(String),
        index: 1,
        id: campaign.id,
      },
      {
        code: 'reference-type',
        path: '/objects/1/created_by_ref',
        message: expect.any(String),
        index: 1,
        id: campaign.id,
      },
    ]),
  );
  const valid = await run('share', 'validate', file('valid.json', bundle([identity])), '--json');
  expect(JSON.parse(valid.stdout)).toEqual({
    file: expect.any(String),
    valid: true,
    kind: 'bundle',
    objects: 1,
    invalidObjects: 0,
    failures: [],
  });
});

test('validates single objects and TAXII envelopes too', async () => {
  expect((await run('share', 'validate', file('object.json', JSON.stringify(identity)))).code).toBe(
    0,
  );
  const object = await run(
    'share',
    'validate',
    file('object.json', JSON.stringify(campaign)),
    '--json',
  );
  expect(JSON.parse(object.stdout)).toMatchObject({
    kind: 'object',
    valid: false,
    failures: expect.arrayContaining([expect.objectContaining({ path: '/modified' })]),
  });
  expect(
    (
      await run(
        'share',
        'validate',
        file('envelope.json', JSON.stringify({ more: false, objects: [identity] })),
      )
    ).code,
  ).toBe(0);
  const envelope = await run(
    'share',
    'validate',
    file('envelope.json', JSON.stringify({ more: 'no', objects: [identity] })),
  );
  expect(envelope.code).toBe(1);
  expect(envelope.stdout).toContain('/more  container');
});

test('a file that is not JSON exits 2 with the line and column of the error', async () => {
  const path = file(
    'broken.json',
    '{\n  "type": "bundle",\n  "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d"\n  "objects": []\n}\n',
  );
  const result = await run('share', 'validate', path);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`${path}:4:3: not JSON: unexpected character`);
  const json = await run('share', 'validate', path, '--json');
  expect(json.code).toBe(2);
  expect(JSON.parse(json.stdout)).toMatchObject({
    valid: false,
    error: { type: 'json-syntax', line: 4, column: 3 },
  });
});

test('an unreadable file exits 2', async () => {
  const missing = await run('share', 'validate', join(scratch, 'missing.json'));
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('cannot read');
  expect(
    (await run('share', 'validate', file('latin1.json', Uint8Array.from([0x22, 0xe9, 0x22])))).code,
  ).toBe(2);
  const locked = file('locked.json', '{}');
  chmodSync(locked, 0o000);
  // root reads any file; elsewhere this is a permission error.
  if (process.getuid?.() !== 0) expect((await run('share', 'validate', locked)).code).toBe(2);
  expect((await run('share', 'validate')).code).toBe(2);
});

test.skipIf(!existsSync(disarm))('the DISARM framework bundle is valid', async () => {
  const result = await run('share', 'validate', disarm.pathname, '--json');
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toMatchObject({ valid: true, objects: 698 });
});
