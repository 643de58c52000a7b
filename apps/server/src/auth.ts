/**
 * Who is calling: a cookie session (browser), an API token (Bearer, or HTTP Basic with the
 * token as password, for TAXII clients), or HTTP Basic with e-mail and password. Secrets
 * are stored only as SHA-256 hashes (sessions, tokens) or argon2id (passwords).
 */
import type { Actor, AuditActor, TokenScope } from '@vigil/domain';
import type { Executor } from '@vigil/db';
import {
  clearFailedLogins,
  findActiveApiToken,
  findCredentials,
  findSession,
  findUser,
  markApiTokenUsed,
  membershipsOf,
  recordFailedLogin,
  touchSession,
} from '@vigil/db';
import { createHash, randomBytes } from 'node:crypto';
import type { RequestAuth, Services } from './context';
import { HttpProblem } from './http-problem';
import { dummyPasswordHash, verifyPassword } from './passwords';

/** Failed passwords in a row before an account locks. */
export const MAX_FAILED_LOGINS = 5;
/** How long a lock-out lasts. */
export const LOCKOUT_MINUTES = 15;
/** Prefix of every API token secret, so leaked tokens are recognisable by secret scanners. */
export const TOKEN_PREFIX = 'vgl_';

export const ANONYMOUS: RequestAuth = { actor: { kind: 'anonymous' }, label: 'anonymous', via: 'anonymous', sessionHash: null, csrfToken: null };

/** SHA-256 hex of a secret. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A new random secret, URL-safe. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** The name of the session cookie: `__Host-` pins it to this origin over HTTPS. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-vigil_session' : 'vigil_session';
}

/** The audit-log view of a request's caller. */
export function auditActorOf(auth: RequestAuth): AuditActor {
  if (auth.actor.kind === 'user') return { kind: 'user', id: auth.actor.userId, label: auth.label };
  if (auth.actor.kind === 'system') return { kind: 'system', id: auth.actor.name, label: auth.label };
  return { kind: 'anonymous', id: null, label: auth.label };
}

/** Builds the policy actor of a user, or undefined when the user is missing or disabled. */
export async function actorOfUser(db: Executor, userId: string, tokenScopes?: readonly TokenScope[]): Promise<{ actor: Actor; label: string } | undefined> {
  const user = await findUser(db, userId);
  if (!user || user.disabled) return undefined;
  const memberships = (await membershipsOf(db, [userId])).get(userId) ?? [];
  return {
    actor: {
      kind: 'user',
      userId: user.id,
      isAdmin: user.isAdmin,
      memberships: memberships.map((m) => ({ organisationId: m.organisationId, organisationType: m.organisationType, role: m.role })),
      ...(tokenScopes ? { tokenScopes } : {}),
    },
    label: user.email,
  };
}

/** Outcome of checking an e-mail and password. */
export type PasswordCheck =
  | { readonly type: 'ok'; readonly userId: string }
  | { readonly type: 'bad-credentials' }
  | { readonly type: 'locked'; readonly until: Date };

/**
 * Checks a password, counting failures and locking the account after
 * MAX_FAILED_LOGINS in a row. Unknown e-mails cost the same time as known ones.
 */
export async function checkPassword(services: Services, input: { readonly email: string; readonly password: string; readonly address: string }): Promise<PasswordCheck> {
  const now = services.clock.now();
  const credentials = await findCredentials(services.db, input.email);
  if (!credentials || credentials.disabled) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    return { type: 'bad-credentials' };
  }
  if (credentials.lockedUntil && credentials.lockedUntil > now) {
    return { type: 'locked', until: credentials.lockedUntil };
  }
  if (!(await verifyPassword(credentials.passwordHash, input.password))) {
    const lockUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
    const locked = await recordFailedLogin(
      services.db,
      { actor: { kind: 'anonymous', id: null, label: `login from ${input.address}` }, now },
      { userId: credentials.id, maxFailures: MAX_FAILED_LOGINS, lockUntil },
    );
    return locked ? { type: 'locked', until: lockUntil } : { type: 'bad-credentials' };
  }
  if (credentials.failedLogins > 0 || credentials.lockedUntil) await clearFailedLogins(services.db, credentials.id);
  return { type: 'ok', userId: credentials.id };
}

function unauthenticated(detail: string): HttpProblem {
  return new HttpProblem(401, 'Unauthenticated', detail, undefined, { 'www-authenticate': 'Bearer, Basic realm="Vigil"' });
}

async function authByToken(services: Services, secret: string): Promise<RequestAuth> {
  const now = services.clock.now();
  const token = await findActiveApiToken(services.db, sha256(secret), now);
  if (!token) throw unauthenticated('the API token is unknown, expired or revoked');
  const resolved = await actorOfUser(services.db, token.userId, token.scopes);
  if (!resolved) throw unauthenticated('the API token belongs to a disabled user');
  await markApiTokenUsed(services.db, token.id, now);
  return { actor: resolved.actor, label: `${resolved.label} (token ${token.prefix})`, via: 'token', sessionHash: null, csrfToken: null };
}

/**
 * Resolves the caller of a request from its Authorization header or session cookie.
 * Bad credentials are a 401; no credentials at all is the anonymous caller.
 */
export async function resolveAuth(
  services: Services,
  input: { readonly authorization: string | undefined; readonly sessionSecret: string | undefined; readonly address: string },
): Promise<RequestAuth> {
  const authorization = input.authorization?.trim();
  if (authorization) {
    const [scheme = '', value = ''] = authorization.split(/\s+/, 2);
    if (scheme.toLowerCase() === 'bearer') return authByToken(services, value);
    if (scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw unauthenticated('HTTP Basic credentials must be user:password');
      const user = decoded.slice(0, colon);
      const password = decoded.slice(colon + 1);
      if (password.startsWith(TOKEN_PREFIX)) return authByToken(services, password);
      const check = await checkPassword(services, { email: user, password, address: input.address });
      if (check.type === 'locked') throw new HttpProblem(423, 'Account locked', `too many failed logins; try again after ${check.until.toISOString()}`);
      if (check.type === 'bad-credentials') throw unauthenticated('wrong e-mail or password');
      const resolved = await actorOfUser(services.db, check.userId);
      if (!resolved) throw unauthenticated('the account is disabled');
      return { actor: resolved.actor, label: resolved.label, via: 'basic-password', sessionHash: null, csrfToken: null };
    }
    throw unauthenticated(`unsupported authorization scheme "${scheme}"`);
  }
  if (input.sessionSecret) {
    const now = services.clock.now();
    const sessionHash = sha256(input.sessionSecret);
    const session = await findSession(services.db, sessionHash, now);
    if (!session) return ANONYMOUS;
    const resolved = await actorOfUser(services.db, session.userId);
    if (!resolved) return ANONYMOUS;
    // Sliding expiry, written at most once a minute to spare the database.
    if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
      await touchSession(services.db, sessionHash, { now, expiresAt: new Date(now.getTime() + services.config.sessionHours * 3_600_000) });
    }
    return { actor: resolved.actor, label: resolved.label, via: 'session', sessionHash, csrfToken: session.csrfToken };
  }
  return ANONYMOUS;
}
