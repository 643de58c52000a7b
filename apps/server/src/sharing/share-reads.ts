/**
 * What the sharing hub's web API shows a caller: collections with the objects they may see
 * counted, pages of objects, one object with its versions and relationships. Every read
 * filters in SQL with the caller's `markedReadScope` (the TAXII server's criterion) and
 * checks each row again with `canSeeMarked` before it leaves: what a caller may not see never
 * shows, not in lists, counts, versions, graphs or exports.
 */
import type { shareRoutes } from '@vigil/api';
import type { Executor, SharingCollection, StixCursor, StixObjectQuery, StoredStixObject } from '@vigil/db';
import { countVisibleStixObjects, findSharingCollection, findStixRelationshipIds, organisationNames, queryStixObjects } from '@vigil/db';
import type { Actor, OrganisationId } from '@vigil/domain';
import { canDeleteShared, canSeeMarked, canUseCollection, markedReadScope, mayAttempt } from '@vigil/domain';
import { HttpProblem } from '../http-problem';

type ShareCollection = shareRoutes.ShareCollection;
type ShareObjectDetail = shareRoutes.ShareObjectDetail;
type ShareObjectSummary = shareRoutes.ShareObjectSummary;

/** The collection if `actor` may read or write it; a 404 otherwise (it does not exist for them). */
export async function usableCollection(db: Executor, actor: Actor, id: string): Promise<SharingCollection> {
  const collection = await findSharingCollection(db, id);
  if (!collection || !(canUseCollection(actor, 'read', collection) || canUseCollection(actor, 'write', collection))) {
    throw new HttpProblem(404, 'Not found', `no collection ${id}`);
  }
  return collection;
}

/** The collection if `actor` may read it (404 when they may not see it at all, 403 when they may only write). */
export async function readableCollection(db: Executor, actor: Actor, id: string): Promise<SharingCollection> {
  const collection = await usableCollection(db, actor, id);
  if (!canUseCollection(actor, 'read', collection)) throw new HttpProblem(403, 'Forbidden', 'you may write to this collection but not read it');
  return collection;
}

/**
 * One page of what `actor` sees of `collection`, after the policy module's second check: the
 * SQL scope and `canSeeMarked` disagreeing is a bug, and the answer is refused rather than leaked.
 */
export async function visibleObjects(
  db: Executor,
  actor: Actor,
  collection: SharingCollection,
  query: Omit<StixObjectQuery, 'collectionId' | 'scope'> & { readonly withObjects?: boolean },
): Promise<{ objects: StoredStixObject[]; more: boolean }> {
  const page = await queryStixObjects(db, { ...query, collectionId: collection.id, scope: markedReadScope(actor, collection.communityOrganisationIds) });
  for (const object of page.objects) {
    const record = { tlp: object.tlp, ownerOrganisationId: object.producerOrganisationId, communityOrganisationIds: collection.communityOrganisationIds, recipientOrganisationIds: object.recipientOrganisationIds };
    if (!canSeeMarked(actor, record)) throw new Error(`the read scope let through ${object.stixId}, which canSeeMarked refuses`);
  }
  return page;
}

const LATEST = { kind: 'some', first: false, last: true, at: [] } as const;

/** The latest visible versions of `ids` in `collection` (in chunks, so long lists stay cheap). */
export async function latestVisible(db: Executor, actor: Actor, collection: SharingCollection, ids: readonly string[]): Promise<StoredStixObject[]> {
  const unique = [...new Set(ids)];
  const found: StoredStixObject[] = [];
  for (let start = 0; start < unique.length; start += 500) {
    const chunk = unique.slice(start, start + 500);
    const page = await visibleObjects(db, actor, collection, { ids: chunk, versions: LATEST, limit: chunk.length * 2 });
    found.push(...page.objects);
  }
  return found;
}

