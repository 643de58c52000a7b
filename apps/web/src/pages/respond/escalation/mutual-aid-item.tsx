import type { respondEscalationRoutes } from '@vigil/api';
import { respondEscalationRoutes as escalation } from '@vigil/api';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../../components/error-summary';
import { TextField } from '../../../components/fields';
import { useStatus } from '../../../components/status';
import { useAction } from '../../../components/use-action';
import { formatDateTime } from '../../../lib/format';
import { api } from '../../../session/api-client';
import { useSession } from '../../../session/session-context';

/** One mutual-aid request, with accept/decline for the organisation asked. */
export function MutualAidItem({ request, names, onAnswered }: { readonly request: respondEscalationRoutes.MutualAid; readonly names: ReadonlyMap<string, string>; readonly onAnswered: () => void }) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const { announce } = useStatus();
  const action = useAction();
  const [note, setNote] = useState('');
  const form = `aid-${request.id}`;
  const asked = session?.actor.kind === 'user' && session.actor.memberships.some((m) => m.organisationId === request.toOrganisationId);
  function answer(accept: boolean): void {
    void action.run(async () => {
      await api.call(escalation.answerMutualAid, { params: { id: request.id }, body: { accept, note } });
      announce(t(accept ? 'respond.escalation.aid.accepted' : 'respond.escalation.aid.declined'));
      onAnswered();
    });
  }
  return (
    <>
      <p>
        <strong>{request.caseReference}</strong> — {names.get(request.fromJurisdictionId) ?? ''} → {names.get(request.toJurisdictionId) ?? ''} ({t(`respond.escalation.aid.statuses.${request.status}`)},{' '}
        {formatDateTime(request.requestedAt, i18n.language)})
      </p>
      <p style={{ whiteSpace: 'pre-wrap' }}>{request.message}</p>
      {request.responseNote ? <p className="hint">{request.responseNote}</p> : null}
      {asked && request.status === 'requested' ? (
        <form id={form} className="form" onSubmit={(event) => event.preventDefault()} noValidate>
          <ErrorSummary problem={action.problem} form={form} />
          <TextField form={form} path="note" label={t('respond.escalation.aid.note')} value={note} onChange={(e) => setNote(e.target.value)} errors={action.errors} />
          <button type="button" disabled={action.busy} onClick={() => answer(true)}>
            {t('respond.escalation.aid.accept')}
          </button>{' '}
          <button type="button" className="secondary" disabled={action.busy} onClick={() => answer(false)}>
            {t('respond.escalation.aid.decline')}
          </button>
        </form>
      ) : null}
    </>
  );
}
