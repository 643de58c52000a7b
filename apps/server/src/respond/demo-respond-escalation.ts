/**
 * The demo country's escalation and publishing: the Riverside defacement case escalated to
 * the Northern Province on its severity; on the "vote by SMS" case, the citizens' reports of
 * the noon-closing rumour linked to it, a public notice published (so their tracking pages
 * show the outcome) and a request to a demo platform, acknowledged.
 */
import type { Executor, MutationContext } from '@vigil/db';
import { answerPlatformRequest, createOrganisation, createPlatformRequest, draftNotice, escalateCase, linkReportsToCase, moveNotice } from '@vigil/db';

/** The demo platform organisation this loader adds. */
export const DEMO_PLATFORM = 'Chirper (demo platform)';

/** Loads the demo's escalation, notice and platform request, given the demo organisations by name → id. */
export async function loadDemoRespondEscalation(db: Executor, context: MutationContext, organisations: Readonly<Record<string, string>>): Promise<void> {
  const caseId = async (title: string): Promise<string> => {
    const row = await db.selectFrom('respondCases').select('id').where('title', '=', title).executeTakeFirst();
    if (!row) throw new Error(`no demo case ${title}`);
    return row.id;
  };
  const defaced = await caseId('Riverside results preview site shows altered turnout figures');
  const sms = await caseId('Text messages tell Northern Province voters they can vote by SMS');

  const escalated = await escalateCase(db, context, { caseId: defaced, reason: 'severity', note: 'Critical during the campaign: the province takes the lead with the CERT.' });
  if (escalated.type !== 'escalated') throw new Error(`demo escalation failed: ${escalated.type}`);

  // The citizens' reports of the noon-closing rumour belong with the voting-procedure case.
  const rumours = await db.selectFrom('respondReports').select('id').where('title', 'in', ['Polling stations "closing at noon"', 'WhatsApp message about noon closing']).execute();
  if (rumours.length > 0) await linkReportsToCase(db, context, { reportIds: rumours.map((r) => r.id), caseId: sms });
  const notice = await draftNotice(db, context, {
    caseId: sms,
    title: 'You cannot vote by text message, and polling stations do not close at noon',
    body: 'Messages circulating in the Northern Province claim that voters can vote by replying to a text message, or that polling stations close at noon. Both are false. Vote in person at your polling station, open from 7:00 to 20:00 on election day.',
    publicOutcome: 'Confirmed false. The Electoral Commission published a correction and platforms were asked to label the messages. Thank you for reporting.',
  });
  await moveNotice(db, context, { id: notice.id, to: 'approved' });
  await moveNotice(db, context, { id: notice.id, to: 'published' });

  const platform = organisations[DEMO_PLATFORM] ?? (await createOrganisation(db, context, { name: DEMO_PLATFORM, type: 'platform', country: null })).id;
  const request = await createPlatformRequest(db, context, {
    caseId: sms,
    platformOrganisationId: platform,
    kind: 'label',
    targets: ['x:@valdoria_vote_info', 'https://vote-sms.example/register'],
    justification: 'The account spreads the false claim that voters can vote by SMS; please label the posts with the Commission’s correction.',
    dueAt: new Date(context.now.getTime() + 24 * 3_600_000).toISOString(),
    requestedByOrganisationId: organisations['Valdoria Electoral Commission'] ?? null,
  });
  await answerPlatformRequest(db, context, { id: request.id, status: 'acknowledged', note: 'Received; our election integrity team is reviewing the account.' });
}
