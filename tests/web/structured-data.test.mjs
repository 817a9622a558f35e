// 6. structured-data-testing-tool: NewsArticle passes Google (all pages), and
// Google + Twitter + Facebook for the "full" fixture.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { discoverSites, noSitesMessage, FULL_SITES } from './lib/config.mjs';
import { testStructuredData } from './lib/structured-data.mjs';
import { recordFigures } from './lib/results.mjs';

const sites = discoverSites();
const figures = {};

if (!sites.length) {
  test('structured data: pages to check exist', () => assert.fail(noSitesMessage()));
} else {
  after(() => recordFigures('structured-data', figures));

  for (const site of sites) {
    const required = site.full ? ['Google', 'Twitter', 'Facebook'] : ['Google'];
    test(`structured data: ${site.name} passes ${required.join(', ')}`, async (t) => {
      const r = await testStructuredData(fs.readFileSync(site.file, 'utf8'), ['Google', 'Twitter', 'Facebook']);
      const info = {};
      for (const [name, p] of Object.entries(r.byPreset)) info[name] = { passed: p.passed, failed: p.failed.length, warnings: p.warnings.length };
      figures[site.name] = { schemas: r.schemas, ...info };
      // Everything not required is reported, not enforced.
      const enforced = [];
      for (const [name, p] of Object.entries(r.byPreset)) {
        const must = required.includes(name) || name === 'custom' || name === 'Schema.org';
        for (const f of p.failed) (must ? enforced : []).push(f);
        if (!must) for (const f of p.failed) t.diagnostic(`not required here: ${f}`);
        for (const w of p.warnings) t.diagnostic(`warning: ${w}`);
      }
      assert.ok(r.schemas.includes('NewsArticle'), `${site.name}: no NewsArticle found (schemas: ${r.schemas.join(', ') || 'none'})`);
      assert.deepEqual(enforced, [], `${site.name}: structured data failures:\n  ${enforced.join('\n  ')}`);
    });
  }

  test('structured data: the full-metadata fixture was checked', (t) => {
    if (!sites.some((s) => s.full)) t.skip(`no fixture named ${FULL_SITES.join('/')} among ${sites.map((s) => s.name).join(', ')}`);
  });
}
