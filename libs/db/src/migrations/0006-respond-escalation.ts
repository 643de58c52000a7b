import type { Kysely } from 'kysely';
import { runStatements } from './run-statements';

/**
 * Respond's escalation and publishing: the SLA clock on cases (acknowledgement, last
 * escalation, level reached), escalations up the jurisdiction tree (one row per case and
 * level, so several servers sweeping at once escalate a case once), mutual-aid requests to
 * peer jurisdictions, notifications (in-app per user), outgoing deliveries (e-mail and signed
 * webhooks, retried with backoff), organisations' webhooks, requests to platforms and public
 * notices.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table respond_cases add column acknowledged_at timestamptz;
    alter table respond_cases add column acknowledged_by uuid references users (id);
    alter table respond_cases add column sla_due_at timestamptz;
    alter table respond_cases add column sla_breached_at timestamptz;
    alter table respond_cases add column escalation_level integer not null default 0;
    alter table respond_cases add column escalated_to_jurisdiction_id uuid references jurisdictions (id);
    alter table respond_cases add column last_escalated_at timestamptz;
    create index respond_cases_escalated_to on respond_cases (escalated_to_jurisdiction_id) where escalated_to_jurisdiction_id is not null;

    create table respond_escalations (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references respond_cases (id) on delete cascade,
      level integer not null check (level >= 1),
      from_jurisdiction_id uuid not null references jurisdictions (id),
      to_jurisdiction_id uuid not null references jurisdictions (id),
      to_organisation_id uuid references organisations (id),
      reason text not null,
      note text not null default '',
      escalated_by uuid references users (id),
      escalated_by_label text not null,
      at timestamptz not null
    );
    create unique index respond_escalations_case_level on respond_escalations (case_id, level);
    create index respond_escalations_to on respond_escalations (to_jurisdiction_id, at desc);

    create table respond_mutual_aid_requests (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references respond_cases (id) on delete cascade,
      from_jurisdiction_id uuid not null references jurisdictions (id),
      to_jurisdiction_id uuid not null references jurisdictions (id),
      to_organisation_id uuid not null references organisations (id),
      message text not null,
      status text not null,
      response_note text,
      requested_by uuid references users (id),
      requested_at timestamptz not null,
      answered_by uuid references users (id),
      answered_at timestamptz
    );
    create index respond_mutual_aid_to on respond_mutual_aid_requests (to_organisation_id, requested_at desc);
    create index respond_mutual_aid_case on respond_mutual_aid_requests (case_id);

    create table respond_notifications (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      organisation_id uuid references organisations (id) on delete cascade,
      kind text not null,
      title text not null,
      body text not null,
      case_id uuid references respond_cases (id) on delete cascade,
      link text,
      created_at timestamptz not null,
      read_at timestamptz
    );
    create index respond_notifications_user on respond_notifications (user_id, created_at desc, id desc);
    create index respond_notifications_unread on respond_notifications (user_id) where read_at is null;

    create table respond_webhooks (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations (id) on delete cascade,
      url text not null,
      secret text not null,
      events jsonb not null,
      active boolean not null default true,
      created_by uuid references users (id),
      created_at timestamptz not null
    );
    create index respond_webhooks_organisation on respond_webhooks (organisation_id);

    create table respond_deliveries (
      id uuid primary key default gen_random_uuid(),
      channel text not null,
      webhook_id uuid references respond_webhooks (id) on delete cascade,
      email text,
      event text not null,
      payload jsonb not null,
      status text not null,
      attempts integer not null default 0,
      next_attempt_at timestamptz,
      last_error text,
      last_status_code integer,
      created_at timestamptz not null,
      delivered_at timestamptz
    );
    create index respond_deliveries_due on respond_deliveries (next_attempt_at) where status = 'retrying';
    create index respond_deliveries_webhook on respond_deliveries (webhook_id, created_at desc);

    create table respond_platform_requests (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references respond_cases (id) on delete cascade,
      platform_organisation_id uuid not null references organisations (id),
      kind text not null,
      targets jsonb not null,
      justification text not null,
      status text not null,
      due_at timestamptz,
      answers jsonb not null default '[]',
      outcome text,
      requested_by uuid references users (id),
      requested_by_organisation_id uuid references organisations (id),
      requested_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index respond_platform_requests_platform on respond_platform_requests (platform_organisation_id, requested_at desc);
    create index respond_platform_requests_case on respond_platform_requests (case_id);

    create table respond_notices (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references respond_cases (id) on delete cascade,
      title text not null,
      body text not null,
      public_outcome text not null,
      status text not null,
      jurisdiction_id uuid not null references jurisdictions (id),
      drafted_by uuid references users (id),
      drafted_at timestamptz not null,
      approved_by uuid references users (id),
      approved_at timestamptz,
      published_at timestamptz,
      withdrawn_at timestamptz,
      updated_at timestamptz not null
    );
    create index respond_notices_published on respond_notices (published_at desc, id desc) where status = 'published';
    create index respond_notices_case on respond_notices (case_id)
    `,
  );
}
