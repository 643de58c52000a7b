/**
 * Escalation along lines of authority: a case's SLA clock (acknowledgement, updates,
 * escalations), the sweep that escalates a case one level up the jurisdiction tree when its
 * SLA is breached or its severity crosses the policy's threshold, manual escalation, the
 * escalation board of a jurisdiction, and mutual-aid requests to peer jurisdictions.
 *
 * Several servers may sweep at once: each escalation inserts the row (case, level) under a
 * unique index after re-reading the case locked FOR UPDATE, so a case goes up one level once.
 */
import type { Jurisdiction, Severity, SlaPhase, SlaPolicy, Tlp } from '@vigil/domain';
import { DEFAULT_SLA_POLICY, escalatesOnSeverity, slaStatus } from '@vigil/domain';
import type { Executor } from './database';
import { InputError, NotFoundError } from './input-error';
import { allJurisdictions, lineOfAuthority } from './jurisdictions';
import type { MutationContext } from './mutation';
import { inTransaction, iso, recordChange } from './mutation';
import { addCaseOrganisation, addTimelineEntry } from './respond-cases';
import { notifyOrganisations } from './respond-notifications';
import { loadSlaPolicy } from './respond-settings';
import type { EscalationReason, MutualAidStatus } from './schema-respond-escalation';

/** Case statuses whose SLA clock has stopped. */
const STOPPED = ['resolved', 'closed'] as const;

/** The user id of a user actor, or null (system, anonymous). */
function userIdOf(context: MutationContext): string | null {
  return context.actor.kind === 'user' ? context.actor.id : null;
}

/** A case as escalation sees it. */
interface CaseClockRow {
  id: string;
  reference: string;
  title: string;
  severity: Severity;
  status: string;
  tlp: Tlp;
  jurisdictionId: string;
  ownerOrganisationId: string;
  electionId: string | null;
  openedAt: Date;
  updatedAt: Date;
  acknowledgedAt: Date | null;
  lastEscalatedAt: Date | null;
  escalationLevel: number;
  escalatedToJurisdictionId: string | null;
  slaBreachedAt: Date | null;
}

const clockColumns = [
  'id',
  'reference',
  'title',
  'severity',
  'status',
  'tlp',
  'jurisdictionId',
  'ownerOrganisationId',
  'electionId',
  'openedAt',
  'updatedAt',
  'acknowledgedAt',
  'lastEscalatedAt',
  'escalationLevel',
  'escalatedToJurisdictionId',
  'slaBreachedAt',
] as const;

function clockOf(row: CaseClockRow) {
  return {
    severity: row.severity,
    openedAt: row.openedAt,
    acknowledgedAt: row.acknowledgedAt,
    // Any change a responder makes to the case (R2's timeline touches updated_at) counts as an update.
    lastUpdateAt: row.updatedAt,
    lastEscalatedAt: row.lastEscalatedAt,
  };
}

/**
 * Election days that govern cases' SLAs: for each jurisdiction, the nearest election (not more
 * than `postElectionDays` past) held in it or in one of its ancestors.
 */
export interface ElectionCalendar {
  /** The election day governing a case in `jurisdictionId` (or of `electionId` when set). */
  electionDayFor(input: { readonly jurisdictionId: string; readonly electionId: string | null }): string | null;
}

