/**
 * Demo data for a first look: the fictional Republic of Valdoria (ISO 3166 user-assigned
 * code XV, so it can never clash with a real country), its election bodies, a jurisdiction
 * tree with lines of authority, and a general election about two months away. Loaded once,
 * on a new installation, unless VIGIL_DEMO=0. Every change goes through the audit log like
 * any other.
 */
import type { Executor } from '@vigil/db';
import { createElection, createJurisdiction, createOrganisation, getSetting, inTransaction, setSetting } from '@vigil/db';
import type { MilestoneKind, OrganisationType } from '@vigil/domain';
import { loadDemoRespondCases } from './respond/demo-respond-cases';
import { loadDemoRespondEscalation } from './respond/demo-respond-escalation';
import { loadDemoDetection } from './detect/demo-detect';
import { loadDemoSharing } from './sharing/demo-sharing';
import { loadDemoRespondReports } from './respond/demo-respond-reports';

/** The setting that records that demo data was loaded. */
export const DEMO_SETTING = 'demo';

const COUNTRY = 'Republic of Valdoria';

function addDays(date: Date, days: number): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Loads the demo country once; returns whether it did. */
export async function loadDemoData(db: Executor, now: Date, options: { readonly filesDir?: string } = {}): Promise<{ loaded: boolean; country: string }> {
  if (await getSetting(db, DEMO_SETTING)) return { loaded: false, country: COUNTRY };
  const context = { actor: { kind: 'system' as const, id: 'demo', label: 'demo data' }, now };
  await inTransaction(db, async (trx) => {
    const organisations: Record<string, string> = {};
    const orgs: [string, OrganisationType][] = [
      ['Valdoria Electoral Commission', 'election-authority'],
      ['Valdoria National Cyber Security Centre', 'government-agency'],
      ['Valdoria National Police', 'government-agency'],
      ['Northern Province Election Office', 'election-authority'],
      ['Southern Province Election Office', 'election-authority'],
      ['Riverside Municipal Clerk', 'election-authority'],
      ['Civic Watch Valdoria', 'civil-society'],
      ['Valdoria Fact Check', 'media'],
      ['BallotTech Systems', 'vendor'],
      ['Valdorian Democratic Alliance', 'party-campaign'],
      ['EU–NATO Election Resilience Partnership', 'international-partner'],
    ];
    for (const [name, type] of orgs) {
      organisations[name] = (await createOrganisation(trx, context, { name, type, country: type === 'international-partner' ? null : 'XV' })).id;
    }
    const partnership = await createJurisdiction(trx, context, {
      level: 'international',
      name: 'Euro-Atlantic partners',
      responsibleOrganisationId: organisations['EU–NATO Election Resilience Partnership'] as never,
      contacts: [{ name: 'Duty officer', role: '24/7 desk', email: 'desk@partners.example', phone: null }],
    });
    const country = await createJurisdiction(trx, context, {
      parentId: partnership.id,
      level: 'national',
      name: COUNTRY,
      code: 'XV',
      responsibleOrganisationId: organisations['Valdoria Electoral Commission'] as never,
      contacts: [
        { name: 'Ana Ferreira', role: 'Chief Electoral Officer', email: 'ana.ferreira@elections.example', phone: '+00 1 555 0100' },
        { name: 'Jonas Berg', role: 'CERT duty officer', email: 'cert@ncsc.example', phone: '+00 1 555 0199' },
      ],
    });
    const provinces = [
      ['Northern Province', 'XV-NO', 'Northern Province Election Office', ['Riverside', 'Highmoor', 'Lakeview']],
      ['Southern Province', 'XV-SO', 'Southern Province Election Office', ['Port Alden', 'Sunvale']],
    ] as const;
    const locals: Record<string, string> = {};
    for (const [name, code, office, towns] of provinces) {
      const province = await createJurisdiction(trx, context, {
        parentId: country.id,
        level: 'regional',
        name,
        code,
        responsibleOrganisationId: organisations[office] as never,
        contacts: [{ name: `${name} returning officer`, role: 'Returning officer', email: `${code.toLowerCase()}@elections.example`, phone: null }],
      });
      for (const town of towns) {
        const local = await createJurisdiction(trx, context, {
          parentId: province.id,
          level: 'local',
          name: town,
          responsibleOrganisationId: town === 'Riverside' ? (organisations['Riverside Municipal Clerk'] as never) : null,
          contacts: [],
        });
        locals[town] = local.id;
      }
    }
    const electionDay = 60;
    const milestones: { kind: MilestoneKind; date: string }[] = [
      { kind: 'registration-deadline', date: addDays(now, electionDay - 30) },
      { kind: 'early-voting-start', date: addDays(now, electionDay - 14) },
      { kind: 'early-voting-end', date: addDays(now, electionDay - 2) },
      { kind: 'election-day', date: addDays(now, electionDay) },
      { kind: 'canvass', date: addDays(now, electionDay + 7) },
      { kind: 'certification', date: addDays(now, electionDay + 14) },
    ];
    await createElection(trx, context, {
      name: 'Valdoria General Election (demo)',
      jurisdictionId: country.id,
      milestones,
      contests: [
        { name: 'President', jurisdictionId: country.id, choices: ['Elena Marsh', 'Tomas Quill', 'Ruth Okafor'] },
        { name: 'Mayor of Riverside', jurisdictionId: locals['Riverside'] as never, choices: ['Ida Lund', 'Marco Vale'] },
        { name: 'Riverside Council', jurisdictionId: locals['Riverside'] as never, seats: 3, votesAllowed: 3, choices: ['A. Brandt', 'C. Diaz', 'E. Frost', 'G. Hale', 'J. Kerr'] },
      ],
    });
    await loadDemoSharing(trx, context, organisations);
    if (options.filesDir !== undefined) await loadDemoDetection(trx, context, { organisationId: organisations['Valdoria National Cyber Security Centre'] ?? '', filesDir: options.filesDir });
    await loadDemoRespondReports(trx, context, organisations);
    await loadDemoRespondCases(trx, context, organisations);
    await loadDemoRespondEscalation(trx, context, organisations);
    await setSetting(trx, DEMO_SETTING, { loaded: true, country: COUNTRY, at: now.toISOString() });
  });
  return { loaded: true, country: COUNTRY };
}
