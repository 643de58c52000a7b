import type { AppRoute } from '../../../router/app-route';
import { param } from '../../../router/app-route';
import { PlanPage } from '../plans/plan-page';
import { PlansPage } from '../plans/plans-page';
import { PlaybookEditPage } from '../playbooks/playbook-edit-page';
import { PlaybookPage } from '../playbooks/playbook-page';
import { PlaybooksPage } from '../playbooks/playbooks-page';
import { CaseNewPage } from './case-new-page';
import { CasePage } from './case-page';
import { CasesPage } from './cases-page';

/** Respond's case, playbook and contingency-plan pages (R2); literal paths before parameterised ones. */
export const caseRoutes: readonly AppRoute[] = [
  { pattern: '/respond/cases', permission: 'case.read', render: () => <CasesPage /> },
  { pattern: '/respond/cases/new', permission: 'case.write', render: () => <CaseNewPage /> },
  { pattern: '/respond/cases/:id', permission: 'case.read', render: (p) => <CasePage id={param(p, 'id')} /> },
  { pattern: '/respond/playbooks', permission: 'case.read', render: () => <PlaybooksPage /> },
  { pattern: '/respond/playbooks/new', permission: 'playbook.manage', render: () => <PlaybookEditPage /> },
  { pattern: '/respond/playbooks/:id', permission: 'case.read', render: (p) => <PlaybookPage id={param(p, 'id')} /> },
  { pattern: '/respond/playbooks/:id/edit', permission: 'playbook.manage', render: (p) => <PlaybookEditPage id={param(p, 'id')} /> },
  { pattern: '/respond/plans', permission: 'case.read', render: () => <PlansPage /> },
  { pattern: '/respond/plans/:id', permission: 'case.read', render: (p) => <PlanPage id={param(p, 'id')} /> },
];
