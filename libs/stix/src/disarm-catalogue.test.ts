import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { readDisarmCatalogue } from '../scripts/generate-stix-data';
import {
  DISARM_PHASES,
  disarmCatalogue,
  disarmCountermeasure,
  disarmCountermeasureReference,
  disarmTactic,
  disarmTechnique,
  disarmTechniqueReference,
  disarmTechniquesOfTactic,
} from './disarm-catalogue';
import { DISARM_ATTRIBUTION } from './generated/disarm-data';
import { validateBundle } from './validate-container';
import { validateObject } from './validate-object';

const sharedData = new URL('../../../../shared/data/', import.meta.url);
const bundleFile = new URL('disarm/DISARM.json', sharedData);
const hasShared = existsSync(bundleFile);

test.skipIf(!hasShared)('the committed catalogue is the one ../shared/data/disarm gives', () => {
  expect(disarmCatalogue).toEqual(readDisarmCatalogue(sharedData));
});

// Counts from ../shared/data/disarm/SOURCE.txt and the blue CSV grid.
test('holds 16 tactics in 4 phases, 391 techniques (103 + 288 sub-techniques), 140 countermeasures', () => {
  expect(disarmCatalogue.tactics).toHaveLength(16);
  expect(disarmCatalogue.techniques).toHaveLength(391);
  expect(disarmCatalogue.techniques.filter((technique) => technique.parent)).toHaveLength(288);
  expect(disarmCatalogue.countermeasures).toHaveLength(140);
  const phases = new Set(DISARM_PHASES.map((phase) => phase.id));
  for (const tactic of disarmCatalogue.tactics) expect(phases).toContain(tactic.phase);
  for (const technique of disarmCatalogue.techniques) {
    expect(disarmTactic(technique.tactic)).toBeDefined();
    if (technique.parent) expect(disarmTechnique(technique.parent)).toBeDefined();
  }
  expect(DISARM_ATTRIBUTION).toContain('CC BY-SA 4.0');
});

test('looks techniques, tactics and countermeasures up by id', () => {
  expect(disarmTechnique('T0002')).toMatchObject({
    name: 'Facilitate State Propaganda',
    tactic: 'TA02',
  });
  expect(disarmTechnique('T0014.001')).toMatchObject({
    name: 'Raise Funds from Malign Actors',
    parent: 'T0014',
    tactic: 'TA15',
  });
  expect(disarmTechnique('T1566')).toBeUndefined();
  expect(disarmTactic('TA01')).toMatchObject({
    name: 'Plan Strategy',
    shortname: 'plan-strategy',
    phase: 'P01',
  });
  expect(disarmCountermeasure('C00006')).toEqual({ id: 'C00006', tactic: 'TA01', phase: 'P01' });
  expect(disarmCountermeasure('C99999')).toBeUndefined();
  expect(disarmTechniquesOfTactic('TA02').map((technique) => technique.id)).toContain('T0002');
});

test.skipIf(!hasShared)('the whole DISARM bundle validates and maps to the catalogue', () => {
  const text = readFileSync(bundleFile, 'utf8');
  const bundle = JSON.parse(text) as {
    objects: { type: string; id: string; external_references?: { external_id: string }[] }[];
  };
  const started = performance.now();
  const result = validateBundle(bundle);
  const elapsed = performance.now() - started;
  expect(result.containerIssues).toEqual([]);
  expect(result.objects.filter((object) => !object.valid)).toEqual([]);
  expect(result.validObjects).toHaveLength(698);
  const patterns = bundle.objects.filter((object) => object.type === 'attack-pattern');
  expect(patterns).toHaveLength(391);
  for (const pattern of patterns) {
    const technique = disarmTechnique(pattern.external_references?.[0]?.external_id ?? '');
    expect(technique?.stixId).toBe(pattern.id);
  }
  console.info(
    `validated DISARM.json (${text.length} bytes, 698 objects) in ${elapsed.toFixed(0)} ms`,
  );
});

const pattern = {
  type: 'attack-pattern',
  spec_version: '2.1',
  id: 'attack-pattern--6a0f2b0e-8d7b-4e1a-9a57-3c1f2e0d9b44',
  created: '2026-05-01T10:00:00.000Z',
  modified: '2026-05-01T10:00:00.000Z',
  name: 'Fake polling-station closures',
};

test('an attack-pattern referring to DISARM must name an existing technique', () => {
  expect(
    validateObject({ ...pattern, external_references: [disarmTechniqueReference('T0002')] }).issues,
  ).toEqual([]);
  expect(
    validateObject({
      ...pattern,
      external_references: [
        { source_name: 'capec', external_id: 'CAPEC-163' },
        disarmTechniqueReference('T0999'),
      ],
    }).issues,
  ).toEqual([
    {
      code: 'disarm-unknown',
      path: '/external_references/1/external_id',
      message: '"T0999" is not a DISARM technique',
    },
  ]);
  // MITRE ATT&CK references (T1xxx, also with source "mitre-attack") are not DISARM's business.
  expect(
    validateObject({
      ...pattern,
      external_references: [{ source_name: 'mitre-attack', external_id: 'T1566' }],
    }).valid,
  ).toBe(true);
  const course = {
    ...pattern,
    type: 'course-of-action',
    id: 'course-of-action--6a0f2b0e-8d7b-4e1a-9a57-3c1f2e0d9b44',
  };
  expect(
    validateObject({ ...course, external_references: [disarmCountermeasureReference('C00006')] })
      .valid,
  ).toBe(true);
  expect(
    validateObject({ ...course, external_references: [disarmCountermeasureReference('C0006')] })
      .issues,
  ).toEqual([
    expect.objectContaining({ code: 'disarm-unknown', path: '/external_references/0/external_id' }),
  ]);
});
