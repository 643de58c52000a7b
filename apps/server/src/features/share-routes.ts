/**
 * The sharing hub for the web (`/api/v1/share`): collections and objects as the caller may
 * see them, objects from forms, bundle import, export and validation, the DISARM picker, and
 * the management of communities, collections and rights (share.manage). TLP is enforced as
 * in the TAXII server (sharing/share-reads.ts).
 */
import type { FieldError } from '@vigil/api';
import { shareRoutes } from '@vigil/api';
import { throwIllegalValue } from '@vigil/basics';
import type { Executor, SharingCollection } from '@vigil/db';
import {
  createSharingCollection,
  createSharingCommunity,
  findOrganisation,
  findSharingCollection,
  listSharingCollections,
  listSharingCommunities,
  organisationNames,
  replaceCollectionRights,
  searchWords,
  updateSharingCollection,
  updateSharingCommunity,
} from '@vigil/db';
import type { Actor } from '@vigil/domain';
import { canUseCollection } from '@vigil/domain';
import type { StixId } from '@vigil/stix';
import { disarmCatalogue, disarmTactic, disarmTechnique, isDisarmReference } from '@vigil/stix';
import { randomUUID } from 'node:crypto';
import { HttpProblem } from '../http-problem';
import type { PublishError } from '../sharing/publish-stix-objects';
import { publishStixObjects } from '../sharing/publish-stix-objects';
import { checkBundleText, exportBundleText } from '../sharing/share-bundles';
import { buildFormObjects } from '../sharing/share-forms';
import { deleteSharedObject, revokeSharedObject } from '../sharing/share-withdraw';
import {
  collectionView,
  decodeListCursor,
  encodeListCursor,
  latestVisible,
  objectDetail,
  objectOf,
  producerNames,
  readableCollection,
  summaryOf,
  usableCollection,
  visibleObjects,
  writingOrganisations,
} from '../sharing/share-reads';
import type { FeatureRouter } from './feature';

type ManagedCollection = shareRoutes.ManagedCollection;
type ShareCommunity = shareRoutes.ShareCommunity;

function invalid(errors: readonly FieldError[], detail?: string): HttpProblem {
  return new HttpProblem(422, 'Invalid input', detail ?? (errors.length === 1 ? `${errors[0]?.path}: ${errors[0]?.message}` : `${errors.length} problems in the input`), errors);
}

/** The producing organisation: the one chosen, or the caller's first that may write here. */
function producerOf(actor: Actor, collection: SharingCollection, chosen: string | undefined): string {
  const writers = writingOrganisations(actor, collection);
  if (!canUseCollection(actor, 'write', collection) || writers.length === 0) throw new HttpProblem(403, 'Forbidden', 'you may not write to this collection');
  if (chosen === undefined) return writers[0] ?? '';
  if (!writers.some((id) => id === chosen)) throw invalid([{ path: '/organisationId', message: 'not one of your organisations that may write to this collection' }]);
  return chosen;
}

function publishProblem(error: PublishError): HttpProblem {
  switch (error.type) {
    case 'collection-not-found':
      return new HttpProblem(404, 'Not found', `no collection ${error.collectionId}`);
    case 'producer-not-in-community':
      return invalid([{ path: '/organisationId', message: "the producing organisation is not in the collection's community" }]);
    case 'recipient-not-in-community':
      return invalid([{ path: '/recipientOrganisationIds', message: `AMBER recipients must belong to the collection's community: ${error.organisationIds.join(', ')} do not` }]);
    case 'invalid-objects':
      return invalid(
        error.failures.map((failure) => ({ path: `/objects/${failure.index}`, message: failure.message ?? 'invalid' })),
        `${error.failures.length} invalid objects; nothing was stored`,
      );
    default:
      return throwIllegalValue(error, 'publish error');
  }
}

/** Attack-patterns of the collection visible to `actor` that stand for DISARM techniques `ids`. */
async function existingTechniquePatterns(db: Executor, actor: Actor, collection: SharingCollection, ids: readonly string[]): Promise<Map<string, StixId>> {
  const found = new Map<string, StixId>();
  for (const id of new Set(ids)) {
    const technique = disarmTechnique(id);
    if (!technique) continue;
    const page = await visibleObjects(db, actor, collection, { types: ['attack-pattern'], text: technique.name, versions: { kind: 'some', first: false, last: true, at: [] }, limit: 50 });
    const match = page.objects.find((stored) => {
      const references = objectOf(stored)['external_references'];
      return Array.isArray(references) && references.some((reference: unknown) => isDisarmReference(reference) && (reference as { external_id?: unknown }).external_id === id);
    });
    if (match) found.set(id, match.stixId as StixId);
  }
  return found;
}

