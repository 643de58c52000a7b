import type { AnchorHTMLAttributes, MouseEvent, ReactNode } from 'react';
import { useSyncExternalStore } from 'react';

const CHANGE_EVENT = 'vigil:navigate';

/** Where the app is: path and query of the current URL. */
export interface AppLocation {
  readonly pathname: string;
  readonly search: string;
  /** Counts navigations, so a page can tell a new visit from a re-render. */
  readonly key: number;
}

let navigationCount = 0;
let current: AppLocation = {
  pathname: window.location.pathname,
  search: window.location.search,
  key: 0,
};

function refresh(): void {
  navigationCount += 1;
  current = {
    pathname: window.location.pathname,
    search: window.location.search,
    key: navigationCount,
  };
}

function subscribe(onChange: () => void): () => void {
  const listener = () => {
    refresh();
    onChange();
  };
  window.addEventListener('popstate', listener);
  window.addEventListener(CHANGE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(CHANGE_EVENT, listener);
  };
}

/** The current location; re-renders on every navigation (links, back and forward). */
export function useLocation(): AppLocation {
  return useSyncExternalStore(subscribe, () => current);
}

/** The query parameters of the current location. */
export function useSearchParams(): URLSearchParams {
  return new URLSearchParams(useLocation().search);
}

/** Goes to `to` (a path with an optional query) through the History API. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/** Props of a `Link`: an anchor whose `href` is a path inside the app. */
export interface LinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  readonly href: string;
  readonly children: ReactNode;
}

/** An anchor that navigates inside the app without reloading; modified clicks open normally. */
export function Link({ href, onClick, children, ...rest }: LinkProps) {
  function handleClick(event: MouseEvent<HTMLAnchorElement>): void {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  }
  return (
    <a href={href} onClick={handleClick} {...rest}>
      {children}
    </a>
  );
}
