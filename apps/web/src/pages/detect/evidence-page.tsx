import { detectRoutes as contracts } from '@vigil/api';
import { useTranslation } from 'react-i18next';
import { LoadState } from '../../components/load-state';
import { Page } from '../../components/page';
import { Pager } from '../../components/pager';
import { useCursorPages } from '../../components/use-cursor-pages';
import { formatDateTime } from '../../lib/format';
import { useSearchParams } from '../../router/router';
import { api } from '../../session/api-client';

/** Why two accounts are linked: each shared object with both posts, their times and Δt. */
export function EvidencePage({ runId, community }: { readonly runId: string; readonly community: number }) {
  const { t, i18n } = useTranslation();
  const search = useSearchParams();
  const a = search.get('a') ?? '';
  const b = search.get('b') ?? '';
  const pages = useCursorPages((cursor) => api.call(contracts.getEvidence, { params: { id: runId }, query: { a, b, cursor, limit: 100 } }), [runId, a, b]);
  return (
    <Page back={{ href: `/detect/runs/${runId}/communities/${community}`, label: t('detect.communities.name', { number: community }) }} title={t('detect.evidence.title', { a, b })} lead={t('detect.evidence.lead')}>
      <LoadState data={pages.data} problem={pages.problem}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('detect.evidence.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('detect.evidence.caption', { a, b })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('detect.evidence.behaviour')}</th>
                    <th scope="col">{t('detect.evidence.object')}</th>
                    <th scope="col">{t('detect.evidence.postA', { account: items[0]?.accountA ?? a })}</th>
                    <th scope="col">{t('detect.evidence.postB', { account: items[0]?.accountB ?? b })}</th>
                    <th scope="col" className="numeric">
                      {t('detect.evidence.delta')}
                    </th>
                    <th scope="col">{t('detect.evidence.significant')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <tr key={`${item.behaviour}-${item.lineA}-${item.lineB}`}>
                      <th scope="row">{t(`detect.methods.${item.behaviour}`)}</th>
                      <td>
                        <code>{item.object}</code>
                      </td>
                      <td>
                        {t('detect.evidence.post', { id: item.postA, line: item.lineA })}
                        <br />
                        <time dateTime={item.timeA}>{formatDateTime(item.timeA, i18n.language)}</time>
                        {item.textA ? <blockquote>{item.textA}</blockquote> : null}
                      </td>
                      <td>
                        {t('detect.evidence.post', { id: item.postB, line: item.lineB })}
                        <br />
                        <time dateTime={item.timeB}>{formatDateTime(item.timeB, i18n.language)}</time>
                        {item.textB ? <blockquote>{item.textB}</blockquote> : null}
                      </td>
                      <td className="numeric">{t('detect.evidence.seconds', { count: item.deltaSeconds })}</td>
                      <td>{item.coordinated ? t('detect.evidence.yes') : t('detect.evidence.no')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
      <Pager {...pages.pager} label={t('detect.evidence.caption', { a, b })} />
    </Page>
  );
}
