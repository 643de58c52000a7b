/**
 * Deterministic identifiers of cyber-observable objects (STIX 2.1 OASIS Standard, section
 * 2.9, and each object's "ID Contributing Properties" in section 6): UUIDv5 in the STIX
 * namespace over the RFC 8785 canonical JSON of the contributing properties the object has.
 * Of `hashes`, one hash only, chosen as the reference implementation (cti-python-stix2)
 * does: MD5, then SHA-1, SHA-256, SHA-512, then the first one present.
 */
import { canonicalJson } from '@vigil/basics';
import type { StixId } from './stix-object';
import { STIX_SCO_NAMESPACE, uuidV5 } from './uuid';

/** ID contributing properties per observable type (section 6). `process` has none. */
export const ID_CONTRIBUTING_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  artifact: ['hashes', 'payload_bin'],
  'autonomous-system': ['number'],
  directory: ['path'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  'email-message': ['from_ref', 'subject', 'body'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'mac-addr': ['value'],
  mutex: ['name'],
  'network-traffic': [
    'start',
    'end',
    'src_ref',
    'dst_ref',
    'src_port',
    'dst_port',
    'protocols',
    'extensions',
  ],
  software: ['name', 'cpe', 'swid', 'vendor', 'version'],
  url: ['value'],
  'user-account': ['account_type', 'user_id', 'account_login'],
  'windows-registry-key': ['key', 'values'],
  'x509-certificate': ['hashes', 'serial_number'],
};

const hashPreference = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'];

function oneHash(hashes: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const name =
    hashPreference.find((candidate) => hashes[candidate] !== undefined) ?? Object.keys(hashes)[0];
  const value = name === undefined ? undefined : hashes[name];
  return name === undefined || value === undefined ? undefined : { [name]: value };
}

/**
 * The deterministic id of an observable of `type` with `properties`; `undefined` when the
 * type has no contributing properties (process, custom types) or the object has none of them,
 * in which case section 2.9 asks for a UUIDv4.
 */
export function deterministicScoId<T extends string>(
  type: T,
  properties: Readonly<Record<string, unknown>>,
): StixId<T> | undefined {
  const contributing: Record<string, unknown> = {};
  for (const name of ID_CONTRIBUTING_PROPERTIES[type] ?? []) {
    const value = properties[name];
    if (value === undefined) continue;
    if (name === 'hashes') {
      const hash = oneHash(value as Readonly<Record<string, string>>);
      if (hash !== undefined) contributing[name] = hash;
    } else {
      contributing[name] = value;
    }
  }
  if (Object.keys(contributing).length === 0) return undefined;
  return `${type}--${uuidV5(STIX_SCO_NAMESPACE, canonicalJson(contributing))}`;
}
