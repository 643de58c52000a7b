import { routes } from '@vigil/api';
import type { Jurisdiction, Organisation, User } from '@vigil/domain';
import { collectPages } from '../lib/collect-pages';
import { api } from './api-client';

const LIMIT = 1000;

/** Every organisation, by name (for pickers). */
export function allOrganisations(): Promise<Organisation[]> {
  return collectPages((cursor) =>
    api.call(routes.listOrganisations, { query: { limit: LIMIT, cursor } }),
  );
}

/** Every jurisdiction, top of the tree first (for the tree and pickers). */
export function allJurisdictions(): Promise<Jurisdiction[]> {
  return collectPages((cursor) =>
    api.call(routes.listJurisdictions, { query: { limit: LIMIT, cursor } }),
  );
}

/** Every user the logged-in user may see (for pickers). */
export function allUsers(): Promise<User[]> {
  return collectPages((cursor) => api.call(routes.listUsers, { query: { limit: LIMIT, cursor } }));
}
