/**
 * The TAXII 2.1 server (OASIS Standard, 10 June 2021): discovery, one API root, collections
 * of the sharing communities, objects (get, add, get one, delete), manifests, versions and
 * status resources. Every read goes through the policy module twice: the caller's
 * `markedReadScope` filters in SQL (so filters, "last version" and pagination see only what
 * the caller may see), and `canSeeMarked` checks each row before it leaves. Hidden objects
 * are answered as absent (404), never as forbidden.
 */
import { messageOf } from '@vigil/basics';
import type { MarkedReadScope } from '@vigil/domain';
import { canDeleteShared, canSeeMarked, canUseCollection, markedReadScope, mayAttempt } from '@vigil/domain';
import type { SharingCollection, StixCursor, StixObjectQuery, StoredStixObject, VersionMatch } from '@vigil/db';
import { addStixObjects, deleteStixObjects, findSharingCollection, findTaxiiStatus, listSharingCollections, queryStixObjects } from '@vigil/db';
import type { Context, Hono } from 'hono';
import type { AppEnv, RequestAuth, Services } from '../context';
import { auditActorOf } from '../auth';
import { HttpProblem } from '../http-problem';
import { prepareStixObjects } from '../sharing/prepare-stix-objects';
import { MAX_TAXII_CONTENT_LENGTH, STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE, acceptsTaxii, isTaxiiContentType } from './taxii-media';
import type { TaxiiRoute } from './taxii-routes';
import { TAXII_API_ROOT, TAXII_ROUTES } from './taxii-routes';

/** Most objects (or manifest entries, or versions) one page holds; also the default. */
export const TAXII_PAGE_LIMIT = 1000;

interface TaxiiInput {
  readonly c: Context<AppEnv>;
  readonly services: Services;
  readonly auth: RequestAuth;
  readonly url: URL;
}

type TaxiiHandler = (input: TaxiiInput) => Promise<Response>;

function taxiiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': TAXII_MEDIA_TYPE, ...headers } });
}

function notFound(what: string): HttpProblem {
  return new HttpProblem(404, 'Not found', what);
}

function badRequest(detail: string): HttpProblem {
  return new HttpProblem(400, 'Bad request', detail);
}

function toHonoPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/** Registers a TAXII route behind its permission, Accept check and TAXII error answers. */
function taxiiRoute(app: Hono<AppEnv>, registry: TaxiiRoute[], services: Services, route: TaxiiRoute, handler: TaxiiHandler): void {
  registry.push(route);
  app.on(route.method.toUpperCase(), toHonoPath(route.path), async (c) => {
    const auth = c.get('auth');
    if (!mayAttempt(auth.actor, route.permission)) {
      if (auth.actor.kind === 'anonymous') {
        throw new HttpProblem(401, 'Unauthenticated', 'send HTTP Basic credentials (e-mail and password, or an API token as password) or a Bearer token', undefined, {
          'www-authenticate': 'Basic realm="Vigil TAXII", Bearer',
        });
      }
      throw new HttpProblem(403, 'Forbidden', `you may not ${route.permission.replace('.', ' ')}`);
    }
    if (!acceptsTaxii(c.req.header('accept'))) {
      throw new HttpProblem(406, 'Not acceptable', `this server answers with ${TAXII_MEDIA_TYPE}`);
    }
    return handler({ c, services, auth, url: new URL(c.req.url) });
  });
}

/** The origin clients reached us at, for the absolute URLs of discovery. */
function originOf(c: Context<AppEnv>, services: Services): string {
  const url = new URL(c.req.url);
  const proto = services.config.trustProxy ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  const host = services.config.trustProxy ? (c.req.header('x-forwarded-host')?.split(',')[0]?.trim() ?? c.req.header('host')) : c.req.header('host');
  return `${proto ?? url.protocol.replace(':', '')}://${host ?? url.host}`;
}

