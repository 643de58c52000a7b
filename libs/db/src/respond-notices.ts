/**
 * Public notices of respond: a redacted notice drafted on a case, approved by the case's
 * decision owner, published on the public portal (which sets the public outcome of the
 * case's reports, shown on each reporter's tracking page), and possibly withdrawn. Every step
 * is audited and logged on the case's timeline. Who may do each step is decided by the
 * caller with the policy (`canApproveNotice`).
 */
import type { Executor } from './database';
import { InputError, NotFoundError } from './input-error';
import type { MutationContext } from './mutation';
import { inTransaction, iso, recordChange } from './mutation';
import { addTimelineEntry } from './respond-cases';
import { notifyOrganisations } from './respond-notifications';
import { setReportPublicOutcome } from './respond-reports';
import type { NoticeStatus } from './schema-respond-escalation';

/** A notice as its case's organisations see it. */
export interface NoticeRecord {
  readonly id: string;
  readonly caseId: string;
  readonly caseReference: string;
  readonly title: string;
  readonly body: string;
  readonly publicOutcome: string;
  readonly status: NoticeStatus;
  readonly jurisdictionId: string;
  readonly jurisdictionName: string;
  readonly draftedBy: string | null;
  readonly draftedAt: string;
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
  readonly publishedAt: string | null;
  readonly withdrawnAt: string | null;
}

/** A published notice as the public sees it: no case internals. */
export interface PublicNotice {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly jurisdictionName: string;
  readonly publishedAt: string;
}

function noticeQuery(db: Executor) {
  return db
    .selectFrom('respondNotices as n')
    .innerJoin('respondCases as c', 'c.id', 'n.caseId')
    .innerJoin('jurisdictions as j', 'j.id', 'n.jurisdictionId')
    .selectAll('n')
    .select(['c.reference as caseReference', 'j.name as jurisdictionName']);
}

type NoticeRow = Awaited<ReturnType<ReturnType<typeof noticeQuery>['executeTakeFirstOrThrow']>>;

function toNotice(row: NoticeRow): NoticeRecord {
  return {
    id: row.id,
    caseId: row.caseId,
    caseReference: row.caseReference,
    title: row.title,
    body: row.body,
    publicOutcome: row.publicOutcome,
    status: row.status,
    jurisdictionId: row.jurisdictionId,
    jurisdictionName: row.jurisdictionName,
    draftedBy: row.draftedBy,
    draftedAt: iso(row.draftedAt),
    approvedBy: row.approvedBy,
    approvedAt: iso(row.approvedAt),
    publishedAt: iso(row.publishedAt),
    withdrawnAt: iso(row.withdrawnAt),
  };
}

function userIdOf(context: MutationContext): string | null {
  return context.actor.kind === 'user' ? context.actor.id : null;
}

/** One notice, or undefined. */
export async function findNotice(db: Executor, id: string): Promise<NoticeRecord | undefined> {
  const row = await noticeQuery(db).where('n.id', '=', id).executeTakeFirst();
  return row ? toNotice(row) : undefined;
}

/** Notices of a case, newest first. */
export async function listCaseNotices(db: Executor, caseId: string): Promise<NoticeRecord[]> {
  const rows = await noticeQuery(db).where('n.caseId', '=', caseId).orderBy('n.draftedAt', 'desc').execute();
  return rows.map(toNotice);
}

/** Notices of the given cases (the caller passes the cases it may see), newest first. */
export async function listNotices(db: Executor, input: { readonly caseIds: readonly string[] | 'all'; readonly status?: NoticeStatus | undefined; readonly limit: number }): Promise<NoticeRecord[]> {
  if (input.caseIds !== 'all' && input.caseIds.length === 0) return [];
  let query = noticeQuery(db);
  if (input.caseIds !== 'all') query = query.where('n.caseId', 'in', [...input.caseIds]);
  if (input.status) query = query.where('n.status', '=', input.status);
  const rows = await query.orderBy('n.updatedAt', 'desc').orderBy('n.id').limit(input.limit).execute();
  return rows.map(toNotice);
}

/** Published notices, newest first (the public portal); the cursor is an offset. */
export async function listPublishedNotices(db: Executor, query: { readonly cursor?: string | undefined; readonly limit: number }): Promise<{ items: PublicNotice[]; nextCursor: string | null }> {
  const offset = query.cursor ? Number.parseInt(query.cursor, 10) || 0 : 0;
  const rows = await db
    .selectFrom('respondNotices as n')
    .innerJoin('jurisdictions as j', 'j.id', 'n.jurisdictionId')
    .select(['n.id', 'n.title', 'n.body', 'n.publishedAt', 'j.name as jurisdictionName'])
    .where('n.status', '=', 'published')
    .orderBy('n.publishedAt', 'desc')
    .orderBy('n.id', 'desc')
    .offset(offset)
    .limit(query.limit + 1)
    .execute();
  return {
    items: rows.slice(0, query.limit).map((row) => ({ id: row.id, title: row.title, body: row.body, jurisdictionName: row.jurisdictionName, publishedAt: iso(row.publishedAt ?? new Date(0)) })),
    nextCursor: rows.length > query.limit ? String(offset + query.limit) : null,
  };
}

/** What a drafter writes (already redacted: the public will read it as it is). */
export interface NoticeDraft {
  readonly title: string;
  readonly body: string;
  /** One or two sentences shown on the tracking page of each report of the case. */
  readonly publicOutcome: string;
}

function checkDraft(draft: NoticeDraft): void {
  const problems = [];
  if (draft.title.trim().length < 3) problems.push({ path: '/title', message: 'at least 3 characters' });
  if (draft.body.trim().length < 10) problems.push({ path: '/body', message: 'at least 10 characters' });
  if (draft.publicOutcome.trim().length < 3) problems.push({ path: '/publicOutcome', message: 'at least 3 characters' });
  if (problems.length > 0) throw new InputError(problems);
}

