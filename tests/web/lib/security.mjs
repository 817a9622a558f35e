// CSP proof (static policy vs. page content) and "nothing runs" proof (behaviour).
import { createHash } from 'node:crypto';
import { freshPage, recordPage, sleep } from './browser.mjs';

const FETCH_DIRECTIVES_NONE_ONLY = [
  'child-src', 'connect-src', 'font-src', 'frame-src', 'manifest-src', 'media-src',
  'object-src', 'worker-src', 'script-src-elem', 'script-src-attr', 'style-src-elem', 'style-src-attr',
  'prefetch-src',
];
// Ignored (with a console message) when the policy comes from <meta>.
const NOT_IN_META = ['frame-ancestors', 'report-uri', 'report-to', 'sandbox'];
const ALLOWED_OTHER = ['base-uri', 'form-action', 'upgrade-insecure-requests', 'block-all-mixed-content'];

export const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export function parseCsp(content) {
  const directives = new Map();
  for (const part of content.split(';')) {
    const tokens = part.trim().split(/\s+/).filter(Boolean);
    if (!tokens.length) continue;
    const name = tokens[0].toLowerCase();
    if (!directives.has(name)) directives.set(name, tokens.slice(1));
  }
  return directives;
}

/**
 * Load the page (CSP in force), gather what the policy must cover, click every link
 * that does not lead to an http(s)/mailto URL or a fragment, and report:
 *  csp:    problems with the policy itself (hashes, sources, placement)
 *  safety: anything that ran or tried to run (dialogs, console output, page errors,
 *          CSP violations, executable scripts, on* handlers, javascript: URLs)
 */
