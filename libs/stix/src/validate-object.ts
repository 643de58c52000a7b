/**
 * Validation of STIX 2.1 objects: first the OASIS JSON schema of the object's own type
 * (schema-validator.ts), then the specification's MUST rules the schemas leave out
 * (spec-rules.ts). Every failure is reported, each with a stable code and a JSON Pointer.
 */
import { schemaIssues, type StixObjectKind } from './schema-validator';
import { specRules } from './spec-rules';
import { pointer, type StixIssue } from './stix-issue';
import type { StixObject } from './stix-object';
import { observableObjectTypes, categoryOf } from './stix-types';

/** The outcome of validating one object. */
export interface ObjectValidation {
  readonly valid: boolean;
  /** The object's `id` when it has a string one (even if the object is invalid). */
  readonly id?: string;
  /** The object's `type` when it has a string one. */
  readonly type?: string;
  readonly issues: readonly StixIssue[];
}

/** Options for validating an object on its own (not inside a bundle). */
export interface ValidateObjectOptions {
  /** JSON Pointer prefix for the issues' paths; default `''` (the object is the document). */
  readonly path?: string;
  /** Extension definitions known to the caller: id → declared `extension_types`. */
  readonly extensionTypes?: ReadonlyMap<string, readonly string[]>;
}

/**
 * How a custom object is checked (section 11.2 and 7.3): by the `new-sco` or `new-sdo`/`new-sro`
 * extension it declares, otherwise as a domain object when it has `created` (observables
 * have no `created`).
 */
function kindOf(type: string, object: Readonly<Record<string, unknown>>): StixObjectKind {
  if (observableObjectTypes.has(type)) return 'observable';
  if (categoryOf(type) !== 'custom') return 'domain';
  const extensions = object['extensions'];
  if (typeof extensions === 'object' && extensions !== null) {
    for (const extension of Object.values(extensions as Record<string, unknown>)) {
      const extensionType = (extension as Record<string, unknown> | null)?.['extension_type'];
      if (extensionType === 'new-sco') return 'observable';
      if (extensionType === 'new-sdo' || extensionType === 'new-sro') return 'domain';
    }
  }
  return 'created' in object ? 'domain' : 'observable';
}

/** Removes repeated reports of one failure (schemas reach some properties by two routes). */
function distinct(issues: readonly StixIssue[]): StixIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.code}\u0000${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Validates one STIX 2.1 object (a domain, relationship, observable, meta or custom object).
 * `valid` is true only when there is no issue.
 */
export function validateObject(
  value: unknown,
  options: ValidateObjectOptions = {},
): ObjectValidation {
  const path = options.path ?? '';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      valid: false,
      issues: [{ code: 'not-an-object', path, message: 'a STIX object must be a JSON object' }],
    };
  }
  const object = value as Readonly<Record<string, unknown>>;
  const type = typeof object['type'] === 'string' ? object['type'] : undefined;
  const id = typeof object['id'] === 'string' ? object['id'] : undefined;
  const identity = { ...(id === undefined ? {} : { id }), ...(type === undefined ? {} : { type }) };
  if (type === undefined) {
    return {
      valid: false,
      ...identity,
      issues: [
        {
          code: 'schema',
          path: pointer(path, 'type'),
          message: 'required property is missing or not a string',
        },
      ],
    };
  }
  const kind = kindOf(type, object);
  const context = {
    object,
    type,
    kind,
    path,
    extensionTypes: options.extensionTypes ?? new Map<string, readonly string[]>(),
  };
  const issues = distinct([
    ...schemaIssues({ object, type, kind, basePath: path }),
    ...specRules.flatMap((rule) => rule(context)),
  ]);
  return { valid: issues.length === 0, ...identity, issues };
}

/** Whether `value` is a valid STIX 2.1 object; narrows it to `StixObject`. */
export function isValidStixObject(value: unknown): value is StixObject {
  return validateObject(value).valid;
}
