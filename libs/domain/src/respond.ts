/**
 * The vocabulary of the respond capability, shared by intake, triage, cases, playbooks and
 * escalation: incident types, severity (impact × urgency), and the life cycles of reports
 * and cases.
 */
import { z } from 'zod';

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
