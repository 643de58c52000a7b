/**
 * The HTTP contract of coordinated-behaviour detection (`/api/v1/detect`): datasets uploaded
 * as streamed request bodies, detection runs carried out by background jobs, and the browsing
 * of a finished run's communities, edges and evidence, its output files, and the publication
 * of a community as a STIX campaign into a sharing collection. Runs and datasets belong to an
 * organisation; the server answers 404 for another organisation's.
 */
import { JobIdSchema, OrganisationIdSchema, TlpSchema } from '@vigil/domain';
import { z } from 'zod';
import { defineRoute } from './contract';
import { PageQuerySchema, pageSchema } from './page';

/** Presets for known exports, plus a generic column mapping (docs/detect.md). */
export const DETECT_FORMATS = ['io-archive', 'cnt', 'coortweet', 'generic'] as const;
export const DetectFormatSchema = z.enum(DETECT_FORMATS);
export type DetectFormat = z.output<typeof DetectFormatSchema>;

/** Detection methods, as `vigil detect coordination --methods` takes them. */
export const DETECT_METHODS = [
  'co-repost',
  'co-link',
  'co-reply',
  'co-hashtag',
  'identical-text',
  'near-duplicate-text',
  'synchronised-activity',
  'creation-burst',
] as const;
export const DetectMethodSchema = z.enum(DETECT_METHODS);
export type DetectMethod = z.output<typeof DetectMethodSchema>;

/** Fields of a post a generic column mapping names. */
export const MAPPING_FIELDS = ['account', 'time', 'postId', 'text', 'url', 'repostOf', 'replyTo', 'hashtags', 'accountCreated'] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];

const columnName = z.string().trim().min(1).max(200);
/** A column mapping: the column holding each field. */
export const ColumnMappingSchema = z.partialRecord(z.enum(MAPPING_FIELDS), columnName);

/**
 * Parses `account=user,time=created_at` (the CLI's `--mapping`) into a mapping; issues name
 * the part at fault.
 */
export const MappingTextSchema = z
  .string()
  .max(2000)
  .transform((text, context) => {
    const mapping: Partial<Record<MappingField, string>> = {};
    for (const [index, part] of text.split(',').entries()) {
      if (part.trim() === '') continue;
      const [field, column, extra] = part.split('=').map((item) => item.trim());
      const known = MAPPING_FIELDS.find((name) => name.toLowerCase() === field?.toLowerCase());
      if (known === undefined || column === undefined || column === '' || extra !== undefined) {
        context.addIssue({ code: 'custom', message: `part ${index + 1} ("${part.trim()}"): expected FIELD=COLUMN with FIELD one of ${MAPPING_FIELDS.join(', ')}` });
        continue;
      }
      mapping[known] = column;
    }
    return mapping;
  });

// ---- datasets --------------------------------------------------------------------------------

export const DetectDatasetSchema = z.object({
  id: z.uuid(),
  organisationId: OrganisationIdSchema,
  name: z.string(),
  format: DetectFormatSchema,
  fileType: z.enum(['csv', 'jsonl', 'parquet']),
  compressed: z.boolean(),
  mapping: ColumnMappingSchema,
  sizeBytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The header columns the server found (first line, JSON keys or Parquet schema). */
  columns: z.array(z.string()).readonly(),
  createdAt: z.string(),
});
export type DetectDataset = z.output<typeof DetectDatasetSchema>;

/** Query of an upload: the body is the file itself, streamed (any content type). */
export const UploadDatasetQuerySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'required')
    .max(200)
    .regex(/^[^/\\\0]+$/, 'a file name without slashes'),
  format: DetectFormatSchema,
  mapping: MappingTextSchema.optional(),
  /** The owning organisation; by default the caller's first organisation where they may run detection. */
  organisationId: OrganisationIdSchema.optional(),
});

