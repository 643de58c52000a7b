/**
 * Stored STIX objects of the sharing hub and the status resources of TAXII envelopes. One
 * row per object version per collection; (date_added, seq) orders rows totally, so a cursor
 * over it returns every row exactly once even when thousands share one date_added. Reads
 * take the caller's `MarkedReadScope` from the policy module and apply it in SQL, so
 * filtering, version selection ("last" visible version) and pagination see only what the
 * caller may see.
 */
import type { MarkedReadScope, OrganisationId, Tlp } from '@vigil/domain';
import type { RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type { Executor } from './database';
import type { MutationContext } from './mutation';
import { inTransaction, iso, recordChange } from './mutation';

/** One object version to store. */
export interface NewStixObject {
  /** The STIX object as JSON (validated by the caller). */
  readonly object: Readonly<Record<string, unknown>> & { readonly id: string; readonly type: string };
  readonly specVersion: string;
  /** `modified`, else `created`, else the date it was added (TAXII 2.1 section 3.4.1). */
  readonly version: string;
  readonly tlp: Tlp;
  readonly producerOrganisationId: string | null;
  /** AMBER: organisations of the community with a need to know; RED: the named recipients. */
  readonly recipientOrganisationIds: readonly string[];
}

/** An object that was not stored, and why (TAXII 2.1 status-details). */
export interface StatusDetail {
  readonly id: string;
  readonly version: string;
  readonly message?: string | undefined;
}

/** A TAXII status resource as stored. */
export interface TaxiiStatusRecord {
  readonly id: string;
  readonly collectionId: string;
  readonly requestedBy: string | null;
  readonly requestTimestamp: string;
  readonly totalCount: number;
  readonly successCount: number;
  readonly failureCount: number;
  readonly pendingCount: number;
  readonly successes: readonly StatusDetail[];
  readonly failures: readonly StatusDetail[];
}

/** A stored object version. */
export interface StoredStixObject {
  readonly seq: number;
  readonly stixId: string;
  readonly type: string;
  readonly specVersion: string;
  readonly version: string;
  readonly dateAdded: Date;
  /** The object's JSON text as stored (empty with `withObjects: false`): served without re-encoding. */
  readonly objectJson: string;
  /** Its `textSearchScore` for the query's words (0 without words): for a search's cursor. */
  readonly score: number;
  readonly tlp: Tlp;
  readonly producerOrganisationId: OrganisationId | null;
  readonly recipientOrganisationIds: readonly OrganisationId[];
}

/** Which versions of each object a query returns (TAXII 2.1 section 3.4.1 match[version]). */
export type VersionMatch =
  | { readonly kind: 'all' }
  | { readonly kind: 'some'; readonly first: boolean; readonly last: boolean; readonly at: readonly Date[] };

/**
 * A position in the (date_added, seq) order: the last row of a page. A text search orders
 * by its score first (`textSearchScore`, highest first): its cursor carries the last row's.
 */
export interface StixCursor {
  readonly dateAdded: Date;
  readonly seq: number;
  readonly score?: number | undefined;
}

/** A query over one collection. */
export interface StixObjectQuery {
  readonly collectionId: string;
  readonly scope: MarkedReadScope;
  readonly ids?: readonly string[] | undefined;
  readonly types?: readonly string[] | undefined;
  readonly specVersions?: readonly string[] | undefined;
  readonly versions: VersionMatch;
  readonly addedAfter?: Date | undefined;
  readonly after?: StixCursor | undefined;
  readonly limit: number;
  /**
   * Words the chosen version's `name` or `description` must match (`searchWords`: without
   * accents or case, or by English or French stems). Applied after the version selection, so
   * an old version's words never surface a newer one. With words, the best matches come
   * first (`textSearchScore`), then the order below; the cursor (`after`) must carry a score.
   */
  readonly text?: string | undefined;
  /** TLP levels the chosen version must carry (after the version selection, as `text`). */
  readonly tlps?: readonly Tlp[] | undefined;
  /** Newest first (`desc`) or oldest first (`asc`, the default and TAXII's order). */
  readonly order?: 'asc' | 'desc' | undefined;
}

/**
 * The words of a search: whitespace-separated, empty ones dropped. The search rule
 * (docs/share.md, "Search"): an object matches when **every** word matches its name or
 * description, and a word matches when
 *
 * 1. without accents and case, it appears anywhere in the name or in the description
 *    (`phish` finds *Phishing*, `election` finds *Élection* and *elections*; `%`, `_` and
 *    `\` are plain characters), or
 * 2. it is made of letters only and its English or its French stem is the English or French
 *    stem of a word of the name or description (`elections` finds *élection*, `électorales`
 *    finds *electoral*), through the configurations `vigil_en` and `vigil_fr` of migration
 *    0010-share-word-search.
 */
export function searchWords(text: string | undefined): string[] {
  return (text ?? '').split(/\s+/).filter((part) => part !== '');
}

/** Whether a search word also matches by stems: letters (and combining accents) only. */
export function stemmable(word: string): boolean {
  return /^[\p{L}\p{M}]+$/u.test(word);
}

/**
 * The word, without accents (the database's `unaccent` rules) and in lower case, as a LIKE
 * pattern matching it anywhere, its metacharacters escaped: the form of the stored
 * `search_name` and `search_description`. An immutable expression of a constant: the planner
 * folds it before choosing the trigram index.
 */
function wordPattern(word: string): RawBuilder<unknown> {
  return sql`'%' || replace(replace(replace(lower(vigil_unaccent(${word}::text)), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;
}

/**
 * The search condition for one word over the row aliased `o` (rule above). The left sides
 * are the expressions of the GIN indexes of migration 0010-share-word-search, character for
 * character, so the planner can use them (a bitmap OR of the trigram and the stem index).
 * A word holds no whitespace, so it matches the name and the description joined by a space
 * exactly when it matches one of them.
 */
export function textSearchCondition(word: string): RawBuilder<unknown> {
  const literal = sql`(o.search_name || ' ' || o.search_description) like ${wordPattern(word)}`;
  if (!stemmable(word)) return literal;
  return sql`(${literal} or o.search_vector @@ (plainto_tsquery('vigil_en'::regconfig, ${word}::text) || plainto_tsquery('vigil_fr'::regconfig, ${word}::text)))`;
}

/**
 * How well an object matches the words (higher first): for each word, 2 when it appears
 * (without accents and case) in the name, plus 1 when it appears in the description. A match
 * by stems only scores 0 for that word. An integer, so a cursor can carry it exactly.
 */
export function textSearchScore(words: readonly string[]): RawBuilder<number> {
  if (words.length === 0) return sql<number>`0`;
  const parts = words.map((word) => {
    const pattern = wordPattern(word);
    return sql`(case when o.search_name like ${pattern} then 2 else 0 end + case when o.search_description like ${pattern} then 1 else 0 end)`;
  });
  return sql<number>`(${sql.join(parts, sql` + `)})`;
}

function list(values: readonly string[]): RawBuilder<unknown> {
  return sql.join(values.map((value) => sql`${value}`));
}

/** The visibility criterion of `scope` over the row aliased `alias`. */
function visible(scope: MarkedReadScope, alias: string): RawBuilder<unknown> {
  if (scope.kind === 'everything') return sql`true`;
  const o = sql.raw(alias);
  const parts: RawBuilder<unknown>[] = [sql`${o}.tlp = 'clear'`];
  if (scope.ownOrganisationIds.length > 0) parts.push(sql`${o}.producer_organisation_id in (${list(scope.ownOrganisationIds)})`);
  if (scope.green) parts.push(sql`${o}.tlp = 'green'`);
  const named = (tlp: Tlp, ids: readonly string[]) =>
    sql`(${o}.tlp = ${tlp} and exists (select 1 from stix_object_recipients r where r.object_seq = ${o}.seq and r.organisation_id in (${list(ids)})))`;
  if (scope.amberRecipientIds.length > 0) parts.push(named('amber', scope.amberRecipientIds));
  if (scope.redRecipientIds.length > 0) parts.push(named('red', scope.redRecipientIds));
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** The filters every version of a matching object must pass (not the version selection). */
function baseFilter(query: StixObjectQuery, alias: string): RawBuilder<unknown> {
  const o = sql.raw(alias);
  const parts: RawBuilder<unknown>[] = [sql`${o}.collection_id = ${query.collectionId}`, visible(query.scope, alias)];
  if (query.ids) parts.push(query.ids.length > 0 ? sql`${o}.stix_id in (${list(query.ids)})` : sql`false`);
  if (query.types) parts.push(query.types.length > 0 ? sql`${o}.type in (${list(query.types)})` : sql`false`);
  if (query.specVersions) parts.push(query.specVersions.length > 0 ? sql`${o}.spec_version in (${list(query.specVersions)})` : sql`false`);
  return sql.join(parts, sql` and `);
}

function versionFilter(query: StixObjectQuery): RawBuilder<unknown> {
  const { versions } = query;
  if (versions.kind === 'all') return sql`true`;
  const parts: RawBuilder<unknown>[] = [];
  const other = (comparison: '<' | '>') =>
    sql`not exists (select 1 from stix_objects o2 where o2.stix_id = o.stix_id and ${baseFilter(query, 'o2')} and o2.version_at ${sql.raw(comparison)} o.version_at)`;
  if (versions.first) parts.push(other('<'));
  if (versions.last) parts.push(other('>'));
  if (versions.at.length > 0) parts.push(sql`o.version_at in (${sql.join(versions.at.map((at) => sql`${at.toISOString()}::timestamptz`))})`);
  return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
}

interface ObjectRow {
  seq: number;
  stixId: string;
  type: string;
  specVersion: string;
  version: string;
  dateAdded: Date;
  object: string | null;
  tlp: Tlp;
  producerOrganisationId: string | null;
  score: number;
}

/**
 * One page of the objects `query.scope` may see, in (date_added, seq) order — a search best
 * match first, then in that order — and whether more follow. `withObjects: false` leaves the
 * JSON out (manifests, versions).
 */
export async function queryStixObjects(
  db: Executor,
  query: StixObjectQuery & { readonly withObjects?: boolean },
): Promise<{ readonly objects: StoredStixObject[]; readonly more: boolean }> {
  const conditions: RawBuilder<unknown>[] = [baseFilter(query, 'o')];
  if (query.addedAfter) conditions.push(sql`o.date_added > ${query.addedAfter.toISOString()}::timestamptz`);
  const descending = query.order === 'desc';
  const words = searchWords(query.text);
  const score = textSearchScore(words);
  if (query.after) {
    const comparison = sql.raw(descending ? '<' : '>');
    const position = sql`(o.date_added, o.seq) ${comparison} (${query.after.dateAdded.toISOString()}::timestamptz, ${query.after.seq})`;
    if (words.length === 0) conditions.push(position);
    else {
      // Best first: a lower score, or the same score further in the (date_added, seq) order.
      if (query.after.score === undefined || !Number.isSafeInteger(query.after.score)) throw new Error('a text search cursor carries a score');
      conditions.push(sql`(${score} < ${query.after.score} or (${score} = ${query.after.score} and ${position}))`);
    }
  }
  if (query.tlps) conditions.push(query.tlps.length > 0 ? sql`o.tlp in (${list(query.tlps)})` : sql`false`);
  for (const word of words) conditions.push(textSearchCondition(word));
  // As text: Kysely's CamelCasePlugin would rename the STIX properties of a jsonb value.
  const objectColumn = query.withObjects === false ? sql`null` : sql`o.object::text`;
  const direction = sql.raw(descending ? 'desc' : 'asc');
  const columns = sql`o.seq, o.stix_id, o.type, o.spec_version, o.version, o.date_added, ${objectColumn} as object, o.tlp, o.producer_organisation_id`;
  const result =
    words.length === 0
      ? await sql<ObjectRow>`
          select ${columns}, 0 as score
          from stix_objects o
          where ${sql.join([...conditions, versionFilter(query)], sql` and `)}
          order by o.date_added ${direction}, o.seq ${direction}
          limit ${query.limit + 1}`.execute(db)
      : // Ranking reads every match. Measured at 100,000 matches on PGlite: checking that each
        // is its object's latest visible version cost 3 s, and the JSON of every match carried
        // through the sort seconds more. So: rank the matches by (score, date_added, seq) alone
        // (`ranked`; its ORDER BY keeps it a subquery), check the version of the best ones in
        // that order until the page is full (`page`), then fetch the JSON of the page only.
        await sql<ObjectRow>`
          select ${columns}, page.score
          from (
            select o.seq, ranked.date_added, ranked.score
            from (
              select o.seq, o.date_added, ${score} as score
              from stix_objects o
              where ${sql.join(conditions, sql` and `)}
              order by score desc, o.date_added ${direction}, o.seq ${direction}
            ) ranked
            join stix_objects o on o.seq = ranked.seq
            where ${versionFilter(query)}
            order by ranked.score desc, ranked.date_added ${direction}, ranked.seq ${direction}
            limit ${query.limit + 1}
          ) page
          join stix_objects o on o.seq = page.seq
          order by page.score desc, page.date_added ${direction}, page.seq ${direction}`.execute(db);
  const rows = result.rows.slice(0, query.limit);
  const recipients = new Map<number, OrganisationId[]>();
  // Only AMBER and RED versions name recipients: pages of CLEAR and GREEN objects skip the lookup.
  const named = rows.filter((row) => row.tlp === 'amber' || row.tlp === 'red').map((row) => Number(row.seq));
  if (named.length > 0) {
    const found = await db
      .selectFrom('stixObjectRecipients')
      .select(['objectSeq', 'organisationId'])
      .where('objectSeq', 'in', named)
      .execute();
    for (const row of found) {
      const key = Number(row.objectSeq);
      recipients.set(key, [...(recipients.get(key) ?? []), row.organisationId as OrganisationId]);
    }
  }
  return {
    objects: rows.map((row) => ({
      seq: Number(row.seq),
      stixId: row.stixId,
      type: row.type,
      specVersion: row.specVersion,
      version: row.version,
      dateAdded: new Date(row.dateAdded),
      objectJson: row.object ?? '',
      score: Number(row.score),
      tlp: row.tlp,
      producerOrganisationId: row.producerOrganisationId as OrganisationId | null,
      recipientOrganisationIds: recipients.get(Number(row.seq)) ?? [],
    })),
    more: result.rows.length > query.limit,
  };
}

/** Rows per INSERT: 10 parameters a row stays far below PostgreSQL's 65,535. */
const INSERT_CHUNK = 1000;

/**
 * Stores the valid objects of one envelope (or import) and its status resource in one
 * transaction: all of it or nothing. An object version already in the collection counts
 * as a success and is left as it was. `failures` are the objects the caller rejected.
 */
export async function addStixObjects(
  db: Executor,
  context: MutationContext,
  input: {
    readonly collectionId: string;
    readonly objects: readonly NewStixObject[];
    readonly failures: readonly StatusDetail[];
    readonly requestedBy: string | null;
    /** The audit event: `stix-object.add` (default), or `stix-object.revoke` for a producer's revoked version. */
    readonly auditAction?: 'stix-object.add' | 'stix-object.revoke' | undefined;
  },
): Promise<TaxiiStatusRecord> {
  const status = await insertStixObjects(db, context, input);
  await refreshStatisticsAfter(db, status.successCount);
  return status;
}

/**
 * Re-reads the planner's statistics of the object tables when `added` rows are more than a
 * tenth of what the planner believes they hold (autovacuum's own threshold). PGlite runs no
 * autovacuum: after a bulk import the planner would still think a collection empty and scan
 * all of it for every page (measured: 3 s instead of 15 ms for 25 objects of 100,000).
 * ANALYZE samples a bounded number of rows (and skips the JSON column, whose statistics
 * target is 0), so it stays cheap however large the table; it includes the statistics of the
 * text-search index's expression (migration 0009-share-search), which a column list would skip.
 */
async function refreshStatisticsAfter(db: Executor, added: number): Promise<void> {
  if (added < 200) return;
  const result = await sql<{ reltuples: number | string }>`select reltuples from pg_class where relname = 'stix_objects'`.execute(db);
  const believed = Math.max(0, Number(result.rows[0]?.reltuples ?? 0));
  if (added > believed / 10) {
    await sql`analyze stix_objects, stix_object_recipients`.execute(db);
  }
}

async function insertStixObjects(
  db: Executor,
  context: MutationContext,
  input: {
    readonly collectionId: string;
    readonly objects: readonly NewStixObject[];
    readonly failures: readonly StatusDetail[];
    readonly requestedBy: string | null;
    readonly auditAction?: 'stix-object.add' | 'stix-object.revoke' | undefined;
  },
): Promise<TaxiiStatusRecord> {
  return inTransaction(db, async (trx) => {
    const dateAdded = context.now;
    const seen = new Set<string>();
    const unique = input.objects.filter((item) => {
      const key = `${item.object.id} ${new Date(item.version).toISOString()}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    for (let start = 0; start < unique.length; start += INSERT_CHUNK) {
      const chunk = unique.slice(start, start + INSERT_CHUNK);
      const inserted = await trx
        .insertInto('stixObjects')
        .values(
          chunk.map((item) => ({
            collectionId: input.collectionId,
            stixId: item.object.id,
            type: item.object.type,
            specVersion: item.specVersion,
            version: item.version,
            versionAt: item.version,
            object: JSON.stringify(item.object),
            dateAdded,
            producerOrganisationId: item.producerOrganisationId,
            tlp: item.tlp,
          })),
        )
        .onConflict((oc) => oc.constraint('stix_objects_version_key').doNothing())
        .returning(['seq', 'stixId', 'versionAt'])
        .execute();
      const seqByKey = new Map(inserted.map((row) => [`${row.stixId} ${new Date(row.versionAt).toISOString()}`, Number(row.seq)]));
      const recipients = chunk.flatMap((item) => {
        const seq = seqByKey.get(`${item.object.id} ${new Date(item.version).toISOString()}`);
        return seq === undefined ? [] : [...new Set(item.recipientOrganisationIds)].map((organisationId) => ({ objectSeq: seq, organisationId }));
      });
      for (let from = 0; from < recipients.length; from += INSERT_CHUNK) {
        await trx.insertInto('stixObjectRecipients').values(recipients.slice(from, from + INSERT_CHUNK)).execute();
      }
    }
    const successes = input.objects.map((item) => ({ id: item.object.id, version: item.version }));
    const row = await trx
      .insertInto('taxiiStatuses')
      .values({
        collectionId: input.collectionId,
        requestedBy: input.requestedBy,
        requestTimestamp: context.now,
        totalCount: input.objects.length + input.failures.length,
        successCount: input.objects.length,
        failureCount: input.failures.length,
        pendingCount: 0,
        successes: JSON.stringify(successes),
        failures: JSON.stringify(input.failures),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, context, {
      action: input.auditAction ?? 'stix-object.add',
      targetType: 'sharing-collection',
      targetId: input.collectionId,
      change: { status: row.id, added: input.objects.map((item) => ({ id: item.object.id, version: item.version, tlp: item.tlp })), failures: input.failures.length },
    });
    return {
      id: row.id,
      collectionId: input.collectionId,
      requestedBy: input.requestedBy,
      requestTimestamp: iso(context.now),
      totalCount: input.objects.length + input.failures.length,
      successCount: input.objects.length,
      failureCount: input.failures.length,
      pendingCount: 0,
      successes,
      failures: input.failures,
    };
  });
}

