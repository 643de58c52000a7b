import { respondCaseRoutes as r } from '@vigil/api';
import type { CaseRecord, CaseReadScope, ContingencyPlan } from '@vigil/db';
import {
  activatePlan,
  addCaseLink,
  addCaseObservable,
  addCaseOrganisation,
  addCaseTask,
  addTimelineEntry,
  applyPlaybook,
  createCase,
  createPlan,
  createPlaybook,
  deactivatePlan,
  deleteLeadAgency,
  findCase,
  findCaseDetail,
  findPlan,
  findPlaybook,
  findPlaybookVersion,
  listCases,
  listLeadAgencies,
  listPlans,
  listPlaybooks,
  moveCase,
  removeCaseLink,
  removeCaseObservable,
  removeCaseOrganisation,
  resolveLeadAgency,
  revisePlaybook,
  setLeadAgency,
  setPlanMarking,
  updateCase,
  updateCaseTask,
} from '@vigil/db';
import type { Actor, CaseAccess, OrganisationId } from '@vigil/domain';
import { can, canSeeCase, canSeeCaseNote, canSeePlan, canSignOffPlan, canWorkOnCase, caseOrganisationIds, playbookApplies } from '@vigil/domain';
import { HttpProblem } from '../http-problem';
import type { FeatureRouter } from './feature';

function accessOf(record: CaseRecord): CaseAccess {
  return {
    tlp: record.tlp,
    ownerOrganisationId: record.ownerOrganisationId as OrganisationId,
    collaboratorOrganisationIds: record.collaboratorOrganisationIds as OrganisationId[],
  };
}

/** The SQL form of `canSeeCase` for the case list. */
function readScopeOf(actor: Actor): CaseReadScope {
  if (actor.kind === 'system') return { kind: 'everything' };
  if (actor.kind === 'anonymous') return { kind: 'organisations', organisationIds: [] };
  return { kind: 'organisations', organisationIds: [...new Set(actor.memberships.map((m) => m.organisationId))] };
}

const notFound = () => new HttpProblem(404, 'Not found', 'no case with this id or reference');

/** Reports hold citizens' details: only those who triage them may put them on a case. */
function requireTriage(actor: Actor): void {
  if (!can(actor, 'report.triage')) throw new HttpProblem(403, 'Forbidden', 'only those who triage reports may link them to a case');
}