/** Loads the calendar once for a sweep or a board. */
export async function loadElectionCalendar(db: Executor, now: Date, policy: SlaPolicy = DEFAULT_SLA_POLICY): Promise<ElectionCalendar> {
  const jurisdictions = await allJurisdictions(db);
  const parentOf = new Map(jurisdictions.map((j) => [j.id as string, j.parentId as string | null]));
  const earliest = new Date(now.getTime() - (policy.postElectionDays + 1) * 86_400_000).toISOString().slice(0, 10);
  const elections = await db.selectFrom('elections').select(['id', 'jurisdictionId', 'electionDay']).orderBy('electionDay').execute();
  const byId = new Map(elections.map((e) => [e.id, e.electionDay]));
  const upcoming = elections.filter((e) => e.electionDay >= earliest);
  const cache = new Map<string, string | null>();
  const ancestorsOf = (id: string): Set<string> => {
    const seen = new Set<string>();
    let current: string | null | undefined = id;
    while (current && !seen.has(current)) {
      seen.add(current);
      current = parentOf.get(current);
    }
    return seen;
  };
  return {
    electionDayFor: ({ jurisdictionId, electionId }) => {
      if (electionId !== null) return byId.get(electionId) ?? null;
      if (!cache.has(jurisdictionId)) {
        const line = ancestorsOf(jurisdictionId);
        cache.set(jurisdictionId, upcoming.find((e) => line.has(e.jurisdictionId))?.electionDay ?? null);
      }
      return cache.get(jurisdictionId) ?? null;
    },
  };
}

/** One escalation of a case. */
export interface EscalationRecord {
  readonly id: string;
  readonly caseId: string;
  readonly level: number;
  readonly fromJurisdictionId: string;
  readonly toJurisdictionId: string;
  readonly toOrganisationId: string | null;
  readonly reason: EscalationReason;
  readonly note: string;
  readonly escalatedBy: string | null;
  readonly escalatedByLabel: string;
  readonly at: string;
}

function toEscalation(row: {
  id: string;
  caseId: string;
  level: number;
  fromJurisdictionId: string;
  toJurisdictionId: string;
  toOrganisationId: string | null;
  reason: EscalationReason;
  note: string;
  escalatedBy: string | null;
  escalatedByLabel: string;
  at: Date;
}): EscalationRecord {
  return { ...row, at: iso(row.at) };
}

/** Why a case could not be escalated. */
export type EscalateOutcome =
  | { readonly type: 'escalated'; readonly escalation: EscalationRecord }
  | { readonly type: 'at-top' }
  /** Another server (or request) escalated it first, or the case changed since it was read. */
  | { readonly type: 'already-escalated' }
  | { readonly type: 'closed' };

const REASON_TEXT: Record<EscalationReason, string> = {
  'sla-acknowledge': 'it was not acknowledged in time',
  'sla-update': 'it was not updated in time',
  severity: 'its severity requires it',
  manual: 'a responder escalated it',
};

/**
 * Escalates a case one level up its line of authority: records the escalation, adds the
 * receiving jurisdiction's responsible organisation as collaborator, logs it on the case's
 * timeline and notifies the receiving and owning organisations. With `expectedLevel`, only
 * escalates when the case is still at that level (the sweep's guard against acting twice).
 */
