import { respondEscalationRoutes as escalation } from '@vigil/api';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../../components/error-summary';
import { LoadState } from '../../../components/load-state';
import { Page } from '../../../components/page';
import { useStatus } from '../../../components/status';
import { useAction } from '../../../components/use-action';
import { useLoad } from '../../../components/use-load';
import { formatDateTime } from '../../../lib/format';
import { Link } from '../../../router/router';
import { api } from '../../../session/api-client';

/** The user's notifications (escalations, breaches, mutual aid, requests, notices), newest first. */
export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const { announce } = useStatus();
  const list = useLoad(() => api.call(escalation.listNotifications, { query: { limit: 100 } }), []);
  const action = useAction();
  function read(ids: string[] | 'all'): void {
    void action.run(async () => {
      await api.call(escalation.markNotificationsRead, { body: ids === 'all' ? { all: true } : { ids } });
      announce(t('respond.notifications.marked'));
      list.reload();
    });
  }
  return (
    <Page
      title={t('respond.notifications.title')}
      lead={list.data ? t('respond.notifications.unread', { count: list.data.unread }) : undefined}
      actions={
        list.data && list.data.unread > 0 ? (
          <button type="button" onClick={() => read('all')} disabled={action.busy}>
            {t('respond.notifications.readAll')}
          </button>
        ) : null
      }
    >
      <ErrorSummary problem={action.problem} />
      <LoadState data={list.data} problem={list.problem}>
        {(data) =>
          data.items.length === 0 ? (
            <p>{t('respond.notifications.none')}</p>
          ) : (
            <ul className="card-list">
              {data.items.map((n) => (
                <li key={n.id} className={n.readAt ? undefined : 'unread'}>
                  <p>
                    {n.readAt ? null : <strong>{t('respond.notifications.new')} </strong>}
                    {n.link ? <Link href={n.link}>{n.title}</Link> : n.title} <span className="hint">{formatDateTime(n.createdAt, i18n.language)}</span>
                  </p>
                  <p style={{ whiteSpace: 'pre-wrap' }}>{n.body}</p>
                  {n.readAt ? null : (
                    <button type="button" className="secondary" onClick={() => read([n.id])} disabled={action.busy}>
                      {t('respond.notifications.markRead')}
                      <span className="visually-hidden"> {n.title}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </Page>
  );
}
