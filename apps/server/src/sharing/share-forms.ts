/**
 * Objects created from the web forms: the server, not the browser, builds valid STIX 2.1 —
 * ids (UUIDv4 from the injected random source), timestamps (from the clock),
 * `created_by_ref` naming the producing organisation's identity, `object_marking_refs` at
 * the chosen TLP — and turns DISARM techniques into `uses` relationships to DISARM
 * attack-patterns (STIX 2.1 section 4.1), or kill-chain phases of an indicator (section 4.7).
 * A technique's attack-pattern already in the collection is reused; a new one is marked
 * TLP:CLEAR, since the DISARM framework is public.
 */
import type { FieldError } from '@vigil/api';
import type { shareRoutes } from '@vigil/api';
import type { Result } from '@vigil/basics';
import { err, ok, throwIllegalValue } from '@vigil/basics';
import type { Tlp } from '@vigil/domain';
import type { KillChainPhase, StixId, StixObject } from '@vigil/stix';
import {
  buildCampaign,
  buildDisarmAttackPattern,
  buildIdentity,
  buildIncident,
  buildIndicator,
  buildRelationship,
  buildReport,
  buildSighting,
  buildThreatActor,
  checkStixPattern,
  disarmTactic,
  disarmTechnique,
  isUuid,
} from '@vigil/stix';
import type { z } from 'zod';

/** A form as the API parsed it. */
export type ShareForm = z.output<typeof shareRoutes.NewShareObjectSchema>;

/** The organisation that produces the object. */
export interface Producer {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
}

/** What a form becomes: the main object and everything to store with it, in order. */
export interface BuiltForm {
  readonly main: StixObject;
  readonly objects: readonly StixObject[];
}

/**
 * The identity of an organisation: its id is the organisation's UUID, so every object an
 * organisation produces names the same identity, and storing it again is a no-op (same
 * version). It is GREEN (the community may know who shares), CLEAR for a CLEAR object.
 */
export function producerIdentity(producer: Producer, objectTlp: Tlp): StixObject {
  const uuid = producer.id.toLowerCase();
  if (!isUuid(uuid)) throw new Error(`organisation id ${producer.id} is not a UUID`);
  return buildIdentity({ uuid, created: producer.createdAt, name: producer.name, identityClass: 'organization', tlp: objectTlp === 'clear' ? 'clear' : 'green' });
}

/**
 * Builds the STIX objects of a form. `existingTechniques` maps DISARM ids to attack-patterns
 * already in the collection; `visibleIds` are the objects the caller may see there (a report
 * or a sighting may refer only to those). Bad input comes back as field errors.
 */
