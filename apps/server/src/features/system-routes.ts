import { messageOf } from '@vigil/basics';
import { routes } from '@vigil/api';
import type { RouteContract } from '@vigil/api';
import { getSetting } from '@vigil/db';
import { sql } from 'kysely';
import { DEMO_SETTING } from '../demo';
import { HttpProblem } from '../http-problem';
import { openApiDocument } from '../openapi';
import type { FeatureRouter } from './feature';

/** Health and the OpenAPI document. */
export function systemRoutes(router: FeatureRouter, registry: () => readonly RouteContract[]): void {
  const { services } = router;
  router.route(routes.health, async () => {
    let demo: unknown;
    try {
      await sql`select 1`.execute(services.db);
      demo = await getSetting(services.db, DEMO_SETTING);
    } catch (error) {
      throw new HttpProblem(503, 'Database unreachable', messageOf(error));
    }
    // `demo` says whether this installation holds the fictional demo data, so the UI can say so.
    return { status: 'ok' as const, database: services.engine, version: services.version, demo: demo !== undefined };
  });
  router.route(routes.openApi, () => Promise.resolve(Response.json(openApiDocument({ routes: registry(), version: services.version }))));
}