/** Respond: cases, lead agencies, playbooks and contingency plans. */
export function respondCaseRoutes(router: FeatureRouter): void {
  const { services } = router;
  const db = services.db;

  /** The case, if the actor may see it (404 otherwise: its existence is not revealed). */
  async function visibleCase(actor: Actor, id: string): Promise<CaseRecord> {
    const found = await findCase(db, id);
    if (!found || !canSeeCase(actor, accessOf(found))) throw notFound();
    return found;
  }

  /** The case, if the actor may change it. */
  async function workableCase(actor: Actor, id: string): Promise<CaseRecord> {
    const found = await visibleCase(actor, id);
    if (!canWorkOnCase(actor, accessOf(found))) throw new HttpProblem(403, 'Forbidden', 'only analysts of the organisations on this case may change it');
    return found;
  }

  /** The organisation an actor writes for on a case: the one asked for, else its first analyst membership among the case's organisations. */
  function authorOrganisationOf(actor: Actor, found: CaseRecord, asked: string | undefined): string | null {
    if (actor.kind !== 'user') return null;
    const organisations: readonly string[] = caseOrganisationIds(accessOf(found));
    const eligible = actor.memberships.filter((m) => organisations.includes(m.organisationId) && ['admin', 'coordinator', 'analyst'].includes(m.role)).map((m) => m.organisationId as string);
    if (asked !== undefined) {
      if (!eligible.includes(asked)) throw new HttpProblem(422, 'Invalid input', 'you do not write for this organisation on this case', [{ path: '/authorOrganisationId', message: 'not one of your organisations on this case' }]);
      return asked;
    }
    return eligible[0] ?? null;
  }

  // ---- cases ----

  router.route(r.listCases, async ({ auth, query }) => {
    const { cursor, limit, ...filter } = query;
    return listCases(db, { scope: readScopeOf(auth.actor), filter, cursor, limit });
  });

  router.route(r.createCase, async ({ auth, body, mutation }) => {
    // The opener's organisation joins the case, so whoever opens a case can work on it.
    const actor = auth.actor;
    if ((body.reportIds ?? []).length > 0 || (body.links ?? []).some((link) => link.kind === 'report')) requireTriage(actor);
    const opener = actor.kind === 'user' ? actor.memberships.find((m) => ['admin', 'coordinator', 'analyst'].includes(m.role))?.organisationId : undefined;
    const collaborators = [...(body.collaboratorOrganisationIds ?? []), ...(opener ? [opener] : [])];
    return createCase(db, mutation, { ...body, collaboratorOrganisationIds: collaborators });
  });

  router.route(r.getCase, async ({ auth, params }) => {
    const found = await visibleCase(auth.actor, params.id);
    const detail = await findCaseDetail(db, found.id);
    if (!detail) throw notFound();
    const access = accessOf(detail.case);
    return {
      ...detail,
      timeline: detail.timeline.filter((entry) =>
        canSeeCaseNote(auth.actor, access, {
          tlp: entry.tlp,
          authorOrganisationId: entry.authorOrganisationId as OrganisationId | null,
          recipientOrganisationIds: entry.recipientOrganisationIds as OrganisationId[],
        }),
      ),
      canWork: canWorkOnCase(auth.actor, access),
    };
  });

  router.route(r.updateCase, async ({ auth, params, body, mutation }) => {
    const found = await workableCase(auth.actor, params.id);
    return updateCase(db, mutation, found.id, body);
  });

  router.route(r.moveCase, async ({ auth, params, body, mutation }) => {
    const found = await workableCase(auth.actor, params.id);
    return moveCase(db, mutation, found.id, body);
  });

  router.route(r.addCaseOrganisation, async ({ auth, params, body, mutation }) => {
    const found = await workableCase(auth.actor, params.id);
    return addCaseOrganisation(db, mutation, found.id, body.organisationId);
  });

  router.route(r.removeCaseOrganisation, async ({ auth, params, mutation }) => {
    const found = await workableCase(auth.actor, params.id);
    return removeCaseOrganisation(db, mutation, found.id, params.organisationId);
  });

  router.route(r.addCaseTask, async ({ auth, params, body, mutation }) => {
    const found = await workableCase(auth.actor, params.id);
    return addCaseTask(db, mutation, found.id, body);
  });

  router.route(r.updateCaseTask, async ({ auth, params, body, mutation }) => {
    const found = await workableCase(auth.actor, params.id);
    return updateCaseTask(db, mutation, found.id, params.taskId, body);
  });

  router.route(r.addCaseNote, async ({ auth, params, body, mutation }) => {
    const found = await workableCase(auth.actor, params.id);
    const authorOrganisationId = authorOrganisationOf(auth.actor, found, body.authorOrganisationId);
    return addTimelineEntry(db, mutation, {
      caseId: found.id,
      kind: 'comment',
      body: body.body,
      tlp: body.tlp,
      authorOrganisationId,
      // RED names its recipients; without any, only the author's organisation reads it.
      recipientOrganisationIds: body.recipientOrganisationIds ?? (body.tlp === 'red' ? [] : undefined),
    });
  });

  router.route(r.addCaseObservable, async ({ auth, params, body, mutation }) => {
    const found = await workableCase(auth.actor, params.id);
    return addCaseObservable(db, mutation, found.id, body);
  });

  router.route(r.removeCaseObservable, async ({ auth, params, mutation }) => {
    const found = await workableCase(auth.actor, params.id);
    await removeCaseObservable(db, mutation, found.id, params.observableId);
    return undefined;
  });

  router.route(r.addCaseLink, async ({ auth, params, body, mutation }) => {
    const found = await workableCase(auth.actor, params.id);
    if (body.kind === 'report') requireTriage(auth.actor);
    return addCaseLink(db, mutation, found.id, body);
  });

  router.route(r.removeCaseLink, async ({ auth, params, mutation }) => {
    const found = await workableCase(auth.actor, params.id);
    await removeCaseLink(db, mutation, found.id, params.linkId);
    return undefined;
  });

  router.route(r.applyPlaybook, async ({ auth, params, body, mutation }) => {
    const found = await workableCase(auth.actor, params.id);
    return applyPlaybook(db, mutation, found.id, body);
  });

  // ---- lead agencies ----

  router.route(r.listLeadAgencies, async () => ({ items: await listLeadAgencies(db) }));
  router.route(r.setLeadAgency, async ({ body, mutation }) => setLeadAgency(db, mutation, body));
  router.route(r.deleteLeadAgency, async ({ params, mutation }) => {
    if (!(await deleteLeadAgency(db, mutation, params.id))) throw new HttpProblem(404, 'Not found', 'no lead-agency rule with this id');
    return undefined;
  });
  router.route(r.resolveLeadAgency, async ({ query }) => ({ choice: (await resolveLeadAgency(db, query.jurisdictionId, query.incidentType)) ?? null }));

  // ---- playbooks ----

  router.route(r.listPlaybooks, async ({ query }) => {
    const { incidentType, severity } = query;
    const items = await listPlaybooks(db);
    return {
      items: items.map((item) => ({
        ...item,
        applies: incidentType !== undefined && severity !== undefined ? playbookApplies(item.trigger, incidentType, severity) : null,
      })),
    };
  });
  router.route(r.createPlaybook, async ({ body, mutation }) => createPlaybook(db, mutation, body));
  router.route(r.getPlaybook, async ({ params }) => {
    const found = await findPlaybook(db, params.id);
    if (!found) throw new HttpProblem(404, 'Not found', 'no playbook with this id or key');
    return found;
  });
  router.route(r.getPlaybookVersion, async ({ params }) => {
    const found = await findPlaybookVersion(db, params.id, params.version);
    if (!found) throw new HttpProblem(404, 'Not found', 'no such playbook version');
    return found;
  });
  router.route(r.revisePlaybook, async ({ params, body, mutation }) => {
    const { playbook, changed } = await revisePlaybook(db, mutation, params.id, body);
    return { ...playbook, changed };
  });

  // ---- contingency plans ----

  /** Whether the actor may see a plan (its TLP marking; `canSeePlan`). */
  const seesPlan = (actor: Actor, plan: ContingencyPlan) =>
    canSeePlan(actor, {
      tlp: plan.tlp,
      decisionOwnerOrganisationId: plan.decisionOwnerOrganisationId as OrganisationId,
      sharedWithOrganisationIds: plan.sharedWithOrganisationIds as OrganisationId[],
    });

  /** The plan, if the actor may see it (404 otherwise: its existence is not revealed). */
  async function visiblePlan(actor: Actor, id: string): Promise<ContingencyPlan> {
    const found = await findPlan(db, id);
    if (!found || !seesPlan(actor, found)) throw new HttpProblem(404, 'Not found', 'no contingency plan with this id');
    return found;
  }

  router.route(r.listPlans, async ({ query, auth }) => ({ items: (await listPlans(db, query)).filter((plan) => seesPlan(auth.actor, plan)) }));
  router.route(r.createPlan, async ({ body, auth, mutation }) => {
    // The organisations through which the author may manage plans share the plan, so the
    // author keeps seeing what they wrote whatever its marking.
    const actor = auth.actor;
    const authoring = actor.kind === 'user' ? actor.memberships.filter((m) => can({ ...actor, isAdmin: false, memberships: [m] }, 'playbook.manage')).map((m) => m.organisationId as string) : [];
    return createPlan(db, mutation, { ...body, sharedWithOrganisationIds: [...new Set([...(body.sharedWithOrganisationIds ?? []), ...authoring])] });
  });
  router.route(r.getPlan, async ({ params, auth }) => visiblePlan(auth.actor, params.id));
  router.route(r.setPlanMarking, async ({ params, body, auth, mutation }) => {
    const plan = await visiblePlan(auth.actor, params.id);
    return setPlanMarking(db, mutation, plan.id, body);
  });

  async function signablePlan(actor: Actor, id: string) {
    const plan = await visiblePlan(actor, id);
    if (!canSignOffPlan(actor, { decisionOwnerOrganisationId: plan.decisionOwnerOrganisationId as OrganisationId })) {
      throw new HttpProblem(403, 'Forbidden', `only a coordinator or administrator of ${plan.decisionOwnerOrganisationName} may sign this plan off`);
    }
    return plan;
  }

  router.route(r.activatePlan, async ({ auth, params, body, mutation }) => {
    const plan = await signablePlan(auth.actor, params.id);
    // Joining an existing case needs the right to work on it.
    if (body.caseId !== undefined) await workableCase(auth.actor, body.caseId);
    return activatePlan(db, mutation, plan.id, body);
  });

  router.route(r.deactivatePlan, async ({ auth, params, body, mutation }) => {
    const plan = await signablePlan(auth.actor, params.id);
    return deactivatePlan(db, mutation, plan.id, body);
  });
}
