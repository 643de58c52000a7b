import type { AppRoute } from '../../../router/app-route';
import { param } from '../../../router/app-route';
import { ReportFormPage } from './report-form-page';
import { TrackPage } from './track-page';

/** Public pages of intake: the report form and the tracking page (no account). */
export const intakePublicRoutes: readonly AppRoute[] = [
  { pattern: '/report', permission: 'session.self', render: () => <ReportFormPage /> },
  { pattern: '/report/track', permission: 'session.self', render: () => <TrackPage code="" /> },
  { pattern: '/report/track/:code', permission: 'session.self', render: (p) => <TrackPage code={param(p, 'code')} /> },
];
