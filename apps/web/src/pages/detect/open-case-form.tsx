import { respondCaseRoutes } from '@vigil/api';
import type { Impact, ObservableType, Tlp, Urgency } from '@vigil/domain';
import { IMPACT_LEVELS, TLP_LEVELS, URGENCY_LEVELS } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../components/error-summary';
import { SelectField, TextField } from '../../components/fields';
import { useStatus } from '../../components/status';
import { useAction } from '../../components/use-action';
import { useLoad } from '../../components/use-load';
import { navigate } from '../../router/router';
import { api } from '../../session/api-client';
import { allJurisdictions, allOrganisations } from '../../session/lists';

const FORM = 'detect-case';
/** A handle respond accepts after `platform:`. */
const HANDLE = /^@?[\p{L}\p{N}_.-]{1,100}$/u;

/**
 * Opens a case in respond from a community: a disinformation case titled after the community,
 * linked to the run and community (link kind `detection`), with the community's accounts as
 * social-account observables.
 */
export function OpenCaseForm(props: {
  readonly runId: string;
  readonly community: number;
  readonly datasetName: string;
  /** Platform the data came from when the format tells it (`x` for Twitter/X exports). */
  readonly platform: string;
  readonly accounts: readonly string[];
}) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const jurisdictions = useLoad(() => allJurisdictions(), []);
  const organisations = useLoad(() => allOrganisations(), []);
  const [owner, setOwner] = useState('');
  const [platform, setPlatform] = useState(props.platform);
  const [title, setTitle] = useState(t('detect.case.defaultTitle', { number: props.community, dataset: props.datasetName }));
  const [jurisdictionId, setJurisdictionId] = useState('');
  const [impact, setImpact] = useState<Impact>('medium');
  const [urgency, setUrgency] = useState<Urgency>('medium');
  const [tlp, setTlp] = useState<Tlp>('amber');

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      const created = await api.call(respondCaseRoutes.createCase, {
        body: {
          title,
          summary: t('detect.case.summary', { size: props.accounts.length, number: props.community, dataset: props.datasetName }),
          incidentType: 'disinformation',
          impact,
          urgency,
          tlp,
          jurisdictionId,
          ...(owner === '' ? {} : { ownerOrganisationId: owner }),
          links: [{ kind: 'detection', ref: `detect-run/${props.runId}/community/${props.community}`, label: t('detect.communities.name', { number: props.community }) }],
          // Respond writes social accounts as platform:handle; ids it cannot take are left out.
          observables:
            platform.trim() === ''
              ? []
              : props.accounts
                  .filter((account) => HANDLE.test(account))
                  .slice(0, 500)
                  .map((account): { type: ObservableType; value: string } => ({ type: 'social-account', value: `${platform.trim().toLowerCase()}:${account}` })),
        },
      });
      announce(t('detect.case.created', { reference: created.reference }));
      navigate(`/respond/cases/${created.reference}`);
    });
  }
  return (
    <form id={FORM} onSubmit={submit} noValidate className="form">
      <h2>{t('detect.case.title')}</h2>
      <p className="hint">{t('detect.case.lead')}</p>
      <ErrorSummary problem={action.problem ?? jurisdictions.problem} form={FORM} />
      <TextField form={FORM} path="title" label={t('detect.case.caseTitle')} required value={title} onChange={(event) => setTitle(event.target.value)} errors={action.errors} />
      <SelectField
        form={FORM}
        path="jurisdictionId"
        label={t('detect.case.jurisdiction')}
        hint={t('detect.case.jurisdictionHint')}
        required
        value={jurisdictionId}
        emptyLabel={t('detect.case.chooseJurisdiction')}
        options={(jurisdictions.data ?? []).map((jurisdiction) => ({ value: jurisdiction.id, label: jurisdiction.name }))}
        onChange={(event) => setJurisdictionId(event.target.value)}
        errors={action.errors}
      />
      <SelectField
        form={FORM}
        path="ownerOrganisationId"
        label={t('detect.case.owner')}
        hint={t('detect.case.ownerHint')}
        value={owner}
        emptyLabel={t('detect.case.leadAgency')}
        options={(organisations.data ?? []).map((organisation) => ({ value: organisation.id, label: organisation.name }))}
        onChange={(event) => setOwner(event.target.value)}
        errors={action.errors}
      />
      <TextField form={FORM} path="platform" label={t('detect.case.platform')} hint={t('detect.case.platformHint')} value={platform} onChange={(event) => setPlatform(event.target.value)} errors={action.errors} />
      <SelectField form={FORM} path="impact" label={t('detect.case.impact')} required value={impact} options={IMPACT_LEVELS.map((level) => ({ value: level, label: t(`detect.case.levels.${level}`) }))} onChange={(event) => setImpact(event.target.value as Impact)} errors={action.errors} />
      <SelectField form={FORM} path="urgency" label={t('detect.case.urgency')} required value={urgency} options={URGENCY_LEVELS.map((level) => ({ value: level, label: t(`detect.case.levels.${level}`) }))} onChange={(event) => setUrgency(event.target.value as Urgency)} errors={action.errors} />
      <SelectField form={FORM} path="tlp" label={t('detect.publish.tlp')} required value={tlp} options={TLP_LEVELS.map((level) => ({ value: level, label: `TLP:${level.toUpperCase()}` }))} onChange={(event) => setTlp(event.target.value as Tlp)} errors={action.errors} />
      <button type="submit" disabled={action.busy || jurisdictionId === ''}>
        {t('detect.case.submit')}
      </button>
    </form>
  );
}
