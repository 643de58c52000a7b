/**
 * Compaction of the OASIS STIX 2.1 JSON schemas for embedding in the library: annotation
 * keywords (`description`, `title`, `$comment`, `examples`) are dropped, everything that
 * validates is kept. JSON Schema 2020-12, section 9 ("A Vocabulary for Basic Meta-Data
 * Annotations"): annotations do not affect validation, so the compact schema accepts
 * exactly what the original accepts.
 */

/** A JSON value as found in a schema file. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

const annotationKeywords = new Set(['description', 'title', '$comment', 'examples']);

/** Keywords whose value is a map from names to subschemas (the names are data, not keywords). */
const schemaMapKeywords = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependentSchemas',
]);

/** Keywords whose value is data (never descend into it). */
const dataKeywords = new Set(['enum', 'const', 'default', 'required']);

/** Returns the schema without annotation keywords. */
export function compactSchema(schema: JsonValue): JsonValue {
  return compactNode(schema, 'schema');
}

function compactNode(node: JsonValue, role: 'schema' | 'schema-map'): JsonValue {
  if (Array.isArray(node)) return node.map((item: JsonValue) => compactNode(item, 'schema'));
  if (node === null || typeof node !== 'object') return node;
  const result: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(node as JsonObject)) {
    if (role === 'schema-map') {
      result[key] = compactNode(value, 'schema');
    } else if (annotationKeywords.has(key) && typeof value === 'string') {
      continue;
    } else if (annotationKeywords.has(key) && key === 'examples') {
      continue;
    } else if (dataKeywords.has(key)) {
      result[key] = value;
    } else if (schemaMapKeywords.has(key)) {
      result[key] = compactNode(value, 'schema-map');
    } else {
      result[key] = compactNode(value, 'schema');
    }
  }
  return result;
}
