import type { AuditActor } from '@vigil/domain';
import type { Executor } from './database';
import type { AuditEntry } from './audit-log';
import { appendAuditEvent } from './audit-log';

/** Who changes something and when: every mutation records it in the audit log. */
export interface MutationContext {
  readonly actor: AuditActor;
  readonly now: Date;
}

/** Runs `work` in a transaction (or in the caller's transaction when given one). */
export async function inTransaction<T>(db: Executor, work: (trx: Executor) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(work);
}

/** Appends the audit event of a change made in `trx` by `context.actor`. */
export async function recordChange(
  trx: Executor,
  context: MutationContext,
  entry: Omit<AuditEntry, 'actor' | 'at'>,
): Promise<void> {
  await appendAuditEvent(trx, { ...entry, actor: context.actor, at: context.now });
}

/** Turns a Date column into the ISO string the API shows. */
export function iso(value: Date): string;
export function iso(value: Date | null): string | null;
export function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}
