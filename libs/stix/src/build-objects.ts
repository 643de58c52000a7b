/**
 * Builders for the STIX 2.1 objects the platform publishes (STIX 2.1 OASIS Standard: 3.2
 * common properties; 4.2 campaign, 4.5 identity, 4.6 incident, 4.7 indicator, 4.16 report,
 * 4.17 threat-actor, 4.1 attack-pattern, 4.3 course-of-action; 5.1 relationship, 5.2
 * sighting). Ids and timestamps come in as arguments: the caller's random source gives the
 * UUIDv4, its clock the times. Absent optional properties are left out (the specification
 * has no null, and lists are never empty). Every built object validates with
 * `validateObject`; the builders throw on inputs no caller should pass (a malformed UUID,
 * an empty list), which are bugs.
 */
import { assert } from '@vigil/basics';
import {
  disarmCountermeasure,
  disarmCountermeasureReference,
  disarmTactic,
  disarmTechnique,
  disarmTechniqueReference,
} from './disarm-catalogue';
import type { StixId, StixObject } from './stix-object';
import { formatTimestamp } from './timestamp';
import { TLP_MARKING_IDS, type TlpLevel } from './tlp';
import { isUuid } from './uuid';

/** An external reference (section 2.5). */
export interface ExternalReference {
  readonly source_name: string;
  readonly description?: string;
  readonly url?: string;
  readonly external_id?: string;
}

/** A kill-chain phase (section 2.11). */
export interface KillChainPhase {
  readonly kill_chain_name: string;
  readonly phase_name: string;
}

/** The common input of every domain and relationship object. */
export interface CommonInput {
  /** The UUIDv4 of the object's id (lowercase). */
  readonly uuid: string;
  readonly created: Date;
  /** Defaults to `created`. */
  readonly modified?: Date;
  readonly createdByRef?: StixId<'identity'>;
  /** Adds the TLP 2.0 marking of this level to `object_marking_refs`. */
  readonly tlp?: TlpLevel;
  /** Further marking definitions (statements, copyright). */
  readonly markingRefs?: readonly StixId<'marking-definition'>[];
  readonly labels?: readonly string[];
  readonly externalReferences?: readonly ExternalReference[];
  /** 0 to 100 (section 3.2). */
  readonly confidence?: number;
  readonly lang?: string;
}

/** The common properties of a built domain or relationship object. */
export interface BuiltObject<T extends string> extends StixObject {
  readonly type: T;
  readonly spec_version: '2.1';
  readonly id: StixId<T>;
  readonly created: string;
  readonly modified: string;
}

function nonEmpty<T>(list: readonly T[] | undefined): readonly T[] | undefined {
  return list === undefined || list.length === 0 ? undefined : list;
}

/** Drops undefined properties, so built objects have no explicit `undefined`. */
function defined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

function timestamp(instant: Date | undefined): string | undefined {
  return instant === undefined ? undefined : formatTimestamp(instant);
}

function common<T extends string>(type: T, input: CommonInput): BuiltObject<T> {
  assert(isUuid(input.uuid), `not a lowercase UUID: ${input.uuid}`);
  const created = formatTimestamp(input.created);
  const modified = formatTimestamp(input.modified ?? input.created);
  const markings = [
    ...(input.tlp === undefined ? [] : [TLP_MARKING_IDS[input.tlp]]),
    ...(input.markingRefs ?? []),
  ];
  return defined({
    type,
    spec_version: '2.1' as const,
    id: `${type}--${input.uuid}`,
    created_by_ref: input.createdByRef,
    created,
    modified,
    labels: nonEmpty(input.labels),
    confidence: input.confidence,
    lang: input.lang,
    external_references: nonEmpty(input.externalReferences),
    object_marking_refs: nonEmpty([...new Set(markings)]),
  });
}

/** A report (section 4.16). */
export interface Report extends BuiltObject<'report'> {
  readonly name: string;
  readonly published: string;
  readonly object_refs: readonly StixId[];
  readonly description?: string;
  readonly report_types?: readonly string[];
}

/** Builds a report about `objectRefs` (at least one). */
export function buildReport(
  input: CommonInput & {
    readonly name: string;
    readonly published: Date;
    readonly objectRefs: readonly StixId[];
    readonly description?: string;
    readonly reportTypes?: readonly string[];
  },
): Report {
  assert(input.objectRefs.length > 0, 'a report refers to at least one object');
  return defined({
    ...common('report', input),
    name: input.name,
    description: input.description,
    report_types: nonEmpty(input.reportTypes),
    published: formatTimestamp(input.published),
    object_refs: input.objectRefs,
  });
}

