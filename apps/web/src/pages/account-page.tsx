import type { Problem } from '@vigil/api';
import { routes } from '@vigil/api';
import { MIN_PASSWORD_LENGTH } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../components/error-summary';
import { TextField } from '../components/fields';
import { Page } from '../components/page';
import { useStatus } from '../components/status';
import { useAction } from '../components/use-action';
import { api } from '../session/api-client';
import { useLoggedIn } from '../session/session-context';

/** The logged-in user's account: name and password. */
export function AccountPage() {
  const { t } = useTranslation();
  const { user, replaceUser } = useLoggedIn();
  const { announce } = useStatus();
  const profile = useAction();
  const password = useAction();
  const [name, setName] = useState(user.name);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState<Problem | null>(null);

  function submitProfile(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void profile.run(async () => {
      replaceUser(await api.call(routes.updateProfile, { body: { name } }));
      announce(t('account.profileSaved'));
    });
  }

  function submitPassword(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    // Checked here because the server never sees the confirmation.
    if (next !== confirm) {
      setMismatch({
        type: 'about:blank',
        title: t('errors.badInput'),
        status: 400,
        errors: [{ path: '/confirm', message: t('account.mismatch') }],
      });
      return;
    }
    setMismatch(null);
    void password.run(async () => {
      await api.call(routes.changePassword, {
        body: { currentPassword: current, newPassword: next },
      });
      setCurrent('');
      setNext('');
      setConfirm('');
      announce(t('account.passwordChanged'));
    });
  }

  const passwordErrors = new Map(password.errors);
  // A refused current password may come without a field path: tie it to its field anyway.
  const refused =
    password.problem !== null &&
    (password.problem.status === 401 || password.problem.status === 403);
  if (refused && passwordErrors.size === 0)
    passwordErrors.set('currentPassword', [t('account.wrongCurrent')]);
  if (mismatch) passwordErrors.set('confirm', [t('account.mismatch')]);
  const passwordProblem = useMemo(
    () =>
      password.problem && (password.problem.status === 401 || password.problem.status === 403)
        ? {
            ...password.problem,
            errors: [{ path: '/currentPassword', message: t('account.wrongCurrent') }],
          }
        : password.problem,
    [password.problem, t],
  );
  return (
    <Page title={t('account.title')} lead={user.email}>
      <section aria-labelledby="account-profile">
        <h2 id="account-profile">{t('account.profile')}</h2>
        <form id="profile" onSubmit={submitProfile} noValidate className="form form-inline">
          <ErrorSummary problem={profile.problem} form="profile" />
          <TextField
            form="profile"
            path="name"
            label={t('users.name')}
            autoComplete="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            errors={profile.errors}
            required
          />
          <button type="submit" disabled={profile.busy}>
            {t('common.save')}
          </button>
        </form>
        <p className="hint">{t('account.languageHint')}</p>
      </section>
      <section aria-labelledby="account-password">
        <h2 id="account-password">{t('account.passwordTitle')}</h2>
        <p>{t('account.passwordLead')}</p>
        <form id="password" onSubmit={submitPassword} noValidate className="form">
          <ErrorSummary problem={passwordProblem} form="password" />
          <ErrorSummary problem={mismatch} form="password" />
          <TextField
            form="password"
            path="currentPassword"
            type="password"
            autoComplete="current-password"
            label={t('account.current')}
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
            errors={passwordErrors}
            required
          />
          <TextField
            form="password"
            path="newPassword"
            type="password"
            autoComplete="new-password"
            label={t('account.new')}
            hint={t('account.newHint', { min: MIN_PASSWORD_LENGTH })}
            value={next}
            onChange={(event) => setNext(event.target.value)}
            errors={passwordErrors}
            required
          />
          <TextField
            form="password"
            path="confirm"
            type="password"
            autoComplete="new-password"
            label={t('account.confirm')}
            value={confirm}
            onChange={(event) => setConfirm(event.target.value)}
            errors={passwordErrors}
            required
          />
          <button type="submit" disabled={password.busy}>
            {t('account.changePassword')}
          </button>
        </form>
      </section>
    </Page>
  );
}