async function communityViews(db: Executor): Promise<ShareCommunity[]> {
  const communities = await listSharingCommunities(db);
  const collections = await listSharingCollections(db);
  const names = await organisationNames(db, communities.flatMap((community) => community.organisationIds));
  return communities.map((community) => ({
    id: community.id,
    name: community.name,
    description: community.description,
    organisations: community.organisationIds.map((id) => ({ id, name: names.get(id) ?? id })).sort((a, b) => a.name.localeCompare(b.name)),
    collections: collections
      .filter((collection) => collection.communityId === community.id)
      .map((collection) => ({ id: collection.id, title: collection.title, alias: collection.alias, publicRead: collection.publicRead, defaultTlp: collection.defaultTlp })),
    createdAt: community.createdAt,
  }));
}

async function managedView(db: Executor, collection: SharingCollection | undefined): Promise<ManagedCollection> {
  if (!collection) throw new HttpProblem(404, 'Not found', 'no such collection');
  const ids = [...new Set([...collection.readerOrganisationIds, ...collection.writerOrganisationIds])];
  const names = await organisationNames(db, ids);
  return {
    id: collection.id,
    communityId: collection.communityId,
    communityName: collection.communityName,
    title: collection.title,
    description: collection.description,
    alias: collection.alias,
    publicRead: collection.publicRead,
    defaultTlp: collection.defaultTlp,
    rights: ids
      .map((organisationId) => ({
        organisationId,
        organisationName: names.get(organisationId) ?? organisationId,
        canRead: collection.readerOrganisationIds.includes(organisationId),
        canWrite: collection.writerOrganisationIds.includes(organisationId),
      }))
      .sort((a, b) => a.organisationName.localeCompare(b.organisationName)),
  };
}

