/**
 * Requests from a case to a platform (label, remove, preserve evidence, provide data),
 * tracked with their status (sent, acknowledged, actioned, refused, no answer), every answer
 * the platform gives and the outcome. The platform organisation's users see and answer the
 * requests addressed to it; the case's organisations see their case's requests.
 */
import type { Executor } from './database';
import { InputError, NotFoundError } from './input-error';
import type { MutationContext } from './mutation';
import { inTransaction, iso, recordChange } from './mutation';
import { addTimelineEntry } from './respond-cases';
import { notifyOrganisations } from './respond-notifications';

/** What a platform is asked to do. */
export const PLATFORM_REQUEST_KINDS = ['label', 'remove', 'preserve-evidence', 'provide-data'] as const;
export type PlatformRequestKind = (typeof PLATFORM_REQUEST_KINDS)[number];

/** Where a platform request stands. */
export const PLATFORM_REQUEST_STATUSES = ['sent', 'acknowledged', 'actioned', 'refused', 'no-answer'] as const;
export type PlatformRequestStatus = (typeof PLATFORM_REQUEST_STATUSES)[number];

/** One answer or status change in a request's history. */
export interface PlatformRequestAnswer {
  readonly at: string;
  readonly status: PlatformRequestStatus;
  readonly note: string;
  readonly by: string;
}

/** A platform request. */
export interface PlatformRequestRecord {
  readonly id: string;
  readonly caseId: string;
  readonly caseReference: string;
  readonly platformOrganisationId: string;
  readonly platformName: string;
  readonly kind: PlatformRequestKind;
  readonly targets: readonly string[];
  readonly justification: string;
  readonly status: PlatformRequestStatus;
  readonly dueAt: string | null;
  readonly answers: readonly PlatformRequestAnswer[];
  readonly outcome: string | null;
  readonly requestedByOrganisationId: string | null;
  readonly requestedAt: string;
  readonly updatedAt: string;
}

function query(db: Executor) {
  return db
    .selectFrom('respondPlatformRequests as r')
    .innerJoin('respondCases as c', 'c.id', 'r.caseId')
    .innerJoin('organisations as o', 'o.id', 'r.platformOrganisationId')
    .selectAll('r')
    .select(['c.reference as caseReference', 'o.name as platformName']);
}

type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>;

