/**
 * The sharing communities and collections every installation starts with, readable and
 * writable by the operators' organisation, which belongs to each community. Operators add
 * partner organisations to communities and grant them rights afterwards.
 */
import type { Executor, MutationContext } from '@vigil/db';
import { createSharingCollection, createSharingCommunity, inTransaction, listSharingCommunities } from '@vigil/db';
import type { Tlp } from '@vigil/domain';

/** One default community and its collections. */
export interface DefaultCommunity {
  readonly name: string;
  readonly description: string;
  readonly collections: readonly {
    readonly alias: string;
    readonly title: string;
    readonly description: string;
    readonly defaultTlp: Tlp;
    readonly publicRead?: boolean;
  }[];
}

/** The communities and collections of a new installation. */
export const DEFAULT_SHARING_COMMUNITIES: readonly DefaultCommunity[] = [
  {
    name: 'National election security community',
    description: 'Election authorities, the national cyber security centre and law enforcement of the country.',
    collections: [
      { alias: 'election-infrastructure', title: 'Election infrastructure threats', description: 'Indicators, vulnerabilities and incidents affecting election systems, vendors and campaigns.', defaultTlp: 'amber' },
      { alias: 'fimi', title: 'Foreign information manipulation and interference', description: 'FIMI reports, campaigns and DISARM techniques observed around elections.', defaultTlp: 'green' },
    ],
  },
  {
    name: 'International partners',
    description: 'NATO, EU and bilateral partners exchanging election-interference intelligence.',
    collections: [{ alias: 'international-partners', title: 'International partner exchange', description: 'Threat information shared with and by international partners.', defaultTlp: 'amber' }],
  },
  {
    name: 'Civil society',
    description: 'Election observers, monitors, fact-checkers and researchers.',
    collections: [{ alias: 'civil-society', title: 'Civil society observations', description: 'Reports from monitors and fact-checkers.', defaultTlp: 'green' }],
  },
  {
    name: 'Platforms',
    description: 'Online platforms and their trust-and-safety teams.',
    collections: [{ alias: 'platforms', title: 'Platform signals', description: 'Coordinated inauthentic behaviour, takedowns and ad-library signals.', defaultTlp: 'green' }],
  },
  {
    name: 'Public',
    description: 'Everyone: advisories the public may read without an account.',
    collections: [{ alias: 'public', title: 'Public advisories (TLP:CLEAR)', description: 'A public feed: anyone may read its TLP:CLEAR objects.', defaultTlp: 'clear', publicRead: true }],
  },
];

/**
 * Creates the default communities and collections when the installation has none, with the
 * operators' organisation as member, reader and writer. Returns whether it created them.
 */
export async function ensureSharingDefaults(db: Executor, context: MutationContext, operatorOrganisationId: string): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    if ((await listSharingCommunities(trx)).length > 0) return false;
    for (const community of DEFAULT_SHARING_COMMUNITIES) {
      const created = await createSharingCommunity(trx, context, { name: community.name, description: community.description, organisationIds: [operatorOrganisationId] });
      for (const collection of community.collections) {
        await createSharingCollection(trx, context, {
          communityId: created.id,
          title: collection.title,
          description: collection.description,
          alias: collection.alias,
          publicRead: collection.publicRead ?? false,
          defaultTlp: collection.defaultTlp,
          rights: [{ organisationId: operatorOrganisationId, canRead: true, canWrite: true }],
        });
      }
    }
    return true;
  });
}
