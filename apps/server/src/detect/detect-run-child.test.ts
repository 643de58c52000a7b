import { coortweetSample, writeSyntheticDataset } from '@vigil/coordination';
import { findJob, verifyAuditChain } from '@vigil/db';
import type { DetectFixture } from '@vigil/test-utils';
import { addDetectDataset, createDetectFixture, testEngines } from '@vigil/test-utils';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeChildExit } from './run-in-child';

/**
 * A detection run is carried out in a child process: the server keeps answering while it
 * works, a cancel kills it and leaves nothing behind, and the child's death becomes a failed
 * run saying how it died. The long run is the synthetic generator's default data set (about
 * 50,000 posts with planted groups), long enough to be caught in progress; the short one is
 * CooRTweet's four columns with two planted groups (`coortweetSample`).
 */

interface Fixture extends DetectFixture {
  readonly largeDataset: string;
  readonly smallDataset: string;
}

const engines = testEngines();
const fixtures = new Map<string, Fixture>();


async function createFixture(engine: (typeof engines)[number]): Promise<Fixture> {
  const base = await createDetectFixture(engine, { detectMaxOldSpaceMb: 1024 });
  return {
    ...base,
    largeDataset: await addDetectDataset(base, 'synthetic.csv', 'generic', (path) => writeSyntheticDataset(path, { seed: 11 })),
    smallDataset: await addDetectDataset(base, 'retweets.csv', 'coortweet', (path) => writeFileSync(path, coortweetSample({ seed: 7 }).csv)),
  };
}

beforeAll(async () => {
  for (const engine of engines) fixtures.set(engine, await createFixture(engine));
}, 300_000);

afterAll(async () => {
  for (const fixture of fixtures.values()) await fixture.app.close();
});

function get(engine: string): Fixture {
  const fixture = fixtures.get(engine);
  if (!fixture) throw new Error(`no fixture for ${engine}`);
  return fixture;
}

interface RunView {
  id: string;
  jobId: string;
  status: string;
  progress: number;
  message: string | null;
  error: string | null;
}

