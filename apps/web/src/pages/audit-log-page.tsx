import type { RouteOutput } from '@vigil/api';
import { routes } from '@vigil/api';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../components/error-summary';
import { SelectField, TextField } from '../components/fields';
import { LoadState } from '../components/load-state';
import { Page } from '../components/page';
import { Pager } from '../components/pager';
import { useAction } from '../components/use-action';
import { useCursorPages } from '../components/use-cursor-pages';
import { useLoad } from '../components/use-load';
import { dayBoundary, formatDateTime } from '../lib/format';
import { useSearchParams } from '../router/router';
import { api } from '../session/api-client';
import { allUsers } from '../session/lists';
import { useLoggedIn } from '../session/session-context';

interface Filters {
  readonly action: string;
  readonly actorId: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly from: string;
  readonly to: string;
}

const NO_FILTERS: Filters = {
  action: '',
  actorId: '',
  targetType: '',
  targetId: '',
  from: '',
  to: '',
};

/** Filters given in the address (`?targetType=user&targetId=…`), so other pages can link here. */
function filtersOf(search: URLSearchParams): Filters {
  const value = (name: keyof Filters) => search.get(name) ?? '';
  return {
    action: value('action'),
    actorId: value('actorId'),
    targetType: value('targetType'),
    targetId: value('targetId'),
    from: value('from'),
    to: value('to'),
  };
}
const FORM = 'audit-filters';

function orUndefined(value: string): string | undefined {
  return value.trim() === '' ? undefined : value.trim();
}

/** The audit log, newest first, with filters and a check of its hash chain. */
export function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const { may } = useLoggedIn();
  const search = useSearchParams();
  const [draft, setDraft] = useState<Filters>(() => filtersOf(search));
  const [filters, setFilters] = useState<Filters>(() => filtersOf(search));
  const users = useLoad(async () => (may('user.read') ? allUsers() : []), [may]);
  const list = useCursorPages(
    (cursor) =>
      api.call(routes.listAuditEvents, {
        query: {
          cursor,
          limit: 50,
          action: orUndefined(filters.action),
          actorId: orUndefined(filters.actorId),
          targetType: orUndefined(filters.targetType),
          targetId: orUndefined(filters.targetId),
          from: dayBoundary(filters.from, 'start'),
          to: dayBoundary(filters.to, 'end'),
        },
      }),
    [filters],
  );
  const verify = useAction();
  const [verification, setVerification] = useState<RouteOutput<
    typeof routes.verifyAuditLog
  > | null>(null);

  function apply(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setFilters(draft);
  }

  function runVerification(): void {
    setVerification(null);
    void verify.run(async () => {
      const result = await api.call(routes.verifyAuditLog, {});
      setVerification(result);
    });
  }

  const set = (key: keyof Filters) => (value: string) =>
    setDraft((previous) => ({ ...previous, [key]: value }));
  return (
    <Page title={t('auditLog.title')} lead={t('nav.auditLogDescription')}>
      <section aria-labelledby="audit-verify" className="panel">
        <h2 id="audit-verify">{t('auditLog.verifyTitle')}</h2>
        <p>{t('auditLog.verifyLead')}</p>
        <button type="button" onClick={runVerification} disabled={verify.busy}>
          {verify.busy ? t('auditLog.verifying') : t('auditLog.verify')}
        </button>
        <ErrorSummary problem={verify.problem} />
        {/* The result is its own live region, so it is read out where it is shown. */}
        <div role="status" aria-live="polite">
          {verification ? (
            <p className={verification.ok ? 'result result-ok' : 'result result-broken'}>
              {verification.ok
                ? t('auditLog.chainOk', { count: verification.checked })
                : t('auditLog.chainBroken', {
                    seq: verification.firstBroken?.seq ?? '?',
                    reason: verification.firstBroken?.reason ?? '',
                  })}
            </p>
          ) : null}
        </div>
      </section>
      <form
        id={FORM}
        onSubmit={apply}
        noValidate
        className="filters"
        aria-labelledby="audit-filters-title"
      >
        <h2 id="audit-filters-title" className="visually-hidden">
          {t('auditLog.filters')}
        </h2>
        <TextField
          form={FORM}
          path="action"
          label={t('auditLog.action')}
          hint={t('auditLog.actionHint')}
          value={draft.action}
          onChange={(event) => set('action')(event.target.value)}
        />
        {users.data && users.data.length > 0 ? (
          <SelectField
            form={FORM}
            path="actorId"
            label={t('auditLog.actor')}
            value={draft.actorId}
            emptyLabel={t('auditLog.anyActor')}
            options={users.data.map((user) => ({ value: user.id, label: user.name }))}
            onChange={(event) => set('actorId')(event.target.value)}
          />
        ) : (
          <TextField
            form={FORM}
            path="actorId"
            label={t('auditLog.actor')}
            hint={t('auditLog.actorHint')}
            value={draft.actorId}
            onChange={(event) => set('actorId')(event.target.value)}
          />
        )}
        <TextField
          form={FORM}
          path="targetType"
          label={t('auditLog.targetType')}
          hint={t('auditLog.targetTypeHint')}
          value={draft.targetType}
          onChange={(event) => set('targetType')(event.target.value)}
        />
        <TextField
          form={FORM}
          path="targetId"
          label={t('auditLog.targetId')}
          value={draft.targetId}
          onChange={(event) => set('targetId')(event.target.value)}
        />
        <TextField
          form={FORM}
          path="from"
          type="date"
          label={t('auditLog.from')}
          value={draft.from}
          onChange={(event) => set('from')(event.target.value)}
        />
        <TextField
          form={FORM}
          path="to"
          type="date"
          label={t('auditLog.to')}
          value={draft.to}
          onChange={(event) => set('to')(event.target.value)}
        />
        <div className="filter-buttons">
          <button type="submit">{t('auditLog.apply')}</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft(NO_FILTERS);
              setFilters(NO_FILTERS);
            }}
          >
            {t('auditLog.clear')}
          </button>
        </div>
      </form>
      <LoadState data={list.data} problem={list.problem}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t('auditLog.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('auditLog.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="numeric">
                      {t('auditLog.seq')}
                    </th>
                    <th scope="col">{t('auditLog.at')}</th>
                    <th scope="col">{t('auditLog.actor')}</th>
                    <th scope="col">{t('auditLog.action')}</th>
                    <th scope="col">{t('auditLog.target')}</th>
                    <th scope="col">{t('auditLog.hash')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((event) => (
                    <tr key={event.seq}>
                      <th scope="row" className="numeric">
                        {event.seq}
                      </th>
                      <td>
                        <time dateTime={event.at}>{formatDateTime(event.at, i18n.language)}</time>
                      </td>
                      <td>
                        {event.actor.kind === 'user'
                          ? event.actor.label
                          : t(`auditLog.actorKinds.${event.actor.kind}`, {
                              label: event.actor.label,
                            })}
                      </td>
                      <td>
                        <code>{event.action}</code>
                      </td>
                      <td>
                        {event.targetType}
                        {event.targetId ? (
                          <span className="muted mono small"> {event.targetId}</span>
                        ) : null}
                      </td>
                      <td>
                        <code title={event.hash}>{event.hash.slice(0, 12)}…</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
      <Pager label={t('auditLog.title')} {...list.pager} />
    </Page>
  );
}
