import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { runStatements } from './run-statements';

/**
 * The sharing hub's search by word forms and without accents (docs/share.md, "Search").
 *
 * - `unaccent` (a trusted contrib extension of PostgreSQL, shipped by Debian's and the
 *   official packages; PGlite registers it in database.ts) and `vigil_unaccent`, an
 *   immutable wrapper naming the dictionary, so that stored columns and indexes may use it.
 * - Two text search configurations, `vigil_en` and `vigil_fr`: the `english` and `french`
 *   ones with `unaccent` before a Snowball stemmer of the language *without a stop-word
 *   list* (so every word of letters has a stem, and "the" or "de" are words like others).
 * - Three stored generated columns of `stix_objects`, written by PostgreSQL itself on every
 *   insert (and filled for every existing row by this migration's table rewrite):
 *   `search_name` and `search_description` (the name and the description without accents,
 *   in lower case: a plain LIKE over them is three times cheaper than ILIKE, which matters
 *   when a common word makes the ranking score every object of a collection) and
 *   `search_vector` (the English and the French stems of the words of both).
 * - GIN indexes: trigrams over `search_name || ' ' || search_description` (substring
 *   matches without accents; it replaces 0009's index over the accented text, which no query
 *   uses any longer) and the stems (`@@`).
 *
 * The unaccent extension's schema is looked up rather than assumed (`create extension if not
 * exists` keeps an existing installation wherever it is).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists unaccent`.execute(db);
  const found = await sql<{ nspname: string }>`
    select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent'`.execute(db);
  const schema = found.rows[0]?.nspname;
  if (schema === undefined) throw new Error('the unaccent extension is not installed');
  const quoted = `"${schema.replaceAll('"', '""')}"`;
  await runStatements(
    db,
    `
    create function vigil_unaccent(value text) returns text language sql immutable strict parallel safe
      return ${quoted}.unaccent('${quoted.replaceAll("'", "''")}.unaccent'::regdictionary, value);
    create text search dictionary vigil_english_stem (template = snowball, language = english);
    create text search dictionary vigil_french_stem (template = snowball, language = french);
    create text search configuration vigil_en (copy = english);
    alter text search configuration vigil_en alter mapping for asciiword, word, asciihword, hword, hword_asciipart, hword_part with ${quoted}.unaccent, vigil_english_stem;
    alter text search configuration vigil_en alter mapping for numword, numhword, hword_numpart with ${quoted}.unaccent, simple;
    create text search configuration vigil_fr (copy = french);
    alter text search configuration vigil_fr alter mapping for asciiword, word, asciihword, hword, hword_asciipart, hword_part with ${quoted}.unaccent, vigil_french_stem;
    alter text search configuration vigil_fr alter mapping for numword, numhword, hword_numpart with ${quoted}.unaccent, simple;
    alter table stix_objects
      add column search_name text generated always as (lower(vigil_unaccent(coalesce(object->>'name', '')))) stored,
      add column search_description text generated always as (lower(vigil_unaccent(coalesce(object->>'description', '')))) stored,
      add column search_vector tsvector generated always as (
        to_tsvector('vigil_en'::regconfig, coalesce(object->>'name', '') || ' ' || coalesce(object->>'description', ''))
        || to_tsvector('vigil_fr'::regconfig, coalesce(object->>'name', '') || ' ' || coalesce(object->>'description', ''))
      ) stored;
    drop index if exists stix_objects_text_trgm;
    create index stix_objects_search_trgm on stix_objects using gin ((search_name || ' ' || search_description) gin_trgm_ops);
    create index stix_objects_search_vector on stix_objects using gin (search_vector);
    alter table stix_objects alter column search_name set statistics 0;
    alter table stix_objects alter column search_description set statistics 0;
    analyze stix_objects;
    `,
  );
}
