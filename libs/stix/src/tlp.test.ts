import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  TLP_1_MARKING_IDS,
  TLP_LEVELS,
  TLP_MARKING_IDS,
  compareTlp,
  effectiveTlp,
  isTlp1MarkingDefinition,
  isTlpLevel,
  mostRestrictiveTlp,
  tlpLevelOfMarking,
  tlpMarkingDefinition,
  upgradeTlpMarkings,
  type TlpLevel,
} from './tlp';
import { validateObject } from './validate-object';

// The official objects of oasis-open/cti-stix-common-objects,
// extension-definition-specifications/tlp-2.0/examples/tlp-clear.json and tlp-amber+strict.json.
test('the marking definitions are the official TLP 2.0 objects and validate', () => {
  expect(tlpMarkingDefinition('clear')).toEqual({
    type: 'marking-definition',
    spec_version: '2.1',
    id: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
    created: '2022-10-01T00:00:00.000Z',
    name: 'TLP:CLEAR',
    extensions: {
      'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': {
        extension_type: 'property-extension',
        tlp_2_0: 'clear',
      },
    },
  });
  expect(tlpMarkingDefinition('amber+strict')).toMatchObject({
    id: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
    name: 'TLP:AMBER+STRICT',
  });
  expect(TLP_MARKING_IDS).toEqual({
    clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
    green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
    amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
    'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
    red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
  });
  for (const level of TLP_LEVELS)
    expect(validateObject(tlpMarkingDefinition(level)).issues).toEqual([]);
});

// STIX 2.1 OASIS Standard, section 7.2.1.4: the TLP 1.0 marking definitions.
test('TLP 1.0 ids map to their TLP 2.0 successors', () => {
  expect(tlpLevelOfMarking('marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9')).toBe(
    'clear',
  );
  expect(tlpLevelOfMarking('marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da')).toBe(
    'green',
  );
  expect(tlpLevelOfMarking('marking-definition--f88d31f6-486f-44da-b317-01333bde0b82')).toBe(
    'amber',
  );
  expect(tlpLevelOfMarking('marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed')).toBe('red');
  expect(
    tlpLevelOfMarking('marking-definition--f79f25d2-8b96-4580-b169-eb7b613a7c31'),
  ).toBeUndefined();
  expect(tlpLevelOfMarking('constructor')).toBeUndefined();
  const white = {
    type: 'marking-definition',
    spec_version: '2.1',
    id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name: 'TLP:WHITE',
    definition: { tlp: 'white' },
  } as const;
  expect(validateObject(white).issues).toEqual([]);
  expect(isTlp1MarkingDefinition(white)).toBe(true);
  expect(isTlp1MarkingDefinition(tlpMarkingDefinition('clear'))).toBe(false);
});

test('upgrades TLP 1.0 references on import, leaving other markings alone', () => {
  const statement = 'marking-definition--f79f25d2-8b96-4580-b169-eb7b613a7c31';
  const object = {
    type: 'note',
    id: 'note--0b7e4c2a-1d3f-4a5b-8c6d-7e8f9a0b1c2d',
    object_marking_refs: [
      'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
      TLP_MARKING_IDS.clear,
      statement,
    ],
    granular_markings: [
      {
        selectors: ['content'],
        marking_ref: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
      },
      { selectors: ['abstract'], lang: 'en' },
    ],
  } as const;
  expect(upgradeTlpMarkings(object)).toEqual({
    ...object,
    object_marking_refs: [TLP_MARKING_IDS.clear, statement],
    granular_markings: [
      { selectors: ['content'], marking_ref: TLP_MARKING_IDS.red },
      { selectors: ['abstract'], lang: 'en' },
    ],
  });
  const modern = {
    type: 'note',
    id: object.id,
    object_marking_refs: [TLP_MARKING_IDS.green],
  } as const;
  expect(upgradeTlpMarkings(modern)).toBe(modern);
});

test('levels are ordered from CLEAR to RED', () => {
  expect([...TLP_LEVELS].sort(compareTlp)).toEqual([
    'clear',
    'green',
    'amber',
    'amber+strict',
    'red',
  ]);
  expect(compareTlp('amber', 'amber+strict')).toBeLessThan(0);
  expect(mostRestrictiveTlp([])).toBeUndefined();
  expect(TLP_LEVELS.every(isTlpLevel)).toBe(true);
  expect([isTlpLevel('white'), isTlpLevel('AMBER'), isTlpLevel(undefined)]).toEqual([
    false,
    false,
    false,
  ]);
});

const level = fc.constantFrom(...TLP_LEVELS);
const allIds = [...Object.values(TLP_MARKING_IDS), ...Object.keys(TLP_1_MARKING_IDS)];

test('the effective TLP is the most restrictive marking, or the default when there is none', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.constantFrom(...allIds, 'marking-definition--f79f25d2-8b96-4580-b169-eb7b613a7c31'),
      ),
      level,
      (refs, fallback) => {
        const result = effectiveTlp({ object_marking_refs: refs as never }, fallback);
        const levels = refs.flatMap((ref) => {
          const found = tlpLevelOfMarking(ref);
          return found ? [found] : [];
        });
        if (levels.length === 0) expect(result).toBe(fallback);
        else {
          expect(levels).toContain(result);
          for (const other of levels) expect(compareTlp(other, result)).toBeLessThanOrEqual(0);
        }
      },
    ),
  );
  const red: TlpLevel = effectiveTlp(
    { object_marking_refs: [TLP_MARKING_IDS.green, TLP_MARKING_IDS.red] },
    'clear',
  );
  expect(red).toBe('red');
  expect(effectiveTlp({}, 'amber')).toBe('amber');
});
