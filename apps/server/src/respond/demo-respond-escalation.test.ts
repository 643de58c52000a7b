import { listCaseEscalations, listPlatformInbox, listPublishedNotices, verifyAuditChain } from '@vigil/db';
import { createTestDatabase } from '@vigil/test-utils';
import { expect, test } from 'vitest';
import { ensureFirstAdmin } from '../bootstrap';
import { loadDemoData } from '../demo';
import { DEMO_PLATFORM } from './demo-respond-escalation';

test('the demo has an escalated case, a published notice shown on a reporter’s tracking page, and a platform request', async () => {
  const database = await createTestDatabase('pglite');
  try {
    const now = new Date('2027-03-01T09:00:00Z');
    await ensureFirstAdmin(database.db, now);
    expect((await loadDemoData(database.db, now)).loaded).toBe(true);
    const defaced = await database.db.selectFrom('respondCases').select(['id', 'escalationLevel']).where('title', 'like', 'Riverside results%').executeTakeFirstOrThrow();
    expect(defaced.escalationLevel).toBe(1);
    const [escalation] = await listCaseEscalations(database.db, defaced.id);
    const province = await database.db.selectFrom('jurisdictions').select('id').where('code', '=', 'XV-NO').executeTakeFirstOrThrow();
    expect(escalation).toMatchObject({ level: 1, reason: 'severity', toJurisdictionId: province.id });
    const notices = await listPublishedNotices(database.db, { limit: 10 });
    expect(notices.items.map((n) => n.jurisdictionName)).toEqual(['Northern Province']);
    const sms = await database.db.selectFrom('respondCases').select('id').where('title', 'like', 'Text messages%').executeTakeFirstOrThrow();
    const report = await database.db.selectFrom('respondReports').select(['publicOutcome', 'caseId']).where('title', '=', 'Polling stations "closing at noon"').executeTakeFirstOrThrow();
    expect(report).toEqual({ caseId: sms.id, publicOutcome: expect.stringContaining('Confirmed false') as unknown });
    const platform = await database.db.selectFrom('organisations').select('id').where('name', '=', DEMO_PLATFORM).executeTakeFirstOrThrow();
    expect((await listPlatformInbox(database.db, [platform.id])).map((r) => r.status)).toEqual(['acknowledged']);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  } finally {
    await database.close();
  }
});
