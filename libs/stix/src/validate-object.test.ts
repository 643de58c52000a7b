import fc from 'fast-check';
import { expect, test } from 'vitest';
import { validateObject } from './validate-object';

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
  created: '2026-05-01T10:00:00.000Z',
  modified: '2026-05-02T10:00:00.000Z',
  name: 'Fake polling-station closures',
  created_by_ref: identity.id,
  first_seen: '2026-04-20T00:00:00Z',
  last_seen: '2026-04-30T00:00:00Z',
  object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'],
};

const url = {
  type: 'url',
  spec_version: '2.1',
  id: 'url--47c3cf9a-5027-5bf0-997a-017c7edc7c55',
  value: 'https://example.com/research/index.html',
};

test('valid domain, observable, marking and custom objects pass', () => {
  for (const object of [
    identity,
    campaign,
    url,
    {
      type: 'incident',
      spec_version: '2.1',
      id: 'incident--0b7e4c2a-1d3f-4a5b-8c6d-7e8f9a0b1c2d',
      created: '2026-05-01T10:00:00.000Z',
      modified: '2026-05-01T10:00:00.000Z',
      name: 'Defacement of a results page',
    },
    {
      type: 'x-vigil-case',
      spec_version: '2.1',
      id: 'x-vigil-case--0b7e4c2a-1d3f-4a5b-8c6d-7e8f9a0b1c2d',
      created: '2026-05-01T10:00:00.000Z',
      modified: '2026-05-01T10:00:00.000Z',
      x_vigil_state: 'open',
      date: '2026-05-01',
    },
  ]) {
    expect(validateObject(object)).toEqual({
      valid: true,
      id: object.id,
      type: object.type,
      issues: [],
    });
  }
});

// Each row breaks one MUST of the STIX 2.1 OASIS Standard; the section is in the row's name.
const broken: readonly [string, Record<string, unknown>, string, string][] = [
  [
    '2.9 id prefix is the type',
    { ...campaign, id: 'report--3f0b7c1e-5a1d-4c6e-8f2a-9b7d6e5c4a31' },
    'id-type-mismatch',
    '/id',
  ],
  [
    '2.9 custom id prefix is the type',
    {
      type: 'x-thing',
      spec_version: '2.1',
      id: 'x-other--3f0b7c1e-5a1d-4c6e-8f2a-9b7d6e5c4a31',
      created: identity.created,
      modified: identity.modified,
    },
    'id-type-mismatch',
    '/id',
  ],
  [
    '2.15 timestamps are real dates',
    { ...campaign, first_seen: '2026-02-30T00:00:00Z' },
    'invalid-timestamp',
    '/first_seen',
  ],
  [
    '3.2 modified ≥ created',
    { ...campaign, modified: '2026-04-30T10:00:00.000Z' },
    'timestamp-order',
    '/modified',
  ],
  [
    '3.2 modified ≥ created, beyond milliseconds',
    { ...campaign, created: '2026-05-01T10:00:00.0001Z', modified: '2026-05-01T10:00:00.000Z' },
    'timestamp-order',
    '/modified',
  ],
  [
    '3.2 spec_version is 2.1',
    { ...campaign, spec_version: '2.0' },
    'spec-version',
    '/spec_version',
  ],
  [
    '3.2 created_by_ref points to an identity',
    { ...campaign, created_by_ref: 'campaign--3f0b7c1e-5a1d-4c6e-8f2a-9b7d6e5c4a31' },
    'reference-type',
    '/created_by_ref',
  ],
  [
    '3.2 object_marking_refs point to marking definitions',
    { ...campaign, object_marking_refs: ['identity--8ac6c5a2-3b0f-4d36-9d0a-6f1c3b7e2a11'] },
    'reference-type',
    '/object_marking_refs/0',
  ],
  [
    '4.2 last_seen ≥ first_seen',
    { ...campaign, last_seen: '2026-04-01T00:00:00Z' },
    'timestamp-order',
    '/last_seen',
  ],
  [
    '6.4 domain resolves to addresses',
    {
      type: 'domain-name',
      id: 'domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7',
      value: 'example.com',
      resolves_to_refs: [url.id],
    },
    'reference-type',
    '/resolves_to_refs/0',
  ],
  ['11.1 custom property names', { ...campaign, x_Vigil: 1 }, 'custom-property-name', '/x_Vigil'],
  [
    '11.1 custom *_ref holds an identifier',
    { ...campaign, x_vigil_case_ref: 'case 12' },
    'reference-format',
    '/x_vigil_case_ref',
  ],
  [
    '11.2 custom type names',
    {
      type: 'x_case',
      spec_version: '2.1',
      id: 'x_case--3f0b7c1e-5a1d-4c6e-8f2a-9b7d6e5c4a31',
      created: identity.created,
      modified: identity.modified,
    },
    'custom-object-type',
    '/type',
  ],
  [
    '7.2.3 selectors select something',
    {
      ...campaign,
      granular_markings: [
        {
          selectors: ['description'],
          marking_ref: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
        },
      ],
    },
    'granular-marking-selector',
    '/granular_markings/0/selectors/0',
  ],
  [
    '7.3 new-sdo only on new types',
    {
      ...campaign,
      extensions: {
        'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e': { extension_type: 'new-sdo' },
      },
    },
    'extension-type',
    '/extensions/extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e/extension_type',
  ],
  [
    '7.3 extension definitions name their creator',
    {
      type: 'extension-definition',
      spec_version: '2.1',
      id: 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e',
      created: identity.created,
      modified: identity.modified,
      name: 'x',
      schema: 'https://example.org/schema',
      version: '1.0',
      extension_types: ['property-extension'],
    },
    'extension-definition',
    '/created_by_ref',
  ],
  [
    '4.7, 9 indicator patterns are STIX patterns',
    {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--0b7e4c2a-1d3f-4a5b-8c6d-7e8f9a0b1c2d',
      created: identity.created,
      modified: identity.modified,
      pattern: "[url:value = 'x'",
      pattern_type: 'stix',
      valid_from: identity.created,
    },
    'pattern-syntax',
    '/pattern',
  ],
  ['schema: required property', { ...identity, name: undefined }, 'schema', '/name'],
  [
    'schema: millisecond precision of created',
    { ...identity, created: '2026-05-01T10:00:00Z' },
    'schema',
    '/created',
  ],
];

