import { shareRoutes } from '@vigil/api';
import type { Tlp } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../components/error-summary';
import { SelectField, TextAreaField, TextField } from '../../components/fields';
import { LoadState } from '../../components/load-state';
import { Page } from '../../components/page';
import { useStatus } from '../../components/status';
import { useAction } from '../../components/use-action';
import { useLoad } from '../../components/use-load';
import { navigate, useSearchParams } from '../../router/router';
import { api } from '../../session/api-client';
import { DisarmPicker } from '../../components/disarm-picker';
import { RecipientsPicker } from './recipients-picker';
import { TlpPicker } from './tlp-picker';

const FORM = 'share-new';

/** The object types the forms create. */
export const FORM_TYPES = ['incident', 'report', 'indicator', 'threat-actor', 'campaign', 'sighting'] as const;
type FormType = (typeof FORM_TYPES)[number];

/** STIX 2.1 open vocabularies offered in the forms (sections 10.12 and 10.24). */
const INDICATOR_TYPES = ['malicious-activity', 'anomalous-activity', 'attribution', 'compromised', 'benign', 'unknown'] as const;
const THREAT_ACTOR_TYPES = ['nation-state', 'crime-syndicate', 'activist', 'hacker', 'criminal', 'insider-disgruntled', 'spy', 'terrorist', 'unknown'] as const;

function isFormType(value: string): value is FormType {
  return (FORM_TYPES as readonly string[]).includes(value);
}

/** A date field's value (`YYYY-MM-DD`) as the start of that day in UTC, or undefined. */
function dayStart(value: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : undefined;
}

