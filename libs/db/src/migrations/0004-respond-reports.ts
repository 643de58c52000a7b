import type { Kysely } from 'kysely';
import { runStatements } from './run-statements';

/**
 * Respond intake and triage: reports from the public, from accredited monitors and from bulk
 * imports, their attachments (bytes in the files directory, SHA-256 here), and the grouping
 * keys of each report (its canonical links and the MinHash bands of its text) that put
 * near-duplicates and reports sharing a link into one group.
 *
 * Indexes serve the triage queue, newest first with a keyset cursor (received_at, id), under
 * each filter of the queue, and full-text search over title and description. `case_id` has no
 * foreign key here: cases come in 0005, which may add it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table respond_reports (
      id uuid primary key,
      tracking_code text not null,
      source text not null,
      reporter_organisation_id uuid references organisations (id),
      reporter_user_id uuid references users (id),
      trust_level integer not null default 0 check (trust_level between 0 and 3),
      category text not null,
      title text not null,
      description text not null,
      jurisdiction_id uuid references jurisdictions (id),
      latitude double precision check (latitude between -90 and 90),
      longitude double precision check (longitude between -180 and 180),
      occurred_at timestamptz,
      links jsonb not null default '[]',
      contact jsonb,
      language text not null,
      status text not null default 'new',
      incident_type text,
      disarm_technique_ids jsonb not null default '[]',
      impact text,
      urgency text,
      severity text,
      verification_status text not null default 'unverified',
      confidence integer check (confidence between 0 and 100),
      verification_note text,
      duplicate_of uuid references respond_reports (id),
      group_key text,
      case_id uuid,
      public_outcome text,
      external_ref text,
      received_at timestamptz not null,
      updated_at timestamptz not null
    );
    create unique index respond_reports_tracking_code_key on respond_reports (tracking_code);
    create unique index respond_reports_external_ref_key on respond_reports (reporter_organisation_id, external_ref) where external_ref is not null;
    create index respond_reports_received on respond_reports (received_at desc, id desc);
    create index respond_reports_status on respond_reports (status, received_at desc, id desc);
    create index respond_reports_category on respond_reports (category, received_at desc, id desc);
    create index respond_reports_jurisdiction on respond_reports (jurisdiction_id, received_at desc, id desc);
    create index respond_reports_source on respond_reports (source, received_at desc, id desc);
    create index respond_reports_group on respond_reports (group_key);
    create index respond_reports_case on respond_reports (case_id) where case_id is not null;
    create index respond_reports_text on respond_reports using gin (to_tsvector('simple', title || ' ' || description));

    create table respond_report_attachments (
      id uuid primary key,
      report_id uuid not null references respond_reports (id) on delete cascade,
      file_name text not null,
      media_type text not null,
      size_bytes integer not null,
      sha256 text not null,
      created_at timestamptz not null
    );
    create index respond_report_attachments_report on respond_report_attachments (report_id);

    create table respond_report_keys (
      report_id uuid not null references respond_reports (id) on delete cascade,
      key text not null,
      primary key (key, report_id)
    );
    create index respond_report_keys_report on respond_report_keys (report_id);
    `,
  );
}
