import { respondCaseRoutes } from '@vigil/api';
import type { CaseStatus, IncidentType, Severity } from '@vigil/domain';
import { CASE_STATUSES, INCIDENT_TYPES, SEVERITIES } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../../components/fields';
import { LoadState } from '../../../components/load-state';
import { useEnumOptions } from '../../../components/options';
import { Page } from '../../../components/page';
import { Pager } from '../../../components/pager';
import { useCursorPages } from '../../../components/use-cursor-pages';
import { useLoad } from '../../../components/use-load';
import { formatDateTime } from '../../../lib/format';
import { Link } from '../../../router/router';
import { api } from '../../../session/api-client';
import { allJurisdictions, allOrganisations } from '../../../session/lists';
import { useLoggedIn } from '../../../session/session-context';
import { TlpBadge } from './case-bits';

const FORM = 'case-filters';

interface Filters {
  readonly status: string;
  readonly severity: string;
  readonly incidentType: string;
  readonly jurisdictionId: string;
  readonly ownerOrganisationId: string;
}

const NO_FILTERS: Filters = { status: '', severity: '', incidentType: '', jurisdictionId: '', ownerOrganisationId: '' };

/** The cases the user may see, newest first, with filters. */
export function CasesPage() {
  const { t, i18n } = useTranslation();
  const { may } = useLoggedIn();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const pickers = useLoad(async () => ({ jurisdictions: await allJurisdictions(), organisations: await allOrganisations() }), []);
  const list = useCursorPages(
    (cursor) =>
      api.call(respondCaseRoutes.listCases, {
        query: {
          cursor,
          limit: 50,
          status: (filters.status || undefined) as CaseStatus | undefined,
          severity: (filters.severity || undefined) as Severity | undefined,
          incidentType: (filters.incidentType || undefined) as IncidentType | undefined,
          jurisdictionId: filters.jurisdictionId || undefined,
          ownerOrganisationId: filters.ownerOrganisationId || undefined,
        },
      }),
    [filters],
  );
  const statuses = useEnumOptions(CASE_STATUSES, 'respond.cases.status');
  const severities = useEnumOptions(SEVERITIES, 'respond.cases.severity');
  const types = useEnumOptions(INCIDENT_TYPES, 'respond.cases.types');
  const any = t('respond.cases.filters.any');
  function apply(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setFilters(draft);
  }
  return (
    <Page
      title={t('respond.cases.title')}
      lead={t('respond.cases.lead')}
      actions={
        may('case.write') ? (
          <Link className="button" href="/respond/cases/new">
            {t('respond.cases.new')}
          </Link>
        ) : null
      }
    >
      <form id={FORM} className="filters" onSubmit={apply} aria-label={t('respond.cases.filters.legend')}>
        <SelectField form={FORM} path="status" label={t('respond.cases.filters.status')} value={draft.status} emptyLabel={any} options={statuses} onChange={(e) => setDraft({ ...draft, status: e.target.value })} />
        <SelectField form={FORM} path="severity" label={t('respond.cases.filters.severity')} value={draft.severity} emptyLabel={any} options={severities} onChange={(e) => setDraft({ ...draft, severity: e.target.value })} />
        <SelectField form={FORM} path="incidentType" label={t('respond.cases.filters.type')} value={draft.incidentType} emptyLabel={any} options={types} onChange={(e) => setDraft({ ...draft, incidentType: e.target.value })} />
        <SelectField
          form={FORM}
          path="jurisdictionId"
          label={t('respond.cases.filters.jurisdiction')}
          value={draft.jurisdictionId}
          emptyLabel={any}
          options={(pickers.data?.jurisdictions ?? []).map((j) => ({ value: j.id, label: j.name }))}
          onChange={(e) => setDraft({ ...draft, jurisdictionId: e.target.value })}
        />
        <SelectField
          form={FORM}
          path="ownerOrganisationId"
          label={t('respond.cases.filters.owner')}
          value={draft.ownerOrganisationId}
          emptyLabel={any}
          options={(pickers.data?.organisations ?? []).map((o) => ({ value: o.id, label: o.name }))}
          onChange={(e) => setDraft({ ...draft, ownerOrganisationId: e.target.value })}
        />
        <div className="filter-buttons">
          <button type="submit">{t('respond.cases.filters.apply')}</button>
        </div>
      </form>
      <LoadState data={list.data} problem={list.problem}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t('respond.cases.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('respond.cases.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('respond.cases.columns.reference')}</th>
                    <th scope="col">{t('respond.cases.columns.title')}</th>
                    <th scope="col">{t('respond.cases.columns.status')}</th>
                    <th scope="col">{t('respond.cases.columns.severity')}</th>
                    <th scope="col">{t('respond.cases.columns.type')}</th>
                    <th scope="col">{t('respond.cases.columns.jurisdiction')}</th>
                    <th scope="col">{t('respond.cases.columns.owner')}</th>
                    <th scope="col">{t('respond.cases.columns.opened')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((item) => (
                    <tr key={item.id}>
                      <th scope="row">
                        <Link href={`/respond/cases/${item.reference}`}>{item.reference}</Link>
                      </th>
                      <td>
                        {item.title} <TlpBadge tlp={item.tlp} />
                      </td>
                      <td>{t(`respond.cases.status.${item.status}`)}</td>
                      <td>{t(`respond.cases.severity.${item.severity}`)}</td>
                      <td>{t(`respond.cases.types.${item.incidentType}`)}</td>
                      <td>{item.jurisdictionName}</td>
                      <td>{item.ownerOrganisationName}</td>
                      <td>{formatDateTime(item.openedAt, i18n.language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
      <Pager label={t('respond.cases.title')} {...list.pager} />
    </Page>
  );
}
