import type { AppRoute } from '../../router/app-route';
import { caseRoutes } from './cases/case-routes';
import { escalationPublicRoutes, escalationRoutes } from './escalation/escalation-routes';
import { intakePublicRoutes } from './intake/intake-routes';
import { settingsRoutes } from './settings/settings-routes';
import { triageRoutes } from './triage/triage-routes';

/**
 * Respond's pages: intake and triage (R1), cases, playbooks and contingency plans (R2),
 * escalation and notices (R3), settings (the SLA policy); each adds its own entries.
 */
export const routes: readonly AppRoute[] = [...triageRoutes, ...caseRoutes, ...escalationRoutes, ...settingsRoutes];

/** Pages anyone may open without an account: the public report form and tracking page (R1). */
export const publicRoutes: readonly AppRoute[] = [...intakePublicRoutes, ...escalationPublicRoutes];