export function buildFormObjects(input: {
  readonly form: ShareForm;
  readonly producer: Producer;
  readonly now: Date;
  readonly uuid: () => string;
  readonly existingTechniques: ReadonlyMap<string, StixId>;
  readonly visibleIds: ReadonlySet<string>;
}): Result<BuiltForm, FieldError[]> {
  const { form, now, uuid } = input;
  const errors: FieldError[] = [];
  const identity = producerIdentity(input.producer, form.tlp);
  const common = { created: now, createdByRef: identity.id as StixId<'identity'>, tlp: form.tlp };

  const techniqueIds = 'disarmTechniques' in form ? [...new Set(form.disarmTechniques)] : [];
  const techniques = techniqueIds.flatMap((id, index) => {
    const technique = disarmTechnique(id);
    if (!technique) {
      errors.push({ path: `/disarmTechniques/${index}`, message: `no DISARM technique ${id}` });
      return [];
    }
    return [technique];
  });
  const newPatterns = new Map(
    techniques
      .filter((technique) => !input.existingTechniques.has(technique.id))
      .map((technique) => [technique.id, buildDisarmAttackPattern({ uuid: uuid(), created: now, techniqueId: technique.id, tlp: 'clear' })] as const),
  );
  const patternIds: StixId[] = techniques.flatMap((technique) => {
    const id = input.existingTechniques.get(technique.id) ?? newPatterns.get(technique.id)?.id;
    return id === undefined ? [] : [id];
  });

  const known = (id: string, path: string) => {
    if (!input.visibleIds.has(id)) errors.push({ path, message: `no object ${id} in this collection` });
  };

  let main: StixObject;
  switch (form.type) {
    case 'report': {
      form.objectRefs.forEach((id, index) => known(id, `/objectRefs/${index}`));
      const refs = [...new Set([...form.objectRefs, ...patternIds])] as StixId[];
      if (refs.length === 0) errors.push({ path: '/objectRefs', message: 'a report refers to at least one object or DISARM technique' });
      main = buildReport({
        ...common,
        uuid: uuid(),
        name: form.name,
        ...(form.description ? { description: form.description } : {}),
        published: now,
        reportTypes: form.reportTypes,
        objectRefs: refs.length > 0 ? refs : [identity.id],
      });
      break;
    }
    case 'indicator': {
      const checked = checkStixPattern(form.pattern);
      if (!checked.ok) errors.push({ path: '/pattern', message: `not a STIX pattern: ${checked.error.message} (at character ${checked.error.offset + 1})` });
      const validFrom = form.validFrom ? new Date(form.validFrom) : now;
      const validUntil = form.validUntil ? new Date(form.validUntil) : undefined;
      if (validUntil && validUntil.getTime() <= validFrom.getTime()) errors.push({ path: '/validUntil', message: 'must be after the start of validity' });
      const phases = new Map<string, KillChainPhase>();
      for (const technique of techniques) {
        const tactic = disarmTactic(technique.tactic);
        if (tactic) phases.set(tactic.shortname, { kill_chain_name: 'disarm', phase_name: tactic.shortname });
      }
      main = buildIndicator({
        ...common,
        uuid: uuid(),
        name: form.name,
        ...(form.description ? { description: form.description } : {}),
        pattern: form.pattern,
        validFrom,
        ...(validUntil ? { validUntil } : {}),
        indicatorTypes: form.indicatorTypes,
        killChainPhases: [...phases.values()],
      });
      break;
    }
    case 'incident':
      main = buildIncident({ ...common, uuid: uuid(), name: form.name, ...(form.description ? { description: form.description } : {}) });
      break;
    case 'threat-actor':
      main = buildThreatActor({ ...common, uuid: uuid(), name: form.name, ...(form.description ? { description: form.description } : {}), threatActorTypes: form.threatActorTypes });
      break;
    case 'campaign':
      main = buildCampaign({
        ...common,
        uuid: uuid(),
        name: form.name,
        ...(form.description ? { description: form.description } : {}),
        ...(form.firstSeen ? { firstSeen: new Date(form.firstSeen) } : {}),
        ...(form.objective ? { objective: form.objective } : {}),
      });
      break;
    case 'sighting': {
      known(form.sightingOfRef, '/sightingOfRef');
      const firstSeen = form.firstSeen ? new Date(form.firstSeen) : undefined;
      const lastSeen = form.lastSeen ? new Date(form.lastSeen) : undefined;
      if (firstSeen && lastSeen && lastSeen.getTime() < firstSeen.getTime()) errors.push({ path: '/lastSeen', message: 'must not be before first seen' });
      main = buildSighting({
        ...common,
        uuid: uuid(),
        sightingOfRef: form.sightingOfRef as StixId,
        ...(form.description ? { description: form.description } : {}),
        ...(form.count !== undefined ? { count: form.count } : {}),
        ...(firstSeen ? { firstSeen } : {}),
        ...(lastSeen ? { lastSeen } : {}),
        whereSightedRefs: [identity.id as StixId<'identity'>],
      });
      break;
    }
    default:
      return throwIllegalValue(form, 'form type');
  }
  if (errors.length > 0) return err(errors);
  // An indicator carries its techniques as kill-chain phases; a report refers to them.
  const uses =
    form.type === 'incident' || form.type === 'threat-actor' || form.type === 'campaign'
      ? patternIds.map((targetRef) => buildRelationship({ ...common, uuid: uuid(), relationshipType: 'uses', sourceRef: main.id, targetRef }))
      : [];
  return ok({ main, objects: [identity, ...newPatterns.values(), main, ...uses] });
}
