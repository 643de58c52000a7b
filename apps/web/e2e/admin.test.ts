/**
 * Browser test of the platform: an administrator logs in, creates an organisation, a
 * jurisdiction and a user, and switches to French. axe-core checks each page on the way
 * (harness.ts: the build, the server and chromium).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserHarness } from './harness';
import { expectAccessible, logIn, screenshot, skipBrowserTests, startBrowserHarness } from './harness';

describe.skipIf(skipBrowserTests)('administration in the browser', () => {
  let harness: BrowserHarness | undefined;
  let server: BrowserHarness['server'] | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    ({ server, browser } = harness);
  }, 300_000);

  afterAll(async () => {
    await harness?.close();
  });

  test('an administrator logs in, creates an organisation, a jurisdiction and a user, and switches to French', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    const context = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    // Login page, in English for an English browser; a wrong password is refused in words.
    await page.goto(server.url);
    await expect.poll(() => page.title()).toBe('Log in — Vigil');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expectAccessible(page, 'the login page');
    await page.getByLabel('E-mail address').fill(server.admin.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').getByText('Wrong e-mail address or password').waitFor();
    await screenshot(page, 'login-error-en');

    // Log in with the keyboard only: type, Enter submits.
    await page.getByLabel('Password').fill('');
    await page.getByLabel('Password').focus();
    await page.keyboard.type(server.admin.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
    await expectAccessible(page, 'the home page');
    await screenshot(page, 'home-en');

    // After login, focus is on the page heading.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    // On a fresh load the skip link is the first stop of the keyboard and leads to the content.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Skip to main content',
    );
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // Navigation shows the foundation pages and the capabilities that have pages, no other.
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of [
      'Home',
      'Jurisdictions',
      'Elections',
      'Organisations',
      'Users',
      'Audit log',
      'API tokens',
      'Account',
    ]) {
      await nav.getByRole('link', { name, exact: true }).waitFor();
    }
    await nav.getByRole('heading', { name: 'Capabilities' }).waitFor();
    for (const name of ['Respond', 'Share', 'Detect']) {
      await nav.getByRole('link', { name, exact: true }).waitFor();
    }
    for (const name of ['Assess', 'Audit', 'Political ads', 'Fact-check', 'Public portal']) {
      expect(await nav.getByRole('link', { name, exact: true }).count()).toBe(0);
    }

    // An organisation.
    await nav.getByRole('link', { name: 'Organisations', exact: true }).click();
    await page.getByRole('link', { name: 'New organisation' }).click();
    await page.getByRole('heading', { level: 1, name: 'New organisation' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await page.getByRole('button', { name: 'Create the organisation' }).click();
    // The server's field error sits next to its field, tied to it.
    const name = page.getByLabel('Name');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'the organisation form with errors');
    await screenshot(page, 'organisation-errors-en');
    await name.fill('Valdoria Electoral Commission');
    await page.getByLabel('Type').selectOption('election-authority');
    await page.getByLabel('Country').fill('VL');
    await page.getByRole('button', { name: 'Create the organisation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Valdoria Electoral Commission' }).waitFor();
    await page
      .getByRole('status')
      .getByText('Organisation “Valdoria Electoral Commission” created.')
      .waitFor();
    expect(await page.title()).toBe('Valdoria Electoral Commission — Vigil');
    await expectAccessible(page, 'the organisation page');
    // Its history: the audit log, filtered on this one record.
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const events = page.getByRole('table', { name: 'Audit-log events, newest first' });
    await events.getByRole('cell', { name: 'organisation.create' }).waitFor();
    expect(await events.locator('tbody tr').count()).toBe(1);

    // A jurisdiction, with the organisation responsible for it.
    await nav.getByRole('link', { name: 'Jurisdictions', exact: true }).click();
    await page.getByRole('link', { name: 'New jurisdiction' }).click();
    await page.getByLabel('Level').selectOption('national');
    await page.getByLabel('Name (required)', { exact: true }).fill('Valdoria');
    await page.getByLabel('ISO 3166 code').fill('VL');
    await page
      .getByLabel('Responsible organisation')
      .selectOption({ label: 'Valdoria Electoral Commission' });
    await page.getByRole('button', { name: 'Add a contact' }).click();
    await page.getByRole('group', { name: 'Contact 1' }).getByLabel('Name').fill('Ana Ruiz');
    await page
      .getByRole('group', { name: 'Contact 1' })
      .getByLabel('E-mail address')
      .fill('ana@example.org');
    await expectAccessible(page, 'the jurisdiction form');
    await page.getByRole('button', { name: 'Create the jurisdiction' }).click();
    await page.getByRole('heading', { level: 1, name: 'Valdoria' }).waitFor();
    const line = page.getByRole('region', { name: 'Line of authority' });
    await line.getByText('Valdoria Electoral Commission').waitFor();
    await line.getByRole('link', { name: 'ana@example.org' }).waitFor();
    await expectAccessible(page, 'the jurisdiction page');
    await screenshot(page, 'jurisdiction-en');
    await nav.getByRole('link', { name: 'Jurisdictions', exact: true }).click();
    await page
      .getByRole('list', { name: 'Tree' })
      .getByRole('link', { name: 'Valdoria' })
      .waitFor();

    // A user with a role in the organisation.
    await nav.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('link', { name: 'New user' }).click();
    await page.getByLabel('E-mail address').fill('officer@example.org');
    await page.getByLabel('Name (required)', { exact: true }).fill('Election Officer');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Add a membership' }).click();
    await page
      .getByLabel('Organisation of membership 1')
      .selectOption({ label: 'Valdoria Electoral Commission' });
    await page.getByLabel('Role of membership 1').selectOption('coordinator');
    await expectAccessible(page, 'the user form');
    await screenshot(page, 'user-new-en');
    await page.getByRole('button', { name: 'Create the user' }).click();
    await page.getByRole('heading', { level: 1, name: 'Election Officer' }).waitFor();
    await page.getByRole('link', { name: 'Valdoria Electoral Commission' }).waitFor();

    // Switch to French: the whole interface, <html lang> and the saved profile follow.
    await page
      .getByRole('group', { name: 'Language' })
      .getByRole('button', { name: 'Français' })
      .click();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('fr');
    const navFr = page.getByRole('navigation', { name: 'Principale' });
    for (const label of [
      'Accueil',
      'Circonscriptions',
      'Élections',
      'Organisations',
      'Utilisateurs',
      'Journal d’audit',
      'Jetons d’API',
    ]) {
      await navFr.getByRole('link', { name: label, exact: true }).waitFor();
    }
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    await page.getByRole('heading', { name: 'Appartenances' }).waitFor();
    await expect
      .poll(() =>
        page.evaluate(
          async () =>
            ((await (await fetch('/api/v1/auth/session')).json()) as { user: { locale: string } })
              .user.locale,
        ),
      )
      .toBe('fr');
    await navFr.getByRole('link', { name: 'Circonscriptions', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Circonscriptions' }).waitFor();
    expect(await page.title()).toBe('Circonscriptions — Vigil');
    await page.getByText('National', { exact: true }).first().waitFor();
    await expectAccessible(page, 'the jurisdiction tree in French');
    await screenshot(page, 'jurisdictions-fr');
    await navFr.getByRole('link', { name: 'Utilisateurs', exact: true }).click();
    await page.getByRole('link', { name: 'Nouvel utilisateur' }).click();
    await page.getByRole('button', { name: 'Créer l’utilisateur' }).click();
    await page.getByRole('alert').getByText('Certaines saisies sont à corriger').waitFor();
    await expectAccessible(page, 'the user form with errors in French');
    await screenshot(page, 'user-errors-fr');

    // The choice survives a reload, and logging out shows the login page in French.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Nouvel utilisateur' }).waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await screenshot(page, 'login-fr');

    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  test('jurisdictions import from CSV, an election with its calendar, an API token and the audit-log chain', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    const context = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await logIn(page, `${server.url}/jurisdictions/import`, server.admin);
    // After login the app opens the page of the address it was given, in the language saved in
    // the profile by the previous test (this browser has never seen French); switch back.
    await page.getByRole('heading', { level: 1, name: 'Importer des circonscriptions' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page
      .getByRole('group', { name: 'Langue' })
      .getByRole('button', { name: 'English' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Import jurisdictions' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });

    // A file with a bad line: every problem listed by line, nothing imported.
    const csv = page.getByLabel('CSV content');
    await csv.fill(
      'path,level,code,responsible_organisation,contact_name,contact_role,contact_email,contact_phone\nAtlantis,national,ATL,,,,,\n',
    );
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page
      .getByRole('alert')
      .getByRole('heading', { name: /problem/ })
      .waitFor();
    await page.getByRole('alert').getByText('Nothing was imported.', { exact: false }).waitFor();
    await expectAccessible(page, 'the import page with errors');
    await screenshot(page, 'import-errors-en');
    await csv.fill(
      [
        'path,level,code,responsible_organisation,contact_name,contact_role,contact_email,contact_phone',
        'Atlantis,national,AT,,Mira Solis,Chair,mira@example.org,',
        'Atlantis > North,regional,AT-NO,,,,,',
        'Atlantis > North > Harbour,local,,,,,,',
        'Atlantis > South,regional,AT-SO,,,,,',
      ].join('\n'),
    );
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').getByText('Import done: 4 created, 0 updated.').waitFor();

    // The tree shows the levels, and a branch folds with its disclosure button.
    await nav.getByRole('link', { name: 'Jurisdictions', exact: true }).click();
    const tree = page.getByRole('list', { name: 'Tree' });
    await tree.getByRole('link', { name: 'Harbour' }).waitFor();
    await expectAccessible(page, 'the jurisdiction tree');
    await screenshot(page, 'jurisdictions-en');
    await tree.getByRole('button', { name: 'Hide what is below North' }).click();
    await tree.getByRole('link', { name: 'Harbour' }).waitFor({ state: 'hidden' });
    await tree.getByRole('button', { name: 'Show what is below North' }).click();
    await tree.getByRole('link', { name: 'Harbour' }).click();
    const line = page.getByRole('region', { name: 'Line of authority' });
    await line.getByRole('link', { name: 'Atlantis' }).waitFor();
    await line.getByText('mira@example.org').waitFor();
    await screenshot(page, 'line-of-authority-en');

    // An election with its calendar and one contest.
    await nav.getByRole('link', { name: 'Elections', exact: true }).click();
    await page.getByRole('link', { name: 'New election' }).click();
    await page
      .getByLabel('Name (required)', { exact: true })
      .fill('Atlantis general election 2027');
    await page
      .getByLabel('Jurisdiction', { exact: false })
      .first()
      .selectOption({ label: 'Atlantis' });
    await page.getByLabel('Registration deadline').fill('2027-04-01');
    await page.getByLabel('Election day').fill('2027-05-09');
    await page.getByLabel('Certification').fill('2027-05-20');
    await page.getByRole('button', { name: 'Add a contest' }).click();
    const contest = page.getByRole('group', { name: 'Contest 1' });
    await contest.getByLabel('Contest', { exact: false }).first().fill('President');
    await contest.getByLabel('Choices').fill('Alice Martin\nBruno Costa\nChloé Diaz');
    await expectAccessible(page, 'the election form');
    await screenshot(page, 'election-new-en');
    await page.getByRole('button', { name: 'Create the election' }).click();
    await page.getByRole('heading', { level: 1, name: 'Atlantis general election 2027' }).waitFor();
    await page.getByRole('row', { name: /Election day/ }).waitFor();
    await page.getByRole('cell', { name: 'Alice Martin, Bruno Costa, Chloé Diaz' }).waitFor();
    await expectAccessible(page, 'the election page');
    await screenshot(page, 'election-en');

    // An API token: the secret is shown once, with a warning.
    await nav.getByRole('link', { name: 'API tokens', exact: true }).click();
    await page.getByLabel('Name (required)', { exact: true }).fill('nightly export');
    await page.getByLabel('Write').check();
    await page.getByRole('button', { name: 'Create the token' }).click();
    await page.getByRole('heading', { name: 'Token “nightly export” created' }).waitFor();
    const secret = await page.getByLabel('Secret').inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await page.getByRole('row', { name: /nightly export/ }).waitFor();
    await expectAccessible(page, 'the token page with a secret');
    await screenshot(page, 'tokens-en');

    // Memberships: give the officer a second role, then take it away.
    await nav.getByRole('link', { name: 'Organisations', exact: true }).click();
    await page.getByRole('link', { name: 'Valdoria Electoral Commission' }).click();
    const members = page.getByRole('table', {
      name: 'Members of Valdoria Electoral Commission and their roles',
    });
    await members.getByRole('row', { name: /Coordinator/ }).waitFor();
    await page
      .getByLabel('User', { exact: false })
      .selectOption({ label: 'Election Officer <officer@example.org>' });
    await page.getByLabel('Role', { exact: false }).selectOption('auditor');
    await page.getByRole('button', { name: 'Add the member' }).click();
    await page.getByRole('status').getByText('Election Officer is now Auditor.').waitFor();
    await members.getByRole('button', { name: 'Remove Election Officer (Auditor)' }).click();
    await page.getByRole('status').getByText('Election Officer is no longer Auditor.').waitFor();
    await expect.poll(() => members.getByRole('row', { name: /Auditor/ }).count()).toBe(0);
    await expectAccessible(page, 'the members of an organisation');
    await screenshot(page, 'members-en');

    // Disable an account and enable it again.
    await nav.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('link', { name: 'Election Officer' }).click();
    await page.getByRole('button', { name: 'Disable the account' }).click();
    await page.getByRole('status').getByText('Account disabled.').waitFor();
    await page.getByRole('button', { name: 'Enable the account' }).click();
    await page.getByRole('status').getByText('Account enabled.').waitFor();

    // The audit log lists what was done and its chain verifies.
    await nav.getByRole('link', { name: 'Audit log', exact: true }).click();
    await page.getByRole('cell', { name: 'election.create' }).first().waitFor();
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page
      .getByText(/^The chain is intact: \d+ events checked\.$/)
      .first()
      .waitFor();
    await page.getByLabel('Action', { exact: false }).first().fill('organisation.create');
    await page.getByRole('button', { name: 'Apply the filters' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'election.create' }).count()).toBe(0);
    await page.getByRole('cell', { name: 'organisation.create' }).first().waitFor();
    await expectAccessible(page, 'the audit log');
    await screenshot(page, 'audit-log-en');

    // The other pages in French, and on a phone-sized screen.
    await page
      .getByRole('group', { name: 'Language' })
      .getByRole('button', { name: 'Français' })
      .click();
    const navFr = page.getByRole('navigation', { name: 'Principale' });
    await navFr.getByRole('link', { name: 'Élections', exact: true }).click();
    await page.getByRole('link', { name: 'Atlantis general election 2027' }).click();
    await page.getByRole('heading', { level: 2, name: 'Calendrier' }).waitFor();
    await page.getByText('Jour du scrutin : 9 mai 2027').waitFor();
    await expectAccessible(page, 'the election page in French');
    await screenshot(page, 'election-fr');
    await navFr.getByRole('link', { name: 'Organisations', exact: true }).click();
    await page.getByRole('table', { name: 'Organisations, par nom' }).waitFor();
    await expectAccessible(page, 'the organisation list in French');
    await screenshot(page, 'organisations-fr');
    await navFr.getByRole('link', { name: 'Compte', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
    await expectAccessible(page, 'the account page in French');
    await screenshot(page, 'account-fr');
    await page.setViewportSize({ width: 390, height: 844 });
    await navFr.getByRole('link', { name: 'Accueil', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Bienvenue/ }).waitFor();
    await expectAccessible(page, 'the home page on a small screen');
    await screenshot(page, 'home-mobile-fr');

    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  test('a coordinator (created by the first test) sees only what their roles allow', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    const context = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await logIn(page, server.url, { email: 'officer@example.org', password: 'a long enough password' });
    await page.getByRole('heading', { level: 1, name: 'Welcome, Election Officer' }).waitFor();
    await page.getByText('Coordinator at Valdoria Electoral Commission').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    const links = await nav.getByRole('link').allTextContents();
    // No administration; the capabilities a coordinator of an election authority works in.
    expect(links).toEqual(['Home', 'Jurisdictions', 'Elections', 'Respond', 'Share', 'Detect', 'API tokens', 'Account']);
    // A coordinator of an election authority keeps the jurisdiction tree.
    await nav.getByRole('link', { name: 'Jurisdictions', exact: true }).click();
    await page.getByRole('link', { name: 'New jurisdiction' }).waitFor();
    // Administration pages answer with a clear refusal, not an empty page.
    await page.goto(`${server.url}/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
    await expectAccessible(page, 'the refusal page');
    await screenshot(page, 'forbidden-en');

    // Changing the password: a wrong current password is tied to its field.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Account', exact: true })
      .click();
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: false }).first().fill('another long password');
    await page.getByLabel('New password again').fill('another long password');
    await page.getByRole('button', { name: 'Change the password' }).click();
    const current = page.getByLabel('Current password');
    await expect.poll(() => current.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await current.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain(
      'The password is wrong.',
    );
    await current.fill('a long enough password');
    await page.getByRole('button', { name: 'Change the password' }).click();
    await page.getByRole('status').getByText('Password changed.', { exact: false }).waitFor();
    await expectAccessible(page, 'the account page');
    await context.close();
  }, 300_000);
});
