import { shareRoutes } from '@vigil/api';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../components/error-summary';
import { TextAreaField, TextField } from '../../components/fields';
import { LoadState } from '../../components/load-state';
import { Page } from '../../components/page';
import { useStatus } from '../../components/status';
import { useAction } from '../../components/use-action';
import { useLoad } from '../../components/use-load';
import { Link, navigate } from '../../router/router';
import { api } from '../../session/api-client';
import { tlpLabel } from './tlp-picker';

const FORM = 'share-community-new';

/** Sharing communities and their collections, for those who manage sharing; a new community. */
export function AdminPage() {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const loaded = useLoad(() => api.call(shareRoutes.listCommunities, {}), []);
  const action = useAction();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      const created = await api.call(shareRoutes.createCommunity, { body: { name, description } });
      announce(t('share.admin.communityCreated', { name: created.name }));
      navigate(`/share/admin/communities/${created.id}`);
    });
  }

  return (
    <Page back={{ href: '/share', label: t('share.collections.back') }} title={t('share.admin.title')} lead={t('share.admin.lead')}>
      <LoadState data={loaded.data} problem={loaded.problem}>
        {({ items }) => (
          <div className="table-wrap">
            <table>
              <caption>{t('share.admin.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('share.admin.community')}</th>
                  <th scope="col" className="numeric">
                    {t('share.admin.members')}
                  </th>
                  <th scope="col">{t('share.admin.collections')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((community) => (
                  <tr key={community.id}>
                    <th scope="row">
                      <Link href={`/share/admin/communities/${community.id}`}>{community.name}</Link>
                    </th>
                    <td className="numeric">{community.organisations.length}</td>
                    <td>
                      <ul className="plain-list">
                        {community.collections.map((collection) => (
                          <li key={collection.id}>
                            <Link href={`/share/admin/collections/${collection.id}`}>{collection.title}</Link> <span className="muted">({tlpLabel(collection.defaultTlp)})</span>
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LoadState>
      <section aria-labelledby="community-new">
        <h2 id="community-new">{t('share.admin.newCommunity')}</h2>
        <form id={FORM} onSubmit={submit} noValidate className="form">
          <ErrorSummary problem={action.problem} form={FORM} />
          <TextField form={FORM} path="name" label={t('share.admin.name')} value={name} onChange={(event) => setName(event.target.value)} errors={action.errors} required />
          <TextAreaField form={FORM} path="description" label={t('share.admin.description')} rows={3} value={description} onChange={(event) => setDescription(event.target.value)} errors={action.errors} />
          <button type="submit" disabled={action.busy}>
            {t('share.admin.createCommunity')}
          </button>
        </form>
      </section>
    </Page>
  );
}
