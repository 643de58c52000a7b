/**
 * The HTTP contract of the sharing hub's web API (`/api/v1/share`): collections and their
 * objects as the caller may see them (TLP enforced on the server), objects built from forms,
 * bundle import, export and validation, DISARM techniques for a picker, and the management
 * of communities, collections and rights. TAXII 2.1 clients use `/taxii2/` instead.
 */
import { OrganisationIdSchema, TlpSchema } from '@vigil/domain';
import { z } from 'zod';
import { defineRoute } from './contract';
import { pageSchema } from './page';

/** A STIX identifier, `type--UUID`. */
export const StixIdSchema = z
  .string()
  .max(300)
  .regex(/^[a-z0-9][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a STIX id: type--UUID');

const CollectionParams = z.object({ id: z.uuid('a collection id (UUID)') });
const ObjectParams = z.object({ id: z.uuid('a collection id (UUID)'), objectId: StixIdSchema });

const name = z.string().trim().min(1, 'required').max(300);
const description = z.string().trim().max(20_000).default('');

// ---- collections as a reader sees them ------------------------------------------------------

export const ShareCollectionSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  alias: z.string().nullable(),
  communityId: z.uuid(),
  communityName: z.string(),
  publicRead: z.boolean(),
  defaultTlp: TlpSchema,
  canRead: z.boolean(),
  canWrite: z.boolean(),
  /** Distinct objects the caller may see; null when the caller may only write. */
  objectCount: z.number().int().nullable(),
  /** The community's organisations (named recipients of AMBER objects are chosen among them). */
  communityOrganisations: z.array(z.object({ id: OrganisationIdSchema, name: z.string() })).readonly(),
  /** The caller's organisations that may write here: who a new object can be shared as. */
  writingOrganisations: z.array(z.object({ id: OrganisationIdSchema, name: z.string() })).readonly(),
});
export type ShareCollection = z.output<typeof ShareCollectionSchema>;

export const listCollections = defineRoute({
  method: 'get',
  path: '/api/v1/share/collections',
  summary: 'Collections the caller may read or write, with the objects they may see counted',
  tag: 'share',
  permission: 'share.read',
  status: 200,
  response: z.object({ items: z.array(ShareCollectionSchema).readonly() }),
});

export const getCollection = defineRoute({
  method: 'get',
  path: '/api/v1/share/collections/{id}',
  summary: 'One collection the caller may read or write',
  tag: 'share',
  permission: 'share.read',
  params: CollectionParams,
  status: 200,
  response: ShareCollectionSchema,
});

// ---- objects ----------------------------------------------------------------------------------

/** STIX types the list can be filtered by. */
export const ShareObjectSummarySchema = z.object({
  id: StixIdSchema,
  type: z.string(),
  name: z.string().nullable(),
  description: z.string().nullable(),
  tlp: TlpSchema,
  version: z.string(),
  dateAdded: z.string(),
  producerOrganisationId: OrganisationIdSchema.nullable(),
  producerName: z.string().nullable(),
  /** The version shown says `revoked: true`: its producer withdrew it (STIX 2.1 section 3.2). */
  revoked: z.boolean(),
});
export type ShareObjectSummary = z.output<typeof ShareObjectSummarySchema>;

export const listObjects = defineRoute({
  method: 'get',
  path: '/api/v1/share/collections/{id}/objects',
  summary: 'Latest version of each object the caller may see, newest first, with filters',
  tag: 'share',
  permission: 'share.read',
  params: CollectionParams,
  query: z.object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    type: z.string().regex(/^[a-z0-9-]{1,100}$/, 'a STIX type such as indicator').optional(),
    q: z.string().trim().max(200).optional(),
    tlp: TlpSchema.optional(),
  }),
  status: 200,
  response: pageSchema(ShareObjectSummarySchema),
});

export const ShareObjectVersionSchema = z.object({ version: z.string(), dateAdded: z.string(), tlp: TlpSchema });