export async function escalateCase(
  db: Executor,
  context: MutationContext,
  input: { readonly caseId: string; readonly reason: EscalationReason; readonly note?: string | undefined; readonly expectedLevel?: number | undefined; readonly email?: boolean | undefined },
): Promise<EscalateOutcome> {
  return inTransaction(db, async (trx) => {
    const row = await trx.selectFrom('respondCases').select(clockColumns).where('id', '=', input.caseId).forUpdate().executeTakeFirst();
    if (!row) throw new NotFoundError('no case with this id');
    if ((STOPPED as readonly string[]).includes(row.status)) return { type: 'closed' };
    if (input.expectedLevel !== undefined && row.escalationLevel !== input.expectedLevel) return { type: 'already-escalated' };
    const line = (await lineOfAuthority(trx, row.jurisdictionId)) ?? [];
    const from = line[row.escalationLevel];
    const to = line[row.escalationLevel + 1];
    if (!from || !to) return { type: 'at-top' };
    const level = row.escalationLevel + 1;
    const inserted = await trx
      .insertInto('respondEscalations')
      .values({
        caseId: row.id,
        level,
        fromJurisdictionId: from.jurisdiction.id,
        toJurisdictionId: to.jurisdiction.id,
        toOrganisationId: to.responsibleOrganisation?.id ?? null,
        reason: input.reason,
        note: input.note ?? '',
        escalatedBy: userIdOf(context),
        escalatedByLabel: context.actor.label,
        at: context.now,
      })
      .onConflict((oc) => oc.columns(['caseId', 'level']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) return { type: 'already-escalated' };
    await trx
      .updateTable('respondCases')
      .set({ escalationLevel: level, escalatedToJurisdictionId: to.jurisdiction.id, lastEscalatedAt: context.now })
      .where('id', '=', row.id)
      .execute();
    await recordChange(trx, context, {
      action: 'case.escalate',
      targetType: 'case',
      targetId: row.id,
      change: { level, reason: input.reason, from: from.jurisdiction.id, to: to.jurisdiction.id, organisationId: to.responsibleOrganisation?.id ?? null, note: input.note ?? '' },
    });
    const receiving = to.responsibleOrganisation;
    if (receiving) await addCaseOrganisation(trx, context, row.id, receiving.id);
    const body = `Escalated from ${from.jurisdiction.name} to ${to.jurisdiction.name}${receiving ? ` (${receiving.name})` : ''}: ${REASON_TEXT[input.reason]}.${input.note ? ` ${input.note}` : ''}`;
    await addTimelineEntry(trx, context, { caseId: row.id, kind: 'escalated', body, authorOrganisationId: null, data: { level, reason: input.reason, toJurisdictionId: to.jurisdiction.id } });
    await notifyOrganisations(trx, context, {
      organisationIds: [row.ownerOrganisationId, ...(receiving ? [receiving.id] : [])],
      event: 'case.escalated',
      title: `${row.reference} escalated to ${to.jurisdiction.name}`,
      body,
      caseId: row.id,
      link: `/respond/cases/${row.id}`,
      data: { caseId: row.id, reference: row.reference, severity: row.severity, level, reason: input.reason, fromJurisdictionId: from.jurisdiction.id, toJurisdictionId: to.jurisdiction.id },
      email: input.email ?? false,
    });
    return { type: 'escalated', escalation: toEscalation(inserted) };
  });
}

/** Records that a responder acknowledged the case (stops the acknowledgement clock; once). */
export async function acknowledgeCase(db: Executor, context: MutationContext, caseId: string): Promise<{ acknowledgedAt: string }> {
  return inTransaction(db, async (trx) => {
    const row = await trx.selectFrom('respondCases').select(['id', 'acknowledgedAt']).where('id', '=', caseId).forUpdate().executeTakeFirst();
    if (!row) throw new NotFoundError('no case with this id');
    if (row.acknowledgedAt) return { acknowledgedAt: iso(row.acknowledgedAt) };
    await trx.updateTable('respondCases').set({ acknowledgedAt: context.now, acknowledgedBy: userIdOf(context), slaBreachedAt: null }).where('id', '=', caseId).execute();
    await recordChange(trx, context, { action: 'case.acknowledge', targetType: 'case', targetId: caseId, change: {} });
    await addTimelineEntry(trx, context, { caseId, kind: 'acknowledged', body: `Acknowledged by ${context.actor.label}.`, authorOrganisationId: null });
    return { acknowledgedAt: iso(context.now) };
  });
}

async function responsibleOf(db: Executor, jurisdictionId: string): Promise<string[]> {
  const row = await db.selectFrom('jurisdictions').select('responsibleOrganisationId').where('id', '=', jurisdictionId).executeTakeFirst();
  return row?.responsibleOrganisationId ? [row.responsibleOrganisationId] : [];
}

/** What one sweep did. */
export interface SweepSummary {
  readonly examined: number;
  readonly breached: number;
  readonly escalated: number;
  readonly atTop: number;
}

/**
 * Examines every open case at `context.now`: refreshes its SLA due time, notifies the owner
 * when it first breaches, and escalates it one level when it is breached or its severity is
 * at the policy's threshold and it has not been escalated yet. Idempotent: running it twice
 * at the same instant escalates nothing more.
 */
export async function sweepEscalations(
  db: Executor,
  context: MutationContext,
  options: { readonly policy?: SlaPolicy | undefined; readonly email?: boolean | undefined } = {},
): Promise<SweepSummary> {
  // The installation's policy (respond settings) unless the caller gives one.
  const policy = options.policy ?? (await loadSlaPolicy(db));
  const calendar = await loadElectionCalendar(db, context.now, policy);
  const rows = await db.selectFrom('respondCases').select(clockColumns).where('status', 'not in', [...STOPPED]).orderBy('openedAt').execute();
  let breached = 0;
  let escalated = 0;
  let atTop = 0;
  for (const row of rows) {
    const status = slaStatus(clockOf(row), context.now, calendar.electionDayFor(row), policy);
    if (status.breached && row.slaBreachedAt === null) {
      // The first breach is a state change others act on: audited, notified, once (the
      // guarded update lets only one of several sweeping servers through).
      await inTransaction(db, async (trx) => {
        const marked = await trx
          .updateTable('respondCases')
          .set({ slaDueAt: status.dueAt, slaBreachedAt: context.now })
          .where('id', '=', row.id)
          .where('slaBreachedAt', 'is', null)
          .executeTakeFirst();
        if (Number(marked.numUpdatedRows) === 0) return;
        await recordChange(trx, context, {
          action: 'case.sla-breach',
          targetType: 'case',
          targetId: row.id,
          change: { awaiting: status.awaiting, dueAt: status.dueAt.toISOString(), phase: status.sla.phase, severity: row.severity },
        });
        await notifyOrganisations(trx, context, {
          organisationIds: [row.ownerOrganisationId, ...(row.escalatedToJurisdictionId ? await responsibleOf(trx, row.escalatedToJurisdictionId) : [])],
          event: 'case.sla-breached',
          title: `${row.reference}: SLA breached`,
          body: `${row.title}: the ${status.awaiting === 'acknowledge' ? 'acknowledgement' : 'update'} was due at ${status.dueAt.toISOString()} (${status.sla.phase} phase, ${row.severity}).`,
          caseId: row.id,
          link: `/respond/cases/${row.id}`,
          data: { caseId: row.id, reference: row.reference, awaiting: status.awaiting, dueAt: status.dueAt.toISOString(), phase: status.sla.phase },
          email: options.email ?? false,
        });
      });
    } else {
      // The due time is derived from the clock (not audited): kept for lists sorted by it.
      await db
        .updateTable('respondCases')
        .set({ slaDueAt: status.dueAt, ...(status.breached ? {} : { slaBreachedAt: null }) })
        .where('id', '=', row.id)
        .execute();
    }
    if (status.breached) breached += 1;
    const reason: EscalationReason | null = status.breached
      ? status.awaiting === 'acknowledge'
        ? 'sla-acknowledge'
        : 'sla-update'
      : row.escalationLevel === 0 && escalatesOnSeverity(row.severity, policy)
        ? 'severity'
        : null;
    if (reason === null) continue;
    const outcome = await escalateCase(db, context, { caseId: row.id, reason, expectedLevel: row.escalationLevel, email: options.email });
    if (outcome.type === 'escalated') escalated += 1;
    if (outcome.type === 'at-top') atTop += 1;
  }
  return { examined: rows.length, breached, escalated, atTop };
}

/** The escalations of a case, oldest first. */
export async function listCaseEscalations(db: Executor, caseId: string): Promise<EscalationRecord[]> {
  const rows = await db.selectFrom('respondEscalations').selectAll().where('caseId', '=', caseId).orderBy('level').execute();
  return rows.map(toEscalation);
}

// ---- the board --------------------------------------------------------------------------------

/** A case on a jurisdiction's escalation board, with its live SLA clock. */
export interface BoardCase {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: string;
  readonly tlp: Tlp;
  readonly jurisdictionId: string;
  readonly ownerOrganisationId: string;
  readonly collaboratorOrganisationIds: readonly string[];
  readonly escalationLevel: number;
  readonly escalatedToJurisdictionId: string | null;
  readonly acknowledgedAt: string | null;
  readonly sla: { readonly phase: SlaPhase; readonly awaiting: 'acknowledge' | 'update'; readonly dueAt: string; readonly breached: boolean; readonly minutesLeft: number };
  /** `here`: opened in this jurisdiction or below and not escalated above it; `in`: escalated to it; `out`: escalated above it. */
  readonly position: 'here' | 'in' | 'out';
}

/** A mutual-aid request. */
export interface MutualAidRecord {
  readonly id: string;
  readonly caseId: string;
  readonly caseReference: string;
  readonly fromJurisdictionId: string;
  readonly toJurisdictionId: string;
  readonly toOrganisationId: string;
  readonly message: string;
  readonly status: MutualAidStatus;
  readonly responseNote: string | null;
  readonly requestedAt: string;
  readonly answeredAt: string | null;
}

function subtreeOf(jurisdictions: readonly Jurisdiction[], rootId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const j of jurisdictions) if (j.parentId) children.set(j.parentId, [...(children.get(j.parentId) ?? []), j.id]);
  const result = new Set<string>();
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (result.has(id)) continue;
    result.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return result;
}