/** The collection if the caller may read or write it; a 404 otherwise (it does not exist for them). */
async function visibleCollection(input: TaxiiInput): Promise<SharingCollection> {
  const id = input.c.req.param('collectionId') ?? '';
  const collection = await findSharingCollection(input.services.db, id);
  if (!collection || !(canUseCollection(input.auth.actor, 'read', collection) || canUseCollection(input.auth.actor, 'write', collection))) {
    throw notFound(`no collection ${id}`);
  }
  return collection;
}

async function readableCollection(input: TaxiiInput): Promise<SharingCollection> {
  const collection = await visibleCollection(input);
  if (!canUseCollection(input.auth.actor, 'read', collection)) throw new HttpProblem(403, 'Forbidden', 'you may not read this collection');
  return collection;
}

function collectionResource(collection: SharingCollection, auth: RequestAuth) {
  return {
    id: collection.id,
    title: collection.title,
    description: collection.description,
    ...(collection.alias ? { alias: collection.alias } : {}),
    can_read: canUseCollection(auth.actor, 'read', collection),
    can_write: canUseCollection(auth.actor, 'write', collection),
    media_types: [STIX_MEDIA_TYPE],
  };
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function parseTimestampParam(name: string, value: string): Date {
  const date = new Date(value);
  if (!TIMESTAMP.test(value) || Number.isNaN(date.getTime())) throw badRequest(`${name} must be a timestamp like 2026-01-31T12:00:00.000Z, not "${value}"`);
  return date;
}

/** The comma-separated values of `match[field]` (repeated parameters joined), or undefined. */
function matchValues(url: URL, field: string): string[] | undefined {
  const all = url.searchParams.getAll(`match[${field}]`);
  if (all.length === 0) return undefined;
  const values = all.flatMap((value) => value.split(',')).map((value) => value.trim());
  if (values.some((value) => value === '')) throw badRequest(`match[${field}] has an empty value`);
  return values;
}

function parseVersions(url: URL, fallback: VersionMatch): VersionMatch {
  const values = matchValues(url, 'version');
  if (!values) return fallback;
  if (values.includes('all')) return { kind: 'all' };
  return {
    kind: 'some',
    first: values.includes('first'),
    last: values.includes('last'),
    at: values.filter((value) => value !== 'first' && value !== 'last').map((value) => parseTimestampParam('match[version]', value)),
  };
}

function parseLimit(url: URL): number {
  const text = url.searchParams.get('limit');
  if (text === null) return TAXII_PAGE_LIMIT;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw badRequest(`limit must be a positive integer, not "${text}"`);
  return Math.min(Number(text), TAXII_PAGE_LIMIT);
}

/** `next` is opaque to clients: the (date_added, seq) of the last row served. */
function encodeCursor(object: StoredStixObject): string {
  return Buffer.from(`${object.dateAdded.toISOString()}|${object.seq}`, 'utf8').toString('base64url');
}

function parseCursor(url: URL): StixCursor | undefined {
  const text = url.searchParams.get('next');
  if (text === null) return undefined;
  const [date = '', seq = ''] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const dateAdded = new Date(date);
  if (!TIMESTAMP.test(date) || Number.isNaN(dateAdded.getTime()) || !/^\d{1,15}$/.test(seq)) throw badRequest('next is not a value this server gave');
  return { dateAdded, seq: Number(seq) };
}

const SPEC_VERSIONS = ['2.0', '2.1'];

function parseSpecVersions(url: URL): string[] | undefined {
  const values = matchValues(url, 'spec_version');
  const unknown = values?.filter((value) => !SPEC_VERSIONS.includes(value)) ?? [];
  if (unknown.length > 0) throw badRequest(`match[spec_version] takes 2.0 or 2.1, not ${unknown.join(', ')}`);
  return values;
}

interface PageOptions {
  readonly ids?: readonly string[] | undefined;
  readonly allowIdAndType: boolean;
  readonly versions: VersionMatch | 'param';
  readonly withObjects: boolean;
}

/** One page of what the caller sees, after the policy module's double check. */
async function pageOf(input: TaxiiInput, collection: SharingCollection, options: PageOptions): Promise<{ objects: StoredStixObject[]; more: boolean }> {
  const { url, auth } = input;
  const scope: MarkedReadScope = markedReadScope(auth.actor, collection.communityOrganisationIds);
  const query: StixObjectQuery & { withObjects: boolean } = {
    collectionId: collection.id,
    scope,
    ids: options.ids ?? (options.allowIdAndType ? matchValues(url, 'id') : undefined),
    types: options.allowIdAndType ? matchValues(url, 'type') : undefined,
    specVersions: parseSpecVersions(url),
    versions: options.versions === 'param' ? parseVersions(url, { kind: 'some', first: false, last: true, at: [] }) : options.versions,
    addedAfter: url.searchParams.has('added_after') ? parseTimestampParam('added_after', url.searchParams.get('added_after') ?? '') : undefined,
    after: parseCursor(url),
    limit: parseLimit(url),
    withObjects: options.withObjects,
  };
  const page = await queryStixObjects(input.services.db, query);
  for (const object of page.objects) {
    const record = { tlp: object.tlp, ownerOrganisationId: object.producerOrganisationId, communityOrganisationIds: collection.communityOrganisationIds, recipientOrganisationIds: object.recipientOrganisationIds };
    // The SQL criterion and the policy disagreeing is a bug: refuse to answer rather than leak.
    if (!canSeeMarked(auth.actor, record)) throw new Error(`the read scope let through ${object.stixId}, which canSeeMarked refuses`);
  }
  return page;
}

/** An envelope of stored objects, their JSON text spliced in as stored (no parse and re-encode per page). */
function envelopeResponse(page: { objects: readonly StoredStixObject[]; more: boolean }): Response {
  if (page.objects.length === 0) return taxiiJson({ more: false });
  const head = JSON.stringify(pagination(page)).slice(0, -1);
  const body = `${head},"objects":[${page.objects.map((object) => object.objectJson).join(',')}]}`;
  return new Response(body, { status: 200, headers: { 'content-type': TAXII_MEDIA_TYPE, ...pageHeaders(page.objects) } });
}

function pageHeaders(objects: readonly StoredStixObject[]): Record<string, string> {
  const first = objects[0];
  const last = objects.at(-1);
  if (!first || !last) return {};
  return { 'x-taxii-date-added-first': first.dateAdded.toISOString(), 'x-taxii-date-added-last': last.dateAdded.toISOString() };
}

function pagination(page: { objects: readonly StoredStixObject[]; more: boolean }): { more: boolean; next?: string } {
  const last = page.objects.at(-1);
  return page.more && last ? { more: true, next: encodeCursor(last) } : { more: false };
}

/** Whether any version of the object is visible to the caller (otherwise it does not exist for them). */
async function assertObjectVisible(input: TaxiiInput, collection: SharingCollection, objectId: string): Promise<void> {
  const found = await queryStixObjects(input.services.db, {
    collectionId: collection.id,
    scope: markedReadScope(input.auth.actor, collection.communityOrganisationIds),
    ids: [objectId],
    versions: { kind: 'all' },
    limit: 1,
    withObjects: false,
  });
  if (found.objects.length === 0) throw notFound(`no object ${objectId} in collection ${collection.id}`);
}

function statusResource(status: Awaited<ReturnType<typeof addStixObjects>>) {
  return {
    id: status.id,
    status: 'complete',
    request_timestamp: status.requestTimestamp,
    total_count: status.totalCount,
    success_count: status.successCount,
    successes: status.successes,
    failure_count: status.failureCount,
    failures: status.failures,
    pending_count: status.pendingCount,
  };
}

function requesterKey(auth: RequestAuth): string | null {
  const actor = auditActorOf(auth);
  return actor.id === null ? null : `${actor.kind}:${actor.id}`;
}

async function readJsonBody(c: Context<AppEnv>): Promise<unknown> {
  if (!isTaxiiContentType(c.req.header('content-type'))) {
    throw new HttpProblem(415, 'Unsupported media type', `send the envelope with Content-Type: ${TAXII_MEDIA_TYPE}`);
  }
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > MAX_TAXII_CONTENT_LENGTH) throw new HttpProblem(413, 'Request too large', `the body may be at most ${MAX_TAXII_CONTENT_LENGTH} bytes`);
  const buffer = await c.req.arrayBuffer();
  if (buffer.byteLength > MAX_TAXII_CONTENT_LENGTH) throw new HttpProblem(413, 'Request too large', `the body may be at most ${MAX_TAXII_CONTENT_LENGTH} bytes`);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buffer)) as unknown;
  } catch (error) {
    throw badRequest(`the body is not UTF-8 JSON: ${messageOf(error)}`);
  }
}

