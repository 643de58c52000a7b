/**
 * The MUST rules of the STIX 2.1 OASIS Standard (10 June 2021) that the OASIS JSON schemas do
 * not express. Each rule names its section:
 *
 * - 2.9 Identifier: `type--UUID`, the prefix being exactly the object's type.
 * - 2.15 Timestamp: RFC 3339 in UTC; the schemas check the form, not the calendar.
 * - 3.1 Property names and 11.1 Custom Properties: ASCII a–z, 0–9, `_`, 3 to 250 characters.
 * - 3.2 Common Properties: `spec_version` is `2.1` for objects of this version; `modified` is
 *   later than or equal to `created`.
 * - 3.2, 4.x, 5.x, 6.x: `*_ref` / `*_refs` hold identifiers of the allowed types
 *   (see reference-types.ts).
 * - Ordered time windows: 4.2 campaign, 4.8 infrastructure, 4.9 intrusion-set, 4.11 malware,
 *   4.17 threat-actor (`last_seen` ≥ `first_seen`), 4.7 indicator (`valid_until` > `valid_from`),
 *   4.14 observed-data (`last_observed` ≥ `first_observed`), 5.1 relationship (`stop_time` >
 *   `start_time`), 5.2 sighting (`last_seen` ≥ `first_seen`), 6.12 network-traffic (`end` ≥ `start`).
 * - 4.7 Indicator: a pattern of `pattern_type` `stix` is in the STIX patterning language
 *   (section 9; check-stix-pattern.ts).
 * - 7.2.3 Granular markings: every selector selects a property or list item of the object.
 * - 7.3 Extension Definition: `created_by_ref` is required; an extension's `extension_type`
 *   agrees with the object it is used on (`new-sdo`/`new-sro`/`new-sco` only on custom objects
 *   of that kind) and with the extension definition when the same bundle carries it.
 * - 11.2 Custom Objects: type names of ASCII a–z, 0–9 and `-`, 3 to 250 characters.
 *
 * And one rule of ours: an attack-pattern (4.1) or course-of-action (4.3) whose external
 * reference (2.5) points into DISARM names a technique or countermeasure that exists
 * (disarm-catalogue.ts).
 */
import { checkStixPattern } from './check-stix-pattern';
import { definedProperties } from './defined-properties';
import { disarmCountermeasure, disarmTechnique, isDisarmReference } from './disarm-catalogue';
import { allowedReferenceTargets, referenceAllowed } from './reference-types';
import type { StixObjectKind } from './schema-validator';
import { pointer, type StixIssue } from './stix-issue';
import { categoryOf } from './stix-types';
import { compareTimestamps, parseTimestamp } from './timestamp';

/** What the rules know about the object under validation. */
export interface RuleContext {
  readonly object: Readonly<Record<string, unknown>>;
  readonly type: string;
  readonly kind: StixObjectKind;
  /** JSON Pointer of the object in the validated document. */
  readonly path: string;
  /** Extension definitions carried by the same bundle: id → declared extension types. */
  readonly extensionTypes: ReadonlyMap<string, readonly string[]>;
}

const identifierPattern =
  /^([a-z][a-z0-9-]+[a-z0-9])--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

/** The type part of an identifier, or `undefined` when `value` is not an identifier. */
export function identifierType(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return identifierPattern.exec(value)?.[1];
}

/** Properties whose values are timestamps, over all types of sections 3 to 7. */
const timestampProperties = new Set([
  'created',
  'modified',
  'first_seen',
  'last_seen',
  'valid_from',
  'valid_until',
  'published',
  'start_time',
  'stop_time',
  'first_observed',
  'last_observed',
  'analysis_started',
  'analysis_ended',
  'submitted',
  'object_modified',
  'ctime',
  'mtime',
  'atime',
  'date',
  'start',
  'end',
  'created_time',
  'modified_time',
  'account_created',
  'account_expires',
  'credential_last_changed',
  'account_first_login',
  'account_last_login',
  'validity_not_before',
  'validity_not_after',
]);

interface TimeWindow {
  readonly earlier: string;
  readonly later: string;
  /** `true` when the later bound must be strictly later. */
  readonly strict: boolean;
}

