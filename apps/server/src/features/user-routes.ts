import { routes } from '@vigil/api';
import type { Actor } from '@vigil/domain';
import { can } from '@vigil/domain';
import { createUser, findUser, listUsers, updateUser } from '@vigil/db';
import { HttpProblem } from '../http-problem';
import { hashPassword } from '../passwords';
import type { FeatureRouter } from './feature';

/** Organisations whose users the actor administers; null means all (platform admin). */
function administeredOrganisations(actor: Actor): string[] | null {
  if (actor.kind === 'system') return null;
  if (actor.kind !== 'user') return [];
  if (actor.isAdmin && can(actor, 'user.read')) return null;
  return actor.memberships.filter((m) => can(actor, 'user.read', { organisationId: m.organisationId })).map((m) => m.organisationId);
}

/** User accounts. */
export function userRoutes(router: FeatureRouter): void {
  const { services } = router;

  const visibleUser = async (actor: Actor, id: string) => {
    const user = await findUser(services.db, id);
    const scope = administeredOrganisations(actor);
    if (!user || (scope !== null && !user.memberships.some((m) => scope.includes(m.organisationId)))) {
      throw new HttpProblem(404, 'Not found', 'no user with this id that you administer');
    }
    return user;
  };

  router.route(routes.listUsers, async ({ auth, query }) => {
    const scope = administeredOrganisations(auth.actor);
    const organisationIds = query.organisationId
      ? scope === null || scope.includes(query.organisationId)
        ? [query.organisationId]
        : []
      : (scope ?? undefined);
    return listUsers(services.db, { cursor: query.cursor, limit: query.limit, organisationIds });
  });

  router.route(routes.createUser, async ({ body, mutation }) => {
    const { password, ...rest } = body;
    return createUser(services.db, mutation, { ...rest, passwordHash: await hashPassword(password) });
  });

  router.route(routes.getUser, async ({ auth, params }) => visibleUser(auth.actor, params.id));

  router.route(routes.updateUser, async ({ auth, params, body, mutation }) => {
    await visibleUser(auth.actor, params.id);
    const platformAdmin = auth.actor.kind === 'user' && auth.actor.isAdmin;
    if (body.isAdmin !== undefined && !platformAdmin) {
      throw new HttpProblem(403, 'Forbidden', 'only platform administrators grant or remove administration');
    }
    if (auth.actor.kind === 'user' && auth.actor.userId === params.id && (body.disabled === true || body.isAdmin === false)) {
      throw new HttpProblem(422, 'Invalid input', 'you cannot disable yourself or remove your own administration', [
        { path: body.disabled === true ? '/disabled' : '/isAdmin', message: 'not on your own account' },
      ]);
    }
    const user = await updateUser(services.db, mutation, params.id, body);
    if (!user) throw new HttpProblem(404, 'Not found');
    return user;
  });
}
