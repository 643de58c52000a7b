/**
 * Respond's escalation and publishing routes: acknowledgement and escalation of cases, the
 * escalation board, mutual aid, notifications and webhooks, platform requests, sharing a case
 * as STIX, and public notices. Cases are looked up with R2's `findCase` and shown only to
 * those `canSeeCase` allows (404 otherwise: a case's existence is not revealed).
 */
import { respondEscalationRoutes as routes } from '@vigil/api';
import type { CaseRecord } from '@vigil/db';
import {
  acknowledgeCase,
  addTimelineEntry,
  answerMutualAid,
  answerPlatformRequest,
  createPlatformRequest,
  createWebhook,
  deleteWebhook,
  draftNotice,
  escalateCase,
  escalationBoard,
  findCase,
  findMutualAidRequest,
  findNotice,
  findPlatformRequest,
  findWebhook,
  listCaseEscalations,
  listCaseMutualAid,
  listCaseNotices,
  listCasePlatformRequests,
  listNotices,
  listNotifications,
  listPlatformInbox,
  listPublishedNotices,
  listWebhookDeliveries,
  listWebhooks,
  markNotificationsRead,
  moveNotice,
  requestMutualAid,
  unreadNotificationCount,
  updateNotice,
} from '@vigil/db';
import type { NoticeRecord } from '@vigil/db';
import type { Actor, CaseAccess, OrganisationId, UserId } from '@vigil/domain';
import { can, canAnswerFor, canDecideNotice, canSeeCase, canWorkOnCase } from '@vigil/domain';
import { newSecret } from '../auth';
import { HttpProblem } from '../http-problem';
import { caseToStix } from '../respond/escalation-share-case';
import { publishStixObjects } from '../sharing/publish-stix-objects';
import type { FeatureRouter } from './feature';

function accessOf(record: CaseRecord): CaseAccess {
  return { tlp: record.tlp, ownerOrganisationId: record.ownerOrganisationId as OrganisationId, collaboratorOrganisationIds: record.collaboratorOrganisationIds as OrganisationId[] };
}

const notFound = (what: string) => new HttpProblem(404, 'Not found', `no ${what} with this id`);

function userOf(actor: Actor): Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user') throw new HttpProblem(403, 'Forbidden', 'only users may do this');
  return actor;
}