const lastSeen: TimeWindow = { earlier: 'first_seen', later: 'last_seen', strict: false };

const timeWindowsByType: Readonly<Record<string, readonly TimeWindow[]>> = {
  campaign: [lastSeen],
  infrastructure: [lastSeen],
  'intrusion-set': [lastSeen],
  malware: [lastSeen],
  'threat-actor': [lastSeen],
  sighting: [lastSeen],
  indicator: [{ earlier: 'valid_from', later: 'valid_until', strict: true }],
  'observed-data': [{ earlier: 'first_observed', later: 'last_observed', strict: false }],
  relationship: [{ earlier: 'start_time', later: 'stop_time', strict: true }],
  'network-traffic': [{ earlier: 'start', later: 'end', strict: false }],
};

const createdModified: TimeWindow = { earlier: 'created', later: 'modified', strict: false };

function idRule(context: RuleContext): StixIssue[] {
  const id = context.object['id'];
  if (typeof id !== 'string') return [];
  const prefix = id.split('--')[0];
  return prefix === context.type
    ? []
    : [
        {
          code: 'id-type-mismatch',
          path: pointer(context.path, 'id'),
          message: `id must start with "${context.type}--" (section 2.9)`,
        },
      ];
}

function specVersionRule(context: RuleContext): StixIssue[] {
  const version = context.object['spec_version'];
  const required = context.kind === 'domain';
  if (version === '2.1' || (version === undefined && !required)) return [];
  return [
    {
      code: 'spec-version',
      path: pointer(context.path, 'spec_version'),
      message:
        version === undefined
          ? 'spec_version is required and must be "2.1" (section 3.2)'
          : `spec_version must be "2.1", not ${JSON.stringify(version)} (section 3.2)`,
    },
  ];
}

/** The timestamps every object type shares (section 3.2); a custom type's other properties are its own. */
const commonTimestampProperties = new Set(['created', 'modified']);

function timestampRule(context: RuleContext): StixIssue[] {
  const issues: StixIssue[] = [];
  const names =
    categoryOf(context.type) === 'custom' ? commonTimestampProperties : timestampProperties;
  for (const [name, value] of Object.entries(context.object)) {
    if (!names.has(name) || typeof value !== 'string') continue;
    if (parseTimestamp(value) === undefined) {
      issues.push({
        code: 'invalid-timestamp',
        path: pointer(context.path, name),
        message: `${JSON.stringify(value)} is not an RFC 3339 UTC timestamp on a real date (section 2.15)`,
      });
    }
  }
  return issues;
}

function timeWindowRule(context: RuleContext): StixIssue[] {
  const windows = [createdModified, ...(timeWindowsByType[context.type] ?? [])];
  const issues: StixIssue[] = [];
  for (const window of windows) {
    const earlierText = context.object[window.earlier];
    const laterText = context.object[window.later];
    if (typeof earlierText !== 'string' || typeof laterText !== 'string') continue;
    const earlier = parseTimestamp(earlierText);
    const later = parseTimestamp(laterText);
    if (!earlier || !later) continue;
    const order = compareTimestamps(earlier, later);
    if (order > 0 || (window.strict && order === 0)) {
      issues.push({
        code: 'timestamp-order',
        path: pointer(context.path, window.later),
        message: `${window.later} must be ${window.strict ? 'later than' : 'later than or equal to'} ${window.earlier}`,
      });
    }
  }
  return issues;
}

/** The problem with one reference value, if any (its path is built only when there is one). */
function referenceProblem(input: {
  readonly type: string;
  readonly property: string;
  readonly value: unknown;
}): Omit<StixIssue, 'path'> | undefined {
  const targetType = identifierType(input.value);
  if (targetType === undefined) {
    return {
      code: 'reference-format',
      message: `${input.property} must hold STIX identifiers (type--UUID, section 2.9)`,
    };
  }
  const allowed = allowedReferenceTargets(input.type, input.property);
  if (allowed === undefined || referenceAllowed(targetType, allowed)) return undefined;
  return {
    code: 'reference-type',
    message: `${input.property} may not point to a ${targetType}; allowed: ${allowed.join(', ')}`,
  };
}

