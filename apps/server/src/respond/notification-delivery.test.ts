import type { VigilDatabase } from '@vigil/db';
import { addMembership, createOrganisation, createUser, createWebhook, listWebhookDeliveries, notifyOrganisations, requeueDueDeliveries } from '@vigil/db';
import { createTestDatabase, testClock } from '@vigil/test-utils';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, expect, test } from 'vitest';
import { createLogger } from '../logger';
import { deliverNotifications } from './notification-delivery';
import { SIGNATURE_HEADER, signWebhook, verifyWebhookSignature } from './webhook-signature';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const logger = createLogger({ level: 'silent' });
const SECRET = 'whsec_test_0123456789abcdef';

test('signature: known answer, and a receiver refuses a changed body, a wrong secret and an old timestamp', () => {
  const at = new Date('2027-03-01T09:00:00Z');
  // Known answer computed independently: printf '1803891600.{}' | openssl dgst -sha256 -hmac whsec_test_0123456789abcdef
  const header = signWebhook({ secret: SECRET, body: '{}', at });
  expect(header).toBe('t=1803891600,v1=00543a41fde2949586026cbbf83736661f0d80706ba473cc6e9a118d6b13dddc');
  expect(verifyWebhookSignature({ secret: SECRET, header, body: '{}', now: at })).toEqual({ ok: true });
  expect(verifyWebhookSignature({ secret: SECRET, header, body: '{ }', now: at })).toEqual({ ok: false, problem: 'mismatch' });
  expect(verifyWebhookSignature({ secret: 'other', header, body: '{}', now: at })).toEqual({ ok: false, problem: 'mismatch' });
  expect(verifyWebhookSignature({ secret: SECRET, header, body: '{}', now: new Date(at.getTime() + 301_000) })).toEqual({ ok: false, problem: 'too-old' });
  expect(verifyWebhookSignature({ secret: SECRET, header: 'v1=abc', body: '{}', now: at })).toEqual({ ok: false, problem: 'malformed' });
});

async function setup() {
  const database: VigilDatabase = await createTestDatabase('pglite');
  cleanups.push(() => database.close());
  const clock = testClock();
  const context = { actor: { kind: 'system' as const, id: 'test', label: 'test' }, now: clock.now() };
  const organisation = await createOrganisation(database.db, context, { name: 'Regional office', type: 'election-authority' });
  for (const email of ['ana@region.example', 'ben@region.example']) {
    const user = await createUser(database.db, context, { email, name: email, passwordHash: 'x', isAdmin: false });
    await addMembership(database.db, context, { userId: user.id, organisationId: organisation.id, role: 'analyst' });
  }
  return { database, clock, context, organisation };
}

