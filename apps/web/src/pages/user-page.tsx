import { routes } from '@vigil/api';
import type { User } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../components/error-summary';
import { TextField } from '../components/fields';
import { LoadState } from '../components/load-state';
import { AuditTrailLink } from '../components/audit-trail-link';
import { Page } from '../components/page';
import { useStatus } from '../components/status';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import { formatDateTime } from '../lib/format';
import { Link } from '../router/router';
import { api } from '../session/api-client';
import { useLoggedIn } from '../session/session-context';
import { useUserState } from './users-page';

/** One user: details, name, disable or unlock, administrator flag, memberships. */
export function UserPage({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const loaded = useLoad(() => api.call(routes.getUser, { params: { id } }), [id]);
  return (
    <Page
      back={{ href: '/admin/users', label: t('users.back') }}
      actions={<AuditTrailLink targetType="user" targetId={id} />}
      title={loaded.data?.name ?? t('users.one')}
      lead={loaded.data?.email}
    >
      <LoadState data={loaded.data} problem={loaded.problem}>
        {(user) => <UserDetails key={user.id} user={user} onChange={loaded.reload} />}
      </LoadState>
    </Page>
  );
}

function UserDetails({ user, onChange }: { readonly user: User; readonly onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const { user: me, may } = useLoggedIn();
  const { announce } = useStatus();
  const state = useUserState();
  const rename = useAction();
  const change = useAction();
  const [name, setName] = useState(user.name);
  const mayUpdate = may('user.update');
  const self = user.id === me.id;
  const locked = user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > Date.now();

  function update(
    body: { disabled?: boolean; isAdmin?: boolean; unlock?: true },
    message: string,
  ): void {
    void change.run(async () => {
      await api.call(routes.updateUser, { params: { id: user.id }, body });
      announce(message);
      onChange();
    });
  }

  function submitName(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void rename.run(async () => {
      const updated = await api.call(routes.updateUser, {
        params: { id: user.id },
        body: { name },
      });
      announce(t('users.saved', { name: updated.name }));
      onChange();
    });
  }

  return (
    <>
      <section aria-labelledby="user-account">
        <h2 id="user-account">{t('users.account')}</h2>
        <dl className="details">
          <dt>{t('users.state')}</dt>
          <dd>{state(user)}</dd>
          {locked && user.lockedUntil ? (
            <>
              <dt>{t('users.lockedUntil')}</dt>
              <dd>{formatDateTime(user.lockedUntil, i18n.language)}</dd>
            </>
          ) : null}
          <dt>{t('users.admin')}</dt>
          <dd>{user.isAdmin ? t('common.yes') : t('common.no')}</dd>
          <dt>{t('users.locale')}</dt>
          <dd>{t(`language.names.${user.locale}`)}</dd>
          <dt>{t('users.createdAt')}</dt>
          <dd>{formatDateTime(user.createdAt, i18n.language)}</dd>
        </dl>
        {mayUpdate ? (
          <>
            <ErrorSummary problem={change.problem} />
            {self ? <p className="hint">{t('users.selfHint')}</p> : null}
            <div className="button-row">
              {!self ? (
                <button
                  type="button"
                  className="secondary"
                  disabled={change.busy}
                  onClick={() =>
                    update(
                      { disabled: !user.disabled },
                      user.disabled ? t('users.enabled') : t('users.disabled'),
                    )
                  }
                >
                  {user.disabled ? t('users.enable') : t('users.disable')}
                </button>
              ) : null}
              {locked ? (
                <button
                  type="button"
                  className="secondary"
                  disabled={change.busy}
                  onClick={() => update({ unlock: true }, t('users.unlocked'))}
                >
                  {t('users.unlock')}
                </button>
              ) : null}
              {!self && may('user.create') ? (
                <button
                  type="button"
                  className="secondary"
                  disabled={change.busy}
                  onClick={() =>
                    update(
                      { isAdmin: !user.isAdmin },
                      user.isAdmin ? t('users.adminRevoked') : t('users.adminGranted'),
                    )
                  }
                >
                  {user.isAdmin ? t('users.revokeAdmin') : t('users.grantAdmin')}
                </button>
              ) : null}
            </div>
          </>
        ) : null}
      </section>
      {mayUpdate ? (
        <section aria-labelledby="user-rename">
          <h2 id="user-rename">{t('users.rename')}</h2>
          <form id="user-name" onSubmit={submitName} noValidate className="form form-inline">
            <ErrorSummary problem={rename.problem} form="user-name" />
            <TextField
              form="user-name"
              path="name"
              label={t('users.name')}
              value={name}
              onChange={(event) => setName(event.target.value)}
              errors={rename.errors}
              required
            />
            <button type="submit" disabled={rename.busy}>
              {t('common.save')}
            </button>
          </form>
        </section>
      ) : null}
      <section aria-labelledby="user-memberships">
        <h2 id="user-memberships">{t('users.memberships')}</h2>
        {user.memberships.length === 0 ? (
          <p>{t('users.noMemberships')}</p>
        ) : (
          <ul className="plain-list">
            {user.memberships.map((membership) => (
              <li key={`${membership.organisationId}-${membership.role}`}>
                <Link href={`/admin/organisations/${membership.organisationId}`}>
                  {membership.organisationName}
                </Link>{' '}
                — {t(`roles.${membership.role}`)}
              </li>
            ))}
          </ul>
        )}
        <p className="hint">{t('users.membershipsHint')}</p>
      </section>
    </>
  );
}
