/**
 * The properties the specification defines for each object type, read from the OASIS
 * schemas (the type's own `properties` plus those of the common core it builds on). Every
 * other top-level property is a custom property (STIX 2.1 OASIS Standard, section 11.1).
 */
import type { JsonObject, JsonValue } from './compact-schema';
import { oasisSchemas } from './generated/oasis-schemas';
import { schemaKeyByType } from './schema-validator';

const coreKeys: Readonly<Record<string, string>> = {
  '../common/core.json': 'common/core.json',
  '../common/cyber-observable-core.json': 'common/cyber-observable-core.json',
};

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function collect(schema: JsonValue | undefined, into: Set<string>): void {
  if (!isObject(schema)) return;
  const properties = schema['properties'];
  if (isObject(properties)) for (const name of Object.keys(properties)) into.add(name);
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const key = coreKeys[ref];
    if (key) collect(oasisSchemas[key], into);
  }
  for (const keyword of ['allOf', 'oneOf', 'anyOf'] as const) {
    const branches = schema[keyword];
    if (Array.isArray(branches))
      for (const branch of branches as JsonValue[]) collect(branch, into);
  }
}

const cache = new Map<string, ReadonlySet<string>>();

/**
 * The properties defined for `type`; for a custom type, those of the common core of its
 * kind (`domain` objects: section 3.2; `observable` objects: section 6.1 common properties).
 */
export function definedProperties(
  type: string,
  kind: 'domain' | 'observable',
): ReadonlySet<string> {
  const key =
    schemaKeyByType.get(type) ??
    (kind === 'observable' ? 'common/cyber-observable-core.json' : 'common/core.json');
  const cached = cache.get(key);
  if (cached) return cached;
  const names = new Set<string>();
  collect(oasisSchemas[key], names);
  cache.set(key, names);
  return names;
}
