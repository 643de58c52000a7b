import { respondEscalationRoutes as escalation } from '@vigil/api';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../../components/error-summary';
import { useStatus } from '../../../components/status';
import { useAction } from '../../../components/use-action';
import { formatDateTime } from '../../../lib/format';
import { api } from '../../../session/api-client';

const NEXT: Record<escalation.Notice['status'], readonly ('approved' | 'published' | 'withdrawn')[]> = {
  draft: ['approved'],
  approved: ['published'],
  published: ['withdrawn'],
  withdrawn: [],
};

/** A notice with its status; the case's decision owner approves, publishes or withdraws it. */
export function NoticeItem({ notice, onChanged }: { readonly notice: escalation.Notice; readonly onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  function move(to: 'approved' | 'published' | 'withdrawn'): void {
    void action.run(async () => {
      await api.call(escalation.moveNotice, { params: { id: notice.id }, body: { status: to } });
      announce(t(`respond.notices.moved.${to}`));
      onChanged();
    });
  }
  return (
    <article aria-labelledby={`notice-${notice.id}`}>
      <h3 id={`notice-${notice.id}`}>{notice.title}</h3>
      <p>
        <span data-testid="notice-status">{t(`respond.notices.statuses.${notice.status}`)}</span> · {notice.caseReference} · {notice.jurisdictionName}
        {notice.publishedAt ? ` · ${formatDateTime(notice.publishedAt, i18n.language)}` : ''}
      </p>
      <p style={{ whiteSpace: 'pre-wrap' }}>{notice.body}</p>
      <p className="hint">
        {t('respond.notices.fields.publicOutcome')}: {notice.publicOutcome}
      </p>
      <ErrorSummary problem={action.problem} />
      {notice.canDecide
        ? NEXT[notice.status].map((to) => (
            <button key={to} type="button" disabled={action.busy} onClick={() => move(to)}>
              {t(`respond.notices.actions.${to}`)}
            </button>
          ))
        : NEXT[notice.status].length > 0 && notice.status !== 'published' ? (
            <p className="hint">{t('respond.notices.awaitingDecision')}</p>
          ) : null}
    </article>
  );
}
