/**
 * STIX patterns for indicators (STIX 2.1 OASIS Standard, section 9 "STIX Patterning"):
 * comparison expressions `[object-type:property = 'value']` joined into observation
 * expressions. Section 9.3: string literals are in single quotes, with `\` and `'`
 * escaped by a backslash; object-path components that are not plain identifiers (hash
 * names such as `SHA-256`) are quoted in single quotes.
 */

/** One equality comparison of an observable property with a string or number. */
export interface PatternComparison {
  /** An observable type, e.g. `url`, `file`. */
  readonly objectType: string;
  /** The property path, one component per element, e.g. `['hashes', 'SHA-256']`. */
  readonly path: readonly string[];
  readonly value: string | number;
}

/** A string literal of the patterning language. */
export function patternString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function pathComponent(component: string): string {
  return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(component) ? component : patternString(component);
}

/** `object-type:path = value` (section 9.4 comparison expression). */
export function patternComparison(comparison: PatternComparison): string {
  const path = comparison.path.map(pathComponent).join('.');
  const value =
    typeof comparison.value === 'number'
      ? String(comparison.value)
      : patternString(comparison.value);
  return `${comparison.objectType}:${path} = ${value}`;
}

/**
 * A pattern matching any of `comparisons` within one observation, e.g.
 * `[url:value = 'https://a.example/' OR url:value = 'https://b.example/']`.
 */
export function anyOfPattern(comparisons: readonly PatternComparison[]): string {
  if (comparisons.length === 0) throw new RangeError('a pattern needs at least one comparison');
  return `[${comparisons.map(patternComparison).join(' OR ')}]`;
}