/** A status resource, or undefined. */
export async function findTaxiiStatus(db: Executor, id: string): Promise<TaxiiStatusRecord | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const row = await db.selectFrom('taxiiStatuses').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    collectionId: row.collectionId,
    requestedBy: row.requestedBy,
    requestTimestamp: iso(row.requestTimestamp),
    totalCount: row.totalCount,
    successCount: row.successCount,
    failureCount: row.failureCount,
    pendingCount: row.pendingCount,
    successes: row.successes as StatusDetail[],
    failures: row.failures as StatusDetail[],
  };
}

/** Deletes object versions by their `seq` (the caller chose them with `queryStixObjects`). */
export async function deleteStixObjects(
  db: Executor,
  context: MutationContext,
  input: { readonly collectionId: string; readonly objects: readonly Pick<StoredStixObject, 'seq' | 'stixId' | 'version'>[] },
): Promise<number> {
  if (input.objects.length === 0) return 0;
  return inTransaction(db, async (trx) => {
    const deleted = await trx
      .deleteFrom('stixObjects')
      .where('collectionId', '=', input.collectionId)
      .where('seq', 'in', input.objects.map((object) => object.seq))
      .executeTakeFirst();
    await recordChange(trx, context, {
      action: 'stix-object.delete',
      targetType: 'sharing-collection',
      targetId: input.collectionId,
      change: { deleted: input.objects.map((object) => ({ id: object.stixId, version: object.version })) },
    });
    return Number(deleted.numDeletedRows);
  });
}

