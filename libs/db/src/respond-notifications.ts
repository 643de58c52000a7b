/**
 * Respond's notifications: in-app notifications per user (an organisation's notification is
 * fanned out to its members), organisations' webhooks, and the outbox of deliveries (e-mail
 * and signed webhooks) that the server's jobs send and retry with backoff. The sending itself
 * (SMTP, HTTP, signatures) is the server's; this module only records what is owed and what
 * happened.
 */
import type { Executor } from './database';
import { enqueueJob } from './jobs';
import { NotFoundError } from './input-error';
import type { MutationContext } from './mutation';
import { inTransaction, iso, recordChange } from './mutation';
import type { DeliveryChannel, DeliveryStatus } from './schema-respond-escalation';

/** Events organisations receive (in the app, by e-mail, by webhook). */
export const RESPOND_EVENTS = [
  'case.escalated',
  'case.sla-breached',
  'mutual-aid.requested',
  'mutual-aid.answered',
  'platform-request.sent',
  'platform-request.answered',
  'notice.published',
] as const;
export type RespondEvent = (typeof RESPOND_EVENTS)[number];

/** The job kind that sends deliveries. */
export const DELIVER_JOB_KIND = 'respond.deliver';

/** A delivery is given up after this many attempts. */
export const MAX_DELIVERY_ATTEMPTS = 6;

/** Wait before attempt `attempts + 1` (exponential: 30 s, 2 min, 8 min, 32 min, ~2 h). */
export function deliveryBackoffMs(attempts: number): number {
  return 30_000 * 4 ** Math.max(0, attempts - 1);
}

/** One in-app notification. */
export interface NotificationRecord {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly caseId: string | null;
  readonly link: string | null;
  readonly organisationId: string | null;
  readonly createdAt: string;
  readonly readAt: string | null;
}

/** What to tell a set of organisations. */
export interface NotifyInput {
  readonly organisationIds: readonly string[];
  readonly event: RespondEvent;
  readonly title: string;
  readonly body: string;
  readonly caseId: string | null;
  readonly link: string | null;
  /** The JSON a webhook receives under `data`. */
  readonly data: Record<string, unknown>;
  /** Also e-mail the organisations' members (when the server has SMTP configured). */
  readonly email: boolean;
}

/**
 * Notifies the members of `organisationIds` in the app, queues e-mails to them and signed
 * webhook calls to the organisations' webhooks subscribed to the event, and queues one job
 * to send those deliveries. Runs in the caller's transaction: nothing is owed unless the
 * change that caused it commits.
 */
export async function notifyOrganisations(db: Executor, context: MutationContext, input: NotifyInput): Promise<{ notified: number; deliveries: number }> {
  const organisationIds = [...new Set(input.organisationIds)];
  if (organisationIds.length === 0) return { notified: 0, deliveries: 0 };
  return inTransaction(db, async (trx) => {
    const members = await trx
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.userId')
      .select(['memberships.userId', 'memberships.organisationId', 'users.email'])
      .where('memberships.organisationId', 'in', organisationIds)
      .where('users.disabled', '=', false)
      .execute();
    // A user in several of these organisations gets one notification.
    const byUser = new Map<string, { organisationId: string; email: string }>();
    for (const member of members) if (!byUser.has(member.userId)) byUser.set(member.userId, { organisationId: member.organisationId, email: member.email });
    if (byUser.size > 0) {
      await trx
        .insertInto('respondNotifications')
        .values(
          [...byUser].map(([userId, member]) => ({
            userId,
            organisationId: member.organisationId,
            kind: input.event,
            title: input.title,
            body: input.body,
            caseId: input.caseId,
            link: input.link,
            createdAt: context.now,
            readAt: null,
          })),
        )
        .execute();
    }
    const payload = { event: input.event, title: input.title, body: input.body, caseId: input.caseId, link: input.link, data: input.data, at: context.now.toISOString() };
    const webhooks = await trx.selectFrom('respondWebhooks').select(['id', 'events']).where('organisationId', 'in', organisationIds).where('active', '=', true).execute();
    const deliveries: { channel: DeliveryChannel; webhookId: string | null; email: string | null }[] = [
      ...webhooks.filter((hook) => hook.events.length === 0 || hook.events.includes(input.event)).map((hook) => ({ channel: 'webhook' as const, webhookId: hook.id, email: null })),
      ...(input.email ? [...new Set([...byUser.values()].map((m) => m.email))].map((email) => ({ channel: 'email' as const, webhookId: null, email })) : []),
    ];
    if (deliveries.length > 0) {
      const rows = await trx
        .insertInto('respondDeliveries')
        .values(
          deliveries.map((delivery) => ({
            ...delivery,
            event: input.event,
            payload: JSON.stringify(payload),
            status: 'pending' as const,
            nextAttemptAt: null,
            lastError: null,
            lastStatusCode: null,
            createdAt: context.now,
            deliveredAt: null,
          })),
        )
        .returning('id')
        .execute();
      await enqueueJob(trx, context, { kind: DELIVER_JOB_KIND, payload: { deliveryIds: rows.map((row) => row.id) }, createdBy: null });
    }
    return { notified: byUser.size, deliveries: deliveries.length };
  });
}

