/**
 * Turns received STIX objects into rows to store: each object validated on its own (STIX 2.1
 * schemas and MUST rules, with the extension definitions of the same request), TLP 1.0
 * markings upgraded to TLP 2.0, and its version and effective TLP computed.
 */
import type { NewStixObject, StatusDetail } from '@vigil/db';
import type { Tlp } from '@vigil/domain';
import { TLP_MARKING_IDS, effectiveTlp, tlpLevelOfMarking, upgradeTlpMarkings, validateEnvelope, type StixId, type StixObject } from '@vigil/stix';

/** The valid objects ready to store, and a status detail for each invalid one. */
export interface PreparedObjects {
  readonly objects: readonly NewStixObject[];
  readonly failures: readonly (StatusDetail & { readonly index: number })[];
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** An object marked at `tlp`: its TLP markings replaced by the TLP 2.0 marking of that level. */
export function markedAt(object: StixObject, tlp: Tlp): StixObject {
  const refs: readonly StixId<'marking-definition'>[] = Array.isArray(object.object_marking_refs) ? object.object_marking_refs : [];
  const others = refs.filter((ref) => tlpLevelOfMarking(ref) === undefined);
  return { ...object, object_marking_refs: [...others, TLP_MARKING_IDS[tlp]] };
}

/**
 * Validates and prepares `objects`. Objects without a TLP marking take `defaultTlp`; with
 * `tlp`, every object is marked at that level. AMBER and RED objects name
 * `recipientOrganisationIds` as recipients.
 */
export function prepareStixObjects(input: {
  readonly objects: readonly unknown[];
  readonly defaultTlp: Tlp;
  readonly tlp?: Tlp | undefined;
  readonly producerOrganisationId: string | null;
  readonly recipientOrganisationIds?: readonly string[] | undefined;
  readonly now: Date;
}): PreparedObjects {
  const validation = validateEnvelope({ objects: input.objects });
  const objects: NewStixObject[] = [];
  const failures: (StatusDetail & { index: number })[] = [];
  for (const result of validation.objects) {
    const raw = input.objects[result.index];
    const record = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    if (!result.valid) {
      failures.push({
        index: result.index,
        id: textOf(record['id']) ?? `objects[${result.index}]`,
        version: textOf(record['modified']) ?? textOf(record['created']) ?? '',
        message: result.issues.map((issue) => `${issue.path.replace(/^\/objects\/\d+/, '') || '/'}: ${issue.message}`).join('; '),
      });
      continue;
    }
    let object = upgradeTlpMarkings(raw as StixObject);
    if (input.tlp !== undefined) object = markedAt(object, input.tlp);
    const tlp = effectiveTlp(object, input.defaultTlp);
    objects.push({
      object,
      specVersion: textOf(record['spec_version']) ?? '2.1',
      version: textOf(object['modified']) ?? textOf(object['created']) ?? input.now.toISOString(),
      tlp,
      producerOrganisationId: input.producerOrganisationId,
      recipientOrganisationIds: tlp === 'amber' || tlp === 'red' ? (input.recipientOrganisationIds ?? []) : [],
    });
  }
  return { objects, failures };
}
