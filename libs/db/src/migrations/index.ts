import type { Migration } from 'kysely';
import * as foundation from './0001-foundation';
import * as sharing from './0002-sharing';

/**
 * Every migration, in order. Names sort lexically; never rename or edit one that has
 * shipped — add a new one.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-foundation': foundation,
  '0002-sharing': sharing,
};
