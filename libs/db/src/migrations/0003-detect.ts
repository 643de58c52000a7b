import type { Kysely } from 'kysely';
import { runStatements } from './run-statements';

/**
 * Coordinated-behaviour detection on the server: uploaded datasets (the file lives under the
 * files directory; the row records its format, column mapping, size and SHA-256), detection
 * runs (parameters, the job that runs them, the summary once done) and the communities a run
 * found, each with its size and behaviours. Both belong to the uploading organisation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table detect_datasets (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations (id),
      name text not null,
      format text not null,
      file_type text not null,
      compressed boolean not null,
      columns jsonb not null,
      mapping jsonb not null,
      size_bytes bigint not null,
      sha256 text not null,
      storage_path text not null,
      uploaded_by uuid references users (id),
      created_at timestamptz not null default now()
    );
    create index detect_datasets_organisation on detect_datasets (organisation_id, created_at desc);

    create table detect_runs (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations (id),
      dataset_id uuid not null references detect_datasets (id),
      job_id uuid references jobs (id),
      parameters jsonb not null,
      summary jsonb,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index detect_runs_organisation on detect_runs (organisation_id, created_at desc);
    create index detect_runs_dataset on detect_runs (dataset_id);

    create table detect_communities (
      run_id uuid not null references detect_runs (id) on delete cascade,
      community integer not null,
      size integer not null,
      edges integer not null,
      behaviours jsonb not null,
      accounts_preview jsonb not null,
      primary key (run_id, community)
    );
    `,
  );
}
