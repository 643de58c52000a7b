import { ApiError, routes } from '@vigil/api';
import type { Action, Actor, Locale, OrganisationId, OrganisationType, User } from '@vigil/domain';
import { mayAttempt } from '@vigil/domain';
import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { changeLocale, currentLocale } from '../i18n/i18n';
import { actorOf } from './actor-of';
import { api, setCsrfToken, setUnauthorizedHandler } from './api-client';

/** The logged-in user and the policy's view of them. */
export interface Session {
  readonly user: User;
  readonly actor: Actor;
}

/** What the session context offers to the app. */
export interface SessionContextValue {
  /** `undefined` while the session is being read, `null` when logged out. */
  readonly session: Session | null | undefined;
  /** True when the last session ended because the server no longer knew it. */
  readonly expired: boolean;
  readonly signedIn: (
    answer: { user: User; csrfToken: string },
    chosenLocale: Locale | null,
  ) => Promise<void>;
  readonly signOut: () => Promise<void>;
  readonly replaceUser: (user: User) => void;
  readonly setLocale: (locale: Locale) => Promise<void>;
  readonly may: (action: Action) => boolean;
}

const SessionContext = createContext<SessionContextValue | null>(null);

async function organisationTypes(user: User): Promise<Map<OrganisationId, OrganisationType>> {
  const types = new Map<OrganisationId, OrganisationType>();
  if (user.isAdmin) return types;
  const ids = [...new Set(user.memberships.map((membership) => membership.organisationId))];
  const organisations = await Promise.all(
    ids.map((id) => api.call(routes.getOrganisation, { params: { id } })),
  );
  for (const organisation of organisations) types.set(organisation.id, organisation.type);
  return types;
}

/** Reads the cookie session at start and keeps the logged-in user for the whole app. */
export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  const establish = useCallback(async (user: User, csrfToken: string) => {
    setCsrfToken(csrfToken);
    setSession({ user, actor: actorOf(user, await organisationTypes(user)) });
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setExpired(true);
      setSession(null);
    });
    let active = true;
    api
      .call(routes.currentSession, {})
      .then(async (answer) => {
        if (!active) return;
        await establish(answer.user, answer.csrfToken);
        if (answer.user.locale !== currentLocale()) await changeLocale(answer.user.locale);
      })
      .catch((error: unknown) => {
        if (!active) return;
        if (!(error instanceof ApiError)) console.error(error);
        setSession(null);
      });
    return () => {
      active = false;
      setUnauthorizedHandler(null);
    };
  }, [establish]);

  const value = useMemo<SessionContextValue>(() => {
    const replaceUser = (user: User) => {
      setSession((previous) => (previous ? { ...previous, user } : previous));
    };
    return {
      session,
      expired,
      async signedIn(answer, chosenLocale) {
        setExpired(false);
        await establish(answer.user, answer.csrfToken);
        if (chosenLocale && chosenLocale !== answer.user.locale) {
          // The language picked on the login page is a fresh choice: keep it in the profile.
          replaceUser(await api.call(routes.updateProfile, { body: { locale: chosenLocale } }));
        } else if (answer.user.locale !== currentLocale()) {
          await changeLocale(answer.user.locale);
        }
      },
      async signOut() {
        try {
          await api.call(routes.logout, {});
        } finally {
          setCsrfToken(null);
          setSession(null);
        }
      },
      replaceUser,
      async setLocale(locale) {
        await changeLocale(locale);
        if (session) replaceUser(await api.call(routes.updateProfile, { body: { locale } }));
      },
      may: (action) => (session ? mayAttempt(session.actor, action) : false),
    };
  }, [session, expired, establish]);

  return <SessionContext value={value}>{children}</SessionContext>;
}

/** The session context; only inside `SessionProvider`. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The logged-in session; only in pages shown after login. */
export function useLoggedIn(): Session & Omit<SessionContextValue, 'session'> {
  const value = useSession();
  if (!value.session) throw new Error('useLoggedIn without a session');
  return { ...value, ...value.session };
}
