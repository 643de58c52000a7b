/**
 * The sharing hub's text search on every test engine, held to the rule of docs/share.md
 * ("Search", `searchWords` in stix-objects.ts): every word of the query must match the chosen
 * version's name or description, a word matching when, without accents and case, it appears
 * in either, or when (letters only) its English or French stem is a stem of their words; best
 * matches first (2 a word in the name, 1 in the description), then newest first.
 *
 * Known answers come from the Snowball stemmers' published algorithms as PostgreSQL ships
 * them (english: election → elect, voting → vote; french: élection → elect, électorale and
 * électoraux → electoral, ingérence → ingerent) and from unaccent.rules (é → e, œ → oe). The
 * property test's oracle implements the rule in TypeScript (its own accent table, its own
 * tokeniser, its own score and order) and asks the database only for the stem of one word
 * (`ts_lexize` of the Snowball dictionaries), not for any part of the query under test.
 */
import type { VigilDatabase } from '@vigil/db';
import { createTestDatabase, testEngines } from '@vigil/test-utils';
import fc from 'fast-check';
import type { Kysely, Migration } from 'kysely';
import { Migrator, sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrateToLatest } from './database';
import { migrations } from './migrations';
import type { Database } from './schema';
import { createSharingCollection, createSharingCommunity } from './sharing';
import type { StixCursor } from './stix-objects';
import { addStixObjects, queryStixObjects, textSearchCondition } from './stix-objects';

const system = { kind: 'system', id: 'test', label: 'test' } as const;
const now = new Date('2027-02-20T10:00:00.000Z');
const LATEST = { kind: 'some', first: false, last: true, at: [] } as const;

interface Texts {
  readonly name: string | undefined;
  readonly description: string | undefined;
}

// The oracle's own accent table: every accented character the generators below produce.
const ACCENTS: Readonly<Record<string, string>> = { é: 'e', É: 'E', è: 'e', ê: 'e', ç: 'c', à: 'a', œ: 'oe', Œ: 'OE' };
const plain = (text: string) => [...text].map((char) => ACCENTS[char] ?? char).join('');
const folded = (text: string) => plain(text).toLowerCase();
/** The words the database's parser sees in the generated texts: runs of letters. */
const tokens = (text: string) => plain(text).split(/[^\p{L}]+/u).filter((token) => token !== '');
const letters = (word: string) => /^\p{L}+$/u.test(word);

async function createSearchCollection(db: Kysely<Database>): Promise<string> {
  const context = { actor: system, now };
  const community = await createSharingCommunity(db, context, { name: `Search ${randomUUID()}`, description: '', organisationIds: [] });
  const collection = await createSharingCollection(db, context, { communityId: community.id, title: 'Search', description: '', publicRead: false, defaultTlp: 'green', rights: [] });
  return collection.id;
}

async function storeTexts(db: Kysely<Database>, collectionId: string, items: readonly Texts[]): Promise<string[]> {
  const objects = items.map((texts, index) => {
    const id = `indicator--${randomUUID()}`;
    const version = new Date(now.getTime() + index).toISOString();
    const object = { id, type: 'indicator', ...(texts.name === undefined ? {} : { name: texts.name }), ...(texts.description === undefined ? {} : { description: texts.description }) };
    return { object, specVersion: '2.1', version, tlp: 'green' as const, producerOrganisationId: null, recipientOrganisationIds: [] };
  });
  await addStixObjects(db, { actor: system, now }, { collectionId, objects, failures: [], requestedBy: null });
  return objects.map((item) => item.object.id);
}

