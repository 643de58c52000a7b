import { respondEscalationRoutes as escalation } from '@vigil/api';
import { useTranslation } from 'react-i18next';
import { LoadState } from '../../../components/load-state';
import { Page } from '../../../components/page';
import { useLoad } from '../../../components/use-load';
import { Link } from '../../../router/router';
import { api } from '../../../session/api-client';
import { NoticeItem } from './notice-item';

/** Notices of the cases the user can see: drafts awaiting a decision, published and withdrawn ones. */
export function NoticesPage() {
  const { t } = useTranslation();
  const list = useLoad(() => api.call(escalation.listNotices, { query: {} }), []);
  return (
    <Page title={t('respond.notices.title')} lead={t('respond.notices.lead')} back={{ href: '/respond', label: t('respond.escalation.back') }} actions={<Link href="/notices">{t('respond.notices.publicLink')}</Link>}>
      <LoadState data={list.data} problem={list.problem}>
        {(data) =>
          data.items.length === 0 ? (
            <p>{t('respond.notices.none')}</p>
          ) : (
            <ul className="card-list">
              {data.items.map((n) => (
                <li key={n.id}>
                  <NoticeItem notice={n} onChanged={list.reload} />
                  <p>
                    <Link href={`/respond/cases/${n.caseId}/escalation`}>{t('respond.notices.openCase', { reference: n.caseReference })}</Link>
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </Page>
  );
}
