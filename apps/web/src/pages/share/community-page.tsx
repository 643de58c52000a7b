import { shareRoutes } from '@vigil/api';
import type { Tlp } from '@vigil/domain';
import { TLP_LEVELS } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditTrailLink } from '../../components/audit-trail-link';
import { ErrorSummary } from '../../components/error-summary';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/fields';
import { LoadState } from '../../components/load-state';
import { Page } from '../../components/page';
import { useStatus } from '../../components/status';
import { useAction } from '../../components/use-action';
import { useLoad } from '../../components/use-load';
import { navigate } from '../../router/router';
import { api } from '../../session/api-client';
import { allOrganisations } from '../../session/lists';
import { OrganisationCheckboxes } from './organisation-checkboxes';
import { tlpLabel } from './tlp-picker';

/** One community: its name, description and members, and a new collection in it. */
export function CommunityPage({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const loaded = useLoad(async () => {
    const [communities, organisations] = await Promise.all([api.call(shareRoutes.listCommunities, {}), allOrganisations()]);
    const community = communities.items.find((item) => item.id === id);
    return { community, organisations };
  }, [id]);
  return (
    <LoadState data={loaded.data} problem={loaded.problem}>
      {({ community, organisations }) =>
        community ? (
          <Page back={{ href: '/share/admin', label: t('share.admin.back') }} title={community.name} actions={<AuditTrailLink targetType="sharing-community" targetId={community.id} />}>
            <CommunityForm community={community} organisations={organisations} onSaved={loaded.reload} />
            <NewCollectionForm communityId={community.id} />
          </Page>
        ) : (
          <Page back={{ href: '/share/admin', label: t('share.admin.back') }} title={t('errors.notFound')} />
        )
      }
    </LoadState>
  );
}

function CommunityForm({ community, organisations, onSaved }: { readonly community: shareRoutes.ShareCommunity; readonly organisations: readonly { id: string; name: string }[]; readonly onSaved: () => void }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const form = 'share-community';
  const [name, setName] = useState(community.name);
  const [description, setDescription] = useState(community.description);
  const [members, setMembers] = useState<string[]>(community.organisations.map((organisation) => organisation.id));
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      await api.call(shareRoutes.updateCommunity, { params: { id: community.id }, body: { name, description, organisationIds: members } });
      announce(t('share.admin.saved'));
      onSaved();
    });
  }
  return (
    <form id={form} onSubmit={submit} noValidate className="form">
      <ErrorSummary problem={action.problem} form={form} />
      <TextField form={form} path="name" label={t('share.admin.name')} value={name} onChange={(event) => setName(event.target.value)} errors={action.errors} required />
      <TextAreaField form={form} path="description" label={t('share.admin.description')} rows={3} value={description} onChange={(event) => setDescription(event.target.value)} errors={action.errors} />
      <OrganisationCheckboxes form={form} path="organisationIds" legend={t('share.admin.memberOrganisations')} organisations={organisations} value={members} onChange={setMembers} errors={action.errors} />
      <button type="submit" disabled={action.busy}>
        {t('common.save')}
      </button>
    </form>
  );
}

function NewCollectionForm({ communityId }: { readonly communityId: string }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const form = 'share-collection-new';
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [alias, setAlias] = useState('');
  const [publicRead, setPublicRead] = useState(false);
  const [defaultTlp, setDefaultTlp] = useState<Tlp>('green');
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      const created = await api.call(shareRoutes.createCollection, { params: { id: communityId }, body: { title, description, alias: alias.trim() || undefined, publicRead, defaultTlp } });
      announce(t('share.admin.collectionCreated', { title: created.title }));
      navigate(`/share/admin/collections/${created.id}`);
    });
  }
  return (
    <section aria-labelledby="collection-new">
      <h2 id="collection-new">{t('share.admin.newCollection')}</h2>
      <form id={form} onSubmit={submit} noValidate className="form">
        <ErrorSummary problem={action.problem} form={form} />
        <TextField form={form} path="title" label={t('share.admin.collectionTitle')} value={title} onChange={(event) => setTitle(event.target.value)} errors={action.errors} required />
        <TextAreaField form={form} path="description" label={t('share.admin.description')} rows={3} value={description} onChange={(event) => setDescription(event.target.value)} errors={action.errors} />
        <TextField form={form} path="alias" label={t('share.admin.alias')} hint={t('share.admin.aliasHint')} value={alias} onChange={(event) => setAlias(event.target.value)} errors={action.errors} />
        <SelectField
          form={form}
          path="defaultTlp"
          label={t('share.admin.defaultTlp')}
          hint={t('share.admin.defaultTlpHint')}
          value={defaultTlp}
          options={TLP_LEVELS.map((level) => ({ value: level, label: tlpLabel(level) }))}
          onChange={(event) => {
            const level = TLP_LEVELS.find((candidate) => candidate === event.target.value);
            if (level) setDefaultTlp(level);
          }}
          errors={action.errors}
        />
        <CheckboxField form={form} path="publicRead" label={t('share.admin.publicRead')} hint={t('share.admin.publicReadHint')} checked={publicRead} onChange={(event) => setPublicRead(event.target.checked)} errors={action.errors} />
        <button type="submit" disabled={action.busy}>
          {t('share.admin.createCollection')}
        </button>
      </form>
    </section>
  );
}
