import type { AppRoute } from '../../../router/app-route';
import { param } from '../../../router/app-route';
import { NoticesPage } from '../notices/notices-page';
import { PublicNoticesPage } from '../notices/public-notices-page';
import { CaseEscalationPage } from './case-escalation-page';
import { EscalationBoardPage } from './escalation-board-page';
import { NotificationsPage } from './notifications-page';
import { PlatformInboxPage } from './platform-inbox-page';

/** Respond's escalation and publishing pages (R3). */
export const escalationRoutes: readonly AppRoute[] = [
  { pattern: '/respond/escalation', permission: 'case.read', render: () => <EscalationBoardPage /> },
  { pattern: '/respond/notifications', permission: 'session.self', render: () => <NotificationsPage /> },
  { pattern: '/respond/requests', permission: 'case.read', render: () => <PlatformInboxPage /> },
  { pattern: '/respond/notices', permission: 'case.read', render: () => <NoticesPage /> },
  { pattern: '/respond/cases/:id/escalation', permission: 'case.read', render: (p) => <CaseEscalationPage id={param(p, 'id')} /> },
];

/** The public portal's notices (no account). */
export const escalationPublicRoutes: readonly AppRoute[] = [{ pattern: '/notices', permission: 'session.self', render: () => <PublicNoticesPage /> }];
