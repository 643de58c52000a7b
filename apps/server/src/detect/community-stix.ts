/**
 * The STIX objects of one community, taken from the run's `campaigns.stix.json`: its
 * campaign, the observed data with its user-account and URL observables, the sighting, the
 * DISARM attack-patterns with their `uses` relationships, and the detector's identity. The
 * bundle's TLP:AMBER marking definition is left out: publishing marks the objects at the TLP
 * the analyst chooses.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const BundleSchema = z.object({ type: z.literal('bundle'), objects: z.array(z.looseObject({ type: z.string(), id: z.string() })) });

type StixObject = z.output<typeof BundleSchema>['objects'][number];

/** The objects of `community` in the run directory's bundle, or undefined when it has none. */
export async function communityStixObjects(dir: string, community: number): Promise<{ campaignId: string; objects: StixObject[] } | undefined> {
  const bundle = BundleSchema.parse(JSON.parse(await readFile(join(dir, 'campaigns.stix.json'), 'utf8')));
  const byId = new Map(bundle.objects.map((object) => [object.id, object]));
  const campaign = bundle.objects.find((object) => object.type === 'campaign' && object['name'] === `Coordinated community ${community}`);
  if (!campaign) return undefined;
  const chosen = new Map<string, StixObject>([[campaign.id, campaign]]);
  const add = (id: unknown): void => {
    if (typeof id !== 'string') return;
    const object = byId.get(id);
    if (object && object.type !== 'marking-definition') chosen.set(id, object);
  };
  add(campaign['created_by_ref']);
  for (const object of bundle.objects) {
    if (object.type === 'sighting' && object['sighting_of_ref'] === campaign.id) {
      chosen.set(object.id, object);
      for (const observed of (object['observed_data_refs'] as unknown[] | undefined) ?? []) {
        add(observed);
        const data = typeof observed === 'string' ? byId.get(observed) : undefined;
        for (const ref of (data?.['object_refs'] as unknown[] | undefined) ?? []) add(ref);
      }
    }
    if (object.type === 'relationship' && object['source_ref'] === campaign.id) {
      chosen.set(object.id, object);
      add(object['target_ref']);
    }
  }
  return { campaignId: campaign.id, objects: [...chosen.values()] };
}