export async function checkSecurity(browser, url) {
  const { page, close } = await freshPage(browser);
  try {
    const rec = await recordPage(page);
    await page.goto(url, { waitUntil: 'networkidle0' });
    await sleep(200);
    const dom = await page.evaluate(() => {
      const all = [...document.querySelectorAll('*')];
      const cspMetas = [...document.querySelectorAll('meta[http-equiv]')]
        .filter((m) => m.httpEquiv.toLowerCase() === 'content-security-policy');
      const first = cspMetas[0];
      const before = first
        ? all.slice(0, all.indexOf(first)).filter((el) => ['STYLE', 'SCRIPT', 'LINK', 'IMG', 'BASE'].includes(el.tagName)).map((el) => el.tagName.toLowerCase())
        : [];
      const onAttrs = [];
      const jsUrls = [];
      for (const el of all) {
        for (const a of el.attributes) {
          if (/^on/i.test(a.name)) onAttrs.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`);
          if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(a.name) && /^\s*javascript:/i.test(a.value)) {
            jsUrls.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`);
          }
        }
      }
      return {
        cspContents: cspMetas.map((m) => m.content),
        cspInHead: first ? first.parentElement === document.head : false,
        elementsBeforeCsp: before,
        styles: [...document.querySelectorAll('style')].map((s) => s.textContent),
        styleAttrs: document.querySelectorAll('[style]').length,
        scripts: [...document.querySelectorAll('script')].map((s) => ({ type: s.type, text: s.textContent, src: s.src })),
        images: [...document.images].map((i) => ({ src: i.currentSrc.slice(0, 60), complete: i.complete, naturalWidth: i.naturalWidth })),
        onAttrs,
        jsUrls,
      };
    });

    // Click links that are not plain web links (javascript:, missing href, odd schemes).
    // Relative links (a path, no scheme: a listing page's links to its stories) are
    // plain web links too; clicking one would leave the page being checked.
    const handles = await page.$$('a');
    let clicked = 0;
    for (const h of handles) {
      const href = await h.evaluate((a) => a.getAttribute('href'));
      // No scheme: no ':' before the first '/', '?' or '#', and no white space or
      // control character (which browsers strip: `java\nscript:` is a scheme).
      const relative = href !== null && href.trim() !== '' && !/[\s\x00-\x1f]/.test(href.trim())
        && !/^[^/?#]*:/.test(href.trim());
      if (href !== null && (/^(https?:|mailto:)/i.test(href.trim()) || href.trim().startsWith('#') || relative)) continue;
      const visible = await h.evaluate((a) => a.getClientRects().length > 0);
      if (!visible) continue;
      await h.click().catch(() => {});
      clicked += 1;
      await sleep(250);
    }
    await sleep(200);
    const violations = await page.evaluate(() => window.__cspViolations || []).catch(() => ['(page gone after click)']);
    const finalUrl = page.url();

    // ---- the policy
    const csp = [];
    if (dom.cspContents.length !== 1) csp.push(`want exactly one <meta http-equiv="Content-Security-Policy">, found ${dom.cspContents.length}`);
    let policy = new Map();
    if (dom.cspContents.length >= 1) {
      policy = parseCsp(dom.cspContents[0]);
      if (!dom.cspInHead) csp.push('the CSP <meta> is not in <head>');
      if (dom.elementsBeforeCsp.length) csp.push(`elements before the CSP <meta> are not covered by it: ${dom.elementsBeforeCsp.join(', ')}`);
      const def = policy.get('default-src');
      if (!def || def.length !== 1 || def[0] !== "'none'") csp.push(`default-src must be 'none' (is ${def ? def.join(' ') : 'absent'})`);

      const styleHashes = dom.styles.map(sha256);
      const styleSrc = policy.get('style-src') || [];
      const bad = styleSrc.filter((v) => !/^'sha256-[A-Za-z0-9+/]+={0,2}'$/.test(v));
      if (dom.styles.length && !styleSrc.length) csp.push('style-src is missing but the page has <style>');
      if (bad.length) csp.push(`style-src may only hold sha256 hashes, has: ${bad.join(' ')}`);
      for (const [i, h] of styleHashes.entries()) {
        if (!styleSrc.includes(h)) csp.push(`<style> #${i + 1} hashes to ${h}, which style-src does not list (style-src: ${styleSrc.join(' ')})`);
      }
      for (const h of styleSrc.filter((v) => v.startsWith("'sha256-"))) {
        if (!styleHashes.includes(h)) csp.push(`style-src lists ${h}, which matches no <style>`);
      }
      if (dom.styleAttrs) csp.push(`${dom.styleAttrs} element(s) with a style="" attribute (blocked by a hash-only style-src)`);

      const img = policy.get('img-src');
      if (!img || !(img.length === 1 && img[0] === 'data:')) csp.push(`img-src must be exactly data: (is ${img ? img.join(' ') : 'absent'})`);

      const ldHashes = dom.scripts.filter((s) => s.type.toLowerCase() === 'application/ld+json').map((s) => sha256(s.text));
      const scriptSrc = policy.get('script-src');
      if (scriptSrc) {
        for (const v of scriptSrc) {
          if (v === "'none'") continue;
          if (!ldHashes.includes(v)) csp.push(`script-src allows ${v}, which is not the hash of a JSON-LD block`);
        }
      }
      for (const [name, values] of policy) {
        if (['default-src', 'style-src', 'img-src', 'script-src'].includes(name)) continue;
        // Lighthouse 12 fetches /robots.txt under the page's CSP (Chromium's Network.loadNetworkResource
        // obeys it since mid-2025), so SEO loses robots-txt unless connect-src allows 'self'.
        // With no script able to run, connect-src 'self' grants nothing else.
        if (name === 'connect-src' && values.join(' ') === "'self'") continue;
        if (NOT_IN_META.includes(name)) csp.push(`${name} is ignored in a <meta> CSP (and Chromium logs a console message for it)`);
        else if (FETCH_DIRECTIVES_NONE_ONLY.includes(name)) {
          if (values.join(' ') !== "'none'") csp.push(`${name} should be 'none' (is ${values.join(' ')})`);
        } else if (!ALLOWED_OTHER.includes(name)) csp.push(`unexpected directive ${name} ${values.join(' ')}`);
      }
      for (const [name, values] of policy) {
        for (const v of values) {
          if (["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", '*', 'http:', 'https:', 'blob:'].includes(v)) {
            csp.push(`${name} holds ${v}`);
          }
        }
      }
    }
    // An image that did not load is a CSP problem only if the CSP blocked it (a violation was
    // reported for img-src); one that is merely undecodable (say data:image/png;base64,AAAA
    // from a story) is noted, not failed.
    const notes = [];
    const imgBlocked = violations.some((v) => v.startsWith('img-src'));
    for (const i of dom.images) {
      if (!i.complete || i.naturalWidth === 0) {
        if (imgBlocked) csp.push(`image blocked: ${i.src}`);
        else notes.push(`image did not decode (not a CSP block): ${i.src}`);
      }
    }

    // ---- nothing ran
    const safety = [];
    for (const d of rec.dialogs) safety.push(`dialog opened: ${d}`);
    for (const c of rec.console) safety.push(`console message: ${c}`);
    for (const e of rec.errors) safety.push(`page error: ${e}`);
    for (const v of violations) safety.push(`CSP violation: ${v}`);
    const exec = dom.scripts.filter((s) => s.type.toLowerCase() !== 'application/ld+json');
    for (const s of exec) safety.push(`executable <script${s.type ? ` type="${s.type}"` : ''}${s.src ? ` src="${s.src}"` : ''}>${s.text.slice(0, 60)}`);
    for (const a of dom.onAttrs) safety.push(`event handler attribute: ${a}`);
    for (const a of dom.jsUrls) safety.push(`javascript: URL: ${a}`);
    if (finalUrl !== url) safety.push(`page navigated to ${finalUrl} after clicking links`);

    return {
      csp,
      safety,
      notes,
      policy: Object.fromEntries(policy),
      figures: {
        dialogs: rec.dialogs.length,
        console: rec.console.length,
        clicked,
        styles: dom.styles.length,
        jsonLd: dom.scripts.length - exec.length,
      },
    };
  } finally {
    await close();
  }
}
