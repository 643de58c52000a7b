import { shareRoutes } from '@vigil/api';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../components/error-summary';
import { LoadState } from '../../components/load-state';
import { Page } from '../../components/page';
import { useLoad } from '../../components/use-load';
import { api } from '../../session/api-client';
import { formatDateTime } from '../../lib/format';
import { RelationshipGraph } from './relationship-graph';
import { tlpLabel } from './tlp-picker';
import { WithdrawActions } from './withdraw-actions';

/** A property value as text: strings as they are, anything else as indented JSON. Never HTML. */
export function propertyText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** One object: its properties (as text), its versions and its relationships. */
export function ObjectPage({ collectionId, objectId }: { readonly collectionId: string; readonly objectId: string }) {
  const { t, i18n } = useTranslation();
  const loaded = useLoad(() => api.call(shareRoutes.getObject, { params: { id: collectionId, objectId } }), [collectionId, objectId]);
  // The collection's title, for the confirmations that name it.
  const collection = useLoad(() => api.call(shareRoutes.getCollection, { params: { id: collectionId } }), [collectionId]);
  const back = { href: `/share/collections/${collectionId}`, label: t('share.object.back') };
  if (loaded.problem) {
    return (
      <Page back={back} title={t('share.object.notShown')}>
        <ErrorSummary problem={loaded.problem} />
      </Page>
    );
  }
  return (
    <LoadState data={loaded.data} problem={null}>
      {(detail) => (
        <Page back={back} title={detail.summary.name ?? detail.summary.id} lead={`${t(`share.types.${detail.summary.type}`, { defaultValue: detail.summary.type })} · ${tlpLabel(detail.summary.tlp)}`}>
          {detail.summary.revoked ? (
            <div className="notice notice-demo">
              <p>{t('share.withdraw.isRevoked')}</p>
            </div>
          ) : null}
          <section aria-labelledby="object-properties">
            <h2 id="object-properties">{t('share.object.properties')}</h2>
            <dl className="details">
              <dt>{t('share.object.producer')}</dt>
              <dd>{detail.summary.producerName ?? t('share.collection.installation')}</dd>
              <dt>{t('share.object.added')}</dt>
              <dd>{formatDateTime(detail.summary.dateAdded, i18n.language)}</dd>
              {Object.entries(detail.object).map(([property, value]) => (
                <Fragment key={property}>
                  <dt>
                    <code>{property}</code>
                  </dt>
                  <dd>{typeof value === 'string' ? value : <pre className="mono">{propertyText(value)}</pre>}</dd>
                </Fragment>
              ))}
            </dl>
          </section>
          <section aria-labelledby="object-versions">
            <h2 id="object-versions">{t('share.object.versions')}</h2>
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('share.object.versions')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('share.object.version')}</th>
                    <th scope="col">{t('share.object.added')}</th>
                    <th scope="col">{t('share.collection.tlp')}</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.versions.map((version) => (
                    <tr key={`${version.version}-${version.dateAdded}`}>
                      <th scope="row">{version.version}</th>
                      <td>{formatDateTime(version.dateAdded, i18n.language)}</td>
                      <td>{tlpLabel(version.tlp)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="object-graph">
            <h2 id="object-graph">{t('share.object.relationships')}</h2>
            <RelationshipGraph graph={detail.graph} centre={detail.summary.id} collectionId={collectionId} />
          </section>
          {collection.data ? (
            <WithdrawActions
              collectionId={collectionId}
              collectionTitle={collection.data.title}
              objectId={objectId}
              objectName={detail.summary.name ?? detail.summary.id}
              permissions={detail.permissions}
              onRevoked={loaded.reload}
            />
          ) : null}
        </Page>
      )}
    </LoadState>
  );
}