/**
 * The escalation board of a jurisdiction at `now`: open cases opened in it or below (with
 * their live SLA clocks, breached first, then by due time), cases escalated to it, cases that
 * went up from it, and mutual-aid requests to and from it. The caller filters cases by
 * `canSeeCase`.
 */
export async function escalationBoard(
  db: Executor,
  input: { readonly jurisdictionId: string; readonly now: Date; readonly policy?: SlaPolicy | undefined },
): Promise<{ cases: BoardCase[]; mutualAid: MutualAidRecord[] } | undefined> {
  const policy = input.policy ?? (await loadSlaPolicy(db));
  const jurisdictions = await allJurisdictions(db);
  if (!jurisdictions.some((j) => j.id === input.jurisdictionId)) return undefined;
  const subtree = subtreeOf(jurisdictions, input.jurisdictionId);
  const escalatedIn = await db.selectFrom('respondEscalations').select('caseId').where('toJurisdictionId', '=', input.jurisdictionId).execute();
  const caseIds = new Set(escalatedIn.map((e) => e.caseId));
  const rows = await db
    .selectFrom('respondCases')
    .select(clockColumns)
    .where('status', 'not in', [...STOPPED])
    .where((eb) => eb.or([eb('jurisdictionId', 'in', [...subtree]), ...(caseIds.size > 0 ? [eb('id', 'in', [...caseIds])] : [])]))
    .execute();
  const collaborators = new Map<string, string[]>();
  if (rows.length > 0) {
    const links = await db.selectFrom('respondCaseOrganisations').select(['caseId', 'organisationId']).where('caseId', 'in', rows.map((r) => r.id)).execute();
    for (const link of links) collaborators.set(link.caseId, [...(collaborators.get(link.caseId) ?? []), link.organisationId]);
  }
  const calendar = await loadElectionCalendar(db, input.now, policy);
  const depth = new Map<string, number>();
  const byId = new Map(jurisdictions.map((j) => [j.id as string, j]));
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const parent = byId.get(id)?.parentId;
    const value = parent ? depthOf(parent) + 1 : 0;
    depth.set(id, value);
    return value;
  };
  const cases = rows.map((row): BoardCase => {
    const status = slaStatus(clockOf(row), input.now, calendar.electionDayFor(row), policy);
    // Where the case now sits: the jurisdiction it was escalated to, or its own.
    const current = row.escalatedToJurisdictionId ?? row.jurisdictionId;
    const position: BoardCase['position'] = !subtree.has(row.jurisdictionId) ? 'in' : depthOf(current) < depthOf(input.jurisdictionId) ? 'out' : current === input.jurisdictionId && caseIds.has(row.id) ? 'in' : 'here';
    return {
      id: row.id,
      reference: row.reference,
      title: row.title,
      severity: row.severity,
      status: row.status,
      tlp: row.tlp,
      jurisdictionId: row.jurisdictionId,
      ownerOrganisationId: row.ownerOrganisationId,
      collaboratorOrganisationIds: collaborators.get(row.id) ?? [],
      escalationLevel: row.escalationLevel,
      escalatedToJurisdictionId: row.escalatedToJurisdictionId,
      acknowledgedAt: iso(row.acknowledgedAt),
      sla: { phase: status.sla.phase, awaiting: status.awaiting, dueAt: status.dueAt.toISOString(), breached: status.breached, minutesLeft: status.minutesLeft },
      position,
    };
  });
  cases.sort((a, b) => Number(b.sla.breached) - Number(a.sla.breached) || a.sla.dueAt.localeCompare(b.sla.dueAt) || a.reference.localeCompare(b.reference));
  const aid = await mutualAidQuery(db)
    .where((eb) => eb.or([eb('m.fromJurisdictionId', '=', input.jurisdictionId), eb('m.toJurisdictionId', '=', input.jurisdictionId)]))
    .orderBy('m.requestedAt', 'desc')
    .limit(200)
    .execute();
  return { cases, mutualAid: aid.map(toMutualAid) };
}

