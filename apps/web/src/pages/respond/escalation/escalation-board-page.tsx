import { respondEscalationRoutes } from '@vigil/api';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../../components/fields';
import { LoadState } from '../../../components/load-state';
import { Page } from '../../../components/page';
import { useLoad } from '../../../components/use-load';
import { formatDateTime } from '../../../lib/format';
import { Link, navigate, useSearchParams } from '../../../router/router';
import { api } from '../../../session/api-client';
import { allJurisdictions } from '../../../session/lists';
import { MutualAidItem } from './mutual-aid-item';

const FORM = 'escalation-board';

/** Minutes as "2 h 05 min" (negative: overdue). */
export function formatMinutes(minutes: number): string {
  const abs = Math.abs(minutes);
  const hours = Math.floor(abs / 60);
  const rest = String(abs % 60).padStart(2, '0');
  return hours > 0 ? `${hours} h ${rest} min` : `${abs} min`;
}

/** The escalation board of a jurisdiction: open cases with their SLA clocks, escalations in and out, mutual aid. */
export function EscalationBoardPage() {
  const { t, i18n } = useTranslation();
  const jurisdictionId = useSearchParams().get('jurisdiction') ?? '';
  const jurisdictions = useLoad(allJurisdictions, []);
  const board = useLoad(
    async () => (jurisdictionId ? api.call(respondEscalationRoutes.escalationBoard, { query: { jurisdictionId } }) : null),
    [jurisdictionId],
  );
  const names = new Map((jurisdictions.data ?? []).map((j) => [j.id as string, j.name]));
  const options = [{ value: '', label: t('respond.escalation.board.choose') }, ...(jurisdictions.data ?? []).map((j) => ({ value: j.id, label: j.name }))];
  return (
    <Page title={t('respond.escalation.board.title')} lead={t('respond.escalation.board.lead')} back={{ href: '/respond', label: t('respond.escalation.back') }}>
      <p>
        <Link href="/respond/settings/sla">{t('respond.escalation.board.slaPolicy')}</Link>
      </p>
      <form id={FORM} className="form form-inline" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          form={FORM}
          path="jurisdiction"
          label={t('respond.escalation.board.jurisdiction')}
          value={jurisdictionId}
          options={options}
          onChange={(event) => navigate(event.target.value ? `/respond/escalation?jurisdiction=${event.target.value}` : '/respond/escalation', { replace: true })}
        />
      </form>
      {jurisdictionId ? (
        <LoadState data={board.data ?? undefined} problem={board.problem}>
          {(data) => (
            <>
              <section aria-labelledby="board-cases">
                <h2 id="board-cases">{t('respond.escalation.board.cases', { count: data.cases.length })}</h2>
                {data.cases.length === 0 ? (
                  <p>{t('respond.escalation.board.none')}</p>
                ) : (
                  <table className="table">
                    <caption className="visually-hidden">{t('respond.escalation.board.caption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('respond.escalation.board.case')}</th>
                        <th scope="col">{t('respond.escalation.board.severity')}</th>
                        <th scope="col">{t('respond.escalation.board.clock')}</th>
                        <th scope="col">{t('respond.escalation.board.position')}</th>
                        <th scope="col">{t('respond.escalation.board.heldBy')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.cases.map((c) => (
                        <tr key={c.id} className={c.sla.breached ? 'row-alert' : undefined}>
                          <td>
                            <Link href={`/respond/cases/${c.id}/escalation`}>{c.reference}</Link> {c.title}
                          </td>
                          <td>{t(`respond.cases.severity.${c.severity}`)}</td>
                          <td data-testid={`clock-${c.reference}`}>
                            {c.sla.breached ? <strong>{t('respond.escalation.board.breached')}</strong> : null}{' '}
                            {t(`respond.escalation.awaiting.${c.sla.awaiting}`)}:{' '}
                            {c.sla.breached ? t('respond.escalation.board.overdue', { time: formatMinutes(c.sla.minutesLeft) }) : t('respond.escalation.board.left', { time: formatMinutes(c.sla.minutesLeft) })}{' '}
                            <span className="hint">
                              ({t('respond.escalation.board.due', { at: formatDateTime(c.sla.dueAt, i18n.language) })}, {t(`respond.escalation.phases.${c.sla.phase}`)})
                            </span>
                          </td>
                          <td>{t(`respond.escalation.positions.${c.position}`)}</td>
                          <td>
                            {names.get(c.escalatedToJurisdictionId ?? c.jurisdictionId) ?? '—'}
                            {c.escalationLevel > 0 ? ` (${t('respond.escalation.board.level', { level: c.escalationLevel })})` : ''}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
              <section aria-labelledby="board-aid">
                <h2 id="board-aid">{t('respond.escalation.aid.title')}</h2>
                {data.mutualAid.length === 0 ? (
                  <p>{t('respond.escalation.aid.none')}</p>
                ) : (
                  <ul className="card-list">
                    {data.mutualAid.map((m) => (
                      <li key={m.id}>
                        <MutualAidItem request={m} names={names} onAnswered={board.reload} />
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </>
          )}
        </LoadState>
      ) : null}
    </Page>
  );
}
