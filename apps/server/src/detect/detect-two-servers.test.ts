import { coortweetSample, writeSyntheticDataset } from '@vigil/coordination';
import { findJob, verifyAuditChain } from '@vigil/db';
import type { DetectFixture } from '@vigil/test-utils';
import { TEST_PASSWORD, addDetectDataset, createDetectFixture, testEngines } from '@vigil/test-utils';
import { sql } from 'kysely';
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

/**
 * Two Vigil servers over ONE PostgreSQL database and one files directory, as in a deployment
 * with several instances behind a load balancer. Server A is a real separate process
 * (`apps/server/bin/vigil-server.js`, what `npm start` runs) whose job worker claims the run
 * and carries it out in its child; server B is the app in this test process, with no worker,
 * and receives the cancel. B cannot reach A's child: A must notice the cancel through the
 * database, kill its child and remove the partial outputs and DuckDB's scratch files, and the
 * job must stay cancelled (A's late ending records nothing).
 *
 * PGlite is embedded in one process: two servers cannot share its data directory, so there is
 * no two-server deployment on PGlite and this runs on PostgreSQL only
 * (VIGIL_TEST_DATABASE_URL).
 */

const postgres = testEngines().includes('postgres');
const serverEntry = fileURLToPath(new URL('../../bin/vigil-server.js', import.meta.url));

interface RunView {
  id: string;
  jobId: string;
  status: string;
  error: string | null;
}

interface LogLine {
  level: string;
  message: string;
  jobId?: string;
  when?: string;
}

/** Server A: `vigil-server` in its own process over the fixture's database and files. */
interface ServerProcess {
  readonly process: ChildProcess;
  readonly url: string;
  readonly logs: LogLine[];
  stop(): Promise<void>;
}

