/**
 * `npm run bench -- respond-cases [--cases 100000] [--organisations 40] [--engine pglite|postgres]`:
 * the case list at scale. Seeds `--cases` cases (random TLP, owner and 0–3 collaborators among
 * `--organisations` organisations, over a national → 8 regions → 40 towns tree) with bulk
 * inserts, then times, for an analyst of one organisation (the SQL form of `canSeeCase`):
 * the first page (limit 50) unfiltered, by status, by severity and by a region's subtree; paging
 * through everything visible with limit 1000 (checking no case comes twice); and one case's
 * detail. Each query runs 30 times; p50 and p99 are reported. PostgreSQL takes the server in
 * VIGIL_TEST_DATABASE_URL. Results go to bench/out/respond-cases/.
 */
import type { CaseFilter, CaseReadScope, Executor } from '@vigil/db';
import { findCaseDetail, listCases } from '@vigil/db';
import type { CaseStatus, Severity, Tlp } from '@vigil/domain';
import { CASE_STATUSES, TLP_LEVELS, severityOf } from '@vigil/domain';
import { createTestDatabase } from '@vigil/test-utils';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { percentile, seededRandom } from '../measure';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    organisations: { type: 'string', default: '40' },
    engine: { type: 'string', default: 'pglite' },
  },
});
const total = Number(values.cases);
const organisationCount = Number(values.organisations);
const engine = values.engine === 'postgres' ? 'postgres' : 'pglite';

const random = seededRandom(2027);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

async function timed(runs: number, work: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function seed(db: Executor): Promise<{ organisations: string[]; regions: string[]; towns: string[] }> {
  const now = new Date('2027-03-01T09:00:00Z');
  const organisations: string[] = [];
  for (let index = 0; index < organisationCount; index += 1) {
    const row = await db.insertInto('organisations').values({ name: `Organisation ${index}`, type: index % 2 === 0 ? 'government-agency' : 'election-authority', country: null, createdAt: now }).returning('id').executeTakeFirstOrThrow();
    organisations.push(row.id);
  }
  const jurisdiction = async (parentId: string | null, level: 'national' | 'regional' | 'local', name: string) =>
    (await db.insertInto('jurisdictions').values({ parentId, level, name, code: null, responsibleOrganisationId: pick(organisations), contacts: JSON.stringify([]), createdAt: now }).returning('id').executeTakeFirstOrThrow()).id;
  const national = await jurisdiction(null, 'national', 'Benchland');
  const regions: string[] = [];
  const towns: string[] = [];
  for (let r = 0; r < 8; r += 1) {
    const region = await jurisdiction(national, 'regional', `Region ${r}`);
    regions.push(region);
    for (let l = 0; l < 5; l += 1) towns.push(await jurisdiction(region, 'local', `Town ${r}.${l}`));
  }
  const levels = ['low', 'medium', 'high'] as const;
  const batch = 1000;
  for (let start = 0; start < total; start += batch) {
    const rows = [];
    const collaborators = [];
    for (let index = start; index < Math.min(total, start + batch); index += 1) {
      const id = randomUUID();
      const impact = pick(levels);
      const urgency = pick(levels);
      const owner = pick(organisations);
      const openedAt = new Date(now.getTime() - (total - index) * 60_000);
      rows.push({
        id,
        reference: `CASE-2027-${String(index + 1).padStart(6, '0')}`,
        title: `Case ${index}`,
        summary: '',
        incidentType: pick(['cyber-attack', 'disinformation', 'physical-incident', 'hack-and-leak'] as const),
        impact,
        urgency,
        severity: severityOf(impact, urgency),
        status: pick(CASE_STATUSES),
        tlp: pick(TLP_LEVELS),
        jurisdictionId: pick(towns),
        ownerOrganisationId: owner,
        openedAt,
        updatedAt: openedAt,
      });
      const count = Math.floor(random() * 4);
      for (const organisationId of new Set(Array.from({ length: count }, () => pick(organisations)))) {
        if (organisationId !== owner) collaborators.push({ caseId: id, organisationId, addedAt: openedAt });
      }
    }
    await db.insertInto('respondCases').values(rows).execute();
    if (collaborators.length > 0) await db.insertInto('respondCaseOrganisations').values(collaborators).execute();
  }
  return { organisations, regions, towns };
}

const database = await createTestDatabase(engine);
try {
  const seedStart = performance.now();
  const { organisations, regions } = await seed(database.db);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.log(`seeded ${total} cases over ${organisationCount} organisations in ${seedSeconds.toFixed(1)} s (${engine})`);
  const scope: CaseReadScope = { kind: 'organisations', organisationIds: [organisations[0] as string] };
  const runs = 30;
  const page = (filter: CaseFilter) => () => listCases(database.db, { scope, filter, limit: 50 });
  const results: Record<string, { p50: number; p99: number }> = {
    'first page': await timed(runs, page({})),
    'first page, status investigating': await timed(runs, page({ status: 'investigating' satisfies CaseStatus })),
    'first page, severity critical': await timed(runs, page({ severity: 'critical' satisfies Severity })),
    'first page, a region and its towns': await timed(runs, page({ jurisdictionId: regions[0] })),
  };
  // Every visible case once, pages of 1000.
  const walkStart = performance.now();
  const seen = new Set<string>();
  let cursor: string | null = null;
  let pages = 0;
  do {
    const next = await listCases(database.db, { scope, filter: {}, cursor: cursor ?? undefined, limit: 1000 });
    for (const item of next.items) {
      if (seen.has(item.id)) throw new Error(`case ${item.id} came twice`);
      seen.add(item.id);
    }
    cursor = next.nextCursor;
    pages += 1;
  } while (cursor);
  const walkSeconds = (performance.now() - walkStart) / 1000;
  const visible = await database.db
    .selectFrom('respondCases as c')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) =>
      eb.or([
        eb('c.tlp', '=', 'clear' satisfies Tlp),
        eb('c.ownerOrganisationId', '=', organisations[0] as string),
        eb.and([eb('c.tlp', '<>', 'amber+strict'), eb.exists(eb.selectFrom('respondCaseOrganisations as co').select('co.caseId').whereRef('co.caseId', '=', 'c.id').where('co.organisationId', '=', organisations[0] as string))]),
      ]),
    )
    .executeTakeFirstOrThrow();
  if (Number(visible.n) !== seen.size) throw new Error(`paging saw ${seen.size} cases, ${visible.n} are visible`);
  const some = [...seen][Math.floor(seen.size / 2)] as string;
  results['one case detail'] = await timed(runs, () => findCaseDetail(database.db, some));
  for (const [label, { p50, p99 }] of Object.entries(results)) console.log(`${label}: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
  console.log(`paged through ${seen.size} visible cases in ${pages} pages of 1000: ${walkSeconds.toFixed(2)} s`);
  const out = join(here, '..', 'out', 'respond-cases');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, `${engine}-${total}.json`),
    `${JSON.stringify({ engine, cases: total, organisations: organisationCount, cpus: cpus().length, seedSeconds, visible: seen.size, walkSeconds, pages, results }, null, 2)}\n`,
  );
} finally {
  await database.close();
}
