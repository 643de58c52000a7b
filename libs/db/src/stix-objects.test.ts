/**
 * The sharing hub's text search on every test engine: every word of the query must appear,
 * case-insensitively and anywhere, in the chosen version's name or description. A property
 * test holds the SQL (served by the trigram index of migration 0009-share-search) to an
 * oracle written from that sentence; EXPLAIN shows the planner can use the index.
 */
import type { VigilDatabase } from '@vigil/db';
import { createTestDatabase, testEngines } from '@vigil/test-utils';
import fc from 'fast-check';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSharingCollection, createSharingCommunity } from './sharing';
import { addStixObjects, queryStixObjects, textSearchCondition } from './stix-objects';

const system = { kind: 'system', id: 'test', label: 'test' } as const;
const now = new Date('2027-02-20T10:00:00.000Z');
const LATEST = { kind: 'some', first: false, last: true, at: [] } as const;

interface Texts {
  readonly name: string | undefined;
  readonly description: string | undefined;
}

/** The documented semantics: every whitespace-separated word appears in the name or in the description. */
function oracle(texts: Texts, query: string): boolean {
  const words = query.split(/\s+/).filter((word) => word !== '');
  const name = (texts.name ?? '').toLowerCase();
  const description = (texts.description ?? '').toLowerCase();
  return words.every((word) => name.includes(word.toLowerCase()) || description.includes(word.toLowerCase()));
}

// ASCII letters in both cases, accented lower-case letters, the LIKE metacharacters and spaces:
// case folding beyond ASCII depends on the database's collation, so accents stay in one case.
const character = fc.constantFrom(...'abcdeABCDE é%_\\-'.split(''));
const text = fc.option(fc.array(character, { maxLength: 12 }).map((chars) => chars.join('')), { nil: undefined });

describe.each(testEngines())('%s', (engine) => {
  let database: VigilDatabase;
  let collectionId = '';

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const context = { actor: system, now };
    const community = await createSharingCommunity(database.db, context, { name: 'Search', description: '', organisationIds: [] });
    const collection = await createSharingCollection(database.db, context, { communityId: community.id, title: 'Search', description: '', publicRead: false, defaultTlp: 'green', rights: [] });
    collectionId = collection.id;
  }, 120_000);

  afterAll(async () => {
    await database.close();
  });

  async function store(items: readonly Texts[]): Promise<string[]> {
    const objects = items.map((texts, index) => {
      const id = `indicator--${randomUUID()}`;
      const version = new Date(now.getTime() + index).toISOString();
      const object = { id, type: 'indicator', ...(texts.name === undefined ? {} : { name: texts.name }), ...(texts.description === undefined ? {} : { description: texts.description }) };
      return { object, specVersion: '2.1', version, tlp: 'green' as const, producerOrganisationId: null, recipientOrganisationIds: [] };
    });
    await addStixObjects(database.db, { actor: system, now }, { collectionId, objects, failures: [], requestedBy: null });
    return objects.map((item) => item.object.id);
  }

  async function search(ids: readonly string[], query: string): Promise<string[]> {
    const page = await queryStixObjects(database.db, { collectionId, scope: { kind: 'everything' }, ids, versions: LATEST, text: query, limit: 1000, withObjects: false });
    return page.objects.map((object) => object.stixId);
  }

  test('known answers: words anywhere, in either field, in any case; LIKE metacharacters are literal', async () => {
    const [phishing, rumour, percent, french] = await store([
      { name: 'Phishing domain', description: 'Imitates the election authority login page.' },
      { name: 'Polling station rumours', description: undefined },
      { name: 'Turnout 100% fake', description: 'under_score' },
      { name: 'Désinformation électorale', description: 'Fausses consignes de vote' },
    ]);
    const ids = [phishing, rumour, percent, french].filter((id): id is string => id !== undefined);
    expect(await search(ids, 'PHISH login')).toEqual([phishing]);
    expect(await search(ids, 'station')).toEqual([rumour]);
    expect(await search(ids, 'station login')).toEqual([]);
    expect(await search(ids, '100%')).toEqual([percent]);
    expect(await search(ids, '0%f')).toEqual([]);
    expect(await search(ids, 'under_score')).toEqual([percent]);
    expect(await search(ids, 'under%score')).toEqual([]);
    expect(await search(ids, 'électorale consignes')).toEqual([french]);
    // The name and the description are searched apart: no match across their junction.
    expect(await search(ids, 'rumoursImitates')).toEqual([]);
    expect(await search(ids, 'fake under')).toEqual([percent]);
  });

  test('property: the search returns exactly the objects whose name or description hold every word', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ name: text, description: text }), { minLength: 1, maxLength: 12 }), fc.array(character, { maxLength: 6 }).map((chars) => chars.join('')), async (items, query) => {
        const ids = await store(items);
        const expected = ids.filter((_, index) => oracle(items[index] ?? { name: undefined, description: undefined }, query));
        expect((await search(ids, query)).sort()).toEqual(expected.sort());
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  test('a bulk add refreshes the statistics of the searched expression (the planner needs them to skip the index for common words), not of the JSON', async () => {
    await store(Array.from({ length: 300 }, (_, index) => ({ name: `Bulk ${index}`, description: 'Common words in every object' })));
    const stats = await sql<{ tablename: string; attname: string }>`select tablename, attname from pg_stats where tablename in ('stix_objects', 'stix_objects_text_trgm')`.execute(database.db);
    expect(stats.rows.some((row) => row.tablename === 'stix_objects_text_trgm')).toBe(true);
    expect(stats.rows.some((row) => row.tablename === 'stix_objects' && row.attname === 'collection_id')).toBe(true);
    expect(stats.rows.some((row) => row.tablename === 'stix_objects' && row.attname === 'object')).toBe(false);
  });

  test('the planner can serve a search with the trigram index (the condition the query uses has its expression)', async () => {
    await sql`analyze stix_objects`.execute(database.db);
    const plan = await database.db.transaction().execute(async (trx) => {
      // Tiny tables are scanned whatever the indexes: forbid that to see whether the index fits.
      await sql`set local enable_seqscan = off`.execute(trx);
      const result = await sql<{ 'QUERY PLAN': string }>`explain select o.seq from stix_objects o where ${textSearchCondition('phishing')}`.execute(trx);
      return result.rows.map((row) => Object.values(row).join(' ')).join('\n');
    });
    expect(plan).toContain('stix_objects_text_trgm');
  });
});
