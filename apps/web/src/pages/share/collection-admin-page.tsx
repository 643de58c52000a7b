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
import { api } from '../../session/api-client';
import { allOrganisations } from '../../session/lists';
import { tlpLabel } from './tlp-picker';

interface Right {
  readonly canRead: boolean;
  readonly canWrite: boolean;
}

/** A collection's settings and its rights matrix: read and write per organisation. */
export function CollectionAdminPage({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const loaded = useLoad(async () => {
    const [collection, organisations] = await Promise.all([api.call(shareRoutes.getCollectionRights, { params: { id } }), allOrganisations()]);
    return { collection, organisations };
  }, [id]);
  return (
    <LoadState data={loaded.data} problem={loaded.problem}>
      {({ collection, organisations }) => (
        <Page
          back={{ href: `/share/admin/communities/${collection.communityId}`, label: t('share.admin.backToCommunity', { name: collection.communityName }) }}
          title={collection.title}
          actions={<AuditTrailLink targetType="sharing-collection" targetId={collection.id} />}
        >
          <SettingsForm collection={collection} />
          <RightsMatrix collection={collection} organisations={organisations} />
        </Page>
      )}
    </LoadState>
  );
}

function SettingsForm({ collection }: { readonly collection: shareRoutes.ManagedCollection }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const form = 'share-collection-settings';
  const [title, setTitle] = useState(collection.title);
  const [description, setDescription] = useState(collection.description);
  const [publicRead, setPublicRead] = useState(collection.publicRead);
  const [defaultTlp, setDefaultTlp] = useState<Tlp>(collection.defaultTlp);
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      await api.call(shareRoutes.updateCollection, { params: { id: collection.id }, body: { title, description, publicRead, defaultTlp } });
      announce(t('share.admin.saved'));
    });
  }
  return (
    <section aria-labelledby="collection-settings">
      <h2 id="collection-settings">{t('share.admin.settings')}</h2>
      <form id={form} onSubmit={submit} noValidate className="form">
        <ErrorSummary problem={action.problem} form={form} />
        <TextField form={form} path="title" label={t('share.admin.collectionTitle')} value={title} onChange={(event) => setTitle(event.target.value)} errors={action.errors} required />
        <TextAreaField form={form} path="description" label={t('share.admin.description')} rows={3} value={description} onChange={(event) => setDescription(event.target.value)} errors={action.errors} />
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
          {t('common.save')}
        </button>
      </form>
    </section>
  );
}

function RightsMatrix({ collection, organisations }: { readonly collection: shareRoutes.ManagedCollection; readonly organisations: readonly { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const [rights, setRights] = useState<ReadonlyMap<string, Right>>(() => new Map(collection.rights.map((right) => [right.organisationId, { canRead: right.canRead, canWrite: right.canWrite }])));
  function set(organisationId: string, change: Partial<Right>): void {
    setRights((previous) => {
      const next = new Map(previous);
      next.set(organisationId, { ...(previous.get(organisationId) ?? { canRead: false, canWrite: false }), ...change });
      return next;
    });
  }
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      const body = [...rights].filter(([, right]) => right.canRead || right.canWrite).map(([organisationId, right]) => ({ organisationId, ...right }));
      await api.call(shareRoutes.replaceCollectionRights, { params: { id: collection.id }, body: { rights: body } });
      announce(t('share.admin.rightsSaved'));
    });
  }
  const form = 'share-rights';
  return (
    <section aria-labelledby="collection-rights">
      <h2 id="collection-rights">{t('share.admin.rights')}</h2>
      <p className="hint">{t('share.admin.rightsHint')}</p>
      <form id={form} onSubmit={submit} noValidate>
        <ErrorSummary problem={action.problem} form={form} />
        <div className="table-wrap">
          <table>
            <caption>{t('share.admin.rightsCaption', { title: collection.title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('share.admin.organisation')}</th>
                <th scope="col">{t('share.admin.read')}</th>
                <th scope="col">{t('share.admin.write')}</th>
              </tr>
            </thead>
            <tbody>
              {organisations.map((organisation) => {
                const right = rights.get(organisation.id) ?? { canRead: false, canWrite: false };
                return (
                  <tr key={organisation.id}>
                    <th scope="row">{organisation.name}</th>
                    <td>
                      <input type="checkbox" aria-label={t('share.admin.readOf', { name: organisation.name })} checked={right.canRead} onChange={(event) => set(organisation.id, { canRead: event.target.checked })} />
                    </td>
                    <td>
                      <input type="checkbox" aria-label={t('share.admin.writeOf', { name: organisation.name })} checked={right.canWrite} onChange={(event) => set(organisation.id, { canWrite: event.target.checked })} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <button type="submit" disabled={action.busy}>
          {t('share.admin.saveRights')}
        </button>
      </form>
    </section>
  );
}
