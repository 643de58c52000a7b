/**
 * HTTP contract of respond's settings: the installation's SLA policy (times to acknowledge and
 * update per calendar phase and severity, phase bounds, escalation threshold), read by every
 * user with `case.read` and set by coordinators and administrators of election bodies
 * (`playbook.manage`). The body is validated with `SlaPolicySchema` (ranges and both
 * monotonicity rules), so every problem comes back with its path, e.g.
 * `/times/election/critical/acknowledgeMinutes`.
 */
import { SlaPolicySchema } from '@vigil/domain';
import { z } from 'zod';
import { defineRoute } from './contract';

const TAG = 'respond';

export const SlaPolicySettingSchema = z.object({
  policy: SlaPolicySchema,
  /** False while the built-in default applies. */
  custom: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedByLabel: z.string().nullable(),
  /** Whether the caller may change it. */
  canEdit: z.boolean(),
  /** The built-in default, to compare with or go back to. */
  defaultPolicy: SlaPolicySchema,
});
export type SlaPolicySettingView = z.infer<typeof SlaPolicySettingSchema>;

export const getSlaPolicy = defineRoute({
  method: 'get',
  path: '/api/v1/respond/sla-policy',
  summary: 'The SLA policy every case clock uses (the default until the installation sets one)',
  tag: TAG,
  permission: 'case.read',
  status: 200,
  response: SlaPolicySettingSchema,
});

export const setSlaPolicy = defineRoute({
  method: 'put',
  path: '/api/v1/respond/sla-policy',
  summary: 'Set the SLA policy: times per phase and severity (minutes), phase bounds, escalation threshold; audited',
  tag: TAG,
  permission: 'playbook.manage',
  body: SlaPolicySchema,
  status: 200,
  response: SlaPolicySettingSchema,
});
