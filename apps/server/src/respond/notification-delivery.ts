/**
 * Sends respond's owed deliveries: signed webhook calls (POST JSON, 10 s timeout, any 2xx is
 * delivered) and e-mails through the configured SMTP server (nodemailer). Each attempt is
 * recorded; failures are retried with exponential backoff by the escalation sweep, which
 * puts due deliveries back in a job (`requeueDueDeliveries`).
 */
import { messageOf } from '@vigil/basics';
import type { DeliveryToSend, Executor } from '@vigil/db';
import { deliveriesToSend, recordDeliveryAttempt } from '@vigil/db';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';

/** The job payload: the deliveries to attempt. */
export const DeliverPayloadSchema = z.object({ deliveryIds: z.array(z.uuid()).max(10_000) });

/** How long a webhook receiver may take to answer. */
const WEBHOOK_TIMEOUT_MS = 10_000;

type Mailer = { sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown> };

async function sendWebhook(delivery: DeliveryToSend, now: Date): Promise<{ ok: boolean; statusCode: number | null; error: string | null }> {
  if (!delivery.webhook) return { ok: false, statusCode: null, error: 'the webhook was removed' };
  const body = JSON.stringify({ id: delivery.id, ...delivery.payload });
  try {
    const response = await fetch(delivery.webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Vigil-Webhook/1',
        'x-vigil-event': delivery.event,
        'x-vigil-delivery': delivery.id,
        [SIGNATURE_HEADER]: signWebhook({ secret: delivery.webhook.secret, body, at: now }),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { ok, statusCode: response.status, error: ok ? null : `the receiver answered ${response.status}` };
  } catch (error) {
    return { ok: false, statusCode: null, error: messageOf(error) };
  }
}

async function sendEmail(delivery: DeliveryToSend, mailer: Mailer | null, from: string): Promise<{ ok: boolean; statusCode: number | null; error: string | null }> {
  if (!mailer || !delivery.email) return { ok: false, statusCode: null, error: 'no SMTP server is configured' };
  const payload = delivery.payload as { title?: unknown; body?: unknown; link?: unknown };
  const title = typeof payload.title === 'string' ? payload.title : delivery.event;
  const text = [typeof payload.body === 'string' ? payload.body : '', typeof payload.link === 'string' ? `\nOpen in Vigil: ${payload.link}` : ''].join('\n');
  try {
    await mailer.sendMail({ from, to: delivery.email, subject: `[Vigil] ${title}`, text });
    return { ok: true, statusCode: null, error: null };
  } catch (error) {
    return { ok: false, statusCode: null, error: messageOf(error) };
  }
}

/** Attempts the deliveries named in a job's payload; returns how each went. */
export async function deliverNotifications(input: {
  readonly db: Executor;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly smtp: { readonly url: string; readonly from: string } | undefined;
  readonly payload: unknown;
}): Promise<{ delivered: number; retrying: number; failed: number }> {
  const { deliveryIds } = DeliverPayloadSchema.parse(input.payload);
  const deliveries = await deliveriesToSend(input.db, deliveryIds);
  const mailer: Mailer | null = input.smtp ? nodemailer.createTransport(input.smtp.url) : null;
  const counts = { delivered: 0, retrying: 0, failed: 0 };
  try {
    for (const delivery of deliveries) {
      const now = input.clock.now();
      const outcome = delivery.channel === 'webhook' ? await sendWebhook(delivery, now) : await sendEmail(delivery, mailer, input.smtp?.from ?? '');
      const status = await recordDeliveryAttempt(input.db, { id: delivery.id, now: input.clock.now(), ...outcome });
      if (status === 'delivered') counts.delivered += 1;
      else if (status === 'retrying') counts.retrying += 1;
      else if (status === 'failed') counts.failed += 1;
      if (!outcome.ok) input.logger.warn('notification delivery failed', { deliveryId: delivery.id, channel: delivery.channel, error: outcome.error });
    }
  } finally {
    (mailer as { close?: () => void } | null)?.close?.();
  }
  return counts;
}