/** A list typed one item per line (STIX ids). */
function lines(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Creates a report, indicator, incident, threat actor, campaign or sighting in a collection. */
export function ObjectNewPage({ collectionId }: { readonly collectionId: string }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const search = useSearchParams();
  const collection = useLoad(() => api.call(shareRoutes.getCollection, { params: { id: collectionId } }), [collectionId]);
  const action = useAction();
  const initialType = search.get('type') ?? 'incident';
  const [type, setType] = useState<FormType>(isFormType(initialType) ? initialType : 'incident');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [tlp, setTlp] = useState<Tlp>('amber');
  const [recipients, setRecipients] = useState<string[]>([]);
  const [techniques, setTechniques] = useState<shareRoutes.DisarmTechniqueItem[]>([]);
  const [pattern, setPattern] = useState('');
  const [indicatorType, setIndicatorType] = useState('malicious-activity');
  const [validUntil, setValidUntil] = useState('');
  const [actorType, setActorType] = useState('');
  const [firstSeen, setFirstSeen] = useState('');
  const [lastSeen, setLastSeen] = useState('');
  const [objective, setObjective] = useState('');
  const [objectRefs, setObjectRefs] = useState('');
  const [sightingOf, setSightingOf] = useState(search.get('of') ?? '');
  const [count, setCount] = useState('');
  const [organisationId, setOrganisationId] = useState('');

  function body(): shareRoutes.NewShareObject {
    const common = { tlp, recipientOrganisationIds: tlp === 'amber' || tlp === 'red' ? recipients : [], organisationId: organisationId || undefined };
    const disarmTechniques = techniques.map((technique) => technique.id);
    switch (type) {
      case 'report':
        return { type, name, description, objectRefs: lines(objectRefs), disarmTechniques, ...common };
      case 'indicator':
        return { type, name, description, pattern, indicatorTypes: [indicatorType], validUntil: dayStart(validUntil), disarmTechniques, ...common };
      case 'incident':
        return { type, name, description, disarmTechniques, ...common };
      case 'threat-actor':
        return { type, name, description, threatActorTypes: actorType ? [actorType] : [], disarmTechniques, ...common };
      case 'campaign':
        return { type, name, description, firstSeen: dayStart(firstSeen), objective: objective.trim() || undefined, disarmTechniques, ...common };
      case 'sighting':
        return { type, sightingOfRef: sightingOf.trim(), description, count: count.trim() === '' ? undefined : Number(count), firstSeen: dayStart(firstSeen), lastSeen: dayStart(lastSeen), ...common };
    }
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      const created = await api.call(shareRoutes.createObject, { params: { id: collectionId }, body: body() });
      navigate(`/share/collections/${collectionId}/objects/${created.id}`);
      announce(t('share.new.created'));
    });
  }

  const errors = action.errors;
  return (
    <Page back={{ href: `/share/collections/${collectionId}`, label: t('share.object.back') }} title={t('share.new.title')} lead={t('share.new.lead')}>
      <LoadState data={collection.data} problem={collection.problem}>
        {(info) => (
          <form id={FORM} onSubmit={submit} noValidate className="form">
            <ErrorSummary problem={action.problem} form={FORM} />
            <SelectField
              form={FORM}
              path="type"
              label={t('share.new.type')}
              value={type}
              options={FORM_TYPES.map((value) => ({ value, label: t(`share.types.${value}`) }))}
              onChange={(event) => {
                if (isFormType(event.target.value)) setType(event.target.value);
              }}
              hint={t(`share.new.typeHints.${type}`)}
              errors={errors}
              required
            />
            {type === 'sighting' ? (
              <>
                <TextField form={FORM} path="sightingOfRef" label={t('share.new.sightingOf')} hint={t('share.new.sightingOfHint')} value={sightingOf} onChange={(event) => setSightingOf(event.target.value)} errors={errors} required className="mono" />
                <TextField form={FORM} path="count" type="number" min={0} label={t('share.new.count')} value={count} onChange={(event) => setCount(event.target.value)} errors={errors} />
                <TextField form={FORM} path="firstSeen" type="date" label={t('share.new.firstSeen')} value={firstSeen} onChange={(event) => setFirstSeen(event.target.value)} errors={errors} />
                <TextField form={FORM} path="lastSeen" type="date" label={t('share.new.lastSeen')} value={lastSeen} onChange={(event) => setLastSeen(event.target.value)} errors={errors} />
              </>
            ) : (
              <TextField form={FORM} path="name" label={t('share.new.name')} value={name} onChange={(event) => setName(event.target.value)} errors={errors} required />
            )}
            <TextAreaField form={FORM} path="description" label={t('share.new.description')} rows={5} value={description} onChange={(event) => setDescription(event.target.value)} errors={errors} />
            {type === 'indicator' ? (
              <>
                <TextAreaField form={FORM} path="pattern" label={t('share.new.pattern')} hint={t('share.new.patternHint')} rows={3} className="mono" spellCheck={false} value={pattern} onChange={(event) => setPattern(event.target.value)} errors={errors} required />
                <SelectField form={FORM} path="indicatorTypes" label={t('share.new.indicatorType')} value={indicatorType} options={INDICATOR_TYPES.map((value) => ({ value, label: value }))} onChange={(event) => setIndicatorType(event.target.value)} errors={errors} />
                <TextField form={FORM} path="validUntil" type="date" label={t('share.new.validUntil')} value={validUntil} onChange={(event) => setValidUntil(event.target.value)} errors={errors} />
              </>
            ) : null}
            {type === 'threat-actor' ? (
              <SelectField form={FORM} path="threatActorTypes" label={t('share.new.actorType')} value={actorType} emptyLabel={t('share.new.notSaid')} options={THREAT_ACTOR_TYPES.map((value) => ({ value, label: value }))} onChange={(event) => setActorType(event.target.value)} errors={errors} />
            ) : null}
            {type === 'campaign' ? (
              <>
                <TextField form={FORM} path="firstSeen" type="date" label={t('share.new.firstSeen')} value={firstSeen} onChange={(event) => setFirstSeen(event.target.value)} errors={errors} />
                <TextField form={FORM} path="objective" label={t('share.new.objective')} value={objective} onChange={(event) => setObjective(event.target.value)} errors={errors} />
              </>
            ) : null}
            {type === 'report' ? (
              <TextAreaField form={FORM} path="objectRefs" label={t('share.new.objectRefs')} hint={t('share.new.objectRefsHint')} rows={4} className="mono" spellCheck={false} value={objectRefs} onChange={(event) => setObjectRefs(event.target.value)} errors={errors} />
            ) : null}
            {type !== 'sighting' ? <DisarmPicker form={FORM} value={techniques} onChange={setTechniques} errors={errors} hint={t('share.disarm.hint')} /> : null}
            {info.writingOrganisations.length > 1 ? (
              <SelectField
                form={FORM}
                path="organisationId"
                label={t('share.new.sharedAs')}
                hint={t('share.new.sharedAsHint')}
                value={organisationId || (info.writingOrganisations[0]?.id ?? '')}
                options={info.writingOrganisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
                onChange={(event) => setOrganisationId(event.target.value)}
                errors={errors}
              />
            ) : null}
            <TlpPicker form={FORM} value={tlp} onChange={setTlp} errors={errors} />
            {tlp === 'amber' || tlp === 'red' ? (
              <RecipientsPicker form={FORM} level={tlp} organisations={info.communityOrganisations} value={recipients} onChange={setRecipients} errors={errors} />
            ) : null}
            <button type="submit" disabled={action.busy}>
              {t('share.new.submit')}
            </button>
          </form>
        )}
      </LoadState>
    </Page>
  );
}
