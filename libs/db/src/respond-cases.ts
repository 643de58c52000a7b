/**
 * Respond cases: opening a case (directly, from reports, or by detection and escalation
 * through `createCase`), the owner chosen by lead-agency rules along the line of authority,
 * the status workflow, collaborators, tasks, the timeline (comments with their own TLP and
 * automatic entries for every change, through `addTimelineEntry`), observables and links.
 *
 * Who may see or change a case is the policy module's decision (`canSeeCase`,
 * `canWorkOnCase`, `canSeeCaseNote`); the case list applies the same rule in SQL
 * (`CaseReadScope`), so it can filter and paginate there.
 */
import { isUuid } from '@vigil/basics';
import type { CaseLinkKind, CaseStatus, Impact, IncidentType, ObservableType, Severity, Tlp, Urgency } from '@vigil/domain';
import { canMoveCase, normaliseObservable, scheduleTasks, severityOf } from '@vigil/domain';
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Executor } from './database';
import { InputError, NotFoundError } from './input-error';
import type { InputProblem } from './input-error';
import { allJurisdictions, findJurisdiction, lineOfAuthority } from './jurisdictions';
import type { MutationContext } from './mutation';
import { inTransaction, iso, recordChange } from './mutation';
import { DuplicateError, findOrganisation } from './organisations';
import { findPlaybookVersion } from './respond-playbooks';
import { linkReportsToCase } from './respond-reports';
import type { RespondCasesTable, RespondCaseTasksTable, RespondCaseTimelineTable } from './schema-respond-cases';

// ---- shapes --------------------------------------------------------------------------------

/** A case as the API shows it. */
export interface CaseRecord {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly summary: string;
  readonly incidentType: IncidentType;
  readonly impact: Impact;
  readonly urgency: Urgency;
  readonly severity: Severity;
  readonly status: CaseStatus;
  readonly tlp: Tlp;
  readonly jurisdictionId: string;
  readonly jurisdictionName: string;
  readonly ownerOrganisationId: string;
  readonly ownerOrganisationName: string;
  readonly collaboratorOrganisationIds: readonly string[];
  readonly electionId: string | null;
  readonly decisionOwnerUserId: string | null;
  readonly openedBy: string | null;
  readonly openedAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
}

/** A task of a case. */
export interface CaseTask {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly ownerOrganisationId: string | null;
  readonly ownerUserId: string | null;
  readonly dueAt: string | null;
  readonly status: 'open' | 'done';
  readonly doneAt: string | null;
  readonly doneBy: string | null;
  readonly source: string | null;
  readonly createdAt: string;
}

/** One entry of a case's timeline: a comment or an automatic record of a change. */
export interface CaseTimelineEntry {
  readonly id: string;
  readonly kind: string;
  readonly body: string;
  readonly tlp: Tlp;
  readonly recipientOrganisationIds: readonly string[];
  readonly data: Record<string, unknown> | null;
  readonly authorUserId: string | null;
  readonly authorOrganisationId: string | null;
  readonly authorLabel: string;
  readonly at: string;
}

export interface CaseObservable {
  readonly id: string;
  readonly type: ObservableType;
  readonly value: string;
  readonly note: string;
  readonly addedAt: string;
}

export interface CaseLink {
  readonly id: string;
  readonly kind: CaseLinkKind;
  readonly ref: string;
  readonly label: string;
  readonly addedAt: string;
}

/** Everything about one case (the caller filters the timeline by `canSeeCaseNote`). */
export interface CaseDetail {
  readonly case: CaseRecord;
  readonly organisations: readonly { readonly id: string; readonly name: string; readonly role: 'owner' | 'collaborator' }[];
  readonly tasks: readonly CaseTask[];
  readonly timeline: readonly CaseTimelineEntry[];
  readonly observables: readonly CaseObservable[];
  readonly links: readonly CaseLink[];
}

/** Which cases a reader may list: the SQL form of `canSeeCase`. */
export type CaseReadScope = { readonly kind: 'everything' } | { readonly kind: 'organisations'; readonly organisationIds: readonly string[] };

/** Where the owner of a new case came from. */
export type OwnerSource = 'chosen' | 'lead-agency' | 'responsible-organisation';

// ---- reading -------------------------------------------------------------------------------

type CaseRow = Selectable<RespondCasesTable> & { jurisdictionName: string; ownerOrganisationName: string };

async function collaboratorsOf(db: Executor, caseIds: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (caseIds.length === 0) return result;
  const rows = await db.selectFrom('respondCaseOrganisations').select(['caseId', 'organisationId']).where('caseId', 'in', caseIds).orderBy('addedAt').execute();
  for (const row of rows) result.set(row.caseId, [...(result.get(row.caseId) ?? []), row.organisationId]);
  return result;
}

function toCase(row: CaseRow, collaborators: readonly string[]): CaseRecord {
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    summary: row.summary,
    incidentType: row.incidentType,
    impact: row.impact,
    urgency: row.urgency,
    severity: row.severity,
    status: row.status,
    tlp: row.tlp,
    jurisdictionId: row.jurisdictionId,
    jurisdictionName: row.jurisdictionName,
    ownerOrganisationId: row.ownerOrganisationId,
    ownerOrganisationName: row.ownerOrganisationName,
    collaboratorOrganisationIds: collaborators,
    electionId: row.electionId,
    decisionOwnerUserId: row.decisionOwnerUserId,
    openedBy: row.openedBy,
    openedAt: iso(row.openedAt),
    updatedAt: iso(row.updatedAt),
    closedAt: iso(row.closedAt),
  };
}

function caseQuery(db: Executor) {
  return db
    .selectFrom('respondCases as c')
    .innerJoin('jurisdictions as j', 'j.id', 'c.jurisdictionId')
    .innerJoin('organisations as o', 'o.id', 'c.ownerOrganisationId')
    .selectAll('c')
    .select(['j.name as jurisdictionName', 'o.name as ownerOrganisationName']);
}

/** One case by id or reference, or undefined. */
export async function findCase(db: Executor, idOrReference: string): Promise<CaseRecord | undefined> {
  const row = await caseQuery(db)
    .where(isUuid(idOrReference) ? 'c.id' : 'c.reference', '=', idOrReference)
    .executeTakeFirst();
  if (!row) return undefined;
  return toCase(row, (await collaboratorsOf(db, [row.id])).get(row.id) ?? []);
}

function toTask(row: Selectable<RespondCaseTasksTable>): CaseTask {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    ownerOrganisationId: row.ownerOrganisationId,
    ownerUserId: row.ownerUserId,
    dueAt: iso(row.dueAt),
    status: row.status,
    doneAt: iso(row.doneAt),
    doneBy: row.doneBy,
    source: row.source,
    createdAt: iso(row.createdAt),
  };
}

