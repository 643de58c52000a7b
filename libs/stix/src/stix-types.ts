/**
 * The object types the STIX 2.1 OASIS Standard defines: domain objects (section 4),
 * relationship objects (section 5), cyber-observable objects (section 6) and meta objects
 * (section 7). Every other type is a custom object (section 11.2).
 */

/** STIX Domain Objects, section 4. */
export const domainObjectTypes: ReadonlySet<string> = new Set([
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'indicator',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'observed-data',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
]);

/** STIX Relationship Objects, section 5. */
export const relationshipObjectTypes: ReadonlySet<string> = new Set(['relationship', 'sighting']);

/** STIX Cyber-observable Objects, section 6. */
export const observableObjectTypes: ReadonlySet<string> = new Set([
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
]);

/** STIX Meta Objects, section 7. */
export const metaObjectTypes: ReadonlySet<string> = new Set([
  'language-content',
  'marking-definition',
  'extension-definition',
]);

/** The category of an object type; custom types are `custom`. */
export type StixCategory = 'domain' | 'relationship' | 'observable' | 'meta' | 'custom';

/** Returns the category of `type` as the specification defines it. */
export function categoryOf(type: string): StixCategory {
  if (domainObjectTypes.has(type)) return 'domain';
  if (relationshipObjectTypes.has(type)) return 'relationship';
  if (observableObjectTypes.has(type)) return 'observable';
  if (metaObjectTypes.has(type)) return 'meta';
  return 'custom';
}
