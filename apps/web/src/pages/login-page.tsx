import { routes } from '@vigil/api';
import type { Locale } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DemoBanner } from '../components/demo-banner';
import { ErrorSummary } from '../components/error-summary';
import { TextField } from '../components/fields';
import { LanguageSwitcher } from '../components/language-switcher';
import { StatusRegion } from '../components/status';
import { useAction } from '../components/use-action';
import { changeLocale } from '../i18n/i18n';
import { navigate } from '../router/router';
import { api } from '../session/api-client';
import { useSession } from '../session/session-context';

const FORM = 'login';

/**
 * The message for a refused login: wrong credentials and a locked account read differently,
 * so the user knows whether to retry or to wait.
 */
function useLoginMessage(): (status: number, type: string) => string | undefined {
  const { t } = useTranslation();
  return (status, type) => {
    if (status === 423 || /lock/i.test(type)) return t('login.lockedOut');
    if (status === 429) return t('login.tooMany');
    if (status === 401) return t('login.badCredentials');
    return undefined;
  };
}

/** The login page: e-mail and password, with the language switcher. */
export function LoginPage() {
  const { t } = useTranslation();
  const { signedIn, expired } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [chosenLocale, setChosenLocale] = useState<Locale | null>(null);
  const action = useAction();
  const loginMessage = useLoginMessage();

  useEffect(() => {
    document.title = `${t('login.title')} — ${t('app.name')}`;
  }, [t]);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      const answer = await api.call(routes.login, { body: { email, password } });
      await signedIn(answer, chosenLocale);
      // Same address, new visit: the page under it takes focus at its heading.
      navigate(`${window.location.pathname}${window.location.search}`, { replace: true });
    });
  }

  const problem = action.problem;
  return (
    <div className="login-layout">
      <DemoBanner />
      <header className="login-header">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            V
          </span>
          {t('app.name')}
        </p>
        <LanguageSwitcher
          onChange={(locale) => {
            setChosenLocale(locale);
            changeLocale(locale).catch((error: unknown) => console.error(error));
          }}
        />
      </header>
      <main id="main" className="login-main">
        <div className="login-card">
          <h1>{t('login.title')}</h1>
          <p className="lead">{t('app.tagline')}</p>
          <StatusRegion />
          {expired ? <p className="notice">{t('login.expired')}</p> : null}
          <ErrorSummary
            problem={problem}
            form={FORM}
            message={problem ? loginMessage(problem.status, problem.type) : undefined}
          />
          <form id={FORM} onSubmit={submit} noValidate>
            <TextField
              form={FORM}
              path="email"
              label={t('login.email')}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              errors={action.errors}
              required
            />
            <TextField
              form={FORM}
              path="password"
              label={t('login.password')}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              errors={action.errors}
              required
            />
            <button type="submit" disabled={action.busy}>
              {action.busy ? t('login.submitting') : t('login.submit')}
            </button>
          </form>
        </div>
      </main>
    </div>
  );
}
