import { z } from 'zod';

/** One page of a list with cursor pagination: pass `nextCursor` back as `cursor` for the next. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** Schema of a page of `item`. */
export function pageSchema<T>(item: z.ZodType<T>): z.ZodType<Page<T>> {
  return z.object({ items: z.array(item).readonly(), nextCursor: z.string().nullable() });
}

/** Query of a paginated list. */
export const PageQuerySchema = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
