// 1. Nu HTML Checker: no errors, no warnings, no info messages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { discoverSites, noSitesMessage } from './lib/config.mjs';
import { runVnu, formatVnuMessage, messageKind } from './lib/vnu.mjs';
import { recordFigures } from './lib/results.mjs';

const sites = discoverSites();
let report;

if (!sites.length) {
  test('vnu: pages to check exist', () => assert.fail(noSitesMessage()));
} else {
  before(async () => {
    report = await runVnu(sites.map((s) => s.file));
  });

  after(() => {
    if (!report) return;
    recordFigures('vnu', Object.fromEntries(sites.map((s) => {
      const r = report.get(s.file);
      const kinds = {};
      for (const m of r.messages) kinds[messageKind(m)] = (kinds[messageKind(m)] || 0) + 1;
      return [s.name, { messages: r.messages.length, kinds, excused: r.excused.map((m) => m.excusedBy) }];
    })));
  });

  for (const site of sites) {
    test(`vnu: ${site.name} has 0 errors and 0 warnings`, (t) => {
      const r = report.get(site.file);
      for (const m of r.excused) t.diagnostic(`excused known vnu false positive (${m.excusedBy}): ${m.message}`);
      assert.equal(r.messages.length, 0,
        `${site.file}: ${r.messages.length} vnu message(s):\n${r.messages.map(formatVnuMessage).join('\n')}`);
    });
  }
}