export const uploadDataset = defineRoute({
  method: 'post',
  path: '/api/v1/detect/datasets',
  summary:
    'Upload a dataset of posts (CSV, CSV.gz, JSON lines or Parquet) as the raw request body, streamed to disk; the header is checked against the format at once',
  tag: 'detect',
  permission: 'detect.run',
  query: UploadDatasetQuerySchema,
  status: 201,
  response: DetectDatasetSchema,
});

export const listDatasets = defineRoute({
  method: 'get',
  path: '/api/v1/detect/datasets',
  summary: "Datasets of the caller's organisations, newest first",
  tag: 'detect',
  permission: 'detect.read',
  query: PageQuerySchema,
  status: 200,
  response: pageSchema(DetectDatasetSchema),
});

export const getDataset = defineRoute({
  method: 'get',
  path: '/api/v1/detect/datasets/{id}',
  summary: 'One dataset: name, format, mapping, size, SHA-256 and columns',
  tag: 'detect',
  permission: 'detect.read',
  params: z.object({ id: z.uuid('a dataset id (UUID)') }),
  status: 200,
  response: DetectDatasetSchema,
});

// ---- runs ------------------------------------------------------------------------------------

/** A window in seconds, or `auto` (CooRnet-style estimate per method). */
export const DetectWindowSchema = z.union([z.literal('auto'), z.number().int().min(0).max(30 * 86_400)]);

export const NewDetectRunSchema = z.object({
  datasetId: z.uuid('a dataset id (UUID)'),
  methods: z.array(DetectMethodSchema).min(1, 'choose at least one method').max(DETECT_METHODS.length).optional(),
  window: DetectWindowSchema.optional(),
  alpha: z.number().gt(0).lt(1).optional(),
  seed: z.number().int().min(-2_147_483_648).max(2_147_483_647).optional(),
  maxPairsPerShare: z.number().int().min(1).max(10_000).optional(),
  timeResolution: z.number().int().min(1).max(86_400).optional(),
});
export type NewDetectRun = z.output<typeof NewDetectRunSchema>;

const MethodSummarySchema = z.looseObject({
  method: DetectMethodSchema,
  status: z.enum(['ran', 'no-data']),
  window: z.number().optional(),
  estimatedWindow: z.number().optional(),
  minShared: z.number().optional(),
  candidateEdges: z.number().optional(),
  coordinatedEdges: z.number().optional(),
  accounts: z.number().optional(),
  guardedObjects: z.number().optional(),
});

/** What a finished run found (the CLI's `--json` summary, without server paths). */
export const DetectRunSummarySchema = z.looseObject({
  import: z.looseObject({
    rowsRead: z.number(),
    rowsKept: z.number(),
    rowsRejected: z.number(),
    accounts: z.number(),
    firstTime: z.string().nullable(),
    lastTime: z.string().nullable(),
    timeResolution: z.number(),
    badRows: z.array(z.object({ line: z.number(), reason: z.string(), detail: z.string() })).readonly(),
  }),
  methods: z.array(MethodSummarySchema).readonly(),
  alpha: z.number(),
  seed: z.number(),
  accounts: z.object({ total: z.number(), coordinated: z.number(), inCreationBursts: z.number() }),
  edges: z.object({ candidates: z.number(), coordinated: z.number() }),
  communities: z.looseObject({ count: z.number() }),
  /** Names of the output files, for downloads. */
  files: z.array(z.string()).readonly(),
});
export type DetectRunSummary = z.output<typeof DetectRunSummarySchema>;