/**
 * How many distinct objects of a collection `scope` may see (any version visible counts the
 * object once): the count a reader is shown, which never includes what they may not see.
 */
export async function countVisibleStixObjects(db: Executor, input: { readonly collectionId: string; readonly scope: MarkedReadScope }): Promise<number> {
  const result = await sql<{ count: string | number }>`
    select count(distinct o.stix_id) as count from stix_objects o
    where o.collection_id = ${input.collectionId} and ${visible(input.scope, 'o')}`.execute(db);
  return Number(result.rows[0]?.count ?? 0);
}

/**
 * Ids of the relationship and sighting objects of a collection with a version visible to
 * `scope` that refers to `objectId` (as source, target, sighting-of, observed data or where
 * sighted), at most `limit`. Callers fetch their latest visible versions with
 * `queryStixObjects` and keep those that still refer to it.
 */
export async function findStixRelationshipIds(
  db: Executor,
  input: { readonly collectionId: string; readonly scope: MarkedReadScope; readonly objectId: string; readonly limit: number },
): Promise<string[]> {
  const id = input.objectId;
  const result = await sql<{ stixId: string }>`
    select distinct o.stix_id from stix_objects o
    where o.collection_id = ${input.collectionId} and o.type in ('relationship', 'sighting') and ${visible(input.scope, 'o')}
      and (o.object->>'source_ref' = ${id} or o.object->>'target_ref' = ${id} or o.object->>'sighting_of_ref' = ${id}
        or coalesce(o.object->'where_sighted_refs', '[]'::jsonb) ? ${id} or coalesce(o.object->'observed_data_refs', '[]'::jsonb) ? ${id})
    order by o.stix_id
    limit ${input.limit}`.execute(db);
  return result.rows.map((row) => row.stixId);
}
