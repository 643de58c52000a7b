import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateBundle } from '@vigil/stix';
import { expect, test } from 'vitest';
import { detectCoordination } from './detect-coordination';
import { buildStixBundle, uuidV5 } from './stix-bundle';
import { writeSyntheticDataset } from './synthetic';

test('UUIDv5 known answer (Python: uuid.uuid5(uuid.NAMESPACE_DNS, "www.example.com"))', () => {
  expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
});

test('the bundle of a detection run validates with @vigil/stix', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-stix-'));
  const input = join(dir, 'posts.csv');
  writeSyntheticDataset(input, { seed: 3, organicAccounts: 300, hyperactiveAccounts: 5, groupsPerMethod: 1 });
  const result = await detectCoordination({ input, format: 'generic', outDir: dir, clock: () => new Date('2026-02-01T12:00:00Z') });
  expect(result.ok).toBe(true);
  const bundle: unknown = JSON.parse(readFileSync(join(dir, 'campaigns.stix.json'), 'utf8'));
  const validation = validateBundle(bundle);
  const problems = validation.objects.filter((object) => !object.valid);
  expect(validation.containerIssues).toEqual([]);
  expect(problems).toEqual([]);
  expect(validation.valid).toBe(true);
  const types = new Set(validation.validObjects.map((object) => object['type']));
  for (const type of ['campaign', 'user-account', 'url', 'attack-pattern', 'relationship', 'observed-data', 'sighting', 'identity', 'marking-definition']) {
    expect(types.has(type), type).toBe(true);
  }
});

test('an empty run gives a valid bundle with no campaign', () => {
  const bundle = buildStixBundle({ campaigns: [], created: new Date('2026-01-01T00:00:00Z'), runKey: 'empty' });
  expect(validateBundle(bundle).valid).toBe(true);
  expect(bundle.objects.some((object) => object['type'] === 'campaign')).toBe(false);
});