export const ShareGraphNodeSchema = z.object({ id: StixIdSchema, type: z.string(), name: z.string().nullable(), tlp: TlpSchema });
export const ShareGraphEdgeSchema = z.object({
  /** The relationship or sighting id; for a property of an object, `source property target`. */
  id: z.string(),
  source: StixIdSchema,
  target: StixIdSchema,
  /** `uses`, `sighting-of`, or the referring property (`object_refs`, `created_by_ref` …). */
  label: z.string(),
  kind: z.enum(['relationship', 'sighting', 'reference']),
});

export const ShareObjectDetailSchema = z.object({
  summary: ShareObjectSummarySchema,
  /** The latest version the caller may see, as stored. */
  object: z.record(z.string(), z.unknown()),
  versions: z.array(ShareObjectVersionSchema).readonly(),
  /** The object, the relationships and sightings that refer to it, and what they and it refer to: only what the caller may see. */
  graph: z.object({ nodes: z.array(ShareGraphNodeSchema).readonly(), edges: z.array(ShareGraphEdgeSchema).readonly() }),
  /** What the caller may do to the object (the policy's `canDeleteShared`); the routes check again. */
  permissions: z.object({
    /** Publish a revoked version (not when already revoked, nor for objects STIX does not version). */
    revoke: z.boolean(),
    /** Remove every version the caller sees. */
    delete: z.boolean(),
  }),
});
export type ShareObjectDetail = z.output<typeof ShareObjectDetailSchema>;

export const getObject = defineRoute({
  method: 'get',
  path: '/api/v1/share/collections/{id}/objects/{objectId}',
  summary: 'One object: its latest visible version, its visible versions and its visible relationships',
  tag: 'share',
  permission: 'share.read',
  params: ObjectParams,
  status: 200,
  response: ShareObjectDetailSchema,
});

export const revokeObject = defineRoute({
  method: 'post',
  path: '/api/v1/share/collections/{id}/objects/{objectId}/revoke',
  summary: "Revoke an object the caller's organisation produced: a new version with `revoked: true` that every consumer receives",
  tag: 'share',
  permission: 'share.write',
  params: ObjectParams,
  status: 200,
  response: z.object({ id: StixIdSchema, version: z.string() }),
});

export const deleteObject = defineRoute({
  method: 'delete',
  path: '/api/v1/share/collections/{id}/objects/{objectId}',
  summary: "Delete every version of an object the caller's organisation produced (for mistakes: consumers who fetched it keep their copy)",
  tag: 'share',
  permission: 'share.write',
  params: ObjectParams,
  status: 200,
  response: z.object({ id: StixIdSchema, deletedVersions: z.number().int() }),
});

const tlpFields = {
  tlp: TlpSchema,
  /** AMBER: organisations of the community with a need to know; RED: the named recipients. */
  recipientOrganisationIds: z.array(OrganisationIdSchema).max(200).default([]),
  /** The producing organisation when the caller writes for several; default: their first writing organisation. */
  organisationId: OrganisationIdSchema.optional(),
};
const disarmTechniques = z.array(z.string().regex(/^T\d{4}(\.\d{3})?$/, 'a DISARM technique id such as T0003')).max(50).default([]);
const isoDate = z.iso.datetime({ offset: true });

export const NewShareObjectSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('report'), name, description, reportTypes: z.array(z.string().max(100)).max(20).default([]), objectRefs: z.array(StixIdSchema).max(500).default([]), disarmTechniques, ...tlpFields }),
  z.object({
    type: z.literal('indicator'),
    name,
    description,
    pattern: z.string().trim().min(1, 'required').max(20_000),
    indicatorTypes: z.array(z.string().max(100)).max(20).default([]),
    validFrom: isoDate.optional(),
    validUntil: isoDate.optional(),
    disarmTechniques,
    ...tlpFields,
  }),
  z.object({ type: z.literal('incident'), name, description, disarmTechniques, ...tlpFields }),
  z.object({ type: z.literal('threat-actor'), name, description, threatActorTypes: z.array(z.string().max(100)).max(20).default([]), disarmTechniques, ...tlpFields }),
  z.object({ type: z.literal('campaign'), name, description, firstSeen: isoDate.optional(), objective: z.string().trim().max(2000).optional(), disarmTechniques, ...tlpFields }),
  z.object({
    type: z.literal('sighting'),
    sightingOfRef: StixIdSchema,
    description,
    count: z.number().int().min(0).max(999_999_999).optional(),
    firstSeen: isoDate.optional(),
    lastSeen: isoDate.optional(),
    ...tlpFields,
  }),
]);
export type NewShareObject = z.input<typeof NewShareObjectSchema>;

