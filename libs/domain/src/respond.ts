/**
 * The vocabulary of the respond capability, shared by intake, triage, cases, playbooks and
 * escalation: incident types, severity (impact × urgency), and the life cycles of reports
 * and cases.
 */
import { throwIllegalValue } from '@vigil/basics';
import { z } from 'zod';
import type { OrganisationType } from './organisation';
import { EmailSchema } from './user';

/**
 * What kind of interference an incident is. Each has a lead agency per jurisdiction (cyber →
 * the national CERT, disinformation → the election body's communications team, physical →
 * police) and its own playbooks.
 */
export const INCIDENT_TYPES = [
  'cyber-attack',
  'hack-and-leak',
  'disinformation',
  'voter-intimidation',
  'covert-funding',
  'physical-incident',
  'insider-threat',
  'other',
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];
export const IncidentTypeSchema = z.enum(INCIDENT_TYPES);

/** How much harm an incident does or could do (ITIL-style impact). */
export const IMPACT_LEVELS = ['low', 'medium', 'high'] as const;
export type Impact = (typeof IMPACT_LEVELS)[number];
export const ImpactSchema = z.enum(IMPACT_LEVELS);

/** How soon harm follows if nothing is done. */
export const URGENCY_LEVELS = ['low', 'medium', 'high'] as const;
export type Urgency = (typeof URGENCY_LEVELS)[number];
export const UrgencySchema = z.enum(URGENCY_LEVELS);

/** Severity of a report or case, from least to most severe. */
export const SEVERITIES = ['low', 'moderate', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SeveritySchema = z.enum(SEVERITIES);

/** Rank of a severity: a higher rank is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/**
 * Severity = impact × urgency, the priority matrix of ITIL incident management:
 *
 * | impact \ urgency | low      | medium   | high     |
 * | low              | low      | low      | moderate |
 * | medium           | low      | moderate | high     |
 * | high             | moderate | high     | critical |
 */
export function severityOf(impact: Impact, urgency: Urgency): Severity {
  const score = IMPACT_LEVELS.indexOf(impact) + URGENCY_LEVELS.indexOf(urgency);
  return (['low', 'low', 'moderate', 'high', 'critical'] as const)[score] ?? 'critical';
}

/** Where a report stands; the public sees its status and, once set, its public outcome. */
export const REPORT_STATUSES = ['new', 'in-review', 'duplicate', 'linked-to-case', 'archived', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const ReportStatusSchema = z.enum(REPORT_STATUSES);

/** How a report came in. */
export const REPORT_SOURCES = ['public', 'monitor', 'import'] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];
export const ReportSourceSchema = z.enum(REPORT_SOURCES);

/** How far a report or case has been verified (with evidence and a confidence 0–100). */
export const VERIFICATION_STATUSES = ['unverified', 'in-progress', 'confirmed', 'false', 'inconclusive'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];
export const VerificationStatusSchema = z.enum(VERIFICATION_STATUSES);

/** The life cycle of a case. */
export const CASE_STATUSES = ['open', 'investigating', 'mitigating', 'monitoring', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CaseStatusSchema = z.enum(CASE_STATUSES);

/** The moves of the case workflow; `closed` cases may be re-opened. */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  open: ['investigating', 'mitigating', 'resolved', 'closed'],
  investigating: ['mitigating', 'monitoring', 'resolved', 'closed'],
  mitigating: ['investigating', 'monitoring', 'resolved', 'closed'],
  monitoring: ['investigating', 'mitigating', 'resolved', 'closed'],
  resolved: ['investigating', 'closed'],
  closed: ['open'],
};

/** Whether a case may move from `from` to `to`. */
export function canMoveCase(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

// ---- intake (R1): reporter trust levels and tracking codes ----------------------------------

/**
 * How far intake trusts a reporter: 0 the anonymous public, 1 a registered organisation
 * outside the election bodies (party, vendor, platform, media), 2 an election body or
 * government agency, 3 an accredited observer (civil-society or international-partner
 * monitors, whose reports come through the monitor API or bulk import).
 */
export const REPORT_TRUST_LEVELS = [0, 1, 2, 3] as const;
export type ReportTrustLevel = (typeof REPORT_TRUST_LEVELS)[number];

/** The trust level of a report filed on behalf of an organisation of `type`. */
export function trustLevelOfOrganisation(type: OrganisationType): ReportTrustLevel {
  switch (type) {
    case 'civil-society':
    case 'international-partner':
      return 3;
    case 'election-authority':
    case 'government-agency':
      return 2;
    case 'party-campaign':
    case 'vendor':
    case 'platform':
    case 'media':
      return 1;
    default:
      return throwIllegalValue(type, 'organisation type');
  }
}

/** Crockford's base32 alphabet (no I, L, O, U): tracking codes are read aloud and typed by hand. */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A tracking code as shown: 12 Crockford base32 characters (60 bits) in groups of four. */
export const TRACKING_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/**
 * Formats 60 random bits (the low 60 bits of eight bytes, high byte first) as a tracking code.
 * Randomness comes in: the caller draws the bytes from a cryptographic source.
 */
export function formatTrackingCode(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new RangeError('a tracking code needs 8 random bytes');
  let value = 0n;
  for (let index = 0; index < 8; index += 1) value = (value << 8n) | BigInt(bytes[index] ?? 0);
  let text = '';
  for (let index = 0; index < 12; index += 1) {
    text = (CROCKFORD_ALPHABET[Number(value & 31n)] ?? '0') + text;
    value >>= 5n;
  }
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8, 12)}`;
}

/**
 * Reads a tracking code as a person typed it: case, spaces and dashes do not matter, and the
 * letters Crockford maps (I and L to 1, O to 0) are accepted. Returns the shown form, or null.
 */
export function normaliseTrackingCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(compact)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8, 12)}`;
}

