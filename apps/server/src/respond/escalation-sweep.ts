/**
 * The periodic escalation sweep of respond: a job kind the worker runs, and a scheduler in
 * every server that queues it once a minute. Several servers share one database: each
 * minute is claimed by a conditional upsert of a settings row, so only one of them queues
 * that minute's sweep, and the sweep itself is idempotent (an escalation is unique per case
 * and level), so a sweep run twice does no harm.
 */
import { messageOf } from '@vigil/basics';
import type { Executor, MutationContext } from '@vigil/db';
import { enqueueJob, markUnansweredPlatformRequests, requeueDueDeliveries, sweepEscalations } from '@vigil/db';
import { sql } from 'kysely';
import type { Clock } from '../clock';
import type { Logger } from '../logger';

/** The job kind of the sweep. */
export const ESCALATION_SWEEP_JOB = 'respond.escalation-sweep';

/** The settings key holding the last minute whose sweep was queued. */
const SWEEP_SLOT_KEY = 'respond.escalation-sweep.slot';

/**
 * Runs one sweep now: escalations (under the installation's SLA policy), platform requests
 * past their answer deadline marked as no answer, then deliveries due for another attempt
 * (last, so the notifications of this sweep go out with it).
 */
export async function runEscalationSweep(input: { readonly db: Executor; readonly clock: Clock; readonly email: boolean }) {
  const context: MutationContext = { actor: { kind: 'system', id: 'escalation-sweep', label: 'escalation sweep' }, now: input.clock.now() };
  const summary = await sweepEscalations(input.db, context, { email: input.email });
  const platformRequestsUnanswered = await markUnansweredPlatformRequests(input.db, context, { email: input.email });
  const requeued = await requeueDueDeliveries(input.db, { ...context, now: input.clock.now() });
  return { ...summary, platformRequestsUnanswered, deliveriesRequeued: requeued };
}

/**
 * Queues the sweep of the current minute unless another server did: returns whether this
 * call queued it.
 */
export async function queueSweepOnce(input: { readonly db: Executor; readonly clock: Clock }): Promise<boolean> {
  const now = input.clock.now();
  const slot = now.toISOString().slice(0, 16);
  const claimed = await sql<{ key: string }>`
    insert into settings (key, value) values (${SWEEP_SLOT_KEY}, ${JSON.stringify(slot)}::jsonb)
    on conflict (key) do update set value = excluded.value where settings.value is distinct from excluded.value
    returning key`.execute(input.db);
  if (claimed.rows.length === 0) return false;
  await enqueueJob(input.db, { actor: { kind: 'system', id: 'escalation-scheduler', label: 'escalation scheduler' }, now }, { kind: ESCALATION_SWEEP_JOB, payload: { slot }, createdBy: null });
  return true;
}

/** A timer that queues the sweep every `intervalMs` (default one minute). */
export interface EscalationScheduler {
  stop(): Promise<void>;
}

/** Starts queueing sweeps; the job worker runs them. */
export function startEscalationScheduler(input: { readonly db: Executor; readonly clock: Clock; readonly logger: Logger; readonly intervalMs?: number }): EscalationScheduler {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = queueSweepOnce(input).catch((error: unknown) => {
      input.logger.warn('could not queue the escalation sweep', { error: messageOf(error) });
    });
  };
  tick();
  const timer = setInterval(tick, input.intervalMs ?? 60_000);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
