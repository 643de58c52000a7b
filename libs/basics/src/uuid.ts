const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `value` has the form of a UUID (any version, either case): what PostgreSQL's `uuid`
 * type accepts in its canonical form, so a lookup by id can tell an id from a name, a key or a
 * reference before asking the database (which would refuse a malformed uuid with an error).
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
