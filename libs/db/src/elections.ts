import type { Contest, ContestId, Election, ElectionId, JurisdictionId, MilestoneKind, NewElection } from '@vigil/domain';
import { MILESTONE_KINDS } from '@vigil/domain';
import type { Executor } from './database';
import { InputError } from './input-error';
import { findJurisdiction } from './jurisdictions';
import type { MutationContext } from './mutation';
import { inTransaction, iso, recordChange } from './mutation';

/** One election with its calendar and contests, or undefined. */
export async function findElection(db: Executor, id: string): Promise<Election | undefined> {
  const row = await db.selectFrom('elections').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const milestones = await db.selectFrom('milestones').select(['kind', 'date']).where('electionId', '=', id).execute();
  const contests = await db.selectFrom('contests').selectAll().where('electionId', '=', id).orderBy('position').execute();
  return {
    id: row.id as ElectionId,
    name: row.name,
    jurisdictionId: row.jurisdictionId as JurisdictionId,
    electionDay: row.electionDay,
    milestones: milestones
      .map((m) => ({ kind: m.kind, date: m.date }))
      .sort((a, b) => a.date.localeCompare(b.date) || MILESTONE_KINDS.indexOf(a.kind) - MILESTONE_KINDS.indexOf(b.kind)),
    contests: contests.map(
      (c): Contest => ({
        id: c.id as ContestId,
        name: c.name,
        jurisdictionId: c.jurisdictionId as JurisdictionId,
        seats: c.seats,
        votesAllowed: c.votesAllowed,
        choices: c.choices,
      }),
    ),
    createdAt: iso(row.createdAt),
  };
}

/** Elections, latest election day first; the cursor is an offset. */
export async function listElections(
  db: Executor,
  query: { readonly cursor?: string | undefined; readonly limit: number },
): Promise<{ items: { id: ElectionId; name: string; jurisdictionId: JurisdictionId; electionDay: string; contestCount: number }[]; nextCursor: string | null }> {
  const offset = query.cursor ? Number.parseInt(query.cursor, 10) || 0 : 0;
  const rows = await db
    .selectFrom('elections')
    .leftJoin('contests', 'contests.electionId', 'elections.id')
    .select((eb) => ['elections.id', 'elections.name', 'elections.jurisdictionId', 'elections.electionDay', eb.fn.count<number>('contests.id').as('contestCount')])
    .groupBy(['elections.id', 'elections.name', 'elections.jurisdictionId', 'elections.electionDay'])
    .orderBy('elections.electionDay', 'desc')
    .orderBy('elections.id')
    .offset(offset)
    .limit(query.limit + 1)
    .execute();
  return {
    items: rows.slice(0, query.limit).map((r) => ({
      id: r.id as ElectionId,
      name: r.name,
      jurisdictionId: r.jurisdictionId as JurisdictionId,
      electionDay: r.electionDay,
      contestCount: Number(r.contestCount),
    })),
    nextCursor: rows.length > query.limit ? String(offset + query.limit) : null,
  };
}

/** Creates an election with its milestones and contests. */
export async function createElection(db: Executor, context: MutationContext, input: NewElection): Promise<Election> {
  return inTransaction(db, async (trx) => {
    const problems: { path: string; message: string }[] = [];
    if (!(await findJurisdiction(trx, input.jurisdictionId))) problems.push({ path: '/jurisdictionId', message: 'no jurisdiction with this id' });
    for (const [index, contest] of (input.contests ?? []).entries()) {
      if (!(await findJurisdiction(trx, contest.jurisdictionId))) problems.push({ path: `/contests/${index}/jurisdictionId`, message: 'no jurisdiction with this id' });
    }
    if (problems.length > 0) throw new InputError(problems);
    const electionDay = input.milestones.find((m) => m.kind === ('election-day' satisfies MilestoneKind));
    if (!electionDay) throw new InputError([{ path: '/milestones', message: 'exactly one election-day milestone' }]);
    const row = await trx
      .insertInto('elections')
      .values({ name: input.name, jurisdictionId: input.jurisdictionId, electionDay: electionDay.date, createdAt: context.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const milestones = [...new Map(input.milestones.map((m) => [`${m.kind}/${m.date}`, m])).values()];
    if (milestones.length > 0) {
      await trx.insertInto('milestones').values(milestones.map((m) => ({ electionId: row.id, kind: m.kind, date: m.date }))).execute();
    }
    for (const [position, contest] of (input.contests ?? []).entries()) {
      await trx
        .insertInto('contests')
        .values({
          electionId: row.id,
          jurisdictionId: contest.jurisdictionId,
          name: contest.name,
          seats: contest.seats ?? 1,
          votesAllowed: contest.votesAllowed ?? contest.seats ?? 1,
          choices: JSON.stringify(contest.choices),
          position,
        })
        .execute();
    }
    await recordChange(trx, context, { action: 'election.create', targetType: 'election', targetId: row.id, change: input });
    const election = await findElection(trx, row.id);
    if (!election) throw new Error('election vanished after insert');
    return election;
  });
}
