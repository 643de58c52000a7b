import type { Executor } from '@vigil/db';
import { countUsers, createOrganisation, createUser, findOrganisationByName } from '@vigil/db';
import { randomBytes } from 'node:crypto';
import { hashPassword } from './passwords';
import { ensureSharingDefaults } from './sharing/sharing-defaults';

/** The installation's own organisation, whose administrators run Vigil. */
export const OPERATOR_ORGANISATION = 'Vigil operators';

/** The first administrator's login, returned only when it was just created. */
export interface FirstAdmin {
  readonly email: string;
  readonly password: string;
}

/**
 * Gives an installation without sharing communities the default communities and collections
 * (docs/taxii.md), with the operators' organisation as member, reader and writer. Runs at
 * every start; does nothing once communities exist or before the operators' organisation does.
 */
export async function ensureSharingSetup(db: Executor, now: Date): Promise<boolean> {
  const organisation = await findOrganisationByName(db, OPERATOR_ORGANISATION);
  if (!organisation) return false;
  return ensureSharingDefaults(db, { actor: { kind: 'system', id: 'bootstrap', label: 'sharing defaults' }, now }, organisation.id);
}

/**
 * On a new installation (no users), creates the operators' organisation, a first
 * administrator with a random password and the default sharing communities, and returns the
 * login so it can be shown once.
 */
export async function ensureFirstAdmin(db: Executor, now: Date): Promise<FirstAdmin | null> {
  if ((await countUsers(db)) > 0) return null;
  const context = { actor: { kind: 'system' as const, id: 'bootstrap', label: 'first start' }, now };
  const organisation =
    (await findOrganisationByName(db, OPERATOR_ORGANISATION)) ??
    (await createOrganisation(db, context, { name: OPERATOR_ORGANISATION, type: 'election-authority' }));
  await ensureSharingDefaults(db, context, organisation.id);
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
