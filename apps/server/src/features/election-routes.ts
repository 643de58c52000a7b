import { routes } from '@vigil/api';
import { createElection, findElection, listElections } from '@vigil/db';
import { HttpProblem } from '../http-problem';
import type { FeatureRouter } from './feature';

/** Elections, their calendars and contests. */
export function electionRoutes(router: FeatureRouter): void {
  const { services } = router;
  router.route(routes.listElections, async ({ query }) => listElections(services.db, query));
  router.route(routes.createElection, async ({ body, mutation }) => createElection(services.db, mutation, body));
  router.route(routes.getElection, async ({ params }) => {
    const election = await findElection(services.db, params.id);
    if (!election) throw new HttpProblem(404, 'Not found', 'no election with this id');
    return election;
  });
}
