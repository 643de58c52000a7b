/**
 * The demo country's detection: a small synthetic dataset (about 4,500 posts of 214 accounts,
 * with one planted group per behaviour: co-repost, co-link, co-reply, co-hashtag, identical
 * and near-duplicate text, synchronised posting, an account-creation burst) uploaded by the
 * national cyber security centre, and a finished run on it, so a first look shows
 * communities, a network and evidence. The run takes about 3 s on this machine.
 */
import type { Executor, MutationContext } from '@vigil/db';
import { createDetectDataset, createDetectRun, finishJob } from '@vigil/db';
import { writeSyntheticDataset } from '@vigil/coordination';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runDetection } from './detect-run-job';

/** Synthetic data set parameters: small enough to keep the demo load fast. */
const DEMO_DATA = { seed: 5, organicAccounts: 150, postsPerAccount: 10, hyperactiveAccounts: 4, groupsPerMethod: 1, groupSize: 6, episodes: 6, days: 10 } as const;

/** Uploads the demo dataset for `organisationId` and runs detection on it to the end. */
export async function loadDemoDetection(db: Executor, context: MutationContext, input: { readonly organisationId: string; readonly filesDir: string }): Promise<void> {
  const id = randomUUID();
  const storagePath = join('detect', 'datasets', `${id}.csv`);
  const path = join(input.filesDir, storagePath);
  mkdirSync(join(input.filesDir, 'detect', 'datasets'), { recursive: true });
  writeSyntheticDataset(path, { ...DEMO_DATA, start: Math.floor(context.now.getTime() / 1000) - 12 * 86_400 });
  const dataset = await createDetectDataset(db, context, {
    id,
    organisationId: input.organisationId,
    name: 'valdoria-campaign-posts.csv',
    format: 'generic',
    fileType: 'csv',
    compressed: false,
    columns: ['account_id', 'post_id', 'timestamp', 'text', 'urls', 'repost_of', 'reply_to', 'hashtags', 'account_created'],
    mapping: {},
    sizeBytes: statSync(path).size,
    sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
    storagePath,
    uploadedBy: null,
  });
  const run = await createDetectRun(db, context, { organisationId: input.organisationId, datasetId: dataset.id, parameters: { window: 60, seed: 1 }, createdBy: null });
  // The demo's run is carried out here rather than by the worker, so it is finished at first login.
  const result = await runDetection(
    { db, clock: { now: () => context.now }, config: { filesDir: input.filesDir, secureCookies: false, sessionHours: 12, trustProxy: false, demo: true } },
    { runId: run.id, jobId: run.jobId, progress: () => Promise.resolve() },
  );
  if (run.jobId !== null) await finishJob(db, context, { id: run.jobId, result });
}
