import type { Action } from '@vigil/domain';
import { useTranslation } from 'react-i18next';
import { Page } from '../../../components/page';
import { Link } from '../../../router/router';
import { useSession } from '../../../session/session-context';

/** The parts of respond, each shown to those who may open it. */
const SECTIONS: readonly { readonly id: string; readonly href: string; readonly permission: Action }[] = [
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

/** Respond's landing page: where reports come in, and the pages that handle them. */
export function RespondHomePage() {
  const { t } = useTranslation();
  const { may } = useSession();
  return (
    <Page title={t('respond.common.title')} lead={t('respond.common.lead')}>
      <ul className="card-list">
        {SECTIONS.filter((section) => may(section.permission)).map((section) => (
          <li key={section.id}>
            <Link href={section.href}>{t(`respond.common.sections.${section.id}`)}</Link>
            <p className="hint">{t(`respond.common.sections.${section.id}Description`)}</p>
          </li>
        ))}
        <li>
          <Link href="/report">{t('respond.common.sections.publicForm')}</Link>
          <p className="hint">{t('respond.common.sections.publicFormDescription')}</p>
        </li>
      </ul>
    </Page>
  );
}
