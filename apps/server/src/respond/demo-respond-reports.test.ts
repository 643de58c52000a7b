import { listReports, verifyAuditChain } from '@vigil/db';
import { createTestDatabase } from '@vigil/test-utils';
import { expect, test } from 'vitest';
import { ensureFirstAdmin } from '../bootstrap';
import { loadDemoData } from '../demo';

test('the demo country gets a dozen reports: grouped near-duplicates and shared links, one triaged, one archived', async () => {
  const database = await createTestDatabase('pglite');
  try {
    const now = new Date('2027-03-01T09:00:00Z');
    await ensureFirstAdmin(database.db, now);
    expect((await loadDemoData(database.db, now)).loaded).toBe(true);
    const { items } = await listReports(database.db, { limit: 100 });
    expect(items.length).toBeGreaterThanOrEqual(12);
    const byTitle = new Map(items.map((r) => [r.title, r]));
    const group = (a: string, b: string) => [byTitle.get(a)?.groupKey, byTitle.get(b)?.groupKey];
    // Near-duplicate text, a shared link (utm and www. ignored), a shared video (youtu.be = youtube.com).
    const [r1, r2] = group('Polling stations "closing at noon"', 'WhatsApp message about noon closing');
    expect(r1).toBe(r2);
    const [l1, l2] = group('Same chain letter posted on a public page', 'Public page spreads the closing rumour');
    expect(l1).toBe(l2);
    expect(l1).not.toBe(r1);
    const [v1, v2] = group('Fake audio of Ruth Okafor', 'Deepfake video shared in groups');
    expect(v1).toBe(v2);
    expect(byTitle.get('Results test website showed a strange banner')).toMatchObject({ status: 'in-review', severity: 'high' });
    expect(byTitle.get('Win a free phone')?.status).toBe('archived');
    expect(byTitle.get('Sponsored posts paid from abroad')).toMatchObject({ source: 'monitor', trustLevel: 3 });
    expect(new Set(items.map((r) => r.category)).size).toBeGreaterThanOrEqual(7);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  } finally {
    await database.close();
  }
}, 120_000);
