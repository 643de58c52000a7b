import { routes } from '@vigil/api';
import type { Jurisdiction, JurisdictionId } from '@vigil/domain';
import { useTranslation } from 'react-i18next';
import { LoadState } from '../components/load-state';
import { AuditTrailLink } from '../components/audit-trail-link';
import { Page } from '../components/page';
import { useLoad } from '../components/use-load';
import { formatDate } from '../lib/format';
import { Link } from '../router/router';
import { api } from '../session/api-client';
import { allJurisdictions } from '../session/lists';

/** One election: its calendar and its contests. */
export function ElectionPage({ id }: { readonly id: string }) {
  const { t, i18n } = useTranslation();
  const loaded = useLoad(async () => {
    const [election, jurisdictions] = await Promise.all([
      api.call(routes.getElection, { params: { id } }),
      allJurisdictions(),
    ]);
    return {
      election,
      byId: new Map<JurisdictionId, Jurisdiction>(jurisdictions.map((item) => [item.id, item])),
    };
  }, [id]);
  const name = (
    jurisdictionId: JurisdictionId,
    byId: ReadonlyMap<JurisdictionId, Jurisdiction>,
  ) => {
    const jurisdiction = byId.get(jurisdictionId);
    return jurisdiction ? (
      <Link href={`/jurisdictions/${jurisdiction.id}`}>{jurisdiction.name}</Link>
    ) : (
      '—'
    );
  };
  return (
    <Page
      back={{ href: '/elections', label: t('elections.back') }}
      actions={<AuditTrailLink targetType="election" targetId={id} />}
      title={loaded.data?.election.name ?? t('elections.one')}
      lead={
        loaded.data
          ? t('elections.electionDayOn', {
              date: formatDate(loaded.data.election.electionDay, i18n.language),
            })
          : undefined
      }
    >
      <LoadState data={loaded.data} problem={loaded.problem}>
        {({ election, byId }) => (
          <>
            <dl className="details">
              <dt>{t('elections.jurisdiction')}</dt>
              <dd>{name(election.jurisdictionId, byId)}</dd>
            </dl>
            <section aria-labelledby="election-calendar">
              <h2 id="election-calendar">{t('elections.calendar')}</h2>
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">
                    {t('elections.calendarCaption', { name: election.name })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('elections.milestone')}</th>
                      <th scope="col">{t('elections.date')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {election.milestones.map((milestone) => (
                      <tr key={milestone.kind}>
                        <th scope="row">{t(`milestones.${milestone.kind}`)}</th>
                        <td>
                          <time dateTime={milestone.date}>
                            {formatDate(milestone.date, i18n.language)}
                          </time>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
            <section aria-labelledby="election-contests">
              <h2 id="election-contests">{t('elections.contests')}</h2>
              {election.contests.length === 0 ? (
                <p>{t('elections.noContests')}</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <caption className="visually-hidden">
                      {t('elections.contestsCaption', { name: election.name })}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('elections.contestName')}</th>
                        <th scope="col">{t('elections.contestJurisdiction')}</th>
                        <th scope="col" className="numeric">
                          {t('elections.seats')}
                        </th>
                        <th scope="col" className="numeric">
                          {t('elections.votesAllowed')}
                        </th>
                        <th scope="col">{t('elections.choices')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {election.contests.map((contest) => (
                        <tr key={contest.id}>
                          <th scope="row">{contest.name}</th>
                          <td>{name(contest.jurisdictionId, byId)}</td>
                          <td className="numeric">{contest.seats}</td>
                          <td className="numeric">{contest.votesAllowed}</td>
                          <td>{contest.choices.join(', ')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          </>
        )}
      </LoadState>
    </Page>
  );
}
