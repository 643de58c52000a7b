import type { AuditActor } from '@vigil/domain';
import type { Executor } from './database';
import type { AuditEntry } from './audit-log';
import { appendAuditEvent } from './audit-log';

/** Who changes something and when: every mutation records it in the audit log. */
export interface MutationContext {
  readonly actor: AuditActor;
  readonly now: Date;
}

/**
 * Audit entries recorded in a transaction opened by `inTransaction`, appended in order just
 * before it commits. Appending takes the audit log's lock (one chain, one writer at a time);
 * taking it at the end rather than at the first change means concurrent transactions wait for
 * each other only for the appends, not for all their work.
 */
const pendingEntries = new WeakMap<Executor, AuditEntry[]>();

/** Runs `work` in a transaction (or in the caller's transaction when given one). */
export async function inTransaction<T>(db: Executor, work: (trx: Executor) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(async (trx) => {
    const entries: AuditEntry[] = [];
    pendingEntries.set(trx, entries);
    try {
      const result = await work(trx);
      // Entries recorded while appending (none today) would be appended too: loop until empty.
      for (let next = entries.shift(); next !== undefined; next = entries.shift()) await appendAuditEvent(trx, next);
      return result;
    } finally {
      pendingEntries.delete(trx);
    }
  });
}

/**
 * Records the audit event of a change made in `trx` by `context.actor`: appended when the
 * transaction `inTransaction` opened commits (so it commits or rolls back with the change), or
 * at once in a transaction opened some other way.
 */
export async function recordChange(
  trx: Executor,
  context: MutationContext,
  entry: Omit<AuditEntry, 'actor' | 'at'>,
): Promise<void> {
  const full: AuditEntry = { ...entry, actor: context.actor, at: context.now };
  const pending = pendingEntries.get(trx);
  if (pending) pending.push(full);
  else await appendAuditEvent(trx, full);
}

/** Turns a Date column into the ISO string the API shows. */
export function iso(value: Date): string;
export function iso(value: Date | null): string | null;
export function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}
