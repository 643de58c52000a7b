import { respondEscalationRoutes as escalation } from '@vigil/api';
import { useTranslation } from 'react-i18next';
import { LoadState } from '../../../components/load-state';
import { Page } from '../../../components/page';
import { useLoad } from '../../../components/use-load';
import { api } from '../../../session/api-client';
import { PlatformRequestItem } from './platform-request-item';

/** Requests addressed to the user's platform organisations, to acknowledge and answer. */
export function PlatformInboxPage() {
  const { t } = useTranslation();
  const inbox = useLoad(() => api.call(escalation.platformInbox, {}), []);
  return (
    <Page title={t('respond.requests.inbox')} lead={t('respond.requests.inboxLead')} back={{ href: '/respond', label: t('respond.escalation.back') }}>
      <LoadState data={inbox.data} problem={inbox.problem}>
        {(data) =>
          data.items.length === 0 ? (
            <p>{t('respond.requests.none')}</p>
          ) : (
            <ul className="card-list">
              {data.items.map((r) => (
                <li key={r.id}>
                  <PlatformRequestItem request={r} onAnswered={inbox.reload} canRecordNoAnswer={false} />
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </Page>
  );
}
