/**
 * The detection API tests' common ground: an app over a fresh database with the job worker's
 * handlers, and three callers — an analyst of Agency A, an analyst of another organisation and
 * a viewer of Agency A.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createDetectDataset } from '@vigil/db';
import type { Services } from '@vigil/server';
import { createJobWorker, jobHandlers } from '@vigil/server';
import type { TestApp, TestClient } from './test-app';
import { TEST_PASSWORD, createTestApp, login, seedUser } from './test-app';
import type { TestEngine } from './test-database';

export interface DetectFixture {
  readonly app: TestApp;
  readonly filesDir: string;
  /** Lets the job worker take and carry out one queued job. */
  readonly runOnce: () => Promise<boolean>;
  readonly analyst: TestClient;
  readonly outsider: TestClient;
  readonly viewer: TestClient;
  /** Agency A, the analyst's and the viewer's organisation. */
  readonly organisationId: string;
}

export async function createDetectFixture(
  engine: TestEngine,
  config: Partial<Omit<Services['config'], 'filesDir'>> = {},
): Promise<DetectFixture> {
  const app = await createTestApp(engine, { config });
  const worker = createJobWorker({ db: app.database.db, clock: app.clock, logger: app.services.logger, handlers: jobHandlers(app.services) });
  const seeded = await seedUser(app, { email: 'analyst@a.example', role: 'analyst', organisationName: 'Agency A', organisationType: 'government-agency' });
  await seedUser(app, { email: 'outsider@b.example', role: 'analyst', organisationName: 'Watchdog B', organisationType: 'civil-society' });
  await seedUser(app, { email: 'viewer@a.example', role: 'viewer', organisationName: 'Agency A' });
  return {
    app,
    filesDir: app.services.config.filesDir,
    runOnce: () => worker.runOnce(),
    analyst: await login(app, 'analyst@a.example', TEST_PASSWORD),
    outsider: await login(app, 'outsider@b.example', TEST_PASSWORD),
    viewer: await login(app, 'viewer@a.example', TEST_PASSWORD),
    organisationId: seeded.organisationId,
  };
}

/**
 * Stores a CSV dataset of the fixture's organisation as an upload would, its file written by
 * `write` under the files directory; returns the dataset's id.
 */
export async function addDetectDataset(
  fixture: Pick<DetectFixture, 'app' | 'filesDir' | 'organisationId'>,
  name: string,
  format: 'generic' | 'coortweet',
  write: (path: string) => void,
): Promise<string> {
  const id = randomUUID();
  const storagePath = join('detect', 'datasets', `${id}.csv`);
  mkdirSync(join(fixture.filesDir, 'detect', 'datasets'), { recursive: true });
  const path = join(fixture.filesDir, storagePath);
  write(path);
  await createDetectDataset(fixture.app.database.db, { actor: { kind: 'system', id: 'test', label: 'test' }, now: fixture.app.clock.now() }, {
    id,
    organisationId: fixture.organisationId,
    name,
    format,
    fileType: 'csv',
    compressed: false,
    columns: [],
    mapping: {},
    sizeBytes: statSync(path).size,
    sha256: '0'.repeat(64),
    storagePath,
    uploadedBy: null,
  });
  return id;
}
