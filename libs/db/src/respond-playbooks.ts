/**
 * Playbooks and contingency plans of the respond capability.
 *
 * A playbook is a key with numbered versions; editing adds a version and never changes an
 * old one, so a case records exactly which version it applied. Definitions are stored as
 * JSON and parsed with `PlaybookDefinitionSchema` on every read (a row that no longer parses
 * is a bug, reported loudly).
 *
 * A contingency plan belongs to an election: a scenario, its triggers, the decision-owner
 * organisation, actions and task templates. Activating it needs a recorded sign-off (who,
 * when, a statement) and opens a case (or joins one) with the plan's tasks; deactivating it
 * needs one too. Both are audited and written on the case's timeline.
 */
import { isUuid } from '@vigil/basics';
import type { Impact, IncidentType, PlaybookDefinition, PlaybookFile, TaskTemplate, Tlp, Urgency } from '@vigil/domain';
import { PlaybookDefinitionSchema, STARTER_PLAYBOOKS, TaskTemplateSchema, scheduleTasks } from '@vigil/domain';
import type { Executor } from './database';
import { InputError, NotFoundError } from './input-error';
import type { InputProblem } from './input-error';
import { findJurisdiction } from './jurisdictions';
import type { MutationContext } from './mutation';
import { inTransaction, iso, recordChange } from './mutation';
import { DuplicateError, findOrganisation } from './organisations';
import { addScheduledTasks, addTimelineEntry, createCase, findCase } from './respond-cases';

// ---- playbooks -----------------------------------------------------------------------------

/** A playbook in a list: its current version's headline. */
export interface PlaybookSummary {
  readonly id: string;
  readonly key: string;
  readonly currentVersion: number;
  readonly title: PlaybookDefinition['title'];
  readonly summary: PlaybookDefinition['summary'];
  readonly trigger: PlaybookDefinition['trigger'];
  readonly taskCount: number;
  readonly updatedAt: string;
}

/** One version of a playbook. */
export interface PlaybookVersion {
  readonly playbookId: string;
  readonly version: number;
  readonly definition: PlaybookDefinition;
  readonly note: string;
  readonly createdByLabel: string;
  readonly createdAt: string;
}

/** A playbook with its current definition and the list of its versions, newest first. */
export interface PlaybookDetail {
  readonly id: string;
  readonly key: string;
  readonly currentVersion: number;
  readonly definition: PlaybookDefinition;
  readonly versions: readonly { readonly version: number; readonly note: string; readonly createdByLabel: string; readonly createdAt: string }[];
}

function parseDefinition(value: unknown, where: string): PlaybookDefinition {
  const parsed = PlaybookDefinitionSchema.safeParse(value);
  if (!parsed.success) throw new Error(`stored playbook ${where} does not parse: ${parsed.error.message}`);
  return parsed.data;
}

async function findPlaybookRow(db: Executor, idOrKey: string) {
  return db
    .selectFrom('respondPlaybooks')
    .selectAll()
    .where(isUuid(idOrKey) ? 'id' : 'key', '=', idOrKey)
    .executeTakeFirst();
}

/** Current versions of every playbook, by English title. */
export async function listPlaybooks(db: Executor): Promise<PlaybookSummary[]> {
  const rows = await db
    .selectFrom('respondPlaybooks as p')
    .innerJoin('respondPlaybookVersions as v', (join) => join.onRef('v.playbookId', '=', 'p.id').onRef('v.version', '=', 'p.currentVersion'))
    .select(['p.id', 'p.key', 'p.currentVersion', 'p.updatedAt', 'v.definition'])
    .execute();
  return rows
    .map((row) => {
      const definition = parseDefinition(row.definition, `${row.key}@${row.currentVersion}`);
      return {
        id: row.id,
        key: row.key,
        currentVersion: row.currentVersion,
        title: definition.title,
        summary: definition.summary,
        trigger: definition.trigger,
        taskCount: definition.tasks.length,
        updatedAt: iso(row.updatedAt),
      };
    })
    .sort((a, b) => a.title.en.localeCompare(b.title.en) || a.key.localeCompare(b.key));
}

