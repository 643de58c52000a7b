/**
 * Bundle files in the web API: validation of a STIX 2.1 bundle (or TAXII envelope) sent as
 * text, every failure with its JSON path (or line and column for JSON syntax), and export of
 * the objects a caller may see as a bundle.
 */
import type { shareRoutes } from '@vigil/api';
import type { Executor, SharingCollection, StixCursor, StoredStixObject } from '@vigil/db';
import { queryStixObjects } from '@vigil/db';
import type { Actor, Tlp } from '@vigil/domain';
import { TLP_LEVELS, tlpRank } from '@vigil/domain';
import { parseJson, validateBundle, validateEnvelope } from '@vigil/stix';
import { objectOf, referencesOf, visibleObjects } from './share-reads';

/** A bundle's text checked: its objects when valid, and every failure. */
export interface CheckedBundle extends shareRoutes.BundleValidation {
  /** The objects to store (only when `valid`). */
  readonly objects: readonly unknown[];
}

function idOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as Record<string, unknown>)['id'];
  return typeof id === 'string' ? id : null;
}

/**
 * Validates `text` as a STIX 2.1 bundle, or a TAXII envelope (an object without `type`):
 * the container, then each object against its OASIS schema, the specification's MUST rules
 * and DISARM.
 */
export function checkBundleText(text: string): CheckedBundle {
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    return { valid: false, objectCount: 0, invalidObjects: 0, failures: [{ path: `line ${line}, column ${column}`, message: `not JSON: ${message}`, objectId: null }], objects: [] };
  }
  const document = parsed.value;
  const isEnvelope = typeof document === 'object' && document !== null && !Array.isArray(document) && (document as Record<string, unknown>)['type'] === undefined;
  const validation = isEnvelope ? validateEnvelope(document) : validateBundle(document);
  const list = Array.isArray((document as { objects?: unknown } | null)?.objects) ? ((document as { objects: unknown[] }).objects) : [];
  const failures = [
    ...validation.containerIssues.map((issue) => ({ path: issue.path || '/', message: issue.message, objectId: null })),
    ...validation.objects.flatMap((object) => object.issues.map((issue) => ({ path: issue.path, message: issue.message, objectId: idOf(list[object.index]) }))),
  ];
  return {
    valid: validation.valid,
    objectCount: validation.objects.length,
    invalidObjects: validation.objects.filter((object) => !object.valid).length,
    failures,
    objects: validation.valid ? list : [],
  };
}

/**
 * The latest version of every object of `collection` that `actor` may see, as the text of a
 * STIX 2.1 bundle: stored JSON spliced in as it is (no parse and re-encode per object).
 *
 * With `maxTlp` (for instance `clear`, a bundle to publish), only objects whose latest visible
 * version is at that level or below are included, and an object that refers (`*_ref`,
 * `*_refs`, markings aside) to an object of the collection left out — above the level, or not
 * visible to the caller — is left out too, until none does: the bundle never names what it may
 * not carry, not even by id. `leftOut` counts the objects so left out for their references.
 */
export async function exportBundleText(
  db: Executor,
  actor: Actor,
  collection: SharingCollection,
  bundleId: string,
  maxTlp?: Tlp,
): Promise<{ text: string; count: number; leftOut: number }> {
  const tlps = maxTlp === undefined ? undefined : TLP_LEVELS.filter((level) => tlpRank(level) <= tlpRank(maxTlp));
  const found: StoredStixObject[] = [];
  let after: StixCursor | undefined;
  for (;;) {
    const page = await visibleObjects(db, actor, collection, { versions: { kind: 'some', first: false, last: true, at: [] }, tlps, after, limit: 5000 });
    found.push(...page.objects);
    const last = page.objects.at(-1);
    if (!page.more || !last) break;
    after = { dateAdded: last.dateAdded, seq: last.seq };
  }
  let kept = found;
  if (maxTlp !== undefined) {
    const references = new Map(found.map((object) => [object.stixId, referencesOf(objectOf(object)).map(([, id]) => id)]));
    const storedHere = await storedIds(db, collection, [...new Set([...references.values()].flat())]);
    const included = new Set(found.map((object) => object.stixId));
    for (let changed = true; changed; ) {
      changed = false;
      for (const [id, refs] of references) {
        if (included.has(id) && refs.some((ref) => storedHere.has(ref) && !included.has(ref))) {
          included.delete(id);
          changed = true;
        }
      }
    }
    kept = found.filter((object) => included.has(object.stixId));
  }
  const parts = kept.map((object) => object.objectJson);
  return { text: `{"type":"bundle","id":${JSON.stringify(bundleId)},"objects":[${parts.join(',')}]}`, count: parts.length, leftOut: found.length - kept.length };
}

/** Which of `ids` the collection stores, at any level and whoever may see them (only used to leave objects out). */
async function storedIds(db: Executor, collection: SharingCollection, ids: readonly string[]): Promise<Set<string>> {
  const stored = new Set<string>();
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    const page = await queryStixObjects(db, { collectionId: collection.id, scope: { kind: 'everything' }, ids: chunk, versions: { kind: 'some', first: false, last: true, at: [] }, limit: chunk.length * 2, withObjects: false });
    for (const object of page.objects) stored.add(object.stixId);
  }
  return stored;
}
