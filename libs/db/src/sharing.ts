/**
 * Sharing communities and their collections (TAXII 2.1 collections): which organisations
 * belong to a community, and which may read or write each collection. Every change is
 * recorded in the audit log in its own transaction.
 */
import { isUuid } from '@vigil/basics';
import type { OrganisationId, Tlp } from '@vigil/domain';
import type { Selectable } from 'kysely';
import type { Executor } from './database';
import { InputError } from './input-error';
import type { MutationContext } from './mutation';
import { inTransaction, iso, recordChange } from './mutation';
import { DuplicateError } from './organisations';
import type { SharingCollectionsTable } from './schema';

/** A sharing community: the organisations a collection's GREEN and AMBER objects are shared among. */
export interface SharingCommunity {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly organisationIds: readonly OrganisationId[];
  readonly createdAt: string;
}

/** A collection of a community, with its rights. */
export interface SharingCollection {
  readonly id: string;
  readonly communityId: string;
  readonly communityName: string;
  readonly title: string;
  readonly description: string;
  readonly alias: string | null;
  /** Anyone may read it, anonymous callers included (TLP:CLEAR objects only, by the policy). */
  readonly publicRead: boolean;
  /** The TLP of objects that arrive without a TLP marking. */
  readonly defaultTlp: Tlp;
  readonly readerOrganisationIds: readonly OrganisationId[];
  readonly writerOrganisationIds: readonly OrganisationId[];
  /** The organisations of the collection's community. */
  readonly communityOrganisationIds: readonly OrganisationId[];
  readonly createdAt: string;
}

/** Read and write rights of one organisation on one collection. */
export interface CollectionRight {
  readonly organisationId: string;
  readonly canRead: boolean;
  readonly canWrite: boolean;
}

async function assertOrganisationsExist(db: Executor, ids: readonly string[], path: string): Promise<void> {
  if (ids.length === 0) return;
  const found = new Set((await db.selectFrom('organisations').select('id').where('id', 'in', [...ids]).execute()).map((row) => row.id));
  const missing = ids.map((id, index) => ({ id, index })).filter(({ id }) => !found.has(id));
  if (missing.length > 0) throw new InputError(missing.map(({ id, index }) => ({ path: `${path}/${index}`, message: `no organisation ${id}` })));
}

/** Every community with its member organisations, by name. */
export async function listSharingCommunities(db: Executor): Promise<SharingCommunity[]> {
  const rows = await db.selectFrom('sharingCommunities').selectAll().orderBy('name').execute();
  const members = await db.selectFrom('sharingCommunityMembers').selectAll().execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    organisationIds: members.filter((m) => m.communityId === row.id).map((m) => m.organisationId as OrganisationId),
    createdAt: iso(row.createdAt),
  }));
}

/** One community by name (case-insensitive), or undefined. */
export async function findSharingCommunityByName(db: Executor, name: string): Promise<SharingCommunity | undefined> {
  return (await listSharingCommunities(db)).find((community) => community.name.toLowerCase() === name.toLowerCase());
}

