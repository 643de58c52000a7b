/**
 * Objects built from the web forms are valid STIX 2.1 (each checked by the same validator
 * that guards imports and TAXII), carry the producer's identity and the chosen TLP, and turn
 * DISARM techniques into `uses` relationships or kill-chain phases; bad input comes back as
 * field errors with paths.
 */
import { shareRoutes } from '@vigil/api';
import { TLP_LEVELS } from '@vigil/domain';
import { TLP_MARKING_IDS, validateObject, type StixId } from '@vigil/stix';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { buildFormObjects } from './share-forms';

const producer = { id: randomUUID(), name: 'Valdoria NCSC', createdAt: new Date('2026-01-01T00:00:00.000Z') };
const now = new Date('2027-03-01T09:00:00.000Z');
const seen = `campaign--${randomUUID()}`;

function build(form: unknown, existing: ReadonlyMap<string, StixId> = new Map()) {
  return buildFormObjects({ form: shareRoutes.NewShareObjectSchema.parse(form), producer, now, uuid: randomUUID, existingTechniques: existing, visibleIds: new Set([seen]) });
}

const forms = fc.record({
  tlp: fc.constantFrom(...TLP_LEVELS),
  name: fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text.trim() !== ''),
  description: fc.string({ maxLength: 80 }),
  techniques: fc.uniqueArray(fc.constantFrom('T0003', 'T0015', 'T0002', 'T0014.001'), { maxLength: 3 }),
  type: fc.constantFrom('incident', 'threat-actor', 'campaign', 'report', 'indicator', 'sighting'),
});

test('every object every form builds is valid STIX 2.1, by the producer, at the chosen TLP', () => {
  fc.assert(
    fc.property(forms, ({ tlp, name, description, techniques, type }) => {
      const extra = type === 'indicator' ? { pattern: "[url:value = 'https://x.example/']" } : type === 'sighting' ? { sightingOfRef: seen } : type === 'report' ? { objectRefs: [seen] } : {};
      const built = build({ type, name, description, tlp, disarmTechniques: type === 'sighting' ? undefined : techniques, ...extra });
      expect(built.ok).toBe(true);
      if (!built.ok) return;
      for (const object of built.value.objects) expect(validateObject(object).issues).toEqual([]);
      expect(built.value.main['created_by_ref']).toBe(`identity--${producer.id}`);
      expect(built.value.main['object_marking_refs']).toEqual([TLP_MARKING_IDS[tlp]]);
      const uses = built.value.objects.filter((object) => object.type === 'relationship');
      expect(uses).toHaveLength(['incident', 'threat-actor', 'campaign'].includes(type) ? techniques.length : 0);
    }),
    { numRuns: 200 },
  );
});

test('DISARM techniques: reused attack-patterns, CLEAR new ones, kill-chain phases on indicators', () => {
  const existing = `attack-pattern--${randomUUID()}` as StixId;
  const built = build({ type: 'campaign', name: 'c', tlp: 'red', disarmTechniques: ['T0003', 'T0015'] }, new Map([['T0003', existing]]));
  if (!built.ok) throw new Error('refused');
  const patterns = built.value.objects.filter((object) => object.type === 'attack-pattern');
  expect(patterns).toHaveLength(1);
  expect(patterns[0]?.['object_marking_refs']).toEqual([TLP_MARKING_IDS.clear]);
  expect(built.value.objects.filter((object) => object.type === 'relationship').map((object) => object['target_ref'])).toEqual([existing, patterns[0]?.id]);
  const indicator = build({ type: 'indicator', name: 'i', tlp: 'green', pattern: "[domain-name:value = 'a.example']", disarmTechniques: ['T0003', 'T0002'] });
  if (!indicator.ok) throw new Error('refused');
  // DISARM.json (../shared/data/disarm): T0003 has phase develop-narratives, T0002 (Facilitate State Propaganda) plan-objectives.
  expect(indicator.value.main['kill_chain_phases']).toEqual([
    { kill_chain_name: 'disarm', phase_name: 'develop-narratives' },
    { kill_chain_name: 'disarm', phase_name: 'plan-objectives' },
  ]);
});

test('bad input: field errors with paths', () => {
  const refused = (form: unknown) => {
    const built = build(form);
    expect(built.ok).toBe(false);
    return built.ok ? [] : built.error.map((error) => error.path);
  };
  expect(refused({ type: 'indicator', name: 'i', tlp: 'green', pattern: '[domain-name:value = ' })).toEqual(['/pattern']);
  expect(refused({ type: 'indicator', name: 'i', tlp: 'green', pattern: "[domain-name:value = 'a']", validFrom: '2027-02-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z' })).toEqual(['/validUntil']);
  expect(refused({ type: 'incident', name: 'i', tlp: 'green', disarmTechniques: ['T0003', 'T9999'] })).toEqual(['/disarmTechniques/1']);
  expect(refused({ type: 'report', name: 'r', tlp: 'green', objectRefs: [`incident--${randomUUID()}`] })).toEqual(['/objectRefs/0']);
  expect(refused({ type: 'report', name: 'r', tlp: 'green' })).toEqual(['/objectRefs']);
  expect(refused({ type: 'sighting', sightingOfRef: seen, tlp: 'green', firstSeen: '2027-02-01T00:00:00Z', lastSeen: '2027-01-01T00:00:00Z' })).toEqual(['/lastSeen']);
});