async function startServerA(fixture: DetectFixture): Promise<ServerProcess> {
  const base = process.env['VIGIL_TEST_DATABASE_URL'] ?? '';
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(fixture.app.database.db);
  const url = new URL(base);
  url.pathname = `/${rows[0]?.name ?? ''}`;
  const child = spawn(process.execPath, [serverEntry], {
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      HOST: '127.0.0.1',
      PORT: '0',
      VIGIL_DEMO: '0',
      VIGIL_FILES_DIR: fixture.filesDir,
      VIGIL_LOG_LEVEL: 'info',
      VIGIL_DETECT_MAX_OLD_SPACE_MB: '1024',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  let stdout = '';
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const listening = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server A exited (${code ?? 'signal'}) before listening: ${stderr.slice(-2000)}`)));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const lines = stdout.split('\n');
      stdout = lines.pop() ?? '';
      for (const line of lines) {
        const running = /Vigil is running at (\S+) /.exec(line);
        if (running?.[1] !== undefined) resolve(running[1]);
        if (line.startsWith('{')) logs.push(JSON.parse(line) as LogLine);
      }
    });
  });
  const address = await listening;
  return {
    process: child,
    url: address,
    logs,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Processes whose parent is `pid` running the detection child's entry. */
function detectionChildrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid), '-f', 'detect-child'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(Number);
  } catch {
    return [];
  }
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}


test.skip('pglite: two servers cannot share one embedded data directory, so there is no two-server cancel to test there', () => undefined);

test.skipIf(!postgres)(
  'postgres: a run carried out by server A is cancelled through server B; A kills its child, removes outputs and scratch files, and the job stays cancelled and audited',
  async () => {
    const fixture = await createDetectFixture('postgres', { detectMaxOldSpaceMb: 1024 });
    let serverA: ServerProcess | undefined;
    try {
      const large = await addDetectDataset(fixture, 'synthetic.csv', 'generic', (path) => writeSyntheticDataset(path, { seed: 11 }));
      const small = await addDetectDataset(fixture, 'retweets.csv', 'coortweet', (path) => writeFileSync(path, coortweetSample({ seed: 7 }).csv));
      serverA = await startServerA(fixture);
      const a = serverA;
      expect((await fetch(`${a.url}/api/health`)).status).toBe(200);

      // Queued through B (this process, no worker); A's worker claims it.
      const created = await fixture.analyst.call('POST', '/api/v1/detect/runs', { datasetId: large, window: 60 });
      expect(created.status).toBe(201);
      const run = (await created.json()) as RunView;
      const outDir = join(fixture.filesDir, 'detect', 'runs', run.id);
      const scratchDir = join(fixture.filesDir, 'detect', 'scratch', run.id);
      // In progress in A's child: a message from the child (not the parent's 'starting').
      await until('the run to work in A', 60_000, async () => {
        const job = await findJob(fixture.app.database.db, run.jobId);
        if (job?.status !== 'running' && job?.status !== 'queued') throw new Error(`the run did not get going: ${JSON.stringify(job)}`);
        return job.status === 'running' && job.message !== null && job.message !== 'starting' ? job : undefined;
      });
      const children = detectionChildrenOf(a.process.pid ?? 0);
      expect(children).toHaveLength(1);
      const childPid = children[0] ?? 0;
      // Nothing runs in B.
      expect(detectionChildrenOf(process.pid)).toEqual([]);
      const locked = await fixture.app.database.db.selectFrom('jobs').select(['lockedBy']).where('id', '=', run.jobId).executeTakeFirstOrThrow();
      expect(locked.lockedBy).toMatch(/^worker-/);
      expect(existsSync(outDir)).toBe(true);
      expect(readdirSync(scratchDir).some((name) => name.startsWith('vigil-detect-'))).toBe(true);

      const cancelledAt = Date.now();
      const cancelled = await fixture.analyst.call('POST', `/api/v1/detect/runs/${run.id}/cancel`);
      expect(cancelled.status).toBe(200);
      expect(((await cancelled.json()) as RunView).status).toBe('cancelled');

      // A notices through the database, kills its child and cleans up; its worker ends the job
      // without recording anything (the job was cancelled already).
      await until('A to stop the run', 30_000, () =>
        a.logs.some((line) => line.message === 'job stopped after it was cancelled' && line.jobId === run.jobId) ? true : undefined,
      );
      const stoppedAfterMs = Date.now() - cancelledAt;
      // Stopped while its child worked, not after it had finished on its own.
      expect(a.logs.filter((line) => line.message === 'detection run cancelled' && line.jobId === run.jobId).map((line) => line.when)).toEqual(['while-running']);
      expect(() => process.kill(childPid, 0)).toThrow();
      expect(detectionChildrenOf(a.process.pid ?? 0)).toEqual([]);
      expect(existsSync(outDir)).toBe(false);
      expect(existsSync(scratchDir)).toBe(false);
      // Within a few of A's one-second polls even on a loaded machine.
      expect(stoppedAfterMs).toBeLessThan(15_000);

      const job = await fixture.app.database.db.selectFrom('jobs').select(['status', 'lockedBy', 'error', 'finishedAt']).where('id', '=', run.jobId).executeTakeFirstOrThrow();
      expect(job).toMatchObject({ status: 'cancelled', lockedBy: null, error: null });
      expect(job.finishedAt).not.toBeNull();
      // Seen through either server.
      for (const server of [(path: string) => fixture.analyst.call('GET', path), (path: string) => fetchAs(a.url, fixture, path)]) {
        expect(((await (await server(`/api/v1/detect/runs/${run.id}`)).json()) as RunView)).toMatchObject({ status: 'cancelled', error: null });
      }

      // A carries on: the next run queued (through B) is taken by A and finishes; the cancelled
      // one is never taken again and still cancelled afterwards.
      const next = (await (await fixture.analyst.call('POST', '/api/v1/detect/runs', { datasetId: small, methods: ['co-repost'] })).json()) as RunView;
      await until('the next run to finish in A', 120_000, async () => {
        const status = (await findJob(fixture.app.database.db, next.jobId))?.status;
        if (status === 'failed' || status === 'cancelled') throw new Error(`the next run ${status}`);
        return status === 'succeeded' ? status : undefined;
      });
      expect((await findJob(fixture.app.database.db, run.jobId))?.status).toBe('cancelled');
      expect(existsSync(outDir)).toBe(false);
      expect(existsSync(join(fixture.filesDir, 'detect', 'runs', next.id, 'edges.csv'))).toBe(true);

      const events = await fixture.app.database.db.selectFrom('auditEvents').select(['action', 'targetId', 'actor']).orderBy('seq').execute();
      const mine = events.filter((event) => event.targetId === run.id || event.targetId === run.jobId);
      expect(mine.map((event) => event.action)).toEqual(['detect.run.create', 'job.enqueue', 'job.cancel', 'detect.run.cancel']);
      expect(mine.find((event) => event.action === 'detect.run.cancel')?.actor).toMatchObject({ kind: 'user', id: fixture.analyst.userId });
      expect((await verifyAuditChain(fixture.app.database.db)).ok).toBe(true);
    } finally {
      await serverA?.stop();
      await fixture.app.close();
    }
  },
  240_000,
);

/** A GET on server A with the analyst's session (sessions live in the shared database). */
async function fetchAs(base: string, fixture: DetectFixture, path: string): Promise<Response> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: fixture.analyst.email, password: TEST_PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return fetch(`${base}${path}`, { headers: { cookie } });
}
