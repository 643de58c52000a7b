import type { Actor, OrganisationId, OrganisationType, User } from '@vigil/domain';

/**
 * The policy's view of a logged-in user, so the UI offers only what the server will allow.
 * Memberships whose organisation type is unknown are left out: the UI then offers less,
 * never more, than the server grants.
 */
export function actorOf(
  user: User,
  organisationTypes: ReadonlyMap<OrganisationId, OrganisationType>,
): Actor {
  return {
    kind: 'user',
    userId: user.id,
    isAdmin: user.isAdmin,
    memberships: user.memberships.flatMap((membership) => {
      const organisationType = organisationTypes.get(membership.organisationId);
      return organisationType
        ? [{ organisationId: membership.organisationId, organisationType, role: membership.role }]
        : [];
    }),
  };
}
