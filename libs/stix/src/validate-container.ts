/**
 * Validation of the two containers STIX objects travel in: the STIX bundle (STIX 2.1 OASIS
 * Standard, section 8) and the TAXII 2.1 envelope (TAXII 2.1 OASIS Standard, section 3.7).
 * Each object is validated on its own (never against `common/bundle.json`, which rejects
 * valid content), and the result is reported per object, so a caller can store the valid
 * objects and answer with the failures of the invalid ones (TAXII 2.1 section 4.3 status).
 */
import { identifierType } from './spec-rules';
import { pointer, type StixIssue } from './stix-issue';
import type { StixObject } from './stix-object';
import { validateObject, type ObjectValidation } from './validate-object';

/** The outcome for one object of a container. */
export interface ContainedObjectValidation extends ObjectValidation {
  /** The object's index in `objects`. */
  readonly index: number;
}

/** The outcome of validating a bundle or an envelope. */
export interface ContainerValidation {
  /** True when the container and every object in it are valid. */
  readonly valid: boolean;
  /** Failures of the container itself (its type, id, or `objects` not being a list). */
  readonly containerIssues: readonly StixIssue[];
  /** One entry per element of `objects`, in order. */
  readonly objects: readonly ContainedObjectValidation[];
  /** The objects that passed, in order: what a server may store. */
  readonly validObjects: readonly StixObject[];
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item: unknown) => typeof item === 'string');
}

function extensionTypesIn(objects: readonly unknown[]): Map<string, readonly string[]> {
  const declared = new Map<string, readonly string[]>();
  for (const object of objects) {
    if (typeof object !== 'object' || object === null) continue;
    const record = object as Record<string, unknown>;
    const types = record['extension_types'];
    if (
      record['type'] === 'extension-definition' &&
      typeof record['id'] === 'string' &&
      isStringList(types)
    ) {
      declared.set(record['id'], types);
    }
  }
  return declared;
}

function validateObjects(input: {
  readonly objects: unknown;
  readonly containerIssues: StixIssue[];
}): ContainerValidation {
  const { containerIssues } = input;
  if (input.objects !== undefined && !Array.isArray(input.objects)) {
    containerIssues.push({
      code: 'container',
      path: '/objects',
      message: 'objects must be a list',
    });
  }
  const list: readonly unknown[] = Array.isArray(input.objects) ? input.objects : [];
  const extensionTypes = extensionTypesIn(list);
  const objects = list.map((object, index) => ({
    index,
    ...validateObject(object, { path: pointer('', 'objects', index), extensionTypes }),
  }));
  const validObjects = objects
    .filter((result) => result.valid)
    .map((result) => list[result.index] as StixObject);
  return {
    valid: containerIssues.length === 0 && objects.every((result) => result.valid),
    containerIssues,
    objects,
    validObjects,
  };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Validates a STIX 2.1 bundle: `type` is `bundle`, `id` is a `bundle--UUID` identifier,
 * `objects` (optional) is a list, and each object is valid.
 */
export function validateBundle(value: unknown): ContainerValidation {
  const bundle = asRecord(value);
  if (!bundle) {
    return {
      valid: false,
      containerIssues: [{ code: 'container', path: '', message: 'a bundle must be a JSON object' }],
      objects: [],
      validObjects: [],
    };
  }
  const containerIssues: StixIssue[] = [];
  if (bundle['type'] !== 'bundle') {
    containerIssues.push({
      code: 'container',
      path: '/type',
      message: 'type must be "bundle" (section 8)',
    });
  }
  if (identifierType(bundle['id']) !== 'bundle') {
    containerIssues.push({
      code: 'container',
      path: '/id',
      message: 'id must be a bundle--UUID identifier (section 8)',
    });
  }
  return validateObjects({ objects: bundle['objects'], containerIssues });
}

/**
 * Validates a TAXII 2.1 envelope (section 3.7): `more` a boolean, `next` a string,
 * `objects` a list of valid STIX objects.
 */
export function validateEnvelope(value: unknown): ContainerValidation {
  const envelope = asRecord(value);
  if (!envelope) {
    return {
      valid: false,
      containerIssues: [
        { code: 'container', path: '', message: 'an envelope must be a JSON object' },
      ],
      objects: [],
      validObjects: [],
    };
  }
  const containerIssues: StixIssue[] = [];
  if (envelope['more'] !== undefined && typeof envelope['more'] !== 'boolean') {
    containerIssues.push({
      code: 'container',
      path: '/more',
      message: 'more must be a boolean (TAXII 2.1 section 3.7)',
    });
  }
  if (envelope['next'] !== undefined && typeof envelope['next'] !== 'string') {
    containerIssues.push({
      code: 'container',
      path: '/next',
      message: 'next must be a string (TAXII 2.1 section 3.7)',
    });
  }
  return validateObjects({ objects: envelope['objects'], containerIssues });
}
