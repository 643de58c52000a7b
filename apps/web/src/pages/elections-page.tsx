import { routes } from '@vigil/api';
import type { Jurisdiction, JurisdictionId } from '@vigil/domain';
import { useTranslation } from 'react-i18next';
import { LoadState } from '../components/load-state';
import { Page } from '../components/page';
import { Pager } from '../components/pager';
import { useCursorPages } from '../components/use-cursor-pages';
import { useLoad } from '../components/use-load';
import { formatDate } from '../lib/format';
import { Link } from '../router/router';
import { api } from '../session/api-client';
import { allJurisdictions } from '../session/lists';
import { useLoggedIn } from '../session/session-context';

/** The list of elections, latest election day first. */
export function ElectionsPage() {
  const { t, i18n } = useTranslation();
  const { may } = useLoggedIn();
  const list = useCursorPages(
    (cursor) => api.call(routes.listElections, { query: { cursor, limit: 50 } }),
    [],
  );
  const jurisdictions = useLoad(
    async () =>
      new Map<JurisdictionId, Jurisdiction>(
        (await allJurisdictions()).map((item) => [item.id, item]),
      ),
    [],
  );
  return (
    <Page
      title={t('elections.title')}
      lead={t('nav.electionsDescription')}
      actions={
        may('election.write') ? (
          <Link className="button" href="/elections/new">
            {t('elections.new')}
          </Link>
        ) : null
      }
    >
      <LoadState data={list.data} problem={list.problem}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t('elections.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('elections.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('elections.name')}</th>
                    <th scope="col">{t('elections.jurisdiction')}</th>
                    <th scope="col">{t('elections.electionDay')}</th>
                    <th scope="col" className="numeric">
                      {t('elections.contests')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((election) => (
                    <tr key={election.id}>
                      <th scope="row">
                        <Link href={`/elections/${election.id}`}>{election.name}</Link>
                      </th>
                      <td>{jurisdictions.data?.get(election.jurisdictionId)?.name ?? '—'}</td>
                      <td>{formatDate(election.electionDay, i18n.language)}</td>
                      <td className="numeric">{election.contestCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
      <Pager label={t('elections.title')} {...list.pager} />
    </Page>
  );
}