// ---- mutual aid -------------------------------------------------------------------------------

function mutualAidQuery(db: Executor) {
  return db.selectFrom('respondMutualAidRequests as m').innerJoin('respondCases as c', 'c.id', 'm.caseId').selectAll('m').select('c.reference as caseReference');
}

function toMutualAid(row: {
  id: string;
  caseId: string;
  caseReference: string;
  fromJurisdictionId: string;
  toJurisdictionId: string;
  toOrganisationId: string;
  message: string;
  status: MutualAidStatus;
  responseNote: string | null;
  requestedAt: Date;
  answeredAt: Date | null;
}): MutualAidRecord {
  return {
    id: row.id,
    caseId: row.caseId,
    caseReference: row.caseReference,
    fromJurisdictionId: row.fromJurisdictionId,
    toJurisdictionId: row.toJurisdictionId,
    toOrganisationId: row.toOrganisationId,
    message: row.message,
    status: row.status,
    responseNote: row.responseNote,
    requestedAt: iso(row.requestedAt),
    answeredAt: iso(row.answeredAt),
  };
}

/** One mutual-aid request, or undefined. */
export async function findMutualAidRequest(db: Executor, id: string): Promise<MutualAidRecord | undefined> {
  const row = await mutualAidQuery(db).where('m.id', '=', id).executeTakeFirst();
  return row ? toMutualAid(row) : undefined;
}

