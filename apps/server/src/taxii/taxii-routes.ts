/**
 * The TAXII 2.1 routes (OASIS Standard, section 4-6), each declared with the policy action a
 * caller needs to attempt it. The permission-matrix test reads this list: a TAXII route that
 * is served without a declaration here fails it.
 */
import type { Action } from '@vigil/domain';

/** Where the TAXII server lives. */
export const TAXII_BASE = '/taxii2';
/** The one API root (section 4.2). */
export const TAXII_API_ROOT = `${TAXII_BASE}/api`;

/** A TAXII endpoint and the action its caller must be allowed to attempt. */
export interface TaxiiRoute {
  readonly method: 'get' | 'post' | 'delete';
  /** With `{name}` parameters, as in the API contracts. */
  readonly path: string;
  readonly permission: Action;
  readonly summary: string;
}

const collection = `${TAXII_API_ROOT}/collections/{collectionId}`;

/** Every TAXII 2.1 endpoint Vigil serves. */
export const TAXII_ROUTES = {
  discovery: { method: 'get', path: `${TAXII_BASE}/`, permission: 'share.read', summary: 'Server discovery (section 4.1)' },
  apiRoot: { method: 'get', path: `${TAXII_API_ROOT}/`, permission: 'share.read', summary: 'API root information (section 4.2)' },
  status: { method: 'get', path: `${TAXII_API_ROOT}/status/{statusId}/`, permission: 'share.read', summary: 'Status of an add-objects request (section 4.3)' },
  collections: { method: 'get', path: `${TAXII_API_ROOT}/collections/`, permission: 'share.read', summary: 'Collections the caller may read or write (section 5.1)' },
  collection: { method: 'get', path: `${collection}/`, permission: 'share.read', summary: 'One collection (section 5.2)' },
  manifest: { method: 'get', path: `${collection}/manifest/`, permission: 'share.read', summary: 'Object manifests (section 5.3)' },
  objects: { method: 'get', path: `${collection}/objects/`, permission: 'share.read', summary: 'Objects (section 5.4)' },
  addObjects: { method: 'post', path: `${collection}/objects/`, permission: 'share.write', summary: 'Add objects (section 5.5)' },
  object: { method: 'get', path: `${collection}/objects/{objectId}/`, permission: 'share.read', summary: 'One object (section 5.6)' },
  deleteObject: { method: 'delete', path: `${collection}/objects/{objectId}/`, permission: 'share.write', summary: 'Delete an object (section 5.7)' },
  versions: { method: 'get', path: `${collection}/objects/{objectId}/versions/`, permission: 'share.read', summary: 'Versions of an object (section 5.8)' },
} as const satisfies Record<string, TaxiiRoute>;

/** The declared routes as a list. */
export const TAXII_ROUTE_LIST: readonly TaxiiRoute[] = Object.values(TAXII_ROUTES);