describe.each(testEngines())('%s', (engine) => {
  let database: VigilDatabase;
  let collectionId = '';
  const stems = new Map<string, readonly string[]>();

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    collectionId = await createSearchCollection(database.db);
  }, 120_000);

  afterAll(async () => {
    await database.close();
  });

  const store = (items: readonly Texts[]) => storeTexts(database.db, collectionId, items);

  async function search(ids: readonly string[], query: string, limit = 1000, after?: StixCursor): Promise<{ ids: string[]; scores: number[]; last: StixCursor | undefined; more: boolean }> {
    const page = await queryStixObjects(database.db, { collectionId, scope: { kind: 'everything' }, ids, versions: LATEST, text: query, limit, after, order: 'desc', withObjects: false });
    const last = page.objects.at(-1);
    return {
      ids: page.objects.map((object) => object.stixId),
      scores: page.objects.map((object) => object.score),
      last: last && { dateAdded: last.dateAdded, seq: last.seq, score: last.score },
      more: page.more,
    };
  }

  /** The English and French stems of a word, from the database's Snowball dictionaries (cached). */
  async function stemsOf(word: string): Promise<readonly string[]> {
    const key = word.toLowerCase();
    const cached = stems.get(key);
    if (cached) return cached;
    const result = await sql<{ en: string[] | null; fr: string[] | null }>`
      select ts_lexize('vigil_english_stem', ${key}) as en, ts_lexize('vigil_french_stem', ${key}) as fr`.execute(database.db);
    const row = result.rows[0];
    const found = [...(row?.en ?? []), ...(row?.fr ?? [])];
    stems.set(key, found);
    return found;
  }

  /** The documented rule, as a score per object (undefined: no match). */
  async function oracle(texts: Texts, query: string): Promise<number | undefined> {
    const words = query.split(/\s+/).filter((word) => word !== '');
    const name = folded(texts.name ?? '');
    const description = folded(texts.description ?? '');
    const documentStems = new Set<string>();
    for (const token of [...tokens(texts.name ?? ''), ...tokens(texts.description ?? '')]) for (const stem of await stemsOf(token)) documentStems.add(stem);
    let score = 0;
    for (const word of words) {
      const needle = folded(word);
      const inName = name.includes(needle);
      const inDescription = description.includes(needle);
      const byStem = letters(word) && (await stemsOf(plain(word))).some((stem) => documentStems.has(stem));
      if (!inName && !inDescription && !byStem) return undefined;
      score += (inName ? 2 : 0) + (inDescription ? 1 : 0);
    }
    return score;
  }

  test('known answers: accents and case ignored, word forms in English and French, the best matches first', async () => {
    const [titled, described, plural, capitals, adjective, adjectivePlural, english, ingerence, unaccented, electronic, vote] = await store([
      { name: 'Élection présidentielle : faux bureaux de vote', description: undefined },
      { name: 'Polling station rumours', description: "Fausses consignes pour l'élection de dimanche" },
      { name: 'Resultats des elections municipales', description: undefined },
      { name: 'ÉLECTIONS LÉGISLATIVES', description: undefined },
      { name: 'Fraude électorale', description: undefined },
      { name: 'Registres électoraux piratés', description: undefined },
      { name: 'Electoral roll leak', description: undefined },
      { name: "Ingérences étrangères dans la campagne", description: undefined },
      { name: 'Ingerence report', description: 'Manœuvres de désinformation' },
      { name: 'Electronic poll books', description: 'Voting machines' },
      { name: 'Votes by mail', description: undefined },
    ]);
    const ids = [titled, described, plural, capitals, adjective, adjectivePlural, english, ingerence, unaccented, electronic, vote].filter((id): id is string => id !== undefined);
    const found = async (query: string) => (await search(ids, query)).ids;
    // `election` without accent: the accented, capitalised and plural forms, names (2) before
    // the description (1), newest first among equals; not `electoral` (another word: its
    // stems are elector/electoral, not elect) and not `electronic`.
    expect(await found('election')).toEqual([capitals, plural, titled, described]);
    expect((await search(ids, 'election')).scores).toEqual([2, 2, 2, 1]);
    // `elections` is not a substring of `élection`: the stem (elect) finds it, after the literal matches.
    expect(await found('elections')).toEqual([capitals, plural, described, titled]);
    expect((await search(ids, 'Élections')).scores).toEqual([2, 2, 0, 0]);
    // The adjective's family: électoral, électorale, électoraux, and English electoral.
    expect((await found('électoral')).sort()).toEqual([adjective, adjectivePlural, english].sort());
    expect((await found('electorales')).sort()).toEqual([adjective, adjectivePlural, english].sort());
    // ingerence / ingérence / Ingérences in both directions; `interference` is another word.
    expect(await found('ingerence')).toEqual([unaccented, ingerence]);
    expect(await found('INGÉRENCE')).toEqual([unaccented, ingerence]);
    expect(await found('interference')).toEqual([]);
    // Ligatures and every word required, across name and description.
    expect(await found('manoeuvre ingerence')).toEqual([unaccented]);
    expect(await found('désinformation')).toEqual([unaccented]);
    // English forms: voting → vote, votes → vote; French: vote → vot.
    expect(await found('voting')).toEqual([electronic, vote, titled]);
    expect(await found('electronique')).toEqual([electronic]);
    // Substrings of words still match, without accents.
    expect(await found('lectora')).toEqual([english, adjectivePlural, adjective]);
    expect(await found('présid')).toEqual([titled]);
    expect(await found('zzqxjw')).toEqual([]);
  });

  test('known answers kept from the substring search: LIKE metacharacters are literal, no match across name and description', async () => {
    const [phishing, rumour, percent, french] = await store([
      { name: 'Phishing domain', description: 'Imitates the election authority login page.' },
      { name: 'Polling station rumours', description: undefined },
      { name: 'Turnout 100% fake', description: 'under_score' },
      { name: 'Désinformation électorale', description: 'Fausses consignes de vote' },
    ]);
    const ids = [phishing, rumour, percent, french].filter((id): id is string => id !== undefined);
    const found = async (query: string) => (await search(ids, query)).ids;
    expect(await found('PHISH login')).toEqual([phishing]);
    expect(await found('station')).toEqual([rumour]);
    expect(await found('station login')).toEqual([]);
    expect(await found('100%')).toEqual([percent]);
    expect(await found('0%f')).toEqual([]);
    expect(await found('under_score')).toEqual([percent]);
    expect(await found('under%score')).toEqual([]);
    expect(await found('électorale consignes')).toEqual([french]);
    expect(await found('electorale consignes')).toEqual([french]);
    expect(await found('rumoursImitates')).toEqual([]);
    expect(await found('fake under')).toEqual([percent]);
  });

  // Real word forms (so that stems meet) and random strings of letters, accents and LIKE metacharacters.
  const vocabulary = fc.constantFrom(
    'election', 'élection', 'Élections', 'elections', 'électorale', 'Electoral', 'électoraux', 'ingérence', 'ingerence', 'INGÉRENCES', 'interference',
    'vote', 'votes', 'voting', 'voter', 'campagne', 'campaigns', 'manœuvre', 'manoeuvres', 'désinformation', 'the', 'de', 'under_score', 'e-mail', 'anti-fraude',
  );
  const randomWord = fc.array(fc.constantFrom(...'abcdeABCDEéÉèçœ%_\\-'.split('')), { minLength: 1, maxLength: 6 }).map((chars) => chars.join(''));
  const word = fc.oneof(vocabulary, randomWord);
  const text = fc.option(fc.array(word, { maxLength: 5 }).map((words) => words.join(' ')), { nil: undefined });
  const query = fc.oneof(
    fc.array(word, { minLength: 1, maxLength: 2 }).map((words) => words.join(' ')),
    // Pieces of words: substrings that are not words.
    fc.tuple(vocabulary, fc.nat(8), fc.nat(8)).map(([whole, from, length]) => whole.slice(from, from + 1 + length)),
  );

  test('property: the search returns exactly the objects the documented rule matches, best first, then newest', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ name: text, description: text }), { minLength: 1, maxLength: 10 }), query, async (items, q) => {
        const ids = await store(items);
        const expected: { id: string; score: number; index: number }[] = [];
        for (const [index, id] of ids.entries()) {
          const score = await oracle(items[index] ?? { name: undefined, description: undefined }, q);
          if (score !== undefined) expected.push({ id, score, index });
        }
        // Best first, then newest first: stored in one call, later objects have the higher seq.
        expected.sort((a, b) => b.score - a.score || b.index - a.index);
        const answer = await search(ids, q);
        expect(answer.ids).toEqual(expected.map((item) => item.id));
        expect(answer.scores).toEqual(expected.map((item) => item.score));
      }),
      { numRuns: 60 },
    );
  }, 240_000);

  test('property: paging a search with its cursor returns every match exactly once, in the order of one page', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ name: text, description: text }), { minLength: 1, maxLength: 12 }), query, fc.integer({ min: 1, max: 4 }), async (items, q, limit) => {
        const ids = await store(items);
        const whole = (await search(ids, q)).ids;
        const paged: string[] = [];
        let after: StixCursor | undefined;
        for (let pages = 0; pages <= whole.length; pages++) {
          const page = await search(ids, q, limit, after);
          paged.push(...page.ids);
          if (!page.more) break;
          after = page.last;
        }
        expect(paged).toEqual(whole);
      }),
      { numRuns: 30 },
    );
  }, 240_000);

  test('a bulk add refreshes the statistics of the searched expressions (the planner needs them to skip the indexes for common words), not of the JSON', async () => {
    await store(Array.from({ length: 300 }, (_, index) => ({ name: `Bulk ${index}`, description: 'Common words in every object' })));
    const stats = await sql<{ tablename: string; attname: string }>`select tablename, attname from pg_stats where tablename in ('stix_objects', 'stix_objects_search_trgm')`.execute(database.db);
    expect(stats.rows.some((row) => row.tablename === 'stix_objects_search_trgm')).toBe(true);
    expect(stats.rows.some((row) => row.tablename === 'stix_objects' && row.attname === 'search_vector')).toBe(true);
    expect(stats.rows.some((row) => row.tablename === 'stix_objects' && row.attname === 'collection_id')).toBe(true);
    expect(stats.rows.some((row) => row.tablename === 'stix_objects' && row.attname === 'object')).toBe(false);
  });

  test('the planner can serve a search with the trigram and the stem indexes (the condition the query uses has their expressions)', async () => {
    await sql`analyze stix_objects`.execute(database.db);
    const plan = await database.db.transaction().execute(async (trx) => {
      // Tiny tables are scanned whatever the indexes: forbid that to see whether the indexes fit.
      await sql`set local enable_seqscan = off`.execute(trx);
      const result = await sql<{ 'QUERY PLAN': string }>`explain select o.seq from stix_objects o where ${textSearchCondition('élections')}`.execute(trx);
      return result.rows.map((row) => Object.values(row).join(' ')).join('\n');
    });
    expect(plan).toContain('stix_objects_search_trgm');
    expect(plan).toContain('stix_objects_search_vector');
  });
});

