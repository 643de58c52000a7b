import { detectRoutes as routes } from '@vigil/api';
import type { DetectDatasetRecord, DetectRunRecord, OrganisationScope } from '@vigil/db';
import {
  cancelDetectRun,
  createDetectDataset,
  createDetectRun,
  findDetectCommunity,
  findDetectDataset,
  findDetectRun,
  InputError,
  inTransaction,
  listDetectCommunities,
  listDetectDatasets,
  listDetectRuns,
  listSharingCollections,
  recordChange,
} from '@vigil/db';
import type { Actor, OrganisationId } from '@vigil/domain';
import { can, canUseCollection } from '@vigil/domain';
import { throwIllegalValue } from '@vigil/basics';
import type { RequestAuth } from '../context';
import { rm } from 'node:fs/promises';
import { communityStixObjects } from '../detect/community-stix';
import { stopLocalRun } from '../detect/detect-run-job';
import { communityAccounts, communityEdges, edgeEvidence, fileResponse, runDirectory } from '../detect/run-files';
import { DEFAULT_DETECT_MAX_UPLOAD_BYTES, storeUpload } from '../detect/store-upload';
import { HttpProblem } from '../http-problem';
import { publishStixObjects } from '../sharing/publish-stix-objects';
import type { FeatureRouter } from './feature';

/** The organisations whose detection records `actor` may read (or run on). */
function scopeOf(actor: Actor, action: 'detect.read' | 'detect.run'): OrganisationScope {
  if (actor.kind === 'system') return 'all';
  if (actor.kind !== 'user') return [];
  if (actor.isAdmin && can(actor, action)) return 'all';
  return actor.memberships.filter((m) => can(actor, action, { organisationId: m.organisationId })).map((m) => m.organisationId);
}

/** Accounts a community's page shows at first; listCommunityAccounts pages through the rest. */
const COMMUNITY_ACCOUNTS_FIRST_PAGE = 200;

function notFound(what: string): HttpProblem {
  return new HttpProblem(404, 'Not found', `no ${what} with this id`);
}

function datasetOut(dataset: DetectDatasetRecord) {
  return { ...dataset, format: dataset.format as routes.DetectFormat, fileType: dataset.fileType as 'csv' | 'jsonl' | 'parquet' };
}

function runOut(run: DetectRunRecord) {
  return run as Omit<DetectRunRecord, 'parameters' | 'summary'> & { parameters: never; summary: never };
}

/**
 * Coordinated-behaviour detection: datasets, runs as background jobs, browsing of a finished
 * run's outputs and publication of a community into sharing. Another organisation's records
 * answer 404, as if they did not exist.
 */