/** Starts the worker on the queued run and waits until the child has reported progress. */
async function startInChild(fixture: Fixture, datasetId: string): Promise<{ run: RunView; worker: Promise<boolean>; settled: () => boolean }> {
  const run = (await (await fixture.analyst.call('POST', '/api/v1/detect/runs', { datasetId, window: 60 })).json()) as RunView;
  let done = false;
  const worker = fixture.runOnce().finally(() => {
    done = true;
  });
  for (;;) {
    const job = await findJob(fixture.app.database.db, run.jobId);
    // The first message is the parent's 'starting'; later ones come from the child.
    if (job?.status === 'running' && job.message !== null && job.message !== 'starting') break;
    if (done || job?.status !== 'running' && job?.status !== 'queued') throw new Error(`the run did not get going: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { run, worker, settled: () => done };
}

/** Child processes of this test process running the detection entry. */
function detectionChildren(): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(process.pid), '-f', 'detect-child'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(Number);
  } catch {
    return [];
  }
}

test.each(engines)('%s: the server answers while a run works in its child; a cancel kills it, removes its outputs, is audited and sticks', async (engine) => {
  const fixture = get(engine);
  const { analyst } = fixture;
  const { run, worker, settled } = await startInChild(fixture, fixture.largeDataset);

  // Answered while the run is still in progress: its JavaScript steps are not on this event loop.
  const during = await analyst.call('GET', `/api/v1/detect/runs/${run.id}`);
  expect(during.status).toBe(200);
  const seen = (await during.json()) as RunView;
  expect(seen.status).toBe('running');
  expect(settled()).toBe(false);
  expect((await analyst.call('GET', '/api/v1/detect/datasets')).status).toBe(200);
  expect(settled()).toBe(false);
  expect(detectionChildren()).toHaveLength(1);
  // The child's temporary files go to the run's own scratch directory.
  expect(readdirSync(join(fixture.filesDir, 'detect', 'scratch', run.id)).some((name) => name.startsWith('vigil-detect-'))).toBe(true);

  // Neither another organisation nor a viewer may cancel it.
  expect((await fixture.outsider.call('POST', `/api/v1/detect/runs/${run.id}/cancel`)).status).toBe(404);
  expect((await fixture.viewer.call('POST', `/api/v1/detect/runs/${run.id}/cancel`)).status).toBe(403);

  const cancelled = await analyst.call('POST', `/api/v1/detect/runs/${run.id}/cancel`);
  expect(cancelled.status).toBe(200);
  expect(((await cancelled.json()) as RunView).status).toBe('cancelled');
  // The cancel waited for the child to die and for the partial outputs to go.
  expect(detectionChildren()).toEqual([]);
  expect(existsSync(join(fixture.filesDir, 'detect', 'runs', run.id))).toBe(false);
  expect(await worker).toBe(true);
  // Its temporary files too (DuckDB's scratch directory under the run's TMPDIR).
  expect(existsSync(join(fixture.filesDir, 'detect', 'scratch', run.id))).toBe(false);

  const after = (await (await analyst.call('GET', `/api/v1/detect/runs/${run.id}`)).json()) as RunView;
  expect(after).toMatchObject({ status: 'cancelled', error: null });
  const list = (await (await analyst.call('GET', '/api/v1/detect/runs')).json()) as { items: RunView[] };
  expect(list.items.find((item) => item.id === run.id)?.status).toBe('cancelled');
  expect((await analyst.call('GET', `/api/v1/detect/runs/${run.id}/communities`)).status).toBe(409);
  const again = await analyst.call('POST', `/api/v1/detect/runs/${run.id}/cancel`);
  expect(again.status).toBe(409);
  expect(((await again.json()) as { detail: string }).detail).toBe('the run was cancelled already; only a queued or running run can be cancelled');
  // The worker never picks a cancelled job up again.
  expect(await fixture.runOnce()).toBe(false);

  const events = await fixture.app.database.db.selectFrom('auditEvents').select(['action', 'targetId']).orderBy('seq').execute();
  const mine = events.filter((event) => event.targetId === run.id || event.targetId === run.jobId).map((event) => event.action);
  expect(mine).toEqual(['detect.run.create', 'job.enqueue', 'job.cancel', 'detect.run.cancel']);
  expect((await verifyAuditChain(fixture.app.database.db)).ok).toBe(true);
}, 240_000);

test.each(engines)('%s: a queued run is cancelled before any worker takes it; a finished run cannot be cancelled', async (engine) => {
  const fixture = get(engine);
  const { analyst } = fixture;
  const queued = (await (await analyst.call('POST', '/api/v1/detect/runs', { datasetId: fixture.smallDataset, methods: ['co-repost'] })).json()) as RunView;
  const cancelled = await analyst.call('POST', `/api/v1/detect/runs/${queued.id}/cancel`);
  expect(cancelled.status).toBe(200);
  expect(await fixture.runOnce()).toBe(false);
  expect((await findJob(fixture.app.database.db, queued.jobId))?.status).toBe('cancelled');

  const finished = (await (await analyst.call('POST', '/api/v1/detect/runs', { datasetId: fixture.smallDataset, methods: ['co-repost'] })).json()) as RunView;
  expect(await fixture.runOnce()).toBe(true);
  expect(((await (await analyst.call('GET', `/api/v1/detect/runs/${finished.id}`)).json()) as RunView).status).toBe('succeeded');
  const refused = await analyst.call('POST', `/api/v1/detect/runs/${finished.id}/cancel`);
  expect(refused.status).toBe(409);
  expect(((await refused.json()) as { detail: string }).detail).toBe('the run has finished; only a queued or running run can be cancelled');
  // Its outputs stay, with the sorted Parquet copies browsing reads.
  const files = readdirSync(join(fixture.filesDir, 'detect', 'runs', finished.id, 'browse')).sort();
  expect(files).toEqual(['accounts.parquet', 'community-edges.parquet']);
}, 240_000);

test.each(engines)('%s: a child killed from outside fails the run with how it died, and leaves no outputs', async (engine) => {
  const fixture = get(engine);
  const { run, worker } = await startInChild(fixture, fixture.largeDataset);
  const children = detectionChildren();
  expect(children).toHaveLength(1);
  process.kill(children[0] ?? 0, 'SIGKILL');
  expect(await worker).toBe(true);
  const failed = (await (await fixture.analyst.call('GET', `/api/v1/detect/runs/${run.id}`)).json()) as RunView;
  expect(failed.status).toBe('failed');
  expect(failed.error).toBe('the detection process was killed by signal SIGKILL before finishing');
  expect(existsSync(join(fixture.filesDir, 'detect', 'runs', run.id))).toBe(false);
}, 240_000);

test("a real V8 heap exhaustion past --max-old-space-size is recognised from the process's stderr", () => {
  const crashed = spawnSync(process.execPath, ['--max-old-space-size=16', '-e', 'const a = []; for (;;) a.push(new Array(1e5).fill(1.5));'], { encoding: 'utf8' });
  expect(crashed.status === 0).toBe(false);
  expect(describeChildExit({ code: crashed.status, signal: crashed.signal, stderr: crashed.stderr, maxOldSpaceMb: 16 })).toBe(
    'the detection process ran out of memory (its JavaScript heap is limited to 16 MB; raise VIGIL_DETECT_MAX_OLD_SPACE_MB or run on less data)',
  );
}, 60_000);

test('how a child died is said in words: heap exhausted, signal, exit code with its last line', () => {
  // V8's own message when --max-old-space-size is reached (Node 20).
  const oom = '<--- Last few GCs --->\n\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n';
  expect(describeChildExit({ code: null, signal: 'SIGABRT', stderr: oom, maxOldSpaceMb: 512 })).toBe(
    'the detection process ran out of memory (its JavaScript heap is limited to 512 MB; raise VIGIL_DETECT_MAX_OLD_SPACE_MB or run on less data)',
  );
  expect(describeChildExit({ code: null, signal: 'SIGTERM', stderr: '', maxOldSpaceMb: 512 })).toBe('the detection process was killed by signal SIGTERM before finishing');
  expect(describeChildExit({ code: 3, signal: null, stderr: 'warming up\nError: cannot open libduckdb.so\n\n', maxOldSpaceMb: 512 })).toBe(
    'the detection process exited with code 3 before finishing: Error: cannot open libduckdb.so',
  );
});
