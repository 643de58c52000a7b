import { expect, test } from 'vitest';
import { collectPages } from './collect-pages';

test('follows cursors to the last page', async () => {
  const pages: Record<string, { items: number[]; nextCursor: string | null }> = {
    start: { items: [1, 2], nextCursor: 'b' },
    b: { items: [3], nextCursor: 'c' },
    c: { items: [], nextCursor: null },
  };
  const asked: (string | undefined)[] = [];
  const items = await collectPages((cursor) => {
    asked.push(cursor);
    return Promise.resolve(pages[cursor ?? 'start'] ?? { items: [], nextCursor: null });
  });
  expect(items).toEqual([1, 2, 3]);
  expect(asked).toEqual([undefined, 'b', 'c']);
});

test('refuses a cursor loop', async () => {
  await expect(
    collectPages(() => Promise.resolve({ items: [1], nextCursor: 'same' })),
  ).rejects.toThrow(/twice/);
});
