import { routes } from '@vigil/api';
import { auditEventFromRow, findJob, verifyAuditChain } from '@vigil/db';
import { sql } from 'kysely';
import { HttpProblem } from '../http-problem';
import type { FeatureRouter } from './feature';

/** The audit log (read and verify) and job status. */
export function auditLogRoutes(router: FeatureRouter): void {
  const { services } = router;

  router.route(routes.listAuditEvents, async ({ query }) => {
    let select = services.db.selectFrom('auditEvents').selectAll().orderBy('seq', 'desc').limit(query.limit + 1);
    if (query.cursor) {
      const before = Number.parseInt(query.cursor, 10);
      if (!Number.isSafeInteger(before)) throw new HttpProblem(400, 'Invalid query', 'bad cursor', [{ path: '/query/cursor', message: 'not a cursor from this list' }]);
      select = select.where('seq', '<', before);
    }
    if (query.action) select = select.where('action', 'like', `${query.action.replace(/[%_\\]/g, '\\$&')}%`);
    if (query.targetType) select = select.where('targetType', '=', query.targetType);
    if (query.targetId) select = select.where('targetId', '=', query.targetId);
    if (query.actorId) select = select.where(sql<string>`actor->>'id'`, '=', query.actorId);
    if (query.from) select = select.where('at', '>=', new Date(query.from));
    if (query.to) select = select.where('at', '<', new Date(query.to));
    const rows = await select.execute();
    const items = rows.slice(0, query.limit).map(auditEventFromRow);
    return { items, nextCursor: rows.length > query.limit ? String(items.at(-1)?.seq) : null };
  });

  router.route(routes.verifyAuditLog, async () => verifyAuditChain(services.db));

  router.route(routes.getJob, async ({ auth, params }) => {
    const job = await findJob(services.db, params.id);
    const mine = auth.actor.kind === 'user' && (auth.actor.isAdmin || job?.createdBy === auth.actor.userId);
    if (!job || !mine) throw new HttpProblem(404, 'Not found', 'no job of yours with this id');
    return { ...job, result: job.result ?? null };
  });
}