export const createObject = defineRoute({
  method: 'post',
  path: '/api/v1/share/collections/{id}/objects',
  summary: 'Create a report, indicator, incident, threat actor, campaign or sighting; the server builds valid STIX 2.1',
  tag: 'share',
  permission: 'share.write',
  params: CollectionParams,
  body: NewShareObjectSchema,
  status: 201,
  response: z.object({ id: StixIdSchema, stored: z.array(StixIdSchema).readonly() }),
});

/** A bundle file as text (JSON syntax errors are reported with line and column). */
const BundleText = z.string().min(1, 'the file is empty').max(5_000_000);

export const importBundle = defineRoute({
  method: 'post',
  path: '/api/v1/share/collections/{id}/import',
  summary: 'Import a STIX 2.1 bundle: everything is validated first; nothing is stored unless every object is valid',
  tag: 'share',
  permission: 'share.write',
  params: CollectionParams,
  body: z.object({ bundle: BundleText, tlp: TlpSchema.optional(), recipientOrganisationIds: z.array(OrganisationIdSchema).max(200).default([]), organisationId: OrganisationIdSchema.optional() }),
  status: 200,
  response: z.object({ imported: z.number().int(), statusId: z.uuid() }),
});

export const StixBundleSchema = z.object({ type: z.literal('bundle'), id: z.string(), objects: z.array(z.record(z.string(), z.unknown())) });

export const exportBundle = defineRoute({
  method: 'get',
  path: '/api/v1/share/collections/{id}/export',
  summary: 'The latest version of every object the caller may see, as a STIX 2.1 bundle (download); with `tlp`, only objects at that level or below that refer to nothing left out',
  tag: 'share',
  permission: 'share.read',
  params: CollectionParams,
  /** `tlp`: the highest level the bundle may carry (`clear` for a bundle to publish). */
  query: z.object({ tlp: TlpSchema.optional() }),
  status: 200,
  response: StixBundleSchema,
});

export const ValidationFailureSchema = z.object({
  /** JSON Pointer (`/objects/3/created_by_ref`) or `line 3, column 7` for JSON syntax. */
  path: z.string(),
  message: z.string(),
  /** The failing object's id, when it has one. */
  objectId: z.string().nullable(),
});

export const BundleValidationSchema = z.object({
  valid: z.boolean(),
  objectCount: z.number().int(),
  invalidObjects: z.number().int(),
  failures: z.array(ValidationFailureSchema).readonly(),
});
export type BundleValidation = z.output<typeof BundleValidationSchema>;

export const validateBundle = defineRoute({
  method: 'post',
  path: '/api/v1/share/validate',
  summary: 'Validate a STIX 2.1 bundle (schemas, specification rules, DISARM) without storing it',
  tag: 'share',
  permission: 'share.read',
  body: z.object({ bundle: BundleText }),
  status: 200,
  response: BundleValidationSchema,
});

export const DisarmTechniqueSchema = z.object({ id: z.string(), name: z.string(), tacticId: z.string(), tacticName: z.string(), phase: z.string() });
export type DisarmTechniqueItem = z.output<typeof DisarmTechniqueSchema>;

export const listDisarmTechniques = defineRoute({
  method: 'get',
  path: '/api/v1/share/disarm/techniques',
  summary: 'DISARM red techniques (id, name, tactic) matching a search, for a picker',
  tag: 'share',
  permission: 'share.read',
  query: z.object({ q: z.string().trim().max(100).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }),
  status: 200,
  response: z.object({ items: z.array(DisarmTechniqueSchema).readonly(), total: z.number().int() }),
});

// ---- management -------------------------------------------------------------------------------

