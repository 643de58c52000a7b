import { respondReportRoutes } from '@vigil/api';
import type { FormEvent } from 'react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../../components/error-summary';
import { TextField } from '../../../components/fields';
import { useLoad } from '../../../components/use-load';
import { formatDateTime } from '../../../lib/format';
import { navigate } from '../../../router/router';
import { api } from '../../../session/api-client';
import { PublicLayout } from './public-layout';

const FORM = 'track-form';

/** The reporter's tracking page: a report's status and public outcome, by its code; nothing else. */
export function TrackPage({ code }: { readonly code: string }) {
  const { t, i18n } = useTranslation();
  const [typed, setTyped] = useState(code);
  useEffect(() => {
    document.title = `${t('respond.intake.trackTitle')} — ${t('app.name')}`;
  }, [t]);
  const status = useLoad(async () => (code ? api.call(respondReportRoutes.getPublicReportStatus, { params: { trackingCode: code } }) : null), [code]);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (typed.trim()) navigate(`/report/track/${encodeURIComponent(typed.trim())}`);
  }

  return (
    <PublicLayout>
      <h1>{t('respond.intake.trackTitle')}</h1>
      <form id={FORM} className="form form-inline" onSubmit={submit} noValidate>
        <TextField form={FORM} path="trackingCode" label={t('respond.intake.trackCode')} hint={t('respond.intake.trackCodeHint')} value={typed} autoComplete="off" spellCheck={false} onChange={(event) => setTyped(event.target.value)} />
        <button type="submit">{t('respond.intake.trackSubmit')}</button>
      </form>
      {code && status.problem ? (
        // A malformed or unknown code gets one sentence in the reader's language: the server's
        // field path and English detail mean nothing to a member of the public.
        <ErrorSummary
          problem={status.problem.status === 400 || status.problem.status === 404 ? { ...status.problem, detail: undefined, errors: undefined } : status.problem}
          message={status.problem.status === 400 ? t('respond.intake.trackBadCode') : status.problem.status === 404 ? t('respond.intake.trackNotFound') : undefined}
        />
      ) : null}
      {status.data ? (
        <section aria-labelledby="track-result" className="track-result">
          <h2 id="track-result">{t('respond.intake.trackResult', { code: status.data.trackingCode })}</h2>
          <dl className="details">
            <dt>{t('respond.intake.trackStatus')}</dt>
            <dd data-testid="report-status">{t(`respond.common.publicStatuses.${status.data.status}`)}</dd>
            <dt>{t('respond.intake.trackReceived')}</dt>
            <dd>{formatDateTime(status.data.receivedAt, i18n.language)}</dd>
            <dt>{t('respond.intake.trackUpdated')}</dt>
            <dd>{formatDateTime(status.data.updatedAt, i18n.language)}</dd>
            <dt>{t('respond.intake.trackOutcome')}</dt>
            <dd style={{ whiteSpace: 'pre-wrap' }} data-testid="report-outcome">
              {status.data.publicOutcome ?? t('respond.intake.trackNoOutcome')}
            </dd>
          </dl>
        </section>
      ) : null}
    </PublicLayout>
  );
}
