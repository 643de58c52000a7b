import type { Kysely } from 'kysely';
import { runStatements } from './run-statements';

/**
 * The sharing hub: sharing communities and their member organisations, TAXII collections
 * of a community with read and write rights per organisation, stored STIX objects (one row
 * per object version, with its effective TLP, producer and named recipients) and the status
 * resources of TAXII envelopes. `seq` is the strictly increasing tiebreak of `date_added`,
 * so (date_added, seq) orders objects totally and pagination returns each exactly once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table sharing_communities (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      description text not null default '',
      created_at timestamptz not null default now()
    );
    create unique index sharing_communities_name_key on sharing_communities (lower(name));

    create table sharing_community_members (
      community_id uuid not null references sharing_communities (id) on delete cascade,
      organisation_id uuid not null references organisations (id) on delete cascade,
      primary key (community_id, organisation_id)
    );
    create index sharing_community_members_organisation on sharing_community_members (organisation_id);

    create table sharing_collections (
      id uuid primary key default gen_random_uuid(),
      community_id uuid not null references sharing_communities (id) on delete cascade,
      title text not null,
      description text not null default '',
      alias text,
      public_read boolean not null default false,
      default_tlp text not null,
      created_at timestamptz not null default now()
    );
    create unique index sharing_collections_alias_key on sharing_collections (alias) where alias is not null;

    create table sharing_collection_rights (
      collection_id uuid not null references sharing_collections (id) on delete cascade,
      organisation_id uuid not null references organisations (id) on delete cascade,
      can_read boolean not null,
      can_write boolean not null,
      primary key (collection_id, organisation_id)
    );
    create index sharing_collection_rights_organisation on sharing_collection_rights (organisation_id);

    create table stix_objects (
      seq bigint generated always as identity primary key,
      collection_id uuid not null references sharing_collections (id) on delete cascade,
      stix_id text not null,
      type text not null,
      spec_version text not null,
      version text not null,
      version_at timestamptz not null,
      object jsonb not null,
      date_added timestamptz not null,
      producer_organisation_id uuid references organisations (id),
      tlp text not null,
      constraint stix_objects_version_key unique (collection_id, stix_id, version_at)
    );
    create index stix_objects_added on stix_objects (collection_id, date_added, seq);
    create index stix_objects_type on stix_objects (collection_id, type, date_added, seq);

    create table stix_object_recipients (
      object_seq bigint not null references stix_objects (seq) on delete cascade,
      organisation_id uuid not null references organisations (id) on delete cascade,
      primary key (object_seq, organisation_id)
    );
    create index stix_object_recipients_organisation on stix_object_recipients (organisation_id);

    create table taxii_statuses (
      id uuid primary key default gen_random_uuid(),
      collection_id uuid not null references sharing_collections (id) on delete cascade,
      requested_by text,
      request_timestamp timestamptz not null,
      total_count integer not null,
      success_count integer not null,
      failure_count integer not null,
      pending_count integer not null,
      successes jsonb not null,
      failures jsonb not null
    );
    `,
  );
}
