// Self-test: the checks must find the faults in broken/index.html (and in two
// variants of the reference page made here), and must pass the reference page
// that reference/make.mjs writes (into a temporary folder, not committed).
// This proves the checks have teeth and that they don't fail a correct page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WEB_DIR } from './lib/config.mjs';
import { launchBrowser, freshPage } from './lib/browser.mjs';
import { serveDir } from './lib/server.mjs';
import { runVnu, messageKind } from './lib/vnu.mjs';
import { runAxe } from './lib/axe.mjs';
import { checkRequests } from './lib/network.mjs';
import { checkLayout } from './lib/layout.mjs';
import { checkSecurity } from './lib/security.mjs';
import { testStructuredData } from './lib/structured-data.mjs';
import { runLighthouse, judgeLighthouse } from './lib/lighthouse.mjs';

const BROKEN = path.join(WEB_DIR, 'broken');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'broadside-selftest-'));
const REFERENCE = path.join(tmp, 'reference');
// Reference page whose <style> no longer matches the hash in its CSP.
const BADHASH = path.join(tmp, 'badhash');
// Reference page with the hostile story body pasted in raw: the CSP blocks it,
// but the check must still notice that it got into the page.
const RAWHOSTILE = path.join(tmp, 'rawhostile');

let chrome;
const servers = {};

before(async () => {
  execFileSync(process.execPath, [path.join(WEB_DIR, 'reference', 'make.mjs'), REFERENCE], { stdio: 'ignore' });
  const ref = fs.readFileSync(path.join(REFERENCE, 'index.html'), 'utf8');
  fs.mkdirSync(BADHASH);
  fs.writeFileSync(path.join(BADHASH, 'index.html'), ref.replace('<style>:root{', '<style>:root{--x:1;'));
  fs.mkdirSync(RAWHOSTILE);
  fs.writeFileSync(path.join(RAWHOSTILE, 'index.html'), ref.replace('<p>Buses return',
    '<script>alert(1)</script><img src=x onerror=alert(2)><p><a href="javascript:alert(3)">link</a></p><p>Buses return'));
  chrome = await launchBrowser();
  for (const [k, dir] of Object.entries({ broken: BROKEN, reference: REFERENCE, badhash: BADHASH, rawhostile: RAWHOSTILE })) {
    servers[k] = await serveDir(dir);
  }
});

