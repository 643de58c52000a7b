import type { Action } from '@vigil/domain';

/** Groups of the navigation, in the order they appear. */
export const NAV_GROUPS = [
  'overview',
  'electionData',
  'capabilities',
  'administration',
  'account',
] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

/** One entry of the navigation. */
export interface NavEntry {
  readonly id: string;
  readonly group: NavGroup;
  /** Translation key of the label; `<key>Description` is its one-line description on the home page. */
  readonly labelKey: string;
  /** Where it leads; `null` while the capability has no pages yet (the entry is then hidden). */
  readonly path: string | null;
  /** The action the user must be allowed to attempt to see the entry. */
  readonly permission: Action;
}

/**
 * The eight capabilities of ARCHITECTURE.md. Each shows in the navigation once it has real
 * pages: set its `path` (and its own permission) when they land.
 */
export const CAPABILITIES: readonly NavEntry[] = [
  {
    id: 'assess',
    group: 'capabilities',
    labelKey: 'capabilities.assess',
    path: null,
    permission: 'session.self',
  },
  {
    id: 'audit',
    group: 'capabilities',
    labelKey: 'capabilities.audit',
    path: null,
    permission: 'session.self',
  },
  {
    id: 'respond',
    group: 'capabilities',
    labelKey: 'capabilities.respond',
    path: '/respond',
    permission: 'case.read',
  },
  {
    id: 'share',
    group: 'capabilities',
    labelKey: 'capabilities.share',
    path: '/share',
    permission: 'share.read',
  },
  {
    id: 'detect',
    group: 'capabilities',
    labelKey: 'capabilities.detect',
    path: '/detect',
    permission: 'detect.read',
  },
  {
    id: 'ads',
    group: 'capabilities',
    labelKey: 'capabilities.ads',
    path: null,
    permission: 'session.self',
  },
  {
    id: 'factcheck',
    group: 'capabilities',
    labelKey: 'capabilities.factcheck',
    path: null,
    permission: 'session.self',
  },
  {
    id: 'portal',
    group: 'capabilities',
    labelKey: 'capabilities.portal',
    path: null,
    permission: 'session.self',
  },
];

/** The foundation's pages. */
export const FOUNDATION: readonly NavEntry[] = [
  { id: 'home', group: 'overview', labelKey: 'nav.home', path: '/', permission: 'session.self' },
  {
    id: 'jurisdictions',
    group: 'electionData',
    labelKey: 'nav.jurisdictions',
    path: '/jurisdictions',
    permission: 'jurisdiction.read',
  },
  {
    id: 'elections',
    group: 'electionData',
    labelKey: 'nav.elections',
    path: '/elections',
    permission: 'election.read',
  },
  // Organisation administrators manage their own organisation's members; platform admins all.
  {
    id: 'organisations',
    group: 'administration',
    labelKey: 'nav.organisations',
    path: '/admin/organisations',
    permission: 'membership.manage',
  },
  {
    id: 'users',
    group: 'administration',
    labelKey: 'nav.users',
    path: '/admin/users',
    permission: 'user.read',
  },
  {
    id: 'audit-log',
    group: 'administration',
    labelKey: 'nav.auditLog',
    path: '/admin/audit-log',
    permission: 'audit-log.read',
  },
  {
    id: 'tokens',
    group: 'account',
    labelKey: 'nav.tokens',
    path: '/account/tokens',
    permission: 'token.manage-own',
  },
  {
    id: 'account',
    group: 'account',
    labelKey: 'nav.account',
    path: '/account',
    permission: 'session.self',
  },
];

/** An entry that has a page. */
export type VisibleEntry = NavEntry & { readonly path: string };

/** The navigation a user sees, by group: entries with pages that the user may use; no empty group. */
export function visibleNavigation(
  entries: readonly NavEntry[],
  may: (action: Action) => boolean,
): readonly { readonly group: NavGroup; readonly entries: readonly VisibleEntry[] }[] {
  const visible = entries.filter(
    (entry): entry is VisibleEntry => entry.path !== null && may(entry.permission),
  );
  return NAV_GROUPS.map((group) => ({
    group,
    entries: visible.filter((entry) => entry.group === group),
  })).filter((section) => section.entries.length > 0);
}

/** Whether a navigation entry is the current page or an ancestor of it. */
export function isCurrent(entryPath: string, pathname: string): boolean {
  if (entryPath === '/') return pathname === '/';
  return (
    pathname === entryPath ||
    (pathname.startsWith(`${entryPath}/`) &&
      !(entryPath === '/account' && pathname.startsWith('/account/tokens')))
  );
}
