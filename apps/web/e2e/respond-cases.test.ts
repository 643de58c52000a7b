/**
 * Browser test of respond's cases: an administrator opens a case (the lead agency becomes its
 * owner), applies a starter playbook and sees its tasks, marks one done, adds a RED note for a
 * named organisation and an observable, and reads the playbook library. axe-core checks each
 * page on the way.
 */
import { createElection, createJurisdiction, createOrganisation, createPlan, ensureStarterPlaybooks, findOrganisationByName, findPlan, setLeadAgency } from '@vigil/db';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserHarness } from './harness';
import { expectAccessible, logIn, screenshot, skipBrowserTests, startBrowserHarness } from './harness';

describe.skipIf(skipBrowserTests)('respond cases in the browser', () => {
  let harness: BrowserHarness | undefined;
  let browser: Browser | undefined;
  let electionId = '';
  let operatorsId = '';

  beforeAll(async () => {
    harness = await startBrowserHarness();
    ({ browser } = harness);
    const { db } = harness.server.database;
    const context = { actor: { kind: 'system' as const, id: 'test', label: 'test set-up' }, now: new Date() };
    const cert = await createOrganisation(db, context, { name: 'National CERT', type: 'government-agency' });
    const commission = await createOrganisation(db, context, { name: 'Electoral Commission', type: 'election-authority' });
    const country = await createJurisdiction(db, context, { level: 'national', name: 'Valdoria', code: 'XV', responsibleOrganisationId: commission.id, contacts: [] });
    await setLeadAgency(db, context, { jurisdictionId: null, incidentType: 'cyber-attack', organisationId: cert.id });
    await ensureStarterPlaybooks(db, context);
    // A plan whose decision owner is the administrator's own organisation, so the admin may sign it off.
    const operators = await findOrganisationByName(db, 'Vigil operators');
    if (!operators) throw new Error('no operators organisation');
    const election = await createElection(db, context, { name: 'General election', jurisdictionId: country.id, milestones: [{ kind: 'election-day', date: '2027-05-09' }] });
    electionId = election.id;
    operatorsId = operators.id;
    await createPlan(db, context, {
      electionId: election.id,
      title: 'DDoS on results publication',
      scenario: 'The results website is unreachable on election night.',
      incidentType: 'cyber-attack',
      impact: 'high',
      urgency: 'high',
      decisionOwnerOrganisationId: operators.id,
      triggers: ['Unreachable for five minutes from two networks'],
      playbookId: 'ddos-results-publication',
    });
  }, 300_000);

  afterAll(async () => {
    await harness?.close();
  });

  test('an analyst opens a case, applies a playbook, sees its tasks, marks one done and adds a RED note', async () => {
    if (!browser || !harness) throw new Error('set-up failed');
    const { server } = harness;
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await logIn(page, server.url, server.admin);
    await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();

    // The case list, empty on a fresh installation.
    await page.goto(`${server.url}/respond/cases`);
    await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
    await page.getByText('No case matches.').waitFor();
    await expectAccessible(page, 'the case list');

    // A new case: the form says which lead agency the rules choose.
    await page.getByRole('link', { name: 'New case' }).click();
    await page.getByRole('heading', { level: 1, name: 'New case' }).waitFor();
    await page.getByLabel('Title (required)').fill('Results website defaced');
    await page.getByLabel('Incident type (required)').selectOption('cyber-attack');
    await page.getByLabel('Impact (required)').selectOption('high');
    await page.getByLabel('Urgency (required)').selectOption('high');
    await page.getByText('Severity (impact × urgency): Critical').waitFor();
    await page.getByLabel('Jurisdiction (required)').selectOption({ label: 'Valdoria' });
    await page.getByText('The rules choose: National CERT').waitFor();
    await expectAccessible(page, 'the new-case form');
    await page.getByRole('button', { name: 'Open the case' }).click();

    // The case page: owner from the lead-agency rule, the opening on the timeline.
    const heading = page.getByRole('heading', { level: 1, name: /^CASE-\d{4}-0001: Results website defaced$/ });
    await heading.waitFor();
    await page.getByRole('status').getByText(/Case CASE-\d{4}-0001 opened\./).waitFor();
    const details = page.locator('dl.details');
    expect(await details.textContent()).toContain('National CERT');
    await page.getByText('No tasks yet.').waitFor();
    await expectAccessible(page, 'the case page');
    await screenshot(page, 'respond-case-new');

    // Apply the starter playbook that matches: its six tasks appear with due times.
    await page.getByLabel('Playbook', { exact: true }).selectOption({ label: 'Results website defaced (matches this case)' });
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.getByRole('status').getByText('Playbook applied: 6 tasks added.').waitFor();
    const tasks = page.getByRole('table', { name: 'Tasks of the case' });
    await tasks.getByRole('rowheader', { name: /Confirm the defacement from two independent networks/ }).waitFor();
    expect(await tasks.locator('tbody tr').count()).toBe(6);

    // Mark the first task done with the keyboard.
    const markDone = page.getByRole('button', { name: 'Mark “Confirm the defacement from two independent networks” done' });
    await markDone.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Mark “Confirm the defacement from two independent networks” not done' }).waitFor();

    // A RED note for the Commission only... which must be on the case first.
    const organisationForm = page.getByRole('form', { name: 'Add an organisation' });
    await organisationForm.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Electoral Commission' });
    await organisationForm.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('status').getByText('Organisation added.').waitFor();
    await page.getByLabel('Note (required)', { exact: true }).fill('The intrusion came through the CMS vendor account.');
    await page.getByLabel('TLP of the note (required)').selectOption('red');
    await page.getByRole('group', { name: 'Recipients (AMBER and RED)' }).getByLabel('Electoral Commission').check();
    await page.getByRole('button', { name: 'Add the note' }).click();
    await page.getByRole('status').getByText('Note added.').waitFor();
    const timeline = page.getByRole('table', { name: 'What happened, oldest first' });
    await timeline.getByText('TLP:RED The intrusion came through the CMS vendor account.').waitFor();

    // An observable, normalised by type; a bad one is refused in words.
    const observableForm = page.getByRole('form', { name: 'Add an observable' });
    await observableForm.getByLabel('Type', { exact: true }).selectOption('ipv4');
    await observableForm.getByLabel('Value (required)').fill('300.1.2.3');
    await observableForm.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('alert').getByText(/not an IPv4 address/).waitFor();
    await observableForm.getByLabel('Type', { exact: true }).selectOption('domain');
    await observableForm.getByLabel('Value (required)').fill('Results.Valdoria.Example');
    await observableForm.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('table', { name: 'Observables of the case' }).getByRole('rowheader', { name: 'results.valdoria.example' }).waitFor();
    await expectAccessible(page, 'the case page with tasks, notes and observables');
    await screenshot(page, 'respond-case-worked');

    // The status workflow offers only the allowed moves.
    await page.getByLabel('New status').selectOption('investigating');
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByRole('status').getByText('Status changed to Investigating.').waitFor();

    // Editing the details recomputes the severity (high impact × low urgency = moderate).
    await page.getByText('Edit the details').click();
    const editForm = page.getByRole('form', { name: 'Edit the details' });
    await editForm.getByLabel('Urgency').selectOption('low');
    await editForm.getByRole('button', { name: 'Save the details' }).click();
    await page.getByRole('status').getByText('Details saved.').waitFor();
    // The announcement may come before the reloaded case is drawn: wait for the details.
    await expect.poll(() => page.locator('dl.details').textContent()).toContain('Moderate');
    await expectAccessible(page, 'the case page with the details form open');

    // The playbook library and one playbook with its versions.
    await page.goto(`${server.url}/respond/playbooks`);
    await page.getByRole('heading', { level: 1, name: 'Playbooks' }).waitFor();
    // The heading is drawn before the list arrives: wait for the rows, then count them.
    const playbookRows = page.getByRole('table', { name: 'Playbooks, current versions' }).locator('tbody tr');
    await playbookRows.first().waitFor();
    await expect.poll(() => playbookRows.count()).toBeGreaterThanOrEqual(8);
    await expectAccessible(page, 'the playbook library');
    await page.getByRole('link', { name: 'Deepfake of a candidate on election eve' }).click();
    await page.getByRole('heading', { level: 1, name: 'Deepfake of a candidate on election eve' }).waitFor();
    await page.getByRole('table', { name: 'Every version, newest first' }).waitFor();
    await expectAccessible(page, 'a playbook');

    // Editing the playbook makes version 2; version 1 stays readable.
    await page.getByRole('link', { name: 'Edit (new version)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit playbook' }).waitFor();
    await expectAccessible(page, 'the playbook editor');
    const taskLines = page.getByLabel('Tasks (required)');
    await taskLines.fill(`${await taskLines.inputValue()}\n+5h | Brief the regional returning officers`);
    await page.getByRole('group', { name: 'Message 1' }).getByLabel('Subject (English) (required)').fill('A manipulated video of a candidate is circulating');
    await page.getByLabel('What changed').fill('Regional briefing');
    await page.getByRole('button', { name: 'Save a new version' }).click();
    await page.getByRole('status').getByText('Version 2 saved.').waitFor();
    await page.getByRole('rowheader', { name: 'Brief the regional returning officers' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'A manipulated video of a candidate is circulating' }).waitFor();
    await page.getByRole('link', { name: 'View version 1' }).click();
    await page.getByText('You are reading version 1; the current one is 2.').waitFor();
    expect(await page.getByRole('rowheader', { name: 'Brief the regional returning officers' }).count()).toBe(0);

    // A contingency plan is activated with a signed statement, which opens a case with its tasks.
    await page.goto(`${server.url}/respond/plans`);
    await page.getByRole('heading', { level: 1, name: 'Contingency plans' }).waitFor();
    await expectAccessible(page, 'the contingency plans');
    await page.getByRole('link', { name: 'DDoS on results publication' }).click();
    await page.getByRole('heading', { level: 1, name: 'DDoS on results publication' }).waitFor();
    await page.getByText('Never activated.').waitFor();
    await expectAccessible(page, 'a contingency plan');
    await page.getByLabel('Your sign-off statement (required)').fill('ok');
    await page.getByRole('button', { name: 'Sign off and activate' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Your sign-off statement (required)').fill('Results site down from two networks; I activate the plan.');
    await page.getByRole('button', { name: 'Sign off and activate' }).click();
    await page.getByRole('status').getByText(/Plan activated: case CASE-\d{4}-0002\./).waitFor();
    await page.getByRole('table', { name: 'Every activation, newest first' }).getByText('Results site down from two networks; I activate the plan.').waitFor();
    await page.getByRole('button', { name: 'Sign off and deactivate' }).waitFor();

    // The plan is TLP:AMBER unless marked otherwise; its marking can be changed and shows at once.
    await page.getByTestId('plan-tlp').getByText('TLP:AMBER').waitFor();
    await page.getByLabel('TLP marking').selectOption('green');
    await page.getByLabel('Find an organisation by name or type').fill('electoral');
    await page.getByRole('button', { name: 'Add Electoral Commission' }).click();
    await page.getByRole('button', { name: 'Remove Electoral Commission' }).waitFor();
    await page.getByRole('button', { name: 'Save the marking' }).click();
    await page.getByRole('status').getByText('Marking saved.').waitFor();
    await page.getByTestId('plan-tlp').getByText('TLP:GREEN').waitFor();
    await page.getByText('TLP:GREEN: the decision owner and the organisations it is shared with.').waitFor();
    await expectAccessible(page, 'a contingency plan marked GREEN');
    await page.goto(`${server.url}/respond/plans`);
    await page.getByRole('table', { name: 'Contingency plans' }).getByRole('row', { name: /DDoS on results publication/ }).getByText('TLP:GREEN').waitFor();

    // The SLA policy: a table of phase × severity; a slower election-day time is refused at its cell, then saved.
    await page.goto(`${server.url}/respond/settings/sla`);
    await page.getByRole('heading', { level: 1, name: 'SLA policy' }).waitFor();
    await page.getByTestId('sla-state').getByText('The built-in default policy applies.').waitFor();
    await page.getByRole('table', { name: 'Time to acknowledge (minutes), by severity and phase' }).getByRole('row').nth(4).waitFor();
    expect(await page.getByRole('table', { name: 'Time to acknowledge (minutes), by severity and phase' }).getByRole('row').count()).toBe(5);
    await expectAccessible(page, 'the SLA policy');
    const electionCritical = page.getByLabel('Minutes to acknowledge a Critical case in the election day');
    expect(await electionCritical.inputValue()).toBe('10');
    await electionCritical.fill('20');
    await page.getByRole('button', { name: 'Save the policy' }).click();
    const summary = page.getByRole('alert');
    await summary.getByRole('link', { name: /the election phase may not allow longer than the final-week phase/ }).waitFor();
    await expectAccessible(page, 'the SLA policy with an error');
    await summary.getByRole('link', { name: /the election phase may not allow longer/ }).click();
    expect(await electionCritical.evaluate((element) => element === document.activeElement)).toBe(true);
    await electionCritical.fill('5');
    await page.getByRole('button', { name: 'Save the policy' }).click();
    await page.getByRole('status').getByText('SLA policy saved; the next sweep uses it.').waitFor();
    await page.getByTestId('sla-state').getByText(/^Set by /).waitFor();
    expect(await page.getByLabel('Minutes to acknowledge a Critical case in the election day').inputValue()).toBe('5');

    // The case list shows the case.
    await page.goto(`${server.url}/respond/cases`);
    await page.getByRole('table', { name: 'Cases you may see, newest first' }).getByText('Results website defaced').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  test('a plan is shared with two of many organisations by typing, one removed with the keyboard, saved and still there after a reload', async () => {
    if (!browser || !harness) throw new Error('set-up failed');
    const { server } = harness;
    const { db } = server.database;
    const seed = { actor: { kind: 'system' as const, id: 'test', label: 'test set-up' }, now: new Date() };
    // Many organisations, as in a country with hundreds of observer groups and town offices.
    for (let i = 1; i <= 120; i += 1) await createOrganisation(db, seed, { name: `Observer Mission ${String(i).padStart(3, '0')}`, type: 'civil-society' });
    const police = await createOrganisation(db, seed, { name: 'Valdoria National Police', type: 'government-agency' });
    const ncsc = await createOrganisation(db, seed, { name: 'Valdoria National Cyber Security Centre', type: 'government-agency' });
    const plan = await createPlan(db, seed, {
      electionId,
      title: 'Deepfake of a candidate on election eve',
      scenario: 'A manipulated video of a candidate spreads the night before the vote.',
      incidentType: 'disinformation',
      impact: 'high',
      urgency: 'high',
      decisionOwnerOrganisationId: operatorsId,
      triggers: ['A video of a candidate is reported as manipulated'],
      tasks: [{ key: 'verify', title: 'Verify the video with two forensic tools', description: '', due: '+30m' }],
    });

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await logIn(page, `${server.url}/respond/plans/${plan.id}`, server.admin);
    await page.getByRole('heading', { level: 1, name: 'Deepfake of a candidate on election eve' }).waitFor();
    const search = page.getByLabel('Find an organisation by name or type');
    const count = page.getByTestId('multi-select-count');
    const status = page.getByTestId('multi-select-status');
    await count.getByText('Not shared with any other organisation').waitFor();
    // Hundreds of names are not listed at once: the first few, and how many there are.
    await status.getByText(/^\d+ organisations match; 8 listed\. Type more of the name to narrow the list\.$/).waitFor();

    // Two words in any order find the one match; Enter adds it (and does not submit the form).
    await search.fill('pol nat');
    await status.getByText('1 organisation matches; 1 listed.').waitFor();
    await search.press('Enter');
    await count.getByText('Shared with 1 organisation').waitFor();
    await status.getByText(/^Valdoria National Police added\. Shared with 1 organisation\./).waitFor();
    expect(await search.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await search.inputValue()).toBe('');

    // Several matches: Arrow Down goes to the first ("Cyber" starts a word of its name; the
    // CERT only matches by its type), Enter adds it.
    await search.fill('cyber');
    await page.getByRole('button', { name: 'Add Valdoria National Cyber Security Centre' }).waitFor();
    await search.press('ArrowDown');
    expect(await page.getByRole('button', { name: 'Add Valdoria National Cyber Security Centre' }).evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await count.getByText('Shared with 2 organisations').waitFor();

    // A third by clicking among many, then the police removed with the keyboard.
    // "11" is in 011 and 110 to 119.
    await search.fill('observer mission 11');
    await status.getByText('11 organisations match; 8 listed. Type more of the name to narrow the list.').waitFor();
    await search.fill('observer mission 117');
    await page.getByRole('button', { name: 'Add Observer Mission 117' }).click();
    await count.getByText('Shared with 3 organisations').waitFor();
    await page.getByRole('button', { name: 'Remove Observer Mission 117' }).focus();
    await page.keyboard.press('Enter');
    await count.getByText('Shared with 2 organisations').waitFor();
    await status.getByText(/^Observer Mission 117 removed\. Shared with 2 organisations\./).waitFor();
    await page.getByRole('button', { name: 'Remove Valdoria National Police' }).click();
    await count.getByText('Shared with 1 organisation').waitFor();
    await search.fill('observer mission 042');
    await search.press('Enter');
    await count.getByText('Shared with 2 organisations').waitFor();
    const chosen = page.getByRole('list', { name: 'Shared with 2 organisations' });
    await chosen.getByRole('listitem').nth(1).waitFor();
    expect(await chosen.getByRole('listitem').allTextContents()).toEqual(['Valdoria National Cyber Security Centre×Remove Valdoria National Cyber Security Centre', 'Observer Mission 042×Remove Observer Mission 042']);
    await expectAccessible(page, 'the plan marking form with chosen organisations');
    await screenshot(page, 'respond-plan-sharing-picker');

    await page.getByRole('button', { name: 'Save the marking' }).click();
    await page.getByRole('status').getByText('Marking saved.').waitFor();
    const observer = await findOrganisationByName(db, 'Observer Mission 042');
    const saved = await findPlan(db, plan.id);
    expect(new Set(saved?.sharedWithOrganisationIds)).toEqual(new Set([ncsc.id, observer?.id]));
    expect(saved?.sharedWithOrganisationIds).not.toContain(police.id);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Deepfake of a candidate on election eve' }).waitFor();
    await page.getByTestId('multi-select-count').getByText('Shared with 2 organisations').waitFor();
    await page.getByRole('button', { name: 'Remove Observer Mission 042' }).waitFor();
    await page.getByRole('button', { name: 'Remove Valdoria National Cyber Security Centre' }).waitFor();
    expect(await page.getByRole('button', { name: 'Remove Valdoria National Police' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
