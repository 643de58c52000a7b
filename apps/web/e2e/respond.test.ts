/**
 * The whole respond flow in the browser: a citizen files a report; a coordinator of the
 * Electoral Commission triages it into a case and applies a playbook; nobody acknowledges the
 * case, the server's (injected) clock passes the SLA and the sweep escalates it up the
 * jurisdiction tree; the case is shared as STIX; a public notice is drafted, approved and
 * published; the citizen's tracking page shows the outcome and the public notices page the
 * notice. axe-core checks R3's pages on the way.
 */
import { addMembership, createJurisdiction, createOrganisation, createSharingCollection, createSharingCommunity, createUser, ensureStarterPlaybooks, sweepEscalations } from '@vigil/db';
import { hashPassword } from '@vigil/server';
import type { TestClock } from '@vigil/test-utils';
import { testClock } from '@vigil/test-utils';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserHarness } from './harness';
import { expectAccessible, logIn, screenshot, skipBrowserTests, startBrowserHarness } from './harness';

const COORDINATOR = { email: 'coordinator@commission.example', password: 'a long coordinator passphrase' };

describe.skipIf(skipBrowserTests)('respond from report to public notice in the browser', () => {
  let harness: BrowserHarness | undefined;
  let browser: Browser | undefined;
  let clock: TestClock;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // The server runs on a clock the test moves, so the SLA can pass in a moment.
    clock = testClock(new Date());
    harness = await startBrowserHarness({ clock });
    ({ browser } = harness);
    const { db } = harness.server.database;
    const context = { actor: { kind: 'system' as const, id: 'test', label: 'test seed' }, now: clock.now() };
    const commission = await createOrganisation(db, context, { name: 'Electoral Commission', type: 'election-authority' });
    const clerk = await createOrganisation(db, context, { name: 'Riverside Clerk', type: 'election-authority' });
    const country = await createJurisdiction(db, context, { level: 'national', name: 'Valdoria', code: 'XV', responsibleOrganisationId: commission.id, contacts: [] });
    const town = await createJurisdiction(db, context, { level: 'local', name: 'Riverside', code: 'XV-RS', parentId: country.id, responsibleOrganisationId: clerk.id, contacts: [] });
    Object.assign(ids, { commission: commission.id, clerk: clerk.id, country: country.id, town: town.id });
    const user = await createUser(db, context, { email: COORDINATOR.email, name: 'Coordinator', passwordHash: await hashPassword(COORDINATOR.password), isAdmin: false });
    await addMembership(db, context, { userId: user.id, organisationId: commission.id, role: 'coordinator' });
    await ensureStarterPlaybooks(db, context);
    const community = await createSharingCommunity(db, context, { name: 'Election partners', description: '', organisationIds: [commission.id, clerk.id] });
    await createSharingCollection(db, context, {
      communityId: community.id,
      title: 'Election incidents',
      description: '',
      publicRead: false,
      defaultTlp: 'amber',
      rights: [
        { organisationId: commission.id, canRead: true, canWrite: true },
        { organisationId: clerk.id, canRead: true, canWrite: false },
      ],
    });
  }, 300_000);

  afterAll(async () => {
    await harness?.close();
  });

  test('report → triage → case with playbook → SLA breach escalates → STIX → notice → tracking page', async () => {
    if (!browser || !harness) throw new Error('set-up failed');
    const { server } = harness;
    const errors: string[] = [];

    // 1. A citizen files a report, without an account.
    const citizenContext = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const citizen = await citizenContext.newPage();
    citizen.on('pageerror', (error) => errors.push(error.message));
    await citizen.goto(`${server.url}/report`);
    await citizen.getByRole('heading', { level: 1, name: 'Report election interference' }).waitFor();
    await citizen.getByLabel('What happened?').selectOption('disinformation');
    await citizen.getByLabel('Short title').fill('Polling stations closing at noon');
    await citizen.getByLabel('Describe what you saw or received').fill('A message on WhatsApp says Riverside polling stations close at noon on election day.');
    // The area is chosen down the jurisdiction tree, one level at a time.
    await citizen.getByLabel('Area', { exact: true }).selectOption({ label: 'Valdoria' });
    await citizen.getByLabel('Area within Valdoria').selectOption(ids['town'] ?? '');
    await citizen.getByLabel('Links').fill('https://social.example/post/42');
    await citizen.getByRole('button', { name: 'Send the report' }).click();
    await citizen.getByRole('heading', { level: 1, name: 'Thank you: your report was received' }).waitFor();
    const code = ((await citizen.getByTestId('tracking-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    // 2. The coordinator triages it (classification, DISARM technique, severity).
    const staffContext = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const staff = await staffContext.newPage();
    staff.on('pageerror', (error) => errors.push(error.message));
    await logIn(staff, `${server.url}/respond/reports`, COORDINATOR);
    await staff.getByRole('heading', { level: 1, name: 'Triage queue' }).waitFor();
    await staff.getByRole('link', { name: 'Polling stations closing at noon' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Polling stations closing at noon' }).waitFor();
    const reportId = new URL(staff.url()).pathname.split('/').pop() ?? '';
    await staff.getByLabel('Status', { exact: true }).selectOption('in-review');
    await staff.getByLabel('Incident type').selectOption('disinformation');
    // DISARM techniques come from the catalogue through the keyboard-friendly picker.
    await staff.getByLabel('Search techniques by id, name or tactic').fill('T0049');
    await staff.getByRole('button', { name: /^Add T0049 / }).click();
    await staff.getByRole('list', { name: 'Chosen techniques' }).getByRole('button', { name: 'Remove T0049' }).waitFor();
    await staff.getByLabel('Impact').selectOption('medium');
    await staff.getByLabel('Urgency').selectOption('high');
    await staff.getByRole('button', { name: 'Save triage' }).click();
    await staff.getByText('Triage saved.').waitFor();

    // 3. A case is opened from the report, owned by the Commission.
    await staff.goto(`${server.url}/respond/cases/new?reports=${reportId}&jurisdiction=${ids['town'] ?? ''}&type=disinformation&title=${encodeURIComponent('Noon-closing rumour in Riverside')}`);
    await staff.getByRole('heading', { level: 1, name: 'New case' }).waitFor();
    await staff.getByLabel('Impact (required)').selectOption('medium');
    await staff.getByLabel('Urgency (required)').selectOption('high');
    await staff.getByLabel(/^Owner organisation/).selectOption({ label: 'Electoral Commission' });
    await staff.getByRole('button', { name: 'Open the case' }).click();
    const caseHeading = staff.getByRole('heading', { level: 1, name: /^CASE-\d{4}-\d{4}: Noon-closing rumour in Riverside$/ });
    await caseHeading.waitFor();
    const caseId = new URL(staff.url()).pathname.split('/').pop() ?? '';

    // 4. A playbook is applied: its tasks appear.
    await staff.getByLabel('Playbook', { exact: true }).selectOption({ index: 1 });
    await staff.getByRole('button', { name: 'Apply', exact: true }).click();
    await staff.getByRole('status').getByText(/^Playbook applied: \d+ tasks added\.$/).waitFor();

    // The citizen's tracking page now says the report is being handled, with no outcome yet.
    await citizen.goto(`${server.url}/report/track/${code}`);
    await citizen.getByTestId('report-outcome').getByText('No outcome has been published yet.').waitFor();

    // 5. Nobody acknowledges it: 4 h later (high severity, normal period) the sweep escalates it
    //    from Riverside to Valdoria (what the sweep job the server queues each minute runs).
    clock.advance(4 * 3_600_000 + 60_000);
    const swept = await sweepEscalations(server.database.db, { actor: { kind: 'system', id: 'escalation-sweep', label: 'escalation sweep' }, now: clock.now() });
    expect(swept).toMatchObject({ breached: 1, escalated: 1 });
    await staff.goto(`${server.url}/respond/escalation?jurisdiction=${ids['country'] ?? ''}`);
    await staff.getByRole('heading', { level: 1, name: 'Escalation board' }).waitFor();
    const row = staff.getByRole('row', { name: /Noon-closing rumour in Riverside/ });
    await row.getByText('escalated in').waitFor();
    // The escalation restarted the clock for Valdoria: 4 h again to acknowledge.
    expect(await row.textContent()).toMatch(/acknowledgement: 4 h 00 min left .*Valdoria \(level 1\)/);
    await expectAccessible(staff, 'the escalation board');
    await screenshot(staff, 'respond-escalation-board');

    // 6. The case's escalation page: the escalation, acknowledgement, sharing as STIX.
    await staff.goto(`${server.url}/respond/cases/${caseId}/escalation`);
    await staff.getByRole('heading', { level: 2, name: 'Escalations' }).waitFor();
    await staff.getByTestId('escalation').getByText('Level 1: Riverside → Valdoria (not acknowledged in time)').waitFor();
    await expectAccessible(staff, 'the case escalation page');
    await staff.getByRole('button', { name: 'Acknowledge the case' }).click();
    await staff.getByRole('status').getByText('Case acknowledged.').waitFor();
    const share = staff.getByRole('form', { name: 'Share as STIX' });
    await share.getByLabel('Collection').selectOption({ label: 'Election incidents' });
    await share.getByLabel('TLP marking').selectOption('green');
    await share.getByRole('button', { name: 'Share' }).click();
    await staff.getByRole('status').getByText(/^Shared \d+ objects\.$/).waitFor();
    const stored = await server.database.db.selectFrom('stixObjects').select(['type', 'tlp']).execute();
    // The incident, the DISARM technique from triage and the incident —uses→ attack-pattern relationship.
    expect(stored.map((o) => o.type).sort()).toEqual(['attack-pattern', 'incident', 'relationship']);
    expect(new Set(stored.map((o) => o.tlp))).toEqual(new Set(['green']));

    // 7. A notice: drafted, approved and published by the Commission's coordinator.
    const draft = staff.getByRole('form', { name: 'Draft a public notice' });
    await draft.getByLabel('Title (required)').fill('Polling stations do not close at noon');
    await draft.getByLabel('Text (required)').fill('Messages claiming Riverside polling stations close at noon are false. Stations are open from 7:00 to 20:00.');
    await draft.getByLabel(/^Outcome shown to reporters/).fill('Confirmed false. A public notice corrects it. Thank you for reporting.');
    await draft.getByRole('button', { name: 'Save the draft' }).click();
    await staff.getByRole('status').getByText('Notice drafted.').waitFor();
    await staff.getByRole('button', { name: 'Approve' }).click();
    await staff.getByRole('status').getByText('Notice approved.').waitFor();
    await staff.getByRole('button', { name: 'Publish' }).click();
    await staff.getByRole('status').getByText('Notice published.').waitFor();
    await staff.getByTestId('notice-status').getByText('published').waitFor();
    await expectAccessible(staff, 'the case escalation page with a published notice');
    await screenshot(staff, 'respond-case-escalation');

    // 8. The citizen's tracking page shows the outcome; the public notices page the notice.
    await citizen.goto(`${server.url}/report/track/${code}`);
    await citizen.getByTestId('report-outcome').getByText('Confirmed false. A public notice corrects it. Thank you for reporting.').waitFor();
    await citizen.goto(`${server.url}/notices`);
    await citizen.getByRole('heading', { level: 1, name: 'Public notices' }).waitFor();
    await citizen.getByRole('heading', { level: 2, name: 'Polling stations do not close at noon' }).waitFor();
    await expectAccessible(citizen, 'the public notices page');

    // The header counts the unread notifications and leads to them; the page lists the
    // escalation for the Commission.
    await staff.goto(`${server.url}/respond`);
    await staff.getByRole('banner').getByRole('link', { name: /^Notifications \(\d+ unread\)$/ }).click();
    await staff.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await staff.getByRole('link', { name: /escalated to Valdoria/ }).waitFor();
    await expectAccessible(staff, 'the notifications page');

    expect(errors).toEqual([]);
    await citizenContext.close();
    await staffContext.close();
  }, 300_000);
});