/** Respond: escalation, notifications, requests, sharing and notices. */
export function respondEscalationRoutes(router: FeatureRouter): void {
  const { services } = router;
  const db = services.db;
  const email = services.config.smtp !== undefined;

  async function visibleCase(actor: Actor, id: string): Promise<CaseRecord> {
    const found = await findCase(db, id);
    if (!found || !canSeeCase(actor, accessOf(found))) throw notFound('case');
    return found;
  }

  async function workableCase(actor: Actor, id: string): Promise<CaseRecord> {
    const found = await visibleCase(actor, id);
    if (!canWorkOnCase(actor, accessOf(found))) throw new HttpProblem(403, 'Forbidden', 'only analysts of the organisations on this case may do this');
    return found;
  }

  /** The organisation a user acts for on a case: its first analyst membership among the case's organisations. */
  function actingOrganisation(actor: Actor, found: CaseRecord): string | null {
    if (actor.kind !== 'user') return null;
    const organisations = [found.ownerOrganisationId, ...found.collaboratorOrganisationIds];
    return actor.memberships.find((m) => organisations.includes(m.organisationId))?.organisationId ?? null;
  }

  // ---- escalation ----------------------------------------------------------------------------

  router.route(routes.escalationBoard, async ({ query, auth }) => {
    const board = await escalationBoard(db, { jurisdictionId: query.jurisdictionId, now: services.clock.now() });
    if (!board) throw notFound('jurisdiction');
    const visible = board.cases.filter((c) =>
      canSeeCase(auth.actor, { tlp: c.tlp, ownerOrganisationId: c.ownerOrganisationId as OrganisationId, collaboratorOrganisationIds: c.collaboratorOrganisationIds as OrganisationId[] }),
    );
    const visibleIds = new Set(visible.map((c) => c.id));
    const mine = auth.actor.kind === 'user' ? auth.actor.memberships.map((m) => m.organisationId as string) : [];
    // Mutual aid shows for cases one may see, and to the organisation asked.
    const mutualAid = board.mutualAid.filter((m) => visibleIds.has(m.caseId) || mine.includes(m.toOrganisationId) || auth.actor.kind === 'system');
    return { jurisdictionId: query.jurisdictionId, now: services.clock.now().toISOString(), cases: visible, mutualAid };
  });

  router.route(routes.acknowledgeCase, async ({ params, auth, mutation }) => {
    await workableCase(auth.actor, params.id);
    return acknowledgeCase(db, mutation, params.id);
  });

  router.route(routes.caseEscalations, async ({ params, auth }) => {
    await visibleCase(auth.actor, params.id);
    return { escalations: await listCaseEscalations(db, params.id), mutualAid: await listCaseMutualAid(db, params.id) };
  });

  router.route(routes.escalateCase, async ({ params, body, auth, mutation }) => {
    await workableCase(auth.actor, params.id);
    const outcome = await escalateCase(db, mutation, { caseId: params.id, reason: 'manual', note: body.note, email });
    switch (outcome.type) {
      case 'escalated':
        return outcome.escalation;
      case 'at-top':
        throw new HttpProblem(409, 'Conflict', 'the case is at the top of its line of authority');
      case 'closed':
        throw new HttpProblem(409, 'Conflict', 'a resolved or closed case is not escalated');
      case 'already-escalated':
        throw new HttpProblem(409, 'Conflict', 'the case was escalated at the same moment; reload');
    }
  });

  router.route(routes.requestMutualAid, async ({ params, body, auth, mutation }) => {
    await workableCase(auth.actor, params.id);
    return requestMutualAid(db, mutation, { caseId: params.id, toJurisdictionId: body.toJurisdictionId, message: body.message, email });
  });

  router.route(routes.answerMutualAid, async ({ params, body, auth, mutation }) => {
    const request = await findMutualAidRequest(db, params.id);
    if (!request) throw notFound('mutual-aid request');
    if (!canAnswerFor(auth.actor, request.toOrganisationId as OrganisationId)) throw new HttpProblem(403, 'Forbidden', 'only the organisation asked may answer');
    return answerMutualAid(db, mutation, { id: params.id, accept: body.accept, note: body.note, email });
  });

  // ---- notifications and webhooks ------------------------------------------------------------

  router.route(routes.listNotifications, async ({ query, auth }) => {
    const user = userOf(auth.actor);
    return listNotifications(db, user.userId, { cursor: query.cursor, limit: query.limit, unread: query.unread === 'true' });
  });

  router.route(routes.markNotificationsRead, async ({ body, auth }) => {
    const user = userOf(auth.actor);
    if (!body.all && (body.ids ?? []).length === 0) throw new HttpProblem(422, 'Invalid input', 'give ids or all: true', [{ path: '/ids', message: 'give ids or all: true' }]);
    const updated = await markNotificationsRead(db, { userId: user.userId, ids: body.all ? 'all' : (body.ids ?? []), now: services.clock.now() });
    return { updated, unread: await unreadNotificationCount(db, user.userId) };
  });

  /** Organisations whose webhooks the actor manages. */
  function administered(actor: Actor): string[] {
    if (actor.kind !== 'user') return [];
    return actor.memberships.filter((m) => can(actor, 'organisation.update', { organisationId: m.organisationId })).map((m) => m.organisationId);
  }

  async function managedWebhook(actor: Actor, id: string) {
    const webhook = await findWebhook(db, id);
    if (!webhook || !can(actor, 'organisation.update', { organisationId: webhook.organisationId as OrganisationId })) throw notFound('webhook');
    return webhook;
  }

  router.route(routes.listWebhooks, async ({ auth }) => ({ items: await listWebhooks(db, administered(auth.actor)) }));

  router.route(routes.createWebhook, async ({ body, auth, mutation }) => {
    if (!can(auth.actor, 'organisation.update', { organisationId: body.organisationId as OrganisationId })) {
      throw new HttpProblem(403, 'Forbidden', 'only an administrator of the organisation may register its webhooks');
    }
    // The secret is shown once; the server keeps it to sign each call.
    const secret = `whsec_${newSecret(32)}`;
    const webhook = await createWebhook(db, mutation, { organisationId: body.organisationId, url: body.url, events: body.events, secret, createdBy: auth.actor.kind === 'user' ? auth.actor.userId : null });
    return { webhook, secret };
  });

  router.route(routes.deleteWebhook, async ({ params, auth, mutation }) => {
    await managedWebhook(auth.actor, params.id);
    await deleteWebhook(db, mutation, params.id);
    return undefined;
  });

  router.route(routes.webhookDeliveries, async ({ params, auth }) => {
    await managedWebhook(auth.actor, params.id);
    return { items: await listWebhookDeliveries(db, params.id) };
  });

  // ---- platform requests ---------------------------------------------------------------------

  router.route(routes.casePlatformRequests, async ({ params, auth }) => {
    await visibleCase(auth.actor, params.id);
    return { items: await listCasePlatformRequests(db, params.id) };
  });

  router.route(routes.createPlatformRequest, async ({ params, body, auth, mutation }) => {
    const found = await workableCase(auth.actor, params.id);
    return createPlatformRequest(db, mutation, { caseId: params.id, ...body, requestedByOrganisationId: actingOrganisation(auth.actor, found), email });
  });

  router.route(routes.platformInbox, async ({ auth }) => {
    const mine = auth.actor.kind === 'user' ? auth.actor.memberships.map((m) => m.organisationId as string) : [];
    return { items: await listPlatformInbox(db, mine) };
  });

  router.route(routes.answerPlatformRequest, async ({ params, body, auth, mutation }) => {
    const request = await findPlatformRequest(db, params.id);
    if (!request) throw notFound('platform request');
    const forPlatform = canAnswerFor(auth.actor, request.platformOrganisationId as OrganisationId);
    if (body.status === 'no-answer') {
      // The requester records that no answer came.
      await workableCase(auth.actor, request.caseId);
    } else if (!forPlatform) {
      const found = await findCase(db, request.caseId);
      if (!found || !canSeeCase(auth.actor, accessOf(found))) throw notFound('platform request');
      throw new HttpProblem(403, 'Forbidden', 'only the platform addressed may answer');
    }
    return answerPlatformRequest(db, mutation, { id: params.id, status: body.status, note: body.note, outcome: body.outcome, email });
  });

  // ---- sharing a case as STIX ----------------------------------------------------------------

  router.route(routes.shareCase, async ({ params, body, auth, mutation }) => {
    const found = await workableCase(auth.actor, params.id);
    const organisationId = actingOrganisation(auth.actor, found);
    const reports = await db.selectFrom('respondReports').select('disarmTechniqueIds').where('caseId', '=', found.id).execute();
    const observables = await db.selectFrom('respondCaseObservables').select(['type', 'value']).where('caseId', '=', found.id).orderBy('addedAt').execute();
    const opened = await db.selectFrom('respondCases').select('openedAt').where('id', '=', found.id).executeTakeFirstOrThrow();
    const { objects, incidentId, skipped } = caseToStix({
      case: {
        id: found.id,
        reference: found.reference,
        title: found.title,
        summary: found.summary,
        incidentType: found.incidentType,
        severity: found.severity,
        openedAt: opened.openedAt,
        techniqueIds: reports.flatMap((r) => (Array.isArray(r.disarmTechniqueIds) ? (r.disarmTechniqueIds as unknown[]).filter((id): id is string => typeof id === 'string') : [])),
        observables,
      },
      tlp: body.tlp,
      now: mutation.now,
    });
    const published = await publishStixObjects({ db, context: mutation, collectionId: body.collectionId, organisationId, tlp: body.tlp, recipientOrganisationIds: body.recipientOrganisationIds, objects });
    if (!published.ok) {
      const error = published.error;
      switch (error.type) {
        case 'collection-not-found':
          throw new HttpProblem(422, 'Invalid input', 'no collection with this id', [{ path: '/collectionId', message: 'no collection with this id' }]);
        case 'producer-not-in-community':
          throw new HttpProblem(422, 'Invalid input', 'your organisation is not in this collection’s community', [{ path: '/collectionId', message: 'your organisation is not in this collection’s community' }]);
        case 'recipient-not-in-community':
          throw new HttpProblem(422, 'Invalid input', 'recipients must belong to the community', [{ path: '/recipientOrganisationIds', message: `not in the community: ${error.organisationIds.join(', ')}` }]);
        case 'invalid-objects':
          throw new HttpProblem(422, 'Invalid STIX', 'the case did not make valid STIX', error.failures.map((f) => ({ path: `/objects/${f.index}`, message: f.message ?? 'invalid' })));
      }
    }
    await addTimelineEntry(db, mutation, {
      caseId: found.id,
      kind: 'shared',
      body: `Shared as STIX at TLP:${body.tlp.toUpperCase()} (${objects.length} objects)${skipped.length > 0 ? `; left out: ${skipped.join(', ')}` : ''}.`,
      authorOrganisationId: organisationId,
      data: { collectionId: body.collectionId, incidentId, statusId: published.value.id },
    });
    return { incidentId, objectIds: objects.map((o) => o.id), statusId: published.value.id, successCount: published.value.successCount };
  });

  // ---- public notices ------------------------------------------------------------------------

  async function withDecision(actor: Actor, notice: NoticeRecord, found?: CaseRecord) {
    const c = found ?? (await findCase(db, notice.caseId));
    const canDecide = c ? canDecideNotice(actor, { decisionOwnerUserId: c.decisionOwnerUserId as UserId | null, ownerOrganisationId: c.ownerOrganisationId as OrganisationId }) : false;
    return { ...notice, canDecide };
  }

  router.route(routes.listNotices, async ({ query, auth }) => {
    const notices = await listNotices(db, { caseIds: 'all', status: query.status, limit: 500 });
    const cases = new Map<string, CaseRecord | undefined>();
    for (const caseId of new Set(notices.map((n) => n.caseId))) cases.set(caseId, await findCase(db, caseId));
    const visible = notices.filter((n) => {
      const found = cases.get(n.caseId);
      return found !== undefined && canSeeCase(auth.actor, accessOf(found));
    });
    return { items: await Promise.all(visible.map((n) => withDecision(auth.actor, n, cases.get(n.caseId)))) };
  });

  router.route(routes.caseNotices, async ({ params, auth }) => {
    const found = await visibleCase(auth.actor, params.id);
    return { items: await Promise.all((await listCaseNotices(db, params.id)).map((n) => withDecision(auth.actor, n, found))) };
  });

  router.route(routes.draftNotice, async ({ params, body, auth, mutation }) => {
    const found = await workableCase(auth.actor, params.id);
    return withDecision(auth.actor, await draftNotice(db, mutation, { caseId: params.id, ...body }), found);
  });

  router.route(routes.updateNotice, async ({ params, body, auth, mutation }) => {
    const notice = await findNotice(db, params.id);
    if (!notice) throw notFound('notice');
    const found = await workableCase(auth.actor, notice.caseId);
    return withDecision(auth.actor, await updateNotice(db, mutation, params.id, body), found);
  });

  router.route(routes.moveNotice, async ({ params, body, auth, mutation }) => {
    const notice = await findNotice(db, params.id);
    if (!notice) throw notFound('notice');
    const found = await visibleCase(auth.actor, notice.caseId).catch(() => {
      throw notFound('notice');
    });
    if (!canDecideNotice(auth.actor, { decisionOwnerUserId: found.decisionOwnerUserId as UserId | null, ownerOrganisationId: found.ownerOrganisationId as OrganisationId })) {
      throw new HttpProblem(403, 'Forbidden', found.decisionOwnerUserId ? 'only the case’s decision owner may do this' : 'only a coordinator of the case’s owner organisation may do this');
    }
    return withDecision(auth.actor, await moveNotice(db, mutation, { id: params.id, to: body.status, email }), found);
  });

  router.route(routes.publicNotices, async ({ query }) => listPublishedNotices(db, query));
}