/** A local HTTP receiver that checks each call's signature as a real receiver would. */
async function receiver(statuses: number[]) {
  const received: { event: string | undefined; verified: boolean; body: Record<string, unknown> }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const header = request.headers[SIGNATURE_HEADER];
      const verified = verifyWebhookSignature({ secret: SECRET, header: typeof header === 'string' ? header : null, body, now: new Date(), toleranceSeconds: 10 * 365 * 86_400 }).ok;
      received.push({ event: request.headers['x-vigil-event'] as string | undefined, verified, body: JSON.parse(body) as Record<string, unknown> });
      response.statusCode = statuses.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  cleanups.push(() => new Promise<void>((done) => server.close(() => done())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/vigil`, received };
}

test('a signed webhook reaches a local receiver that verifies it; a failing one is retried with backoff, then delivered', async () => {
  const { database, clock, context, organisation } = await setup();
  const hook = await receiver([500]);
  const webhook = await createWebhook(database.db, context, { organisationId: organisation.id, url: hook.url, events: ['case.escalated'], secret: SECRET, createdBy: null });
  const notified = await notifyOrganisations(database.db, context, {
    organisationIds: [organisation.id],
    event: 'case.escalated',
    title: 'CASE-2027-0001 escalated',
    body: 'Escalated from Town to North.',
    caseId: null,
    link: '/respond/cases/x',
    data: { reference: 'CASE-2027-0001' },
    email: false,
  });
  expect(notified).toEqual({ notified: 2, deliveries: 1 });
  // Not subscribed: no delivery for another event.
  expect((await notifyOrganisations(database.db, context, { organisationIds: [organisation.id], event: 'notice.published', title: 't', body: 'b', caseId: null, link: null, data: {}, email: false })).deliveries).toBe(0);
  const job = await database.db.selectFrom('jobs').select('payload').where('kind', '=', 'respond.deliver').executeTakeFirstOrThrow();
  expect(await deliverNotifications({ db: database.db, clock, logger, smtp: undefined, payload: job.payload })).toEqual({ delivered: 0, retrying: 1, failed: 0 });
  let [delivery] = await listWebhookDeliveries(database.db, webhook.id);
  expect(delivery).toMatchObject({ status: 'retrying', attempts: 1, lastStatusCode: 500 });
  expect(delivery?.nextAttemptAt).toBe(new Date(clock.now().getTime() + 30_000).toISOString());
  // Not due yet; then due.
  expect(await requeueDueDeliveries(database.db, { ...context, now: clock.now() })).toBe(0);
  clock.advance(30_000);
  expect(await requeueDueDeliveries(database.db, { ...context, now: clock.now() })).toBe(1);
  const retry = await database.db.selectFrom('jobs').select('payload').where('kind', '=', 'respond.deliver').orderBy('createdAt', 'desc').limit(1).executeTakeFirstOrThrow();
  expect(await deliverNotifications({ db: database.db, clock, logger, smtp: undefined, payload: retry.payload })).toEqual({ delivered: 1, retrying: 0, failed: 0 });
  [delivery] = await listWebhookDeliveries(database.db, webhook.id);
  expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200 });
  expect(hook.received).toHaveLength(2);
  expect(hook.received.every((call) => call.verified && call.event === 'case.escalated')).toBe(true);
  expect(hook.received[1]?.body).toMatchObject({ event: 'case.escalated', title: 'CASE-2027-0001 escalated', data: { reference: 'CASE-2027-0001' } });
  // Sending the same job again sends nothing more (delivered deliveries are not pending).
  expect(await deliverNotifications({ db: database.db, clock, logger, smtp: undefined, payload: retry.payload })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
});

test('a receiver that never answers 2xx is given up after six attempts', async () => {
  const { database, clock, context, organisation } = await setup();
  const hook = await receiver([503, 503, 503, 503, 503, 503, 503]);
  const webhook = await createWebhook(database.db, context, { organisationId: organisation.id, url: hook.url, events: [], secret: SECRET, createdBy: null });
  await notifyOrganisations(database.db, context, { organisationIds: [organisation.id], event: 'case.sla-breached', title: 't', body: 'b', caseId: null, link: null, data: {}, email: false });
  let job = await database.db.selectFrom('jobs').select('payload').where('kind', '=', 'respond.deliver').executeTakeFirstOrThrow();
  for (let attempt = 1; attempt <= 6; attempt += 1) {
    await deliverNotifications({ db: database.db, clock, logger, smtp: undefined, payload: job.payload });
    clock.advance(24 * 3_600_000);
    await requeueDueDeliveries(database.db, { ...context, now: clock.now() });
    job = await database.db.selectFrom('jobs').select('payload').where('kind', '=', 'respond.deliver').orderBy('createdAt', 'desc').limit(1).executeTakeFirstOrThrow();
  }
  expect((await listWebhookDeliveries(database.db, webhook.id))[0]).toMatchObject({ status: 'failed', attempts: 6 });
  expect(hook.received).toHaveLength(6);
});

test('e-mail notifications arrive at a local SMTP server', async () => {
  const { database, clock, context, organisation } = await setup();
  const messages: { to: string[]; data: string }[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      stream.on('end', () => {
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((done) => smtp.listen(0, '127.0.0.1', done));
  cleanups.push(() => new Promise<void>((done) => smtp.close(() => done())));
  const port = (smtp.server.address() as AddressInfo).port;
  await notifyOrganisations(database.db, context, {
    organisationIds: [organisation.id],
    event: 'mutual-aid.requested',
    title: 'North asks for mutual aid',
    body: 'Send two observers to polling station 12.',
    caseId: null,
    link: '/respond/escalation',
    data: {},
    email: true,
  });
  const job = await database.db.selectFrom('jobs').select('payload').where('kind', '=', 'respond.deliver').executeTakeFirstOrThrow();
  const result = await deliverNotifications({ db: database.db, clock, logger, smtp: { url: `smtp://127.0.0.1:${port}`, from: 'Vigil <vigil@test.example>' }, payload: job.payload });
  expect(result).toEqual({ delivered: 2, retrying: 0, failed: 0 });
  expect(messages.map((m) => m.to[0]).sort()).toEqual(['ana@region.example', 'ben@region.example']);
  expect(messages[0]?.data).toContain('Subject: [Vigil] North asks for mutual aid');
  expect(messages[0]?.data).toContain('Send two observers to polling station 12.');
});