/** A path inside the object, as a linked list so that descending costs nothing. */
interface PathNode {
  readonly parent: PathNode | undefined;
  readonly segment: string | number;
}

function segmentsOf(node: PathNode | undefined): (string | number)[] {
  const segments: (string | number)[] = [];
  for (let at = node; at !== undefined; at = at.parent) segments.push(at.segment);
  return segments.reverse();
}

/** Walks the object (extensions and nested structures included) for `*_ref` and `*_refs`. */
function referenceRule(context: RuleContext): StixIssue[] {
  const issues: StixIssue[] = [];
  const report = (problem: Omit<StixIssue, 'path'> | undefined, node: PathNode): void => {
    if (problem) issues.push({ ...problem, path: pointer(context.path, ...segmentsOf(node)) });
  };
  // An explicit stack, not recursion: a hostile document may nest deeper than the call stack.
  const pending: [unknown, PathNode | undefined][] = [[context.object, undefined]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, parent] = next;
    if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => pending.push([item, { parent, segment: index }]));
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    for (const [property, item] of Object.entries(value as Record<string, unknown>)) {
      const node: PathNode = { parent, segment: property };
      if (property.endsWith('_ref')) {
        report(referenceProblem({ type: context.type, property, value: item }), node);
      } else if (property.endsWith('_refs')) {
        if (!Array.isArray(item)) {
          report(
            {
              code: 'reference-format',
              message: `${property} must be a list of STIX identifiers (section 2.9)`,
            },
            node,
          );
          continue;
        }
        item.forEach((ref: unknown, index) => {
          report(referenceProblem({ type: context.type, property, value: ref }), {
            parent: node,
            segment: index,
          });
        });
      } else if (typeof item === 'object' && item !== null) {
        pending.push([item, node]);
      }
    }
  }
  return issues;
}

const propertyName = /^[a-z0-9_]{3,250}$/;

function customPropertyRule(context: RuleContext): StixIssue[] {
  const defined = definedProperties(context.type, context.kind);
  return Object.keys(context.object)
    .filter((name) => !defined.has(name) && !propertyName.test(name))
    .map((name) => ({
      code: 'custom-property-name' as const,
      path: pointer(context.path, name),
      message:
        'custom property names must be 3 to 250 characters of a–z, 0–9 and _ (sections 3.1, 11.1)',
    }));
}

const typeName = /^[a-z0-9-]{3,250}$/;

function customObjectRule(context: RuleContext): StixIssue[] {
  if (categoryOf(context.type) !== 'custom' || typeName.test(context.type)) return [];
  return [
    {
      code: 'custom-object-type',
      path: pointer(context.path, 'type'),
      message:
        'custom object types must be 3 to 250 characters of a–z, 0–9 and - (sections 3.1, 11.2)',
    },
  ];
}

const newObjectKinds: Readonly<Record<string, StixObjectKind>> = {
  'new-sdo': 'domain',
  'new-sro': 'domain',
  'new-sco': 'observable',
};

function extensionRule(context: RuleContext): StixIssue[] {
  const extensions = context.object['extensions'];
  if (typeof extensions !== 'object' || extensions === null || Array.isArray(extensions)) return [];
  const issues: StixIssue[] = [];
  for (const [key, extension] of Object.entries(extensions as Record<string, unknown>)) {
    if (!key.startsWith('extension-definition--')) continue;
    const extensionType = (extension as Record<string, unknown> | null)?.['extension_type'];
    if (typeof extensionType !== 'string') continue;
    const path = pointer(context.path, 'extensions', key, 'extension_type');
    const newKind = newObjectKinds[extensionType];
    if (newKind !== undefined && categoryOf(context.type) !== 'custom') {
      issues.push({
        code: 'extension-type',
        path,
        message: `${extensionType} extensions define new object types; ${context.type} is defined by the specification (section 7.3)`,
      });
    } else if (newKind !== undefined && newKind !== context.kind) {
      issues.push({
        code: 'extension-type',
        path,
        message: `${extensionType} does not match an object with${context.kind === 'domain' ? '' : 'out'} created/modified (section 7.3)`,
      });
    }
    const declared = context.extensionTypes.get(key);
    if (declared !== undefined && !declared.includes(extensionType)) {
      issues.push({
        code: 'extension-type',
        path,
        message: `the extension definition ${key} declares ${declared.join(', ')}, not ${extensionType} (section 7.3)`,
      });
    }
  }
  return issues;
}

