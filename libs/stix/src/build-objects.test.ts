import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  buildCampaign,
  buildDisarmAttackPattern,
  buildDisarmCourseOfAction,
  buildIdentity,
  buildIncident,
  buildIndicator,
  buildRelationship,
  buildReport,
  buildSighting,
  buildThreatActor,
  type CommonInput,
} from './build-objects';
import {
  buildDomainName,
  buildFile,
  buildIpv4Addr,
  buildUrl,
  buildUserAccount,
  patternForObservables,
  type PublishedObservable,
} from './build-observables';
import { buildBundle, parseBundle, serializeBundle } from './bundle';
import { disarmCatalogue } from './disarm-catalogue';
import type { StixId, StixObject } from './stix-object';
import { TLP_LEVELS, effectiveTlp } from './tlp';
import { validateObject } from './validate-object';

const uuidV4 = fc.uuid({ version: 4 });
// STIX timestamps carry four-digit years.
const instant = fc.date({
  min: new Date('1990-01-01T00:00:00Z'),
  max: new Date('2100-01-01T00:00:00Z'),
  noInvalidDate: true,
});
const text = fc.string({ minLength: 1, maxLength: 40 });
const vocabulary = fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), { maxLength: 3 });
const identityId = uuidV4.map((uuid): StixId<'identity'> => `identity--${uuid}`);

const commonInput: fc.Arbitrary<CommonInput> = fc
  .record(
    {
      uuid: uuidV4,
      created: instant,
      later: fc.nat({ max: 10 ** 9 }),
      createdByRef: identityId,
      tlp: fc.constantFrom(...TLP_LEVELS),
      labels: vocabulary,
      confidence: fc.integer({ min: 0, max: 100 }),
      externalReferences: fc.array(fc.record({ source_name: text, url: fc.webUrl() }), {
        maxLength: 2,
      }),
    },
    { requiredKeys: ['uuid', 'created', 'later'] },
  )
  .map(({ later, ...input }) => ({
    ...input,
    modified: new Date(input.created.getTime() + later),
  }));

const window = fc
  .tuple(instant, fc.nat({ max: 10 ** 9 }))
  .map(([start, length]) => [start, new Date(start.getTime() + length)] as const);

const observable: fc.Arbitrary<PublishedObservable> = fc.oneof(
  fc.webUrl().map((value) => buildUrl({ value })),
  fc.domain().map((value) => buildDomainName({ value, tlp: 'green' })),
  fc.ipV4().map((value) => buildIpv4Addr({ value })),
  fc
    .record({ 'SHA-256': fc.stringMatching(/^[0-9a-f]{64}$/) })
    .map((hashes) => buildFile({ hashes, name: 'leak.pdf' })),
  fc
    .tuple(fc.stringMatching(/^[0-9]{1,12}$/), text)
    .map(([userId, displayName]) =>
      buildUserAccount({ userId, accountType: 'twitter', displayName }),
    ),
);

const domainObject: fc.Arbitrary<StixObject> = fc.oneof(
  fc
    .tuple(commonInput, text, instant, fc.array(identityId, { minLength: 1, maxLength: 3 }))
    .map(([input, name, published, objectRefs]) =>
      buildReport({ ...input, name, published, objectRefs, reportTypes: ['threat-report'] }),
    ),
  fc
    .tuple(commonInput, fc.array(observable, { minLength: 1, maxLength: 3 }), window)
    .map(([input, observables, [validFrom, validUntil]]) =>
      buildIndicator({
        ...input,
        pattern: patternForObservables(observables),
        validFrom,
        validUntil: new Date(validUntil.getTime() + 1),
        indicatorTypes: ['malicious-activity'],
      }),
    ),
  fc
    .tuple(commonInput, text)
    .map(([input, name]) => buildIncident({ ...input, name, description: 'Defacement' })),
  fc.tuple(commonInput, text, window).map(([input, name, [firstSeen, lastSeen]]) =>
    buildThreatActor({
      ...input,
      name,
      firstSeen,
      lastSeen,
      threatActorTypes: ['nation-state'],
      aliases: [name],
    }),
  ),
  fc
    .tuple(commonInput, text, window)
    .map(([input, name, [firstSeen, lastSeen]]) =>
      buildCampaign({ ...input, name, firstSeen, lastSeen, objective: 'suppress turnout' }),
    ),
  fc
    .tuple(commonInput, text)
    .map(([input, name]) =>
      buildIdentity({ ...input, name, identityClass: 'organization', sectors: ['government'] }),
    ),
  fc
    .tuple(commonInput, identityId, identityId, window)
    .map(([input, sourceRef, targetRef, [start, stop]]) =>
      buildRelationship({
        ...input,
        relationshipType: 'related-to',
        sourceRef,
        targetRef,
        startTime: start,
        stopTime: new Date(stop.getTime() + 1),
      }),
    ),
  fc
    .tuple(commonInput, uuidV4, identityId, window, fc.integer({ min: 0, max: 999_999_999 }))
    .map(([input, campaign, where, [firstSeen, lastSeen], count]) =>
      buildSighting({
        ...input,
        sightingOfRef: `campaign--${campaign}`,
        whereSightedRefs: [where],
        firstSeen,
        lastSeen,
        count,
      }),
    ),
  fc
    .tuple(commonInput, fc.constantFrom(...disarmCatalogue.techniques))
    .map(([input, technique]) => buildDisarmAttackPattern({ ...input, techniqueId: technique.id })),
  fc
    .tuple(commonInput, fc.constantFrom(...disarmCatalogue.countermeasures))
    .map(([input, countermeasure]) =>
      buildDisarmCourseOfAction({ ...input, countermeasureId: countermeasure.id }),
    ),
);

