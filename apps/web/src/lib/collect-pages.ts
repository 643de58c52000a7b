import type { Page } from '@vigil/api';

/** Reads every page of a cursor-paginated list, following `nextCursor` to the end. */
export async function collectPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    // A server that hands back a cursor it already gave would loop forever: stop instead.
    if (cursor !== undefined) {
      if (seen.has(cursor)) throw new Error(`pagination returned cursor ${cursor} twice`);
      seen.add(cursor);
    }
  } while (cursor !== undefined);
  return items;
}
