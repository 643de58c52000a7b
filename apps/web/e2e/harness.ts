/**
 * What every browser test shares: build the web app with Vite, start the real server
 * in-process over a fresh embedded database, drive Debian's chromium through playwright-core,
 * and check pages with axe-core.
 *
 * Without chromium the tests are skipped with a message, except under CI (`CI` set), where a
 * missing browser is a failure. Set VIGIL_E2E_SCREENSHOTS=<dir> to keep screenshots.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { TestServer } from '@vigil/test-utils';
import { startTestServer } from '@vigil/test-utils';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const underCi = Boolean(process.env['CI']);

/** Whether browser tests are skipped here (no chromium, not under CI). */
export const skipBrowserTests = !hasChromium && !underCi;
if (skipBrowserTests) {
  console.warn(
    `Skipping the browser tests: ${CHROMIUM} is missing. Install it with "apt-get install -y chromium" (under CI a missing chromium fails the test).`,
  );
}

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const screenshotDir = process.env['VIGIL_E2E_SCREENSHOTS'];

/** Fails with the list of axe-core violations of the page as it is now. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const violations = results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'unknown'}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
  expect(violations, `accessibility violations on ${where}`).toEqual([]);
}

/** Keeps a full-page screenshot when VIGIL_E2E_SCREENSHOTS is set. */
/**
 * Opens `url` (any page: the app shows the login form first) and logs in with the English
 * form. The caller waits for the page it expects after login.
 */
export async function logIn(page: Page, url: string, account: { readonly email: string; readonly password: string }): Promise<void> {
  await page.goto(url);
  await page.getByLabel('E-mail address').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  if (!screenshotDir) return;
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** A built UI served by a real server, and a browser to drive it. */
export interface BrowserHarness {
  readonly server: TestServer;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Builds the UI, starts the server (options as `startTestServer`) and launches chromium. */
export async function startBrowserHarness(options: Omit<Parameters<typeof startTestServer>[0] & object, 'webRoot'> = {}): Promise<BrowserHarness> {
  if (!hasChromium) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium package`);
  const outDir = await mkdtemp(join(tmpdir(), 'vigil-web-'));
  if (screenshotDir) await mkdir(screenshotDir, { recursive: true });
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      root: webDir,
      configFile: join(webDir, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
  } finally {
    process.env['NODE_ENV'] = nodeEnv;
  }
  const server = await startTestServer({ ...options, webRoot: outDir });
  const browser = await chromium.launch({
    headless: true,
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
