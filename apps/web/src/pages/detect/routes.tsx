import type { AppRoute } from '../../router/app-route';
import { param } from '../../router/app-route';
import { CommunityPage } from './community-page';
import { DatasetPage } from './dataset-page';
import { DetectPage } from './detect-page';
import { EvidencePage } from './evidence-page';
import { RunPage } from './run-page';

/** Detection's pages; literal paths before parameterised ones. */
export const routes: readonly AppRoute[] = [
  { pattern: '/detect', permission: 'detect.read', render: () => <DetectPage /> },
  { pattern: '/detect/datasets/:id', permission: 'detect.read', render: (p) => <DatasetPage id={param(p, 'id')} /> },
  { pattern: '/detect/runs/:id', permission: 'detect.read', render: (p) => <RunPage id={param(p, 'id')} /> },
  {
    pattern: '/detect/runs/:id/communities/:community',
    permission: 'detect.read',
    render: (p) => <CommunityPage runId={param(p, 'id')} community={Number(param(p, 'community'))} />,
  },
  {
    pattern: '/detect/runs/:id/communities/:community/evidence',
    permission: 'detect.read',
    render: (p) => <EvidencePage runId={param(p, 'id')} community={Number(param(p, 'community'))} />,
  },
];
