/**
 * Browser test of respond intake and triage: a citizen files a report in French with a photo,
 * without an account, and gets a tracking code; an analyst of the electoral commission finds
 * it in the triage queue and classifies it; the citizen's tracking page then shows the new
 * status and nothing internal. axe-core checks each page on the way.
 */
import { addMembership, createJurisdiction, createOrganisation, createUser } from '@vigil/db';
import { hashPassword } from '@vigil/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserHarness } from './harness';
import { expectAccessible, logIn, screenshot, skipBrowserTests, startBrowserHarness } from './harness';

// A 1×1 PNG (real magic bytes).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const ANALYST = { email: 'analyst@commission.example', password: 'a long analyst passphrase' };

describe.skipIf(skipBrowserTests)('respond intake and triage in the browser', () => {
  let harness: BrowserHarness | undefined;
  let server: BrowserHarness['server'] | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    ({ server, browser } = harness);
    const db = server.database.db;
    const context = { actor: { kind: 'system' as const, id: 'test', label: 'test seed' }, now: new Date() };
    const commission = await createOrganisation(db, context, { name: 'Electoral Commission', type: 'election-authority' });
    const user = await createUser(db, context, { email: ANALYST.email, name: 'Analyst', passwordHash: await hashPassword(ANALYST.password), isAdmin: false });
    await addMembership(db, context, { userId: user.id, organisationId: commission.id, role: 'analyst' });
    const country = await createJurisdiction(db, context, { level: 'national', name: 'Valdoria', code: 'XV', contacts: [] });
    await createJurisdiction(db, context, { level: 'local', name: 'Riverside', parentId: country.id, contacts: [] });
  }, 300_000);

  afterAll(async () => {
    await harness?.close();
  });

  test('a citizen reports in French with a photo; an analyst finds and classifies it; the tracking page follows', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    const errors: string[] = [];

    // The citizen, in French, with no account.
    const citizen = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } })).newPage();
    citizen.on('pageerror', (error) => errors.push(error.message));
    await citizen.goto(`${server.url}/report`);
    await citizen.getByRole('heading', { level: 1, name: 'Signaler une ingérence électorale' }).waitFor();
    expect(await citizen.getAttribute('html', 'lang')).toBe('fr');
    await expectAccessible(citizen, 'the public report form');

    // Sending it empty names every missing field in the error summary.
    await citizen.getByRole('button', { name: 'Envoyer le signalement' }).click();
    const summary = citizen.getByRole('alert');
    await summary.waitFor();
    await expectAccessible(citizen, 'the report form with errors');

    await citizen.getByLabel('Que s’est-il passé ?').selectOption('disinformation');
    await citizen.getByLabel('Titre court').fill('Faux horaires des bureaux de vote');
    await citizen.getByLabel('Décrivez ce que vous avez vu ou reçu').fill('Un message sur WhatsApp affirme que les bureaux de vote de Riverside fermeront à midi. <script>alert(1)</script>');
    await citizen.getByLabel('Zone', { exact: true }).selectOption({ label: 'Valdoria' });
    await citizen.getByLabel('Zone dans Valdoria').selectOption({ label: 'Riverside' });
    // A map point with one coordinate only is refused here, before sending, in the error summary.
    await citizen.getByLabel('Latitude').fill('48,8582');
    await citizen.getByRole('button', { name: 'Envoyer le signalement' }).click();
    await citizen.getByRole('alert').getByRole('link', { name: 'Indiquez aussi la longitude, ou retirez la latitude.' }).waitFor();
    await expectAccessible(citizen, 'the report form with a half map point');
    await citizen.getByLabel('Longitude').fill(`2°17'40"E`);
    await citizen.getByTestId('point-reading').getByText('Point : 48.8582° N, 2.294444° E.').waitFor();
    await citizen.getByLabel('Liens').fill('https://social.example/post/42');
    await citizen.getByLabel('Photos ou documents').setInputFiles({ name: 'capture.png', mimeType: 'image/png', buffer: PNG });
    await citizen.getByLabel('Courriel').fill('citoyenne@example.org');
    await citizen.getByRole('button', { name: 'Envoyer le signalement' }).click();
    await citizen.getByRole('heading', { level: 1, name: 'Merci : votre signalement a été reçu' }).waitFor();
    const code = (await citizen.getByTestId('tracking-code').textContent()) ?? '';
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expectAccessible(citizen, 'the thank-you page');
    await screenshot(citizen, 'respond-intake-code-fr');

    await citizen.getByRole('link', { name: 'Suivre ce signalement' }).click();
    await citizen.getByTestId('report-status').getByText('Reçu, en attente d’examen').waitFor();
    await expectAccessible(citizen, 'the tracking page');

    // The analyst, in English.
    const analyst = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } })).newPage();
    analyst.on('pageerror', (error) => errors.push(error.message));
    await logIn(analyst, `${server.url}/respond/reports`, ANALYST);
    await analyst.getByRole('heading', { level: 1, name: 'Triage queue' }).waitFor();
    await analyst.getByRole('link', { name: 'Faux horaires des bureaux de vote' }).waitFor();
    await expectAccessible(analyst, 'the triage queue');
    await analyst.getByRole('link', { name: 'Faux horaires des bureaux de vote' }).click();
    await analyst.getByRole('heading', { level: 1, name: 'Faux horaires des bureaux de vote' }).waitFor();
    // Submitted text is shown as text: the script tag is visible, not run.
    expect(await analyst.getByTestId('report-description').textContent()).toContain('<script>alert(1)</script>');
    await analyst.getByRole('link', { name: 'capture.png' }).waitFor();
    await analyst.getByText('citoyenne@example.org').waitFor();
    await analyst.getByText('48.8582, 2.294444').waitFor();
    await expectAccessible(analyst, 'the report page');

    await analyst.getByLabel('Status', { exact: true }).selectOption('in-review');
    await analyst.getByLabel('Incident type').selectOption('disinformation');
    await analyst.getByLabel('Search techniques by id, name or tactic').fill('T0049');
    await analyst.getByRole('button', { name: /^Add T0049 / }).click();
    await analyst.getByRole('list', { name: 'Chosen techniques' }).getByRole('button', { name: 'Remove T0049' }).waitFor();
    await analyst.getByLabel('Impact').selectOption('high');
    await analyst.getByLabel('Urgency').selectOption('high');
    await analyst.getByTestId('severity').getByText('Critical').waitFor();
    await analyst.getByLabel('Verification status').selectOption('in-progress');
    await analyst.getByLabel('Confidence (0–100)').fill('70');
    await analyst.getByRole('button', { name: 'Save triage' }).click();
    await analyst.getByText('Triage saved.').waitFor();
    await analyst.getByTestId('report-status').getByText('In review').waitFor();
    await expectAccessible(analyst, 'the report page after triage');
    await screenshot(analyst, 'respond-report-triaged');

    // The citizen's page shows the new status, and nothing of the classification.
    await citizen.reload();
    await citizen.getByTestId('report-status').getByText('En cours d’examen').waitFor();
    const text = (await citizen.textContent('main')) ?? '';
    expect(text).not.toMatch(/T0049|citoyenne|Critical|Critique/);
    expect(errors).toEqual([]);
  }, 180_000);

  test("the map point comes from the device's location or from a pasted map link, and the submitted reports carry it", async () => {
    if (!browser || !server) throw new Error('set-up failed');
    const db = server.database.db;
    const errors: string[] = [];
    const fillReport = async (page: Page, title: string) => {
      await page.getByLabel('What happened?').selectOption('disinformation');
      await page.getByLabel('Short title').fill(title);
      await page.getByLabel('Describe what you saw or received').fill('Leaflets say polling stations moved to the town hall.');
    };
    const send = async (page: Page) => {
      await page.getByRole('button', { name: 'Send the report' }).click();
      await page.getByRole('heading', { level: 1, name: 'Thank you: your report was received' }).waitFor();
      return (await page.getByTestId('tracking-code').textContent()) ?? '';
    };
    const stored = (trackingCode: string) =>
      db.selectFrom('respondReports').select(['title', 'latitude', 'longitude']).where('trackingCode', '=', trackingCode).executeTakeFirstOrThrow();

    // A phone that knows where it is: the site is allowed the location, and the device gives a fix.
    const located = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 390, height: 844 },
      permissions: ['geolocation'],
      geolocation: { latitude: 51.5073509, longitude: -0.1277583, accuracy: 12 },
    });
    const phone = await located.newPage();
    phone.on('pageerror', (error) => errors.push(error.message));
    await phone.goto(`${server.url}/report`);
    await phone.getByRole('heading', { level: 1, name: 'Report election interference' }).waitFor();
    await fillReport(phone, 'Leaflet at the bus stop');
    await phone.getByRole('button', { name: "Use my device's location" }).click();
    const phoneReading = phone.getByTestId('point-reading');
    await phoneReading.getByText('Location taken from your device (within about 12 m). Map point: 51.507351° N, 0.127758° W.').waitFor();
    expect(await phone.getByLabel('Latitude').inputValue()).toBe('51.507351');
    expect(await phone.getByLabel('Longitude').inputValue()).toBe('-0.127758');
    await expectAccessible(phone, 'the report form with a point from the device');
    const phoneCode = await send(phone);

    // A laptop: an OpenStreetMap link pasted into the longitude field fills both fields (a geo:
    // URI pasted before it is replaced). The paste goes through the real clipboard.
    const laptop = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    const desk = await laptop.newPage();
    desk.on('pageerror', (error) => errors.push(error.message));
    await desk.goto(`${server.url}/report`);
    await desk.getByRole('heading', { level: 1, name: 'Report election interference' }).waitFor();
    await fillReport(desk, 'Leaflet in the harbour');
    const paste = async (field: 'Latitude' | 'Longitude', text: string) => {
      await desk.evaluate((value) => navigator.clipboard.writeText(value), text);
      await desk.getByLabel(field).focus();
      await desk.keyboard.press('ControlOrMeta+V');
    };
    const deskReading = desk.getByTestId('point-reading');
    await paste('Latitude', 'geo:48.8582,2.2945;u=35');
    await deskReading.getByText('Both coordinates read from what you pasted. Map point: 48.8582° N, 2.2945° E.').waitFor();
    await paste('Longitude', 'https://www.openstreetmap.org/#map=17/-33.85678/151.21530');
    await deskReading.getByText('Both coordinates read from what you pasted. Map point: 33.85678° S, 151.2153° E.').waitFor();
    expect(await desk.getByLabel('Latitude').inputValue()).toBe('-33.85678');
    expect(await desk.getByLabel('Longitude').inputValue()).toBe('151.2153');
    await expectAccessible(desk, 'the report form with a pasted map link');
    const deskCode = await send(desk);

    // What the server stored, and what the analyst reads on the report pages.
    expect(await stored(phoneCode)).toEqual({ title: 'Leaflet at the bus stop', latitude: 51.507351, longitude: -0.127758 });
    expect(await stored(deskCode)).toEqual({ title: 'Leaflet in the harbour', latitude: -33.85678, longitude: 151.2153 });
    const analyst = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } })).newPage();
    analyst.on('pageerror', (error) => errors.push(error.message));
    await logIn(analyst, `${server.url}/respond/reports`, ANALYST);
    await analyst.getByRole('link', { name: 'Leaflet at the bus stop' }).click();
    await analyst.getByRole('heading', { level: 1, name: 'Leaflet at the bus stop' }).waitFor();
    await analyst.getByText('51.507351, -0.127758').waitFor();
    await analyst.goBack();
    await analyst.getByRole('link', { name: 'Leaflet in the harbour' }).click();
    await analyst.getByRole('heading', { level: 1, name: 'Leaflet in the harbour' }).waitFor();
    await analyst.getByText('-33.85678, 151.2153').waitFor();
    expect(errors).toEqual([]);
    await Promise.all([located.close(), laptop.close()]);
  }, 180_000);
});
