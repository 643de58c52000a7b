import type { Action } from '@vigil/domain';

/**
 * The parts of respond on its home page, each shown to those who may open it; each has a label
 * `respond.common.sections.<id>` and a description `<id>Description`.
 */
export const RESPOND_SECTIONS: readonly {
  readonly id: string;
  readonly href: string;
  readonly permission: Action;
}[] = [
  { id: 'triage', href: '/respond/reports', permission: 'report.read' },
  { id: 'cases', href: '/respond/cases', permission: 'case.read' },
  { id: 'playbooks', href: '/respond/playbooks', permission: 'case.read' },
  { id: 'plans', href: '/respond/plans', permission: 'case.read' },
  { id: 'escalation', href: '/respond/escalation', permission: 'case.read' },
  { id: 'notices', href: '/respond/notices', permission: 'case.read' },
  { id: 'requests', href: '/respond/requests', permission: 'case.read' },
  { id: 'notifications', href: '/respond/notifications', permission: 'session.self' },
  { id: 'slaPolicy', href: '/respond/settings/sla', permission: 'case.read' },
];