function toRequest(row: Row): PlatformRequestRecord {
  return {
    id: row.id,
    caseId: row.caseId,
    caseReference: row.caseReference,
    platformOrganisationId: row.platformOrganisationId,
    platformName: row.platformName,
    kind: row.kind as PlatformRequestKind,
    targets: row.targets,
    justification: row.justification,
    status: row.status as PlatformRequestStatus,
    dueAt: iso(row.dueAt),
    answers: row.answers as PlatformRequestAnswer[],
    outcome: row.outcome,
    requestedByOrganisationId: row.requestedByOrganisationId,
    requestedAt: iso(row.requestedAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** One request, or undefined. */
export async function findPlatformRequest(db: Executor, id: string): Promise<PlatformRequestRecord | undefined> {
  const row = await query(db).where('r.id', '=', id).executeTakeFirst();
  return row ? toRequest(row) : undefined;
}

/** Requests of a case, newest first. */
export async function listCasePlatformRequests(db: Executor, caseId: string): Promise<PlatformRequestRecord[]> {
  return (await query(db).where('r.caseId', '=', caseId).orderBy('r.requestedAt', 'desc').execute()).map(toRequest);
}

/** Requests addressed to the given platform organisations, newest first. */
export async function listPlatformInbox(db: Executor, platformOrganisationIds: readonly string[], limit = 200): Promise<PlatformRequestRecord[]> {
  if (platformOrganisationIds.length === 0) return [];
  return (await query(db).where('r.platformOrganisationId', 'in', [...platformOrganisationIds]).orderBy('r.requestedAt', 'desc').limit(limit).execute()).map(toRequest);
}

/** Sends a request to a platform organisation: it is notified and sees it in its inbox. */
export async function createPlatformRequest(
  db: Executor,
  context: MutationContext,
  input: {
    readonly caseId: string;
    readonly platformOrganisationId: string;
    readonly kind: PlatformRequestKind;
    readonly targets: readonly string[];
    readonly justification: string;
    readonly dueAt: string | null;
    readonly requestedByOrganisationId: string | null;
    readonly email?: boolean | undefined;
  },
): Promise<PlatformRequestRecord> {
  return inTransaction(db, async (trx) => {
    const found = await trx.selectFrom('respondCases').select(['id', 'reference']).where('id', '=', input.caseId).executeTakeFirst();
    if (!found) throw new NotFoundError('no case with this id');
    const platform = await trx.selectFrom('organisations').select(['id', 'type', 'name']).where('id', '=', input.platformOrganisationId).executeTakeFirst();
    const problems = [];
    if (!platform) problems.push({ path: '/platformOrganisationId', message: 'no organisation with this id' });
    else if (platform.type !== 'platform') problems.push({ path: '/platformOrganisationId', message: 'not a platform organisation' });
    if (input.targets.length === 0) problems.push({ path: '/targets', message: 'at least one URL or account' });
    if (input.justification.trim().length < 10) problems.push({ path: '/justification', message: 'at least 10 characters' });
    if (problems.length > 0 || !platform) throw new InputError(problems);
    const row = await trx
      .insertInto('respondPlatformRequests')
      .values({
        caseId: found.id,
        platformOrganisationId: platform.id,
        kind: input.kind,
        targets: JSON.stringify(input.targets),
        justification: input.justification.trim(),
        status: 'sent',
        dueAt: input.dueAt,
        answers: JSON.stringify([]),
        outcome: null,
        requestedBy: context.actor.kind === 'user' ? context.actor.id : null,
        requestedByOrganisationId: input.requestedByOrganisationId,
        requestedAt: context.now,
        updatedAt: context.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, context, { action: 'platform-request.create', targetType: 'platform-request', targetId: row.id, change: { ...input, email: undefined } });
    await addTimelineEntry(trx, context, { caseId: found.id, kind: 'platform-request-sent', body: `Asked ${platform.name} to ${input.kind.replace('-', ' ')}: ${input.targets.join(', ')}`, authorOrganisationId: null, data: { requestId: row.id } });
    await notifyOrganisations(trx, context, {
      organisationIds: [platform.id],
      event: 'platform-request.sent',
      title: `Request ${input.kind} on ${found.reference}`,
      body: `${input.justification.trim()}\n${input.targets.join('\n')}`,
      caseId: null,
      link: `/respond/requests`,
      data: { requestId: row.id, kind: input.kind, targets: input.targets },
      email: input.email ?? false,
    });
    const record = await findPlatformRequest(trx, row.id);
    if (!record) throw new Error('platform request vanished after insert');
    return record;
  });
}

/**
 * Records a platform's answer (acknowledged, actioned, refused) or the requester's finding
 * that none came (no-answer), with a note and, when final, the outcome.
 */
export async function answerPlatformRequest(
  db: Executor,
  context: MutationContext,
  input: { readonly id: string; readonly status: Exclude<PlatformRequestStatus, 'sent'>; readonly note: string; readonly outcome?: string | null | undefined; readonly email?: boolean | undefined },
): Promise<PlatformRequestRecord> {
  return inTransaction(db, async (trx) => {
    const current = await trx.selectFrom('respondPlatformRequests').selectAll().where('id', '=', input.id).forUpdate().executeTakeFirst();
    if (!current) throw new NotFoundError('no platform request with this id');
    if (current.status === 'actioned' || current.status === 'refused') throw new InputError([{ path: '/status', message: `the request was already ${current.status}` }]);
    const answers = [...(current.answers as PlatformRequestAnswer[]), { at: context.now.toISOString(), status: input.status, note: input.note.trim(), by: context.actor.label }];
    const outcome = input.outcome?.trim() || (input.status === 'actioned' || input.status === 'refused' ? input.note.trim() || null : current.outcome);
    await trx
      .updateTable('respondPlatformRequests')
      .set({ status: input.status, answers: JSON.stringify(answers), outcome, updatedAt: context.now })
      .where('id', '=', input.id)
      .execute();
    await recordChange(trx, context, { action: 'platform-request.answer', targetType: 'platform-request', targetId: input.id, change: { status: input.status, note: input.note, outcome } });
    await addTimelineEntry(trx, context, {
      caseId: current.caseId,
      kind: 'platform-request-answered',
      body: `Platform request ${input.status}${input.note.trim() ? `: ${input.note.trim()}` : '.'}`,
      authorOrganisationId: null,
      data: { requestId: input.id, status: input.status },
    });
    if (current.requestedByOrganisationId) {
      await notifyOrganisations(trx, context, {
        organisationIds: [current.requestedByOrganisationId],
        event: 'platform-request.answered',
        title: `Platform request ${input.status}`,
        body: input.note.trim(),
        caseId: current.caseId,
        link: `/respond/cases/${current.caseId}/escalation`,
        data: { requestId: input.id, status: input.status },
        email: input.email ?? false,
      });
    }
    const record = await findPlatformRequest(trx, input.id);
    if (!record) throw new Error('platform request vanished');
    return record;
  });
}

/** Who records a missed deadline. */
const NO_ANSWER_BY = 'escalation sweep';

/**
 * Marks as `no-answer` every request the platform never answered (still `sent`) whose answer
 * deadline passed by `context.now`: appended to its history, written on the case's timeline and
 * in the audit log, and notified to the requesting organisation (the case's owner when the
 * request names none). Idempotent: each request is re-read locked and changed only while it is
 * still `sent`, so a sweep run twice, or by two servers at once, marks it once. A request the
 * platform acknowledged has had an answer and is left to the requester. Returns how many were
 * marked.
 */
export async function markUnansweredPlatformRequests(db: Executor, context: MutationContext, options: { readonly email?: boolean | undefined } = {}): Promise<number> {
  const due = await db
    .selectFrom('respondPlatformRequests')
    .select('id')
    .where('status', '=', 'sent')
    .where('dueAt', 'is not', null)
    .where('dueAt', '<=', context.now)
    .orderBy('dueAt')
    .execute();
  let marked = 0;
  for (const { id } of due) {
    const changed = await inTransaction(db, async (trx) => {
      const current = await trx
        .selectFrom('respondPlatformRequests as r')
        .innerJoin('respondCases as c', 'c.id', 'r.caseId')
        .innerJoin('organisations as o', 'o.id', 'r.platformOrganisationId')
        .select(['r.id', 'r.status', 'r.dueAt', 'r.answers', 'r.caseId', 'r.kind', 'r.requestedByOrganisationId', 'c.reference', 'c.ownerOrganisationId', 'o.name as platformName'])
        .where('r.id', '=', id)
        .forUpdate('r')
        .executeTakeFirst();
      if (!current || current.status !== 'sent' || current.dueAt === null || current.dueAt.getTime() > context.now.getTime()) return false;
      const deadline = current.dueAt.toISOString();
      const note = `No answer from ${current.platformName} by the deadline (${deadline}).`;
      const answers = [...(current.answers as PlatformRequestAnswer[]), { at: context.now.toISOString(), status: 'no-answer', note, by: NO_ANSWER_BY }];
      await trx.updateTable('respondPlatformRequests').set({ status: 'no-answer', answers: JSON.stringify(answers), updatedAt: context.now }).where('id', '=', id).execute();
      await recordChange(trx, context, { action: 'platform-request.no-answer', targetType: 'platform-request', targetId: id, change: { status: 'no-answer', dueAt: deadline } });
      await addTimelineEntry(trx, context, { caseId: current.caseId, kind: 'platform-request-answered', body: `Platform request no-answer: ${note}`, authorOrganisationId: null, data: { requestId: id, status: 'no-answer', automatic: true } });
      await notifyOrganisations(trx, context, {
        organisationIds: [current.requestedByOrganisationId ?? current.ownerOrganisationId],
        event: 'platform-request.answered',
        title: `${current.reference}: no answer from ${current.platformName}`,
        body: `The request to ${current.kind.replace('-', ' ')} was due by ${deadline}. ${note}`,
        caseId: current.caseId,
        link: `/respond/cases/${current.caseId}/escalation`,
        data: { requestId: id, status: 'no-answer', dueAt: deadline, automatic: true },
        email: options.email ?? false,
      });
      return true;
    });
    if (changed) marked += 1;
  }
  return marked;
}
