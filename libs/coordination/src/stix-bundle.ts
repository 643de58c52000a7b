import { createHash } from 'node:crypto';
import { canonicalJson } from '@vigil/basics';
import type { Method } from './methods';

/**
 * The STIX 2.1 bundle of a detection run (OASIS STIX 2.1, 2021):
 *
 * - one `identity` (§4.7) for Vigil's detector, the creator of every object;
 * - per community one `campaign` (§4.4), one `observed-data` (§4.14) whose `object_refs`
 *   name the community's `user-account` (§6.18) and `url` (§6.17) observables, and one
 *   `sighting` (§5.2) of the campaign in that observed data;
 * - one `attack-pattern` (§4.2) per DISARM technique the community's behaviours show
 *   (e.g. T0049.003 for co-reposting, T0084.001 for copypasta), linked by `uses`
 *   relationships (§5.1);
 * - the predefined TLP:AMBER `marking-definition` (§7.2.1.4) on every SDO and SRO, because the
 *   bundle names accounts.
 *
 * Identifiers are deterministic: SCOs use UUIDv5 over their ID-contributing properties with
 * the STIX namespace (§2.9), other objects UUIDv5 over a stable name, so the same data gives the
 * same bundle.
 */

const stixNamespace = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/** Vigil's own namespace for non-SCO identifiers (a fixed random UUID). */
const vigilNamespace = 'a9c3f2d4-5b8e-4f61-9d27-3e8c1b0a7f52';

/** TLP:AMBER, predefined by STIX 2.1 §7.2.1.4. */
export const tlpAmberMarking = {
  type: 'marking-definition',
  spec_version: '2.1',
  id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  created: '2017-01-20T00:00:00.000Z',
  definition_type: 'tlp',
  name: 'TLP:AMBER',
  definition: { tlp: 'amber' },
} as const;

/** A DISARM red-framework technique. */
export interface DisarmTechnique {
  readonly id: string;
  readonly name: string;
  readonly phase: string;
}

/** The DISARM technique each behaviour evidences (names from the DISARM STIX bundle). */
export const disarmTechniqueOf: Readonly<Record<Method, DisarmTechnique>> = {
  'co-repost': { id: 'T0049.003', name: 'Bots Amplify via Automated Forwarding and Reposting', phase: 'maximise-exposure' },
  'co-link': { id: 'T0049.005', name: 'Conduct Swarming', phase: 'maximise-exposure' },
  'co-reply': { id: 'T0049.005', name: 'Conduct Swarming', phase: 'maximise-exposure' },
  'co-hashtag': { id: 'T0049.002', name: 'Flood Existing Hashtag', phase: 'maximise-exposure' },
  'identical-text': { id: 'T0084.001', name: 'Use Copypasta', phase: 'develop-content' },
  'near-duplicate-text': { id: 'T0084.001', name: 'Use Copypasta', phase: 'develop-content' },
  'synchronised-activity': { id: 'T0146.007', name: 'Automated Account Asset', phase: 'establish-assets' },
  'creation-burst': { id: 'T0146', name: 'Account Asset', phase: 'establish-assets' },
};

/** UUIDv5 (RFC 4122 §4.3) of `name` in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const bytes = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(bytes).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A community as the bundle describes it. */
export interface CampaignInput {
  readonly community: number;
  readonly accounts: readonly string[];
  readonly methods: readonly Method[];
  readonly urls: readonly string[];
  /** Seconds since the epoch of the first and last coordinated post. */
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly edges: number;
  readonly coordinatedPosts: number;
}

/** A STIX object as plain JSON. */
export type StixObject = Readonly<Record<string, unknown>>;

/** A STIX 2.1 bundle. */
export interface StixBundle {
  readonly type: 'bundle';
  readonly id: string;
  readonly objects: readonly StixObject[];
}

