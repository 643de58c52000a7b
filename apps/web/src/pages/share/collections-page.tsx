import { shareRoutes } from '@vigil/api';
import { useTranslation } from 'react-i18next';
import { LoadState } from '../../components/load-state';
import { Page } from '../../components/page';
import { useLoad } from '../../components/use-load';
import { Link } from '../../router/router';
import { api } from '../../session/api-client';
import { useLoggedIn } from '../../session/session-context';
import { tlpLabel } from './tlp-picker';

/** The collections the user may read or write, with the objects they may see counted. */
export function CollectionsPage() {
  const { t } = useTranslation();
  const { may } = useLoggedIn();
  const loaded = useLoad(() => api.call(shareRoutes.listCollections, {}), []);
  return (
    <Page
      title={t('share.collections.title')}
      lead={t('share.collections.lead')}
      actions={
        <>
          <Link className="button secondary" href="/share/validate">
            {t('share.validate.title')}
          </Link>
          {may('share.manage') ? (
            <Link className="button secondary" href="/share/admin">
              {t('share.admin.title')}
            </Link>
          ) : null}
        </>
      }
    >
      <LoadState data={loaded.data} problem={loaded.problem}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('share.collections.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('share.collections.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('share.collections.collection')}</th>
                    <th scope="col">{t('share.collections.community')}</th>
                    <th scope="col">{t('share.collections.defaultTlp')}</th>
                    <th scope="col">{t('share.collections.rights')}</th>
                    <th scope="col" className="numeric">
                      {t('share.collections.objects')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((collection) => (
                    <tr key={collection.id}>
                      <th scope="row">
                        {collection.canRead ? <Link href={`/share/collections/${collection.id}`}>{collection.title}</Link> : collection.title}
                        {collection.publicRead ? <span className="badge">{t('share.collections.public')}</span> : null}
                        <br />
                        <span className="muted">{collection.description}</span>
                      </th>
                      <td>{collection.communityName}</td>
                      <td>{tlpLabel(collection.defaultTlp)}</td>
                      <td>
                        {[collection.canRead ? t('share.collections.read') : null, collection.canWrite ? t('share.collections.write') : null].filter(Boolean).join(', ')}
                      </td>
                      <td className="numeric">{collection.objectCount ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
    </Page>
  );
}