/** An indicator (section 4.7). */
export interface Indicator extends BuiltObject<'indicator'> {
  readonly pattern: string;
  readonly pattern_type: string;
  readonly valid_from: string;
  readonly valid_until?: string;
  readonly name?: string;
  readonly description?: string;
  readonly indicator_types?: readonly string[];
  readonly kill_chain_phases?: readonly KillChainPhase[];
}

/** Builds an indicator; `pattern` in the STIX patterning language unless `patternType` says otherwise. */
export function buildIndicator(
  input: CommonInput & {
    readonly pattern: string;
    readonly patternType?: string;
    readonly validFrom: Date;
    readonly validUntil?: Date;
    readonly name?: string;
    readonly description?: string;
    readonly indicatorTypes?: readonly string[];
    readonly killChainPhases?: readonly KillChainPhase[];
  },
): Indicator {
  return defined({
    ...common('indicator', input),
    name: input.name,
    description: input.description,
    indicator_types: nonEmpty(input.indicatorTypes),
    pattern: input.pattern,
    pattern_type: input.patternType ?? 'stix',
    valid_from: formatTimestamp(input.validFrom),
    valid_until: timestamp(input.validUntil),
    kill_chain_phases: nonEmpty(input.killChainPhases),
  });
}

/** An incident (section 4.6; STIX 2.1 defines only its name and description). */
export interface Incident extends BuiltObject<'incident'> {
  readonly name: string;
  readonly description?: string;
}

/** Builds an incident. */
export function buildIncident(
  input: CommonInput & { readonly name: string; readonly description?: string },
): Incident {
  return defined({
    ...common('incident', input),
    name: input.name,
    description: input.description,
  });
}

/** A threat actor (section 4.17). */
export interface ThreatActor extends BuiltObject<'threat-actor'> {
  readonly name: string;
  readonly description?: string;
  readonly threat_actor_types?: readonly string[];
  readonly aliases?: readonly string[];
  readonly first_seen?: string;
  readonly last_seen?: string;
  readonly goals?: readonly string[];
  readonly sophistication?: string;
  readonly resource_level?: string;
  readonly primary_motivation?: string;
}

/** Builds a threat actor. */
export function buildThreatActor(
  input: CommonInput & {
    readonly name: string;
    readonly description?: string;
    readonly threatActorTypes?: readonly string[];
    readonly aliases?: readonly string[];
    readonly firstSeen?: Date;
    readonly lastSeen?: Date;
    readonly goals?: readonly string[];
    readonly sophistication?: string;
    readonly resourceLevel?: string;
    readonly primaryMotivation?: string;
  },
): ThreatActor {
  return defined({
    ...common('threat-actor', input),
    name: input.name,
    description: input.description,
    threat_actor_types: nonEmpty(input.threatActorTypes),
    aliases: nonEmpty(input.aliases),
    first_seen: timestamp(input.firstSeen),
    last_seen: timestamp(input.lastSeen),
    goals: nonEmpty(input.goals),
    sophistication: input.sophistication,
    resource_level: input.resourceLevel,
    primary_motivation: input.primaryMotivation,
  });
}

/** A campaign (section 4.2). */
export interface Campaign extends BuiltObject<'campaign'> {
  readonly name: string;
  readonly description?: string;
  readonly aliases?: readonly string[];
  readonly first_seen?: string;
  readonly last_seen?: string;
  readonly objective?: string;
}

/** Builds a campaign. */
export function buildCampaign(
  input: CommonInput & {
    readonly name: string;
    readonly description?: string;
    readonly aliases?: readonly string[];
    readonly firstSeen?: Date;
    readonly lastSeen?: Date;
    readonly objective?: string;
  },
): Campaign {
  return defined({
    ...common('campaign', input),
    name: input.name,
    description: input.description,
    aliases: nonEmpty(input.aliases),
    first_seen: timestamp(input.firstSeen),
    last_seen: timestamp(input.lastSeen),
    objective: input.objective,
  });
}

/** An identity (section 4.5). */
export interface Identity extends BuiltObject<'identity'> {
  readonly name: string;
  readonly description?: string;
  readonly identity_class?: string;
  readonly sectors?: readonly string[];
  readonly contact_information?: string;
  readonly roles?: readonly string[];
}

/** Builds an identity: an organisation, an individual, a group, a class or a system. */
export function buildIdentity(
  input: CommonInput & {
    readonly name: string;
    readonly description?: string;
    readonly identityClass?: string;
    readonly sectors?: readonly string[];
    readonly contactInformation?: string;
    readonly roles?: readonly string[];
  },
): Identity {
  return defined({
    ...common('identity', input),
    name: input.name,
    description: input.description,
    identity_class: input.identityClass,
    sectors: nonEmpty(input.sectors),
    contact_information: input.contactInformation,
    roles: nonEmpty(input.roles),
  });
}

