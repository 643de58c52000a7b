import { respondEscalationRoutes as escalation } from '@vigil/api';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../../components/error-summary';
import { useLoad } from '../../../components/use-load';
import { formatDateTime } from '../../../lib/format';
import { api } from '../../../session/api-client';
import { PublicLayout } from '../intake/public-layout';

/** The public portal's notices: what the authorities published about incidents (no account). */
export function PublicNoticesPage() {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    document.title = `${t('respond.notices.publicTitle')} — ${t('app.name')}`;
  }, [t]);
  const list = useLoad(() => api.call(escalation.publicNotices, { query: { limit: 50 } }), []);
  return (
    <PublicLayout>
      <h1>{t('respond.notices.publicTitle')}</h1>
      <p className="lead">{t('respond.notices.publicLead')}</p>
      {list.problem ? <ErrorSummary problem={list.problem} /> : null}
      {list.data && list.data.items.length === 0 ? <p>{t('respond.notices.publicNone')}</p> : null}
      {(list.data?.items ?? []).map((n) => (
        <article key={n.id} aria-labelledby={`public-notice-${n.id}`} className="panel">
          <h2 id={`public-notice-${n.id}`}>{n.title}</h2>
          <p className="hint">
            {n.jurisdictionName} · {formatDateTime(n.publishedAt, i18n.language)}
          </p>
          <p style={{ whiteSpace: 'pre-wrap' }}>{n.body}</p>
        </article>
      ))}
    </PublicLayout>
  );
}
