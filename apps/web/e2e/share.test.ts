/**
 * Browser test of the sharing hub: an administrator logs in, opens a collection, creates an
 * incident with a DISARM technique at TLP:AMBER, sees it and its relationship graph,
 * validates a broken bundle and sees each failure with its JSON path, imports a bundle,
 * exports the collection, searches it without accents and by word forms, then revokes and
 * deletes the imported object. axe-core checks each
 * page on the way.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserHarness } from './harness';
import { expectAccessible, logIn, screenshot, skipBrowserTests, startBrowserHarness } from './harness';

describe.skipIf(skipBrowserTests)('the sharing hub in the browser', () => {
  let harness: BrowserHarness | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    ({ browser } = harness);
  }, 300_000);

  afterAll(async () => {
    await harness?.close();
  });

  test('an administrator shares an AMBER incident with a DISARM technique, validates, imports and exports bundles', async () => {
    if (!browser || !harness) throw new Error('set-up failed');
    const { server } = harness;
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await logIn(page, server.url, server.admin);
    await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();

    // The hub from the navigation: the default collections, with what the admin may see counted.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Share', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sharing hub' }).waitFor();
    const collections = page.getByRole('table', { name: 'Collections you may read or write' });
    await collections.getByRole('link', { name: 'Election infrastructure threats' }).waitFor();
    await expectAccessible(page, 'the collections page');
    await screenshot(page, 'share-collections');

    // A collection, empty on a fresh installation.
    await collections.getByRole('link', { name: 'Election infrastructure threats' }).click();
    await page.getByRole('heading', { level: 1, name: 'Election infrastructure threats' }).waitFor();
    await page.getByText('No object you may see matches.').waitFor();
    await expectAccessible(page, 'the collection page');
    const collectionUrl = page.url();

    // A new incident at TLP:AMBER with DISARM technique T0003, picked with the keyboard.
    await page.getByRole('link', { name: 'New object' }).click();
    await page.getByRole('heading', { level: 1, name: 'New object' }).waitFor();
    await page.getByLabel('Type of object').selectOption('incident');
    await page.getByLabel('Name (required)', { exact: true }).fill('Defacement of the Riverside results page');
    await page.getByLabel('Description').fill('The page showed invented results for two hours. <b>not bold</b>');
    await page.getByLabel('Search techniques by id, name or tactic').fill('T0003');
    const add = page.getByRole('button', { name: /^Add T0003 / });
    await add.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Remove T0003' }).waitFor();
    await page.getByLabel('TLP:AMBER', { exact: true }).check();
    await page.getByRole('group', { name: 'Recipients' }).waitFor();
    await expectAccessible(page, 'the new-object form');
    await screenshot(page, 'share-new-incident');
    await page.getByRole('button', { name: 'Share' }).click();

    // The incident: its properties as text, its version and its graph with the technique.
    await page.getByRole('heading', { level: 1, name: 'Defacement of the Riverside results page' }).waitFor();
    await page.getByText('Incident · TLP:AMBER', { exact: true }).waitFor();
    await page.getByText('The page showed invented results for two hours. <b>not bold</b>').waitFor();
    expect(await page.locator('main b').count()).toBe(0);
    await page.getByRole('img', { name: 'Relationship graph' }).waitFor();
    const links = page.getByRole('table', { name: 'Links of this object' });
    await links.getByRole('cell', { name: /^uses/ }).waitFor();
    await links.getByRole('link', { name: 'Leverage Existing Narratives' }).waitFor();
    await expectAccessible(page, 'the object page');
    await screenshot(page, 'share-object');

    // Back in the collection, the incident is listed; the TLP filter finds it.
    await page.getByRole('link', { name: 'Back to the collection' }).click();
    const objects = page.getByRole('table', { name: 'Objects, newest first' });
    await objects.getByRole('link', { name: 'Defacement of the Riverside results page' }).waitFor();
    await page.getByLabel('TLP', { exact: true }).selectOption('red');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No object you may see matches.').waitFor();
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await objects.getByRole('link', { name: 'Defacement of the Riverside results page' }).waitFor();

    // A broken bundle: every failure with its JSON path, nothing stored.
    await page.goto(`${server.url}/share/validate`);
    await page.getByRole('heading', { level: 1, name: 'Validate a bundle' }).waitFor();
    const broken = {
      type: 'bundle',
      id: `bundle--${randomUUID()}`,
      objects: [
        { type: 'indicator', spec_version: '2.1', id: `indicator--${randomUUID()}`, created: '2027-01-02T00:00:00.000Z', modified: '2027-01-01T00:00:00.000Z', pattern: "[domain-name:value = 'x.example']", pattern_type: 'stix', valid_from: '2027-01-01T00:00:00.000Z' },
        { type: 'campaign', spec_version: '2.1', id: 'campaign--not-a-uuid', created: '2027-01-01T00:00:00.000Z', modified: '2027-01-01T00:00:00.000Z', name: 'x' },
      ],
    };
    await page.getByRole('textbox', { name: 'Bundle', exact: true }).fill(JSON.stringify(broken, null, 2));
    await page.getByRole('button', { name: 'Validate' }).click();
    const failures = page.getByRole('table', { name: 'Problems, each with its JSON path' });
    await failures.getByRole('rowheader', { name: '/objects/0/modified' }).waitFor();
    await failures.getByRole('rowheader', { name: /^\/objects\/1/ }).first().waitFor();
    await expectAccessible(page, 'the validation result');
    await screenshot(page, 'share-validate');

    // Import a valid bundle into the collection.
    await page.goto(`${collectionUrl}/import`);
    await page.getByRole('heading', { level: 1, name: 'Import a bundle' }).waitFor();
    const good = {
      type: 'bundle',
      id: `bundle--${randomUUID()}`,
      objects: [{ type: 'campaign', spec_version: '2.1', id: `campaign--${randomUUID()}`, created: '2027-01-01T00:00:00.000Z', modified: '2027-01-01T00:00:00.000Z', name: 'Imported polling-station rumours' }],
    };
    await page.getByRole('textbox', { name: 'Bundle', exact: true }).fill(JSON.stringify(good));
    // Marked AMBER on import, for the named recipients (none here: the producer keeps it).
    await page.getByLabel('Mark every object at').selectOption('amber');
    await page.getByRole('group', { name: 'Recipients' }).waitFor();
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('status').getByText('1 object imported.').waitFor();
    await expectAccessible(page, 'the import page');

    // Export: a download of a bundle holding both objects.
    await page.goto(collectionUrl);
    await objects.getByRole('link', { name: 'Imported polling-station rumours' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as a bundle' }).click()]);
    expect(download.suggestedFilename()).toBe('election-infrastructure.stix.json');
    const bundle = JSON.parse(await readFile(await download.path(), 'utf8')) as { type: string; objects: { type: string; name?: string; object_marking_refs?: string[] }[] };
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects.find((object) => object.name === 'Imported polling-station rumours')).toMatchObject({ object_marking_refs: ['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'] });
    expect(bundle.objects.map((object) => object.name)).toEqual(expect.arrayContaining(['Defacement of the Riverside results page', 'Imported polling-station rumours', 'Leverage Existing Narratives']));

    // A TLP:CLEAR bundle to publish: the public DISARM technique only, not the AMBER objects.
    const [clearDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export TLP:CLEAR only' }).click()]);
    expect(clearDownload.suggestedFilename()).toBe('election-infrastructure-tlp-clear.stix.json');
    const clearBundle = JSON.parse(await readFile(await clearDownload.path(), 'utf8')) as { objects: { name?: string; object_marking_refs?: string[] }[] };
    expect(clearBundle.objects.map((object) => object.name)).toContain('Leverage Existing Narratives');
    expect(clearBundle.objects.every((object) => object.object_marking_refs?.includes('marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487'))).toBe(true);

    // Search without accents and by word forms: `showing` finds "showed" (English stem),
    // `RÉSULTS` finds "results"; every word must match, so the campaign is not listed.
    await page.getByLabel('Words in the name or description').fill('showing RÉSULTS');
    await page.getByRole('button', { name: 'Apply' }).click();
    const found = page.getByRole('table', { name: 'Objects, best matches first' });
    await found.getByRole('link', { name: 'Defacement of the Riverside results page' }).waitFor();
    expect(await found.getByRole('link', { name: 'Imported polling-station rumours' }).count()).toBe(0);
    await expectAccessible(page, 'the collection page with a search');
    await page.goto(collectionUrl);

    // Withdraw the imported campaign: revoke it, then delete it, each confirmation naming the object and the collection.
    const name = 'Imported polling-station rumours';
    const where = 'Election infrastructure threats';
    await objects.getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByRole('heading', { level: 3, name: `Revoke “${name}” in the collection “${where}”?` }).waitFor();
    await expectAccessible(page, 'the revoke confirmation');
    await page.getByRole('button', { name: `Revoke “${name}”` }).click();
    await page.getByRole('status').getByText(`“${name}” is revoked in “${where}”.`).waitFor();
    await page.getByText('Its producer revoked this object: do not use it any more.').waitFor();
    const versions = page.getByRole('table', { name: 'Versions you may see' }).locator('tbody tr');
    await versions.nth(1).waitFor();
    expect(await versions.count()).toBe(2);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('heading', { level: 3, name: `Delete “${name}” from the collection “${where}”?` }).waitFor();
    await expectAccessible(page, 'the delete confirmation');
    await screenshot(page, 'share-delete-confirmation');
    await page.getByRole('button', { name: `Delete “${name}” permanently` }).click();
    await page.getByRole('heading', { level: 1, name: where }).waitFor();
    await page.getByRole('status').getByText(`“${name}” was deleted from “${where}”.`).waitFor();
    await objects.getByRole('link', { name: 'Defacement of the Riverside results page' }).waitFor();
    expect(await objects.getByRole('link', { name }).count()).toBe(0);

    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
