/**
 * Tables of respond's cases, playbooks and contingency plans (migration 0005-respond-cases),
 * as Kysely sees them.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CaseStatus, Impact, IncidentType, Severity, Tlp, Urgency } from '@vigil/domain';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface RespondCaseCountersTable {
  year: number;
  last: number;
}

export interface RespondCasesTable {
  id: Generated<string>;
  /** e.g. CASE-2027-0001: year of opening and a per-year number. */
  reference: string;
  title: string;
  summary: string;
  incidentType: IncidentType;
  impact: Impact;
  urgency: Urgency;
  severity: Severity;
  status: CaseStatus;
  tlp: Tlp;
  jurisdictionId: string;
  ownerOrganisationId: string;
  electionId: string | null;
  decisionOwnerUserId: string | null;
  openedBy: string | null;
  openedAt: Timestamp;
  updatedAt: Timestamp;
  closedAt: Timestamp | null;
}

/** Collaborating organisations of a case (the owner is on the case itself). */
export interface RespondCaseOrganisationsTable {
  caseId: string;
  organisationId: string;
  addedAt: Timestamp;
}

export type CaseTaskStatus = 'open' | 'done';

export interface RespondCaseTasksTable {
  id: Generated<string>;
  caseId: string;
  title: string;
  description: string;
  ownerOrganisationId: string | null;
  ownerUserId: string | null;
  dueAt: Timestamp | null;
  status: CaseTaskStatus;
  doneAt: Timestamp | null;
  doneBy: string | null;
  /** Where the task came from: `playbook:<key>@<version>`, `plan:<id>`, or null (by hand). */
  source: string | null;
  position: number;
  createdAt: Timestamp;
}

export interface RespondCaseTimelineTable {
  seq: ColumnType<string | number, never, never>;
  id: Generated<string>;
  caseId: string;
  kind: string;
  body: string;
  tlp: Tlp;
  recipientOrganisationIds: JSONColumnType<string[]>;
  data: JSONColumnType<Record<string, unknown>> | null;
  authorUserId: string | null;
  authorOrganisationId: string | null;
  authorLabel: string;
  at: Timestamp;
}

export interface RespondCaseObservablesTable {
  id: Generated<string>;
  caseId: string;
  type: string;
  value: string;
  note: string;
  addedBy: string | null;
  addedAt: Timestamp;
}

export interface RespondCaseLinksTable {
  id: Generated<string>;
  caseId: string;
  kind: string;
  ref: string;
  label: string;
  addedBy: string | null;
  addedAt: Timestamp;
}

export interface RespondLeadAgenciesTable {
  id: Generated<string>;
  /** Null: the rule applies in every jurisdiction without a nearer rule. */
  jurisdictionId: string | null;
  incidentType: IncidentType;
  organisationId: string;
  createdAt: Timestamp;
}

export interface RespondPlaybooksTable {
  id: Generated<string>;
  key: string;
  currentVersion: number;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface RespondPlaybookVersionsTable {
  id: Generated<string>;
  playbookId: string;
  version: number;
  /** A PlaybookDefinition (libs/domain), parsed on every read. */
  definition: JSONColumnType<Record<string, unknown>>;
  note: string;
  createdBy: string | null;
  createdByLabel: string;
  createdAt: Timestamp;
}

export interface RespondContingencyPlansTable {
  id: Generated<string>;
  electionId: string;
  title: string;
  scenario: string;
  incidentType: IncidentType;
  impact: Impact;
  urgency: Urgency;
  jurisdictionId: string;
  decisionOwnerOrganisationId: string;
  triggers: JSONColumnType<string[]>;
  actions: JSONColumnType<string[]>;
  /** Task templates (libs/domain TaskTemplate[]), parsed on every read. */
  tasks: JSONColumnType<unknown[]>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** TLP 2.0 marking of the plan (migration 0008; AMBER unless set). */
  tlp: ColumnType<Tlp, Tlp | undefined, Tlp>;
  /** Organisations the plan is shared with besides the decision owner: its TLP community. */
  sharedWithOrganisationIds: JSONColumnType<string[], string | undefined, string>;
}

export interface RespondPlanActivationsTable {
  id: Generated<string>;
  planId: string;
  caseId: string;
  activatedBy: string | null;
  activatedByLabel: string;
  activatedAt: Timestamp;
  statement: string;
  deactivatedBy: string | null;
  deactivatedByLabel: string | null;
  deactivatedAt: Timestamp | null;
  deactivationStatement: string | null;
}

/** Respond cases' tables, merged into `Database`. */
export interface RespondCasesTables {
  respondCaseCounters: RespondCaseCountersTable;
  respondCases: RespondCasesTable;
  respondCaseOrganisations: RespondCaseOrganisationsTable;
  respondCaseTasks: RespondCaseTasksTable;
  respondCaseTimeline: RespondCaseTimelineTable;
  respondCaseObservables: RespondCaseObservablesTable;
  respondCaseLinks: RespondCaseLinksTable;
  respondLeadAgencies: RespondLeadAgenciesTable;
  respondPlaybooks: RespondPlaybooksTable;
  respondPlaybookVersions: RespondPlaybookVersionsTable;
  respondContingencyPlans: RespondContingencyPlansTable;
  respondPlanActivations: RespondPlanActivationsTable;
}
