import type { Kysely } from 'kysely';
import { runStatements } from './run-statements';

/**
 * Respond, cases and playbooks: cases (one owner organisation chosen by lead agency, the
 * collaborating organisations, a TLP marking), their tasks, timeline (comments and automatic
 * entries, each with its own TLP and named recipients), observables and links; lead-agency
 * rules (incident type × jurisdiction → organisation; a null jurisdiction applies
 * everywhere); versioned playbooks; contingency plans per election and their sign-off
 * activations. References are numbered per year from a counter row, so two cases opened at
 * once never take the same number.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table respond_case_counters (
      year integer primary key,
      last integer not null
    );

    create table respond_cases (
      id uuid primary key default gen_random_uuid(),
      reference text not null,
      title text not null,
      summary text not null default '',
      incident_type text not null,
      impact text not null,
      urgency text not null,
      severity text not null,
      status text not null default 'open',
      tlp text not null,
      jurisdiction_id uuid not null references jurisdictions (id),
      owner_organisation_id uuid not null references organisations (id),
      election_id uuid references elections (id),
      decision_owner_user_id uuid references users (id),
      opened_by uuid references users (id),
      opened_at timestamptz not null,
      updated_at timestamptz not null,
      closed_at timestamptz,
      constraint respond_cases_reference_key unique (reference)
    );
    create index respond_cases_opened on respond_cases (opened_at desc, id desc);
    create index respond_cases_status on respond_cases (status, opened_at desc);
    create index respond_cases_owner on respond_cases (owner_organisation_id);
    create index respond_cases_jurisdiction on respond_cases (jurisdiction_id);

    create table respond_case_organisations (
      case_id uuid not null references respond_cases (id) on delete cascade,
      organisation_id uuid not null references organisations (id),
      added_at timestamptz not null,
      primary key (case_id, organisation_id)
    );
    create index respond_case_organisations_organisation on respond_case_organisations (organisation_id);

    create table respond_case_tasks (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references respond_cases (id) on delete cascade,
      title text not null,
      description text not null default '',
      owner_organisation_id uuid references organisations (id),
      owner_user_id uuid references users (id),
      due_at timestamptz,
      status text not null default 'open',
      done_at timestamptz,
      done_by uuid references users (id),
      source text,
      position integer not null,
      created_at timestamptz not null
    );
    create index respond_case_tasks_case on respond_case_tasks (case_id, position);

    create table respond_case_timeline (
      seq bigint generated always as identity primary key,
      id uuid not null default gen_random_uuid(),
      case_id uuid not null references respond_cases (id) on delete cascade,
      kind text not null,
      body text not null,
      tlp text not null,
      recipient_organisation_ids jsonb not null default '[]',
      data jsonb,
      author_user_id uuid references users (id),
      author_organisation_id uuid references organisations (id),
      author_label text not null,
      at timestamptz not null,
      constraint respond_case_timeline_id_key unique (id)
    );
    create index respond_case_timeline_case on respond_case_timeline (case_id, seq);

    create table respond_case_observables (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references respond_cases (id) on delete cascade,
      type text not null,
      value text not null,
      note text not null default '',
      added_by uuid references users (id),
      added_at timestamptz not null,
      constraint respond_case_observables_value_key unique (case_id, type, value)
    );

    create table respond_case_links (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references respond_cases (id) on delete cascade,
      kind text not null,
      ref text not null,
      label text not null default '',
      added_by uuid references users (id),
      added_at timestamptz not null,
      constraint respond_case_links_ref_key unique (case_id, kind, ref)
    );
    create index respond_case_links_ref on respond_case_links (kind, ref);

    create table respond_lead_agencies (
      id uuid primary key default gen_random_uuid(),
      jurisdiction_id uuid references jurisdictions (id) on delete cascade,
      incident_type text not null,
      organisation_id uuid not null references organisations (id),
      created_at timestamptz not null
    );
    create unique index respond_lead_agencies_rule_key on respond_lead_agencies (coalesce(jurisdiction_id::text, ''), incident_type);

    create table respond_playbooks (
      id uuid primary key default gen_random_uuid(),
      key text not null,
      current_version integer not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint respond_playbooks_key_key unique (key)
    );

    create table respond_playbook_versions (
      id uuid primary key default gen_random_uuid(),
      playbook_id uuid not null references respond_playbooks (id) on delete cascade,
      version integer not null,
      definition jsonb not null,
      note text not null default '',
      created_by uuid references users (id),
      created_by_label text not null,
      created_at timestamptz not null,
      constraint respond_playbook_versions_key unique (playbook_id, version)
    );

    create table respond_contingency_plans (
      id uuid primary key default gen_random_uuid(),
      election_id uuid not null references elections (id) on delete cascade,
      title text not null,
      scenario text not null,
      incident_type text not null,
      impact text not null,
      urgency text not null,
      jurisdiction_id uuid not null references jurisdictions (id),
      decision_owner_organisation_id uuid not null references organisations (id),
      triggers jsonb not null,
      actions jsonb not null,
      tasks jsonb not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index respond_contingency_plans_election on respond_contingency_plans (election_id);

    create table respond_plan_activations (
      id uuid primary key default gen_random_uuid(),
      plan_id uuid not null references respond_contingency_plans (id) on delete cascade,
      case_id uuid not null references respond_cases (id),
      activated_by uuid references users (id),
      activated_by_label text not null,
      activated_at timestamptz not null,
      statement text not null,
      deactivated_by uuid references users (id),
      deactivated_by_label text,
      deactivated_at timestamptz,
      deactivation_statement text
    );
    create unique index respond_plan_activations_active on respond_plan_activations (plan_id) where deactivated_at is null;
    `,
  );
}
