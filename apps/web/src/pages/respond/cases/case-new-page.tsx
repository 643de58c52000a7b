import { respondCaseRoutes, routes } from '@vigil/api';
import type { Impact, IncidentType, Tlp, Urgency } from '@vigil/domain';
import { IMPACT_LEVELS, INCIDENT_TYPES, URGENCY_LEVELS, severityOf } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../../components/error-summary';
import { SelectField, TextAreaField, TextField } from '../../../components/fields';
import { LoadState } from '../../../components/load-state';
import { useEnumOptions } from '../../../components/options';
import { Page } from '../../../components/page';
import { useStatus } from '../../../components/status';
import { useAction } from '../../../components/use-action';
import { useLoad } from '../../../components/use-load';
import { navigate, useSearchParams } from '../../../router/router';
import { api } from '../../../session/api-client';
import { allJurisdictions, allOrganisations } from '../../../session/lists';
import { TLP_OPTIONS, splitList } from './case-bits';

const FORM = 'case-new';

/** Opens a case, directly or from reports (`?reports=id,id`), with the lead agency as owner by default. */
export function CaseNewPage() {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const search = useSearchParams();
  const action = useAction();
  const [title, setTitle] = useState(search.get('title') ?? '');
  const [summary, setSummary] = useState('');
  const [incidentType, setIncidentType] = useState<IncidentType>(((INCIDENT_TYPES as readonly string[]).includes(search.get('type') ?? '') ? search.get('type') : 'disinformation') as IncidentType);
  const [impact, setImpact] = useState<Impact>('medium');
  const [urgency, setUrgency] = useState<Urgency>('medium');
  const [tlp, setTlp] = useState<Tlp>('amber');
  const [jurisdictionId, setJurisdictionId] = useState(search.get('jurisdiction') ?? '');
  const [owner, setOwner] = useState('');
  const [electionId, setElectionId] = useState('');
  const [reports, setReports] = useState((search.get('reports') ?? '').split(',').filter(Boolean).join('\n'));
  const pickers = useLoad(
    async () => ({
      jurisdictions: await allJurisdictions(),
      organisations: await allOrganisations(),
      elections: (await api.call(routes.listElections, { query: { limit: 100 } })).items,
    }),
    [],
  );
  const suggestion = useLoad(
    async () => (jurisdictionId ? (await api.call(respondCaseRoutes.resolveLeadAgency, { query: { jurisdictionId, incidentType } })).choice : undefined),
    [jurisdictionId, incidentType],
  );
  const types = useEnumOptions(INCIDENT_TYPES, 'respond.cases.types');
  const impacts = useEnumOptions(IMPACT_LEVELS, 'respond.cases.levels');
  const urgencies = useEnumOptions(URGENCY_LEVELS, 'respond.cases.levels');

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      const reportIds = splitList(reports);
      const created = await api.call(respondCaseRoutes.createCase, {
        body: {
          title,
          summary,
          incidentType,
          impact,
          urgency,
          tlp,
          jurisdictionId,
          ownerOrganisationId: owner || undefined,
          electionId: electionId || null,
          reportIds: reportIds.length > 0 ? reportIds : undefined,
        },
      });
      navigate(`/respond/cases/${created.reference}`);
      announce(t('respond.cases.newCase.created', { reference: created.reference }));
    });
  }

  const errors = action.errors;
  const choice = suggestion.data;
  return (
    <Page back={{ href: '/respond/cases', label: t('respond.cases.detail.back') }} title={t('respond.cases.newCase.title')} lead={t('respond.cases.newCase.lead')}>
      <LoadState data={pickers.data} problem={pickers.problem}>
        {(lists) => (
          <form id={FORM} className="form" onSubmit={submit} noValidate>
            <ErrorSummary problem={action.problem} form={FORM} />
            <TextField form={FORM} path="title" label={t('respond.cases.fields.title')} value={title} onChange={(e) => setTitle(e.target.value)} errors={errors} required />
            <TextAreaField form={FORM} path="summary" label={t('respond.cases.fields.summary')} rows={4} value={summary} onChange={(e) => setSummary(e.target.value)} errors={errors} />
            <SelectField form={FORM} path="incidentType" label={t('respond.cases.fields.incidentType')} value={incidentType} options={types} onChange={(e) => setIncidentType(e.target.value as IncidentType)} errors={errors} required />
            <div className="grid-fields">
              <SelectField form={FORM} path="impact" label={t('respond.cases.fields.impact')} value={impact} options={impacts} onChange={(e) => setImpact(e.target.value as Impact)} errors={errors} required />
              <SelectField form={FORM} path="urgency" label={t('respond.cases.fields.urgency')} value={urgency} options={urgencies} onChange={(e) => setUrgency(e.target.value as Urgency)} errors={errors} required />
            </div>
            <p className="hint">{t('respond.cases.fields.severityIs', { severity: t(`respond.cases.severity.${severityOf(impact, urgency)}`) })}</p>
            <SelectField form={FORM} path="tlp" label={t('respond.cases.fields.tlp')} hint={t('respond.cases.fields.tlpHint')} value={tlp} options={TLP_OPTIONS} onChange={(e) => setTlp(e.target.value as Tlp)} errors={errors} required />
            <SelectField
              form={FORM}
              path="jurisdictionId"
              label={t('respond.cases.fields.jurisdiction')}
              value={jurisdictionId}
              emptyLabel={t('respond.cases.fields.chooseJurisdiction')}
              options={lists.jurisdictions.map((j) => ({ value: j.id, label: j.name }))}
              onChange={(e) => setJurisdictionId(e.target.value)}
              errors={errors}
              required
            />
            <SelectField
              form={FORM}
              path="ownerOrganisationId"
              label={t('respond.cases.fields.owner')}
              hint={
                jurisdictionId && !suggestion.loading
                  ? choice
                    ? t('respond.cases.fields.ownerSuggested', { organisation: choice.organisationName })
                    : t('respond.cases.fields.ownerNone')
                  : undefined
              }
              value={owner}
              emptyLabel={t('respond.cases.fields.ownerAuto')}
              options={lists.organisations.map((o) => ({ value: o.id, label: o.name }))}
              onChange={(e) => setOwner(e.target.value)}
              errors={errors}
            />
            <SelectField
              form={FORM}
              path="electionId"
              label={t('respond.cases.fields.election')}
              value={electionId}
              emptyLabel={t('respond.cases.fields.noElection')}
              options={lists.elections.map((election) => ({ value: election.id, label: election.name }))}
              onChange={(e) => setElectionId(e.target.value)}
              errors={errors}
            />
            <TextAreaField form={FORM} path="reportIds" label={t('respond.cases.fields.reports')} hint={t('respond.cases.fields.reportsHint')} rows={3} className="mono" spellCheck={false} value={reports} onChange={(e) => setReports(e.target.value)} errors={errors} />
            <button type="submit" disabled={action.busy}>
              {t('respond.cases.newCase.submit')}
            </button>
          </form>
        )}
      </LoadState>
    </Page>
  );
}
