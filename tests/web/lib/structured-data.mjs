// structured-data-testing-tool (library API) on the page's HTML.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { structuredDataTest } = require('structured-data-testing-tool');
const { Google, Twitter, Facebook } = require('structured-data-testing-tool/presets');
export const PRESETS = { Google, Twitter, Facebook };

// The presets only run the NewsArticle tests if a NewsArticle is found, so ask for one
// (a live story's article is a LiveBlogPosting: ask for that).
const hasArticle = (type) => ({ test: type, type: 'jsonld', description: `${type} in JSON-LD` });

/** The article type of a page's JSON-LD: LiveBlogPosting for a live story, else NewsArticle. */
export function articleType(html) {
  return /"@type":"LiveBlogPosting"/.test(html) ? 'LiveBlogPosting' : 'NewsArticle';
}

/**
 * Test `html` with the given preset names. Resolves with
 * {passed, failed, warnings, schemas, byPreset: {name: {passed, failed, warnings}}}.
 */
export async function testStructuredData(html, presetNames) {
  let res;
  try {
    res = await structuredDataTest(html, {
      presets: presetNames.map((n) => PRESETS[n]),
      tests: [hasArticle(articleType(html))],
    });
  } catch (err) {
    if (err && err.type === 'VALIDATION_FAILED') res = err.res;
    else throw err;
  }
  const label = (t) => `${(t.groups || [t.group || 'custom']).join(' > ')}: ${t.description || t.test}${t.error?.message ? ` (${t.error.message})` : ''}`;
  const byPreset = {};
  for (const [kind, list] of [['passed', res.passed], ['failed', res.failed], ['warnings', res.warnings]]) {
    for (const t of list) {
      const key = topPreset(t);
      byPreset[key] ??= { passed: 0, failed: [], warnings: [] };
      if (kind === 'passed') byPreset[key].passed += 1;
      else byPreset[key][kind].push(label(t));
    }
  }
  return {
    passed: res.passed.length,
    failed: res.failed.map(label),
    warnings: res.warnings.map(label),
    schemas: res.schemas,
    byPreset,
  };
}

function topPreset(t) {
  return (t.groups && t.groups[0]) || t.group || 'custom';
}
