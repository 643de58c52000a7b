import type { Kysely } from 'kysely';
import { runStatements } from './run-statements';

/**
 * Foundation: organisations, users, memberships, sessions, API tokens, jurisdictions,
 * elections with milestones and contests, the audit log, jobs, settings, rate limits.
 * Plain SQL that runs on PostgreSQL 15 and on PGlite (PostgreSQL 18).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table organisations (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      type text not null,
      country text,
      created_at timestamptz not null default now()
    );
    create unique index organisations_name_key on organisations (lower(name));

    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      name text not null,
      password_hash text not null,
      is_admin boolean not null default false,
      locale text not null default 'en',
      disabled boolean not null default false,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null default now()
    );
    create unique index users_email_key on users (lower(email));

    create table memberships (
      user_id uuid not null references users (id) on delete cascade,
      organisation_id uuid not null references organisations (id) on delete cascade,
      role text not null,
      created_at timestamptz not null default now(),
      primary key (user_id, organisation_id, role)
    );
    create index memberships_organisation on memberships (organisation_id);

    create table sessions (
      id_hash text primary key,
      user_id uuid not null references users (id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null
    );
    create index sessions_user on sessions (user_id);

    create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      name text not null,
      prefix text not null,
      secret_hash text not null unique,
      scopes jsonb not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create index api_tokens_user on api_tokens (user_id);

    create table jurisdictions (
      id uuid primary key default gen_random_uuid(),
      parent_id uuid references jurisdictions (id),
      level text not null,
      name text not null,
      code text,
      responsible_organisation_id uuid references organisations (id),
      contacts jsonb not null default '[]',
      created_at timestamptz not null default now()
    );
    create unique index jurisdictions_code_key on jurisdictions (code) where code is not null;
    create index jurisdictions_parent on jurisdictions (parent_id);

    create table elections (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      jurisdiction_id uuid not null references jurisdictions (id),
      election_day date not null,
      created_at timestamptz not null default now()
    );

    create table milestones (
      election_id uuid not null references elections (id) on delete cascade,
      kind text not null,
      date date not null,
      primary key (election_id, kind, date)
    );

    create table contests (
      id uuid primary key default gen_random_uuid(),
      election_id uuid not null references elections (id) on delete cascade,
      jurisdiction_id uuid not null references jurisdictions (id),
      name text not null,
      seats integer not null,
      votes_allowed integer not null,
      choices jsonb not null,
      position integer not null
    );
    create index contests_election on contests (election_id);

    create table audit_events (
      seq bigint primary key,
      at timestamptz not null,
      actor jsonb not null,
      action text not null,
      target_type text not null,
      target_id text,
      digest text not null,
      prev_hash text not null,
      hash text not null
    );
    create index audit_events_action on audit_events (action);
    create index audit_events_target on audit_events (target_type, target_id);

    create table jobs (
      id uuid primary key default gen_random_uuid(),
      kind text not null,
      status text not null,
      payload jsonb not null,
      progress double precision not null default 0,
      message text,
      result jsonb,
      error text,
      created_by uuid references users (id),
      attempts integer not null default 0,
      locked_by text,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz
    );
    create index jobs_queue on jobs (status, created_at);

    create table settings (
      key text primary key,
      value jsonb not null
    );

    create table rate_limits (
      key text primary key,
      window_start timestamptz not null,
      count integer not null
    );
  `,
  );
}

/** Drops everything the migration created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    drop table rate_limits, settings, jobs, audit_events, contests, milestones, elections,
      jurisdictions, api_tokens, sessions, memberships, users, organisations;
  `,
  );
}