/** Creates a community with its first member organisations. */
export async function createSharingCommunity(
  db: Executor,
  context: MutationContext,
  input: { readonly name: string; readonly description: string; readonly organisationIds: readonly string[] },
): Promise<SharingCommunity> {
  return inTransaction(db, async (trx) => {
    if (await findSharingCommunityByName(trx, input.name)) throw new DuplicateError('name', `a sharing community named "${input.name}" exists already`);
    await assertOrganisationsExist(trx, input.organisationIds, '/organisationIds');
    const row = await trx
      .insertInto('sharingCommunities')
      .values({ name: input.name, description: input.description, createdAt: context.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const organisationIds = [...new Set(input.organisationIds)];
    if (organisationIds.length > 0) {
      await trx.insertInto('sharingCommunityMembers').values(organisationIds.map((organisationId) => ({ communityId: row.id, organisationId }))).execute();
    }
    await recordChange(trx, context, { action: 'sharing-community.create', targetType: 'sharing-community', targetId: row.id, change: input });
    return { id: row.id, name: row.name, description: row.description, organisationIds: organisationIds as OrganisationId[], createdAt: iso(row.createdAt) };
  });
}

/** Adds organisations to a community (members already in it stay). */
export async function addSharingCommunityMembers(db: Executor, context: MutationContext, input: { readonly communityId: string; readonly organisationIds: readonly string[] }): Promise<void> {
  await inTransaction(db, async (trx) => {
    await assertOrganisationsExist(trx, input.organisationIds, '/organisationIds');
    const organisationIds = [...new Set(input.organisationIds)];
    if (organisationIds.length === 0) return;
    await trx
      .insertInto('sharingCommunityMembers')
      .values(organisationIds.map((organisationId) => ({ communityId: input.communityId, organisationId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await recordChange(trx, context, { action: 'sharing-community.add-members', targetType: 'sharing-community', targetId: input.communityId, change: { organisationIds } });
  });
}

function toCollection(
  row: Selectable<SharingCollectionsTable> & { communityName: string },
  rights: readonly { collectionId: string; organisationId: string; canRead: boolean; canWrite: boolean }[],
  members: readonly { communityId: string; organisationId: string }[],
): SharingCollection {
  const own = rights.filter((right) => right.collectionId === row.id);
  return {
    id: row.id,
    communityId: row.communityId,
    communityName: row.communityName,
    title: row.title,
    description: row.description,
    alias: row.alias,
    publicRead: row.publicRead,
    defaultTlp: row.defaultTlp,
    readerOrganisationIds: own.filter((right) => right.canRead).map((right) => right.organisationId as OrganisationId),
    writerOrganisationIds: own.filter((right) => right.canWrite).map((right) => right.organisationId as OrganisationId),
    communityOrganisationIds: members.filter((member) => member.communityId === row.communityId).map((member) => member.organisationId as OrganisationId),
    createdAt: iso(row.createdAt),
  };
}

async function selectCollections(db: Executor, id?: string): Promise<SharingCollection[]> {
  let query = db
    .selectFrom('sharingCollections')
    .innerJoin('sharingCommunities', 'sharingCommunities.id', 'sharingCollections.communityId')
    .selectAll('sharingCollections')
    .select('sharingCommunities.name as communityName')
    .orderBy('sharingCollections.title')
    .orderBy('sharingCollections.id');
  if (id !== undefined) query = query.where('sharingCollections.id', '=', id);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const rights = await db.selectFrom('sharingCollectionRights').selectAll().where('collectionId', 'in', rows.map((row) => row.id)).execute();
  const members = await db.selectFrom('sharingCommunityMembers').selectAll().where('communityId', 'in', [...new Set(rows.map((row) => row.communityId))]).execute();
  return rows.map((row) => toCollection(row, rights, members));
}

/** Every collection with its rights and community, by title. */
export async function listSharingCollections(db: Executor): Promise<SharingCollection[]> {
  return selectCollections(db);
}

/** One collection by id, or undefined (also for ids that are not UUIDs). */
export async function findSharingCollection(db: Executor, id: string): Promise<SharingCollection | undefined> {
  if (!isUuid(id)) return undefined;
  return (await selectCollections(db, id))[0];
}

/** Creates a collection in a community with its rights. */
export async function createSharingCollection(
  db: Executor,
  context: MutationContext,
  input: {
    readonly communityId: string;
    readonly title: string;
    readonly description: string;
    readonly alias?: string | null | undefined;
    readonly publicRead: boolean;
    readonly defaultTlp: Tlp;
    readonly rights: readonly CollectionRight[];
  },
): Promise<SharingCollection> {
  return inTransaction(db, async (trx) => {
    const community = await trx.selectFrom('sharingCommunities').select('id').where('id', '=', input.communityId).executeTakeFirst();
    if (!community) throw new InputError([{ path: '/communityId', message: `no sharing community ${input.communityId}` }]);
    if (input.alias && (await trx.selectFrom('sharingCollections').select('id').where('alias', '=', input.alias).executeTakeFirst())) {
      throw new DuplicateError('alias', `a collection with alias "${input.alias}" exists already`);
    }
    await assertOrganisationsExist(trx, input.rights.map((right) => right.organisationId), '/rights');
    const row = await trx
      .insertInto('sharingCollections')
      .values({
        communityId: input.communityId,
        title: input.title,
        description: input.description,
        alias: input.alias ?? null,
        publicRead: input.publicRead,
        defaultTlp: input.defaultTlp,
        createdAt: context.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.rights.length > 0) {
      await trx
        .insertInto('sharingCollectionRights')
        .values(input.rights.map((right) => ({ collectionId: row.id, organisationId: right.organisationId, canRead: right.canRead, canWrite: right.canWrite })))
        .execute();
    }
    await recordChange(trx, context, { action: 'sharing-collection.create', targetType: 'sharing-collection', targetId: row.id, change: input });
    const created = (await selectCollections(trx, row.id))[0];
    if (!created) throw new Error('the collection just created is missing');
    return created;
  });
}

/** Sets (or replaces) one organisation's rights on a collection. */
export async function setCollectionRight(db: Executor, context: MutationContext, input: { readonly collectionId: string } & CollectionRight): Promise<void> {
  await inTransaction(db, async (trx) => {
    await assertOrganisationsExist(trx, [input.organisationId], '/organisationId');
    await trx
      .insertInto('sharingCollectionRights')
      .values({ collectionId: input.collectionId, organisationId: input.organisationId, canRead: input.canRead, canWrite: input.canWrite })
      .onConflict((oc) => oc.columns(['collectionId', 'organisationId']).doUpdateSet({ canRead: input.canRead, canWrite: input.canWrite }))
      .execute();
    await recordChange(trx, context, { action: 'sharing-collection.set-right', targetType: 'sharing-collection', targetId: input.collectionId, change: input });
  });
}

/** Changes a community's name or description, or replaces its member organisations. */
export async function updateSharingCommunity(
  db: Executor,
  context: MutationContext,
  input: { readonly id: string; readonly name?: string | undefined; readonly description?: string | undefined; readonly organisationIds?: readonly string[] | undefined },
): Promise<SharingCommunity | undefined> {
  return inTransaction(db, async (trx) => {
    if (!isUuid(input.id)) return undefined;
    const existing = await trx.selectFrom('sharingCommunities').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!existing) return undefined;
    if (input.name !== undefined && input.name.toLowerCase() !== existing.name.toLowerCase() && (await findSharingCommunityByName(trx, input.name))) {
      throw new DuplicateError('name', `a sharing community named "${input.name}" exists already`);
    }
    if (input.name !== undefined || input.description !== undefined) {
      await trx
        .updateTable('sharingCommunities')
        .set({ ...(input.name !== undefined ? { name: input.name } : {}), ...(input.description !== undefined ? { description: input.description } : {}) })
        .where('id', '=', input.id)
        .execute();
    }
    if (input.organisationIds !== undefined) {
      await assertOrganisationsExist(trx, input.organisationIds, '/organisationIds');
      await trx.deleteFrom('sharingCommunityMembers').where('communityId', '=', input.id).execute();
      const organisationIds = [...new Set(input.organisationIds)];
      if (organisationIds.length > 0) {
        await trx.insertInto('sharingCommunityMembers').values(organisationIds.map((organisationId) => ({ communityId: input.id, organisationId }))).execute();
      }
    }
    await recordChange(trx, context, { action: 'sharing-community.update', targetType: 'sharing-community', targetId: input.id, change: input });
    return (await listSharingCommunities(trx)).find((community) => community.id === input.id);
  });
}

/** Changes a collection's title, description, public read or default TLP. */
export async function updateSharingCollection(
  db: Executor,
  context: MutationContext,
  input: {
    readonly id: string;
    readonly title?: string | undefined;
    readonly description?: string | undefined;
    readonly publicRead?: boolean | undefined;
    readonly defaultTlp?: Tlp | undefined;
  },
): Promise<SharingCollection | undefined> {
  return inTransaction(db, async (trx) => {
    if (!isUuid(input.id)) return undefined;
    const { id, ...changes } = input;
    const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const found = await trx.selectFrom('sharingCollections').select('id').where('id', '=', id).executeTakeFirst();
    if (!found) return undefined;
    if (Object.keys(set).length > 0) await trx.updateTable('sharingCollections').set(set).where('id', '=', id).execute();
    await recordChange(trx, context, { action: 'sharing-collection.update', targetType: 'sharing-collection', targetId: id, change: set });
    return (await selectCollections(trx, id))[0];
  });
}

/**
 * Replaces the whole rights matrix of a collection: organisations not listed lose their
 * rights. Returns undefined when there is no such collection.
 */
export async function replaceCollectionRights(
  db: Executor,
  context: MutationContext,
  input: { readonly collectionId: string; readonly rights: readonly CollectionRight[] },
): Promise<SharingCollection | undefined> {
  return inTransaction(db, async (trx) => {
    if (!isUuid(input.collectionId)) return undefined;
    const found = await trx.selectFrom('sharingCollections').select('id').where('id', '=', input.collectionId).executeTakeFirst();
    if (!found) return undefined;
    const seen = new Set<string>();
    const duplicates = input.rights.flatMap((right, index) => {
      if (seen.has(right.organisationId)) return [{ path: `/rights/${index}/organisationId`, message: `organisation ${right.organisationId} is listed twice` }];
      seen.add(right.organisationId);
      return [];
    });
    if (duplicates.length > 0) throw new InputError(duplicates);
    const organisationIds = input.rights.map((right) => right.organisationId);
    const existing = new Set((organisationIds.length === 0 ? [] : await trx.selectFrom('organisations').select('id').where('id', 'in', organisationIds).execute()).map((row) => row.id));
    const missing = input.rights.flatMap((right, index) => (existing.has(right.organisationId) ? [] : [{ path: `/rights/${index}/organisationId`, message: `no organisation ${right.organisationId}` }]));
    if (missing.length > 0) throw new InputError(missing);
    await trx.deleteFrom('sharingCollectionRights').where('collectionId', '=', input.collectionId).execute();
    const kept = input.rights.filter((right) => right.canRead || right.canWrite);
    if (kept.length > 0) {
      await trx
        .insertInto('sharingCollectionRights')
        .values(kept.map((right) => ({ collectionId: input.collectionId, organisationId: right.organisationId, canRead: right.canRead, canWrite: right.canWrite })))
        .execute();
    }
    await recordChange(trx, context, { action: 'sharing-collection.replace-rights', targetType: 'sharing-collection', targetId: input.collectionId, change: { rights: kept } });
    return (await selectCollections(trx, input.collectionId))[0];
  });
}

/** The names of organisations by id (ids with no organisation are left out). */
export async function organisationNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}
