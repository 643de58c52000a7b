import { routes } from '@vigil/api';
import { useTranslation } from 'react-i18next';
import { Page } from '../components/page';
import { useLoad } from '../components/use-load';
import { CAPABILITIES, FOUNDATION, visibleNavigation } from '../navigation/navigation';
import { Link } from '../router/router';
import { api } from '../session/api-client';
import { useLoggedIn } from '../session/session-context';

/** The home page: who you are, where you can go, and the state of the installation. */
export function HomePage() {
  const { t } = useTranslation();
  const { user, may } = useLoggedIn();
  const health = useLoad(() => api.call(routes.health, {}), []);
  const sections = visibleNavigation([...FOUNDATION, ...CAPABILITIES], may).filter(
    (section) => section.group !== 'overview',
  );
  return (
    <Page title={t('home.title', { name: user.name })} lead={t('app.tagline')}>
      <section aria-labelledby="home-roles">
        <h2 id="home-roles">{t('home.rolesTitle')}</h2>
        {user.isAdmin ? <p>{t('home.platformAdmin')}</p> : null}
        {user.memberships.length > 0 ? (
          <ul className="plain-list">
            {user.memberships.map((membership) => (
              <li key={`${membership.organisationId}-${membership.role}`}>
                {t('home.membership', {
                  role: t(`roles.${membership.role}`),
                  organisation: membership.organisationName,
                })}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('home.noMemberships')}</p>
        )}
      </section>
      {sections.map((section) => (
        <section key={section.group} aria-labelledby={`home-${section.group}`}>
          <h2 id={`home-${section.group}`}>{t(`nav.groups.${section.group}`)}</h2>
          <ul className="cards">
            {section.entries.map((entry) => (
              <li key={entry.id} className="card">
                <Link href={entry.path}>{t(entry.labelKey)}</Link>
                <p>{t(`${entry.labelKey}Description`)}</p>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {health.data ? (
        <p className="muted">
          {t('home.system', {
            version: health.data.version,
            database:
              health.data.database === 'pglite'
                ? t('home.databasePglite')
                : t('home.databasePostgres'),
          })}
        </p>
      ) : null}
    </Page>
  );
}
