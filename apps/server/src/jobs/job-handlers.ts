/**
 * The background jobs this server runs, by kind. Each capability adds its handlers here
 * (for example detection runs); the worker started by `listen` claims jobs of these kinds.
 */
import { DELIVER_JOB_KIND, DETECT_RUN_JOB } from '@vigil/db';
import type { Services } from '../context';
import { detectRunJob } from '../detect/detect-run-job';
import type { JobHandler } from '../job-worker';
import { ESCALATION_SWEEP_JOB, runEscalationSweep } from '../respond/escalation-sweep';
import { deliverNotifications } from '../respond/notification-delivery';

/** Every job handler of the server, over its services. */
export function jobHandlers(services: Services): Readonly<Record<string, JobHandler>> {
  return {
    [DETECT_RUN_JOB]: detectRunJob(services),
    [ESCALATION_SWEEP_JOB]: async () => runEscalationSweep({ db: services.db, clock: services.clock, email: services.config.smtp !== undefined }),
    [DELIVER_JOB_KIND]: async ({ payload }) => deliverNotifications({ db: services.db, clock: services.clock, logger: services.logger, smtp: services.config.smtp, payload }),
  };
}
