import type { detectRoutes } from '@vigil/api';
import { useTranslation } from 'react-i18next';

/** A run's state in words, with a progress bar while it runs. */
export function RunStatus({ run }: { readonly run: Pick<detectRoutes.DetectRun, 'status' | 'progress' | 'message' | 'id'> }) {
  const { t } = useTranslation();
  const percent = Math.round(run.progress * 100);
  return (
    <span className="detect-run-status">
      <span>{t(`detect.status.${run.status}`)}</span>
      {run.status === 'running' || run.status === 'queued' ? (
        <>
          {' '}
          <progress max={100} value={percent} aria-label={t('detect.runs.progressOf', { id: run.id.slice(0, 8) })}>
            {percent}%
          </progress>{' '}
          <span>{percent}%</span>
          {run.message ? <span className="muted"> — {run.message}</span> : null}
        </>
      ) : null}
    </span>
  );
}
