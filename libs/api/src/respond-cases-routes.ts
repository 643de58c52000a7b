/**
 * HTTP contract of respond's cases, lead agencies, playbooks and contingency plans
 * (`/api/v1/cases…`, `/api/v1/lead-agencies…`, `/api/v1/playbooks…`, `/api/v1/contingency-plans…`).
 * Which cases and notes a caller sees is decided per record by the policy module
 * (`canSeeCase`, `canSeeCaseNote`); changing a case needs `canWorkOnCase`, signing off a plan
 * `canSignOffPlan`.
 */
import {
  CASE_STATUSES,
  CaseLinkKindSchema,
  CaseStatusSchema,
  ElectionIdSchema,
  ImpactSchema,
  IncidentTypeSchema,
  JurisdictionIdSchema,
  LocalisedTextSchema,
  ObservableTypeSchema,
  OrganisationIdSchema,
  PlaybookDefinitionSchema,
  SeveritySchema,
  TaskTemplateSchema,
  TlpSchema,
  UrgencySchema,
  UserIdSchema,
} from '@vigil/domain';
import { z } from 'zod';
import { defineRoute } from './contract';
import { PageQuerySchema, pageSchema } from './page';

const TAG = 'respond-cases';
const uuid = z.uuid();
/** A case by id or by reference (CASE-2027-0001). */
const CaseParams = z.object({ id: z.string().trim().min(1).max(100) });
const text = (max: number) => z.string().trim().min(1, 'required').max(max);

// ---- shapes ---------------------------------------------------------------------------------