/** A user's notifications, newest first, with the unread count. */
export async function listNotifications(
  db: Executor,
  userId: string,
  query: { readonly cursor?: string | undefined; readonly limit: number; readonly unread?: boolean | undefined },
): Promise<{ items: NotificationRecord[]; nextCursor: string | null; unread: number }> {
  const offset = query.cursor ? Number.parseInt(query.cursor, 10) || 0 : 0;
  let select = db.selectFrom('respondNotifications').selectAll().where('userId', '=', userId);
  if (query.unread) select = select.where('readAt', 'is', null);
  const rows = await select
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .offset(offset)
    .limit(query.limit + 1)
    .execute();
  return {
    items: rows.slice(0, query.limit).map((row) => ({
      id: row.id,
      kind: row.kind,
      title: row.title,
      body: row.body,
      caseId: row.caseId,
      link: row.link,
      organisationId: row.organisationId,
      createdAt: iso(row.createdAt),
      readAt: iso(row.readAt),
    })),
    nextCursor: rows.length > query.limit ? String(offset + query.limit) : null,
    unread: await unreadNotificationCount(db, userId),
  };
}

/** How many of a user's notifications are unread. */
export async function unreadNotificationCount(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('respondNotifications')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Marks a user's notifications read: the given ones, or all. Reading is not audited (no state others rely on). */
export async function markNotificationsRead(db: Executor, input: { readonly userId: string; readonly ids: readonly string[] | 'all'; readonly now: Date }): Promise<number> {
  let update = db.updateTable('respondNotifications').set({ readAt: input.now }).where('userId', '=', input.userId).where('readAt', 'is', null);
  if (input.ids !== 'all') {
    if (input.ids.length === 0) return 0;
    update = update.where('id', 'in', [...input.ids]);
  }
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---- webhooks ---------------------------------------------------------------------------------

/** A webhook as its organisation sees it (never the secret, except once at creation). */
export interface WebhookRecord {
  readonly id: string;
  readonly organisationId: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly active: boolean;
  readonly createdAt: string;
}

function toWebhook(row: { id: string; organisationId: string; url: string; events: string[]; active: boolean; createdAt: Date }): WebhookRecord {
  return { id: row.id, organisationId: row.organisationId, url: row.url, events: row.events, active: row.active, createdAt: iso(row.createdAt) };
}

/** Registers a webhook for an organisation with a secret the caller generated. */
export async function createWebhook(
  db: Executor,
  context: MutationContext,
  input: { readonly organisationId: string; readonly url: string; readonly events: readonly RespondEvent[]; readonly secret: string; readonly createdBy: string | null },
): Promise<WebhookRecord> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('respondWebhooks')
      .values({ organisationId: input.organisationId, url: input.url, secret: input.secret, events: JSON.stringify(input.events), createdBy: input.createdBy, createdAt: context.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    // The secret stays out of the audit log.
    await recordChange(trx, context, { action: 'webhook.create', targetType: 'webhook', targetId: row.id, change: { organisationId: input.organisationId, url: input.url, events: input.events } });
    return toWebhook(row);
  });
}

/** Webhooks of the given organisations. */
export async function listWebhooks(db: Executor, organisationIds: readonly string[]): Promise<WebhookRecord[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db.selectFrom('respondWebhooks').selectAll().where('organisationId', 'in', [...organisationIds]).orderBy('createdAt').orderBy('id').execute();
  return rows.map(toWebhook);
}

/** One webhook, or undefined. */
export async function findWebhook(db: Executor, id: string): Promise<WebhookRecord | undefined> {
  const row = await db.selectFrom('respondWebhooks').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toWebhook(row) : undefined;
}

/** Removes a webhook (its pending deliveries go with it). */
export async function deleteWebhook(db: Executor, context: MutationContext, id: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const deleted = await trx.deleteFrom('respondWebhooks').where('id', '=', id).returning('organisationId').executeTakeFirst();
    if (!deleted) throw new NotFoundError('no webhook with this id');
    await recordChange(trx, context, { action: 'webhook.delete', targetType: 'webhook', targetId: id, change: { organisationId: deleted.organisationId } });
  });
}