function toEntry(row: Selectable<RespondCaseTimelineTable>): CaseTimelineEntry {
  return {
    id: row.id,
    kind: row.kind,
    body: row.body,
    tlp: row.tlp,
    recipientOrganisationIds: row.recipientOrganisationIds,
    data: row.data,
    authorUserId: row.authorUserId,
    authorOrganisationId: row.authorOrganisationId,
    authorLabel: row.authorLabel,
    at: iso(row.at),
  };
}

/** A case with its organisations, tasks, whole timeline, observables and links. */
export async function findCaseDetail(db: Executor, idOrReference: string): Promise<CaseDetail | undefined> {
  const record = await findCase(db, idOrReference);
  if (!record) return undefined;
  const organisationIds = [record.ownerOrganisationId, ...record.collaboratorOrganisationIds];
  const names = new Map(
    (await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', organisationIds).execute()).map((row) => [row.id, row.name]),
  );
  const [tasks, timeline, observables, links] = await Promise.all([
    db.selectFrom('respondCaseTasks').selectAll().where('caseId', '=', record.id).orderBy('position').execute(),
    db.selectFrom('respondCaseTimeline').selectAll().where('caseId', '=', record.id).orderBy('seq').execute(),
    db.selectFrom('respondCaseObservables').selectAll().where('caseId', '=', record.id).orderBy('addedAt').orderBy('id').execute(),
    db.selectFrom('respondCaseLinks').selectAll().where('caseId', '=', record.id).orderBy('addedAt').orderBy('id').execute(),
  ]);
  return {
    case: record,
    organisations: organisationIds.map((id, index) => ({ id, name: names.get(id) ?? id, role: index === 0 ? ('owner' as const) : ('collaborator' as const) })),
    tasks: tasks.map(toTask),
    timeline: timeline.map(toEntry),
    observables: observables.map((row) => ({ id: row.id, type: row.type as ObservableType, value: row.value, note: row.note, addedAt: iso(row.addedAt) })),
    links: links.map((row) => ({ id: row.id, kind: row.kind as CaseLinkKind, ref: row.ref, label: row.label, addedAt: iso(row.addedAt) })),
  };
}

/** Filters of the case list. */
export interface CaseFilter {
  readonly status?: CaseStatus | undefined;
  readonly severity?: Severity | undefined;
  readonly incidentType?: IncidentType | undefined;
  /** The jurisdiction and every jurisdiction under it. */
  readonly jurisdictionId?: string | undefined;
  readonly ownerOrganisationId?: string | undefined;
}

function encodeCursor(openedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([openedAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { openedAt: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string' && !Number.isNaN(Date.parse(value[0])) && isUuid(value[1])) {
      return { openedAt: value[0], id: value[1] };
    }
  } catch {
    // Reported below.
  }
  throw new InputError([{ path: '/query/cursor', message: 'not a cursor of this list' }]);
}

/** Descendants of a jurisdiction, itself included. */
async function subtree(db: Executor, rootId: string): Promise<string[]> {
  const all = await allJurisdictions(db);
  const children = new Map<string, string[]>();
  for (const j of all) if (j.parentId) children.set(j.parentId, [...(children.get(j.parentId) ?? []), j.id]);
  const result: string[] = [];
  const stack = [rootId];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    result.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return result;
}

/** Cases `scope` may see, newest first, filtered; the cursor is opaque (keyset on opening time and id). */
export async function listCases(
  db: Executor,
  query: { readonly scope: CaseReadScope; readonly filter: CaseFilter; readonly cursor?: string | undefined; readonly limit: number },
): Promise<{ items: CaseRecord[]; nextCursor: string | null }> {
  let q = caseQuery(db);
  const { scope, filter } = query;
  if (scope.kind === 'organisations') {
    const mine = [...scope.organisationIds];
    q = q.where((eb) =>
      mine.length === 0
        ? eb('c.tlp', '=', 'clear')
        : eb.or([
            eb('c.tlp', '=', 'clear'),
            eb('c.ownerOrganisationId', 'in', mine),
            eb.and([
              eb('c.tlp', '<>', 'amber+strict'),
              eb.exists(
                eb
                  .selectFrom('respondCaseOrganisations as co')
                  .select('co.caseId')
                  .whereRef('co.caseId', '=', 'c.id')
                  .where('co.organisationId', 'in', mine),
              ),
            ]),
          ]),
    );
  }
  if (filter.status) q = q.where('c.status', '=', filter.status);
  if (filter.severity) q = q.where('c.severity', '=', filter.severity);
  if (filter.incidentType) q = q.where('c.incidentType', '=', filter.incidentType);
  if (filter.ownerOrganisationId) q = q.where('c.ownerOrganisationId', '=', filter.ownerOrganisationId);
  if (filter.jurisdictionId) q = q.where('c.jurisdictionId', 'in', await subtree(db, filter.jurisdictionId));
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    q = q.where((eb) =>
      eb.or([eb('c.openedAt', '<', new Date(after.openedAt)), eb.and([eb('c.openedAt', '=', new Date(after.openedAt)), eb('c.id', '<', after.id)])]),
    );
  }
  const rows = await q.orderBy('c.openedAt', 'desc').orderBy('c.id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const collaborators = await collaboratorsOf(db, page.map((row) => row.id));
  const last = page[page.length - 1];
  return {
    items: page.map((row) => toCase(row, collaborators.get(row.id) ?? [])),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.openedAt, last.id) : null,
  };
}

/** Every case with its tasks, observables and links, oldest first (for `vigil respond cases export`). */
export async function exportCases(db: Executor): Promise<(CaseRecord & { tasks: CaseTask[]; observables: CaseObservable[]; links: CaseLink[] })[]> {
  const rows = await caseQuery(db).orderBy('c.openedAt').orderBy('c.id').execute();
  const ids = rows.map((row) => row.id);
  const collaborators = await collaboratorsOf(db, ids);
  const byCase = <T extends { caseId: string }>(items: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const item of items) map.set(item.caseId, [...(map.get(item.caseId) ?? []), item]);
    return map;
  };
  const tasks = ids.length === 0 ? new Map() : byCase(await db.selectFrom('respondCaseTasks').selectAll().where('caseId', 'in', ids).orderBy('position').execute());
  const observables = ids.length === 0 ? new Map() : byCase(await db.selectFrom('respondCaseObservables').selectAll().where('caseId', 'in', ids).orderBy('addedAt').execute());
  const links = ids.length === 0 ? new Map() : byCase(await db.selectFrom('respondCaseLinks').selectAll().where('caseId', 'in', ids).orderBy('addedAt').execute());
  return rows.map((row) => ({
    ...toCase(row, collaborators.get(row.id) ?? []),
    tasks: ((tasks.get(row.id) ?? []) as Selectable<RespondCaseTasksTable>[]).map(toTask),
    observables: ((observables.get(row.id) ?? []) as { id: string; type: string; value: string; note: string; addedAt: Date }[]).map((o) => ({
      id: o.id,
      type: o.type as ObservableType,
      value: o.value,
      note: o.note,
      addedAt: iso(o.addedAt),
    })),
    links: ((links.get(row.id) ?? []) as { id: string; kind: string; ref: string; label: string; addedAt: Date }[]).map((l) => ({
      id: l.id,
      kind: l.kind as CaseLinkKind,
      ref: l.ref,
      label: l.label,
      addedAt: iso(l.addedAt),
    })),
  }));
}

