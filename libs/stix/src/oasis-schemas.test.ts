import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { readOasisSchemas } from '../scripts/generate-stix-data';
import {
  OASIS_SCHEMAS_LICENCE,
  OASIS_SCHEMAS_SOURCE,
  oasisSchemas,
} from './generated/oasis-schemas';

const sharedData = new URL('../../../../shared/data/', import.meta.url);
const hasShared = existsSync(new URL('stix2-json-schemas/schemas/', sharedData));

// Production checkouts have no ../shared; everywhere else the committed copy must match it.
test.skipIf(!hasShared)(
  'the committed schemas are the compacted OASIS schemas of ../shared/data',
  () => {
    expect(oasisSchemas).toEqual(readOasisSchemas(sharedData));
    expect(OASIS_SCHEMAS_LICENCE).toBe(
      readFileSync(new URL('stix2-json-schemas/LICENSE', sharedData), 'utf8'),
    );
    expect(OASIS_SCHEMAS_SOURCE).toBe(
      readFileSync(new URL('stix2-json-schemas/SOURCE.txt', sharedData), 'utf8'),
    );
  },
);

test('the committed copy carries all 57 schemas and the OASIS notice', () => {
  expect(Object.keys(oasisSchemas)).toHaveLength(57);
  expect(OASIS_SCHEMAS_LICENCE).toContain('Copyright (c) [2016], OASIS Open');
  expect(OASIS_SCHEMAS_SOURCE).toContain('oasis-open/cti-stix2-json-schemas');
});