// ---- intake (R1): what a reporter sends -------------------------------------------------------

/** Longest report description, in characters. */
export const MAX_REPORT_DESCRIPTION = 10_000;

/** Contact details a reporter may leave (all optional); only triage users see them. */
export interface ReportContact {
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .nullish()
    .transform((value) => (value ? value : null));

export const ReportContactSchema: z.ZodType<ReportContact, unknown> = z.object({
  name: optionalText(200),
  email: z
    .union([z.literal(''), EmailSchema])
    .nullish()
    .transform((value) => (value ? value : null)),
  phone: optionalText(50).refine((value) => value === null || /^[+0-9 ().-]{3,50}$/.test(value), 'digits, spaces and + ( ) . - only'),
});

/** A link a reporter gives: an http(s) URL. */
export const ReportLinkSchema = z
  .string()
  .trim()
  .max(2000, 'at most 2000 characters')
  .refine((value) => /^https?:\/\/[^\s]+$/i.test(value) && URL.canParse(value), 'an http:// or https:// address');

/** A language tag such as en, fr or pt-BR. */
export const ReportLanguageSchema = z.string().trim().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'a language tag such as en, fr or pt-BR');

/** What anyone sends to file a report (the public form, the monitor API and each imported row). */
export interface NewReport {
  readonly category: IncidentType;
  readonly title: string;
  readonly description: string;
  readonly jurisdictionId: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly occurredAt: string | null;
  readonly links: readonly string[];
  readonly contact: ReportContact | null;
  readonly language: string;
}

export const NewReportSchema = z
  .object({
    category: IncidentTypeSchema,
    title: z.string().trim().min(3, 'at least 3 characters').max(200, 'at most 200 characters'),
    description: z.string().trim().min(10, 'at least 10 characters').max(MAX_REPORT_DESCRIPTION, `at most ${MAX_REPORT_DESCRIPTION} characters`),
    jurisdictionId: z.uuid('a jurisdiction id').nullish().transform((value) => value ?? null),
    latitude: z.number().min(-90, 'between -90 and 90').max(90, 'between -90 and 90').nullish().transform((value) => value ?? null),
    longitude: z.number().min(-180, 'between -180 and 180').max(180, 'between -180 and 180').nullish().transform((value) => value ?? null),
    occurredAt: z.iso.datetime({ offset: true, message: 'a date and time such as 2027-05-02T14:30:00Z' }).nullish().transform((value) => value ?? null),
    links: z.array(ReportLinkSchema).max(20, 'at most 20 links').default([]),
    contact: ReportContactSchema.nullish().transform((value) => (value && (value.name || value.email || value.phone) ? value : null)),
    language: ReportLanguageSchema.default('en'),
  })
  .superRefine((value, context) => {
    if ((value.latitude === null) !== (value.longitude === null)) {
      context.addIssue({ code: 'custom', path: [value.latitude === null ? 'latitude' : 'longitude'], message: 'give both latitude and longitude, or neither' });
    }
  });
