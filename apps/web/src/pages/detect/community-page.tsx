import type { detectRoutes } from '@vigil/api';
import { detectRoutes as contracts } from '@vigil/api';
import type { Tlp } from '@vigil/domain';
import { TLP_LEVELS } from '@vigil/domain';
import type { FormEvent } from 'react';
import { lazy, Suspense, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../components/error-summary';
import { SelectField } from '../../components/fields';
import { LoadState } from '../../components/load-state';
import { Page } from '../../components/page';
import { Pager } from '../../components/pager';
import { useStatus } from '../../components/status';
import { useAction } from '../../components/use-action';
import { useCursorPages } from '../../components/use-cursor-pages';
import { useLoad } from '../../components/use-load';
import { Link, navigate } from '../../router/router';
import { api } from '../../session/api-client';
import { useLoggedIn } from '../../session/session-context';
import { formatNumber } from './format';
import { OpenCaseForm } from './open-case-form';

const PUBLISH_FORM = 'detect-publish';

/** sigma.js and graphology are a third of the app's code: fetched only when a network is drawn. */
const NetworkView = lazy(() => import('./network-view').then((module) => ({ default: module.NetworkView })));

/** The evidence page of the edge between `a` and `b`. */
export function evidenceHref(runId: string, community: number, a: string, b: string): string {
  return `/detect/runs/${runId}/communities/${community}/evidence?${new URLSearchParams({ a, b }).toString()}`;
}

/** Publishes the community as a STIX campaign into a collection the user's organisation may write. */
function PublishForm({ runId, community }: { readonly runId: string; readonly community: number }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const targets = useLoad(() => api.call(contracts.listPublishTargets, {}), []);
  const [collectionId, setCollectionId] = useState('');
  const [tlp, setTlp] = useState<Tlp>('amber');
  const [done, setDone] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setDone(null);
    void action.run(async () => {
      const answer = await api.call(contracts.publishCommunity, { params: { id: runId, community }, body: { collectionId, tlp } });
      const message = t('detect.publish.done', { count: answer.objects });
      setDone(message);
      announce(message);
    });
  }
  return (
    <form id={PUBLISH_FORM} onSubmit={submit} noValidate className="form">
      <h2>{t('detect.publish.title')}</h2>
      <p className="hint">{t('detect.publish.lead')}</p>
      <ErrorSummary problem={action.problem ?? targets.problem} form={PUBLISH_FORM} />
      {targets.data && targets.data.items.length === 0 ? (
        <p>{t('detect.publish.noTargets')}</p>
      ) : (
        <>
          <SelectField
            form={PUBLISH_FORM}
            path="collectionId"
            label={t('detect.publish.collection')}
            required
            value={collectionId}
            emptyLabel={t('detect.publish.choose')}
            options={(targets.data?.items ?? []).map((target) => ({ value: target.id, label: `${target.title} (${target.communityName})` }))}
            onChange={(event) => setCollectionId(event.target.value)}
            errors={action.errors}
          />
          <SelectField
            form={PUBLISH_FORM}
            path="tlp"
            label={t('detect.publish.tlp')}
            hint={t('detect.publish.tlpHint')}
            required
            value={tlp}
            options={TLP_LEVELS.map((level) => ({ value: level, label: `TLP:${level.toUpperCase()}` }))}
            onChange={(event) => setTlp(event.target.value as Tlp)}
            errors={action.errors}
          />
          <button type="submit" disabled={action.busy || collectionId === ''}>
            {t('detect.publish.submit')}
          </button>
        </>
      )}
      {done ? <p className="notice">{done}</p> : null}
    </form>
  );
}

