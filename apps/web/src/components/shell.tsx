import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CAPABILITIES, FOUNDATION, isCurrent, visibleNavigation } from '../navigation/navigation';
import { Link, navigate, useLocation } from '../router/router';
import { useLoggedIn } from '../session/session-context';
import { DemoBanner } from './demo-banner';
import { LanguageSwitcher } from './language-switcher';
import { NotificationsLink } from './notifications-link';
import { StatusRegion, useStatus } from './status';

/** The frame of every page after login: skip link, header, navigation, main content. */
export function Shell({ children }: { readonly children: ReactNode }) {
  const { t } = useTranslation();
  const { user, may, signOut, setLocale } = useLoggedIn();
  const { pathname } = useLocation();
  const { announce } = useStatus();
  const sections = visibleNavigation([...FOUNDATION, ...CAPABILITIES], may);

  function logout(): void {
    signOut()
      .then(() => {
        navigate('/', { replace: true });
        announce(t('login.loggedOut'), 'info');
      })
      .catch((error: unknown) => console.error(error));
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <DemoBanner />
      <header className="site-header">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            V
          </span>
          {t('app.name')}
        </Link>
        <div className="header-tools">
          <p className="who">
            <span className="visually-hidden">{t('shell.loggedInAs')} </span>
            <span className="who-name">{user.name}</span>{' '}
            <span className="who-email">{user.email}</span>
          </p>
          <NotificationsLink />
          <LanguageSwitcher
            onChange={(locale) => {
              setLocale(locale).catch((error: unknown) => console.error(error));
            }}
          />
          <button type="button" className="header-button" onClick={logout}>
            {t('shell.logout')}
          </button>
        </div>
      </header>
      <div className="layout">
        <nav className="site-nav" aria-label={t('shell.navigation')}>
          {sections.map((section) => (
            <div key={section.group} className="nav-section">
              <h2 id={`nav-${section.group}`}>{t(`nav.groups.${section.group}`)}</h2>
              <ul aria-labelledby={`nav-${section.group}`}>
                {section.entries.map((entry) => (
                  <li key={entry.id}>
                    <Link
                      href={entry.path}
                      aria-current={isCurrent(entry.path, pathname) ? 'page' : undefined}
                    >
                      {t(entry.labelKey)}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <main id="main" tabIndex={-1}>
          <StatusRegion />
          {children}
        </main>
      </div>
      <footer className="site-footer">
        <p>{t('shell.footer')}</p>
      </footer>
    </div>
  );
}