/** Serves TAXII 2.1 on `app`; returns the routes it declared. */
export function taxiiRoutes(app: Hono<AppEnv>, services: Services): TaxiiRoute[] {
  const registry: TaxiiRoute[] = [];
  const route = (declared: TaxiiRoute, handler: TaxiiHandler) => taxiiRoute(app, registry, services, declared, handler);

  route(TAXII_ROUTES.discovery, ({ c }) =>
    Promise.resolve(
      taxiiJson({
        title: 'Vigil threat-information sharing hub',
        description: 'STIX 2.1 objects shared among election-security communities, with TLP 2.0 enforced on every read.',
        default: `${originOf(c, services)}${TAXII_API_ROOT}/`,
        api_roots: [`${originOf(c, services)}${TAXII_API_ROOT}/`],
      }),
    ),
  );

  route(TAXII_ROUTES.apiRoot, () =>
    Promise.resolve(
      taxiiJson({
        title: 'Vigil sharing communities',
        description: 'Collections of the sharing communities of this installation.',
        versions: [TAXII_MEDIA_TYPE],
        max_content_length: MAX_TAXII_CONTENT_LENGTH,
      }),
    ),
  );

  route(TAXII_ROUTES.status, async ({ c, auth }) => {
    const id = c.req.param('statusId') ?? '';
    const status = await findTaxiiStatus(services.db, id);
    // A status belongs to whoever made the request; to anyone else it does not exist.
    if (!status || status.requestedBy === null || status.requestedBy !== requesterKey(auth)) throw notFound(`no status ${id}`);
    return taxiiJson(statusResource(status));
  });

  route(TAXII_ROUTES.collections, async ({ auth }) => {
    const collections = (await listSharingCollections(services.db)).filter(
      (collection) => canUseCollection(auth.actor, 'read', collection) || canUseCollection(auth.actor, 'write', collection),
    );
    return taxiiJson(collections.length === 0 ? {} : { collections: collections.map((collection) => collectionResource(collection, auth)) });
  });

  route(TAXII_ROUTES.collection, async (input) => taxiiJson(collectionResource(await visibleCollection(input), input.auth)));

  route(TAXII_ROUTES.objects, async (input) => {
    const collection = await readableCollection(input);
    const page = await pageOf(input, collection, { allowIdAndType: true, versions: 'param', withObjects: true });
    return envelopeResponse(page);
  });

  route(TAXII_ROUTES.manifest, async (input) => {
    const collection = await readableCollection(input);
    const page = await pageOf(input, collection, { allowIdAndType: true, versions: 'param', withObjects: false });
    const objects = page.objects.map((object) => ({ id: object.stixId, date_added: object.dateAdded.toISOString(), version: object.version, media_type: STIX_MEDIA_TYPE }));
    return taxiiJson(objects.length === 0 ? { more: false } : { ...pagination(page), objects }, 200, pageHeaders(page.objects));
  });

  route(TAXII_ROUTES.object, async (input) => {
    const collection = await readableCollection(input);
    const objectId = input.c.req.param('objectId') ?? '';
    await assertObjectVisible(input, collection, objectId);
    const page = await pageOf(input, collection, { ids: [objectId], allowIdAndType: false, versions: 'param', withObjects: true });
    return envelopeResponse(page);
  });

  route(TAXII_ROUTES.versions, async (input) => {
    const collection = await readableCollection(input);
    const objectId = input.c.req.param('objectId') ?? '';
    await assertObjectVisible(input, collection, objectId);
    const page = await pageOf(input, collection, { ids: [objectId], allowIdAndType: false, versions: { kind: 'all' }, withObjects: false });
    return taxiiJson(page.objects.length === 0 ? { more: false } : { ...pagination(page), versions: page.objects.map((object) => object.version) }, 200, pageHeaders(page.objects));
  });

  route(TAXII_ROUTES.addObjects, async (input) => {
    const { c, auth } = input;
    const collection = await visibleCollection(input);
    if (!canUseCollection(auth.actor, 'write', collection)) throw new HttpProblem(403, 'Forbidden', 'you may not write to this collection');
    const envelope = await readJsonBody(c);
    if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope) || !Array.isArray((envelope as { objects?: unknown }).objects)) {
      throw badRequest('the body must be a TAXII envelope: an object with an "objects" list');
    }
    const writers: readonly string[] = collection.writerOrganisationIds;
    const producer = auth.actor.kind === 'user' ? (auth.actor.memberships.find((m) => writers.includes(m.organisationId))?.organisationId ?? null) : null;
    const now = services.clock.now();
    const prepared = prepareStixObjects({
      objects: (envelope as { objects: unknown[] }).objects,
      defaultTlp: collection.defaultTlp,
      producerOrganisationId: producer,
      now,
    });
    const status = await addStixObjects(services.db, { actor: auditActorOf(auth), now }, {
      collectionId: collection.id,
      objects: prepared.objects,
      failures: prepared.failures.map(({ id, version, message }) => ({ id, version, message })),
      requestedBy: requesterKey(auth),
    });
    return taxiiJson(statusResource(status), 202);
  });

  route(TAXII_ROUTES.deleteObject, async (input) => {
    const { c, auth, url } = input;
    const collection = await visibleCollection(input);
    const objectId = c.req.param('objectId') ?? '';
    if (!canUseCollection(auth.actor, 'read', collection)) throw notFound(`no object ${objectId} in collection ${collection.id}`);
    const scope = markedReadScope(auth.actor, collection.communityOrganisationIds);
    const matching: StoredStixObject[] = [];
    let after: StixCursor | undefined;
    for (;;) {
      const page = await queryStixObjects(services.db, {
        collectionId: collection.id,
        scope,
        ids: [objectId],
        specVersions: parseSpecVersions(url),
        versions: parseVersions(url, { kind: 'all' }),
        after,
        limit: TAXII_PAGE_LIMIT,
        withObjects: false,
      });
      matching.push(...page.objects);
      const last = page.objects.at(-1);
      if (!page.more || !last) break;
      after = { dateAdded: last.dateAdded, seq: last.seq };
    }
    if (matching.length === 0) throw notFound(`no object ${objectId} in collection ${collection.id}`);
    if (!matching.every((object) => canDeleteShared(auth.actor, collection, object.producerOrganisationId))) {
      throw new HttpProblem(403, 'Forbidden', 'only writers of the collection from the organisation that produced an object may delete it');
    }
    await deleteStixObjects(services.db, { actor: auditActorOf(auth), now: services.clock.now() }, { collectionId: collection.id, objects: matching });
    return new Response(null, { status: 200 });
  });

  return registry;
}
