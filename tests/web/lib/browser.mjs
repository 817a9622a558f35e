// One headless Chromium (Debian's /usr/bin/chromium) driven by puppeteer-core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { CHROME_PATH, CHROME_FLAGS } from './config.mjs';

/**
 * Launch Chromium with a fresh profile directory.
 * `debugPort: true` makes it listen on a free TCP port (for Lighthouse) instead of a pipe.
 * Returns {browser, port, close()}.
 */
export async function launchBrowser({ debugPort = false } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadside-chromium-'));
  // puppeteer turns headless:true into --headless=new (the same mode as --headless
  // in current Chromium) and adds --hide-scrollbars; the other flags are ours.
  const browser = await puppeteer.launch({
    executablePath: CHROME_PATH,
    headless: true,
    userDataDir,
    pipe: !debugPort,
    args: [
      ...CHROME_FLAGS.filter((f) => f !== '--headless'),
      ...(debugPort ? ['--remote-debugging-port=0'] : []),
    ],
    defaultViewport: { width: 1280, height: 800 },
    protocolTimeout: 120_000,
  });
  const port = debugPort ? Number(new URL(browser.wsEndpoint()).port) : undefined;
  return {
    browser,
    port,
    async close() {
      await browser.close().catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

const DIALOGS = new WeakMap();

/** A new page in its own browser context (no shared cache or storage). */
export async function freshPage(browser) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  // An open alert() stops the load event, so every page dismisses dialogs (and notes them).
  const dialogs = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  DIALOGS.set(page, dialogs);
  return { page, context, async close() { await context.close().catch(() => {}); } };
}

/**
 * Attach recorders to a page before navigation: every request (data: ones apart),
 * console message, page error, dialog (dismissed, see freshPage) and CSP violation.
 */
export async function recordPage(page) {
  const rec = { requests: [], dataRequests: 0, console: [], errors: [], dialogs: DIALOGS.get(page) ?? [], failed: [] };
  page.on('request', (req) => {
    if (req.url().startsWith('data:')) rec.dataRequests += 1;
    else rec.requests.push(req.url());
  });
  page.on('requestfailed', (req) => {
    if (!req.url().startsWith('data:')) rec.failed.push(`${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('console', (msg) => rec.console.push(`${msg.type()}: ${msg.text()}`));
  page.on('pageerror', (err) => rec.errors.push(String(err?.message ?? err)));
  if (!DIALOGS.has(page)) {
    page.on('dialog', async (dialog) => {
      rec.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      await dialog.dismiss().catch(() => {});
    });
  }
  // Runs before any page content, whatever the page's CSP says.
  await page.evaluateOnNewDocument(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
  return rec;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
