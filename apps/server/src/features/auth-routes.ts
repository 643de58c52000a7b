import { routes } from '@vigil/api';
import { createSession, deleteSession, findCredentialsById, findUser, hitRateLimit, setPasswordHash, updateUser } from '@vigil/db';
import { deleteCookie, setCookie } from 'hono/cookie';
import { checkPassword, newSecret, sessionCookieName, sha256 } from '../auth';
import { HttpProblem } from '../http-problem';
import { hashPassword, verifyPassword } from '../passwords';
import type { FeatureRouter } from './feature';

/** Login attempts allowed per client address per minute (all e-mails together). */
const LOGIN_ATTEMPTS_PER_MINUTE = 20;

function userIdOf(actor: { kind: string; userId?: string }): string {
  if (actor.kind !== 'user' || !actor.userId) throw new HttpProblem(403, 'Forbidden', 'only a user has a session');
  return actor.userId;
}

/** Login, logout, session, password and profile. */
export function authRoutes(router: FeatureRouter): void {
  const { services } = router;

  router.route(routes.login, async ({ c, body, mutation }) => {
    const address = c.get('clientAddress');
    const limit = await hitRateLimit(services.db, { key: `login:${address}`, now: mutation.now, windowMs: 60_000, limit: LOGIN_ATTEMPTS_PER_MINUTE });
    if (!limit.allowed) {
      throw new HttpProblem(429, 'Too many login attempts', `wait ${limit.retryAfterSeconds} s`, undefined, { 'retry-after': String(limit.retryAfterSeconds) });
    }
    const check = await checkPassword(services, { email: body.email, password: body.password, address });
    if (check.type === 'locked') {
      throw new HttpProblem(423, 'Account locked', `too many failed logins; try again after ${check.until.toISOString()}`);
    }
    if (check.type === 'bad-credentials') throw new HttpProblem(401, 'Wrong e-mail or password', 'check the e-mail address and password');
    const secret = newSecret();
    const csrfToken = newSecret(24);
    const expiresAt = new Date(mutation.now.getTime() + services.config.sessionHours * 3_600_000);
    const user = await findUser(services.db, check.userId);
    if (!user) throw new HttpProblem(401, 'Wrong e-mail or password');
    await createSession(services.db, { ...mutation, actor: { kind: 'user', id: user.id, label: user.email } }, { idHash: sha256(secret), userId: check.userId, csrfToken, expiresAt });
    setCookie(c, sessionCookieName(services.config.secureCookies), secret, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: services.config.secureCookies,
      path: '/',
      maxAge: Math.floor(services.config.sessionHours * 3600),
    });
    return { user, csrfToken };
  });

  router.route(routes.logout, async ({ c, auth, mutation }) => {
    if (auth.sessionHash) await deleteSession(services.db, mutation, auth.sessionHash);
    deleteCookie(c, sessionCookieName(services.config.secureCookies), { path: '/', secure: services.config.secureCookies });
    return undefined;
  });

  router.route(routes.currentSession, async ({ auth }) => {
    const user = await findUser(services.db, userIdOf(auth.actor));
    if (!user) throw new HttpProblem(401, 'Unauthenticated');
    if (!auth.csrfToken) throw new HttpProblem(400, 'No browser session', 'this route describes cookie sessions; tokens have none');
    return { user, csrfToken: auth.csrfToken };
  });

  router.route(routes.changePassword, async ({ auth, body, mutation }) => {
    const userId = userIdOf(auth.actor);
    const credentials = await findCredentialsById(services.db, userId);
    if (!credentials || !(await verifyPassword(credentials.passwordHash, body.currentPassword))) {
      throw new HttpProblem(422, 'Invalid input', 'the current password is wrong', [{ path: '/currentPassword', message: 'wrong password' }]);
    }
    if (body.newPassword === body.currentPassword) {
      throw new HttpProblem(422, 'Invalid input', 'choose a new password', [{ path: '/newPassword', message: 'same as the current password' }]);
    }
    await setPasswordHash(services.db, mutation, { userId, passwordHash: await hashPassword(body.newPassword), keepSessionHash: auth.sessionHash ?? undefined });
    return undefined;
  });

  router.route(routes.updateProfile, async ({ auth, body, mutation }) => {
    const user = await updateUser(services.db, mutation, userIdOf(auth.actor), { name: body.name, locale: body.locale });
    if (!user) throw new HttpProblem(404, 'Not found');
    return user;
  });
}
