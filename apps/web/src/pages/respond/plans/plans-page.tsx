import { respondCaseRoutes, routes } from '@vigil/api';
import type { Impact, IncidentType, Tlp, Urgency } from '@vigil/domain';
import { IMPACT_LEVELS, INCIDENT_TYPES, URGENCY_LEVELS } from '@vigil/domain';
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
import { Link, navigate, useSearchParams } from '../../../router/router';
import { api } from '../../../session/api-client';
import { allOrganisations } from '../../../session/lists';
import { useLoggedIn } from '../../../session/session-context';
import { TLP_OPTIONS, TlpBadge } from '../cases/case-bits';

/** Contingency plans, per election (`?election=`), and a form to attach one. */
export function PlansPage() {
  const { t } = useTranslation();
  const { may } = useLoggedIn();
  const search = useSearchParams();
  const [electionId, setElectionId] = useState(search.get('election') ?? '');
  const elections = useLoad(async () => (await api.call(routes.listElections, { query: { limit: 100 } })).items, []);
  const plans = useLoad(() => api.call(respondCaseRoutes.listPlans, { query: { electionId: electionId || undefined } }), [electionId]);
  const names = new Map<string, string>((elections.data ?? []).map((e) => [e.id, e.name]));
  return (
    <Page title={t('respond.plans.title')} lead={t('respond.plans.lead')}>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('respond.plans.election')}>
        <SelectField
          form="plans-filter"
          path="electionId"
          label={t('respond.plans.election')}
          value={electionId}
          emptyLabel={t('respond.plans.chooseElection')}
          options={(elections.data ?? []).map((e) => ({ value: e.id, label: e.name }))}
          onChange={(e) => setElectionId(e.target.value)}
        />
      </form>
      <LoadState data={plans.data} problem={plans.problem}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('respond.plans.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('respond.plans.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('respond.plans.columns.title')}</th>
                    <th scope="col">{t('respond.plans.election')}</th>
                    <th scope="col">{t('respond.plans.columns.type')}</th>
                    <th scope="col">{t('respond.plans.columns.decisionOwner')}</th>
                    <th scope="col">{t('respond.plans.columns.state')}</th>
                    <th scope="col">{t('respond.plans.columns.tlp')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((plan) => (
                    <tr key={plan.id}>
                      <th scope="row">
                        <Link href={`/respond/plans/${plan.id}`}>{plan.title}</Link>
                      </th>
                      <td>{names.get(plan.electionId) ?? '—'}</td>
                      <td>{t(`respond.cases.types.${plan.incidentType}`)}</td>
                      <td>{plan.decisionOwnerOrganisationName}</td>
                      <td>{plan.active ? t('respond.plans.active') : t('respond.plans.ready')}</td>
                      <td>
                        <TlpBadge tlp={plan.tlp} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
      {may('playbook.manage') && elections.data ? <NewPlanForm elections={elections.data} electionId={electionId} /> : null}
    </Page>
  );
}

function NewPlanForm({ elections, electionId }: { readonly elections: readonly { id: string; name: string }[]; readonly electionId: string }) {
  const { t, i18n } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const form = 'plan-new';
  const language = i18n.language === 'fr' ? 'fr' : 'en';
  const [election, setElection] = useState(electionId);
  const [title, setTitle] = useState('');
  const [scenario, setScenario] = useState('');
  const [incidentType, setIncidentType] = useState<IncidentType>('cyber-attack');
  const [impact, setImpact] = useState<Impact>('high');
  const [urgency, setUrgency] = useState<Urgency>('high');
  const [owner, setOwner] = useState('');
  const [triggers, setTriggers] = useState('');
  const [playbookId, setPlaybookId] = useState('');
  const [tlp, setTlp] = useState<Tlp>('amber');
  const pickers = useLoad(async () => ({ organisations: await allOrganisations(), playbooks: (await api.call(respondCaseRoutes.listPlaybooks, { query: {} })).items }), []);
  const types = useEnumOptions(INCIDENT_TYPES, 'respond.cases.types');
  const impacts = useEnumOptions(IMPACT_LEVELS, 'respond.cases.levels');
  const urgencies = useEnumOptions(URGENCY_LEVELS, 'respond.cases.levels');
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      const created = await api.call(respondCaseRoutes.createPlan, {
        body: {
          electionId: election,
          title,
          scenario,
          incidentType,
          impact,
          urgency,
          decisionOwnerOrganisationId: owner,
          triggers: triggers
            .split('\n')
            .map((line) => line.trim())
            .filter((line) => line !== ''),
          playbookId: playbookId || undefined,
          tlp,
        },
      });
      navigate(`/respond/plans/${created.id}`);
      announce(t('respond.plans.new.created'));
    });
  }
  const errors = action.errors;
  return (
    <form id={form} className="form panel" onSubmit={submit} noValidate aria-labelledby={`${form}-legend`}>
      <h2 id={`${form}-legend`}>{t('respond.plans.new.legend')}</h2>
      <ErrorSummary problem={action.problem ?? pickers.problem} form={form} />
      <SelectField form={form} path="electionId" label={t('respond.plans.election')} value={election} emptyLabel={t('respond.plans.new.choose')} options={elections.map((e) => ({ value: e.id, label: e.name }))} onChange={(e) => setElection(e.target.value)} errors={errors} required />
      <TextField form={form} path="title" label={t('respond.plans.new.title')} value={title} onChange={(e) => setTitle(e.target.value)} errors={errors} required />
      <TextAreaField form={form} path="scenario" label={t('respond.plans.new.scenario')} rows={3} value={scenario} onChange={(e) => setScenario(e.target.value)} errors={errors} required />
      <SelectField form={form} path="incidentType" label={t('respond.cases.fields.incidentType')} value={incidentType} options={types} onChange={(e) => setIncidentType(e.target.value as IncidentType)} errors={errors} />
      <div className="grid-fields">
        <SelectField form={form} path="impact" label={t('respond.cases.fields.impact')} value={impact} options={impacts} onChange={(e) => setImpact(e.target.value as Impact)} errors={errors} />
        <SelectField form={form} path="urgency" label={t('respond.cases.fields.urgency')} value={urgency} options={urgencies} onChange={(e) => setUrgency(e.target.value as Urgency)} errors={errors} />
      </div>
      <SelectField
        form={form}
        path="decisionOwnerOrganisationId"
        label={t('respond.plans.new.decisionOwner')}
        value={owner}
        emptyLabel={t('respond.plans.new.choose')}
        options={(pickers.data?.organisations ?? []).map((o) => ({ value: o.id, label: o.name }))}
        onChange={(e) => setOwner(e.target.value)}
        errors={errors}
        required
      />
      <TextAreaField form={form} path="triggers" label={t('respond.plans.new.triggers')} hint={t('respond.plans.new.triggersHint')} rows={3} value={triggers} onChange={(e) => setTriggers(e.target.value)} errors={errors} required />
      <SelectField
        form={form}
        path="playbookId"
        label={t('respond.plans.new.playbook')}
        value={playbookId}
        emptyLabel="—"
        options={(pickers.data?.playbooks ?? []).map((p) => ({ value: p.key, label: p.title[language] }))}
        onChange={(e) => setPlaybookId(e.target.value)}
        errors={errors}
      />
      <SelectField form={form} path="tlp" label={t('respond.plans.marking.tlp')} hint={t('respond.plans.marking.tlpHint')} value={tlp} options={TLP_OPTIONS} onChange={(e) => setTlp(e.target.value as Tlp)} errors={errors} />
      <button type="submit" disabled={action.busy}>
        {t('respond.plans.new.submit')}
      </button>
    </form>
  );
}