export const CaseSchema = z.object({
  id: uuid,
  reference: z.string(),
  title: z.string(),
  summary: z.string(),
  incidentType: IncidentTypeSchema,
  impact: ImpactSchema,
  urgency: UrgencySchema,
  severity: SeveritySchema,
  status: CaseStatusSchema,
  tlp: TlpSchema,
  jurisdictionId: uuid,
  jurisdictionName: z.string(),
  ownerOrganisationId: uuid,
  ownerOrganisationName: z.string(),
  collaboratorOrganisationIds: z.array(uuid).readonly(),
  electionId: uuid.nullable(),
  decisionOwnerUserId: uuid.nullable(),
  openedBy: uuid.nullable(),
  openedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type CaseView = z.infer<typeof CaseSchema>;

export const CaseTaskSchema = z.object({
  id: uuid,
  title: z.string(),
  description: z.string(),
  ownerOrganisationId: uuid.nullable(),
  ownerUserId: uuid.nullable(),
  dueAt: z.string().nullable(),
  status: z.enum(['open', 'done']),
  doneAt: z.string().nullable(),
  doneBy: uuid.nullable(),
  source: z.string().nullable(),
  createdAt: z.string(),
});
export type CaseTaskView = z.infer<typeof CaseTaskSchema>;

export const CaseTimelineEntrySchema = z.object({
  id: uuid,
  kind: z.string(),
  body: z.string(),
  tlp: TlpSchema,
  recipientOrganisationIds: z.array(uuid).readonly(),
  data: z.record(z.string(), z.unknown()).nullable(),
  authorUserId: uuid.nullable(),
  authorOrganisationId: uuid.nullable(),
  authorLabel: z.string(),
  at: z.string(),
});
export type CaseTimelineEntryView = z.infer<typeof CaseTimelineEntrySchema>;

export const CaseObservableSchema = z.object({ id: uuid, type: ObservableTypeSchema, value: z.string(), note: z.string(), addedAt: z.string() });
export const CaseLinkSchema = z.object({ id: uuid, kind: CaseLinkKindSchema, ref: z.string(), label: z.string(), addedAt: z.string() });

export const CaseDetailSchema = z.object({
  case: CaseSchema,
  organisations: z.array(z.object({ id: uuid, name: z.string(), role: z.enum(['owner', 'collaborator']) })).readonly(),
  tasks: z.array(CaseTaskSchema).readonly(),
  /** Only the entries the caller may see (TLP of each note). */
  timeline: z.array(CaseTimelineEntrySchema).readonly(),
  observables: z.array(CaseObservableSchema).readonly(),
  links: z.array(CaseLinkSchema).readonly(),
  /** Whether the caller may change the case (an analyst of one of its organisations). */
  canWork: z.boolean(),
});
export type CaseDetailView = z.infer<typeof CaseDetailSchema>;

const NewLinkSchema = z.object({ kind: CaseLinkKindSchema, ref: text(500), label: z.string().trim().max(300).optional() });
const NewObservableSchema = z.object({ type: ObservableTypeSchema, value: text(2048), note: z.string().trim().max(1000).optional() });

export const NewCaseSchema = z.object({
  title: text(300),
  summary: z.string().trim().max(20_000).optional(),
  incidentType: IncidentTypeSchema,
  impact: ImpactSchema,
  urgency: UrgencySchema,
  tlp: TlpSchema,
  jurisdictionId: JurisdictionIdSchema,
  /** Overrides the lead agency the rules choose. */
  ownerOrganisationId: OrganisationIdSchema.optional(),
  collaboratorOrganisationIds: z.array(OrganisationIdSchema).max(50).optional(),
  electionId: ElectionIdSchema.nullable().optional(),
  decisionOwnerUserId: UserIdSchema.nullable().optional(),
  /** Reports to open the case from. */
  reportIds: z.array(uuid).max(500).optional(),
  links: z.array(NewLinkSchema).max(200).optional(),
  observables: z.array(NewObservableSchema).max(500).optional(),
});

// ---- cases ----------------------------------------------------------------------------------

export const listCases = defineRoute({
  method: 'get',
  path: '/api/v1/cases',
  summary: 'Cases you may see, newest first, with filters (a jurisdiction includes those under it)',
  tag: TAG,
  permission: 'case.read',
  query: PageQuerySchema.extend({
    status: CaseStatusSchema.optional(),
    severity: SeveritySchema.optional(),
    incidentType: IncidentTypeSchema.optional(),
    jurisdictionId: JurisdictionIdSchema.optional(),
    ownerOrganisationId: OrganisationIdSchema.optional(),
  }),
  status: 200,
  response: pageSchema(CaseSchema),
});

export const createCase = defineRoute({
  method: 'post',
  path: '/api/v1/cases',
  summary: 'Open a case, directly or from reports; the owner is the lead agency unless chosen',
  tag: TAG,
  permission: 'case.write',
  body: NewCaseSchema,
  status: 201,
  response: CaseSchema.extend({ ownerSource: z.enum(['chosen', 'lead-agency', 'responsible-organisation']) }),
});

export const getCase = defineRoute({
  method: 'get',
  path: '/api/v1/cases/{id}',
  summary: 'One case (by id or reference) with tasks, the notes you may see, observables and links',
  tag: TAG,
  permission: 'case.read',
  params: CaseParams,
  status: 200,
  response: CaseDetailSchema,
});

export const updateCase = defineRoute({
  method: 'patch',
  path: '/api/v1/cases/{id}',
  summary: "Change a case's title, summary, classification, TLP, owner, election or decision owner",
  tag: TAG,
  permission: 'case.write',
  params: CaseParams,
  body: z.object({
    title: text(300).optional(),
    summary: z.string().trim().max(20_000).optional(),
    incidentType: IncidentTypeSchema.optional(),
    impact: ImpactSchema.optional(),
    urgency: UrgencySchema.optional(),
    tlp: TlpSchema.optional(),
    ownerOrganisationId: OrganisationIdSchema.optional(),
    electionId: ElectionIdSchema.nullable().optional(),
    decisionOwnerUserId: UserIdSchema.nullable().optional(),
  }),
  status: 200,
  response: CaseSchema,
});

export const moveCase = defineRoute({
  method: 'post',
  path: '/api/v1/cases/{id}/status',
  summary: `Move a case along its workflow (${CASE_STATUSES.join(', ')}); forbidden moves are refused`,
  tag: TAG,
  permission: 'case.write',
  params: CaseParams,
  body: z.object({ status: CaseStatusSchema, note: z.string().trim().max(2000).optional() }),
  status: 200,
  response: CaseSchema,
});

export const addCaseOrganisation = defineRoute({
  method: 'post',
  path: '/api/v1/cases/{id}/organisations',
  summary: 'Add a collaborating organisation to a case',
  tag: TAG,
  permission: 'case.write',
  params: CaseParams,
  body: z.object({ organisationId: OrganisationIdSchema }),
  status: 200,
  response: CaseSchema,
});

export const removeCaseOrganisation = defineRoute({
  method: 'delete',
  path: '/api/v1/cases/{id}/organisations/{organisationId}',
  summary: 'Remove a collaborating organisation from a case',
  tag: TAG,
  permission: 'case.write',
  params: CaseParams.extend({ organisationId: OrganisationIdSchema }),
  status: 200,
  response: CaseSchema,
});

export const addCaseTask = defineRoute({
  method: 'post',
  path: '/api/v1/cases/{id}/tasks',
  summary: 'Add a task with an owner (organisation of the case, optional user) and a due time',
  tag: TAG,
  permission: 'case.write',
  params: CaseParams,
  body: z.object({
    title: text(300),
    description: z.string().trim().max(4000).optional(),
    ownerOrganisationId: OrganisationIdSchema.nullable().optional(),
    ownerUserId: UserIdSchema.nullable().optional(),
    dueAt: z.iso.datetime({ offset: true }).nullable().optional(),
  }),
  status: 201,
  response: CaseTaskSchema,
});

export const updateCaseTask = defineRoute({
  method: 'patch',
  path: '/api/v1/cases/{id}/tasks/{taskId}',
  summary: 'Mark a task done or not done, or change its title, owner or due time',
  tag: TAG,
  permission: 'case.write',
  params: CaseParams.extend({ taskId: uuid }),
  body: z.object({
    done: z.boolean().optional(),
    title: text(300).optional(),
    ownerOrganisationId: OrganisationIdSchema.nullable().optional(),
    ownerUserId: UserIdSchema.nullable().optional(),
    dueAt: z.iso.datetime({ offset: true }).nullable().optional(),
  }),
  status: 200,
  response: CaseTaskSchema,
});

export const addCaseNote = defineRoute({
  method: 'post',
  path: '/api/v1/cases/{id}/notes',
  summary: 'Comment on a case with its own TLP (AMBER and RED: named recipient organisations of the case)',
  tag: TAG,
  permission: 'case.write',
  params: CaseParams,
  body: z.object({
    body: text(20_000),
    tlp: TlpSchema,
    recipientOrganisationIds: z.array(OrganisationIdSchema).max(50).optional(),
    /** The organisation you write for, when you belong to several of the case's organisations. */
    authorOrganisationId: OrganisationIdSchema.optional(),
  }),
  status: 201,
  response: CaseTimelineEntrySchema,
});

export const addCaseObservable = defineRoute({
  method: 'post',
  path: '/api/v1/cases/{id}/observables',
  summary: 'Add an observable (URL, domain, IPv4/IPv6, MD5/SHA-1/SHA-256, e-mail, social account), validated by type',
  tag: TAG,
  permission: 'case.write',
  params: CaseParams,
  body: NewObservableSchema,
  status: 201,
  response: CaseObservableSchema,
});

export const removeCaseObservable = defineRoute({
  method: 'delete',
  path: '/api/v1/cases/{id}/observables/{observableId}',
  summary: 'Remove an observable from a case',
  tag: TAG,
  permission: 'case.write',
  params: CaseParams.extend({ observableId: uuid }),
  status: 204,
  response: null,
});

export const addCaseLink = defineRoute({
  method: 'post',
  path: '/api/v1/cases/{id}/links',
  summary: 'Link a case to a report, detection, STIX object, asset, ad, claim or other case',
  tag: TAG,
  permission: 'case.write',
  params: CaseParams,
  body: NewLinkSchema,
  status: 201,
  response: CaseLinkSchema,
});

export const removeCaseLink = defineRoute({
  method: 'delete',
  path: '/api/v1/cases/{id}/links/{linkId}',
  summary: 'Remove a link from a case (an unlinked report goes back to triage)',
  tag: TAG,
  permission: 'case.write',
  params: CaseParams.extend({ linkId: uuid }),
  status: 204,
  response: null,
});

export const applyPlaybook = defineRoute({
  method: 'post',
  path: '/api/v1/cases/{id}/playbooks',
  summary: "Apply a playbook version (the current one by default): its tasks are created with due times from now",
  tag: TAG,
  permission: 'case.write',
  params: CaseParams,
  body: z.object({ playbookId: z.string().trim().min(1).max(100), version: z.number().int().positive().optional() }),
  status: 201,
  response: z.object({ playbookKey: z.string(), version: z.number().int(), tasks: z.array(CaseTaskSchema).readonly() }),
});

// ---- lead agencies --------------------------------------------------------------------------

export const LeadAgencyRuleSchema = z.object({
  id: uuid,
  jurisdictionId: uuid.nullable(),
  jurisdictionName: z.string().nullable(),
  incidentType: IncidentTypeSchema,
  organisationId: uuid,
  organisationName: z.string(),
});

export const listLeadAgencies = defineRoute({
  method: 'get',
  path: '/api/v1/lead-agencies',
  summary: 'Lead-agency rules: who leads each incident type, per jurisdiction or everywhere',
  tag: TAG,
  permission: 'case.read',
  status: 200,
  response: z.object({ items: z.array(LeadAgencyRuleSchema).readonly() }),
});

export const setLeadAgency = defineRoute({
  method: 'put',
  path: '/api/v1/lead-agencies',
  summary: 'Set who leads an incident type in a jurisdiction (null: everywhere), replacing the rule there',
  tag: TAG,
  permission: 'playbook.manage',
  body: z.object({ jurisdictionId: JurisdictionIdSchema.nullable(), incidentType: IncidentTypeSchema, organisationId: OrganisationIdSchema }),
  status: 200,
  response: LeadAgencyRuleSchema,
});

export const deleteLeadAgency = defineRoute({
  method: 'delete',
  path: '/api/v1/lead-agencies/{id}',
  summary: 'Remove a lead-agency rule',
  tag: TAG,
  permission: 'playbook.manage',
  params: z.object({ id: uuid }),
  status: 204,
  response: null,
});

export const LeadAgencyChoiceSchema = z.object({
  organisationId: uuid,
  organisationName: z.string(),
  source: z.enum(['lead-agency', 'responsible-organisation']),
  decidedAtJurisdictionId: uuid.nullable(),
});

export const resolveLeadAgency = defineRoute({
  method: 'get',
  path: '/api/v1/lead-agencies/resolve',
  summary: 'Who would own a case of this type here: the nearest rule up the line of authority, else the responsible organisation',
  tag: TAG,
  permission: 'case.read',
  query: z.object({ jurisdictionId: JurisdictionIdSchema, incidentType: IncidentTypeSchema }),
  status: 200,
  response: z.object({ choice: LeadAgencyChoiceSchema.nullable() }),
});

// ---- playbooks ------------------------------------------------------------------------------

export const PlaybookSummarySchema = z.object({
  id: uuid,
  key: z.string(),
  currentVersion: z.number().int(),
  title: LocalisedTextSchema,
  summary: LocalisedTextSchema,
  trigger: z.object({ incidentTypes: z.array(IncidentTypeSchema).readonly(), minimumSeverity: SeveritySchema }),
  taskCount: z.number().int(),
  updatedAt: z.string(),
  /** With `incidentType` and `severity` in the query: whether the trigger matches. */
  applies: z.boolean().nullable(),
});
export type PlaybookSummaryView = z.infer<typeof PlaybookSummarySchema>;

const VersionInfoSchema = z.object({ version: z.number().int(), note: z.string(), createdByLabel: z.string(), createdAt: z.string() });

export const PlaybookDetailSchema = z.object({
  id: uuid,
  key: z.string(),
  currentVersion: z.number().int(),
  definition: PlaybookDefinitionSchema,
  versions: z.array(VersionInfoSchema).readonly(),
});
export type PlaybookDetailView = z.infer<typeof PlaybookDetailSchema>;

export const listPlaybooks = defineRoute({
  method: 'get',
  path: '/api/v1/playbooks',
  summary: 'Playbooks (current versions); with incidentType and severity, which apply',
  tag: TAG,
  permission: 'case.read',
  query: z.object({ incidentType: IncidentTypeSchema.optional(), severity: SeveritySchema.optional() }),
  status: 200,
  response: z.object({ items: z.array(PlaybookSummarySchema).readonly() }),
});

export const createPlaybook = defineRoute({
  method: 'post',
  path: '/api/v1/playbooks',
  summary: 'Create a playbook (version 1)',
  tag: TAG,
  permission: 'playbook.manage',
  body: PlaybookDefinitionSchema,
  status: 201,
  response: PlaybookDetailSchema,
});

export const getPlaybook = defineRoute({
  method: 'get',
  path: '/api/v1/playbooks/{id}',
  summary: 'A playbook (by id or key): its current definition and its versions',
  tag: TAG,
  permission: 'case.read',
  params: z.object({ id: z.string().trim().min(1).max(100) }),
  status: 200,
  response: PlaybookDetailSchema,
});

export const getPlaybookVersion = defineRoute({
  method: 'get',
  path: '/api/v1/playbooks/{id}/versions/{version}',
  summary: 'One version of a playbook, old versions included',
  tag: TAG,
  permission: 'case.read',
  params: z.object({ id: z.string().trim().min(1).max(100), version: z.coerce.number().int().positive() }),
  status: 200,
  response: z.object({ playbookId: uuid, version: z.number().int(), definition: PlaybookDefinitionSchema, note: z.string(), createdByLabel: z.string(), createdAt: z.string() }),
});

export const revisePlaybook = defineRoute({
  method: 'put',
  path: '/api/v1/playbooks/{id}',
  summary: 'Save an edited playbook as its next version (old versions stay readable)',
  tag: TAG,
  permission: 'playbook.manage',
  params: z.object({ id: z.string().trim().min(1).max(100) }),
  body: z.object({ definition: PlaybookDefinitionSchema, note: z.string().trim().max(1000).optional() }),
  status: 200,
  response: PlaybookDetailSchema.extend({ changed: z.boolean() }),
});

// ---- contingency plans ------------------------------------------------------------------------

export const PlanActivationSchema = z.object({
  id: uuid,
  caseId: uuid,
  caseReference: z.string(),
  activatedBy: uuid.nullable(),
  activatedByLabel: z.string(),
  activatedAt: z.string(),
  statement: z.string(),
  deactivatedBy: uuid.nullable(),
  deactivatedByLabel: z.string().nullable(),
  deactivatedAt: z.string().nullable(),
  deactivationStatement: z.string().nullable(),
});

export const ContingencyPlanSchema = z.object({
  id: uuid,
  electionId: uuid,
  title: z.string(),
  scenario: z.string(),
  incidentType: IncidentTypeSchema,
  impact: ImpactSchema,
  urgency: UrgencySchema,
  jurisdictionId: uuid,
  decisionOwnerOrganisationId: uuid,
  decisionOwnerOrganisationName: z.string(),
  triggers: z.array(z.string()).readonly(),
  actions: z.array(z.string()).readonly(),
  tasks: z.array(TaskTemplateSchema).readonly(),
  tlp: TlpSchema,
  sharedWithOrganisationIds: z.array(uuid).readonly(),
  active: z.boolean(),
  activations: z.array(PlanActivationSchema).readonly(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ContingencyPlanView = z.infer<typeof ContingencyPlanSchema>;

export const listPlans = defineRoute({
  method: 'get',
  path: '/api/v1/contingency-plans',
  summary: 'Contingency plans, of one election or all',
  tag: TAG,
  permission: 'case.read',
  query: z.object({ electionId: ElectionIdSchema.optional() }),
  status: 200,
  response: z.object({ items: z.array(ContingencyPlanSchema).readonly() }),
});

export const createPlan = defineRoute({
  method: 'post',
  path: '/api/v1/contingency-plans',
  summary: "Attach a contingency plan to an election (tasks and actions may come from a playbook)",
  tag: TAG,
  permission: 'playbook.manage',
  body: z.object({
    electionId: ElectionIdSchema,
    title: text(300),
    scenario: text(20_000),
    incidentType: IncidentTypeSchema,
    impact: ImpactSchema,
    urgency: UrgencySchema,
    jurisdictionId: JurisdictionIdSchema.optional(),
    decisionOwnerOrganisationId: OrganisationIdSchema,
    triggers: z.array(text(500)).min(1, 'at least one trigger').max(50),
    actions: z.array(text(500)).max(50).optional(),
    tasks: z.array(TaskTemplateSchema).max(100).optional(),
    playbookId: z.string().trim().min(1).max(100).optional(),
    /** TLP 2.0 marking of the plan; AMBER unless given. */
    tlp: TlpSchema.optional(),
    /** Organisations the plan is shared with besides the decision owner (its TLP community). */
    sharedWithOrganisationIds: z.array(OrganisationIdSchema).max(200).optional(),
  }),
  status: 201,
  response: ContingencyPlanSchema,
});

export const setPlanMarking = defineRoute({
  method: 'put',
  path: '/api/v1/contingency-plans/{id}/marking',
  summary: "Change a plan's TLP marking and the organisations it is shared with",
  tag: TAG,
  permission: 'playbook.manage',
  params: z.object({ id: uuid }),
  body: z.object({ tlp: TlpSchema, sharedWithOrganisationIds: z.array(OrganisationIdSchema).max(200).default([]) }),
  status: 200,
  response: ContingencyPlanSchema,
});

export const getPlan = defineRoute({
  method: 'get',
  path: '/api/v1/contingency-plans/{id}',
  summary: 'One contingency plan with its activations and sign-offs',
  tag: TAG,
  permission: 'case.read',
  params: z.object({ id: uuid }),
  status: 200,
  response: ContingencyPlanSchema,
});

export const activatePlan = defineRoute({
  method: 'post',
  path: '/api/v1/contingency-plans/{id}/activation',
  summary: "Activate a plan with your sign-off (the decision owner's coordinators): opens or joins a case with the plan's tasks",
  tag: TAG,
  permission: 'case.write',
  params: z.object({ id: uuid }),
  body: z.object({ statement: z.string().trim().min(10, 'a sign-off statement of at least 10 characters').max(4000), caseId: z.string().trim().min(1).max(100).optional(), tlp: TlpSchema.optional() }),
  status: 201,
  response: z.object({ plan: ContingencyPlanSchema, activation: PlanActivationSchema }),
});

export const deactivatePlan = defineRoute({
  method: 'post',
  path: '/api/v1/contingency-plans/{id}/deactivation',
  summary: 'Deactivate an active plan with your sign-off',
  tag: TAG,
  permission: 'case.write',
  params: z.object({ id: uuid }),
  body: z.object({ statement: z.string().trim().min(10, 'a sign-off statement of at least 10 characters').max(4000) }),
  status: 200,
  response: z.object({ plan: ContingencyPlanSchema, activation: PlanActivationSchema }),
});
