/**
 * The demo country's sharing: its organisations join the default communities with rights on
 * their collections, and share a few objects at different TLP levels — an AMBER phishing
 * indicator against election staff, a GREEN FIMI report with DISARM techniques, a CLEAR
 * public advisory and a RED threat actor for an international partner.
 */
import { unwrap } from '@vigil/basics';
import type { Executor, MutationContext } from '@vigil/db';
import { addSharingCommunityMembers, findSharingCommunityByName, listSharingCollections, listSharingCommunities, setCollectionRight } from '@vigil/db';
import type { Tlp } from '@vigil/domain';
import {
  buildCampaign,
  buildDisarmAttackPattern,
  buildIncident,
  buildIndicator,
  buildRelationship,
  buildReport,
  buildThreatActor,
} from '@vigil/stix';
import { randomUUID } from 'node:crypto';
import { publishStixObjects } from './publish-stix-objects';

const DAY = 86_400_000;

/** Puts the demo organisations (by name → id) into communities and shares demo objects. */
export async function loadDemoSharing(db: Executor, context: MutationContext, organisations: Readonly<Record<string, string>>): Promise<void> {
  const org = (name: string): string => {
    const id = organisations[name];
    if (id === undefined) throw new Error(`no demo organisation ${name}`);
    return id;
  };
  // Without the default communities (no operators' organisation), there is nothing to join.
  if ((await listSharingCommunities(db)).length === 0) return;
  const members: Record<string, readonly string[]> = {
    'National election security community': [
      'Valdoria Electoral Commission',
      'Valdoria National Cyber Security Centre',
      'Valdoria National Police',
      'Northern Province Election Office',
      'Southern Province Election Office',
      'Riverside Municipal Clerk',
      'BallotTech Systems',
      'Valdorian Democratic Alliance',
    ],
    'International partners': ['Valdoria National Cyber Security Centre', 'Valdoria Electoral Commission', 'EU–NATO Election Resilience Partnership'],
    'Civil society': ['Civic Watch Valdoria', 'Valdoria Fact Check', 'Valdoria Electoral Commission'],
    Public: ['Valdoria Electoral Commission', 'Valdoria National Cyber Security Centre'],
  };
  for (const [community, names] of Object.entries(members)) {
    const found = await findSharingCommunityByName(db, community);
    if (!found) throw new Error(`no default community ${community}`);
    await addSharingCommunityMembers(db, context, { communityId: found.id, organisationIds: names.map(org) });
  }
  const collections = new Map((await listSharingCollections(db)).map((collection) => [collection.alias, collection.id]));
  const collection = (alias: string): string => {
    const id = collections.get(alias);
    if (id === undefined) throw new Error(`no default collection ${alias}`);
    return id;
  };
  const rights: [string, string, boolean][] = [
    ['election-infrastructure', 'Valdoria Electoral Commission', true],
    ['election-infrastructure', 'Valdoria National Cyber Security Centre', true],
    ['election-infrastructure', 'Valdoria National Police', true],
    ['election-infrastructure', 'Northern Province Election Office', true],
    ['election-infrastructure', 'Southern Province Election Office', true],
    ['election-infrastructure', 'Riverside Municipal Clerk', false],
    ['election-infrastructure', 'BallotTech Systems', false],
    ['fimi', 'Valdoria Electoral Commission', true],
    ['fimi', 'Valdoria National Cyber Security Centre', true],
    ['fimi', 'Valdorian Democratic Alliance', false],
    ['international-partners', 'Valdoria National Cyber Security Centre', true],
    ['international-partners', 'EU–NATO Election Resilience Partnership', true],
    ['international-partners', 'Valdoria Electoral Commission', false],
    ['civil-society', 'Civic Watch Valdoria', true],
    ['civil-society', 'Valdoria Fact Check', true],
    ['civil-society', 'Valdoria Electoral Commission', true],
    ['public', 'Valdoria Electoral Commission', true],
    ['public', 'Valdoria National Cyber Security Centre', true],
  ];
  for (const [alias, name, canWrite] of rights) {
    await setCollectionRight(db, context, { collectionId: collection(alias), organisationId: org(name), canRead: true, canWrite });
  }

  const now = context.now;
  const created = new Date(now.getTime() - 3 * DAY);
  const publish = async (alias: string, producer: string, tlp: Tlp, objects: readonly unknown[], recipients: readonly string[] = []) => {
    unwrap(
      await publishStixObjects({ db, context, collectionId: collection(alias), organisationId: org(producer), tlp, recipientOrganisationIds: recipients.map(org), objects }),
    );
  };

  // AMBER: a credential-phishing domain aimed at election staff, for the offices that need to know.
  const indicator = buildIndicator({
    uuid: randomUUID(),
    created,
    name: 'Phishing domain imitating the results-transmission portal',
    description: 'Credential-phishing site sent to municipal election staff by e-mail; imitates the results-transmission login page.',
    pattern: "[domain-name:value = 'valdoria-results-login.example']",
    validFrom: created,
    indicatorTypes: ['malicious-activity'],
  });
  const incident = buildIncident({
    uuid: randomUUID(),
    created,
    name: 'Phishing wave against municipal election staff',
    description: 'Twelve staff of three municipalities received messages leading to the phishing domain; two entered credentials, which were reset.',
  });
  await publish('election-infrastructure', 'Valdoria National Cyber Security Centre', 'amber', [indicator, incident], [
    'Valdoria Electoral Commission',
    'Northern Province Election Office',
    'Riverside Municipal Clerk',
  ]);

  // GREEN: a FIMI report with the DISARM techniques of the campaign.
  const campaign = buildCampaign({
    uuid: randomUUID(),
    created,
    name: 'False polling-station changes',
    description: 'Coordinated accounts spread messages claiming polling stations in the Northern Province have moved.',
    firstSeen: created,
  });
  const narratives = buildDisarmAttackPattern({ uuid: randomUUID(), created, techniqueId: 'T0003' });
  const hashtags = buildDisarmAttackPattern({ uuid: randomUUID(), created, techniqueId: 'T0015' });
  const uses = [narratives, hashtags].map((technique) =>
    buildRelationship({ uuid: randomUUID(), created, relationshipType: 'uses', sourceRef: campaign.id, targetRef: technique.id }),
  );
  const report = buildReport({
    uuid: randomUUID(),
    created,
    name: 'FIMI report: false polling-station changes in the Northern Province',
    description: 'Monitors found 240 accounts posting the same claim within an hour, with new hashtags and an old narrative about ballot fraud.',
    published: now,
    reportTypes: ['campaign', 'attack-pattern'],
    objectRefs: [campaign.id, narratives.id, hashtags.id, ...uses.map((relationship) => relationship.id)],
  });
  await publish('civil-society', 'Civic Watch Valdoria', 'green', [campaign, narratives, hashtags, ...uses, report]);
  // The electoral commission forwards the monitors' report to the national community.
  await publish('fimi', 'Valdoria Electoral Commission', 'green', [campaign, narratives, hashtags, ...uses, report]);

  // CLEAR: the public advisory about the same campaign.
  const advisory = buildReport({
    uuid: randomUUID(),
    created: now,
    name: 'Your polling station has not moved',
    description: 'Messages claiming that polling stations have moved are false. Check your polling station on the Electoral Commission website.',
    published: now,
    reportTypes: ['campaign'],
    objectRefs: [campaign.id],
  });
  await publish('public', 'Valdoria Electoral Commission', 'clear', [advisory]);

  // RED: an attribution shared with the international partner only.
  const actor = buildThreatActor({
    uuid: randomUUID(),
    created,
    name: 'Operator behind the polling-station campaign',
    description: 'Attribution based on infrastructure overlaps; shared with the partnership only.',
    threatActorTypes: ['nation-state'],
  });
  await publish('international-partners', 'Valdoria National Cyber Security Centre', 'red', [actor], ['EU–NATO Election Resilience Partnership']);
}