const anyObject = fc.oneof(domainObject, observable);

test('every built object is valid STIX 2.1', () => {
  fc.assert(
    fc.property(anyObject, (object) => {
      expect(validateObject(object).issues).toEqual([]);
    }),
    { numRuns: 300 },
  );
});

test('parse(serialize(bundle)) is the bundle', () => {
  fc.assert(
    fc.property(
      uuidV4,
      fc.array(anyObject, { maxLength: 8 }),
      fc.constantFrom(undefined, 2),
      (uuid, objects, indent) => {
        const bundle = buildBundle({ uuid, objects });
        const parsed = parseBundle(serializeBundle(bundle, { indent }));
        expect(parsed).toEqual({ ok: true, value: bundle });
      },
    ),
    { numRuns: 100 },
  );
});

test('builds a report with TLP, deterministic observables and a matching indicator', () => {
  const created = new Date('2026-05-01T10:00:00Z');
  const url = buildUrl({ value: "https://fake-results.example/it's-over" });
  const file = buildFile({
    hashes: {
      MD5: 'd41d8cd98f00b204e9800998ecf8427e',
      'SHA-256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    },
  });
  expect(url.id).toBe(buildUrl({ value: "https://fake-results.example/it's-over" }).id);
  const indicator = buildIndicator({
    uuid: '0b7e4c2a-1d3f-4a5b-8c6d-7e8f9a0b1c2d',
    created,
    validFrom: created,
    pattern: patternForObservables([url, file]),
    tlp: 'amber',
  });
  expect(indicator.pattern).toBe(
    "[url:value = 'https://fake-results.example/it\\'s-over' OR file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e' OR file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']",
  );
  const report = buildReport({
    uuid: '3f0b7c1e-5a1d-4c6e-8f2a-9b7d6e5c4a31',
    created,
    name: 'Fake results site',
    published: created,
    objectRefs: [indicator.id, url.id, file.id],
    tlp: 'green',
  });
  expect(report).toEqual({
    type: 'report',
    spec_version: '2.1',
    id: 'report--3f0b7c1e-5a1d-4c6e-8f2a-9b7d6e5c4a31',
    created: '2026-05-01T10:00:00.000Z',
    modified: '2026-05-01T10:00:00.000Z',
    object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'],
    name: 'Fake results site',
    published: '2026-05-01T10:00:00.000Z',
    object_refs: [indicator.id, url.id, file.id],
  });
  expect(effectiveTlp(indicator, 'clear')).toBe('amber');
  expect(
    buildDisarmAttackPattern({
      uuid: '6a0f2b0e-8d7b-4e1a-9a57-3c1f2e0d9b44',
      created,
      techniqueId: 'T0002',
    }),
  ).toMatchObject({
    name: 'Facilitate State Propaganda',
    kill_chain_phases: [{ kill_chain_name: 'disarm', phase_name: 'plan-objectives' }],
    external_references: [{ source_name: 'DISARM', external_id: 'T0002' }],
  });
});

test('refuses inputs that are bugs', () => {
  const created = new Date('2026-05-01T10:00:00Z');
  expect(() => buildIncident({ uuid: 'not-a-uuid', created, name: 'x' })).toThrow(
    'not a lowercase UUID',
  );
  expect(() =>
    buildReport({
      uuid: '3f0b7c1e-5a1d-4c6e-8f2a-9b7d6e5c4a31',
      created,
      name: 'x',
      published: created,
      objectRefs: [],
    }),
  ).toThrow();
  expect(() =>
    buildDisarmAttackPattern({
      uuid: '3f0b7c1e-5a1d-4c6e-8f2a-9b7d6e5c4a31',
      created,
      techniqueId: 'T1566',
    }),
  ).toThrow('no DISARM technique');
  expect(() => buildFile({})).toThrow('a file has hashes or a name');
  expect(() =>
    buildIncident({
      uuid: '3f0b7c1e-5a1d-4c6e-8f2a-9b7d6e5c4a31',
      created: new Date(Number.NaN),
      name: 'x',
    }),
  ).toThrow();
});

test('parseBundle lists JSON syntax errors and invalid objects', () => {
  expect(parseBundle('{"type": "bundle",')).toMatchObject({
    ok: false,
    error: { type: 'json-syntax', line: 1, column: 19 },
  });
  const result = parseBundle(
    JSON.stringify({
      type: 'bundle',
      id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
      objects: [{ type: 'url' }],
    }),
  );
  expect(result.ok).toBe(false);
  if (!result.ok && result.error.type === 'invalid-bundle') {
    expect(result.error.validation.objects[0]?.issues).toContainEqual(
      expect.objectContaining({ path: '/objects/0/id' }),
    );
  }
});