// ---- lead agencies -------------------------------------------------------------------------

/** A lead-agency rule: for incidents of a type in a jurisdiction (null: everywhere), this organisation leads. */
export interface LeadAgencyRule {
  readonly id: string;
  readonly jurisdictionId: string | null;
  readonly jurisdictionName: string | null;
  readonly incidentType: IncidentType;
  readonly organisationId: string;
  readonly organisationName: string;
}

/** Every lead-agency rule, by incident type then jurisdiction name (everywhere first). */
export async function listLeadAgencies(db: Executor): Promise<LeadAgencyRule[]> {
  const rows = await db
    .selectFrom('respondLeadAgencies as r')
    .leftJoin('jurisdictions as j', 'j.id', 'r.jurisdictionId')
    .innerJoin('organisations as o', 'o.id', 'r.organisationId')
    .select(['r.id', 'r.jurisdictionId', 'j.name as jurisdictionName', 'r.incidentType', 'r.organisationId', 'o.name as organisationName'])
    .execute();
  return rows.sort(
    (a, b) =>
      a.incidentType.localeCompare(b.incidentType) ||
      (a.jurisdictionName === null ? -1 : b.jurisdictionName === null ? 1 : a.jurisdictionName.localeCompare(b.jurisdictionName)) ||
      a.id.localeCompare(b.id),
  );
}

/** Sets who leads incidents of a type in a jurisdiction (null: everywhere), replacing the rule there. */
export async function setLeadAgency(
  db: Executor,
  context: MutationContext,
  input: { readonly jurisdictionId: string | null; readonly incidentType: IncidentType; readonly organisationId: string },
): Promise<LeadAgencyRule> {
  return inTransaction(db, async (trx) => {
    const problems: InputProblem[] = [];
    if (input.jurisdictionId !== null && !(await findJurisdiction(trx, input.jurisdictionId))) problems.push({ path: '/jurisdictionId', message: 'no jurisdiction with this id' });
    if (!(await findOrganisation(trx, input.organisationId))) problems.push({ path: '/organisationId', message: 'no organisation with this id' });
    if (problems.length > 0) throw new InputError(problems);
    let existing = trx.selectFrom('respondLeadAgencies').select('id').where('incidentType', '=', input.incidentType);
    existing = input.jurisdictionId === null ? existing.where('jurisdictionId', 'is', null) : existing.where('jurisdictionId', '=', input.jurisdictionId);
    const found = await existing.executeTakeFirst();
    let id: string;
    if (found) {
      await trx.updateTable('respondLeadAgencies').set({ organisationId: input.organisationId }).where('id', '=', found.id).execute();
      id = found.id;
    } else {
      id = (await trx.insertInto('respondLeadAgencies').values({ ...input, createdAt: context.now }).returning('id').executeTakeFirstOrThrow()).id;
    }
    await recordChange(trx, context, { action: 'lead-agency.set', targetType: 'lead-agency', targetId: id, change: input });
    const rule = (await listLeadAgencies(trx)).find((r) => r.id === id);
    if (!rule) throw new Error('lead-agency rule vanished after write');
    return rule;
  });
}

/** Removes a lead-agency rule; false when there was none. */
export async function deleteLeadAgency(db: Executor, context: MutationContext, id: string): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const deleted = await trx.deleteFrom('respondLeadAgencies').where('id', '=', id).returningAll().executeTakeFirst();
    if (!deleted) return false;
    await recordChange(trx, context, { action: 'lead-agency.delete', targetType: 'lead-agency', targetId: id, change: deleted });
    return true;
  });
}

/** Who leads an incident: the organisation and why. */
export interface LeadAgencyChoice {
  readonly organisationId: string;
  readonly organisationName: string;
  readonly source: 'lead-agency' | 'responsible-organisation';
  /** The jurisdiction whose rule or responsible organisation decided (null: a rule for everywhere). */
  readonly decidedAtJurisdictionId: string | null;
}

/**
 * The lead agency for an incident of `incidentType` in a jurisdiction: the rule of the
 * nearest jurisdiction up the line of authority (the jurisdiction itself first), then a rule
 * for everywhere, then the nearest responsible organisation up the line. Undefined when the
 * jurisdiction does not exist or no one is responsible anywhere up the line.
 */
export async function resolveLeadAgency(db: Executor, jurisdictionId: string, incidentType: IncidentType): Promise<LeadAgencyChoice | undefined> {
  const chain = await lineOfAuthority(db, jurisdictionId);
  if (!chain) return undefined;
  const rules = await db
    .selectFrom('respondLeadAgencies as r')
    .innerJoin('organisations as o', 'o.id', 'r.organisationId')
    .select(['r.jurisdictionId', 'r.organisationId', 'o.name'])
    .where('r.incidentType', '=', incidentType)
    .execute();
  for (const link of chain) {
    const rule = rules.find((r) => r.jurisdictionId === link.jurisdiction.id);
    if (rule) return { organisationId: rule.organisationId, organisationName: rule.name, source: 'lead-agency', decidedAtJurisdictionId: link.jurisdiction.id };
  }
  const everywhere = rules.find((r) => r.jurisdictionId === null);
  if (everywhere) return { organisationId: everywhere.organisationId, organisationName: everywhere.name, source: 'lead-agency', decidedAtJurisdictionId: null };
  for (const link of chain) {
    if (link.responsibleOrganisation) {
      return {
        organisationId: link.responsibleOrganisation.id,
        organisationName: link.responsibleOrganisation.name,
        source: 'responsible-organisation',
        decidedAtJurisdictionId: link.jurisdiction.id,
      };
    }
  }
  return undefined;
}

