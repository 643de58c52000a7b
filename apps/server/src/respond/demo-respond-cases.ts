/**
 * The demo country's cases and playbooks: the starter playbook library, lead agencies for
 * Valdoria (cyber → the National Cyber Security Centre, disinformation and money → the
 * Electoral Commission, physical and intimidation → the National Police), two cases with
 * tasks, notes and observables, and a contingency plan for the demo election. The operators'
 * organisation collaborates on the demo cases so the first administrator can open them.
 */
import type { Executor, MutationContext } from '@vigil/db';
import {
  activatePlan,
  addCaseObservable,
  addTimelineEntry,
  applyPlaybook,
  createCase,
  createPlan,
  deactivatePlan,
  ensureStarterPlaybooks,
  findOrganisationByName,
  moveCase,
  setLeadAgency,
  updateCaseTask,
} from '@vigil/db';
import type { IncidentType } from '@vigil/domain';
import { OPERATOR_ORGANISATION } from '../bootstrap';

/** Loads the demo's respond cases, given the demo organisations by name → id. */
export async function loadDemoRespondCases(db: Executor, context: MutationContext, organisations: Readonly<Record<string, string>>): Promise<void> {
  const org = (name: string): string => {
    const id = organisations[name];
    if (id === undefined) throw new Error(`no demo organisation ${name}`);
    return id;
  };
  const jurisdiction = async (code: string | null, name?: string): Promise<string> => {
    let q = db.selectFrom('jurisdictions').select('id');
    q = code !== null ? q.where('code', '=', code) : q.where('name', '=', name ?? '');
    const row = await q.executeTakeFirst();
    if (!row) throw new Error(`no demo jurisdiction ${code ?? name}`);
    return row.id;
  };
  const country = await jurisdiction('XV');
  const north = await jurisdiction('XV-NO');
  const riverside = await jurisdiction(null, 'Riverside');
  const election = await db.selectFrom('elections').select('id').where('name', '=', 'Valdoria General Election (demo)').executeTakeFirst();
  if (!election) throw new Error('no demo election');
  const operators = (await findOrganisationByName(db, OPERATOR_ORGANISATION))?.id;

  await ensureStarterPlaybooks(db, context);

  const cert = org('Valdoria National Cyber Security Centre');
  const commission = org('Valdoria Electoral Commission');
  const police = org('Valdoria National Police');
  const leads: [IncidentType, string][] = [
    ['cyber-attack', cert],
    ['hack-and-leak', cert],
    ['disinformation', commission],
    ['covert-funding', commission],
    ['insider-threat', commission],
    ['physical-incident', police],
    ['voter-intimidation', police],
  ];
  for (const [incidentType, organisationId] of leads) await setLeadAgency(db, context, { jurisdictionId: country, incidentType, organisationId });

  const withOperators = (ids: string[]) => (operators ? [...ids, operators] : ids);

  // 1. A defacement of the results preview site in Riverside: the CERT leads (lead agency).
  const defaced = await createCase(db, context, {
    title: 'Riverside results preview site shows altered turnout figures',
    summary: 'The municipal results preview page displayed turnout figures that do not match the tabulation test run; a defacement is suspected.',
    incidentType: 'cyber-attack',
    impact: 'high',
    urgency: 'high',
    tlp: 'amber',
    jurisdictionId: riverside,
    electionId: election.id,
    collaboratorOrganisationIds: withOperators([org('Riverside Municipal Clerk'), commission]),
  });
  const applied = await applyPlaybook(db, context, defaced.id, { playbookId: 'results-website-defaced' });
  const [confirm, contain] = applied.tasks;
  if (confirm) await updateCaseTask(db, context, defaced.id, confirm.id, { done: true });
  if (contain) await updateCaseTask(db, context, defaced.id, contain.id, { done: true });
  await moveCase(db, context, defaced.id, { status: 'investigating', note: 'Defacement confirmed from two networks' });
  for (const [type, value] of [
    ['domain', 'results-preview.riverside.example'],
    ['ipv4', '203.0.113.45'],
    ['url', 'https://results-preview.riverside.example/turnout'],
  ] as const) {
    await addCaseObservable(db, context, defaced.id, { type, value });
  }
  await addTimelineEntry(db, context, {
    caseId: defaced.id,
    kind: 'comment',
    body: 'Web server logs preserved (SHA-256 recorded). The CMS admin account logged in from an unfamiliar network at 02:14.',
    tlp: 'amber',
    authorOrganisationId: cert,
  });
  await addTimelineEntry(db, context, {
    caseId: defaced.id,
    kind: 'comment',
    body: 'The network matches infrastructure a partner attributed to a foreign service last year. Do not share beyond the Commission.',
    tlp: 'red',
    authorOrganisationId: cert,
    recipientOrganisationIds: [commission],
  });

  // 2. "Vote by SMS" disinformation in the Northern Province: the Commission leads.
  const sms = await createCase(db, context, {
    title: 'Text messages tell Northern Province voters they can vote by SMS',
    summary: 'Monitors report a wave of SMS and social posts claiming voters can reply "YES" to cast a ballot.',
    incidentType: 'disinformation',
    impact: 'medium',
    urgency: 'high',
    tlp: 'green',
    jurisdictionId: north,
    electionId: election.id,
    collaboratorOrganisationIds: withOperators([org('Civic Watch Valdoria'), org('Valdoria Fact Check')]),
    links: [{ kind: 'detection', ref: 'demo-co-link-cluster-1', label: 'Co-link cluster of 38 accounts sharing the SMS screenshot' }],
    observables: [
      { type: 'social-account', value: 'x:@valdoria_vote_info' },
      { type: 'url', value: 'https://vote-sms.example/register' },
    ],
  });
  await applyPlaybook(db, context, sms.id, { playbookId: 'voting-procedure-disinformation' });
  await addTimelineEntry(db, context, {
    caseId: sms.id,
    kind: 'comment',
    body: 'Correction published on the Commission website and social channels in both official languages.',
    tlp: 'green',
    authorOrganisationId: commission,
  });

  // A contingency plan for the demo election, ready to activate on election night.
  await createPlan(db, context, {
    electionId: election.id,
    title: 'Results website defaced on election night',
    scenario: 'The national results website shows figures or messages the Commission did not publish while results come in.',
    incidentType: 'cyber-attack',
    impact: 'high',
    urgency: 'high',
    decisionOwnerOrganisationId: commission,
    triggers: ['Defacement confirmed from two independent networks', 'Published figures differ from the tabulation system'],
    playbookId: 'results-website-defaced',
    // TLP:AMBER: the Commission and the CERT that would help restore the site.
    tlp: 'amber',
    sharedWithOrganisationIds: withOperators([cert]),
  });
  // And one that was exercised in a drill and stood down.
  const ddos = await createPlan(db, context, {
    electionId: election.id,
    title: 'DDoS on results publication',
    scenario: 'A denial-of-service attack makes the results website unreachable on election night.',
    incidentType: 'cyber-attack',
    impact: 'high',
    urgency: 'high',
    decisionOwnerOrganisationId: commission,
    triggers: ['Results site unreachable for 5 minutes from two networks'],
    playbookId: 'ddos-results-publication',
    // TLP:GREEN: the Commission, the CERT and the police who would all act on election night.
    tlp: 'green',
    sharedWithOrganisationIds: withOperators([cert, police]),
  });
  await activatePlan(db, context, ddos.id, { statement: 'Drill: activated for the pre-election exercise, as agreed with the CERT.', tlp: 'green' });
  await deactivatePlan(db, context, ddos.id, { statement: 'Drill over: the exercise ended and lessons were recorded.' });
}
