/**
 * The one way other capabilities (cases from respond, campaigns from detect, the CLI's
 * import) publish STIX objects into a sharing collection at a chosen TLP: validated, marked,
 * stored with their producer and named recipients, and recorded in the audit log — all
 * objects or none.
 */
import type { Result } from '@vigil/basics';
import { err, ok } from '@vigil/basics';
import type { Executor, MutationContext, StatusDetail, TaxiiStatusRecord } from '@vigil/db';
import { addStixObjects, findSharingCollection } from '@vigil/db';
import type { Tlp } from '@vigil/domain';
import { prepareStixObjects } from './prepare-stix-objects';

/** Why nothing was published. */
export type PublishError =
  | { readonly type: 'collection-not-found'; readonly collectionId: string }
  | { readonly type: 'producer-not-in-community'; readonly organisationId: string }
  | { readonly type: 'recipient-not-in-community'; readonly organisationIds: readonly string[] }
  | { readonly type: 'invalid-objects'; readonly failures: readonly (StatusDetail & { readonly index: number })[] };

/**
 * Publishes `objects` into `collectionId` as produced by `organisationId` (null: the
 * installation itself). With `tlp`, each object's TLP markings are replaced by that level's
 * TLP 2.0 marking; without it, objects keep their markings and unmarked ones take the
 * collection's default. `recipientOrganisationIds` are the named recipients of AMBER and
 * RED objects (for AMBER they must belong to the collection's community). Nothing is stored
 * unless every object is valid.
 */
export async function publishStixObjects(input: {
  readonly db: Executor;
  readonly context: MutationContext;
  readonly collectionId: string;
  readonly organisationId: string | null;
  readonly tlp?: Tlp | undefined;
  readonly recipientOrganisationIds?: readonly string[] | undefined;
  readonly objects: readonly unknown[];
}): Promise<Result<TaxiiStatusRecord, PublishError>> {
  const collection = await findSharingCollection(input.db, input.collectionId);
  if (!collection) return err({ type: 'collection-not-found', collectionId: input.collectionId });
  const community: readonly string[] = collection.communityOrganisationIds;
  if (input.organisationId !== null && !community.includes(input.organisationId)) {
    return err({ type: 'producer-not-in-community', organisationId: input.organisationId });
  }
  const prepared = prepareStixObjects({
    objects: input.objects,
    defaultTlp: collection.defaultTlp,
    tlp: input.tlp,
    producerOrganisationId: input.organisationId,
    recipientOrganisationIds: input.recipientOrganisationIds,
    now: input.context.now,
  });
  if (prepared.failures.length > 0) return err({ type: 'invalid-objects', failures: prepared.failures });
  const outsiders = (input.recipientOrganisationIds ?? []).filter((id) => !community.includes(id));
  if (outsiders.length > 0 && prepared.objects.some((object) => object.tlp === 'amber')) {
    return err({ type: 'recipient-not-in-community', organisationIds: outsiders });
  }
  const requestedBy = input.context.actor.id === null ? null : `${input.context.actor.kind}:${input.context.actor.id}`;
  return ok(await addStixObjects(input.db, input.context, { collectionId: collection.id, objects: prepared.objects, failures: [], requestedBy }));
}
