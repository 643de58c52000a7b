import { z } from 'zod';
import type { OrganisationId, UserId } from './ids';
import { OrganisationIdSchema, UserIdSchema } from './ids';

/** Roles a user holds within an organisation. */
export const ROLES = [
  'admin',
  'coordinator',
  'analyst',
  'auditor',
  'audit-board',
  'monitor',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

/** The languages of the interface. */
export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
export const LocaleSchema = z.enum(LOCALES);

/** A role held by a user in an organisation. */
export interface Membership {
  readonly organisationId: OrganisationId;
  readonly organisationName: string;
  readonly role: Role;
}

export const MembershipSchema: z.ZodType<Membership> = z.object({
  organisationId: OrganisationIdSchema,
  organisationName: z.string(),
  role: RoleSchema,
});

/** A user account as the API shows it (never its password hash). */
export interface User {
  readonly id: UserId;
  readonly email: string;
  readonly name: string;
  /** Platform administrator: manages organisations, users and the installation. */
  readonly isAdmin: boolean;
  readonly locale: Locale;
  readonly disabled: boolean;
  readonly lockedUntil: string | null;
  readonly createdAt: string;
  readonly memberships: readonly Membership[];
}

export const UserSchema: z.ZodType<User> = z.object({
  id: UserIdSchema,
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  locale: LocaleSchema,
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  memberships: z.array(MembershipSchema).readonly(),
});

/** Minimum password length (NIST SP 800-63B asks for at least 8; we ask for 12). */
export const MIN_PASSWORD_LENGTH = 12;

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('a valid e-mail address'));

export const PasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024, 'at most 1024 characters');

/** What an administrator sends to create a user. */
export interface NewUser {
  readonly email: string;
  readonly name: string;
  readonly password: string;
  readonly isAdmin?: boolean | undefined;
  readonly locale?: Locale | undefined;
  readonly memberships?: readonly { organisationId: OrganisationId; role: Role }[] | undefined;
}

export const NewUserSchema: z.ZodType<NewUser> = z.object({
  email: EmailSchema,
  name: z.string().trim().min(1, 'required').max(200),
  password: PasswordSchema,
  isAdmin: z.boolean().optional(),
  locale: LocaleSchema.optional(),
  memberships: z
    .array(z.object({ organisationId: OrganisationIdSchema, role: RoleSchema }))
    .optional(),
});
