import { routes } from '@vigil/api';
import { createApiToken, listApiTokens, revokeApiToken } from '@vigil/db';
import { TOKEN_PREFIX, newSecret, sha256 } from '../auth';
import { HttpProblem } from '../http-problem';
import type { FeatureRouter } from './feature';

/** A user's own API tokens. */
export function tokenRoutes(router: FeatureRouter): void {
  const { services } = router;
  const ownerOf = (actor: { kind: string; userId?: string; tokenScopes?: unknown }) => {
    if (actor.kind !== 'user' || !actor.userId) throw new HttpProblem(403, 'Forbidden', 'only users own tokens');
    return actor.userId;
  };

  router.route(routes.listTokens, async ({ auth }) => ({ items: await listApiTokens(services.db, ownerOf(auth.actor)) }));

  router.route(routes.createToken, async ({ auth, body, mutation }) => {
    const userId = ownerOf(auth.actor);
    // The secret: recognisable prefix, 8 characters shown in lists, then 32 random bytes.
    const visible = newSecret(6);
    const secret = `${TOKEN_PREFIX}${visible}_${newSecret(32)}`;
    const token = await createApiToken(services.db, mutation, {
      userId,
      name: body.name,
      prefix: `${TOKEN_PREFIX}${visible}`,
      secretHash: sha256(secret),
      scopes: [...new Set(body.scopes)],
      expiresAt: new Date(mutation.now.getTime() + body.expiresInDays * 86_400_000),
    });
    return { token, secret };
  });

  router.route(routes.revokeToken, async ({ auth, params, mutation }) => {
    if (!(await revokeApiToken(services.db, mutation, { id: params.id, userId: ownerOf(auth.actor) }))) {
      throw new HttpProblem(404, 'Not found', 'you have no active token with this id');
    }
    return undefined;
  });
}
