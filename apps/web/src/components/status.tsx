import type { ReactNode } from 'react';
import { useLocation } from '../router/router';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** How a status message reads: a success or an information. */
export type StatusTone = 'success' | 'info';

interface StatusMessage {
  readonly text: string;
  readonly tone: StatusTone;
  readonly id: number;
  /** The page it was said on: a message does not follow the user to other pages. */
  readonly pathname: string;
}

interface StatusContextValue {
  readonly message: StatusMessage | null;
  readonly announce: (text: string, tone?: StatusTone) => void;
  readonly clear: () => void;
}

const StatusContext = createContext<StatusContextValue | null>(null);

/** Holds the one status message of the app, read out by screen readers when it changes. */
export function StatusProvider({ children }: { readonly children: ReactNode }) {
  const [message, setMessage] = useState<StatusMessage | null>(null);
  const announce = useCallback((text: string, tone: StatusTone = 'success') => {
    setMessage((previous) => ({
      text,
      tone,
      id: (previous?.id ?? 0) + 1,
      pathname: window.location.pathname,
    }));
  }, []);
  const clear = useCallback(() => setMessage(null), []);
  const { i18n } = useTranslation();
  useEffect(() => {
    // A message says what happened in the language of the moment: drop it when that changes.
    i18n.on('languageChanged', clear);
    return () => i18n.off('languageChanged', clear);
  }, [i18n, clear]);
  const value = useMemo(() => ({ message, announce, clear }), [message, announce, clear]);
  return <StatusContext value={value}>{children}</StatusContext>;
}

/** Announces status messages (saved, created, verified …). */
export function useStatus(): StatusContextValue {
  const value = useContext(StatusContext);
  if (!value) throw new Error('useStatus outside StatusProvider');
  return value;
}

/**
 * The live region: always in the page (so screen readers watch it), visible when it holds a
 * message.
 */
export function StatusRegion() {
  const { message: latest } = useStatus();
  const { pathname } = useLocation();
  const message = latest?.pathname === pathname ? latest : null;
  return (
    <div
      role="status"
      aria-live="polite"
      aria-atomic="true"
      className={message ? `status status-${message.tone}` : 'status status-empty'}
    >
      {message ? <p key={message.id}>{message.text}</p> : null}
    </div>
  );
}