export function detectRoutes(router: FeatureRouter): void {
  const { services } = router;

  const readableRun = async (auth: RequestAuth, id: string): Promise<DetectRunRecord> => {
    const run = await findDetectRun(services.db, id);
    if (!run || !can(auth.actor, 'detect.read', { organisationId: run.organisationId as OrganisationId })) throw notFound('detection run');
    return run;
  };
  const finishedRun = async (auth: RequestAuth, id: string): Promise<DetectRunRecord> => {
    const run = await readableRun(auth, id);
    if (run.summary === null) throw new HttpProblem(409, 'Run not finished', run.status === 'failed' ? `the run failed: ${run.error ?? ''}` : `the run is ${run.status}; wait until it has succeeded`);
    return run;
  };

  router.route(routes.uploadDataset, async ({ c, auth, query, mutation }) => {
    const allowed = scopeOf(auth.actor, 'detect.run');
    let organisationId = query.organisationId as string | undefined;
    if (organisationId !== undefined) {
      if (!can(auth.actor, 'detect.run', { organisationId: organisationId as OrganisationId })) {
        throw new HttpProblem(403, 'Forbidden', 'you may not run detection for this organisation');
      }
    } else {
      organisationId = allowed === 'all' ? (auth.actor.kind === 'user' ? auth.actor.memberships[0]?.organisationId : undefined) : allowed[0];
      if (organisationId === undefined) throw new InputError([{ path: '/query/organisationId', message: 'required: you belong to no organisation' }]);
    }
    const stored = await storeUpload({
      body: c.req.raw.body,
      filesDir: services.config.filesDir,
      name: query.name,
      format: query.format,
      mapping: query.mapping ?? {},
      maxBytes: services.config.detectMaxUploadBytes ?? DEFAULT_DETECT_MAX_UPLOAD_BYTES,
    });
    const dataset = await createDetectDataset(services.db, mutation, {
      id: stored.id,
      organisationId,
      name: query.name,
      format: query.format,
      fileType: stored.fileType,
      compressed: stored.compressed,
      columns: stored.columns,
      mapping: query.mapping ?? {},
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      storagePath: stored.storagePath,
      uploadedBy: auth.actor.kind === 'user' ? auth.actor.userId : null,
    });
    return datasetOut(dataset);
  });

  router.route(routes.listDatasets, async ({ auth, query }) => {
    const page = await listDetectDatasets(services.db, { scope: scopeOf(auth.actor, 'detect.read'), cursor: query.cursor, limit: query.limit });
    return { items: page.items.map(datasetOut), nextCursor: page.nextCursor };
  });

  router.route(routes.getDataset, async ({ auth, params }) => {
    const dataset = await findDetectDataset(services.db, params.id);
    if (!dataset || !can(auth.actor, 'detect.read', { organisationId: dataset.organisationId as OrganisationId })) throw notFound('dataset');
    return datasetOut(dataset);
  });

  router.route(routes.createRun, async ({ auth, body, mutation }) => {
    const dataset = await findDetectDataset(services.db, body.datasetId);
    if (!dataset || !can(auth.actor, 'detect.run', { organisationId: dataset.organisationId as OrganisationId })) {
      throw new InputError([{ path: '/datasetId', message: 'no dataset with this id that you may run detection on' }]);
    }
    const { datasetId, ...parameters } = body;
    const run = await createDetectRun(services.db, mutation, {
      organisationId: dataset.organisationId,
      datasetId,
      parameters,
      createdBy: auth.actor.kind === 'user' ? auth.actor.userId : null,
    });
    return runOut(run);
  });

  router.route(routes.listRuns, async ({ auth, query }) => {
    const page = await listDetectRuns(services.db, { scope: scopeOf(auth.actor, 'detect.read'), datasetId: query.datasetId, cursor: query.cursor, limit: query.limit });
    return { items: page.items.map(runOut), nextCursor: page.nextCursor };
  });

  router.route(routes.getRun, async ({ auth, params }) => runOut(await readableRun(auth, params.id)));

  router.route(routes.listCommunities, async ({ auth, params, query }) => {
    await finishedRun(auth, params.id);
    return listDetectCommunities(services.db, { runId: params.id, cursor: query.cursor, limit: query.limit });
  });

  router.route(routes.getCommunity, async ({ auth, params }) => {
    await finishedRun(auth, params.id);
    const community = await findDetectCommunity(services.db, params.id, params.community);
    if (!community) throw notFound('community');
    const accounts = await communityAccounts({ dir: runDirectory(services.config.filesDir, params.id), community: params.community, limit: COMMUNITY_ACCOUNTS_FIRST_PAGE });
    return { ...community, accounts: accounts.items, accountsNextCursor: accounts.nextCursor };
  });

  router.route(routes.listCommunityAccounts, async ({ auth, params, query }) => {
    await finishedRun(auth, params.id);
    if (!(await findDetectCommunity(services.db, params.id, params.community))) throw notFound('community');
    return communityAccounts({ dir: runDirectory(services.config.filesDir, params.id), community: params.community, limit: query.limit, cursor: query.cursor });
  });

  router.route(routes.listCommunityEdges, async ({ auth, params, query }) => {
    await finishedRun(auth, params.id);
    if (!(await findDetectCommunity(services.db, params.id, params.community))) throw notFound('community');
    return communityEdges({ dir: runDirectory(services.config.filesDir, params.id), community: params.community, limit: query.limit, cursor: query.cursor });
  });

  router.route(routes.cancelRun, async ({ auth, params, mutation }) => {
    const run = await readableRun(auth, params.id);
    if (!can(auth.actor, 'detect.run', { organisationId: run.organisationId as OrganisationId })) {
      throw new HttpProblem(403, 'Forbidden', "you may not cancel this organisation's runs");
    }
    const outcome = await cancelDetectRun(services.db, mutation, run.id);
    if (!outcome.cancelled) {
      const state = outcome.status === 'cancelled' ? 'was cancelled already' : outcome.status === 'failed' ? 'has failed' : 'has finished';
      throw new HttpProblem(409, 'Run already ended', `the run ${state}; only a queued or running run can be cancelled`);
    }
    // Kills the child when this server runs it (another server's run notices within a second).
    await stopLocalRun(run.id);
    await rm(runDirectory(services.config.filesDir, run.id), { recursive: true, force: true });
    return runOut(await readableRun(auth, run.id));
  });

  router.route(routes.getEvidence, async ({ auth, params, query }) => {
    await finishedRun(auth, params.id);
    const offset = query.cursor ? Math.max(0, Number.parseInt(query.cursor, 10) || 0) : 0;
    const rows = await edgeEvidence({
      dir: runDirectory(services.config.filesDir, params.id),
      accountA: query.a,
      accountB: query.b,
      behaviour: query.behaviour,
      limit: query.limit + 1,
      offset,
    });
    return { items: rows.slice(0, query.limit), nextCursor: rows.length > query.limit ? String(offset + query.limit) : null };
  });

  router.route(routes.downloadRunFile, async ({ auth, params }) => {
    const run = await finishedRun(auth, params.id);
    const response = await fileResponse({
      dir: runDirectory(services.config.filesDir, run.id),
      file: params.file,
      downloadName: `${run.datasetName.replace(/\.[^.]*$/, '')}-${run.id.slice(0, 8)}-${params.file}`,
    });
    if (!response) throw notFound('output file');
    return response;
  });

  router.route(routes.listPublishTargets, async ({ auth }) => {
    const collections = await listSharingCollections(services.db);
    return {
      items: collections
        .filter((collection) => canUseCollection(auth.actor, 'write', collection))
        .map((collection) => ({ id: collection.id, title: collection.title, communityName: collection.communityName, defaultTlp: collection.defaultTlp })),
    };
  });

  router.route(routes.publishCommunity, async ({ auth, params, body, mutation }) => {
    const run = await finishedRun(auth, params.id);
    if (!can(auth.actor, 'detect.run', { organisationId: run.organisationId as OrganisationId })) {
      throw new HttpProblem(403, 'Forbidden', "you may not publish this organisation's findings");
    }
    const selected = await communityStixObjects(runDirectory(services.config.filesDir, run.id), params.community);
    if (!selected) throw notFound('community');
    const collections = await listSharingCollections(services.db);
    const collection = collections.find((candidate) => candidate.id === body.collectionId);
    if (!collection || !canUseCollection(auth.actor, 'write', collection)) {
      throw new InputError([{ path: '/collectionId', message: 'no collection with this id that you may write to' }]);
    }
    const status = await inTransaction(services.db, async (trx) => {
      const published = await publishStixObjects({
        db: trx,
        context: mutation,
        collectionId: collection.id,
        organisationId: run.organisationId,
        tlp: body.tlp,
        recipientOrganisationIds: body.recipientOrganisationIds,
        objects: selected.objects,
      });
      if (!published.ok) {
        const error = published.error;
        switch (error.type) {
          case 'collection-not-found':
            throw new InputError([{ path: '/collectionId', message: 'no such collection' }]);
          case 'producer-not-in-community':
            throw new InputError([{ path: '/collectionId', message: "the run's organisation is not a member of this collection's community" }]);
          case 'recipient-not-in-community':
            throw new InputError([{ path: '/recipientOrganisationIds', message: `not members of the community: ${error.organisationIds.join(', ')}` }]);
          case 'invalid-objects':
            throw new HttpProblem(500, 'Invalid campaign', `the run's STIX objects did not validate: ${error.failures.map((failure) => failure.message ?? failure.id).join('; ')}`);
          default:
            return throwIllegalValue(error, 'publish error');
        }
      }
      await recordChange(trx, mutation, {
        action: 'detect.community.publish',
        targetType: 'detect-run',
        targetId: run.id,
        change: { community: params.community, collectionId: collection.id, tlp: body.tlp, campaignId: selected.campaignId, objects: selected.objects.length },
      });
      return published.value;
    });
    void status;
    return { collectionId: collection.id, objects: selected.objects.length, campaignId: selected.campaignId };
  });
}
