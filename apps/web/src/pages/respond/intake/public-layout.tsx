import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DemoBanner } from '../../../components/demo-banner';
import { LanguageSwitcher } from '../../../components/language-switcher';
import { Link } from '../../../router/router';

/**
 * The frame of the public pages (report form, tracking page): no account, no navigation;
 * skip link, the demo banner, the language switcher, and the main content.
 */
export function PublicLayout({ children }: { readonly children: ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="shell public-shell">
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <DemoBanner />
      <header className="site-header">
        <Link href="/report" className="brand">
          <span className="brand-mark" aria-hidden="true">
            V
          </span>
          {t('app.name')}
        </Link>
        <div className="header-tools">
          <LanguageSwitcher
            onChange={(locale) => {
              i18n.changeLanguage(locale).catch((error: unknown) => console.error(error));
            }}
          />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <nav aria-label={t('respond.intake.publicNav')} className="back">
          <Link href="/report">{t('respond.intake.navReport')}</Link> · <Link href="/report/track">{t('respond.intake.navTrack')}</Link>
        </nav>
        {children}
      </main>
    </div>
  );
}