/** One community: its network (sigma.js) with the same edges as a table, its accounts, publication. */
export function CommunityPage({ runId, community }: { readonly runId: string; readonly community: number }) {
  const { t, i18n } = useTranslation();
  const { may } = useLoggedIn();
  const loaded = useLoad(() => api.call(contracts.getCommunity, { params: { id: runId, community } }), [runId, community]);
  const run = useLoad(async () => {
    const found = await api.call(contracts.getRun, { params: { id: runId } });
    return { run: found, dataset: await api.call(contracts.getDataset, { params: { id: found.datasetId } }) };
  }, [runId]);
  // The drawing shows the strongest 1,000 edges; the table pages through all of them.
  const network = useLoad(() => api.call(contracts.listCommunityEdges, { params: { id: runId, community }, query: { limit: 1000 } }), [runId, community]);
  const pages = useCursorPages((cursor) => api.call(contracts.listCommunityEdges, { params: { id: runId, community }, query: { cursor, limit: 50 } }), [runId, community]);
  const openEdge = useCallback((a: string, b: string) => navigate(evidenceHref(runId, community, a, b)), [runId, community]);
  // Accounts after the first page, fetched on demand (keyset cursor).
  const [more, setMore] = useState<{ readonly accounts: readonly detectRoutes.DetectAccount[]; readonly cursor: string | null } | null>(null);
  const moreAccounts = useAction();
  const nextAccounts = more ? more.cursor : (loaded.data?.accountsNextCursor ?? null);
  const n = (value: number, digits = 0) => formatNumber(value, i18n.language, digits);
  return (
    <Page back={{ href: `/detect/runs/${runId}`, label: t('detect.run.pageTitleShort') }} title={t('detect.communities.name', { number: community })} lead={loaded.data ? t('detect.community.lead', { size: loaded.data.size, edges: loaded.data.edges, behaviours: loaded.data.behaviours.map((b) => t(`detect.methods.${b}`)).join(', ') }) : undefined}>
      <section aria-labelledby="detect-network">
        <h2 id="detect-network">{t('detect.community.network')}</h2>
        <LoadState data={network.data} problem={network.problem}>
          {({ items }) => (
            <Suspense fallback={<p className="muted" aria-busy="true">{t('common.loading')}</p>}>
              <NetworkView edges={items} onEdge={openEdge} />
            </Suspense>
          )}
        </LoadState>
      </section>
      <section aria-labelledby="detect-edges">
        <h2 id="detect-edges">{t('detect.community.edges')}</h2>
        <p className="hint">{t('detect.community.edgesHint')}</p>
        <LoadState data={pages.data} problem={pages.problem}>
          {({ items }) => (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('detect.community.edges')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('detect.edges.accounts')}</th>
                    <th scope="col">{t('detect.edges.behaviours')}</th>
                    <th scope="col" className="numeric">
                      {t('detect.edges.weight')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('detect.edges.significance')}
                    </th>
                    <th scope="col">{t('detect.edges.evidence')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((edge) => (
                    <tr key={`${edge.accountA}|${edge.accountB}`}>
                      <th scope="row">
                        {edge.accountA} — {edge.accountB}
                      </th>
                      <td>{edge.behaviours.map((b) => t(`detect.methods.${b}`)).join(', ')}</td>
                      <td className="numeric">{n(edge.weight, 3)}</td>
                      <td className="numeric">{n(edge.significance, 1)}</td>
                      <td>
                        <Link href={evidenceHref(runId, community, edge.accountA, edge.accountB)} aria-label={t('detect.edges.evidenceOf', { a: edge.accountA, b: edge.accountB })}>
                          {t('detect.edges.evidence')}
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </LoadState>
        <Pager {...pages.pager} label={t('detect.community.edges')} />
      </section>
      <section aria-labelledby="detect-accounts">
        <h2 id="detect-accounts">{t('detect.community.accounts')}</h2>
        <LoadState data={loaded.data} problem={loaded.problem}>
          {(data) => (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('detect.community.accounts')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('detect.accounts.account')}</th>
                    <th scope="col" className="numeric">
                      {t('detect.accounts.posts')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('detect.accounts.score')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('detect.accounts.degree')}
                    </th>
                    <th scope="col">{t('detect.accounts.behaviours')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...data.accounts, ...(more?.accounts ?? [])].map((account) => (
                    <tr key={account.accountId}>
                      <th scope="row">{account.accountId}</th>
                      <td className="numeric">{n(account.posts)}</td>
                      <td className="numeric">{n(account.score, 2)}</td>
                      <td className="numeric">{n(account.degree)}</td>
                      <td>
                        {account.behaviours.map((b) => t(`detect.methods.${b}`)).join(', ')}
                        {account.creationBurst ? ` (${t('detect.accounts.burst', { day: account.creationBurst })})` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </LoadState>
        {moreAccounts.problem ? <ErrorSummary problem={moreAccounts.problem} /> : null}
        {nextAccounts !== null ? (
          <button
            type="button"
            className="secondary"
            disabled={moreAccounts.busy}
            onClick={() => {
              void moreAccounts.run(async () => {
                const page = await api.call(contracts.listCommunityAccounts, { params: { id: runId, community }, query: { cursor: nextAccounts, limit: 200 } });
                setMore({ accounts: [...(more?.accounts ?? []), ...page.items], cursor: page.nextCursor });
              });
            }}
          >
            {t('detect.community.moreAccounts')}
          </button>
        ) : null}
      </section>
      {may('detect.run') ? <PublishForm runId={runId} community={community} /> : null}
      {may('case.write') && loaded.data && run.data ? (
        <OpenCaseForm
          runId={runId}
          community={community}
          datasetName={run.data.run.datasetName}
          platform={run.data.dataset.format === 'io-archive' || run.data.dataset.format === 'coortweet' ? 'x' : ''}
          accounts={loaded.data.accounts.map((account) => account.accountId)} />
      ) : null}
    </Page>
  );
}