/** The sharing hub's web API. */
export function shareRoutesFeature(router: FeatureRouter): void {
  const { services } = router;
  const { db } = services;

  router.route(shareRoutes.listCollections, async ({ auth }) => {
    const collections = (await listSharingCollections(db)).filter((collection) => canUseCollection(auth.actor, 'read', collection) || canUseCollection(auth.actor, 'write', collection));
    const names = await organisationNames(db, collections.flatMap((collection) => [...collection.communityOrganisationIds, ...collection.writerOrganisationIds]));
    const items = [];
    for (const collection of collections) items.push(await collectionView(db, auth.actor, collection, names));
    return { items };
  });

  router.route(shareRoutes.getCollection, async ({ auth, params }) => {
    const collection = await usableCollection(db, auth.actor, params.id);
    return collectionView(db, auth.actor, collection, await organisationNames(db, [...collection.communityOrganisationIds, ...collection.writerOrganisationIds]));
  });

  router.route(shareRoutes.listObjects, async ({ auth, params, query }) => {
    const collection = await readableCollection(db, auth.actor, params.id);
    // A search runs best match first: its cursor carries the score (searchWords, @vigil/db).
    const search = searchWords(query.q).length > 0;
    const page = await visibleObjects(db, auth.actor, collection, {
      types: query.type === undefined ? undefined : [query.type],
      tlps: query.tlp === undefined ? undefined : [query.tlp],
      text: query.q,
      versions: { kind: 'some', first: false, last: true, at: [] },
      after: decodeListCursor(query.cursor, search),
      order: 'desc',
      limit: query.limit,
    });
    const names = await producerNames(db, page.objects);
    const last = page.objects.at(-1);
    return { items: page.objects.map((object) => summaryOf(object, names)), nextCursor: page.more && last ? encodeListCursor(last, search) : null };
  });

  router.route(shareRoutes.getObject, async ({ auth, params }) => {
    const collection = await readableCollection(db, auth.actor, params.id);
    return objectDetail(db, auth.actor, collection, params.objectId);
  });

  router.route(shareRoutes.revokeObject, async ({ auth, params, mutation }) => {
    const collection = await readableCollection(db, auth.actor, params.id);
    return revokeSharedObject({ db, context: mutation, actor: auth.actor, collection, objectId: params.objectId });
  });

  router.route(shareRoutes.deleteObject, async ({ auth, params, mutation }) => {
    const collection = await readableCollection(db, auth.actor, params.id);
    return deleteSharedObject({ db, context: mutation, actor: auth.actor, collection, objectId: params.objectId });
  });

  router.route(shareRoutes.createObject, async ({ auth, params, body, mutation }) => {
    const collection = await usableCollection(db, auth.actor, params.id);
    const producerId = producerOf(auth.actor, collection, body.organisationId);
    const producer = await findOrganisation(db, producerId);
    if (!producer) throw new HttpProblem(404, 'Not found', `no organisation ${producerId}`);
    const references = body.type === 'report' ? body.objectRefs : body.type === 'sighting' ? [body.sightingOfRef] : [];
    // Only readers may refer to what is in the collection; a writer who cannot read refers to nothing.
    const visible = canUseCollection(auth.actor, 'read', collection) ? await latestVisible(db, auth.actor, collection, references) : [];
    const built = buildFormObjects({
      form: body,
      producer: { id: producer.id, name: producer.name, createdAt: new Date(producer.createdAt) },
      now: mutation.now,
      uuid: randomUUID,
      existingTechniques: 'disarmTechniques' in body && canUseCollection(auth.actor, 'read', collection) ? await existingTechniquePatterns(db, auth.actor, collection, body.disarmTechniques) : new Map(),
      visibleIds: new Set(visible.map((object) => object.stixId)),
    });
    if (!built.ok) throw invalid(built.error);
    const result = await publishStixObjects({
      db,
      context: mutation,
      collectionId: collection.id,
      organisationId: producerId,
      recipientOrganisationIds: body.recipientOrganisationIds,
      objects: built.value.objects,
    });
    if (!result.ok) throw publishProblem(result.error);
    return { id: built.value.main.id, stored: built.value.objects.map((object) => object.id) };
  });

  router.route(shareRoutes.validateBundle, ({ body }) => {
    const { objects: _objects, ...validation } = checkBundleText(body.bundle);
    return Promise.resolve(validation);
  });

  router.route(shareRoutes.importBundle, async ({ auth, params, body, mutation }) => {
    const collection = await usableCollection(db, auth.actor, params.id);
    const producerId = producerOf(auth.actor, collection, body.organisationId);
    const checked = checkBundleText(body.bundle);
    if (!checked.valid) {
      throw invalid(
        checked.failures.map((failure) => ({ path: failure.path, message: failure.message })),
        `${checked.invalidObjects} of ${checked.objectCount} objects are invalid${checked.failures.some((failure) => !failure.path.startsWith('/objects/')) ? ' or the file is not a bundle' : ''}; nothing was imported`,
      );
    }
    const result = await publishStixObjects({
      db,
      context: mutation,
      collectionId: collection.id,
      organisationId: producerId,
      tlp: body.tlp,
      recipientOrganisationIds: body.recipientOrganisationIds,
      objects: checked.objects,
    });
    if (!result.ok) throw publishProblem(result.error);
    return { imported: result.value.successCount, statusId: result.value.id };
  });

  router.route(shareRoutes.exportBundle, async ({ auth, params, query }) => {
    const collection = await readableCollection(db, auth.actor, params.id);
    const { text, leftOut } = await exportBundleText(db, auth.actor, collection, `bundle--${randomUUID()}`, query.tlp);
    const filename = `${collection.alias ?? collection.id}${query.tlp === undefined ? '' : `-tlp-${query.tlp.replace('+', '-')}`}.stix.json`;
    return new Response(text, {
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"`, 'x-vigil-left-out': String(leftOut) },
    });
  });

  router.route(shareRoutes.listDisarmTechniques, ({ query }) => {
    const needle = (query.q ?? '').toLowerCase();
    const matching = disarmCatalogue.techniques
      .map((technique) => {
        const tactic = disarmTactic(technique.tactic);
        return { id: technique.id, name: technique.name, tacticId: technique.tactic, tacticName: tactic?.name ?? technique.tactic, phase: tactic?.phase ?? '' };
      })
      .filter((item) => needle === '' || `${item.id} ${item.name} ${item.tacticId} ${item.tacticName}`.toLowerCase().includes(needle));
    return Promise.resolve({ items: matching.slice(0, query.limit), total: matching.length });
  });

  router.route(shareRoutes.listCommunities, async () => ({ items: await communityViews(db) }));

  router.route(shareRoutes.createCommunity, async ({ body, mutation }) => {
    const created = await createSharingCommunity(db, mutation, body);
    const view = (await communityViews(db)).find((community) => community.id === created.id);
    if (!view) throw new Error('the community just created is missing');
    return view;
  });

  router.route(shareRoutes.updateCommunity, async ({ params, body, mutation }) => {
    const updated = await updateSharingCommunity(db, mutation, { id: params.id, ...body });
    if (!updated) throw new HttpProblem(404, 'Not found', 'no such community');
    const view = (await communityViews(db)).find((community) => community.id === updated.id);
    if (!view) throw new Error('the community just updated is missing');
    return view;
  });

  router.route(shareRoutes.createCollection, async ({ params, body, mutation }) => {
    const communities = await listSharingCommunities(db);
    if (!communities.some((community) => community.id === params.id)) throw new HttpProblem(404, 'Not found', 'no such community');
    const created = await createSharingCollection(db, mutation, { communityId: params.id, ...body, alias: body.alias ?? null });
    return managedView(db, created);
  });

  router.route(shareRoutes.getCollectionRights, async ({ params }) => managedView(db, await findSharingCollection(db, params.id)));

  router.route(shareRoutes.updateCollection, async ({ params, body, mutation }) => managedView(db, await updateSharingCollection(db, mutation, { id: params.id, ...body })));

  router.route(shareRoutes.replaceCollectionRights, async ({ params, body, mutation }) =>
    managedView(db, await replaceCollectionRights(db, mutation, { collectionId: params.id, rights: body.rights })),
  );
}
