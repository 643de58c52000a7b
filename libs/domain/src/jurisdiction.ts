import { z } from 'zod';
import type { JurisdictionId, OrganisationId } from './ids';
import { JurisdictionIdSchema, OrganisationIdSchema } from './ids';

/** Levels of the jurisdiction tree, from the top down. A child sits strictly below its parent. */
export const JURISDICTION_LEVELS = ['international', 'national', 'regional', 'local'] as const;
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];
export const JurisdictionLevelSchema = z.enum(JURISDICTION_LEVELS);

/** Depth of a level: international 0 … local 3. */
export function jurisdictionLevelDepth(level: JurisdictionLevel): number {
  return JURISDICTION_LEVELS.indexOf(level);
}

/** Someone to call along the line of authority. */
export interface Contact {
  readonly name: string;
  readonly role: string;
  readonly email: string | null;
  readonly phone: string | null;
}

export const ContactSchema: z.ZodType<Contact> = z.object({
  name: z.string().trim().min(1, 'required').max(200),
  role: z.string().trim().max(200),
  email: z.email('a valid e-mail address').nullable(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ().-]{4,30}$/, 'a phone number such as +33 1 23 45 67 89')
    .nullable(),
});

/**
 * ISO 3166 code: a country (alpha-2, `FR`) at national level, a subdivision (`FR-IDF`)
 * below it. International bodies have none.
 */
export const Iso3166CodeSchema = z
  .string()
  .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'an ISO 3166 code such as FR or FR-IDF');

/** A node of the jurisdiction tree and its line of authority. */
export interface Jurisdiction {
  readonly id: JurisdictionId;
  readonly parentId: JurisdictionId | null;
  readonly level: JurisdictionLevel;
  readonly name: string;
  readonly code: string | null;
  /** The organisation responsible for election security here: escalation goes to it. */
  readonly responsibleOrganisationId: OrganisationId | null;
  readonly contacts: readonly Contact[];
  readonly createdAt: string;
}

export const JurisdictionSchema: z.ZodType<Jurisdiction> = z.object({
  id: JurisdictionIdSchema,
  parentId: JurisdictionIdSchema.nullable(),
  level: JurisdictionLevelSchema,
  name: z.string(),
  code: z.string().nullable(),
  responsibleOrganisationId: OrganisationIdSchema.nullable(),
  contacts: z.array(ContactSchema).readonly(),
  createdAt: z.string(),
});

/** What a client sends to create a jurisdiction. */
export interface NewJurisdiction {
  readonly parentId?: JurisdictionId | null | undefined;
  readonly level: JurisdictionLevel;
  readonly name: string;
  readonly code?: string | null | undefined;
  readonly responsibleOrganisationId?: OrganisationId | null | undefined;
  readonly contacts?: readonly Contact[] | undefined;
}

export const NewJurisdictionSchema: z.ZodType<NewJurisdiction> = z.object({
  parentId: JurisdictionIdSchema.nullable().optional(),
  level: JurisdictionLevelSchema,
  name: z.string().trim().min(1, 'required').max(200),
  code: Iso3166CodeSchema.nullable().optional(),
  responsibleOrganisationId: OrganisationIdSchema.nullable().optional(),
  contacts: z.array(ContactSchema).max(50).optional(),
});
