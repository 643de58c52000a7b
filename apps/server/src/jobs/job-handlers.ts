/**
 * The background jobs this server runs, by kind. Each capability adds its handlers here
 * (for example detection runs); the worker started by `listen` claims jobs of these kinds.
 */
import { DETECT_RUN_JOB } from '@vigil/db';
import type { Services } from '../context';
import { detectRunJob } from '../detect/detect-run-job';
import type { JobHandler } from '../job-worker';

/** Every job handler of the server, over its services. */
export function jobHandlers(services: Services): Readonly<Record<string, JobHandler>> {
  return {
    [DETECT_RUN_JOB]: detectRunJob(services),
  };
}
