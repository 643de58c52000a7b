import type { Executor } from './database';

/** Reads an installation setting (e.g. whether demo data was loaded). */
export async function getSetting(db: Executor, key: string): Promise<unknown> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Writes an installation setting. */
export async function setSetting(db: Executor, key: string, value: unknown): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
    .execute();
}

/**
 * Counts a hit against a fixed-window rate limit shared by every server instance (the
 * count lives in the database). Returns whether the hit is within `limit` per window.
 */
export async function hitRateLimit(
  db: Executor,
  input: { readonly key: string; readonly now: Date; readonly windowMs: number; readonly limit: number },
): Promise<{ readonly allowed: boolean; readonly retryAfterSeconds: number }> {
  const windowStart = new Date(Math.floor(input.now.getTime() / input.windowMs) * input.windowMs);
  const row = await db
    .insertInto('rateLimits')
    .values({ key: input.key, windowStart, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        count: eb.case().when('rateLimits.windowStart', '=', windowStart).then(eb('rateLimits.count', '+', 1)).else(1).end(),
        windowStart,
      })),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  const retryAfterSeconds = Math.ceil((windowStart.getTime() + input.windowMs - input.now.getTime()) / 1000);
  return { allowed: row.count <= input.limit, retryAfterSeconds };
}