export const ShareCommunitySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  organisations: z.array(z.object({ id: OrganisationIdSchema, name: z.string() })).readonly(),
  collections: z.array(z.object({ id: z.uuid(), title: z.string(), alias: z.string().nullable(), publicRead: z.boolean(), defaultTlp: TlpSchema })).readonly(),
  createdAt: z.string(),
});
export type ShareCommunity = z.output<typeof ShareCommunitySchema>;

export const listCommunities = defineRoute({
  method: 'get',
  path: '/api/v1/share/communities',
  summary: 'Every sharing community with its member organisations and collections',
  tag: 'share',
  permission: 'share.manage',
  status: 200,
  response: z.object({ items: z.array(ShareCommunitySchema).readonly() }),
});

export const createCommunity = defineRoute({
  method: 'post',
  path: '/api/v1/share/communities',
  summary: 'Create a sharing community with its member organisations',
  tag: 'share',
  permission: 'share.manage',
  body: z.object({ name: z.string().trim().min(1, 'required').max(200), description: description, organisationIds: z.array(OrganisationIdSchema).max(1000).default([]) }),
  status: 201,
  response: ShareCommunitySchema,
});

export const updateCommunity = defineRoute({
  method: 'patch',
  path: '/api/v1/share/communities/{id}',
  summary: "Rename a community, change its description, or replace its member organisations",
  tag: 'share',
  permission: 'share.manage',
  params: z.object({ id: z.uuid('a community id (UUID)') }),
  body: z.object({
    name: z.string().trim().min(1, 'required').max(200).optional(),
    description: z.string().trim().max(20_000).optional(),
    organisationIds: z.array(OrganisationIdSchema).max(1000).optional(),
  }),
  status: 200,
  response: ShareCommunitySchema,
});

export const CollectionRightSchema = z.object({ organisationId: OrganisationIdSchema, canRead: z.boolean(), canWrite: z.boolean() });

export const ManagedCollectionSchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  communityName: z.string(),
  title: z.string(),
  description: z.string(),
  alias: z.string().nullable(),
  publicRead: z.boolean(),
  defaultTlp: TlpSchema,
  rights: z.array(CollectionRightSchema.extend({ organisationName: z.string() })).readonly(),
});
export type ManagedCollection = z.output<typeof ManagedCollectionSchema>;

export const createCollection = defineRoute({
  method: 'post',
  path: '/api/v1/share/communities/{id}/collections',
  summary: 'Create a collection in a community, with per-organisation rights',
  tag: 'share',
  permission: 'share.manage',
  params: z.object({ id: z.uuid('a community id (UUID)') }),
  body: z.object({
    title: z.string().trim().min(1, 'required').max(200),
    description,
    alias: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes').optional(),
    publicRead: z.boolean().default(false),
    defaultTlp: TlpSchema,
    rights: z.array(CollectionRightSchema).max(1000).default([]),
  }),
  status: 201,
  response: ManagedCollectionSchema,
});

export const getCollectionRights = defineRoute({
  method: 'get',
  path: '/api/v1/share/collections/{id}/rights',
  summary: "A collection's settings and per-organisation rights, for its managers",
  tag: 'share',
  permission: 'share.manage',
  params: CollectionParams,
  status: 200,
  response: ManagedCollectionSchema,
});

export const updateCollection = defineRoute({
  method: 'patch',
  path: '/api/v1/share/collections/{id}',
  summary: "Change a collection's title, description, public read or default TLP",
  tag: 'share',
  permission: 'share.manage',
  params: CollectionParams,
  body: z.object({
    title: z.string().trim().min(1, 'required').max(200).optional(),
    description: z.string().trim().max(20_000).optional(),
    publicRead: z.boolean().optional(),
    defaultTlp: TlpSchema.optional(),
  }),
  status: 200,
  response: ManagedCollectionSchema,
});

export const replaceCollectionRights = defineRoute({
  method: 'put',
  path: '/api/v1/share/collections/{id}/rights',
  summary: 'Replace the per-organisation read and write rights of a collection (organisations not listed lose theirs)',
  tag: 'share',
  permission: 'share.manage',
  params: CollectionParams,
  body: z.object({ rights: z.array(CollectionRightSchema).max(1000) }),
  status: 200,
  response: ManagedCollectionSchema,
});
