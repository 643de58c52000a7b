/**
 * UUIDs as STIX uses them (STIX 2.1 OASIS Standard, section 2.9 "Identifier"): domain,
 * relationship and meta objects SHOULD use UUIDv4 (random; the caller supplies them, the
 * library has no randomness), cyber-observable objects SHOULD use UUIDv5 in the STIX namespace
 * over their ID contributing properties. UUIDv5: RFC 9562, section 5.5.
 */
import { sha1 } from './sha1';

/** The namespace of deterministic observable ids (section 2.9); no other object may use it. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Whether `value` is a lowercase RFC 9562 UUID of version 1 to 5, as STIX identifiers take. */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replaceAll('-', '');
  return Uint8Array.from({ length: 16 }, (_, index) =>
    parseInt(hex.slice(index * 2, index * 2 + 2), 16),
  );
}

function formatUuid(bytes: Uint8Array): string {
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The name-based UUIDv5 of `name` (UTF-8) in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  input.set(uuidBytes(namespace));
  input.set(nameBytes, 16);
  const hash = sha1(input).slice(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  return formatUuid(hash);
}
