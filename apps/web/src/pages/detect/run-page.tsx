import type { detectRoutes } from '@vigil/api';
import { detectRoutes as contracts } from '@vigil/api';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../components/error-summary';
import { LoadState } from '../../components/load-state';
import { Page } from '../../components/page';
import { Pager } from '../../components/pager';
import { useStatus } from '../../components/status';
import { useAction } from '../../components/use-action';
import { useCursorPages } from '../../components/use-cursor-pages';
import { useLoad } from '../../components/use-load';
import { fillPath } from '@vigil/api';
import { formatDateTime } from '../../lib/format';
import { Link } from '../../router/router';
import { api } from '../../session/api-client';
import { useLoggedIn } from '../../session/session-context';
import { POLL_MS } from './detect-page';
import { formatNumber } from './format';
import { RunStatus } from './run-status';

/** Links to the run's output files, each served as an attachment. */
export function Downloads({ run }: { readonly run: detectRoutes.DetectRun }) {
  const { t } = useTranslation();
  const files = run.summary?.files ?? [];
  return (
    <section aria-labelledby="detect-downloads">
      <h2 id="detect-downloads">{t('detect.downloads.title')}</h2>
      <ul>
        {contracts.DETECT_FILES.filter((file) => files.includes(file)).map((file) => (
          <li key={file}>
            <a href={fillPath(contracts.downloadRunFile.path, { id: run.id, file })} download>
              {file}
            </a>{' '}
            <span className="muted">— {t(`detect.downloads.${file.replace(/\./g, '-')}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Summary({ summary }: { readonly summary: detectRoutes.DetectRunSummary }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <section aria-labelledby="detect-summary">
      <h2 id="detect-summary">{t('detect.summary.title')}</h2>
      <dl className="facts">
        <dt>{t('detect.summary.rows')}</dt>
        <dd>{t('detect.summary.rowsValue', { read: n(summary.import.rowsRead), kept: n(summary.import.rowsKept), rejected: n(summary.import.rowsRejected) })}</dd>
        <dt>{t('detect.summary.accounts')}</dt>
        <dd>{t('detect.summary.accountsValue', { total: n(summary.accounts.total), coordinated: n(summary.accounts.coordinated) })}</dd>
        <dt>{t('detect.summary.edges')}</dt>
        <dd>{t('detect.summary.edgesValue', { candidates: n(summary.edges.candidates), coordinated: n(summary.edges.coordinated) })}</dd>
        <dt>{t('detect.summary.communities')}</dt>
        <dd>{n(summary.communities.count)}</dd>
        <dt>{t('detect.summary.period')}</dt>
        <dd>
          {summary.import.firstTime ? formatDateTime(summary.import.firstTime, i18n.language) : '—'} – {summary.import.lastTime ? formatDateTime(summary.import.lastTime, i18n.language) : '—'}
        </dd>
        <dt>{t('detect.summary.alpha')}</dt>
        <dd>{summary.alpha}</dd>
      </dl>
      <div className="table-wrap">
        <table>
          <caption>{t('detect.summary.methodsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('detect.summary.method')}</th>
              <th scope="col" className="numeric">
                {t('detect.summary.window')}
              </th>
              <th scope="col" className="numeric">
                {t('detect.summary.candidates')}
              </th>
              <th scope="col" className="numeric">
                {t('detect.summary.coordinatedEdges')}
              </th>
              <th scope="col" className="numeric">
                {t('detect.summary.methodAccounts')}
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.methods.map((method) => (
              <tr key={method.method}>
                <th scope="row">{t(`detect.methods.${method.method}`)}</th>
                {method.status === 'no-data' ? (
                  <td colSpan={4}>{t('detect.summary.noData')}</td>
                ) : (
                  <>
                    <td className="numeric">{method.window === undefined ? '—' : `${method.window} s`}</td>
                    <td className="numeric">{method.candidateEdges === undefined ? '—' : n(method.candidateEdges)}</td>
                    <td className="numeric">{method.coordinatedEdges === undefined ? '—' : n(method.coordinatedEdges)}</td>
                    <td className="numeric">{method.accounts === undefined ? '—' : n(method.accounts)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {summary.import.badRows.length > 0 ? (
        <details>
          <summary>{t('detect.summary.badRows', { count: summary.import.rowsRejected })}</summary>
          <ul>
            {summary.import.badRows.slice(0, 20).map((row) => (
              <li key={`${row.line}-${row.reason}`}>{t('detect.summary.badRow', { line: row.line, detail: row.detail })}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

function Communities({ runId }: { readonly runId: string }) {
  const { t } = useTranslation();
  const pages = useCursorPages((cursor) => api.call(contracts.listCommunities, { params: { id: runId }, query: { cursor, limit: 50 } }), [runId]);
  return (
    <section aria-labelledby="detect-communities">
      <h2 id="detect-communities">{t('detect.communities.title')}</h2>
      <LoadState data={pages.data} problem={pages.problem}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('detect.communities.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('detect.communities.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('detect.communities.community')}</th>
                    <th scope="col" className="numeric">
                      {t('detect.communities.size')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('detect.communities.edges')}
                    </th>
                    <th scope="col">{t('detect.communities.behaviours')}</th>
                    <th scope="col">{t('detect.communities.accounts')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((community) => (
                    <tr key={community.community}>
                      <th scope="row">
                        <Link href={`/detect/runs/${runId}/communities/${community.community}`}>{t('detect.communities.name', { number: community.community })}</Link>
                      </th>
                      <td className="numeric">{community.size}</td>
                      <td className="numeric">{community.edges}</td>
                      <td>{community.behaviours.map((behaviour) => t(`detect.methods.${behaviour}`)).join(', ')}</td>
                      <td>
                        {community.accountsPreview.join(', ')}
                        {community.size > community.accountsPreview.length ? '…' : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
      <Pager {...pages.pager} label={t('detect.communities.title')} />
    </section>
  );
}

/** Cancels a queued or running run after the user confirms: its process is stopped, its partial outputs removed. */
function CancelRun({ runId, onCancelled }: { readonly runId: string; readonly onCancelled: () => void }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  return (
    <div className="actions">
      {action.problem ? <ErrorSummary problem={action.problem} /> : null}
      <button
        type="button"
        className="secondary"
        disabled={action.busy}
        onClick={() => {
          if (!window.confirm(t('detect.run.cancelConfirm'))) return;
          void action.run(async () => {
            await api.call(contracts.cancelRun, { params: { id: runId } });
            announce(t('detect.run.cancelled'));
            onCancelled();
          });
        }}
      >
        {t('detect.run.cancel')}
      </button>
    </div>
  );
}

/** One run: live progress while it runs, its error if it failed, else its summary and communities. */
export function RunPage({ id }: { readonly id: string }) {
  const { t, i18n } = useTranslation();
  const { may } = useLoggedIn();
  const loaded = useLoad(() => api.call(contracts.getRun, { params: { id } }), [id]);
  const run = loaded.data;
  const active = run?.status === 'queued' || run?.status === 'running';
  const { reload } = loaded;
  useEffect(() => {
    if (!active) return undefined;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [active, run, reload]);
  return (
    <Page back={{ href: '/detect', label: t('detect.home.title') }} title={run ? t('detect.run.pageTitle', { dataset: run.datasetName }) : t('detect.run.pageTitleShort')}>
      <LoadState data={run} problem={loaded.problem}>
        {(current) => (
          <>
            <p>
              {t('detect.run.started', { when: formatDateTime(current.createdAt, i18n.language) })}{' '}
              <Link href={`/detect/datasets/${current.datasetId}`}>{current.datasetName}</Link>
            </p>
            <div role="status" aria-live="polite">
              <RunStatus run={current} />
            </div>
            {active && may('detect.run') ? <CancelRun runId={current.id} onCancelled={reload} /> : null}
            {current.status === 'cancelled' ? <p>{t('detect.run.cancelledLead')}</p> : null}
            {current.status === 'failed' ? (
              <div className="error-summary" role="alert">
                <h2>{t('detect.run.failed')}</h2>
                <p>{current.error}</p>
              </div>
            ) : null}
            {current.summary ? (
              <>
                <Summary summary={current.summary} />
                <Communities runId={current.id} />
                <Downloads run={current} />
              </>
            ) : null}
          </>
        )}
      </LoadState>
    </Page>
  );
}
