// Lighthouse 12 (programmatic API) against a Chromium we start on a debugging port.
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
export const PRESETS = ['mobile', 'desktop'];

/**
 * Run one Lighthouse pass. Returns {scores: {category: 0..100}, failing: [...]}
 * where `failing` lists every scored audit below 1 in the four categories.
 */
export async function runLighthouse(url, { port, preset }) {
  const flags = {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: CATEGORIES,
    // Lighthouse must not try to phone home.
    enableErrorReporting: false,
  };
  const config = preset === 'desktop' ? desktopConfig : undefined;
  const runner = await lighthouse(url, flags, config);
  if (!runner) throw new Error('Lighthouse returned nothing');
  const lhr = runner.lhr;
  if (lhr.runtimeError) throw new Error(`Lighthouse runtime error: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const scores = {};
  const failing = [];
  for (const id of CATEGORIES) {
    const cat = lhr.categories[id];
    scores[id] = cat.score == null ? null : Math.round(cat.score * 100);
    for (const ref of cat.auditRefs) {
      const a = lhr.audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1) {
        failing.push({
          category: id,
          id: ref.id,
          title: a.title,
          score: a.score,
          displayValue: a.displayValue,
          explanation: a.explanation,
          items: (a.details?.items || []).slice(0, 5).map((it) => summariseItem(it)),
        });
      }
    }
  }
  const warnings = lhr.runWarnings || [];
  return { scores, failing, warnings, benchmarkIndex: lhr.environment?.benchmarkIndex };
}

function summariseItem(it) {
  const parts = [];
  if (it.node?.snippet) parts.push(it.node.snippet);
  if (it.url) parts.push(it.url);
  if (it.description) parts.push(it.description);
  if (it.source && typeof it.source === 'string') parts.push(it.source);
  if (it.sourceLocation?.url) parts.push(it.sourceLocation.url);
  if (!parts.length) parts.push(JSON.stringify(it).slice(0, 200));
  return parts.join(' | ').slice(0, 300);
}

export function formatLighthouseFailures(failing) {
  return failing.map((f) => {
    const head = `  [${f.category}] ${f.id} (score ${f.score}): ${f.title}${f.displayValue ? ` — ${f.displayValue}` : ''}`;
    const extra = [f.explanation, ...f.items].filter(Boolean).map((s) => `      ${s}`);
    return [head, ...extra].join('\n');
  }).join('\n');
}