/** A relationship (section 5.1). */
export interface Relationship extends BuiltObject<'relationship'> {
  readonly relationship_type: string;
  readonly source_ref: StixId;
  readonly target_ref: StixId;
  readonly description?: string;
  readonly start_time?: string;
  readonly stop_time?: string;
}

/** Builds a relationship `source —relationshipType→ target` (e.g. `uses`, `attributed-to`). */
export function buildRelationship(
  input: CommonInput & {
    readonly relationshipType: string;
    readonly sourceRef: StixId;
    readonly targetRef: StixId;
    readonly description?: string;
    readonly startTime?: Date;
    readonly stopTime?: Date;
  },
): Relationship {
  return defined({
    ...common('relationship', input),
    relationship_type: input.relationshipType,
    description: input.description,
    source_ref: input.sourceRef,
    target_ref: input.targetRef,
    start_time: timestamp(input.startTime),
    stop_time: timestamp(input.stopTime),
  });
}

/** A sighting (section 5.2). */
export interface Sighting extends BuiltObject<'sighting'> {
  readonly sighting_of_ref: StixId;
  readonly description?: string;
  readonly first_seen?: string;
  readonly last_seen?: string;
  readonly count?: number;
  readonly observed_data_refs?: readonly StixId<'observed-data'>[];
  readonly where_sighted_refs?: readonly StixId<'identity' | 'location'>[];
  readonly summary?: boolean;
}

/** Builds a sighting of `sightingOfRef` (an indicator, a campaign, a threat actor …). */
export function buildSighting(
  input: CommonInput & {
    readonly sightingOfRef: StixId;
    readonly description?: string;
    readonly firstSeen?: Date;
    readonly lastSeen?: Date;
    readonly count?: number;
    readonly observedDataRefs?: readonly StixId<'observed-data'>[];
    readonly whereSightedRefs?: readonly StixId<'identity' | 'location'>[];
    readonly summary?: boolean;
  },
): Sighting {
  return defined({
    ...common('sighting', input),
    description: input.description,
    first_seen: timestamp(input.firstSeen),
    last_seen: timestamp(input.lastSeen),
    count: input.count,
    sighting_of_ref: input.sightingOfRef,
    observed_data_refs: nonEmpty(input.observedDataRefs),
    where_sighted_refs: nonEmpty(input.whereSightedRefs),
    summary: input.summary,
  });
}

/** An attack-pattern (section 4.1). */
export interface AttackPattern extends BuiltObject<'attack-pattern'> {
  readonly name: string;
  readonly description?: string;
  readonly kill_chain_phases?: readonly KillChainPhase[];
}

/**
 * Builds an attack-pattern for DISARM technique `techniqueId` (e.g. `T0002`), named as in
 * DISARM, with its DISARM external reference and its tactic as kill-chain phase
 * (`disarm` kill chain, the tactic's short name as phase, e.g. `plan-objectives`).
 */
export function buildDisarmAttackPattern(
  input: CommonInput & { readonly techniqueId: string; readonly description?: string },
): AttackPattern {
  const technique = disarmTechnique(input.techniqueId);
  assert(technique !== undefined, `no DISARM technique ${input.techniqueId}`);
  const tactic = disarmTactic(technique.tactic);
  assert(tactic !== undefined, `no DISARM tactic ${technique.tactic}`);
  return defined({
    ...common('attack-pattern', {
      ...input,
      externalReferences: [
        disarmTechniqueReference(technique.id),
        ...(input.externalReferences ?? []),
      ],
    }),
    name: technique.name,
    description: input.description,
    kill_chain_phases: [{ kill_chain_name: 'disarm', phase_name: tactic.shortname }],
  });
}

/** A course of action (section 4.3). */
export interface CourseOfAction extends BuiltObject<'course-of-action'> {
  readonly name: string;
  readonly description?: string;
}

/** Builds a course-of-action for DISARM countermeasure `countermeasureId` (e.g. `C00006`). */
export function buildDisarmCourseOfAction(
  input: CommonInput & {
    readonly countermeasureId: string;
    readonly name?: string;
    readonly description?: string;
  },
): CourseOfAction {
  const countermeasure = disarmCountermeasure(input.countermeasureId);
  assert(countermeasure !== undefined, `no DISARM countermeasure ${input.countermeasureId}`);
  return defined({
    ...common('course-of-action', {
      ...input,
      externalReferences: [
        disarmCountermeasureReference(countermeasure.id),
        ...(input.externalReferences ?? []),
      ],
    }),
    name: input.name ?? `DISARM ${countermeasure.id}`,
    description: input.description,
  });
}