// ---- deliveries -------------------------------------------------------------------------------

/** A delivery as the sender needs it. */
export interface DeliveryToSend {
  readonly id: string;
  readonly channel: DeliveryChannel;
  readonly event: string;
  readonly payload: Record<string, unknown>;
  readonly attempts: number;
  readonly email: string | null;
  readonly webhook: { readonly url: string; readonly secret: string } | null;
}

/** A delivery as an organisation sees it (webhook delivery log). */
export interface DeliveryRecord {
  readonly id: string;
  readonly channel: DeliveryChannel;
  readonly event: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly nextAttemptAt: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
}

/** The deliveries among `ids` still owed (pending), with what the sender needs. */
export async function deliveriesToSend(db: Executor, ids: readonly string[]): Promise<DeliveryToSend[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('respondDeliveries')
    .leftJoin('respondWebhooks', 'respondWebhooks.id', 'respondDeliveries.webhookId')
    .select([
      'respondDeliveries.id',
      'respondDeliveries.channel',
      'respondDeliveries.event',
      'respondDeliveries.payload',
      'respondDeliveries.attempts',
      'respondDeliveries.email',
      'respondWebhooks.url',
      'respondWebhooks.secret',
    ])
    .where('respondDeliveries.id', 'in', [...ids])
    .where('respondDeliveries.status', '=', 'pending')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    channel: row.channel,
    event: row.event,
    payload: row.payload,
    attempts: row.attempts,
    email: row.email,
    webhook: row.url !== null && row.secret !== null ? { url: row.url, secret: row.secret } : null,
  }));
}

/**
 * Records one attempt: delivered, or failed and due again after the backoff, or given up
 * after MAX_DELIVERY_ATTEMPTS. Only a pending delivery is updated, so an attempt is counted
 * once even when two workers raced to it.
 */
export async function recordDeliveryAttempt(
  db: Executor,
  input: { readonly id: string; readonly now: Date; readonly ok: boolean; readonly statusCode: number | null; readonly error: string | null },
): Promise<DeliveryStatus | undefined> {
  const row = await db.selectFrom('respondDeliveries').select('attempts').where('id', '=', input.id).where('status', '=', 'pending').executeTakeFirst();
  if (!row) return undefined;
  const attempts = row.attempts + 1;
  const status: DeliveryStatus = input.ok ? 'delivered' : attempts >= MAX_DELIVERY_ATTEMPTS ? 'failed' : 'retrying';
  await db
    .updateTable('respondDeliveries')
    .set({
      attempts,
      status,
      lastStatusCode: input.statusCode,
      lastError: input.error === null ? null : input.error.slice(0, 500),
      nextAttemptAt: status === 'retrying' ? new Date(input.now.getTime() + deliveryBackoffMs(attempts)) : null,
      deliveredAt: input.ok ? input.now : null,
    })
    .where('id', '=', input.id)
    .where('status', '=', 'pending')
    .execute();
  return status;
}

/**
 * Takes the deliveries due for another attempt (status retrying, next attempt passed) back
 * to pending and queues a job to send them. The update claims each row once, so several
 * servers sweeping at the same time do not send twice.
 */
export async function requeueDueDeliveries(db: Executor, context: MutationContext): Promise<number> {
  return inTransaction(db, async (trx) => {
    const rows = await trx
      .updateTable('respondDeliveries')
      .set({ status: 'pending', nextAttemptAt: null })
      .where('status', '=', 'retrying')
      .where('nextAttemptAt', '<=', context.now)
      .returning('id')
      .execute();
    if (rows.length > 0) await enqueueJob(trx, context, { kind: DELIVER_JOB_KIND, payload: { deliveryIds: rows.map((row) => row.id) }, createdBy: null });
    return rows.length;
  });
}

/** The latest deliveries to a webhook, newest first. */
export async function listWebhookDeliveries(db: Executor, webhookId: string, limit = 50): Promise<DeliveryRecord[]> {
  const rows = await db.selectFrom('respondDeliveries').selectAll().where('webhookId', '=', webhookId).orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((row) => ({
    id: row.id,
    channel: row.channel,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptAt: iso(row.nextAttemptAt),
    createdAt: iso(row.createdAt),
    deliveredAt: iso(row.deliveredAt),
  }));
}
