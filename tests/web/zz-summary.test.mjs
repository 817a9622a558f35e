// Prints the per-page figures the other test files recorded (run last).
import { test } from 'node:test';
import { readFigures } from './lib/results.mjs';

test('summary of per-page figures', () => {
  const vnu = readFigures('vnu') || {};
  const browser = readFigures('browser') || {};
  const lh = readFigures('lighthouse') || {};
  const sd = readFigures('structured-data') || {};
  const names = [...new Set([...Object.keys(vnu), ...Object.keys(browser), ...Object.keys(lh), ...Object.keys(sd)])];
  const v = (x) => (x === undefined || x === null ? '-' : String(x));
  const scores = (s) => (s ? [s.performance, s.accessibility, s['best-practices'], s.seo].map(v).join('/') : '-');
  const sdCell = (s, p) => (s?.[p] ? `${s[p].passed}p/${s[p].failed}f/${s[p].warnings}w` : '-');
  const rows = [[
    'page', 'vnu msgs', 'vnu excused', 'axe light', 'axe dark', 'requests', 'overflow', 'csp', 'runs',
    'LH mobile P/A/BP/SEO', 'LH desktop P/A/BP/SEO', 'SD Google', 'SD Twitter', 'SD Facebook',
  ]];
  for (const n of names) {
    const b = browser[n] || {};
    rows.push([
      n, v(vnu[n]?.messages), v(vnu[n]?.excused?.length), v(b.axe_light), v(b.axe_dark), v(b.requests),
      v(b.overflow), v(b.csp_problems), v(b.script_problems), scores(lh[n]?.mobile), scores(lh[n]?.desktop),
      sdCell(sd[n], 'Google'), sdCell(sd[n], 'Twitter'), sdCell(sd[n], 'Facebook'),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  console.log(`\nweb checks, per page (LH = Lighthouse; SD = structured data passed/failed/warnings; "-" = not run):\n${lines.join('\n')}\n`);
});
