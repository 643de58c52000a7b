import { useTranslation } from 'react-i18next';
import { Page } from './components/page';
import { Shell } from './components/shell';
import { AccountPage } from './pages/account-page';
import { AuditLogPage } from './pages/audit-log-page';
import { ElectionNewPage } from './pages/election-new-page';
import { ElectionPage } from './pages/election-page';
import { ElectionsPage } from './pages/elections-page';
import { HomePage } from './pages/home-page';
import { JurisdictionImportPage } from './pages/jurisdiction-import-page';
import { JurisdictionNewPage } from './pages/jurisdiction-new-page';
import { JurisdictionPage } from './pages/jurisdiction-page';
import { JurisdictionsPage } from './pages/jurisdictions-page';
import { LoginPage } from './pages/login-page';
import { OrganisationNewPage } from './pages/organisation-new-page';
import { OrganisationPage } from './pages/organisation-page';
import { OrganisationsPage } from './pages/organisations-page';
import { TokensPage } from './pages/tokens-page';
import { UserNewPage } from './pages/user-new-page';
import { UserPage } from './pages/user-page';
import { UsersPage } from './pages/users-page';
import { matchRoute } from './router/match-route';
import { Link, useLocation } from './router/router';
import { useSession } from './session/session-context';

import type { AppRoute, CapabilityRoutes } from './router/app-route';
import { param } from './router/app-route';

/**
 * Each capability's pages: `pages/<capability>/routes.tsx` exports `routes` (pages after login)
 * and may export `publicRoutes` (pages anyone may open without an account, which bring their
 * own layout).
 */
const capabilityModules = Object.values(import.meta.glob<CapabilityRoutes>('./pages/*/routes.tsx', { eager: true }));
const CAPABILITY_ROUTES: readonly AppRoute[] = capabilityModules.flatMap((module) => module.routes ?? []);
const PUBLIC_ROUTES: readonly AppRoute[] = capabilityModules.flatMap((module) => module.publicRoutes ?? []);

/** The platform's pages after login; literal paths before parameterised ones. */
const CORE_ROUTES: readonly AppRoute[] = [
  { pattern: '/', permission: 'session.self', render: () => <HomePage /> },
  {
    pattern: '/jurisdictions',
    permission: 'jurisdiction.read',
    render: () => <JurisdictionsPage />,
  },
  {
    pattern: '/jurisdictions/new',
    permission: 'jurisdiction.write',
    render: () => <JurisdictionNewPage />,
  },
  {
    pattern: '/jurisdictions/import',
    permission: 'jurisdiction.write',
    render: () => <JurisdictionImportPage />,
  },
  {
    pattern: '/jurisdictions/:id',
    permission: 'jurisdiction.read',
    render: (p) => <JurisdictionPage id={param(p, 'id')} />,
  },
  { pattern: '/elections', permission: 'election.read', render: () => <ElectionsPage /> },
  { pattern: '/elections/new', permission: 'election.write', render: () => <ElectionNewPage /> },
  {
    pattern: '/elections/:id',
    permission: 'election.read',
    render: (p) => <ElectionPage id={param(p, 'id')} />,
  },
  {
    pattern: '/admin/organisations',
    permission: 'membership.manage',
    render: () => <OrganisationsPage />,
  },
  {
    pattern: '/admin/organisations/new',
    permission: 'organisation.create',
    render: () => <OrganisationNewPage />,
  },
  {
    pattern: '/admin/organisations/:id',
    permission: 'membership.manage',
    render: (p) => <OrganisationPage id={param(p, 'id')} />,
  },
  { pattern: '/admin/users', permission: 'user.read', render: () => <UsersPage /> },
  { pattern: '/admin/users/new', permission: 'user.create', render: () => <UserNewPage /> },
  {
    pattern: '/admin/users/:id',
    permission: 'user.read',
    render: (p) => <UserPage id={param(p, 'id')} />,
  },
  { pattern: '/admin/audit-log', permission: 'audit-log.read', render: () => <AuditLogPage /> },
  { pattern: '/account/tokens', permission: 'token.manage-own', render: () => <TokensPage /> },
  { pattern: '/account', permission: 'session.self', render: () => <AccountPage /> },
];

const ROUTES: readonly AppRoute[] = [...CORE_ROUTES, ...CAPABILITY_ROUTES];

function NotFound() {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.body')}</p>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </Page>
  );
}

function Forbidden() {
  const { t } = useTranslation();
  return (
    <Page title={t('forbidden.title')}>
      <p>{t('forbidden.body')}</p>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </Page>
  );
}

function Routes() {
  const { pathname } = useLocation();
  const { may } = useSession();
  for (const route of ROUTES) {
    const params = matchRoute(route.pattern, pathname);
    if (params) return may(route.permission) ? route.render(params) : <Forbidden />;
  }
  return <NotFound />;
}

/** The app: the login page until a session exists, then the shell and the page of the URL. */
export function App() {
  const { t } = useTranslation();
  const { session } = useSession();
  const { pathname } = useLocation();
  for (const route of PUBLIC_ROUTES) {
    const params = matchRoute(route.pattern, pathname);
    if (params) return route.render(params);
  }
  if (session === undefined) {
    return (
      <p className="boot" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  }
  if (session === null) return <LoginPage />;
  return (
    <Shell>
      <Routes />
    </Shell>
  );
}
