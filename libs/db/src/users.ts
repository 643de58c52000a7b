import type { Locale, Membership, NewUser, OrganisationId, OrganisationType, Role, User, UserId } from '@vigil/domain';
import type { Executor } from './database';
import type { MutationContext } from './mutation';
import { inTransaction, iso, recordChange } from './mutation';
import { DuplicateError } from './organisations';

/** A user row with what login needs (the password hash and lock-out state). */
export interface UserCredentials {
  readonly id: UserId;
  readonly email: string;
  readonly passwordHash: string;
  readonly disabled: boolean;
  readonly failedLogins: number;
  readonly lockedUntil: Date | null;
}

/** Memberships of some users, with organisation names and types. */
export async function membershipsOf(
  db: Executor,
  userIds: readonly string[],
): Promise<Map<string, (Membership & { organisationType: OrganisationType })[]>> {
  const result = new Map<string, (Membership & { organisationType: OrganisationType })[]>();
  if (userIds.length === 0) return result;
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisationId')
    .select(['memberships.userId', 'memberships.organisationId', 'memberships.role', 'organisations.name', 'organisations.type'])
    .where('memberships.userId', 'in', userIds)
    .orderBy('organisations.name')
    .orderBy('memberships.role')
    .execute();
  for (const row of rows) {
    const list = result.get(row.userId) ?? [];
    list.push({ organisationId: row.organisationId as OrganisationId, organisationName: row.name, organisationType: row.type, role: row.role });
    result.set(row.userId, list);
  }
  return result;
}

const userColumns = ['id', 'email', 'name', 'isAdmin', 'locale', 'disabled', 'lockedUntil', 'createdAt'] as const;

async function withMemberships(
  db: Executor,
  rows: readonly { id: string; email: string; name: string; isAdmin: boolean; locale: Locale; disabled: boolean; lockedUntil: Date | null; createdAt: Date }[],
): Promise<User[]> {
  const memberships = await membershipsOf(db, rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id as UserId,
    email: row.email,
    name: row.name,
    isAdmin: row.isAdmin,
    locale: row.locale,
    disabled: row.disabled,
    lockedUntil: iso(row.lockedUntil),
    createdAt: iso(row.createdAt),
    memberships: (memberships.get(row.id) ?? []).map(({ organisationId, organisationName, role }) => ({ organisationId, organisationName, role })),
  }));
}

/** One user with memberships, or undefined. */
export async function findUser(db: Executor, id: string): Promise<User | undefined> {
  const rows = await db.selectFrom('users').select(userColumns).where('id', '=', id).execute();
  return (await withMemberships(db, rows))[0];
}

/** Credentials of the user with this e-mail (case-insensitive), or undefined. */
export async function findCredentials(db: Executor, email: string): Promise<UserCredentials | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'passwordHash', 'disabled', 'failedLogins', 'lockedUntil'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  return row ? { ...row, id: row.id as UserId } : undefined;
}

/** Credentials by user id. */
export async function findCredentialsById(db: Executor, id: string): Promise<UserCredentials | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'passwordHash', 'disabled', 'failedLogins', 'lockedUntil'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { ...row, id: row.id as UserId } : undefined;
}

/** Users by e-mail, optionally only members of some organisations. */
export async function listUsers(
  db: Executor,
  query: { readonly cursor?: string | undefined; readonly limit: number; readonly organisationIds?: readonly string[] | undefined },
): Promise<{ items: User[]; nextCursor: string | null }> {
  let select = db.selectFrom('users').select(userColumns).orderBy('email').limit(query.limit + 1);
  if (query.cursor) select = select.where('email', '>', query.cursor);
  if (query.organisationIds) {
    const ids = query.organisationIds;
    if (ids.length === 0) return { items: [], nextCursor: null };
    select = select.where('id', 'in', (eb) => eb.selectFrom('memberships').select('userId').where('organisationId', 'in', ids));
  }
  const rows = await select.execute();
  const items = await withMemberships(db, rows.slice(0, query.limit));
  return { items, nextCursor: rows.length > query.limit ? (items.at(-1)?.email ?? null) : null };
}