export const DetectRunSchema = z.object({
  id: z.uuid(),
  organisationId: OrganisationIdSchema,
  datasetId: z.uuid(),
  datasetName: z.string(),
  jobId: JobIdSchema.nullable(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  progress: z.number().min(0).max(1),
  message: z.string().nullable(),
  error: z.string().nullable(),
  parameters: NewDetectRunSchema.omit({ datasetId: true }),
  summary: DetectRunSummarySchema.nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type DetectRun = z.output<typeof DetectRunSchema>;

const RunParams = z.object({ id: z.uuid('a run id (UUID)') });
const CommunityParams = z.object({ id: z.uuid('a run id (UUID)'), community: z.coerce.number().int().min(0).max(2_147_483_647) });

export const createRun = defineRoute({
  method: 'post',
  path: '/api/v1/detect/runs',
  summary: 'Start a detection run on a dataset (methods, window, thresholds as the CLI takes them); a background job carries it out',
  tag: 'detect',
  permission: 'detect.run',
  body: NewDetectRunSchema,
  status: 201,
  response: DetectRunSchema,
});

export const listRuns = defineRoute({
  method: 'get',
  path: '/api/v1/detect/runs',
  summary: "Detection runs of the caller's organisations with their job's status and progress, newest first",
  tag: 'detect',
  permission: 'detect.read',
  query: PageQuerySchema.extend({ datasetId: z.uuid().optional() }),
  status: 200,
  response: pageSchema(DetectRunSchema),
});

export const getRun = defineRoute({
  method: 'get',
  path: '/api/v1/detect/runs/{id}',
  summary: 'One detection run: parameters, progress, error or summary',
  tag: 'detect',
  permission: 'detect.read',
  params: RunParams,
  status: 200,
  response: DetectRunSchema,
});

export const cancelRun = defineRoute({
  method: 'post',
  path: '/api/v1/detect/runs/{id}/cancel',
  summary: 'Cancel a queued or running detection run: its process is stopped and its partial outputs removed (409 once finished)',
  tag: 'detect',
  permission: 'detect.run',
  params: RunParams,
  status: 200,
  response: DetectRunSchema,
});

// ---- browsing a finished run ------------------------------------------------------------------

export const DetectCommunitySchema = z.object({
  community: z.number().int(),
  size: z.number().int(),
  edges: z.number().int(),
  behaviours: z.array(z.string()).readonly(),
  accountsPreview: z.array(z.string()).readonly(),
});
export type DetectCommunity = z.output<typeof DetectCommunitySchema>;

export const listCommunities = defineRoute({
  method: 'get',
  path: '/api/v1/detect/runs/{id}/communities',
  summary: 'Communities of coordinated accounts a run found, largest first',
  tag: 'detect',
  permission: 'detect.read',
  params: RunParams,
  query: PageQuerySchema,
  status: 200,
  response: pageSchema(DetectCommunitySchema),
});

export const DetectAccountSchema = z.object({
  accountId: z.string(),
  posts: z.number().int(),
  score: z.number(),
  degree: z.number().int(),
  strength: z.number(),
  behaviours: z.array(z.string()).readonly(),
  creationBurst: z.string().nullable(),
});
export type DetectAccount = z.output<typeof DetectAccountSchema>;

export const getCommunity = defineRoute({
  method: 'get',
  path: '/api/v1/detect/runs/{id}/communities/{community}',
  summary: 'One community with the first page of its accounts (score, degree, behaviours), most coordinated first',
  tag: 'detect',
  permission: 'detect.read',
  params: CommunityParams,
  status: 200,
  response: DetectCommunitySchema.extend({
    accounts: z.array(DetectAccountSchema).readonly(),
    /** Pass as `cursor` to listCommunityAccounts for the accounts after these (null: all shown). */
    accountsNextCursor: z.string().nullable(),
  }),
});

export const listCommunityAccounts = defineRoute({
  method: 'get',
  path: '/api/v1/detect/runs/{id}/communities/{community}/accounts',
  summary: "A page of a community's accounts, most coordinated first (keyset cursor)",
  tag: 'detect',
  permission: 'detect.read',
  params: CommunityParams,
  query: PageQuerySchema,
  status: 200,
  response: pageSchema(DetectAccountSchema),
});

export const DetectEdgeSchema = z.object({
  accountA: z.string(),
  accountB: z.string(),
  behaviours: z.array(z.string()).readonly(),
  weight: z.number(),
  /** −log10 of the adjusted p-value. */
  significance: z.number(),
  pValue: z.number(),
  qValue: z.number(),
  sharedByMethod: z.string(),
});
export type DetectEdge = z.output<typeof DetectEdgeSchema>;

export const listCommunityEdges = defineRoute({
  method: 'get',
  path: '/api/v1/detect/runs/{id}/communities/{community}/edges',
  summary: "Coordinated edges between a community's accounts, most significant first",
  tag: 'detect',
  permission: 'detect.read',
  params: CommunityParams,
  query: PageQuerySchema,
  status: 200,
  response: pageSchema(DetectEdgeSchema),
});

export const DetectEvidenceSchema = z.object({
  behaviour: z.string(),
  accountA: z.string(),
  accountB: z.string(),
  /** The shared object: repost or reply target, canonical URL, hashtag, text, cluster or second. */
  object: z.string(),
  postA: z.string(),
  postB: z.string(),
  timeA: z.string(),
  timeB: z.string(),
  /** timeB − timeA in seconds. */
  deltaSeconds: z.number(),
  lineA: z.number().int(),
  lineB: z.number().int(),
  textA: z.string().nullable(),
  textB: z.string().nullable(),
  coordinated: z.boolean(),
});
export type DetectEvidence = z.output<typeof DetectEvidenceSchema>;

export const getEvidence = defineRoute({
  method: 'get',
  path: '/api/v1/detect/runs/{id}/evidence',
  summary: 'The evidence of the edge between two accounts: each shared object with both posts, timestamps and Δt',
  tag: 'detect',
  permission: 'detect.read',
  params: RunParams,
  query: PageQuerySchema.extend({
    a: z.string().min(1, 'required').max(500),
    b: z.string().min(1, 'required').max(500),
    behaviour: DetectMethodSchema.optional(),
  }),
  status: 200,
  response: pageSchema(DetectEvidenceSchema),
});

/** Output files of a run, as downloaded. */
export const DETECT_FILES = [
  'communities.csv',
  'accounts.csv',
  'edges.csv',
  'evidence.parquet',
  'network.gexf',
  'campaigns.stix.json',
  'rejected.csv',
  'summary.json',
] as const;
export const DetectFileSchema = z.enum(DETECT_FILES);

export const downloadRunFile = defineRoute({
  method: 'get',
  path: '/api/v1/detect/runs/{id}/files/{file}',
  summary: 'Download one output file of a finished run (as an attachment)',
  tag: 'detect',
  permission: 'detect.read',
  params: z.object({ id: z.uuid('a run id (UUID)'), file: DetectFileSchema }),
  status: 200,
  response: null,
});

// ---- publishing to sharing ---------------------------------------------------------------------

export const PublishTargetSchema = z.object({ id: z.uuid(), title: z.string(), communityName: z.string(), defaultTlp: TlpSchema });

export const listPublishTargets = defineRoute({
  method: 'get',
  path: '/api/v1/detect/publish-targets',
  summary: "Sharing collections the caller's organisation may write a campaign into",
  tag: 'detect',
  permission: 'detect.run',
  status: 200,
  response: z.object({ items: z.array(PublishTargetSchema).readonly() }),
});

export const publishCommunity = defineRoute({
  method: 'post',
  path: '/api/v1/detect/runs/{id}/communities/{community}/publish',
  summary: 'Publish a community as a STIX campaign (with its accounts, URLs and DISARM techniques) into a sharing collection at a chosen TLP',
  tag: 'detect',
  permission: 'detect.run',
  params: CommunityParams,
  body: z.object({
    collectionId: z.uuid('a collection id (UUID)'),
    tlp: TlpSchema,
    recipientOrganisationIds: z.array(OrganisationIdSchema).max(200).optional(),
  }),
  status: 201,
  response: z.object({ collectionId: z.uuid(), objects: z.number().int(), campaignId: z.string() }),
});
