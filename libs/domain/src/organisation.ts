import { z } from 'zod';
import type { OrganisationId } from './ids';
import { OrganisationIdSchema } from './ids';

/** The kinds of organisation that take part in safeguarding an election. */
export const ORGANISATION_TYPES = [
  'election-authority',
  'government-agency',
  'party-campaign',
  'vendor',
  'civil-society',
  'platform',
  'media',
  'international-partner',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];
export const OrganisationTypeSchema = z.enum(ORGANISATION_TYPES);

/** An organisation: users act for it, it owns records, and TLP decides what it may see. */
export interface Organisation {
  readonly id: OrganisationId;
  readonly name: string;
  readonly type: OrganisationType;
  /** ISO 3166-1 alpha-2 country code, when the organisation belongs to one country. */
  readonly country: string | null;
  readonly createdAt: string;
}

export const CountryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as FR');

export const OrganisationSchema: z.ZodType<Organisation> = z.object({
  id: OrganisationIdSchema,
  name: z.string(),
  type: OrganisationTypeSchema,
  country: CountryCodeSchema.nullable(),
  createdAt: z.string(),
});

/** What a client sends to create an organisation. */
export interface NewOrganisation {
  readonly name: string;
  readonly type: OrganisationType;
  readonly country?: string | null | undefined;
}

export const NewOrganisationSchema: z.ZodType<NewOrganisation> = z.object({
  name: z.string().trim().min(1, 'required').max(200),
  type: OrganisationTypeSchema,
  country: CountryCodeSchema.nullable().optional(),
});