after(async () => {
  for (const s of Object.values(servers)) await s.close();
  await chrome?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('selftest vnu: finds errors in broken, none in reference', async (t) => {
  const r = await runVnu([path.join(BROKEN, 'index.html'), path.join(REFERENCE, 'index.html')]);
  const broken = r.get(path.join(BROKEN, 'index.html')).messages;
  const kinds = broken.map(messageKind);
  t.diagnostic(`broken: ${broken.length} messages (${kinds.filter((k) => k === 'error').length} errors)`);
  assert.ok(kinds.filter((k) => k === 'error').length >= 3, `expected several errors, got: ${broken.map((m) => m.message).join(' | ')}`);
  assert.ok(broken.some((m) => /title/.test(m.message)), 'missing <title> not reported');
  const ref = r.get(path.join(REFERENCE, 'index.html')).messages;
  assert.deepEqual(ref.map((m) => m.message), []);
});

test('selftest axe: finds contrast, tap-target, lang and title problems in broken, none in reference', async () => {
  for (const scheme of ['light', 'dark']) {
    const { page, close } = await freshPage(chrome.browser);
    try {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await page.goto(servers.broken.url);
      const ids = (await runAxe(page, scheme)).violations.map((v) => v.id);
      for (const want of ['color-contrast', 'target-size', 'html-has-lang', 'document-title', 'image-alt']) {
        assert.ok(ids.includes(want), `${scheme}: axe did not report ${want} (got ${ids.join(', ')})`);
      }
      await page.goto(servers.reference.url);
      assert.deepEqual((await runAxe(page, scheme)).violations.map((v) => v.id), [], `${scheme}: reference`);
    } finally {
      await close();
    }
  }
});

test('selftest network: finds the external image, /x and /favicon.ico in broken, nothing extra in reference', async () => {
  const r = await checkRequests(chrome.browser, BROKEN);
  const all = r.problems.join('\n');
  assert.ok(r.count > 1, `only ${r.count} request(s) seen`);
  assert.match(all, /127\.0\.0\.1:9\/external\.png/);
  assert.match(all, /\/favicon\.ico/, 'no /favicon.ico request seen for a page without <link rel=icon>');
  const ok = await checkRequests(chrome.browser, REFERENCE);
  assert.deepEqual(ok.problems, []);
  assert.equal(ok.count, 1);
});

test('selftest layout: finds overflow, missing h1 and hidden footer in broken, nothing in reference', async () => {
  const r = await checkLayout(chrome.browser, servers.broken.url, {});
  const all = r.problems.join('\n');
  for (const w of [320, 375, 768, 1280]) assert.match(all, new RegExp(`${w}px: horizontal scrolling`));
  assert.match(all, /no <h1>/);
  assert.match(all, /<footer> is not visible/);
  const ok = await checkLayout(chrome.browser, servers.reference.url, {});
  assert.deepEqual(ok.problems, []);
});

test('selftest csp: finds no CSP and running scripts in broken, a wrong hash, raw hostile HTML; reference clean', async () => {
  const b = await checkSecurity(chrome.browser, servers.broken.url);
  assert.match(b.csp.join('\n'), /exactly one <meta http-equiv="Content-Security-Policy">, found 0/);
  const s = b.safety.join('\n');
  assert.match(s, /dialog opened: alert: 1/);
  assert.match(s, /dialog opened: alert: 2/);
  assert.match(s, /dialog opened: alert: 3/, 'clicking the javascript: link did not run it on the unprotected page');
  assert.match(s, /executable <script>/);
  assert.match(s, /event handler attribute/);
  assert.match(s, /javascript: URL/);

  const h = await checkSecurity(chrome.browser, servers.badhash.url);
  assert.match(h.csp.join('\n'), /hashes to 'sha256-.*which style-src does not list/);
  assert.match(h.safety.join('\n'), /CSP violation: style-src-elem/);

  const raw = await checkSecurity(chrome.browser, servers.rawhostile.url);
  const rs = raw.safety.join('\n');
  assert.doesNotMatch(rs, /dialog opened/, 'the CSP should have stopped every script');
  assert.match(rs, /executable <script>/);
  assert.match(rs, /CSP violation: script-src-elem/);
  assert.match(rs, /javascript: URL/);
  assert.ok(raw.figures.clicked >= 1, 'the javascript: link was not clicked');

  const ok = await checkSecurity(chrome.browser, servers.reference.url);
  assert.deepEqual([...ok.csp, ...ok.safety], []);
});

test('selftest structured data: broken fails Google, Twitter, Facebook; reference passes all three', async () => {
  const b = await testStructuredData(fs.readFileSync(path.join(BROKEN, 'index.html'), 'utf8'), ['Google', 'Twitter', 'Facebook']);
  for (const p of ['Google', 'Twitter', 'Facebook']) assert.ok(b.byPreset[p]?.failed.length > 0, `${p} found nothing wrong in broken`);
  assert.ok(b.byPreset.Google.failed.some((f) => /author/.test(f)));
  const r = await testStructuredData(fs.readFileSync(path.join(REFERENCE, 'index.html'), 'utf8'), ['Google', 'Twitter', 'Facebook']);
  assert.deepEqual(r.failed, []);
  assert.deepEqual(r.warnings, []);
});

// Slow (~40 s): run with WEB_SELFTEST_LIGHTHOUSE=1.
test('selftest lighthouse: broken scores below 100, reference 100', { skip: process.env.WEB_SELFTEST_LIGHTHOUSE !== '1' && 'set WEB_SELFTEST_LIGHTHOUSE=1 to run', timeout: 300_000 }, async (t) => {
  const lh = await launchBrowser({ debugPort: true });
  try {
    for (const preset of ['mobile', 'desktop']) {
      const b = await runLighthouse(servers.broken.url, { port: lh.port, preset });
      t.diagnostic(`broken ${preset}: ${JSON.stringify(b.scores)}; failing: ${b.failing.map((f) => f.id).join(', ')}`);
      for (const c of ['accessibility', 'best-practices', 'seo']) assert.ok(b.scores[c] < 100, `broken ${preset} ${c} = ${b.scores[c]}`);
      // The broken page's faults are facts (no title, no lang, low contrast), not timing.
      const bs = await judgeLighthouse(servers.broken.url, { port: lh.port, preset, runs: 1 });
      assert.ok(bs.steady.length > 0, `broken ${preset}: no failing audit that is independent of timing`);
      const { best: r, attempts, steady } = await judgeLighthouse(servers.reference.url, { port: lh.port, preset });
      t.diagnostic(`reference ${preset}: ${JSON.stringify(r.scores)} (performance over ${attempts.length} run(s): ${attempts.join(', ')})`);
      assert.deepEqual(steady.map((f) => f.id), [], JSON.stringify(steady));
      assert.deepEqual(Object.values(r.scores), [100, 100, 100, 100], JSON.stringify(r.failing));
    }
  } finally {
    await lh.close();
  }
});