/** Reads a stored object's JSON. */
export function objectOf(stored: StoredStixObject): Record<string, unknown> {
  return JSON.parse(stored.objectJson) as Record<string, unknown>;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The summary of a stored object, its description cut to `descriptionLength` characters. */
export function summaryOf(stored: StoredStixObject, names: ReadonlyMap<string, string>, descriptionLength = 300): ShareObjectSummary {
  const object = objectOf(stored);
  const description = text(object['description']);
  return {
    id: stored.stixId,
    type: stored.type,
    name: text(object['name']) ?? (stored.type === 'sighting' ? text(object['sighting_of_ref']) : null),
    description: description === null ? null : description.length > descriptionLength ? `${description.slice(0, descriptionLength)}…` : description,
    tlp: stored.tlp,
    version: stored.version,
    dateAdded: stored.dateAdded.toISOString(),
    producerOrganisationId: stored.producerOrganisationId,
    producerName: stored.producerOrganisationId === null ? null : (names.get(stored.producerOrganisationId) ?? null),
    revoked: object['revoked'] === true,
  };
}

/** A collection as `actor` sees it, with the objects they may see counted. */
export async function collectionView(db: Executor, actor: Actor, collection: SharingCollection, names: ReadonlyMap<string, string>): Promise<ShareCollection> {
  const canRead = canUseCollection(actor, 'read', collection);
  return {
    id: collection.id,
    title: collection.title,
    description: collection.description,
    alias: collection.alias,
    communityId: collection.communityId,
    communityName: collection.communityName,
    publicRead: collection.publicRead,
    defaultTlp: collection.defaultTlp,
    canRead,
    canWrite: canUseCollection(actor, 'write', collection),
    objectCount: canRead ? await countVisibleStixObjects(db, { collectionId: collection.id, scope: markedReadScope(actor, collection.communityOrganisationIds) }) : null,
    // Anonymous readers of a public feed are not told who belongs to the community.
    communityOrganisations:
      actor.kind === 'anonymous' ? [] : collection.communityOrganisationIds.map((id) => ({ id, name: names.get(id) ?? id })).sort((a, b) => a.name.localeCompare(b.name)),
    writingOrganisations: canUseCollection(actor, 'write', collection) ? writingOrganisations(actor, collection).map((id) => ({ id, name: names.get(id) ?? id })) : [],
  };
}

/**
 * The list cursor: the (date_added, seq) of the last row served, and for a text search its
 * score (pages of a search run best match first), opaque to clients.
 */
export function encodeListCursor(object: StoredStixObject, search: boolean): string {
  const position = `${object.dateAdded.toISOString()}|${object.seq}`;
  return Buffer.from(search ? `${position}|${object.score}` : position, 'utf8').toString('base64url');
}

/**
 * Reads a list cursor; a 400 for anything this server did not give, and for a cursor of a
 * list given to a search or the other way round (`search`: the request has words).
 */
export function decodeListCursor(cursor: string | undefined, search: boolean): StixCursor | undefined {
  if (cursor === undefined) return undefined;
  const [date = '', seq = '', score, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const dateAdded = new Date(date);
  const wellFormed =
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(date) &&
    !Number.isNaN(dateAdded.getTime()) &&
    /^\d{1,15}$/.test(seq) &&
    rest.length === 0 &&
    (search ? score !== undefined && /^\d{1,6}$/.test(score) : score === undefined);
  if (!wellFormed) {
    throw new HttpProblem(400, 'Invalid query', 'cursor is not a value this server gave for this search', [{ path: '/query/cursor', message: 'not a cursor this server gave for this search' }]);
  }
  return { dateAdded, seq: Number(seq), ...(search ? { score: Number(score) } : {}) };
}

/** Names of the producers of `objects`. */
export async function producerNames(db: Executor, objects: readonly StoredStixObject[]): Promise<Map<string, string>> {
  return organisationNames(db, objects.flatMap((object) => (object.producerOrganisationId === null ? [] : [object.producerOrganisationId])));
}

/** Most relationships and references a graph shows. */
export const GRAPH_LIMIT = 200;

/** `[property, id]` for every reference property of an object (`*_ref`, `*_refs`), markings aside. */
export function referencesOf(object: Readonly<Record<string, unknown>>): [string, string][] {
  const found: [string, string][] = [];
  for (const [property, value] of Object.entries(object)) {
    if (property === 'object_marking_refs') continue;
    if (property.endsWith('_ref') && typeof value === 'string') found.push([property, value]);
    if (property.endsWith('_refs') && Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string') found.push([property, item]);
    }
  }
  return found;
}

const SRO_REFERENCES = ['source_ref', 'target_ref', 'sighting_of_ref', 'where_sighted_refs', 'observed_data_refs'];

/**
 * One object as `actor` sees it: latest visible version, visible versions, and a graph of the
 * visible relationships and sightings that refer to it and of the visible objects they and
 * it refer to. A 404 when no version is visible.
 */
export async function objectDetail(db: Executor, actor: Actor, collection: SharingCollection, objectId: string): Promise<ShareObjectDetail> {
  const versions = await visibleVersions(db, actor, collection, objectId);
  const [latest] = await latestVisible(db, actor, collection, [objectId]);
  if (!latest || versions.length === 0) throw new HttpProblem(404, 'Not found', `no object ${objectId} in collection ${collection.id}`);
  const object = objectOf(latest);

  const scope = markedReadScope(actor, collection.communityOrganisationIds);
  const sroIds = await findStixRelationshipIds(db, { collectionId: collection.id, scope, objectId, limit: GRAPH_LIMIT });
  // Keep the SROs whose latest visible version still refers to the object.
  const sros = (await latestVisible(db, actor, collection, sroIds)).filter((sro) =>
    referencesOf(objectOf(sro)).some(([property, id]) => SRO_REFERENCES.includes(property) && id === objectId),
  );
  const ownReferences = referencesOf(object).slice(0, GRAPH_LIMIT);
  const sroReferences = sros.flatMap((sro) => referencesOf(objectOf(sro)).filter(([property]) => SRO_REFERENCES.includes(property)));
  const neighbours = await latestVisible(
    db,
    actor,
    collection,
    [...ownReferences, ...sroReferences].map(([, id]) => id).filter((id) => id !== objectId),
  );
  const nodes = new Map<string, StoredStixObject>([[latest.stixId, latest]]);
  for (const node of [...neighbours, ...sros.filter((sro) => sro.type === 'sighting')]) nodes.set(node.stixId, node);

  const edges: ShareObjectDetail['graph']['edges'][number][] = [];
  const seen = new Set<string>();
  const addEdge = (edge: ShareObjectDetail['graph']['edges'][number]) => {
    if (!nodes.has(edge.source) || !nodes.has(edge.target) || seen.has(edge.id)) return;
    seen.add(edge.id);
    edges.push(edge);
  };
  for (const [property, id] of ownReferences) addEdge({ id: `${objectId} ${property} ${id}`, source: objectId, target: id, label: property, kind: 'reference' });
  for (const sro of sros) {
    const sroObject = objectOf(sro);
    if (sro.type === 'relationship') {
      const source = text(sroObject['source_ref']);
      const target = text(sroObject['target_ref']);
      if (source && target) addEdge({ id: sro.stixId, source, target, label: text(sroObject['relationship_type']) ?? 'related-to', kind: 'relationship' });
    } else {
      for (const [property, id] of referencesOf(sroObject).filter(([name]) => SRO_REFERENCES.includes(name))) {
        addEdge({ id: `${sro.stixId} ${property} ${id}`, source: sro.stixId, target: id, label: property === 'sighting_of_ref' ? 'sighting-of' : property.replace(/_refs?$/, '').replaceAll('_', '-'), kind: 'sighting' });
      }
    }
  }
  const names = await producerNames(db, [latest]);
  return {
    summary: summaryOf(latest, names, Number.MAX_SAFE_INTEGER),
    object,
    versions: versions.map((version) => ({ version: version.version, dateAdded: version.dateAdded.toISOString(), tlp: version.tlp })),
    graph: {
      nodes: [...nodes.values()].map((node) => {
        const nodeObject = objectOf(node);
        return { id: node.stixId, type: node.type, name: text(nodeObject['name']), tlp: node.tlp };
      }),
      edges,
    },
    permissions: withdrawPermissions(actor, collection, versions, object),
  };
}

/** Every version of `objectId` in `collection` that `actor` may see, oldest first (no JSON). */
export async function visibleVersions(db: Executor, actor: Actor, collection: SharingCollection, objectId: string): Promise<StoredStixObject[]> {
  const versions: StoredStixObject[] = [];
  let after: StixCursor | undefined;
  for (;;) {
    const page = await visibleObjects(db, actor, collection, { ids: [objectId], versions: { kind: 'all' }, after, limit: 1000, withObjects: false });
    versions.push(...page.objects);
    const last = page.objects.at(-1);
    if (!page.more || !last) break;
    after = { dateAdded: last.dateAdded, seq: last.seq };
  }
  return versions;
}

/** Whether an object as stored can take a revoked version: SDOs and SROs carry `modified` and `revoked`. */
export function versionable(object: Readonly<Record<string, unknown>>): boolean {
  return typeof object['modified'] === 'string' && object['type'] !== 'marking-definition';
}

/** What `actor` may do to an object, given the versions they see and the latest of them. */
export function withdrawPermissions(
  actor: Actor,
  collection: SharingCollection,
  versions: readonly StoredStixObject[],
  latest: Readonly<Record<string, unknown>>,
): { readonly revoke: boolean; readonly delete: boolean } {
  // The routes ask for share.write (a viewer of the producer may not) and then `canDeleteShared`.
  const mayDelete = mayAttempt(actor, 'share.write') && versions.length > 0 && versions.every((version) => canDeleteShared(actor, collection, version.producerOrganisationId));
  return { delete: mayDelete, revoke: mayDelete && versionable(latest) && latest['revoked'] !== true };
}

/** The organisations of `actor` that may write to `collection`, the producer first when chosen. */
export function writingOrganisations(actor: Actor, collection: SharingCollection): OrganisationId[] {
  if (actor.kind !== 'user') return [];
  const writers: readonly string[] = collection.writerOrganisationIds;
  return [...new Set(actor.memberships.map((membership) => membership.organisationId).filter((id) => writers.includes(id)))];
}
