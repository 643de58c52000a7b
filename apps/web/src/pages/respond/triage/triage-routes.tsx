import type { AppRoute } from '../../../router/app-route';
import { param } from '../../../router/app-route';
import { ReportPage } from './report-page';
import { RespondHomePage } from './respond-home-page';
import { TriageQueuePage } from './triage-queue-page';

/** Respond's landing page and the triage queue. */
export const triageRoutes: readonly AppRoute[] = [
  { pattern: '/respond', permission: 'case.read', render: () => <RespondHomePage /> },
  { pattern: '/respond/reports', permission: 'report.read', render: () => <TriageQueuePage /> },
  { pattern: '/respond/reports/:id', permission: 'report.read', render: (p) => <ReportPage id={param(p, 'id')} /> },
];
