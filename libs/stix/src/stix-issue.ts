/**
 * One failure found by the validator: a stable machine code, the JSON Pointer (RFC 6901)
 * of the offending value from the root of the validated document, and a message for people.
 */
export interface StixIssue {
  readonly code: StixIssueCode;
  /** JSON Pointer from the validated document's root, e.g. `/objects/3/created_by_ref`. */
  readonly path: string;
  readonly message: string;
}

/**
 * Stable codes of validation failures. `schema` covers every OASIS JSON schema failure (the
 * message carries the keyword); the others are the specification's MUST rules the schemas
 * do not express. Callers (TAXII status resources, the CLI, the web) may rely on them.
 */
export type StixIssueCode =
  | 'not-an-object'
  | 'schema'
  | 'id-type-mismatch'
  | 'spec-version'
  | 'invalid-timestamp'
  | 'timestamp-order'
  | 'reference-format'
  | 'reference-type'
  | 'custom-property-name'
  | 'custom-object-type'
  | 'extension-key'
  | 'extension-type'
  | 'extension-definition'
  | 'granular-marking-selector'
  | 'pattern-syntax'
  | 'disarm-unknown'
  | 'container';

/** Appends property names or array indexes to a JSON Pointer (RFC 6901, section 3 escaping). */
export function pointer(base: string, ...segments: readonly (string | number)[]): string {
  let path = base;
  for (const segment of segments) {
    path += `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`;
  }
  return path;
}
