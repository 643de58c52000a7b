/**
 * Playbooks of the respond capability: versioned templates per incident type that say when
 * they apply (incident types, minimum severity), who decides (an organisation and a role),
 * what may be done without asking (pre-approved actions), which tasks to open with due times
 * relative to the moment the playbook is applied, and what to say (communication templates
 * in English and French). Pure: the time of application comes in as an argument.
 */
import { z } from 'zod';
import { ORGANISATION_TYPES } from '../organisation';
import type { IncidentType, Severity } from '../respond';
import { IncidentTypeSchema, SeveritySchema, severityRank } from '../respond';
import { RoleSchema } from '../user';
import type { Role } from '../user';
import type { OrganisationType } from '../organisation';

/** A text in both languages of the interface. */
export interface LocalisedText {
  readonly en: string;
  readonly fr: string;
}

export const LocalisedTextSchema: z.ZodType<LocalisedText> = z.object({
  en: z.string().trim().min(1, 'required').max(4000),
  fr: z.string().trim().min(1, 'required').max(4000),
});

/**
 * A due time relative to when a playbook or plan is applied: `+30m`, `+2h`, `+3d` (minutes,
 * hours, days), at most 90 days.
 */
export type RelativeDue = `+${number}${'m' | 'h' | 'd'}`;

const RELATIVE_DUE = /^\+([1-9]\d{0,5}|0)(m|h|d)$/;
const UNIT_MINUTES = { m: 1, h: 60, d: 1440 } as const;
const MAX_DUE_MINUTES = 90 * 1440;

/** Minutes after application that a relative due time means, or null when it is malformed. */
export function relativeDueMinutes(due: string): number | null {
  const match = RELATIVE_DUE.exec(due);
  if (!match) return null;
  const minutes = Number(match[1]) * UNIT_MINUTES[match[2] as keyof typeof UNIT_MINUTES];
  return minutes <= MAX_DUE_MINUTES ? minutes : null;
}

export const RelativeDueSchema = z
  .string()
  .refine((value) => relativeDueMinutes(value) !== null, 'a due time like +30m, +2h or +3d (at most 90 days)') as unknown as z.ZodType<RelativeDue>;

const KeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'lower-case letters, digits and hyphens (at most 80), starting with a letter or digit');

/** A task a playbook or plan opens on a case. */
export interface TaskTemplate {
  readonly key: string;
  readonly title: string;
  readonly description: string;
  /** When it is due, relative to the moment of application. */
  readonly due: RelativeDue;
}

export const TaskTemplateSchema: z.ZodType<TaskTemplate> = z.object({
  key: KeySchema,
  title: z.string().trim().min(1, 'required').max(300),
  description: z.string().trim().max(4000).default(''),
  due: RelativeDueSchema,
});

/** Who takes the decisions a playbook calls for: a role in the case's owner organisation or in an organisation of a type. */
export interface DecisionOwner {
  readonly organisation: 'case-owner' | OrganisationType;
  readonly role: Role;
  /** The office that decides, e.g. "Chief Electoral Officer". */
  readonly title: string;
}

export const DecisionOwnerSchema: z.ZodType<DecisionOwner> = z.object({
  organisation: z.enum(['case-owner', ...ORGANISATION_TYPES]),
  role: RoleSchema,
  title: z.string().trim().min(1, 'required').max(200),
});

/** Audiences of a communication template. */
export const COMMUNICATION_AUDIENCES = ['public', 'media', 'voters', 'election-staff', 'partners', 'platforms', 'campaigns'] as const;
export type CommunicationAudience = (typeof COMMUNICATION_AUDIENCES)[number];

/** A message ready to adapt and send, in English and French. */
export interface CommunicationTemplate {
  readonly key: string;
  readonly audience: CommunicationAudience;
  readonly subject: LocalisedText;
  readonly body: LocalisedText;
}

export const CommunicationTemplateSchema: z.ZodType<CommunicationTemplate> = z.object({
  key: KeySchema,
  audience: z.enum(COMMUNICATION_AUDIENCES),
  subject: LocalisedTextSchema,
  body: LocalisedTextSchema,
});