test.each(broken)('%s', (_rule, object, code, path) => {
  const result = validateObject(JSON.parse(JSON.stringify(object)));
  expect(result.valid).toBe(false);
  expect(result.issues).toContainEqual(expect.objectContaining({ code, path }));
});

test('reports every failure of an object, not just the first', () => {
  const result = validateObject({
    ...campaign,
    spec_version: '2.0',
    modified: '2026-04-30T10:00:00.000Z',
    x_Bad: 1,
  });
  expect(result.issues.map((issue) => issue.code).sort()).toEqual(
    expect.arrayContaining(['custom-property-name', 'spec-version', 'timestamp-order']),
  );
});

test('a failed oneOf reports the failures of the closest branch only', () => {
  // common/external-reference.json: oneOf CVE, CAPEC, or any other source.
  const result = validateObject({
    ...campaign,
    external_references: [{ source_name: 'cve', external_id: 'CVE-12' }],
  });
  expect(result.issues).toEqual([
    {
      code: 'schema',
      path: '/external_references/0/external_id',
      message: expect.stringContaining('must match pattern'),
    },
  ]);
});

test('prefixes paths for objects inside a document', () => {
  const result = validateObject({ ...campaign, created_by_ref: 'nope' }, { path: '/objects/3' });
  expect(result.issues).toContainEqual(
    expect.objectContaining({ path: '/objects/3/created_by_ref' }),
  );
});

test('rejects values that are not objects', () => {
  expect(validateObject([1]).issues).toEqual([
    { code: 'not-an-object', path: '', message: expect.any(String) },
  ]);
  expect(validateObject({ id: 'x' })).toMatchObject({
    valid: false,
    id: 'x',
    issues: [{ path: '/type' }],
  });
});

test('never throws, whatever JSON it is given', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.jsonValue(), (junk, extra) => {
      const results = [
        validateObject(junk),
        validateObject({
          ...campaign,
          extensions: extra,
          granular_markings: extra,
          external_references: extra,
        }),
        validateObject({ ...campaign, x_extra_ref: extra, object_marking_refs: extra }),
        validateObject({
          type: 'x-custom',
          id: 'x-custom--3f0b7c1e-5a1d-4c6e-8f2a-9b7d6e5c4a31',
          x_data: extra,
        }),
      ];
      for (const result of results) expect(typeof result.valid).toBe('boolean');
    }),
    { numRuns: 300 },
  );
});

test('survives hostile nesting', () => {
  let nested: unknown = { x_ref: 'nope' };
  for (let depth = 0; depth < 100_000; depth++) nested = { x_nested: nested };
  const result = validateObject({ ...campaign, x_deep: nested });
  expect(result.issues).toContainEqual(expect.objectContaining({ code: 'reference-format' }));
});
