/**
 * Respond's settings routes: the installation's SLA policy, read by everyone who reads cases
 * (the boards show its clocks) and set by coordinators and administrators of election bodies.
 */
import { respondSettingsRoutes as routes } from '@vigil/api';
import { getSlaPolicySetting, setSlaPolicy } from '@vigil/db';
import type { Actor } from '@vigil/domain';
import { can, DEFAULT_SLA_POLICY } from '@vigil/domain';
import type { FeatureRouter } from './feature';

/** Respond: settings (the SLA policy). */
export function respondSettingsRoutes(router: FeatureRouter): void {
  const db = router.services.db;
  const view = async (actor: Actor) => ({ ...(await getSlaPolicySetting(db)), canEdit: can(actor, 'playbook.manage'), defaultPolicy: DEFAULT_SLA_POLICY });

  router.route(routes.getSlaPolicy, async ({ auth }) => view(auth.actor));

  router.route(routes.setSlaPolicy, async ({ body, auth, mutation }) => {
    await setSlaPolicy(db, mutation, body);
    return view(auth.actor);
  });
}
