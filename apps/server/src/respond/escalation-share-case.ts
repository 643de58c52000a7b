/**
 * Sharing a case as STIX 2.1: an incident (section 4.6) named after the case, an
 * attack-pattern per DISARM technique found on the case's reports (section 4.1, DISARM
 * external reference and tactic as kill-chain phase) with an `incident —uses→ attack-pattern`
 * relationship each (section 5.1), and the case's observables as SCOs (section 6) related
 * to the incident (`related-to`). Ids are name-based (UUIDv5 of the case, technique or
 * value), so sharing a case again publishes new versions of the same objects.
 * Pure: the caller publishes the objects through `publishStixObjects`, which validates them.
 */
import type { Tlp } from '@vigil/domain';
import type { StixId, StixObject } from '@vigil/stix';
import { buildDisarmAttackPattern, buildDomainName, buildFile, buildIncident, buildIpv4Addr, buildRelationship, buildUrl, buildUserAccount, disarmTechnique, uuidV5 } from '@vigil/stix';

/** Namespace of the name-based ids of shared cases (a fixed random UUID). */
const CASE_NAMESPACE = '5b0f7f1e-8a53-4c1c-9c39-5a6c5f6a2a11';

/** What a case contributes to its STIX. */
export interface CaseForStix {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly summary: string;
  readonly incidentType: string;
  readonly severity: string;
  readonly openedAt: Date;
  readonly techniqueIds: readonly string[];
  readonly observables: readonly { readonly type: string; readonly value: string }[];
}

/** The objects, the incident's id, and what was left out (unknown technique, observable without a STIX builder). */
export function caseToStix(input: { readonly case: CaseForStix; readonly tlp: Tlp; readonly now: Date }): { objects: StixObject[]; incidentId: StixId; skipped: string[] } {
  const c = input.case;
  const tlp = input.tlp;
  const modified = input.now.getTime() > c.openedAt.getTime() ? input.now : c.openedAt;
  const incident = buildIncident({
    uuid: uuidV5(CASE_NAMESPACE, `case:${c.id}`),
    created: c.openedAt,
    modified,
    tlp,
    name: `${c.reference}: ${c.title}`,
    ...(c.summary ? { description: c.summary } : {}),
    labels: [c.incidentType, `severity:${c.severity}`],
    externalReferences: [{ source_name: 'vigil-case', external_id: c.reference }],
  });
  const objects: StixObject[] = [incident];
  const skipped: string[] = [];
  for (const techniqueId of [...new Set(c.techniqueIds)].sort()) {
    if (!disarmTechnique(techniqueId)) {
      skipped.push(`DISARM technique ${techniqueId}`);
      continue;
    }
    const pattern = buildDisarmAttackPattern({ uuid: uuidV5(CASE_NAMESPACE, `disarm:${techniqueId}`), created: c.openedAt, modified, tlp, techniqueId });
    objects.push(pattern);
    objects.push(buildRelationship({ uuid: uuidV5(CASE_NAMESPACE, `case:${c.id}:uses:${techniqueId}`), created: c.openedAt, modified, tlp, relationshipType: 'uses', sourceRef: incident.id, targetRef: pattern.id }));
  }
  for (const observable of c.observables) {
    const sco = (() => {
      switch (observable.type) {
        case 'url':
          return buildUrl({ value: observable.value, tlp });
        case 'domain':
          return buildDomainName({ value: observable.value, tlp });
        case 'ipv4':
          return buildIpv4Addr({ value: observable.value, tlp });
        case 'md5':
          return buildFile({ hashes: { MD5: observable.value }, tlp });
        case 'sha1':
          return buildFile({ hashes: { 'SHA-1': observable.value }, tlp });
        case 'sha256':
          return buildFile({ hashes: { 'SHA-256': observable.value }, tlp });
        case 'social-account':
          return buildUserAccount({ accountLogin: observable.value, tlp });
        default:
          return undefined;
      }
    })();
    if (!sco) {
      skipped.push(`${observable.type} ${observable.value}`);
      continue;
    }
    if (objects.some((o) => o.id === sco.id)) continue;
    objects.push(sco);
    objects.push(buildRelationship({ uuid: uuidV5(CASE_NAMESPACE, `case:${c.id}:related-to:${sco.id}`), created: c.openedAt, modified, tlp, relationshipType: 'related-to', sourceRef: incident.id, targetRef: sco.id }));
  }
  return { objects, incidentId: incident.id, skipped };
}