function extensionDefinitionRule(context: RuleContext): StixIssue[] {
  if (context.type !== 'extension-definition' || context.object['created_by_ref'] !== undefined) {
    return [];
  }
  return [
    {
      code: 'extension-definition',
      path: pointer(context.path, 'created_by_ref'),
      message: 'an extension definition must name its creator in created_by_ref (section 7.3)',
    },
  ];
}

/** Whether a granular-marking selector (section 7.2.3.1) selects something in `object`. */
export function selectorResolves(object: unknown, selector: string): boolean {
  let current: unknown = object;
  for (const step of selector.split('.')) {
    const index = /^\[(\d+)\]$/.exec(step);
    if (index) {
      if (!Array.isArray(current)) return false;
      current = current[Number(index[1])];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) return false;
      if (!Object.hasOwn(current, step)) return false;
      current = (current as Record<string, unknown>)[step];
    }
    if (current === undefined) return false;
  }
  return true;
}

function granularMarkingRule(context: RuleContext): StixIssue[] {
  const markings = context.object['granular_markings'];
  if (!Array.isArray(markings)) return [];
  const issues: StixIssue[] = [];
  markings.forEach((marking: unknown, markingIndex) => {
    const selectors = (marking as Record<string, unknown> | null)?.['selectors'];
    if (!Array.isArray(selectors)) return;
    selectors.forEach((selector: unknown, selectorIndex) => {
      if (typeof selector === 'string' && !selectorResolves(context.object, selector)) {
        issues.push({
          code: 'granular-marking-selector',
          path: pointer(
            context.path,
            'granular_markings',
            markingIndex,
            'selectors',
            selectorIndex,
          ),
          message: `selector "${selector}" selects nothing in this object (section 7.2.3.1)`,
        });
      }
    });
  });
  return issues;
}

const disarmLookups: Readonly<
  Record<string, { readonly what: string; readonly exists: (id: string) => boolean }>
> = {
  'attack-pattern': { what: 'technique', exists: (id) => disarmTechnique(id) !== undefined },
  'course-of-action': {
    what: 'countermeasure',
    exists: (id) => disarmCountermeasure(id) !== undefined,
  },
};

function disarmRule(context: RuleContext): StixIssue[] {
  const lookup = disarmLookups[context.type];
  const references = context.object['external_references'];
  if (lookup === undefined || !Array.isArray(references)) return [];
  const issues: StixIssue[] = [];
  references.forEach((reference: unknown, index) => {
    if (!isDisarmReference(reference)) return;
    const id = (reference as { external_id?: unknown }).external_id;
    if (typeof id === 'string' && lookup.exists(id)) return;
    issues.push({
      code: 'disarm-unknown',
      path: pointer(context.path, 'external_references', index, 'external_id'),
      message: `${JSON.stringify(id ?? null)} is not a DISARM ${lookup.what}`,
    });
  });
  return issues;
}

function indicatorPatternRule(context: RuleContext): StixIssue[] {
  const pattern = context.object['pattern'];
  if (
    context.type !== 'indicator' ||
    context.object['pattern_type'] !== 'stix' ||
    typeof pattern !== 'string'
  ) {
    return [];
  }
  const checked = checkStixPattern(pattern);
  if (checked.ok) return [];
  return [
    {
      code: 'pattern-syntax',
      path: pointer(context.path, 'pattern'),
      message: `not a STIX pattern at character ${checked.error.offset + 1}: ${checked.error.message} (section 9)`,
    },
  ];
}

/** A rule: returns the issues it finds in one object. */
export type SpecRule = (context: RuleContext) => StixIssue[];

/** Every specification rule beyond the schemas, in reporting order. */
export const specRules: readonly SpecRule[] = [
  idRule,
  specVersionRule,
  timestampRule,
  timeWindowRule,
  referenceRule,
  customPropertyRule,
  customObjectRule,
  extensionRule,
  extensionDefinitionRule,
  granularMarkingRule,
  indicatorPatternRule,
  disarmRule,
];
