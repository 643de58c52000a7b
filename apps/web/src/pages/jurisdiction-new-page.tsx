import { routes } from '@vigil/api';
import type {
  Jurisdiction,
  JurisdictionId,
  JurisdictionLevel,
  OrganisationId,
} from '@vigil/domain';
import { JURISDICTION_LEVELS, jurisdictionLevelDepth } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../components/error-summary';
import { SelectField } from '../components/fields';
import { useEnumOptions } from '../components/options';
import { Page } from '../components/page';
import { useStatus } from '../components/status';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import { isJurisdictionLevel } from '../lib/guards';
import { jurisdictionPath } from '../lib/jurisdiction-tree';
import { navigate, useSearchParams } from '../router/router';
import { api } from '../session/api-client';
import { allJurisdictions, allOrganisations } from '../session/lists';
import type { ContactDraft } from './contacts-editor';
import { JurisdictionFields } from './jurisdiction-fields';
import { ContactsEditor, fromDrafts } from './contacts-editor';

const FORM = 'jurisdiction-new';

/** The level just below a parent's, or the top level without a parent. */
function levelBelow(parent: Jurisdiction | undefined): JurisdictionLevel {
  if (!parent) return 'international';
  return (
    JURISDICTION_LEVELS[
      Math.min(jurisdictionLevelDepth(parent.level) + 1, JURISDICTION_LEVELS.length - 1)
    ] ?? 'local'
  );
}

/** Adds a jurisdiction to the tree, under the parent named in `?parent=` if any. */
export function JurisdictionNewPage() {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const initialParent = useSearchParams().get('parent') ?? '';
  const lists = useLoad(async () => {
    const [jurisdictions, organisations] = await Promise.all([
      allJurisdictions(),
      allOrganisations(),
    ]);
    return { jurisdictions, organisations };
  }, []);
  return (
    <Page
      back={{ href: '/jurisdictions', label: t('jurisdictions.back') }}
      title={t('jurisdictions.new')}
    >
      {lists.problem ? <ErrorSummary problem={lists.problem} /> : null}
      {lists.data ? (
        <JurisdictionNewForm
          key="form"
          initialParent={initialParent}
          {...lists.data}
          onCreated={(jurisdiction) => {
            navigate(`/jurisdictions/${jurisdiction.id}`);
            announce(t('jurisdictions.created', { name: jurisdiction.name }));
          }}
        />
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
    </Page>
  );
}

interface FormProps {
  readonly initialParent: string;
  readonly jurisdictions: readonly Jurisdiction[];
  readonly organisations: readonly { id: OrganisationId; name: string }[];
  readonly onCreated: (jurisdiction: Jurisdiction) => void;
}

function JurisdictionNewForm({
  initialParent,
  jurisdictions,
  organisations,
  onCreated,
}: FormProps) {
  const { t } = useTranslation();
  const action = useAction();
  const byId = new Map(jurisdictions.map((jurisdiction) => [jurisdiction.id, jurisdiction]));
  const [parentId, setParentId] = useState(
    byId.has(initialParent as JurisdictionId) ? initialParent : '',
  );
  const [level, setLevel] = useState<JurisdictionLevel>(
    levelBelow(byId.get(parentId as JurisdictionId)),
  );
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [responsible, setResponsible] = useState('');
  const [contacts, setContacts] = useState<readonly ContactDraft[]>([]);
  const levelOptions = useEnumOptions(JURISDICTION_LEVELS, 'levels');
  const parentOptions = jurisdictions
    .filter((jurisdiction) => jurisdiction.level !== 'local')
    .map((jurisdiction) => ({
      value: jurisdiction.id,
      label: `${jurisdictionPath(jurisdiction, byId)} (${t(`levels.${jurisdiction.level}`)})`,
    }))
    .sort((a, b) => a.label.localeCompare(b.label));

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      const created = await api.call(routes.createJurisdiction, {
        body: {
          parentId: parentId === '' ? null : (parentId as JurisdictionId),
          level,
          name,
          code: code.trim() === '' ? null : code.trim().toUpperCase(),
          responsibleOrganisationId: responsible === '' ? null : (responsible as OrganisationId),
          contacts: fromDrafts(contacts),
        },
      });
      onCreated(created);
    });
  }

  return (
    <form id={FORM} onSubmit={submit} noValidate className="form">
      <ErrorSummary problem={action.problem} form={FORM} />
      <SelectField
        form={FORM}
        path="parentId"
        label={t('jurisdictions.parent')}
        hint={t('jurisdictions.parentHint')}
        value={parentId}
        emptyLabel={t('jurisdictions.noParent')}
        options={parentOptions}
        onChange={(event) => {
          setParentId(event.target.value);
          setLevel(levelBelow(byId.get(event.target.value as JurisdictionId)));
        }}
        errors={action.errors}
      />
      <SelectField
        form={FORM}
        path="level"
        label={t('jurisdictions.level')}
        value={level}
        options={levelOptions}
        onChange={(event) => {
          if (isJurisdictionLevel(event.target.value)) setLevel(event.target.value);
        }}
        errors={action.errors}
        required
      />
      <JurisdictionFields
        form={FORM}
        values={{ name, code, responsible }}
        onChange={(values) => {
          setName(values.name);
          setCode(values.code);
          setResponsible(values.responsible);
        }}
        organisations={organisations}
        errors={action.errors}
      />
      <ContactsEditor form={FORM} drafts={contacts} onChange={setContacts} errors={action.errors} />
      <button type="submit" disabled={action.busy}>
        {t('jurisdictions.create')}
      </button>
    </form>
  );
}
