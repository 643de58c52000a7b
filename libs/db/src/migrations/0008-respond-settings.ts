import type { Kysely } from 'kysely';
import { runStatements } from './run-statements';

/**
 * Respond's settings and the gaps the first version left:
 * - contingency plans carry a TLP 2.0 marking (AMBER unless set) and the organisations they
 *   are shared with besides the decision owner (the TLP community of the plan);
 * - the escalation sweep finds platform requests past their answer deadline with no answer
 *   through a partial index on the requests still waiting.
 * The installation's SLA policy lives in `settings` (key `respond.sla-policy`), so no table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table respond_contingency_plans add column tlp text not null default 'amber'
      check (tlp in ('clear', 'green', 'amber', 'amber+strict', 'red'));
    alter table respond_contingency_plans add column shared_with_organisation_ids jsonb not null default '[]'::jsonb;
    create index respond_platform_requests_waiting on respond_platform_requests (due_at) where status = 'sent' and due_at is not null
    `,
  );
}

/** Drops what the migration added. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    drop index respond_platform_requests_waiting;
    alter table respond_contingency_plans drop column shared_with_organisation_ids;
    alter table respond_contingency_plans drop column tlp
    `,
  );
}