test.each(testEngines())('%s: migration 0010 fills the search columns of the objects stored before it', async (engine) => {
  const database = await createTestDatabase(engine, { migrate: false });
  try {
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0010')) as Record<string, Migration>;
    const migrated = await new Migrator({ db: database.db, provider: { getMigrations: () => Promise.resolve(before) } }).migrateToLatest();
    expect(migrated.error).toBeUndefined();
    const collectionId = await createSearchCollection(database.db);
    const [old] = await storeTexts(database.db, collectionId, [{ name: 'Ingérence étrangère', description: 'Élections régionales' }]);
    const outcome = await migrateToLatest(database.db);
    expect(outcome.applied).toContain('0010-share-word-search');
    const found = async (q: string) =>
      (await queryStixObjects(database.db, { collectionId, scope: { kind: 'everything' }, versions: LATEST, text: q, limit: 10, withObjects: false })).objects.map((object) => object.stixId);
    expect(await found('ingerence election')).toEqual([old]);
    expect(await found('regionale')).toEqual([old]);
    // And objects stored after it are searchable at once (the columns are generated).
    const [fresh] = await storeTexts(database.db, collectionId, [{ name: 'Élection', description: undefined }]);
    // The old one has the word in its description (1), the new one only its stem (0).
    expect(await found('elections')).toEqual([old, fresh]);
  } finally {
    await database.close();
  }
}, 120_000);
