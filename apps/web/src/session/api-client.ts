import type { ApiClient } from '@vigil/api';
import { ApiError, CSRF_HEADER, createApiClient } from '@vigil/api';

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Sets the CSRF token of the cookie session, sent with every request from now on. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server answers 401 to a logged-in user (session expired or ended elsewhere). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

const base = createApiClient({
  headers: (): Record<string, string> => (csrfToken ? { [CSRF_HEADER]: csrfToken } : {}),
});

function watch<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    if (error instanceof ApiError && error.problem.status === 401 && csrfToken !== null)
      onUnauthorized?.();
    throw error;
  });
}

/** The one API client of the web app: same origin, cookie session, CSRF header. */
export const api: ApiClient = {
  call: (contract, input) => watch(base.call(contract, input)),
  callText: (contract, input) => watch(base.callText(contract, input)),
};