function timestamp(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** Builds the bundle for `campaigns`; `created` stamps every SDO and SRO. */
export function buildStixBundle(input: {
  readonly campaigns: readonly CampaignInput[];
  readonly created: Date;
  /** e.g. `twitter` for the IO archive; omitted when unknown. */
  readonly accountType?: string;
  /** Distinguishes runs on different inputs (e.g. a hash of the input's name and size). */
  readonly runKey: string;
}): StixBundle {
  const created = input.created.toISOString();
  const identityId = `identity--${uuidV5(vigilNamespace, 'vigil coordination detector')}`;
  const marking = [tlpAmberMarking.id];
  const common = { spec_version: '2.1', created, modified: created, created_by_ref: identityId, object_marking_refs: marking };
  const objects: StixObject[] = [
    tlpAmberMarking,
    {
      type: 'identity',
      ...common,
      id: identityId,
      name: 'Vigil coordination detector',
      identity_class: 'system',
      description: 'Coordinated inauthentic behaviour detection of the Vigil election-safeguarding platform.',
    },
  ];
  const seen = new Set<string>();
  const push = (object: StixObject): void => {
    const id = String(object['id']);
    if (seen.has(id)) return;
    seen.add(id);
    objects.push(object);
  };
  for (const campaign of input.campaigns) {
    const campaignId = `campaign--${uuidV5(vigilNamespace, `${input.runKey}/campaign/${campaign.community}`)}`;
    const techniques = [...new Map(campaign.methods.map((method) => [disarmTechniqueOf[method].id, disarmTechniqueOf[method]])).values()];
    push({
      type: 'campaign',
      ...common,
      id: campaignId,
      name: `Coordinated community ${campaign.community}`,
      description:
        `${campaign.accounts.length} accounts linked by ${campaign.edges} significant coordination edges ` +
        `(${campaign.methods.join(', ')}); ${campaign.coordinatedPosts} coordinated posts.`,
      first_seen: timestamp(campaign.firstSeen),
      last_seen: timestamp(Math.max(campaign.firstSeen, campaign.lastSeen)),
      objective: 'Unknown; flagged by Vigil for analyst review.',
    });
    const observableIds: string[] = [];
    for (const account of campaign.accounts) {
      const contributing = input.accountType === undefined ? { user_id: account } : { account_type: input.accountType, user_id: account };
      const id = `user-account--${uuidV5(stixNamespace, canonicalJson(contributing))}`;
      observableIds.push(id);
      push({ type: 'user-account', spec_version: '2.1', id, ...contributing });
    }
    for (const url of campaign.urls) {
      if (!/^https?:\/\/[^\s]+$/.test(url)) continue;
      const id = `url--${uuidV5(stixNamespace, canonicalJson({ value: url }))}`;
      observableIds.push(id);
      push({ type: 'url', spec_version: '2.1', id, value: url });
    }
    const observedId = `observed-data--${uuidV5(vigilNamespace, `${input.runKey}/observed/${campaign.community}`)}`;
    push({
      type: 'observed-data',
      ...common,
      id: observedId,
      first_observed: timestamp(campaign.firstSeen),
      last_observed: timestamp(Math.max(campaign.firstSeen, campaign.lastSeen)),
      number_observed: Math.min(999_999_999, Math.max(1, campaign.coordinatedPosts)),
      object_refs: observableIds,
    });
    push({
      type: 'sighting',
      ...common,
      id: `sighting--${uuidV5(vigilNamespace, `${input.runKey}/sighting/${campaign.community}`)}`,
      sighting_of_ref: campaignId,
      observed_data_refs: [observedId],
      where_sighted_refs: [identityId],
      first_seen: timestamp(campaign.firstSeen),
      last_seen: timestamp(Math.max(campaign.firstSeen, campaign.lastSeen) + 1),
      count: Math.min(999_999_999, Math.max(1, campaign.coordinatedPosts)),
    });
    for (const technique of techniques) {
      const patternId = `attack-pattern--${uuidV5(vigilNamespace, `disarm/${technique.id}`)}`;
      push({
        type: 'attack-pattern',
        ...common,
        id: patternId,
        name: technique.name,
        external_references: [
          {
            source_name: 'DISARM',
            external_id: technique.id,
            url: `https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/${technique.id}.md`,
          },
        ],
        kill_chain_phases: [{ kill_chain_name: 'disarm', phase_name: technique.phase }],
      });
      push({
        type: 'relationship',
        ...common,
        id: `relationship--${uuidV5(vigilNamespace, `${input.runKey}/uses/${campaign.community}/${technique.id}`)}`,
        relationship_type: 'uses',
        source_ref: campaignId,
        target_ref: patternId,
      });
    }
  }
  return { type: 'bundle', id: `bundle--${uuidV5(vigilNamespace, `${input.runKey}/bundle`)}`, objects };
}
