import type { Executor } from '@vigil/db';
import { countUsers, createOrganisation, createUser, findOrganisationByName } from '@vigil/db';
import { randomBytes } from 'node:crypto';
import { hashPassword } from './passwords';

/** The installation's own organisation, whose administrators run Vigil. */
export const OPERATOR_ORGANISATION = 'Vigil operators';

/** The first administrator's login, returned only when it was just created. */
export interface FirstAdmin {
  readonly email: string;
  readonly password: string;
}

/**
 * On a new installation (no users), creates the operators' organisation and a first
 * administrator with a random password, and returns the login so it can be shown once.
 */
export async function ensureFirstAdmin(db: Executor, now: Date): Promise<FirstAdmin | null> {
  if ((await countUsers(db)) > 0) return null;
  const context = { actor: { kind: 'system' as const, id: 'bootstrap', label: 'first start' }, now };
  const organisation =
    (await findOrganisationByName(db, OPERATOR_ORGANISATION)) ??
    (await createOrganisation(db, context, { name: OPERATOR_ORGANISATION, type: 'election-authority' }));
  // 18 random bytes in base64url: 24 characters, 144 bits.
  const password = randomBytes(18).toString('base64url');
  const email = 'admin@vigil.local';
  await createUser(db, context, {
    email,
    name: 'Administrator',
    passwordHash: await hashPassword(password),
    isAdmin: true,
    memberships: [{ organisationId: organisation.id, role: 'admin' }],
  });
  return { email, password };
}
