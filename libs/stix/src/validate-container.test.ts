import { expect, test } from 'vitest';
import { validateBundle, validateEnvelope } from './validate-container';

const valid = {
  type: 'identity',
  spec_version: '2.1',
  id: 'identity--8ac6c5a2-3b0f-4d36-9d0a-6f1c3b7e2a11',
  created: '2026-05-01T10:00:00.000Z',
  modified: '2026-05-01T10:00:00.000Z',
  name: 'Central Election Commission',
};
const invalid = {
  ...valid,
  id: 'identity--8ac6c5a2-3b0f-4d36-9d0a-6f1c3b7e2a12',
  created_by_ref: 'nobody',
};

test('reports per object, so valid objects can be stored and failures listed', () => {
  const result = validateBundle({
    type: 'bundle',
    id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
    objects: [valid, invalid, 'not an object'],
  });
  expect(result.valid).toBe(false);
  expect(result.containerIssues).toEqual([]);
  expect(result.validObjects).toEqual([valid]);
  expect(result.objects.map((object) => [object.index, object.valid, object.id])).toEqual([
    [0, true, valid.id],
    [1, false, invalid.id],
    [2, false, undefined],
  ]);
  expect(result.objects[1]?.issues).toContainEqual(
    expect.objectContaining({ code: 'reference-format', path: '/objects/1/created_by_ref' }),
  );
  expect(result.objects[2]?.issues).toEqual([
    expect.objectContaining({ code: 'not-an-object', path: '/objects/2' }),
  ]);
});

test('checks the bundle itself', () => {
  expect(
    validateBundle({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d' }).valid,
  ).toBe(true);
  const result = validateBundle({
    type: 'bundel',
    id: 'report--5d0092c5-5f74-4287-9642-33f4c354e56d',
    objects: {},
  });
  expect(result.containerIssues.map((issue) => issue.path)).toEqual(['/type', '/id', '/objects']);
  expect(validateBundle(null).containerIssues).toEqual([
    expect.objectContaining({ code: 'container', path: '' }),
  ]);
});

test('checks TAXII envelopes', () => {
  expect(validateEnvelope({ more: false, objects: [valid] })).toMatchObject({
    valid: true,
    validObjects: [valid],
  });
  expect(validateEnvelope({}).valid).toBe(true);
  const result = validateEnvelope({ more: 'no', next: 3, objects: [invalid] });
  expect(result.containerIssues.map((issue) => issue.path)).toEqual(['/more', '/next']);
  expect(result.validObjects).toEqual([]);
  expect(validateEnvelope([]).valid).toBe(false);
});

test('checks extension types against the definition carried in the same bundle', () => {
  const definition = {
    type: 'extension-definition',
    spec_version: '2.1',
    id: 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e',
    created_by_ref: valid.id,
    created: valid.created,
    modified: valid.modified,
    name: 'Vigil case',
    schema: 'https://example.org/vigil-case.json',
    version: '1.0.0',
    extension_types: ['property-extension'],
  };
  const user = {
    ...valid,
    extensions: { [definition.id]: { extension_type: 'toplevel-property-extension' } },
  };
  const result = validateBundle({
    type: 'bundle',
    id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
    objects: [definition, user],
  });
  expect(result.objects[0]?.valid).toBe(true);
  expect(result.objects[1]?.issues).toContainEqual(
    expect.objectContaining({
      code: 'extension-type',
      path: `/objects/1/extensions/${definition.id}/extension_type`,
    }),
  );
});
