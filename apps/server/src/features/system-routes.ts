import { routes } from '@vigil/api';
import type { RouteContract } from '@vigil/api';
import { sql } from 'kysely';
import { HttpProblem } from '../http-problem';
import { openApiDocument } from '../openapi';
import type { FeatureRouter } from './feature';

/** Health and the OpenAPI document. */
export function systemRoutes(router: FeatureRouter, registry: () => readonly RouteContract[]): void {
  const { services } = router;
  router.route(routes.health, async () => {
    try {
      await sql`select 1`.execute(services.db);
    } catch (error) {
      throw new HttpProblem(503, 'Database unreachable', (error as Error).message);
    }
    return { status: 'ok' as const, database: services.engine, version: services.version, demo: services.config.demo };
  });
  router.route(routes.openApi, () => Promise.resolve(Response.json(openApiDocument({ routes: registry(), version: services.version }))));
}
