import { routes } from '@vigil/api';
import {
  createJurisdiction,
  exportJurisdictionsCsv,
  findJurisdiction,
  importJurisdictionsCsv,
  lineOfAuthority,
  listJurisdictions,
  updateJurisdiction,
} from '@vigil/db';
import { HttpProblem } from '../http-problem';
import type { FeatureRouter } from './feature';

/** The jurisdiction tree and its lines of authority. */
export function jurisdictionRoutes(router: FeatureRouter): void {
  const { services } = router;

  router.route(routes.listJurisdictions, async ({ query }) => listJurisdictions(services.db, query));
  router.route(routes.createJurisdiction, async ({ body, mutation }) => createJurisdiction(services.db, mutation, body));

  router.route(routes.exportJurisdictions, async () => {
    const csv = await exportJurisdictionsCsv(services.db);
    return new Response(csv, {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="jurisdictions.csv"' },
    });
  });

  router.route(routes.importJurisdictions, async ({ text, mutation }) => {
    if (!text?.trim()) throw new HttpProblem(422, 'Invalid input', 'the CSV file is empty');
    return importJurisdictionsCsv(services.db, mutation, { text });
  });

  router.route(routes.getJurisdiction, async ({ params }) => {
    const jurisdiction = await findJurisdiction(services.db, params.id);
    if (!jurisdiction) throw new HttpProblem(404, 'Not found', 'no jurisdiction with this id');
    return jurisdiction;
  });

  router.route(routes.updateJurisdiction, async ({ params, body, mutation }) => {
    const jurisdiction = await updateJurisdiction(services.db, mutation, params.id, body);
    if (!jurisdiction) throw new HttpProblem(404, 'Not found', 'no jurisdiction with this id');
    return jurisdiction;
  });

  router.route(routes.lineOfAuthority, async ({ params }) => {
    const chain = await lineOfAuthority(services.db, params.id);
    if (!chain) throw new HttpProblem(404, 'Not found', 'no jurisdiction with this id');
    return { chain };
  });
}
