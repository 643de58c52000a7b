/**
 * Withdrawing a shared object from the web, in the two ways a producer has:
 *
 * - **revoke** (STIX 2.1 section 3.6.3): a new version of the object with `revoked: true` and
 *   a later `modified`, at the same TLP, producer and recipients as the version it replaces.
 *   Consumers polling the collection (TAXII `added_after`) receive it and know to stop using
 *   the object; the earlier versions stay, as the standard wants.
 * - **delete**: every version the caller sees is removed, for mistakes such as a RED report
 *   posted to the wrong collection. Consumers that already fetched it keep their copy, which
 *   the page says before it asks for confirmation.
 *
 * Both are for writers of the collection from the organisation that produced every version
 * (`canDeleteShared`, the policy module); the object must be visible to them, or it is absent
 * (404). Each is one transaction with one audit event (`stix-object.revoke`, `stix-object.delete`).
 */
import type { Executor, MutationContext, SharingCollection, StoredStixObject } from '@vigil/db';
import { addStixObjects, deleteStixObjects } from '@vigil/db';
import type { Actor } from '@vigil/domain';
import { canDeleteShared } from '@vigil/domain';
import { HttpProblem } from '../http-problem';
import { prepareStixObjects } from './prepare-stix-objects';
import { latestVisible, objectOf, versionable, visibleVersions } from './share-reads';

async function withdrawable(db: Executor, actor: Actor, collection: SharingCollection, objectId: string): Promise<StoredStixObject[]> {
  const versions = await visibleVersions(db, actor, collection, objectId);
  if (versions.length === 0) throw new HttpProblem(404, 'Not found', `no object ${objectId} in collection ${collection.id}`);
  if (!versions.every((version) => canDeleteShared(actor, collection, version.producerOrganisationId))) {
    throw new HttpProblem(403, 'Forbidden', 'only writers of the collection from the organisation that produced an object may revoke or delete it');
  }
  return versions;
}

/** Publishes the revoked version of `objectId`; its `modified` is now, or just after the last version when the clock lags. */
export async function revokeSharedObject(input: {
  readonly db: Executor;
  readonly context: MutationContext;
  readonly actor: Actor;
  readonly collection: SharingCollection;
  readonly objectId: string;
}): Promise<{ readonly id: string; readonly version: string }> {
  const { db, context, actor, collection, objectId } = input;
  await withdrawable(db, actor, collection, objectId);
  const [latest] = await latestVisible(db, actor, collection, [objectId]);
  if (!latest) throw new HttpProblem(404, 'Not found', `no object ${objectId} in collection ${collection.id}`);
  const object = objectOf(latest);
  if (!versionable(object)) {
    throw new HttpProblem(422, 'Cannot be revoked', `a ${latest.type} has no versions in STIX 2.1 and cannot be revoked; delete it instead`, [{ path: '/objectId', message: 'not a versioned STIX object' }]);
  }
  if (object['revoked'] === true) throw new HttpProblem(409, 'Already revoked', `${objectId} is already revoked`);
  const previous = new Date(String(object['modified'])).getTime();
  const modified = new Date(Math.max(context.now.getTime(), previous + 1)).toISOString();
  // The stored TLP as default: an unmarked object keeps the level it was stored at, not the collection's default of today.
  const prepared = prepareStixObjects({
    objects: [{ ...object, revoked: true, modified }],
    defaultTlp: latest.tlp,
    producerOrganisationId: latest.producerOrganisationId,
    recipientOrganisationIds: latest.recipientOrganisationIds,
    now: context.now,
  });
  const [revoked] = prepared.objects;
  if (!revoked || prepared.failures.length > 0) throw new Error(`the revoked version of ${objectId} is not valid STIX: ${JSON.stringify(prepared.failures)}`);
  if (revoked.tlp !== latest.tlp) throw new Error(`the revoked version of ${objectId} would change its TLP from ${latest.tlp} to ${revoked.tlp}`);
  const requestedBy = context.actor.id === null ? null : `${context.actor.kind}:${context.actor.id}`;
  await addStixObjects(db, context, { collectionId: collection.id, objects: [revoked], failures: [], requestedBy, auditAction: 'stix-object.revoke' });
  return { id: objectId, version: revoked.version };
}

/** Deletes every version of `objectId` the caller sees; answers how many. */
export async function deleteSharedObject(input: {
  readonly db: Executor;
  readonly context: MutationContext;
  readonly actor: Actor;
  readonly collection: SharingCollection;
  readonly objectId: string;
}): Promise<{ readonly id: string; readonly deletedVersions: number }> {
  const { db, context, actor, collection, objectId } = input;
  const versions = await withdrawable(db, actor, collection, objectId);
  const deleted = await deleteStixObjects(db, context, { collectionId: collection.id, objects: versions });
  return { id: objectId, deletedVersions: deleted };
}
