/**
 * The append-only, hash-chained audit log. Every state change appends one event in the
 * same transaction as the change. Each event's hash is SHA-256 over the previous event's
 * hash and the canonical JSON (RFC 8785) of the event's own fields, so editing, deleting or
 * reordering any event breaks every later link.
 */
import { canonicalJson } from '@vigil/basics';
import type { AuditActor, AuditEvent } from '@vigil/domain';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from './database';

/** Hash that the first event chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/** Serialises appends across concurrent transactions (PostgreSQL advisory lock key). */
const AUDIT_LOCK_KEY = 7_301_001;

/** What a caller records about one state change. */
export interface AuditEntry {
  readonly actor: AuditActor;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  /** The change itself (new values, or what was removed); only its digest is chained. */
  readonly change: unknown;
  readonly at: Date;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The fields of an event that its hash covers. */
function hashedFields(event: Omit<AuditEvent, 'hash' | 'prevHash'>): unknown {
  return {
    seq: event.seq,
    at: event.at,
    actor: event.actor,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    digest: event.digest,
  };
}

/** The hash of an event given the previous link's hash. */
export function chainHash(prevHash: string, event: Omit<AuditEvent, 'hash' | 'prevHash'>): string {
  return sha256Hex(prevHash + canonicalJson(hashedFields(event)));
}

/**
 * Appends one event. Must be called inside the transaction that makes the change, so
 * that the change and its record commit or roll back together.
 */
export async function appendAuditEvent(trx: Executor, entry: AuditEntry): Promise<AuditEvent> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  const last = await trx
    .selectFrom('auditEvents')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = last ? Number(last.seq) + 1 : 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const unhashed = {
    seq,
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    digest: sha256Hex(canonicalJson(entry.change ?? null)),
  };
  const hash = chainHash(prevHash, unhashed);
  await trx
    .insertInto('auditEvents')
    .values({
      seq,
      at: unhashed.at,
      actor: JSON.stringify(entry.actor),
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      digest: unhashed.digest,
      prevHash,
      hash,
    })
    .execute();
  return { ...unhashed, prevHash, hash };
}

/** Maps a database row to an event. */
export function auditEventFromRow(row: {
  seq: string | number;
  at: Date;
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId: string | null;
  digest: string;
  prevHash: string;
  hash: string;
}): AuditEvent {
  return {
    seq: Number(row.seq),
    at: row.at.toISOString(),
    actor: { kind: row.actor.kind, id: row.actor.id, label: row.actor.label },
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    digest: row.digest,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** Outcome of re-computing the chain. */
export interface ChainVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBroken: { readonly seq: number; readonly reason: string } | null;
}

/**
 * Re-computes every link from the first event, in pages, and names the first that does
 * not match: a gap in sequence numbers, a previous-hash mismatch, or a wrong hash.
 */
export async function verifyAuditChain(
  db: Executor,
  options: { readonly pageSize?: number; readonly onProgress?: (checked: number, total: number) => void } = {},
): Promise<ChainVerification> {
  const pageSize = options.pageSize ?? 5000;
  const { total } = await db
    .selectFrom('auditEvents')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('auditEvents')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const event = auditEventFromRow(row);
      if (event.seq !== expectedSeq) {
        return { ok: false, checked, firstBroken: { seq: expectedSeq, reason: `event ${expectedSeq} is missing (next is ${event.seq})` } };
      }
      if (event.prevHash !== prevHash) {
        return { ok: false, checked, firstBroken: { seq: event.seq, reason: 'previous-hash does not match the hash of the event before it' } };
      }
      if (chainHash(prevHash, event) !== event.hash) {
        return { ok: false, checked, firstBroken: { seq: event.seq, reason: 'hash does not match the event’s contents' } };
      }
      prevHash = event.hash;
      expectedSeq += 1;
      checked += 1;
    }
    options.onProgress?.(checked, Number(total));
  }
  if (checked !== Number(total)) {
    return { ok: false, checked, firstBroken: { seq: expectedSeq, reason: 'events after a gap in sequence numbers' } };
  }
  return { ok: true, checked, firstBroken: null };
}
