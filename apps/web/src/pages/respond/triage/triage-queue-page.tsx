import { respondReportRoutes } from '@vigil/api';
import type { IncidentType, ReportSource, ReportStatus } from '@vigil/domain';
import { INCIDENT_TYPES, REPORT_SOURCES, REPORT_STATUSES } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../../components/error-summary';
import { SelectField, TextField } from '../../../components/fields';
import { LoadState } from '../../../components/load-state';
import { Page } from '../../../components/page';
import { Pager } from '../../../components/pager';
import { useStatus } from '../../../components/status';
import { useAction } from '../../../components/use-action';
import { useCursorPages } from '../../../components/use-cursor-pages';
import { useLoad } from '../../../components/use-load';
import { formatDateTime } from '../../../lib/format';
import { Link } from '../../../router/router';
import { api } from '../../../session/api-client';
import { useSession } from '../../../session/session-context';

const FILTERS = 'triage-filters';

interface Filters {
  status: ReportStatus | '';
  category: IncidentType | '';
  source: ReportSource | '';
  minTrust: string;
  jurisdictionId: string;
  q: string;
}

const INITIAL: Filters = { status: 'new', category: '', source: '', minTrust: '', jurisdictionId: '', q: '' };

/** The triage queue: new reports first, filters, groups of near-duplicates, bulk archive. */
export function TriageQueuePage() {
  const { t, i18n } = useTranslation();
  const { may } = useSession();
  const { announce } = useStatus();
  const [draft, setDraft] = useState<Filters>(INITIAL);
  const [filters, setFilters] = useState<Filters>(INITIAL);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const archive = useAction();
  const jurisdictions = useLoad(() => api.call(respondReportRoutes.listPublicJurisdictions, {}), []);
  const jurisdictionName = new Map((jurisdictions.data?.items ?? []).map((j) => [j.id, j.name]));
  const pages = useCursorPages(
    (cursor) =>
      api.call(respondReportRoutes.listReports, {
        query: {
          cursor,
          limit: 50,
          ...(filters.status ? { status: filters.status } : {}),
          ...(filters.category ? { category: filters.category } : {}),
          ...(filters.source ? { source: filters.source } : {}),
          ...(filters.minTrust ? { minTrust: Number(filters.minTrust) } : {}),
          ...(filters.jurisdictionId ? { jurisdictionId: filters.jurisdictionId } : {}),
          ...(filters.q.trim() ? { q: filters.q.trim() } : {}),
        },
      }),
    [filters],
  );

  const set = (key: keyof Filters) => (event: { target: { value: string } }) => setDraft((previous) => ({ ...previous, [key]: event.target.value }));

  function apply(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setSelected(new Set());
    setFilters(draft);
  }

  function toggle(id: string): void {
    setSelected((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function archiveSelected(): void {
    const ids = [...selected];
    void archive
      .run(async () => {
        const result = await api.call(respondReportRoutes.archiveReports, { body: { ids } });
        announce(t('respond.triage.archived', { count: result.archived }));
        setSelected(new Set());
      })
      .then((done) => {
        if (done) pages.reload();
      });
  }

  const canTriage = may('report.triage');
  return (
    <Page title={t('respond.triage.title')} lead={t('respond.triage.lead')} back={{ href: '/respond', label: t('respond.common.home') }}>
      <form id={FILTERS} className="filters" onSubmit={apply} noValidate>
        <fieldset>
          <legend>{t('respond.triage.filters')}</legend>
          <SelectField form={FILTERS} path="status" label={t('respond.triage.status')} value={draft.status} emptyLabel={t('respond.triage.any')} options={REPORT_STATUSES.map((value) => ({ value, label: t(`respond.common.statuses.${value}`) }))} onChange={set('status')} />
          <SelectField form={FILTERS} path="category" label={t('respond.triage.category')} value={draft.category} emptyLabel={t('respond.triage.any')} options={INCIDENT_TYPES.map((value) => ({ value, label: t(`respond.common.incidentTypes.${value}`) }))} onChange={set('category')} />
          <SelectField form={FILTERS} path="source" label={t('respond.triage.source')} value={draft.source} emptyLabel={t('respond.triage.any')} options={REPORT_SOURCES.map((value) => ({ value, label: t(`respond.common.sources.${value}`) }))} onChange={set('source')} />
          <SelectField form={FILTERS} path="minTrust" label={t('respond.triage.minTrust')} value={draft.minTrust} emptyLabel={t('respond.triage.any')} options={[1, 2, 3].map((level) => ({ value: String(level), label: t(`respond.common.trust.${level}`) }))} onChange={set('minTrust')} />
          <SelectField form={FILTERS} path="jurisdictionId" label={t('respond.triage.jurisdiction')} value={draft.jurisdictionId} emptyLabel={t('respond.triage.any')} options={(jurisdictions.data?.items ?? []).map((j) => ({ value: j.id, label: j.name }))} onChange={set('jurisdictionId')} />
          <TextField form={FILTERS} path="q" type="search" label={t('respond.triage.search')} value={draft.q} onChange={set('q')} />
          <button type="submit">{t('respond.triage.apply')}</button>
        </fieldset>
      </form>
      <ErrorSummary problem={archive.problem} />
      {canTriage ? (
        <p>
          <button type="button" className="secondary" disabled={selected.size === 0 || archive.busy} onClick={archiveSelected}>
            {t('respond.triage.archiveSelected', { count: selected.size })}
          </button>
        </p>
      ) : null}
      <LoadState data={pages.data} problem={pages.problem}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('respond.triage.empty')}</p>
          ) : (
            <table className="table">
              <caption>{t('respond.triage.caption')}</caption>
              <thead>
                <tr>
                  {canTriage ? (
                    <th scope="col">
                      <span className="visually-hidden">{t('respond.triage.select')}</span>
                    </th>
                  ) : null}
                  <th scope="col">{t('respond.triage.columns.received')}</th>
                  <th scope="col">{t('respond.triage.columns.title')}</th>
                  <th scope="col">{t('respond.triage.columns.category')}</th>
                  <th scope="col">{t('respond.triage.columns.where')}</th>
                  <th scope="col">{t('respond.triage.columns.status')}</th>
                  <th scope="col">{t('respond.triage.columns.severity')}</th>
                  <th scope="col">{t('respond.triage.columns.trust')}</th>
                  <th scope="col">{t('respond.triage.columns.group')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((report) => (
                  <tr key={report.id}>
                    {canTriage ? (
                      <td>
                        <input type="checkbox" id={`select-${report.id}`} checked={selected.has(report.id)} onChange={() => toggle(report.id)} aria-label={t('respond.triage.selectReport', { title: report.title })} />
                      </td>
                    ) : null}
                    <td>{formatDateTime(report.receivedAt, i18n.language)}</td>
                    <td>
                      <Link href={`/respond/reports/${report.id}`}>{report.title}</Link>
                      {report.attachmentCount > 0 ? <span className="muted"> · {t('respond.triage.files', { count: report.attachmentCount })}</span> : null}
                    </td>
                    <td>{t(`respond.common.incidentTypes.${report.incidentType ?? report.category}`)}</td>
                    <td>{report.jurisdictionId ? (jurisdictionName.get(report.jurisdictionId) ?? '—') : '—'}</td>
                    <td>{t(`respond.common.statuses.${report.status}`)}</td>
                    <td>{report.severity ? t(`respond.common.severities.${report.severity}`) : '—'}</td>
                    <td>{t(`respond.common.trust.${report.trustLevel}`)}</td>
                    <td>
                      {report.groupSize > 1 && report.groupKey ? (
                        <Link href={`/respond/reports/${report.id}#group`}>{t('respond.triage.groupOf', { count: report.groupSize })}</Link>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </LoadState>
      <Pager {...pages.pager} label={t('respond.triage.title')} />
    </Page>
  );
}
