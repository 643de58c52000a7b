import { routes } from '@vigil/api';
import type { User } from '@vigil/domain';
import { useTranslation } from 'react-i18next';
import { LoadState } from '../components/load-state';
import { Page } from '../components/page';
import { Pager } from '../components/pager';
import { useCursorPages } from '../components/use-cursor-pages';
import { Link } from '../router/router';
import { api } from '../session/api-client';
import { useLoggedIn } from '../session/session-context';

/** The state of an account in words: active, disabled or locked. */
export function useUserState(): (user: User) => string {
  const { t } = useTranslation();
  return (user) => {
    if (user.disabled) return t('users.stateDisabled');
    if (user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now())
      return t('users.stateLocked');
    return t('users.stateActive');
  };
}

/** The list of users. */
export function UsersPage() {
  const { t } = useTranslation();
  const { may } = useLoggedIn();
  const state = useUserState();
  const list = useCursorPages(
    (cursor) => api.call(routes.listUsers, { query: { cursor, limit: 50 } }),
    [],
  );
  return (
    <Page
      title={t('users.title')}
      lead={t('nav.usersDescription')}
      actions={
        may('user.create') ? (
          <Link className="button" href="/admin/users/new">
            {t('users.new')}
          </Link>
        ) : null
      }
    >
      <LoadState data={list.data} problem={list.problem}>
        {(page) => (
          <div className="table-wrap">
            <table>
              <caption>{t('users.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.name')}</th>
                  <th scope="col">{t('users.email')}</th>
                  <th scope="col">{t('users.memberships')}</th>
                  <th scope="col">{t('users.state')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((user) => (
                  <tr key={user.id}>
                    <th scope="row">
                      <Link href={`/admin/users/${user.id}`}>{user.name}</Link>
                      {user.isAdmin ? <span className="badge">{t('users.admin')}</span> : null}
                    </th>
                    <td>{user.email}</td>
                    <td>
                      {user.memberships.length === 0
                        ? '—'
                        : user.memberships
                            .map(
                              (membership) =>
                                `${membership.organisationName} (${t(`roles.${membership.role}`)})`,
                            )
                            .join(', ')}
                    </td>
                    <td>{state(user)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LoadState>
      <Pager label={t('users.title')} {...list.pager} />
    </Page>
  );
}