/** When a playbook applies to a case. */
export interface PlaybookTrigger {
  readonly incidentTypes: readonly IncidentType[];
  readonly minimumSeverity: Severity;
}

/** One version of a playbook. */
export interface PlaybookDefinition {
  /** Stable key of the playbook across its versions. */
  readonly key: string;
  readonly title: LocalisedText;
  readonly summary: LocalisedText;
  readonly trigger: PlaybookTrigger;
  readonly decisionOwner: DecisionOwner;
  /** Actions responders may take at once, without waiting for the decision owner. */
  readonly preApprovedActions: readonly string[];
  readonly tasks: readonly TaskTemplate[];
  readonly communications: readonly CommunicationTemplate[];
}

function uniqueKeys(items: readonly { key: string }[], context: z.RefinementCtx, path: string): void {
  const seen = new Map<string, number>();
  for (const [index, item] of items.entries()) {
    const first = seen.get(item.key);
    if (first !== undefined) context.addIssue({ code: 'custom', path: [path, index, 'key'], message: `key ${item.key} is used already by item ${first}` });
    else seen.set(item.key, index);
  }
}

export const PlaybookDefinitionSchema: z.ZodType<PlaybookDefinition> = z
  .object({
    key: KeySchema,
    title: LocalisedTextSchema,
    summary: LocalisedTextSchema,
    trigger: z.object({
      incidentTypes: z.array(IncidentTypeSchema).min(1, 'at least one incident type').max(20),
      minimumSeverity: SeveritySchema,
    }),
    decisionOwner: DecisionOwnerSchema,
    preApprovedActions: z.array(z.string().trim().min(1, 'required').max(500)).max(50),
    tasks: z.array(TaskTemplateSchema).min(1, 'at least one task').max(100),
    communications: z.array(CommunicationTemplateSchema).max(30),
  })
  .superRefine((definition, context) => {
    uniqueKeys(definition.tasks, context, 'tasks');
    uniqueKeys(definition.communications, context, 'communications');
    if (new Set(definition.trigger.incidentTypes).size !== definition.trigger.incidentTypes.length) {
      context.addIssue({ code: 'custom', path: ['trigger', 'incidentTypes'], message: 'an incident type is listed twice' });
    }
  });

/** Whether a playbook's trigger matches a case of `incidentType` at `severity`. */
export function playbookApplies(trigger: PlaybookTrigger, incidentType: IncidentType, severity: Severity): boolean {
  return trigger.incidentTypes.includes(incidentType) && severityRank(severity) >= severityRank(trigger.minimumSeverity);
}

/** A task template made concrete: its absolute due time. */
export interface ScheduledTask {
  readonly key: string;
  readonly title: string;
  readonly description: string;
  readonly dueAt: Date;
}

/** The tasks of `templates` with due times counted from `appliedAt`, in template order. */
export function scheduleTasks(templates: readonly TaskTemplate[], appliedAt: Date): ScheduledTask[] {
  return templates.map((template) => {
    const minutes = relativeDueMinutes(template.due);
    // The schema accepted the template; a malformed due time here is a bug.
    if (minutes === null) throw new Error(`malformed due time ${template.due} in task ${template.key}`);
    return { key: template.key, title: template.title, description: template.description, dueAt: new Date(appliedAt.getTime() + minutes * 60_000) };
  });
}

/** A file of playbooks (`vigil respond playbooks import|export`). */
export interface PlaybookFile {
  readonly format: 'vigil-playbooks';
  readonly version: 1;
  readonly playbooks: readonly PlaybookDefinition[];
}

export const PlaybookFileSchema: z.ZodType<PlaybookFile> = z
  .object({
    format: z.literal('vigil-playbooks'),
    version: z.literal(1),
    playbooks: z.array(PlaybookDefinitionSchema).max(1000),
  })
  .superRefine((file, context) => uniqueKeys(file.playbooks, context, 'playbooks'));
