import type { ApiTokenId, TokenScope } from '@vigil/domain';
import type { Executor } from './database';
import type { MutationContext } from './mutation';
import { inTransaction, iso, recordChange } from './mutation';

/** A live session found by the hash of its secret. */
export interface SessionRecord {
  readonly idHash: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
  readonly lastSeenAt: Date;
}

/** Stores a new session (the caller keeps the secret; only its hash is stored). */
export async function createSession(
  db: Executor,
  context: MutationContext,
  input: { readonly idHash: string; readonly userId: string; readonly csrfToken: string; readonly expiresAt: Date },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('sessions')
      .values({ ...input, createdAt: context.now, lastSeenAt: context.now })
      .execute();
    await recordChange(trx, context, { action: 'auth.login', targetType: 'user', targetId: input.userId, change: { expiresAt: input.expiresAt.toISOString() } });
  });
}

/** The session with this secret hash, if it has not expired. */
export async function findSession(db: Executor, idHash: string, now: Date): Promise<SessionRecord | undefined> {
  return db
    .selectFrom('sessions')
    .select(['idHash', 'userId', 'csrfToken', 'expiresAt', 'lastSeenAt'])
    .where('idHash', '=', idHash)
    .where('expiresAt', '>', now)
    .executeTakeFirst();
}

/** Slides a session's idle expiry forward. Not audited: it changes no user-visible state. */
export async function touchSession(db: Executor, idHash: string, input: { readonly now: Date; readonly expiresAt: Date }): Promise<void> {
  await db.updateTable('sessions').set({ lastSeenAt: input.now, expiresAt: input.expiresAt }).where('idHash', '=', idHash).execute();
}

/** Ends a session (logout). */
export async function deleteSession(db: Executor, context: MutationContext, idHash: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const removed = await trx.deleteFrom('sessions').where('idHash', '=', idHash).returning('userId').executeTakeFirst();
    if (removed) {
      await recordChange(trx, context, { action: 'auth.logout', targetType: 'user', targetId: removed.userId, change: null });
    }
  });
}

/** An API token as its owner sees it. */
export interface ApiTokenRecord {
  readonly id: ApiTokenId;
  readonly userId: string;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly TokenScope[];
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

const tokenColumns = ['id', 'userId', 'name', 'prefix', 'scopes', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt'] as const;

function toToken(row: {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}): ApiTokenRecord {
  return {
    id: row.id as ApiTokenId,
    userId: row.userId,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdAt: iso(row.createdAt),
    expiresAt: iso(row.expiresAt),
    lastUsedAt: iso(row.lastUsedAt),
    revokedAt: iso(row.revokedAt),
  };
}

/** Stores a token by the hash of its secret. */
export async function createApiToken(
  db: Executor,
  context: MutationContext,
  input: { readonly userId: string; readonly name: string; readonly prefix: string; readonly secretHash: string; readonly scopes: readonly TokenScope[]; readonly expiresAt: Date },
): Promise<ApiTokenRecord> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('apiTokens')
      .values({ ...input, scopes: JSON.stringify(input.scopes), createdAt: context.now })
      .returning(tokenColumns)
      .executeTakeFirstOrThrow();
    await recordChange(trx, context, {
      action: 'token.create',
      targetType: 'api-token',
      targetId: row.id,
      change: { name: input.name, prefix: input.prefix, scopes: input.scopes, expiresAt: input.expiresAt.toISOString() },
    });
    return toToken(row);
  });
}

/** A user's tokens, newest first. */
export async function listApiTokens(db: Executor, userId: string): Promise<ApiTokenRecord[]> {
  const rows = await db.selectFrom('apiTokens').select(tokenColumns).where('userId', '=', userId).orderBy('createdAt', 'desc').execute();
  return rows.map(toToken);
}

/** The valid (unrevoked, unexpired) token with this secret hash. */
export async function findActiveApiToken(db: Executor, secretHash: string, now: Date): Promise<ApiTokenRecord | undefined> {
  const row = await db
    .selectFrom('apiTokens')
    .select(tokenColumns)
    .where('secretHash', '=', secretHash)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', now)
    .executeTakeFirst();
  return row ? toToken(row) : undefined;
}

/** Notes when a token was last used, to the minute (not audited: no user-visible state changes). */
export async function markApiTokenUsed(db: Executor, id: string, now: Date): Promise<void> {
  // At most once a minute: TAXII clients poll with one token from many connections, and a
  // write per request would queue them all on this row's lock.
  const staleBefore = new Date(now.getTime() - 60_000);
  await db
    .updateTable('apiTokens')
    .set({ lastUsedAt: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', staleBefore)]))
    .execute();
}

/** Revokes a user's own token; returns whether it existed and was active. */
export async function revokeApiToken(db: Executor, context: MutationContext, input: { readonly id: string; readonly userId: string }): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable('apiTokens')
      .set({ revokedAt: context.now })
      .where('id', '=', input.id)
      .where('userId', '=', input.userId)
      .where('revokedAt', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    await recordChange(trx, context, { action: 'token.revoke', targetType: 'api-token', targetId: input.id, change: null });
    return true;
  });
}