/** Mutual-aid requests of a case, newest first. */
export async function listCaseMutualAid(db: Executor, caseId: string): Promise<MutualAidRecord[]> {
  const rows = await mutualAidQuery(db).where('m.caseId', '=', caseId).orderBy('m.requestedAt', 'desc').execute();
  return rows.map(toMutualAid);
}

/**
 * Asks a peer jurisdiction (same parent as the case's jurisdiction) for help: its responsible
 * organisation is notified and may accept (it joins the case) or decline.
 */
export async function requestMutualAid(
  db: Executor,
  context: MutationContext,
  input: { readonly caseId: string; readonly toJurisdictionId: string; readonly message: string; readonly email?: boolean | undefined },
): Promise<MutualAidRecord> {
  return inTransaction(db, async (trx) => {
    const found = await trx.selectFrom('respondCases').select(['id', 'reference', 'jurisdictionId']).where('id', '=', input.caseId).executeTakeFirst();
    if (!found) throw new NotFoundError('no case with this id');
    const jurisdictions = await allJurisdictions(trx);
    const own = jurisdictions.find((j) => j.id === found.jurisdictionId);
    const peer = jurisdictions.find((j) => j.id === input.toJurisdictionId);
    const problems = [];
    if (!peer) problems.push({ path: '/toJurisdictionId', message: 'no jurisdiction with this id' });
    else if (peer.id === own?.id || peer.parentId === null || peer.parentId !== own?.parentId) problems.push({ path: '/toJurisdictionId', message: 'not a peer of the case’s jurisdiction (same parent)' });
    else if (!peer.responsibleOrganisationId) problems.push({ path: '/toJurisdictionId', message: 'this jurisdiction names no responsible organisation to ask' });
    if (input.message.trim().length === 0) problems.push({ path: '/message', message: 'required' });
    if (problems.length > 0 || !peer?.responsibleOrganisationId || !own) throw new InputError(problems);
    const row = await trx
      .insertInto('respondMutualAidRequests')
      .values({
        caseId: found.id,
        fromJurisdictionId: own.id,
        toJurisdictionId: peer.id,
        toOrganisationId: peer.responsibleOrganisationId,
        message: input.message.trim(),
        status: 'requested',
        responseNote: null,
        requestedBy: userIdOf(context),
        requestedAt: context.now,
        answeredBy: null,
        answeredAt: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, context, { action: 'mutual-aid.request', targetType: 'mutual-aid', targetId: row.id, change: { caseId: found.id, toJurisdictionId: peer.id, message: input.message } });
    await addTimelineEntry(trx, context, { caseId: found.id, kind: 'mutual-aid-requested', body: `Mutual aid requested from ${peer.name}.`, authorOrganisationId: null, data: { requestId: row.id } });
    await notifyOrganisations(trx, context, {
      organisationIds: [peer.responsibleOrganisationId],
      event: 'mutual-aid.requested',
      title: `${own.name} asks for mutual aid on ${found.reference}`,
      body: input.message.trim(),
      caseId: found.id,
      link: `/respond/escalation?jurisdiction=${peer.id}`,
      data: { requestId: row.id, caseId: found.id, reference: found.reference, fromJurisdictionId: own.id, toJurisdictionId: peer.id },
      email: input.email ?? false,
    });
    const record = await findMutualAidRequest(trx, row.id);
    if (!record) throw new Error('mutual-aid request vanished after insert');
    return record;
  });
}

/** The receiving organisation accepts (and joins the case) or declines a mutual-aid request. */
export async function answerMutualAid(
  db: Executor,
  context: MutationContext,
  input: { readonly id: string; readonly accept: boolean; readonly note: string; readonly email?: boolean | undefined },
): Promise<MutualAidRecord> {
  return inTransaction(db, async (trx) => {
    const current = await trx.selectFrom('respondMutualAidRequests').selectAll().where('id', '=', input.id).forUpdate().executeTakeFirst();
    if (!current) throw new NotFoundError('no mutual-aid request with this id');
    if (current.status !== 'requested') throw new InputError([{ path: '/accept', message: `the request was already ${current.status}` }]);
    const status: MutualAidStatus = input.accept ? 'accepted' : 'declined';
    await trx
      .updateTable('respondMutualAidRequests')
      .set({ status, responseNote: input.note.trim() || null, answeredBy: userIdOf(context), answeredAt: context.now })
      .where('id', '=', input.id)
      .execute();
    await recordChange(trx, context, { action: `mutual-aid.${input.accept ? 'accept' : 'decline'}`, targetType: 'mutual-aid', targetId: input.id, change: { note: input.note } });
    if (input.accept) await addCaseOrganisation(trx, context, current.caseId, current.toOrganisationId);
    await addTimelineEntry(trx, context, {
      caseId: current.caseId,
      kind: 'mutual-aid-answered',
      body: `Mutual aid ${status}${input.note.trim() ? `: ${input.note.trim()}` : '.'}`,
      authorOrganisationId: null,
      data: { requestId: input.id, status },
    });
    const owner = await trx.selectFrom('respondCases').select(['ownerOrganisationId', 'reference']).where('id', '=', current.caseId).executeTakeFirstOrThrow();
    await notifyOrganisations(trx, context, {
      organisationIds: [owner.ownerOrganisationId],
      event: 'mutual-aid.answered',
      title: `Mutual aid on ${owner.reference} ${status}`,
      body: input.note.trim(),
      caseId: current.caseId,
      link: `/respond/cases/${current.caseId}`,
      data: { requestId: input.id, status },
      email: input.email ?? false,
    });
    const record = await findMutualAidRequest(trx, input.id);
    if (!record) throw new Error('mutual-aid request vanished');
    return record;
  });
}
