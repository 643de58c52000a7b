import { routes } from '@vigil/api';
import type { Actor, Action } from '@vigil/domain';
import { can } from '@vigil/domain';
import {
  addMembership,
  createOrganisation,
  findOrganisation,
  findUser,
  listMembers,
  listOrganisations,
  removeMembership,
  updateOrganisation,
} from '@vigil/db';
import { HttpProblem } from '../http-problem';
import type { FeatureRouter } from './feature';

/** Throws 403 unless the actor may do `action` in this organisation. */
export function requireInOrganisation(actor: Actor, action: Action, organisationId: string): void {
  if (!can(actor, action, { organisationId: organisationId as never })) {
    throw new HttpProblem(403, 'Forbidden', `you may not ${action.replace('.', ' ')} in this organisation`);
  }
}

/** Organisations and their members. */
export function organisationRoutes(router: FeatureRouter): void {
  const { services } = router;
  const existing = async (id: string) => {
    const organisation = await findOrganisation(services.db, id);
    if (!organisation) throw new HttpProblem(404, 'Not found', 'no organisation with this id');
    return organisation;
  };

  router.route(routes.listOrganisations, async ({ query }) => listOrganisations(services.db, query));
  router.route(routes.createOrganisation, async ({ body, mutation }) => createOrganisation(services.db, mutation, body));
  router.route(routes.getOrganisation, async ({ params }) => existing(params.id));

  router.route(routes.updateOrganisation, async ({ auth, params, body, mutation }) => {
    await existing(params.id);
    requireInOrganisation(auth.actor, 'organisation.update', params.id);
    // Only platform administrators change what kind of organisation something is.
    if (body.type !== undefined && !(auth.actor.kind === 'user' && auth.actor.isAdmin)) {
      throw new HttpProblem(403, 'Forbidden', 'only platform administrators change an organisation’s type');
    }
    const updated = await updateOrganisation(services.db, mutation, params.id, body);
    if (!updated) throw new HttpProblem(404, 'Not found');
    return updated;
  });

  router.route(routes.listMembers, async ({ auth, params }) => {
    await existing(params.id);
    requireInOrganisation(auth.actor, 'membership.manage', params.id);
    return { items: await listMembers(services.db, params.id) };
  });

  router.route(routes.addMember, async ({ auth, params, body, mutation }) => {
    await existing(params.id);
    requireInOrganisation(auth.actor, 'membership.manage', params.id);
    const user = await findUser(services.db, body.userId);
    if (!user) throw new HttpProblem(422, 'Invalid input', 'no user with this id', [{ path: '/userId', message: 'no user with this id' }]);
    await addMembership(services.db, mutation, { userId: body.userId, organisationId: params.id, role: body.role });
    return { userId: user.id, email: user.email, name: user.name, role: body.role };
  });

  router.route(routes.removeMember, async ({ auth, params, mutation }) => {
    await existing(params.id);
    requireInOrganisation(auth.actor, 'membership.manage', params.id);
    if (!(await removeMembership(services.db, mutation, { userId: params.userId, organisationId: params.id, role: params.role }))) {
      throw new HttpProblem(404, 'Not found', 'the user has no such role here');
    }
    return undefined;
  });
}
