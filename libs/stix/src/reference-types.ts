/**
 * Which object types each reference property may point to. STIX 2.1 OASIS Standard:
 * section 3.2 (created_by_ref → identity, object_marking_refs → marking-definition),
 * 7.2.3 (granular marking_ref → marking-definition), 4.x for domain objects (4.11 malware,
 * 4.12 malware-analysis, 4.13 note, 4.14 observed-data, 4.15 opinion, 4.16 report,
 * 4.6 grouping), 5.1 relationship, 5.2 sighting, and 6.x for the cyber-observable objects.
 *
 * An entry is a list of object types, or a category: `any` (every STIX object), `sdo` (a
 * domain object or a custom domain object), `sco` (an observable or a custom observable),
 * `sro`. References to custom types are accepted wherever a category allows them, because
 * the category of a custom type cannot be known from its id.
 */
import { categoryOf } from './stix-types';

/** An allowed target: a type name or a category. */
export type ReferenceTarget = string;

const refsOfAllObjects: Readonly<Record<string, readonly ReferenceTarget[]>> = {
  created_by_ref: ['identity'],
  object_marking_refs: ['marking-definition'],
  marking_ref: ['marking-definition'],
};

const refsByType: Readonly<Record<string, Readonly<Record<string, readonly ReferenceTarget[]>>>> = {
  relationship: { source_ref: ['sdo', 'sco'], target_ref: ['sdo', 'sco'] },
  sighting: {
    sighting_of_ref: ['sdo'],
    observed_data_refs: ['observed-data'],
    where_sighted_refs: ['identity', 'location'],
  },
  report: { object_refs: ['any'] },
  note: { object_refs: ['any'] },
  opinion: { object_refs: ['any'] },
  grouping: { object_refs: ['any'] },
  'observed-data': { object_refs: ['sco', 'sro'] },
  malware: { sample_refs: ['file', 'artifact'], operating_system_refs: ['software'] },
  'malware-analysis': {
    host_vm_ref: ['software'],
    operating_system_ref: ['software'],
    installed_software_refs: ['software'],
    analysis_sco_refs: ['sco'],
    sample_ref: ['file', 'network-traffic', 'artifact'],
  },
  'language-content': { object_ref: ['any'] },
  directory: { contains_refs: ['file', 'directory'] },
  'domain-name': { resolves_to_refs: ['ipv4-addr', 'ipv6-addr', 'domain-name'] },
  'email-addr': { belongs_to_ref: ['user-account'] },
  'email-message': {
    from_ref: ['email-addr'],
    sender_ref: ['email-addr'],
    to_refs: ['email-addr'],
    cc_refs: ['email-addr'],
    bcc_refs: ['email-addr'],
    raw_email_ref: ['artifact'],
    body_raw_ref: ['artifact', 'file'],
  },
  file: { parent_directory_ref: ['directory'], content_ref: ['artifact'], contains_refs: ['sco'] },
  'ipv4-addr': { resolves_to_refs: ['mac-addr'], belongs_to_refs: ['autonomous-system'] },
  'ipv6-addr': { resolves_to_refs: ['mac-addr'], belongs_to_refs: ['autonomous-system'] },
  'network-traffic': {
    src_ref: ['ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'],
    dst_ref: ['ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'],
    src_payload_ref: ['artifact'],
    dst_payload_ref: ['artifact'],
    encapsulates_refs: ['network-traffic'],
    encapsulated_by_ref: ['network-traffic'],
    message_body_data_ref: ['artifact'],
  },
  process: {
    opened_connection_refs: ['network-traffic'],
    creator_user_ref: ['user-account'],
    image_ref: ['file'],
    parent_ref: ['process'],
    child_refs: ['process'],
    service_dll_refs: ['file'],
  },
  'windows-registry-key': { creator_user_ref: ['user-account'] },
};

/** The allowed targets of `property` on an object of `type`; `undefined` when not constrained. */
export function allowedReferenceTargets(
  type: string,
  property: string,
): readonly ReferenceTarget[] | undefined {
  return refsByType[type]?.[property] ?? refsOfAllObjects[property];
}

/** Whether an object of `targetType` satisfies one of `allowed`. */
export function referenceAllowed(targetType: string, allowed: readonly ReferenceTarget[]): boolean {
  const category = categoryOf(targetType);
  return allowed.some((target) => {
    switch (target) {
      case 'any':
        return true;
      case 'sdo':
        return category === 'domain' || category === 'custom';
      case 'sco':
        return category === 'observable' || category === 'custom';
      case 'sro':
        return category === 'relationship';
      default:
        return target === targetType;
    }
  });
}