/** A playbook (by id or key) with its current definition and versions. */
export async function findPlaybook(db: Executor, idOrKey: string): Promise<PlaybookDetail | undefined> {
  const row = await findPlaybookRow(db, idOrKey);
  if (!row) return undefined;
  const versions = await db.selectFrom('respondPlaybookVersions').selectAll().where('playbookId', '=', row.id).orderBy('version', 'desc').execute();
  const current = versions.find((v) => v.version === row.currentVersion);
  if (!current) throw new Error(`playbook ${row.key} has no version ${row.currentVersion}`);
  return {
    id: row.id,
    key: row.key,
    currentVersion: row.currentVersion,
    definition: parseDefinition(current.definition, `${row.key}@${current.version}`),
    versions: versions.map((v) => ({ version: v.version, note: v.note, createdByLabel: v.createdByLabel, createdAt: iso(v.createdAt) })),
  };
}

/** One version of a playbook (by id or key); the current one when `version` is undefined. */
export async function findPlaybookVersion(db: Executor, idOrKey: string, version?: number): Promise<PlaybookVersion | undefined> {
  const row = await findPlaybookRow(db, idOrKey);
  if (!row) return undefined;
  const found = await db
    .selectFrom('respondPlaybookVersions')
    .selectAll()
    .where('playbookId', '=', row.id)
    .where('version', '=', version ?? row.currentVersion)
    .executeTakeFirst();
  if (!found) return undefined;
  return {
    playbookId: row.id,
    version: found.version,
    definition: parseDefinition(found.definition, `${row.key}@${found.version}`),
    note: found.note,
    createdByLabel: found.createdByLabel,
    createdAt: iso(found.createdAt),
  };
}

async function insertVersion(trx: Executor, context: MutationContext, playbookId: string, version: number, definition: PlaybookDefinition, note: string): Promise<void> {
  await trx
    .insertInto('respondPlaybookVersions')
    .values({
      playbookId,
      version,
      definition: JSON.stringify(definition),
      note,
      createdBy: context.actor.kind === 'user' ? context.actor.id : null,
      createdByLabel: context.actor.label,
      createdAt: context.now,
    })
    .execute();
}

