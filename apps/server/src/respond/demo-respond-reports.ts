/**
 * The demo country's reports: a dozen realistic reports from citizens and accredited
 * observers across Valdoria's jurisdictions, received over the last two days — near-duplicate
 * rumours and reports sharing a link (so the queue shows groups), one already triaged, one
 * noise report archived. Everything goes through the same repository as live intake.
 */
import type { Executor, MutationContext } from '@vigil/db';
import { archiveReports, createReport, triageReport } from '@vigil/db';
import type { IncidentType, NewReport } from '@vigil/domain';
import { trustLevelOfOrganisation } from '@vigil/domain';

interface DemoReport {
  readonly hoursAgo: number;
  readonly category: IncidentType;
  readonly title: string;
  readonly description: string;
  readonly place: string | null;
  readonly links?: readonly string[];
  readonly contact?: NewReport['contact'];
  readonly language?: string;
  /** An accredited observer organisation filing through the monitor API. */
  readonly observer?: string;
}

const RUMOUR =
  'A message forwarded on WhatsApp says that polling stations in Riverside will close at noon on election day because of a security threat, and that voters should come in the morning only.';

const REPORTS: readonly DemoReport[] = [
  { hoursAgo: 47, category: 'disinformation', title: 'Polling stations "closing at noon"', description: RUMOUR, place: 'Riverside', contact: { name: 'Lena P.', email: 'lena.p@example.org', phone: null } },
  { hoursAgo: 45, category: 'disinformation', title: 'WhatsApp message about noon closing', description: RUMOUR.replace('WhatsApp', 'WhatsApp and Telegram').replace('come in the morning only', 'come early'), place: 'Riverside' },
  { hoursAgo: 44, category: 'other', title: 'Same chain letter posted on a public page', description: 'The noon-closing message is now on a public page with thousands of shares.', place: 'Northern Province', links: ['https://social.example/valdoria-news/posts/8812?utm_source=whatsapp'] },
  { hoursAgo: 40, category: 'disinformation', title: 'Public page spreads the closing rumour', description: 'This page keeps posting that stations close at midday. Screenshot available on request.', place: 'Riverside', links: ['https://www.social.example/valdoria-news/posts/8812'] },
  { hoursAgo: 36, category: 'cyber-attack', title: 'Results test website showed a strange banner', description: 'During the public test of the results website last night, the home page showed a banner in a foreign language for about ten minutes before it went back to normal.', place: 'Republic of Valdoria', links: ['https://results.elections.example/'] },
  { hoursAgo: 30, category: 'hack-and-leak', title: 'Campaign e-mails posted on a paste site', description: 'Our monitors found a dump of what look like internal e-mails of the Valdorian Democratic Alliance on a paste site, with a few altered messages mixed in.', place: 'Republic of Valdoria', observer: 'Civic Watch Valdoria' },
  { hoursAgo: 26, category: 'voter-intimidation', title: 'Men filming people at the registration office', description: 'Observers saw two men filming everyone who entered the Sunvale registration office and asking for their names, telling them their vote would be known.', place: 'Sunvale', observer: 'Civic Watch Valdoria' },
  { hoursAgo: 20, category: 'covert-funding', title: 'Sponsored posts paid from abroad', description: 'A series of sponsored posts attacking the electoral commission is paid by an advertiser registered outside Valdoria, without the required disclosure.', place: 'Republic of Valdoria', observer: 'EU–NATO Election Resilience Partnership', links: ['https://ads.example/library?advertiser=88213'] },
  { hoursAgo: 14, category: 'physical-incident', title: 'Door forced at the ballot paper store', description: 'The door of the municipal store where ballot papers are kept was found forced this morning. Police were called; nothing seems to be missing.', place: 'Port Alden', contact: { name: null, email: null, phone: '+00 1 555 0142' } },
  { hoursAgo: 9, category: 'insider-threat', title: 'Temporary clerk copying the voter list', description: 'A temporary clerk was seen copying files from the voter list computer to a personal USB stick after hours.', place: 'Highmoor', language: 'fr' },
  { hoursAgo: 5, category: 'disinformation', title: 'Fake audio of Ruth Okafor', description: 'An audio clip where Ruth Okafor seems to tell her supporters to vote on the day after the election is circulating. Her voice sounds synthetic.', place: null, links: ['https://youtu.be/dQw4w9WgXcQ?si=demo'] },
  { hoursAgo: 3, category: 'disinformation', title: 'Deepfake video shared in groups', description: 'Video of a candidate asking voters to stay home, shared in several groups.', place: 'Lakeview', links: ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&feature=share'] },
  { hoursAgo: 1, category: 'other', title: 'Win a free phone', description: 'Click here to win a free phone for the election!!! Limited offer for all voters.', place: null },
];

/** Files the demo reports (in the demo's transaction); `organisations` maps demo names to ids. */
export async function loadDemoRespondReports(db: Executor, context: MutationContext, organisations: Readonly<Record<string, string>>): Promise<void> {
  const jurisdictions = new Map((await db.selectFrom('jurisdictions').select(['id', 'name']).execute()).map((j) => [j.name, j.id]));
  const types = new Map((await db.selectFrom('organisations').select(['id', 'type']).execute()).map((o) => [o.id, o.type]));
  const ids: string[] = [];
  for (const demo of REPORTS) {
    const at = { ...context, now: new Date(context.now.getTime() - demo.hoursAgo * 3_600_000) };
    const observerId = demo.observer ? organisations[demo.observer] : undefined;
    const observerType = observerId ? types.get(observerId) : undefined;
    const created = await createReport(db, at, {
      report: {
        category: demo.category,
        title: demo.title,
        description: demo.description,
        jurisdictionId: demo.place ? (jurisdictions.get(demo.place) ?? null) : null,
        latitude: null,
        longitude: null,
        occurredAt: new Date(at.now.getTime() - 3_600_000).toISOString(),
        links: demo.links ?? [],
        contact: demo.contact ?? null,
        language: demo.language ?? 'en',
      },
      origin:
        observerId && observerType
          ? { source: 'monitor', reporterOrganisationId: observerId, reporterUserId: null, trustLevel: trustLevelOfOrganisation(observerType) }
          : { source: 'public', reporterOrganisationId: null, reporterUserId: null, trustLevel: 0 },
    });
    ids.push(created.id);
  }
  const [, , , , defacement, , , , , , , , spam] = ids;
  if (defacement) {
    await triageReport(db, { ...context, now: new Date(context.now.getTime() - 30 * 3_600_000) }, defacement, {
      status: 'in-review',
      incidentType: 'cyber-attack',
      impact: 'high',
      urgency: 'medium',
      verificationStatus: 'in-progress',
      confidence: 60,
      verificationNote: 'The CERT is reviewing the web server logs of the test night.',
    });
  }
  if (spam) await archiveReports(db, context, { ids: [spam] });
}
