/**
 * Bundle files in the web API: validation of a STIX 2.1 bundle (or TAXII envelope) sent as
 * text, every failure with its JSON path (or line and column for JSON syntax), and export of
 * the objects a caller may see as a bundle.
 */
import type { shareRoutes } from '@vigil/api';
import type { Executor, SharingCollection, StixCursor } from '@vigil/db';
import type { Actor } from '@vigil/domain';
import { parseJson, validateBundle, validateEnvelope } from '@vigil/stix';
import { visibleObjects } from './share-reads';

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
 */
export async function exportBundleText(db: Executor, actor: Actor, collection: SharingCollection, bundleId: string): Promise<{ text: string; count: number }> {
  const parts: string[] = [];
  let after: StixCursor | undefined;
  for (;;) {
    const page = await visibleObjects(db, actor, collection, { versions: { kind: 'some', first: false, last: true, at: [] }, after, limit: 5000 });
    for (const object of page.objects) parts.push(object.objectJson);
    const last = page.objects.at(-1);
    if (!page.more || !last) break;
    after = { dateAdded: last.dateAdded, seq: last.seq };
  }
  return { text: `{"type":"bundle","id":${JSON.stringify(bundleId)},"objects":[${parts.join(',')}]}`, count: parts.length };
}
