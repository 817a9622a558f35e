// 2. axe-core (light + dark), 4. one request, 5. layout + screenshots,
// 7. CSP proof and nothing runs (hostile fixture) — one Chromium for all pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { discoverSites, noSitesMessage, SCREENSHOT_DIR, REPO_DIR, HOSTILE_SITES } from './lib/config.mjs';
import { launchBrowser, freshPage } from './lib/browser.mjs';
import { serveDir } from './lib/server.mjs';
import { runAxe, formatAxeViolations } from './lib/axe.mjs';
import { checkRequests } from './lib/network.mjs';
import { checkLayout } from './lib/layout.mjs';
import { checkSecurity } from './lib/security.mjs';
import { recordFigures } from './lib/results.mjs';

const sites = discoverSites();
const figures = {};
let chrome;
const servers = new Map();

if (!sites.length) {
  test('browser: pages to check exist', () => assert.fail(noSitesMessage()));
} else {
  before(async () => {
    chrome = await launchBrowser();
    for (const s of sites) servers.set(s.name, await serveDir(s.dir));
  });

  after(async () => {
    recordFigures('browser', figures);
    for (const srv of servers.values()) await srv.close();
    await chrome?.close();
  });

  for (const site of sites) {
    const fig = (figures[site.name] = {});

    for (const scheme of ['light', 'dark']) {
      test(`axe: ${site.name} has 0 violations (${scheme})`, async () => {
        const { page, close } = await freshPage(chrome.browser);
        try {
          await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
          await page.goto(servers.get(site.name).url, { waitUntil: 'load' });
          const r = await runAxe(page, scheme);
          fig[`axe_${scheme}`] = r.violations.length;
          assert.equal(r.violations.length, 0,
            `${site.name} (${scheme}): ${r.violations.length} axe violation(s):\n${formatAxeViolations(r.violations)}`);
        } finally {
          await close();
        }
      });
    }

    test(`network: ${site.name} makes exactly 1 request`, async () => {
      const r = await checkRequests(chrome.browser, site.dir);
      fig.requests = r.count;
      fig.server_hits = r.serverHits.length;
      assert.deepEqual(r.problems, [], `${site.name}:\n  ${r.problems.join('\n  ')}`);
    });

    test(`layout: ${site.name} fits 320/375/768/1280 px, h1/figure/footer visible`, async () => {
      const r = await checkLayout(chrome.browser, servers.get(site.name).url, { name: site.name, screenshotDir: SCREENSHOT_DIR });
      fig.overflow = r.problems.filter((p) => p.includes('horizontal')).length;
      if (site.sample && process.env.UPDATE_SCREENSHOT === '1') {
        const shot = r.screenshots.find((f) => f.endsWith('-1280.png'));
        fs.mkdirSync(path.join(REPO_DIR, 'docs'), { recursive: true });
        fs.copyFileSync(shot, path.join(REPO_DIR, 'docs', 'screenshot-1280.png'));
      }
      assert.deepEqual(r.problems, [], `${site.name}:\n  ${r.problems.join('\n  ')}`);
    });

    test(`csp: ${site.name} has a strict CSP that matches its content, and nothing runs`, async (t) => {
      const r = await checkSecurity(chrome.browser, servers.get(site.name).url);
      for (const n of r.notes) t.diagnostic(n);
      fig.csp_problems = r.csp.length;
      fig.script_problems = r.safety.length;
      fig.links_clicked = r.figures.clicked;
      const all = [...r.csp.map((p) => `csp: ${p}`), ...r.safety.map((p) => `runs: ${p}`)];
      assert.deepEqual(all, [], `${site.name}:\n  ${all.join('\n  ')}`);
    });
  }

  const hostile = sites.filter((s) => s.hostile);
  test('csp: the hostile fixture was checked', (t) => {
    if (!hostile.length) t.skip(`no fixture named ${HOSTILE_SITES.join('/')} among ${sites.map((s) => s.name).join(', ')}`);
  });
}
