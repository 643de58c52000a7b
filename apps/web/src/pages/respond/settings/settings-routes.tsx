import type { AppRoute } from '../../../router/app-route';
import { SlaPolicyPage } from './sla-policy-page';

/** Respond's settings pages: the SLA policy (read by all who read cases; edited with playbook.manage). */
export const settingsRoutes: readonly AppRoute[] = [{ pattern: '/respond/settings/sla', permission: 'case.read', render: () => <SlaPolicyPage /> }];