// ---- writing -------------------------------------------------------------------------------

function userIdOf(context: MutationContext): string | null {
  return context.actor.kind === 'user' ? context.actor.id : null;
}

async function requireCase(trx: Executor, caseId: string): Promise<CaseRecord> {
  const found = await findCase(trx, caseId);
  if (!found) throw new NotFoundError('no case with this id');
  return found;
}

async function touch(trx: Executor, caseId: string, now: Date): Promise<void> {
  await trx.updateTable('respondCases').set({ updatedAt: now }).where('id', '=', caseId).execute();
}

/** What `addTimelineEntry` takes. */
export interface NewTimelineEntry {
  readonly caseId: string;
  /** `comment`, or what happened (`status-changed`, `task-added`, `escalated`, `shared` …): a lower-case slug. */
  readonly kind: string;
  readonly body: string;
  /** Defaults to the case's TLP. */
  readonly tlp?: Tlp | undefined;
  /** The organisation the author writes for; defaults to the case's owner. */
  readonly authorOrganisationId?: string | null | undefined;
  /** For AMBER and RED: who may read it; defaults to every organisation of the case. Must be organisations of the case. */
  readonly recipientOrganisationIds?: readonly string[] | undefined;
  readonly data?: Record<string, unknown> | undefined;
}

const KIND = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Adds an entry to a case's timeline, audited. Used by this module for every change, and by
 * escalation, sharing and detection to log what they did on a case.
 */