/** Creates a playbook at version 1; its key must be new. */
export async function createPlaybook(db: Executor, context: MutationContext, definition: PlaybookDefinition, note = 'First version'): Promise<PlaybookDetail> {
  return inTransaction(db, async (trx) => {
    const checked = PlaybookDefinitionSchema.parse(definition);
    if (await findPlaybookRow(trx, checked.key)) throw new DuplicateError('key', `a playbook with key ${checked.key} exists already`);
    const row = await trx
      .insertInto('respondPlaybooks')
      .values({ key: checked.key, currentVersion: 1, createdAt: context.now, updatedAt: context.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertVersion(trx, context, row.id, 1, checked, note);
    await recordChange(trx, context, { action: 'playbook.create', targetType: 'playbook', targetId: row.id, change: { version: 1, definition: checked, note } });
    const created = await findPlaybook(trx, row.id);
    if (!created) throw new Error('playbook vanished after insert');
    return created;
  });
}

function sameDefinition(a: PlaybookDefinition, b: PlaybookDefinition): boolean {
  // Both come from the same schema parse, so their keys are in the same order.
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Saves an edited definition as the playbook's next version (old versions stay readable).
 * Its key must stay the playbook's; an unchanged definition adds no version.
 */
export async function revisePlaybook(
  db: Executor,
  context: MutationContext,
  idOrKey: string,
  input: { readonly definition: PlaybookDefinition; readonly note?: string | undefined },
): Promise<{ playbook: PlaybookDetail; changed: boolean }> {
  return inTransaction(db, async (trx) => {
    const current = await findPlaybook(trx, idOrKey);
    if (!current) throw new NotFoundError('no playbook with this id or key');
    const checked = PlaybookDefinitionSchema.parse(input.definition);
    if (checked.key !== current.key) throw new InputError([{ path: '/definition/key', message: `the key of a playbook cannot change (it is ${current.key})` }]);
    if (sameDefinition(checked, current.definition)) return { playbook: current, changed: false };
    const version = current.currentVersion + 1;
    const note = input.note?.trim() ?? '';
    await insertVersion(trx, context, current.id, version, checked, note);
    await trx.updateTable('respondPlaybooks').set({ currentVersion: version, updatedAt: context.now }).where('id', '=', current.id).execute();
    await recordChange(trx, context, { action: 'playbook.revise', targetType: 'playbook', targetId: current.id, change: { version, definition: checked, note } });
    const revised = await findPlaybook(trx, current.id);
    if (!revised) throw new Error('playbook vanished after update');
    return { playbook: revised, changed: true };
  });
}

/** Imports playbooks (already validated): new keys are created, changed ones get a new version. All or nothing. */
export async function importPlaybooks(
  db: Executor,
  context: MutationContext,
  playbooks: readonly PlaybookDefinition[],
  note = 'Imported',
): Promise<{ created: number; revised: number; unchanged: number }> {
  return inTransaction(db, async (trx) => {
    const counts = { created: 0, revised: 0, unchanged: 0 };
    for (const definition of playbooks) {
      if (await findPlaybookRow(trx, definition.key)) {
        const { changed } = await revisePlaybook(trx, context, definition.key, { definition, note });
        counts[changed ? 'revised' : 'unchanged'] += 1;
      } else {
        await createPlaybook(trx, context, definition, note);
        counts.created += 1;
      }
    }
    return counts;
  });
}

/** The current version of every playbook, as a playbook file. */
export async function exportPlaybooks(db: Executor): Promise<PlaybookFile> {
  const list = await listPlaybooks(db);
  const playbooks: PlaybookDefinition[] = [];
  for (const summary of list) {
    const version = await findPlaybookVersion(db, summary.id);
    if (version) playbooks.push(version.definition);
  }
  return { format: 'vigil-playbooks', version: 1, playbooks };
}

/** Loads the starter library when the installation has no playbook yet; returns how many were loaded. */
export async function ensureStarterPlaybooks(db: Executor, context: MutationContext): Promise<number> {
  return inTransaction(db, async (trx) => {
    const any = await trx.selectFrom('respondPlaybooks').select('id').limit(1).executeTakeFirst();
    if (any) return 0;
    const { created } = await importPlaybooks(trx, context, STARTER_PLAYBOOKS, 'Starter library');
    return created;
  });
}

// ---- contingency plans -----------------------------------------------------------------------

/** One activation of a plan, with its sign-offs. */
export interface PlanActivation {
  readonly id: string;
  readonly caseId: string;
  readonly caseReference: string;
  readonly activatedBy: string | null;
  readonly activatedByLabel: string;
  readonly activatedAt: string;
  readonly statement: string;
  readonly deactivatedBy: string | null;
  readonly deactivatedByLabel: string | null;
  readonly deactivatedAt: string | null;
  readonly deactivationStatement: string | null;
}

/** A contingency plan of an election. */
export interface ContingencyPlan {
  readonly id: string;
  readonly electionId: string;
  readonly title: string;
  readonly scenario: string;
  readonly incidentType: IncidentType;
  readonly impact: Impact;
  readonly urgency: Urgency;
  readonly jurisdictionId: string;
  readonly decisionOwnerOrganisationId: string;
  readonly decisionOwnerOrganisationName: string;
  readonly triggers: readonly string[];
  readonly actions: readonly string[];
  readonly tasks: readonly TaskTemplate[];
  /** TLP 2.0 marking: who may see the plan (`canSeePlan`). */
  readonly tlp: Tlp;
  /** Organisations the plan is shared with besides the decision owner (its TLP community). */
  readonly sharedWithOrganisationIds: readonly string[];
  readonly active: boolean;
  readonly activations: readonly PlanActivation[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What `createPlan` takes; with `playbookId`, missing actions and tasks come from that playbook. */
export interface NewContingencyPlan {
  readonly electionId: string;
  readonly title: string;
  readonly scenario: string;
  readonly incidentType: IncidentType;
  readonly impact: Impact;
  readonly urgency: Urgency;
  /** Defaults to the election's jurisdiction. */
  readonly jurisdictionId?: string | undefined;
  readonly decisionOwnerOrganisationId: string;
  readonly triggers: readonly string[];
  readonly actions?: readonly string[] | undefined;
  readonly tasks?: readonly TaskTemplate[] | undefined;
  readonly playbookId?: string | undefined;
  /** AMBER unless given. */
  readonly tlp?: Tlp | undefined;
  /** Organisations the plan is shared with besides the decision owner. */
  readonly sharedWithOrganisationIds?: readonly string[] | undefined;
}

const StoredTasksSchema = TaskTemplateSchema.array();

async function activationsOf(db: Executor, planIds: readonly string[]): Promise<Map<string, PlanActivation[]>> {
  const result = new Map<string, PlanActivation[]>();
  if (planIds.length === 0) return result;
  const rows = await db
    .selectFrom('respondPlanActivations as a')
    .innerJoin('respondCases as c', 'c.id', 'a.caseId')
    .selectAll('a')
    .select('c.reference')
    .where('a.planId', 'in', planIds)
    .orderBy('a.activatedAt', 'desc')
    .execute();
  for (const row of rows) {
    result.set(row.planId, [
      ...(result.get(row.planId) ?? []),
      {
        id: row.id,
        caseId: row.caseId,
        caseReference: row.reference,
        activatedBy: row.activatedBy,
        activatedByLabel: row.activatedByLabel,
        activatedAt: iso(row.activatedAt),
        statement: row.statement,
        deactivatedBy: row.deactivatedBy,
        deactivatedByLabel: row.deactivatedByLabel,
        deactivatedAt: iso(row.deactivatedAt),
        deactivationStatement: row.deactivationStatement,
      },
    ]);
  }
  return result;
}

/** Contingency plans, of one election or all, by title. */
export async function listPlans(db: Executor, query: { readonly electionId?: string | undefined } = {}): Promise<ContingencyPlan[]> {
  let q = db
    .selectFrom('respondContingencyPlans as p')
    .innerJoin('organisations as o', 'o.id', 'p.decisionOwnerOrganisationId')
    .selectAll('p')
    .select('o.name as decisionOwnerOrganisationName');
  if (query.electionId) q = q.where('p.electionId', '=', query.electionId);
  const rows = await q.orderBy('p.title').orderBy('p.id').execute();
  const activations = await activationsOf(db, rows.map((row) => row.id));
  return rows.map((row) => {
    const planActivations = activations.get(row.id) ?? [];
    return {
      id: row.id,
      electionId: row.electionId,
      title: row.title,
      scenario: row.scenario,
      incidentType: row.incidentType,
      impact: row.impact,
      urgency: row.urgency,
      jurisdictionId: row.jurisdictionId,
      decisionOwnerOrganisationId: row.decisionOwnerOrganisationId,
      decisionOwnerOrganisationName: row.decisionOwnerOrganisationName,
      triggers: row.triggers,
      actions: row.actions,
      tasks: StoredTasksSchema.parse(row.tasks),
      tlp: row.tlp,
      sharedWithOrganisationIds: row.sharedWithOrganisationIds,
      active: planActivations.some((a) => a.deactivatedAt === null),
      activations: planActivations,
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
    };
  });
}

/** One plan with its activations. */
export async function findPlan(db: Executor, id: string): Promise<ContingencyPlan | undefined> {
  const row = await db.selectFrom('respondContingencyPlans').select('electionId').where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return (await listPlans(db, { electionId: row.electionId })).find((plan) => plan.id === id);
}

/** Attaches a contingency plan to an election. */
export async function createPlan(db: Executor, context: MutationContext, input: NewContingencyPlan): Promise<ContingencyPlan> {
  return inTransaction(db, async (trx) => {
    const problems: InputProblem[] = [];
    const election = await trx.selectFrom('elections').select(['id', 'jurisdictionId']).where('id', '=', input.electionId).executeTakeFirst();
    if (!election) problems.push({ path: '/electionId', message: 'no election with this id' });
    if (input.jurisdictionId !== undefined && !(await findJurisdiction(trx, input.jurisdictionId))) problems.push({ path: '/jurisdictionId', message: 'no jurisdiction with this id' });
    if (!(await findOrganisation(trx, input.decisionOwnerOrganisationId))) problems.push({ path: '/decisionOwnerOrganisationId', message: 'no organisation with this id' });
    const sharedWith = [...new Set(input.sharedWithOrganisationIds ?? [])].filter((id) => id !== input.decisionOwnerOrganisationId);
    for (const [index, id] of (input.sharedWithOrganisationIds ?? []).entries()) {
      if (!(await findOrganisation(trx, id))) problems.push({ path: `/sharedWithOrganisationIds/${index}`, message: 'no organisation with this id' });
    }
    const playbook = input.playbookId ? await findPlaybookVersion(trx, input.playbookId) : undefined;
    if (input.playbookId && !playbook) problems.push({ path: '/playbookId', message: 'no playbook with this id or key' });
    const tasks = input.tasks ?? playbook?.definition.tasks ?? [];
    if (tasks.length === 0) problems.push({ path: '/tasks', message: 'at least one task (or a playbook to take them from)' });
    if (problems.length > 0 || !election) throw new InputError(problems);
    const row = await trx
      .insertInto('respondContingencyPlans')
      .values({
        electionId: input.electionId,
        title: input.title.trim(),
        scenario: input.scenario.trim(),
        incidentType: input.incidentType,
        impact: input.impact,
        urgency: input.urgency,
        jurisdictionId: input.jurisdictionId ?? election.jurisdictionId,
        decisionOwnerOrganisationId: input.decisionOwnerOrganisationId,
        triggers: JSON.stringify(input.triggers),
        actions: JSON.stringify(input.actions ?? playbook?.definition.preApprovedActions ?? []),
        tasks: JSON.stringify(tasks),
        tlp: input.tlp ?? 'amber',
        sharedWithOrganisationIds: JSON.stringify(sharedWith),
        createdAt: context.now,
        updatedAt: context.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, context, { action: 'plan.create', targetType: 'contingency-plan', targetId: row.id, change: { ...input, tasks, tlp: input.tlp ?? 'amber', sharedWithOrganisationIds: sharedWith } });
    const plan = await findPlan(trx, row.id);
    if (!plan) throw new Error('plan vanished after insert');
    return plan;
  });
}

/**
 * Activates a plan with a sign-off: `statement` is recorded with who signed and when. Opens a
 * case owned by the plan's decision owner (or joins `caseId`) and adds the plan's tasks, due
 * from now. A plan that is active already is refused (409).
 */
/**
 * Holds the plan's row until the transaction ends, so that two sign-offs at the same moment
 * are decided one after the other (the second sees the first and is refused with 409).
 */
async function lockPlan(trx: Executor, planId: string): Promise<void> {
  await trx.selectFrom('respondContingencyPlans').select('id').where('id', '=', planId).forUpdate().execute();
}

export async function activatePlan(
  db: Executor,
  context: MutationContext,
  planId: string,
  input: { readonly statement: string; readonly caseId?: string | undefined; readonly tlp?: Tlp | undefined },
): Promise<{ plan: ContingencyPlan; activation: PlanActivation }> {
  return inTransaction(db, async (trx) => {
    await lockPlan(trx, planId);
    const plan = await findPlan(trx, planId);
    if (!plan) throw new NotFoundError('no contingency plan with this id');
    if (plan.active) throw new DuplicateError('plan', 'this plan is active already: deactivate it first');
    const statement = input.statement.trim();
    if (statement.length < 10) throw new InputError([{ path: '/statement', message: 'a sign-off statement of at least 10 characters' }]);
    let caseId: string;
    if (input.caseId !== undefined) {
      const existing = await findCase(trx, input.caseId);
      if (!existing) throw new InputError([{ path: '/caseId', message: 'no case with this id' }]);
      caseId = existing.id;
    } else {
      const opened = await createCase(trx, context, {
        title: plan.title,
        summary: plan.scenario,
        incidentType: plan.incidentType,
        impact: plan.impact,
        urgency: plan.urgency,
        tlp: input.tlp ?? 'amber',
        jurisdictionId: plan.jurisdictionId,
        ownerOrganisationId: plan.decisionOwnerOrganisationId,
        // The organisations the plan is shared with act on it: they work the case it opens.
        collaboratorOrganisationIds: plan.sharedWithOrganisationIds,
        electionId: plan.electionId,
      });
      caseId = opened.id;
    }
    const source = `plan:${plan.id}`;
    await addScheduledTasks(
      trx,
      context,
      caseId,
      scheduleTasks(plan.tasks, context.now).map((task) => ({ title: task.title, description: task.description, dueAt: task.dueAt, source })),
    );
    const row = await trx
      .insertInto('respondPlanActivations')
      .values({
        planId,
        caseId,
        activatedBy: context.actor.kind === 'user' ? context.actor.id : null,
        activatedByLabel: context.actor.label,
        activatedAt: context.now,
        statement,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, context, { action: 'plan.activate', targetType: 'contingency-plan', targetId: planId, change: { activationId: row.id, caseId, statement } });
    await addTimelineEntry(trx, context, {
      caseId,
      kind: 'plan-activated',
      body: `Contingency plan "${plan.title}" activated by ${context.actor.label}: ${statement}`,
      authorOrganisationId: null,
      data: { planId, activationId: row.id, taskCount: plan.tasks.length },
    });
    const updated = await findPlan(trx, planId);
    const activation = updated?.activations.find((a) => a.id === row.id);
    if (!updated || !activation) throw new Error('activation vanished after insert');
    return { plan: updated, activation };
  });
}

/** Deactivates the active activation of a plan, with a sign-off statement. */
export async function deactivatePlan(
  db: Executor,
  context: MutationContext,
  planId: string,
  input: { readonly statement: string },
): Promise<{ plan: ContingencyPlan; activation: PlanActivation }> {
  return inTransaction(db, async (trx) => {
    await lockPlan(trx, planId);
    const plan = await findPlan(trx, planId);
    if (!plan) throw new NotFoundError('no contingency plan with this id');
    const active = plan.activations.find((a) => a.deactivatedAt === null);
    if (!active) throw new InputError([{ path: '/params/id', message: 'this plan is not active' }]);
    const statement = input.statement.trim();
    if (statement.length < 10) throw new InputError([{ path: '/statement', message: 'a sign-off statement of at least 10 characters' }]);
    await trx
      .updateTable('respondPlanActivations')
      .set({
        deactivatedBy: context.actor.kind === 'user' ? context.actor.id : null,
        deactivatedByLabel: context.actor.label,
        deactivatedAt: context.now,
        deactivationStatement: statement,
      })
      .where('id', '=', active.id)
      .execute();
    await recordChange(trx, context, { action: 'plan.deactivate', targetType: 'contingency-plan', targetId: planId, change: { activationId: active.id, statement } });
    await addTimelineEntry(trx, context, {
      caseId: active.caseId,
      kind: 'plan-deactivated',
      body: `Contingency plan "${plan.title}" deactivated by ${context.actor.label}: ${statement}`,
      authorOrganisationId: null,
      data: { planId, activationId: active.id },
    });
    const updated = await findPlan(trx, planId);
    const activation = updated?.activations.find((a) => a.id === active.id);
    if (!updated || !activation) throw new Error('activation vanished after update');
    return { plan: updated, activation };
  });
}

/**
 * Changes a plan's TLP marking and the organisations it is shared with (audited). The decision
 * owner always sees its plan; it is never listed among the others.
 */
export async function setPlanMarking(
  db: Executor,
  context: MutationContext,
  planId: string,
  input: { readonly tlp: Tlp; readonly sharedWithOrganisationIds: readonly string[] },
): Promise<ContingencyPlan> {
  return inTransaction(db, async (trx) => {
    await lockPlan(trx, planId);
    const plan = await findPlan(trx, planId);
    if (!plan) throw new NotFoundError('no contingency plan with this id');
    const problems: InputProblem[] = [];
    for (const [index, id] of input.sharedWithOrganisationIds.entries()) {
      if (!(await findOrganisation(trx, id))) problems.push({ path: `/sharedWithOrganisationIds/${index}`, message: 'no organisation with this id' });
    }
    if (problems.length > 0) throw new InputError(problems);
    const sharedWith = [...new Set(input.sharedWithOrganisationIds)].filter((id) => id !== plan.decisionOwnerOrganisationId);
    await trx
      .updateTable('respondContingencyPlans')
      .set({ tlp: input.tlp, sharedWithOrganisationIds: JSON.stringify(sharedWith), updatedAt: context.now })
      .where('id', '=', planId)
      .execute();
    await recordChange(trx, context, {
      action: 'plan.mark',
      targetType: 'contingency-plan',
      targetId: planId,
      change: { before: { tlp: plan.tlp, sharedWithOrganisationIds: plan.sharedWithOrganisationIds }, after: { tlp: input.tlp, sharedWithOrganisationIds: sharedWith } },
    });
    const updated = await findPlan(trx, planId);
    if (!updated) throw new Error('plan vanished after update');
    return updated;
  });
}
