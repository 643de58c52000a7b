/**
 * Browser test of coordination detection: an analyst uploads a small CooRTweet CSV (two
 * planted co-repost groups of five accounts), sees a wrong format refused with its line,
 * runs detection, watches the progress finish, opens a community, sees the network drawn by
 * sigma.js in a canvas and the same edges as a table, and reads one edge's evidence. Then a
 * longer run (the synthetic generator's ~50,000 posts) is cancelled from its page. axe-core
 * checks each page.
 */
import { coortweetSample, writeSyntheticDataset } from '@vigil/coordination';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserHarness } from './harness';
import { CHROMIUM, expectAccessible, logIn, screenshot, skipBrowserTests, startBrowserHarness } from './harness';

describe.skipIf(skipBrowserTests)('coordination detection in the browser', () => {
  let harness: BrowserHarness | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    // sigma.js draws with WebGL: this browser gets a software renderer (SwiftShader).
    browser = await chromium.launch({
      headless: true,
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  test('upload, run, progress, community network and edge evidence', async () => {
    if (!browser || !harness) throw new Error('set-up failed');
    const { server } = harness;
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await logIn(page, server.url, server.admin);
    await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Detect', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Coordination detection' }).waitFor();
    await page.getByText('No dataset yet.').waitFor();
    await expectAccessible(page, 'the detection page');

    // A file of another format is refused at once, naming the line and the columns.
    await page.getByLabel('File').setInputFiles({ name: 'posts.csv', mimeType: 'text/csv', buffer: Buffer.from('user,created_at,body\nu1,2024-01-01,hello\n') });
    await page.getByLabel('Format').selectOption('coortweet');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('alert').getByText(/line 1: missing columns "account_id", "timestamp_share"/).waitFor();
    await expectAccessible(page, 'the upload error');
    await screenshot(page, 'detect-upload-error');

    const sample = coortweetSample({ seed: 7 });
    await page.getByLabel('File').setInputFiles({ name: 'retweets.csv', mimeType: 'text/csv', buffer: Buffer.from(sample.csv) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('heading', { level: 1, name: 'retweets.csv' }).waitFor();
    await page.getByText('object_id, account_id, content_id, timestamp_share', { exact: true }).waitFor();
    await expectAccessible(page, 'the dataset page');

    await page.getByLabel('Coordination window (seconds)').fill('60');
    await page.getByRole('button', { name: 'Start the run' }).click();
    await page.getByRole('heading', { level: 1, name: 'Detection run on retweets.csv' }).waitFor();
    // The page polls the job: waiting or running with a progress bar, then finished.
    await page.getByRole('status').getByText('Finished').waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'Communities' }).waitFor();
    await expectAccessible(page, 'the run page');
    await screenshot(page, 'detect-run');
    const rows = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Behaviours' }) }).locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    await page.getByRole('link', { name: 'summary.json' }).waitFor();

    await rows.first().getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /^Community \d+$/ }).waitFor();
    await page.getByText('5 accounts linked by 10 significant pairs (co-repost).').waitFor();
    // sigma.js draws into canvases inside the labelled figure.
    const figure = page.getByRole('img', { name: /^Network of 5 accounts and 10 links/ });
    await figure.locator('canvas').first().waitFor();
    expect(await figure.locator('canvas').count()).toBeGreaterThan(0);
    expect(await page.getByText('cannot draw the network').count()).toBe(0);
    const pairs = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Evidence' }) }).locator('tbody tr');
    await pairs.first().waitFor();
    expect(await pairs.count()).toBe(10);
    await expectAccessible(page, 'the community page');
    await screenshot(page, 'detect-community');

    await pairs.first().getByRole('link', { name: /^Evidence of / }).click();
    await page.getByRole('heading', { level: 1, name: /^Evidence: / }).waitFor();
    const evidence = page.getByRole('table').locator('tbody tr');
    await evidence.first().getByRole('rowheader', { name: 'co-repost' }).waitFor();
    // Each planted episode: one object both accounts reposted within 20 s.
    expect(await evidence.count()).toBe(6);
    await expectAccessible(page, 'the evidence page');
    await screenshot(page, 'detect-evidence');

    // A community opens a case in respond, linked to the run, with its accounts as observables.
    const { csrfToken } = (await (await page.request.get(`${server.url}/api/v1/auth/session`)).json()) as { csrfToken: string };
    const created = await page.request.post(`${server.url}/api/v1/jurisdictions`, {
      headers: { 'x-csrf-token': csrfToken },
      data: { level: 'national', name: 'Republic of Testland', code: 'XT', contacts: [] },
    });
    expect(created.status()).toBe(201);
    await page.goBack();
    await page.getByRole('heading', { level: 2, name: 'Open a case in respond' }).waitFor();
    await page.getByLabel('Jurisdiction').selectOption({ label: 'Republic of Testland' });
    // Testland names no responsible organisation: without an owner, respond refuses the case.
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.getByRole('alert').getByText(/choose an owner/).waitFor();
    const { items: organisations } = (await (await page.request.get(`${server.url}/api/v1/organisations?limit=10`)).json()) as { items: { id: string; name: string }[] };
    await page.getByLabel('Owner').selectOption({ label: organisations[0]?.name ?? '' });
    await expectAccessible(page, 'the community page with the case form');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.waitForURL(/\/respond\/cases\/[^/]+$/, { timeout: 15_000 }).catch(async (error: unknown) => {
      throw new Error(`no case was opened: ${(await page.locator('.error-summary').allInnerTexts()).join(' | ')} (${String(error)})`);
    });
    const reference = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const opened = (await (await page.request.get(`${server.url}/api/v1/cases/${encodeURIComponent(reference)}`)).json()) as {
      case: { title: string };
      links: { kind: string; ref: string }[];
      observables: { type: string; value: string }[];
    };
    expect(opened.case.title).toMatch(/^Coordinated community \d+ in retweets\.csv$/);
    expect(opened.links).toEqual([expect.objectContaining({ kind: 'detection', ref: expect.stringMatching(/^detect-run\/[0-9a-f-]{36}\/community\/\d+$/) as unknown })]);
    expect(opened.observables.filter((observable) => observable.type === 'social-account' && observable.value.startsWith('x:g')).length).toBe(5);

    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  test('a running run is cancelled from its page, after a confirmation', async () => {
    if (!browser || !harness) throw new Error('set-up failed');
    const { server } = harness;
    const scratch = mkdtempSync(join(tmpdir(), 'vigil-e2e-detect-'));
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      const file = join(scratch, 'synthetic-posts.csv');
      writeSyntheticDataset(file, { seed: 3 });
      await logIn(page, server.url, server.admin);
      await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Detect', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Coordination detection' }).waitFor();
      await page.getByLabel('File').setInputFiles(file);
      await page.getByLabel('Format').selectOption('generic');
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.getByRole('heading', { level: 1, name: 'synthetic-posts.csv' }).waitFor();
      await page.getByRole('button', { name: 'Start the run' }).click();
      await page.getByRole('heading', { level: 1, name: 'Detection run on synthetic-posts.csv' }).waitFor();

      const cancel = page.getByRole('button', { name: 'Cancel the run' });
      await cancel.waitFor();
      // Dismissing the confirmation keeps the run going; accepting cancels it.
      page.once('dialog', (dialog) => void dialog.dismiss());
      await cancel.click();
      expect(await page.getByRole('status').getByText('Cancelled', { exact: true }).count()).toBe(0);
      page.once('dialog', (dialog) => void dialog.accept());
      await cancel.click();
      await page.getByRole('status').getByText('Cancelled', { exact: true }).waitFor();
      await page.getByText('This run was cancelled; nothing it had computed was kept.').waitFor();
      expect(await page.getByRole('button', { name: 'Cancel the run' }).count()).toBe(0);
      await expectAccessible(page, 'the cancelled run page');
      await screenshot(page, 'detect-run-cancelled');

      // The runs list shows it as cancelled.
      await page.getByRole('link', { name: 'Coordination detection' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Coordination detection' }).waitFor();
      const row = page.getByRole('row').filter({ hasText: 'synthetic-posts.csv' }).filter({ hasText: 'Cancelled' });
      await row.first().waitFor();
      expect(await row.count()).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 240_000);
});