export async function addTimelineEntry(db: Executor, context: MutationContext, input: NewTimelineEntry): Promise<CaseTimelineEntry> {
  return inTransaction(db, async (trx) => {
    const found = await requireCase(trx, input.caseId);
    const organisations = [found.ownerOrganisationId, ...found.collaboratorOrganisationIds];
    const problems: InputProblem[] = [];
    if (!KIND.test(input.kind)) problems.push({ path: '/kind', message: 'a lower-case slug of letters, digits and hyphens' });
    if (input.body.trim().length === 0) problems.push({ path: '/body', message: 'required' });
    if (input.body.length > 20_000) problems.push({ path: '/body', message: 'at most 20000 characters' });
    for (const [index, id] of (input.recipientOrganisationIds ?? []).entries()) {
      if (!organisations.includes(id)) problems.push({ path: `/recipientOrganisationIds/${index}`, message: 'not an organisation of this case' });
    }
    const authorOrganisationId = input.authorOrganisationId ?? found.ownerOrganisationId;
    if (!organisations.includes(authorOrganisationId) && input.authorOrganisationId !== undefined) {
      problems.push({ path: '/authorOrganisationId', message: 'not an organisation of this case' });
    }
    if (problems.length > 0) throw new InputError(problems);
    const row = await trx
      .insertInto('respondCaseTimeline')
      .values({
        caseId: found.id,
        kind: input.kind,
        body: input.body.trim(),
        tlp: input.tlp ?? found.tlp,
        recipientOrganisationIds: JSON.stringify([...new Set(input.recipientOrganisationIds ?? organisations)]),
        data: input.data === undefined ? null : JSON.stringify(input.data),
        authorUserId: userIdOf(context),
        authorOrganisationId,
        authorLabel: context.actor.label,
        at: context.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await touch(trx, found.id, context.now);
    // The body of a note may be RED: the audit log keeps its digest, not a readable copy.
    await recordChange(trx, context, {
      action: input.kind === 'comment' ? 'case.comment' : 'case.timeline',
      targetType: 'case',
      targetId: found.id,
      change: { entryId: row.id, kind: row.kind, tlp: row.tlp, body: row.body, recipients: row.recipientOrganisationIds },
    });
    return toEntry(row);
  });
}

/** A link to add to a case. */
export interface NewCaseLink {
  readonly kind: CaseLinkKind;
  readonly ref: string;
  readonly label?: string | undefined;
}

/** An observable to add to a case. */
export interface NewCaseObservable {
  readonly type: ObservableType;
  readonly value: string;
  readonly note?: string | undefined;
}

/** What `createCase` takes. */
export interface NewCase {
  readonly title: string;
  readonly summary?: string | undefined;
  readonly incidentType: IncidentType;
  readonly impact: Impact;
  readonly urgency: Urgency;
  readonly tlp: Tlp;
  readonly jurisdictionId: string;
  /** Overrides the lead-agency choice. */
  readonly ownerOrganisationId?: string | undefined;
  readonly collaboratorOrganisationIds?: readonly string[] | undefined;
  readonly electionId?: string | null | undefined;
  readonly decisionOwnerUserId?: string | null | undefined;
  /** Reports the case is opened from: they are linked to it and leave the triage queue. */
  readonly reportIds?: readonly string[] | undefined;
  readonly links?: readonly NewCaseLink[] | undefined;
  readonly observables?: readonly NewCaseObservable[] | undefined;
}

async function nextReference(trx: Executor, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const row = await trx
    .insertInto('respondCaseCounters')
    .values({ year, last: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql<number>`respond_case_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return `CASE-${year}-${String(row.last).padStart(4, '0')}`;
}

function validateObservable(observable: NewCaseObservable, path: string, problems: InputProblem[]): string | null {
  const normal = normaliseObservable(observable.type, observable.value);
  if (!normal.ok) {
    problems.push({ path: `${path}/value`, message: normal.error });
    return null;
  }
  return normal.value;
}

/**
 * Links reports to a case through intake's `linkReportsToCase` (each report gets the case id
 * and leaves the triage queue as `linked-to-case`), and gives the case a `report` link. A
 * report already on another case is refused.
 */
async function linkReports(trx: Executor, context: MutationContext, caseId: string, reportIds: readonly string[], pathPrefix: string): Promise<void> {
  if (reportIds.length === 0) return;
  const unique = [...new Set(reportIds)];
  const rows = await trx.selectFrom('respondReports').select(['id', 'title', 'caseId']).where('id', 'in', unique).execute();
  const problems: InputProblem[] = [];
  for (const [index, id] of reportIds.entries()) {
    const row = rows.find((r) => r.id === id);
    if (!row) problems.push({ path: `${pathPrefix}/${index}`, message: 'no report with this id' });
    else if (row.caseId !== null && row.caseId !== caseId) problems.push({ path: `${pathPrefix}/${index}`, message: 'this report is linked to another case already' });
  }
  if (problems.length > 0) throw new InputError(problems);
  await linkReportsToCase(trx, context, { reportIds: unique, caseId });
  for (const row of rows) {
    await trx
      .insertInto('respondCaseLinks')
      // The title only: a tracking code is the reporter's key to the public status page.
      .values({ caseId, kind: 'report', ref: row.id, label: row.title.slice(0, 300), addedBy: userIdOf(context), addedAt: context.now })
      .onConflict((oc) => oc.columns(['caseId', 'kind', 'ref']).doNothing())
      .execute();
  }
  await recordChange(trx, context, { action: 'case.link-reports', targetType: 'case', targetId: caseId, change: { reportIds: unique } });
}

/**
 * Opens a case. The owner is the organisation chosen, or the lead agency for the incident
 * type along the jurisdiction's line of authority (`resolveLeadAgency`). Opened from
 * reports, it links them; links and observables given are added; the timeline records the
 * opening. All or nothing, with every problem named by its JSON path.
 */
export async function createCase(db: Executor, context: MutationContext, input: NewCase): Promise<CaseRecord & { ownerSource: OwnerSource }> {
  return inTransaction(db, async (trx) => {
    const problems: InputProblem[] = [];
    if (input.title.trim().length === 0) problems.push({ path: '/title', message: 'required' });
    const jurisdiction = await findJurisdiction(trx, input.jurisdictionId);
    if (!jurisdiction) problems.push({ path: '/jurisdictionId', message: 'no jurisdiction with this id' });
    if (input.ownerOrganisationId !== undefined && !(await findOrganisation(trx, input.ownerOrganisationId))) {
      problems.push({ path: '/ownerOrganisationId', message: 'no organisation with this id' });
    }
    for (const [index, id] of (input.collaboratorOrganisationIds ?? []).entries()) {
      if (!(await findOrganisation(trx, id))) problems.push({ path: `/collaboratorOrganisationIds/${index}`, message: 'no organisation with this id' });
    }
    if (input.electionId && !(await trx.selectFrom('elections').select('id').where('id', '=', input.electionId).executeTakeFirst())) {
      problems.push({ path: '/electionId', message: 'no election with this id' });
    }
    if (input.decisionOwnerUserId && !(await trx.selectFrom('users').select('id').where('id', '=', input.decisionOwnerUserId).executeTakeFirst())) {
      problems.push({ path: '/decisionOwnerUserId', message: 'no user with this id' });
    }
    const observables = (input.observables ?? []).map((observable, index) => validateObservable(observable, `/observables/${index}`, problems));
    for (const [index, link] of (input.links ?? []).entries()) {
      if (link.ref.trim().length === 0) problems.push({ path: `/links/${index}/ref`, message: 'required' });
      else if (link.kind === 'report' && !isUuid(link.ref.trim())) problems.push({ path: `/links/${index}/ref`, message: 'a report id' });
    }
    let owner: { organisationId: string; source: OwnerSource } | undefined;
    if (input.ownerOrganisationId !== undefined) owner = { organisationId: input.ownerOrganisationId, source: 'chosen' };
    else if (jurisdiction) {
      const lead = await resolveLeadAgency(trx, jurisdiction.id, input.incidentType);
      if (lead) owner = { organisationId: lead.organisationId, source: lead.source };
      else problems.push({ path: '/ownerOrganisationId', message: 'no lead agency or responsible organisation up this jurisdiction: choose an owner' });
    }
    if (problems.length > 0 || !owner) throw new InputError(problems);
    const reference = await nextReference(trx, context.now);
    const row = await trx
      .insertInto('respondCases')
      .values({
        reference,
        title: input.title.trim(),
        summary: (input.summary ?? '').trim(),
        incidentType: input.incidentType,
        impact: input.impact,
        urgency: input.urgency,
        severity: severityOf(input.impact, input.urgency),
        status: 'open',
        tlp: input.tlp,
        jurisdictionId: input.jurisdictionId,
        ownerOrganisationId: owner.organisationId,
        electionId: input.electionId ?? null,
        decisionOwnerUserId: input.decisionOwnerUserId ?? null,
        openedBy: userIdOf(context),
        openedAt: context.now,
        updatedAt: context.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const collaborators = [...new Set(input.collaboratorOrganisationIds ?? [])].filter((id) => id !== owner.organisationId);
    if (collaborators.length > 0) {
      await trx.insertInto('respondCaseOrganisations').values(collaborators.map((organisationId) => ({ caseId: row.id, organisationId, addedAt: context.now }))).execute();
    }
    await recordChange(trx, context, { action: 'case.create', targetType: 'case', targetId: row.id, change: { reference, ...input, ownerOrganisationId: owner.organisationId, ownerSource: owner.source } });
    await linkReports(trx, context, row.id, input.reportIds ?? [], '/reportIds');
    // Report links go through intake too, so the reports leave the triage queue.
    for (const [index, link] of (input.links ?? []).entries()) {
      if (link.kind === 'report') await linkReports(trx, context, row.id, [link.ref.trim()], `/links/${index}/ref`);
    }
    for (const link of (input.links ?? []).filter((l) => l.kind !== 'report')) {
      await trx
        .insertInto('respondCaseLinks')
        .values({ caseId: row.id, kind: link.kind, ref: link.ref.trim(), label: (link.label ?? '').trim(), addedBy: userIdOf(context), addedAt: context.now })
        .onConflict((oc) => oc.columns(['caseId', 'kind', 'ref']).doNothing())
        .execute();
    }
    for (const [index, observable] of (input.observables ?? []).entries()) {
      const value = observables[index];
      if (value === null || value === undefined) continue;
      await trx
        .insertInto('respondCaseObservables')
        .values({ caseId: row.id, type: observable.type, value, note: (observable.note ?? '').trim(), addedBy: userIdOf(context), addedAt: context.now })
        .onConflict((oc) => oc.columns(['caseId', 'type', 'value']).doNothing())
        .execute();
    }
    await addTimelineEntry(trx, context, {
      caseId: row.id,
      kind: 'case-opened',
      body: `Case opened; owner chosen by ${owner.source}.`,
      authorOrganisationId: null,
      data: { ownerOrganisationId: owner.organisationId, ownerSource: owner.source, reportIds: input.reportIds ?? [] },
    });
    const created = await findCase(trx, row.id);
    if (!created) throw new Error('case vanished after insert');
    return { ...created, ownerSource: owner.source };
  });
}

/** Changes to a case's description, classification, marking or ownership. */
export interface CasePatch {
  readonly title?: string | undefined;
  readonly summary?: string | undefined;
  readonly incidentType?: IncidentType | undefined;
  readonly impact?: Impact | undefined;
  readonly urgency?: Urgency | undefined;
  readonly tlp?: Tlp | undefined;
  readonly ownerOrganisationId?: string | undefined;
  readonly electionId?: string | null | undefined;
  readonly decisionOwnerUserId?: string | null | undefined;
}

/** Updates a case; the timeline records what changed (from → to). */
export async function updateCase(db: Executor, context: MutationContext, caseId: string, patch: CasePatch): Promise<CaseRecord> {
  return inTransaction(db, async (trx) => {
    const current = await requireCase(trx, caseId);
    const problems: InputProblem[] = [];
    if (patch.title !== undefined && patch.title.trim().length === 0) problems.push({ path: '/title', message: 'required' });
    if (patch.ownerOrganisationId !== undefined && !(await findOrganisation(trx, patch.ownerOrganisationId))) problems.push({ path: '/ownerOrganisationId', message: 'no organisation with this id' });
    if (patch.electionId && !(await trx.selectFrom('elections').select('id').where('id', '=', patch.electionId).executeTakeFirst())) problems.push({ path: '/electionId', message: 'no election with this id' });
    if (patch.decisionOwnerUserId && !(await trx.selectFrom('users').select('id').where('id', '=', patch.decisionOwnerUserId).executeTakeFirst())) problems.push({ path: '/decisionOwnerUserId', message: 'no user with this id' });
    if (problems.length > 0) throw new InputError(problems);
    const next = {
      title: patch.title?.trim() ?? current.title,
      summary: patch.summary?.trim() ?? current.summary,
      incidentType: patch.incidentType ?? current.incidentType,
      impact: patch.impact ?? current.impact,
      urgency: patch.urgency ?? current.urgency,
      tlp: patch.tlp ?? current.tlp,
      ownerOrganisationId: patch.ownerOrganisationId ?? current.ownerOrganisationId,
      electionId: patch.electionId !== undefined ? patch.electionId : current.electionId,
      decisionOwnerUserId: patch.decisionOwnerUserId !== undefined ? patch.decisionOwnerUserId : current.decisionOwnerUserId,
    };
    const severity = severityOf(next.impact, next.urgency);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(next) as (keyof typeof next)[]) {
      if (next[key] !== current[key]) changes[key] = { from: current[key], to: next[key] };
    }
    if (severity !== current.severity) changes['severity'] = { from: current.severity, to: severity };
    if (Object.keys(changes).length === 0) return current;
    await trx.updateTable('respondCases').set({ ...next, severity, updatedAt: context.now }).where('id', '=', caseId).execute();
    if (changes['ownerOrganisationId']) {
      // The former owner stays on the case as a collaborator: it keeps what it knew.
      await trx
        .insertInto('respondCaseOrganisations')
        .values({ caseId, organisationId: current.ownerOrganisationId, addedAt: context.now })
        .onConflict((oc) => oc.columns(['caseId', 'organisationId']).doNothing())
        .execute();
      await trx.deleteFrom('respondCaseOrganisations').where('caseId', '=', caseId).where('organisationId', '=', next.ownerOrganisationId).execute();
    }
    await recordChange(trx, context, { action: 'case.update', targetType: 'case', targetId: caseId, change: changes });
    const fields = Object.keys(changes).join(', ');
    await addTimelineEntry(trx, context, { caseId, kind: changes['ownerOrganisationId'] ? 'owner-changed' : 'case-updated', body: `Changed: ${fields}.`, authorOrganisationId: null, data: changes });
    return requireCase(trx, caseId);
  });
}

/** Moves a case along its workflow (`canMoveCase`); a move the workflow forbids is refused at /status. */
export async function moveCase(db: Executor, context: MutationContext, caseId: string, input: { readonly status: CaseStatus; readonly note?: string | undefined }): Promise<CaseRecord> {
  return inTransaction(db, async (trx) => {
    const current = await requireCase(trx, caseId);
    if (!canMoveCase(current.status, input.status)) {
      throw new InputError([{ path: '/status', message: `a ${current.status} case cannot move to ${input.status}` }]);
    }
    const closedAt = input.status === 'closed' ? context.now : input.status === 'open' ? null : current.closedAt === null ? null : new Date(current.closedAt);
    await trx.updateTable('respondCases').set({ status: input.status, closedAt, updatedAt: context.now }).where('id', '=', caseId).execute();
    await recordChange(trx, context, { action: 'case.move', targetType: 'case', targetId: caseId, change: { from: current.status, to: input.status, note: input.note ?? null } });
    const note = input.note?.trim();
    await addTimelineEntry(trx, context, {
      caseId,
      kind: 'status-changed',
      body: `Status ${current.status} → ${input.status}${note ? `: ${note}` : '.'}`,
      authorOrganisationId: null,
      data: { from: current.status, to: input.status },
    });
    return requireCase(trx, caseId);
  });
}

/** Adds an organisation to the case's collaborators. */
export async function addCaseOrganisation(db: Executor, context: MutationContext, caseId: string, organisationId: string): Promise<CaseRecord> {
  return inTransaction(db, async (trx) => {
    const current = await requireCase(trx, caseId);
    const organisation = await findOrganisation(trx, organisationId);
    if (!organisation) throw new InputError([{ path: '/organisationId', message: 'no organisation with this id' }]);
    if (organisationId === current.ownerOrganisationId || current.collaboratorOrganisationIds.includes(organisationId)) return current;
    await trx.insertInto('respondCaseOrganisations').values({ caseId, organisationId, addedAt: context.now }).execute();
    await recordChange(trx, context, { action: 'case.add-organisation', targetType: 'case', targetId: caseId, change: { organisationId } });
    await addTimelineEntry(trx, context, { caseId, kind: 'organisation-added', body: `${organisation.name} joined the case.`, authorOrganisationId: null, data: { organisationId } });
    return requireCase(trx, caseId);
  });
}

/** Removes a collaborating organisation (not the owner). */
export async function removeCaseOrganisation(db: Executor, context: MutationContext, caseId: string, organisationId: string): Promise<CaseRecord> {
  return inTransaction(db, async (trx) => {
    const current = await requireCase(trx, caseId);
    if (organisationId === current.ownerOrganisationId) throw new InputError([{ path: '/params/organisationId', message: 'the owner cannot leave its case: change the owner first' }]);
    if (!current.collaboratorOrganisationIds.includes(organisationId)) throw new NotFoundError('this organisation is not on the case');
    await trx.deleteFrom('respondCaseOrganisations').where('caseId', '=', caseId).where('organisationId', '=', organisationId).execute();
    await recordChange(trx, context, { action: 'case.remove-organisation', targetType: 'case', targetId: caseId, change: { organisationId } });
    const organisation = await findOrganisation(trx, organisationId);
    await addTimelineEntry(trx, context, { caseId, kind: 'organisation-removed', body: `${organisation?.name ?? organisationId} left the case.`, authorOrganisationId: null, data: { organisationId } });
    return requireCase(trx, caseId);
  });
}

/** A task to add to a case. */
export interface NewCaseTask {
  readonly title: string;
  readonly description?: string | undefined;
  readonly ownerOrganisationId?: string | null | undefined;
  readonly ownerUserId?: string | null | undefined;
  readonly dueAt?: string | Date | null | undefined;
  readonly source?: string | null | undefined;
}

async function checkTaskOwner(trx: Executor, found: CaseRecord, input: { ownerOrganisationId?: string | null | undefined; ownerUserId?: string | null | undefined }, path: string): Promise<InputProblem[]> {
  const problems: InputProblem[] = [];
  const organisations = [found.ownerOrganisationId, ...found.collaboratorOrganisationIds];
  if (input.ownerOrganisationId && !organisations.includes(input.ownerOrganisationId)) problems.push({ path: `${path}/ownerOrganisationId`, message: 'not an organisation of this case' });
  if (input.ownerUserId) {
    const member = await trx.selectFrom('memberships').select('organisationId').where('userId', '=', input.ownerUserId).execute();
    const orgOfTask = input.ownerOrganisationId ?? found.ownerOrganisationId;
    if (!member.some((m) => m.organisationId === orgOfTask)) problems.push({ path: `${path}/ownerUserId`, message: "not a member of the task's organisation" });
  }
  return problems;
}

async function insertTasks(trx: Executor, context: MutationContext, found: CaseRecord, tasks: readonly NewCaseTask[]): Promise<CaseTask[]> {
  if (tasks.length === 0) return [];
  const last = await trx.selectFrom('respondCaseTasks').select((eb) => eb.fn.max('position').as('max')).where('caseId', '=', found.id).executeTakeFirst();
  let position = Number(last?.max ?? -1) + 1;
  const rows = await trx
    .insertInto('respondCaseTasks')
    .values(
      tasks.map((task) => ({
        caseId: found.id,
        title: task.title.trim(),
        description: (task.description ?? '').trim(),
        ownerOrganisationId: task.ownerOrganisationId ?? found.ownerOrganisationId,
        ownerUserId: task.ownerUserId ?? null,
        dueAt: task.dueAt ?? null,
        status: 'open' as const,
        source: task.source ?? null,
        position: position++,
        createdAt: context.now,
      })),
    )
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.position - b.position).map(toTask);
}

/** Adds a task to a case (owned by the case owner unless another organisation of the case is named). */
export async function addCaseTask(db: Executor, context: MutationContext, caseId: string, input: NewCaseTask): Promise<CaseTask> {
  return inTransaction(db, async (trx) => {
    const found = await requireCase(trx, caseId);
    const problems = await checkTaskOwner(trx, found, input, '');
    if (input.title.trim().length === 0) problems.push({ path: '/title', message: 'required' });
    if (problems.length > 0) throw new InputError(problems);
    const [task] = await insertTasks(trx, context, found, [input]);
    if (!task) throw new Error('task vanished after insert');
    await recordChange(trx, context, { action: 'case.add-task', targetType: 'case', targetId: caseId, change: { taskId: task.id, ...input } });
    await addTimelineEntry(trx, context, { caseId, kind: 'task-added', body: `Task added: ${task.title}`, authorOrganisationId: null, data: { taskId: task.id, dueAt: task.dueAt } });
    return task;
  });
}

/** Marks a task done or not done, or changes its title, owner or due time. */
export async function updateCaseTask(
  db: Executor,
  context: MutationContext,
  caseId: string,
  taskId: string,
  patch: {
    readonly done?: boolean | undefined;
    readonly title?: string | undefined;
    readonly dueAt?: string | null | undefined;
    readonly ownerOrganisationId?: string | null | undefined;
    readonly ownerUserId?: string | null | undefined;
  },
): Promise<CaseTask> {
  return inTransaction(db, async (trx) => {
    const found = await requireCase(trx, caseId);
    const row = await trx.selectFrom('respondCaseTasks').selectAll().where('id', '=', taskId).where('caseId', '=', caseId).executeTakeFirst();
    if (!row) throw new NotFoundError('no task with this id on this case');
    const problems = await checkTaskOwner(
      trx,
      found,
      {
        ownerOrganisationId: patch.ownerOrganisationId !== undefined ? patch.ownerOrganisationId : row.ownerOrganisationId,
        ownerUserId: patch.ownerUserId !== undefined ? patch.ownerUserId : row.ownerUserId,
      },
      '',
    );
    if (patch.title !== undefined && patch.title.trim().length === 0) problems.push({ path: '/title', message: 'required' });
    if (problems.length > 0) throw new InputError(problems);
    const done = patch.done ?? row.status === 'done';
    const updated = await trx
      .updateTable('respondCaseTasks')
      .set({
        title: patch.title?.trim() ?? row.title,
        dueAt: patch.dueAt !== undefined ? patch.dueAt : row.dueAt,
        ownerOrganisationId: patch.ownerOrganisationId !== undefined ? patch.ownerOrganisationId : row.ownerOrganisationId,
        ownerUserId: patch.ownerUserId !== undefined ? patch.ownerUserId : row.ownerUserId,
        status: done ? 'done' : 'open',
        doneAt: done ? (row.status === 'done' ? row.doneAt : context.now) : null,
        doneBy: done ? (row.status === 'done' ? row.doneBy : userIdOf(context)) : null,
      })
      .where('id', '=', taskId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChange(trx, context, { action: 'case.update-task', targetType: 'case', targetId: caseId, change: { taskId, ...patch } });
    if (patch.done !== undefined && done !== (row.status === 'done')) {
      await addTimelineEntry(trx, context, { caseId, kind: done ? 'task-done' : 'task-reopened', body: `${done ? 'Done' : 'Reopened'}: ${updated.title}`, authorOrganisationId: null, data: { taskId } });
    } else {
      await addTimelineEntry(trx, context, { caseId, kind: 'task-updated', body: `Task changed: ${updated.title}`, authorOrganisationId: null, data: { taskId, ...patch } });
    }
    return toTask(updated);
  });
}

/** Adds an observable, validated and normalised by its type; the same value twice is a 409. */
export async function addCaseObservable(db: Executor, context: MutationContext, caseId: string, input: NewCaseObservable): Promise<CaseObservable> {
  return inTransaction(db, async (trx) => {
    await requireCase(trx, caseId);
    const problems: InputProblem[] = [];
    const value = validateObservable(input, '', problems);
    if (value === null) throw new InputError(problems);
    const clash = await trx.selectFrom('respondCaseObservables').select('id').where('caseId', '=', caseId).where('type', '=', input.type).where('value', '=', value).executeTakeFirst();
    if (clash) throw new DuplicateError('value', `this case has the ${input.type} ${value} already`);
    const row = await trx
      .insertInto('respondCaseObservables')
      .values({ caseId, type: input.type, value, note: (input.note ?? '').trim(), addedBy: userIdOf(context), addedAt: context.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChange(trx, context, { action: 'case.add-observable', targetType: 'case', targetId: caseId, change: { observableId: row.id, type: input.type, value } });
    await addTimelineEntry(trx, context, { caseId, kind: 'observable-added', body: `Observable added: ${input.type} ${value}`, authorOrganisationId: null, data: { observableId: row.id } });
    return { id: row.id, type: input.type, value, note: row.note, addedAt: iso(row.addedAt) };
  });
}

/** Removes an observable of a case. */
export async function removeCaseObservable(db: Executor, context: MutationContext, caseId: string, observableId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    await requireCase(trx, caseId);
    const row = await trx.deleteFrom('respondCaseObservables').where('id', '=', observableId).where('caseId', '=', caseId).returningAll().executeTakeFirst();
    if (!row) throw new NotFoundError('no observable with this id on this case');
    await recordChange(trx, context, { action: 'case.remove-observable', targetType: 'case', targetId: caseId, change: { observableId, type: row.type, value: row.value } });
    await addTimelineEntry(trx, context, { caseId, kind: 'observable-removed', body: `Observable removed: ${row.type} ${row.value}`, authorOrganisationId: null, data: { observableId } });
  });
}

/** Links a case to a report, detection, STIX object, asset, ad, claim or other case. */
export async function addCaseLink(db: Executor, context: MutationContext, caseId: string, input: NewCaseLink): Promise<CaseLink> {
  return inTransaction(db, async (trx) => {
    const found = await requireCase(trx, caseId);
    const ref = input.ref.trim();
    if (ref.length === 0) throw new InputError([{ path: '/ref', message: 'required' }]);
    if (input.kind === 'report') {
      if (!isUuid(ref)) throw new InputError([{ path: '/ref', message: 'a report id' }]);
      await linkReports(trx, context, found.id, [ref], '/ref');
    } else if (input.kind === 'case') {
      const other = await findCase(trx, ref);
      if (!other || other.id === found.id) throw new InputError([{ path: '/ref', message: 'no other case with this id or reference' }]);
    }
    const existing = await trx.selectFrom('respondCaseLinks').selectAll().where('caseId', '=', caseId).where('kind', '=', input.kind).where('ref', '=', ref).executeTakeFirst();
    if (existing && input.kind !== 'report') throw new DuplicateError('ref', `this case links to ${input.kind} ${ref} already`);
    const row =
      existing ??
      (await trx
        .insertInto('respondCaseLinks')
        .values({ caseId, kind: input.kind, ref, label: (input.label ?? '').trim(), addedBy: userIdOf(context), addedAt: context.now })
        .returningAll()
        .executeTakeFirstOrThrow());
    await recordChange(trx, context, { action: 'case.add-link', targetType: 'case', targetId: caseId, change: { linkId: row.id, kind: input.kind, ref } });
    await addTimelineEntry(trx, context, { caseId, kind: 'link-added', body: `Linked ${input.kind} ${row.label || ref}`, authorOrganisationId: null, data: { linkId: row.id, kind: input.kind, ref } });
    return { id: row.id, kind: row.kind as CaseLinkKind, ref: row.ref, label: row.label, addedAt: iso(row.addedAt) };
  });
}

/** Removes a link (a report link also returns the report to the triage queue as in review). */
export async function removeCaseLink(db: Executor, context: MutationContext, caseId: string, linkId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    await requireCase(trx, caseId);
    const row = await trx.deleteFrom('respondCaseLinks').where('id', '=', linkId).where('caseId', '=', caseId).returningAll().executeTakeFirst();
    if (!row) throw new NotFoundError('no link with this id on this case');
    if (row.kind === 'report') {
      await trx.updateTable('respondReports').set({ caseId: null, status: 'in-review', updatedAt: context.now }).where('id', '=', row.ref).where('caseId', '=', caseId).execute();
    }
    await recordChange(trx, context, { action: 'case.remove-link', targetType: 'case', targetId: caseId, change: { linkId, kind: row.kind, ref: row.ref } });
    await addTimelineEntry(trx, context, { caseId, kind: 'link-removed', body: `Unlinked ${row.kind} ${row.label || row.ref}`, authorOrganisationId: null, data: { linkId } });
  });
}

/**
 * Applies a playbook version (the current one unless `version` is given) to a case: its tasks
 * are created with due times counted from `context.now`, owned by the case owner, and the
 * timeline records which version was applied.
 */
export async function applyPlaybook(
  db: Executor,
  context: MutationContext,
  caseId: string,
  input: { readonly playbookId: string; readonly version?: number | undefined },
): Promise<{ tasks: CaseTask[]; playbookKey: string; version: number }> {
  return inTransaction(db, async (trx) => {
    const found = await requireCase(trx, caseId);
    const playbook = await findPlaybookVersion(trx, input.playbookId, input.version);
    if (!playbook) throw new InputError([{ path: input.version === undefined ? '/playbookId' : '/version', message: 'no playbook (version) with this id' }]);
    const source = `playbook:${playbook.definition.key}@${playbook.version}`;
    const tasks = await insertTasks(
      trx,
      context,
      found,
      scheduleTasks(playbook.definition.tasks, context.now).map((task) => ({ title: task.title, description: task.description, dueAt: task.dueAt, source })),
    );
    await recordChange(trx, context, { action: 'case.apply-playbook', targetType: 'case', targetId: caseId, change: { playbookId: playbook.playbookId, version: playbook.version, taskIds: tasks.map((t) => t.id) } });
    await addTimelineEntry(trx, context, {
      caseId,
      kind: 'playbook-applied',
      body: `Playbook applied: ${playbook.definition.title.en} (version ${playbook.version}), ${tasks.length} tasks.`,
      authorOrganisationId: null,
      data: { playbookId: playbook.playbookId, key: playbook.definition.key, version: playbook.version },
    });
    return { tasks, playbookKey: playbook.definition.key, version: playbook.version };
  });
}

/** Adds tasks from templates already scheduled (contingency plans), in one go. */
export async function addScheduledTasks(trx: Executor, context: MutationContext, caseId: string, tasks: readonly NewCaseTask[]): Promise<CaseTask[]> {
  const found = await requireCase(trx, caseId);
  return insertTasks(trx, context, found, tasks);
}
