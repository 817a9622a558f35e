// axe-core inside headless Chromium, with the page's own CSP left in force.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_VERSION = require('axe-core/package.json').version;
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
// target-size (WCAG 2.2 2.5.8, the main wcag22aa rule) ships with enabled:false in axe 4.x.
// runOnly by tag does run it (checked with axe 4.14.1); naming it keeps it on if that changes.
export const AXE_ENABLE = { 'target-size': { enabled: true } };

/**
 * Run axe on the page already loaded in `page` for one colour scheme.
 * axe is evaluated through the DevTools protocol (Runtime.evaluate), which the page's
 * CSP does not govern, so no bypass is needed and the page is checked exactly as a
 * visitor sees it (with CSP bypassed, a wrong style hash would go unnoticed).
 */
export async function runAxe(page, scheme) {
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  const injected = await page.evaluate(() => typeof window.axe === 'object');
  if (!injected) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (tags, rules) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, rules, resultTypes: ['violations'] });
    return {
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html })),
      })),
      incomplete: r.incomplete.length,
    };
  }, AXE_TAGS, AXE_ENABLE);
  return result;
}

export function formatAxeViolations(violations) {
  return violations.map((v) => [
    `  ${v.id} (${v.impact}): ${v.help}`,
    ...v.nodes.map((n) => `    at ${n.target}\n      ${n.html.slice(0, 200)}\n      ${String(n.summary).replace(/\n/g, '\n      ')}`),
  ].join('\n')).join('\n');
}
