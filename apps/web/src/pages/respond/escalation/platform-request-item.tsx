import { respondEscalationRoutes as escalation } from '@vigil/api';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../../components/error-summary';
import { SelectField, TextField } from '../../../components/fields';
import { useStatus } from '../../../components/status';
import { useAction } from '../../../components/use-action';
import { formatDateTime } from '../../../lib/format';
import { api } from '../../../session/api-client';
import { useSession } from '../../../session/session-context';

type Answer = 'acknowledged' | 'actioned' | 'refused' | 'no-answer';

/** A request to a platform with its history; the platform answers it, the requester may record no answer. */
export function PlatformRequestItem({
  request,
  onAnswered,
  canRecordNoAnswer,
}: {
  readonly request: escalation.PlatformRequest;
  readonly onAnswered: () => void;
  readonly canRecordNoAnswer: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const { announce } = useStatus();
  const action = useAction();
  const forPlatform = session?.actor.kind === 'user' && session.actor.memberships.some((m) => m.organisationId === request.platformOrganisationId);
  const choices: Answer[] = [...(forPlatform ? (['acknowledged', 'actioned', 'refused'] as const) : []), ...(canRecordNoAnswer ? (['no-answer'] as const) : [])];
  const [status, setStatus] = useState<Answer>(choices[0] ?? 'acknowledged');
  const [note, setNote] = useState('');
  const form = `request-${request.id}`;
  const open = request.status !== 'actioned' && request.status !== 'refused';
  return (
    <>
      <p>
        <strong>{t(`respond.requests.kinds.${request.kind}`)}</strong> — {request.platformName} · {request.caseReference} ·{' '}
        <span data-testid="request-status">{t(`respond.requests.statuses.${request.status}`)}</span> ({formatDateTime(request.requestedAt, i18n.language)})
      </p>
      <ul>
        {request.targets.map((target) => (
          <li key={target}>
            <code>{target}</code>
          </li>
        ))}
      </ul>
      <p style={{ whiteSpace: 'pre-wrap' }}>{request.justification}</p>
      {request.answers.length > 0 ? (
        <ol className="hint">
          {request.answers.map((a) => (
            <li key={a.at}>
              {formatDateTime(a.at, i18n.language)} — {t(`respond.requests.statuses.${a.status}`)} ({a.by}){a.note ? `: ${a.note}` : ''}
            </li>
          ))}
        </ol>
      ) : null}
      {request.outcome ? (
        <p>
          {t('respond.requests.outcome')}: {request.outcome}
        </p>
      ) : null}
      {open && choices.length > 0 ? (
        <form
          id={form}
          className="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void action.run(async () => {
              await api.call(escalation.answerPlatformRequest, { params: { id: request.id }, body: { status, note } });
              setNote('');
              announce(t('respond.requests.answered'));
              onAnswered();
            });
          }}
        >
          <ErrorSummary problem={action.problem} form={form} />
          <SelectField form={form} path="status" label={t('respond.requests.answer')} value={status} options={choices.map((c) => ({ value: c, label: t(`respond.requests.statuses.${c}`) }))} onChange={(e) => setStatus(e.target.value as Answer)} errors={action.errors} />
          <TextField form={form} path="note" label={t('respond.requests.note')} value={note} onChange={(e) => setNote(e.target.value)} errors={action.errors} />
          <button type="submit" disabled={action.busy}>
            {t('respond.requests.record')}
          </button>
        </form>
      ) : null}
    </>
  );
}
