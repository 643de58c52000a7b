export type { JsonObject, JsonValue } from './compact-schema';
export { OASIS_SCHEMAS_LICENCE, OASIS_SCHEMAS_SOURCE } from './generated/oasis-schemas';
export type { StixIssue, StixIssueCode } from './stix-issue';
export type { StixBundle, StixId, StixObject } from './stix-object';
export { categoryOf, type StixCategory } from './stix-types';
export {
  compareTimestamps,
  formatTimestamp,
  parseTimestamp,
  type ParsedTimestamp,
} from './timestamp';
export {
  validateBundle,
  validateEnvelope,
  type ContainedObjectValidation,
  type ContainerValidation,
} from './validate-container';
export {
  isValidStixObject,
  validateObject,
  type ObjectValidation,
  type ValidateObjectOptions,
} from './validate-object';
export {
  TLP_1_MARKING_IDS,
  TLP_2_EXTENSION_ID,
  TLP_LEVELS,
  TLP_MARKING_IDS,
  compareTlp,
  effectiveTlp,
  isTlp1MarkingDefinition,
  isTlpLevel,
  mostRestrictiveTlp,
  tlpLevelOfMarking,
  tlpMarkingDefinition,
  upgradeTlpMarkings,
  type TlpLevel,
  type TlpMarkingDefinition,
} from './tlp';
export {
  DISARM_PHASES,
  disarmCatalogue,
  disarmCountermeasure,
  disarmCountermeasureReference,
  disarmTactic,
  disarmTechnique,
  disarmTechniqueReference,
  disarmTechniquesOfTactic,
  isDisarmReference,
  type DisarmCatalogue,
  type DisarmCountermeasure,
  type DisarmExternalReference,
  type DisarmPhase,
  type DisarmTactic,
  type DisarmTechnique,
} from './disarm-catalogue';
export { DISARM_ATTRIBUTION, DISARM_SOURCE } from './generated/disarm-data';
export {
  buildCampaign,
  buildDisarmAttackPattern,
  buildDisarmCourseOfAction,
  buildIdentity,
  buildIncident,
  buildIndicator,
  buildRelationship,
  buildReport,
  buildSighting,
  buildThreatActor,
  type AttackPattern,
  type BuiltObject,
  type Campaign,
  type CommonInput,
  type CourseOfAction,
  type ExternalReference,
  type Identity,
  type Incident,
  type Indicator,
  type KillChainPhase,
  type Relationship,
  type Report,
  type Sighting,
  type ThreatActor,
} from './build-objects';
export {
  buildDomainName,
  buildFile,
  buildIpv4Addr,
  buildUrl,
  buildUserAccount,
  observableComparisons,
  patternForObservables,
  type BuiltObservable,
  type DomainName,
  type File,
  type Hashes,
  type Ipv4Addr,
  type ObservableInput,
  type PublishedObservable,
  type Url,
  type UserAccount,
} from './build-observables';
export { buildBundle, parseBundle, serializeBundle, type BundleParseError } from './bundle';
export { parseJson, type JsonSyntaxError } from './parse-json';
export { ID_CONTRIBUTING_PROPERTIES, deterministicScoId } from './sco-id';
export {
  anyOfPattern,
  patternComparison,
  patternString,
  type PatternComparison,
} from './stix-pattern';
export { STIX_SCO_NAMESPACE, isUuid, uuidV5 } from './uuid';
export { checkStixPattern, type PatternSyntaxError } from './check-stix-pattern';