/** Creates a user with an already-hashed password and its memberships. */
export async function createUser(
  db: Executor,
  context: MutationContext,
  input: Omit<NewUser, 'password'> & { readonly passwordHash: string },
): Promise<User> {
  return inTransaction(db, async (trx) => {
    if (await findCredentials(trx, input.email)) {
      throw new DuplicateError('email', `a user with e-mail ${input.email} exists already`);
    }
    const row = await trx
      .insertInto('users')
      .values({
        email: input.email,
        name: input.name,
        passwordHash: input.passwordHash,
        isAdmin: input.isAdmin ?? false,
        locale: input.locale ?? 'en',
        lockedUntil: null,
        createdAt: context.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const membership of input.memberships ?? []) {
      await trx
        .insertInto('memberships')
        .values({ userId: row.id, organisationId: membership.organisationId, role: membership.role, createdAt: context.now })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    const { passwordHash: _secret, ...visible } = input;
    await recordChange(trx, context, { action: 'user.create', targetType: 'user', targetId: row.id, change: visible });
    const user = await findUser(trx, row.id);
    if (!user) throw new Error('user vanished after insert');
    return user;
  });
}

/** Changes a user's name, admin flag, disabled state or language; `unlock` clears a lock-out. */
export async function updateUser(
  db: Executor,
  context: MutationContext,
  id: string,
  patch: {
    readonly name?: string | undefined;
    readonly isAdmin?: boolean | undefined;
    readonly disabled?: boolean | undefined;
    readonly locale?: Locale | undefined;
    readonly unlock?: boolean | undefined;
  },
): Promise<User | undefined> {
  return inTransaction(db, async (trx) => {
    const set = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.isAdmin !== undefined ? { isAdmin: patch.isAdmin } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
      ...(patch.unlock ? { lockedUntil: null, failedLogins: 0 } : {}),
    };
    if (Object.keys(set).length > 0) {
      const updated = await trx.updateTable('users').set(set).where('id', '=', id).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return undefined;
      await recordChange(trx, context, { action: 'user.update', targetType: 'user', targetId: id, change: patch });
      if (patch.disabled) await trx.deleteFrom('sessions').where('userId', '=', id).execute();
    }
    return findUser(trx, id);
  });
}

/** Replaces a user's password hash and ends their sessions except `keepSessionHash`. */
export async function setPasswordHash(
  db: Executor,
  context: MutationContext,
  input: { readonly userId: string; readonly passwordHash: string; readonly keepSessionHash?: string | undefined },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.updateTable('users').set({ passwordHash: input.passwordHash, failedLogins: 0, lockedUntil: null }).where('id', '=', input.userId).execute();
    let remove = trx.deleteFrom('sessions').where('userId', '=', input.userId);
    if (input.keepSessionHash) remove = remove.where('idHash', '!=', input.keepSessionHash);
    await remove.execute();
    await recordChange(trx, context, { action: 'user.password-change', targetType: 'user', targetId: input.userId, change: { passwordChanged: true } });
  });
}

/**
 * Records a failed login; after `maxFailures` in a row the account locks until `lockUntil`.
 * Returns whether the account is now locked.
 */
export async function recordFailedLogin(
  db: Executor,
  context: MutationContext,
  input: { readonly userId: string; readonly maxFailures: number; readonly lockUntil: Date },
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable('users')
      .set((eb) => ({ failedLogins: eb('failedLogins', '+', 1) }))
      .where('id', '=', input.userId)
      .returning('failedLogins')
      .executeTakeFirstOrThrow();
    const locked = row.failedLogins >= input.maxFailures;
    if (locked) {
      await trx.updateTable('users').set({ lockedUntil: input.lockUntil, failedLogins: 0 }).where('id', '=', input.userId).execute();
    }
    await recordChange(trx, context, {
      action: locked ? 'user.lock-out' : 'auth.login-failed',
      targetType: 'user',
      targetId: input.userId,
      change: locked ? { lockedUntil: input.lockUntil.toISOString() } : { failedLogins: row.failedLogins },
    });
    return locked;
  });
}

/** Clears the failure count after a successful login. */
export async function clearFailedLogins(db: Executor, userId: string): Promise<void> {
  await db.updateTable('users').set({ failedLogins: 0, lockedUntil: null }).where('id', '=', userId).execute();
}

/** A member of an organisation. */
export interface Member {
  readonly userId: UserId;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
}

/** Members of an organisation, by e-mail then role. */
export async function listMembers(db: Executor, organisationId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.userId')
    .select(['users.id', 'users.email', 'users.name', 'memberships.role'])
    .where('memberships.organisationId', '=', organisationId)
    .orderBy('users.email')
    .orderBy('memberships.role')
    .execute();
  return rows.map((row) => ({ userId: row.id as UserId, email: row.email, name: row.name, role: row.role }));
}

/** Gives a user a role in an organisation (idempotent). */
export async function addMembership(
  db: Executor,
  context: MutationContext,
  input: { readonly userId: string; readonly organisationId: string; readonly role: Role },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto('memberships')
      .values({ ...input, createdAt: context.now })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
      await recordChange(trx, context, { action: 'membership.add', targetType: 'organisation', targetId: input.organisationId, change: input });
    }
  });
}

/** Takes a role away; returns whether there was one. */
export async function removeMembership(
  db: Executor,
  context: MutationContext,
  input: { readonly userId: string; readonly organisationId: string; readonly role: Role },
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const removed = await trx
      .deleteFrom('memberships')
      .where('userId', '=', input.userId)
      .where('organisationId', '=', input.organisationId)
      .where('role', '=', input.role)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return false;
    await recordChange(trx, context, { action: 'membership.remove', targetType: 'organisation', targetId: input.organisationId, change: input });
    return true;
  });
}

/** Number of users (to know whether an installation is new). */
export async function countUsers(db: Executor): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