/** Drafts a notice on a case. */
export async function draftNotice(db: Executor, context: MutationContext, input: NoticeDraft & { readonly caseId: string }): Promise<NoticeRecord> {
  checkDraft(input);
  return inTransaction(db, async (trx) => {
    const found = await trx.selectFrom('respondCases').select(['id', 'jurisdictionId']).where('id', '=', input.caseId).executeTakeFirst();
    if (!found) throw new NotFoundError('no case with this id');
    const row = await trx
      .insertInto('respondNotices')
      .values({
        caseId: found.id,
        title: input.title.trim(),
        body: input.body.trim(),
        publicOutcome: input.publicOutcome.trim(),
        status: 'draft',
        jurisdictionId: found.jurisdictionId,
        draftedBy: userIdOf(context),
        draftedAt: context.now,
        approvedBy: null,
        approvedAt: null,
        publishedAt: null,
        withdrawnAt: null,
        updatedAt: context.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, context, { action: 'notice.draft', targetType: 'notice', targetId: row.id, change: { caseId: found.id, title: input.title, body: input.body, publicOutcome: input.publicOutcome } });
    await addTimelineEntry(trx, context, { caseId: found.id, kind: 'notice-drafted', body: `Public notice drafted: ${input.title.trim()}`, authorOrganisationId: null, data: { noticeId: row.id } });
    const notice = await findNotice(trx, row.id);
    if (!notice) throw new Error('notice vanished after insert');
    return notice;
  });
}

/** Edits a draft (an approved notice goes back to draft: the text approved is the text published). */
export async function updateNotice(db: Executor, context: MutationContext, id: string, draft: NoticeDraft): Promise<NoticeRecord> {
  checkDraft(draft);
  return inTransaction(db, async (trx) => {
    const current = await trx.selectFrom('respondNotices').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) throw new NotFoundError('no notice with this id');
    if (current.status !== 'draft' && current.status !== 'approved') throw new InputError([{ path: '/status', message: `a ${current.status} notice cannot be edited` }]);
    await trx
      .updateTable('respondNotices')
      .set({ title: draft.title.trim(), body: draft.body.trim(), publicOutcome: draft.publicOutcome.trim(), status: 'draft', approvedBy: null, approvedAt: null, updatedAt: context.now })
      .where('id', '=', id)
      .execute();
    await recordChange(trx, context, { action: 'notice.update', targetType: 'notice', targetId: id, change: draft });
    const notice = await findNotice(trx, id);
    if (!notice) throw new Error('notice vanished');
    return notice;
  });
}

/**
 * Moves a notice along draft → approved → published, or withdraws it. Publishing sets the
 * public outcome of every report of the case (their tracking pages show it) and notifies the
 * case's organisations.
 */
export async function moveNotice(
  db: Executor,
  context: MutationContext,
  input: { readonly id: string; readonly to: 'approved' | 'published' | 'withdrawn'; readonly email?: boolean | undefined },
): Promise<NoticeRecord> {
  return inTransaction(db, async (trx) => {
    const current = await trx.selectFrom('respondNotices').selectAll().where('id', '=', input.id).forUpdate().executeTakeFirst();
    if (!current) throw new NotFoundError('no notice with this id');
    const allowed: Record<NoticeStatus, readonly NoticeStatus[]> = { draft: ['approved'], approved: ['published'], published: ['withdrawn'], withdrawn: [] };
    if (!allowed[current.status].includes(input.to)) throw new InputError([{ path: '/status', message: `a ${current.status} notice cannot become ${input.to}` }]);
    const patch =
      input.to === 'approved'
        ? { status: input.to, approvedBy: userIdOf(context), approvedAt: context.now, updatedAt: context.now }
        : input.to === 'published'
          ? { status: input.to, publishedAt: context.now, updatedAt: context.now }
          : { status: input.to, withdrawnAt: context.now, updatedAt: context.now };
    await trx.updateTable('respondNotices').set(patch).where('id', '=', input.id).execute();
    await recordChange(trx, context, { action: `notice.${input.to === 'approved' ? 'approve' : input.to === 'published' ? 'publish' : 'withdraw'}`, targetType: 'notice', targetId: input.id, change: { caseId: current.caseId } });
    await addTimelineEntry(trx, context, { caseId: current.caseId, kind: `notice-${input.to}`, body: `Public notice ${input.to}: ${current.title}`, authorOrganisationId: null, data: { noticeId: input.id } });
    if (input.to === 'published') {
      await setReportPublicOutcome(trx, context, { caseId: current.caseId, publicOutcome: current.publicOutcome });
      const found = await trx.selectFrom('respondCases').select(['ownerOrganisationId', 'reference']).where('id', '=', current.caseId).executeTakeFirstOrThrow();
      const collaborators = await trx.selectFrom('respondCaseOrganisations').select('organisationId').where('caseId', '=', current.caseId).execute();
      await notifyOrganisations(trx, context, {
        organisationIds: [found.ownerOrganisationId, ...collaborators.map((c) => c.organisationId)],
        event: 'notice.published',
        title: `Notice published on ${found.reference}: ${current.title}`,
        body: current.body,
        caseId: current.caseId,
        link: `/notices`,
        data: { noticeId: input.id, caseId: current.caseId, title: current.title },
        email: input.email ?? false,
      });
    }
    if (input.to === 'withdrawn') await setReportPublicOutcome(trx, context, { caseId: current.caseId, publicOutcome: null });
    const notice = await findNotice(trx, input.id);
    if (!notice) throw new Error('notice vanished');
    return notice;
  });
}
