// Writes index.html: a hand-made page that meets every check (strict CSP with
// the style hash, inline style, no JS, JSON-LD NewsArticle, data: image and
// favicon). The self-test writes it into a temporary folder and uses it as the
// control that must pass; it is not committed.
// Run: node tests/web/reference/make.mjs [FOLDER]   (default: beside this file)
import { createHash } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const css = `:root{color-scheme:light dark;--bg:#fdfcf8;--fg:#1b1b1b;--muted:#4a4a4a;--rule:#d8d4c8;--link:#0b4f8a}
@media (prefers-color-scheme:dark){:root{--bg:#141414;--fg:#ecebe6;--muted:#bdbab2;--rule:#3a3a3a;--link:#8cc4ff}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 Georgia,"Times New Roman",serif}
header,main,footer{max-width:42rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid var(--rule);font:700 1rem/1.4 system-ui,sans-serif}
h1{font-size:clamp(1.75rem,5vw,2.5rem);line-height:1.15;margin:.5rem 0 1rem;overflow-wrap:anywhere}
.byline{color:var(--muted);font:.9375rem/1.5 system-ui,sans-serif}
figure{margin:1.5rem 0}
figure img{display:block;width:100%;height:auto}
figcaption{color:var(--muted);font:.875rem/1.5 system-ui,sans-serif;margin-top:.5rem}
a{color:var(--link);text-decoration:underline}
p{overflow-wrap:break-word}
footer{border-top:1px solid var(--rule);color:var(--muted);font:.875rem/1.5 system-ui,sans-serif;margin-bottom:2rem}`;
const b64 = (t) => createHash('sha256').update(t, 'utf8').digest('base64');
const hash = b64(css);
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675" viewBox="0 0 1200 675"><rect width="1200" height="675" fill="#2d5d7b"/><circle cx="900" cy="200" r="120" fill="#f2c14e"/><path d="M0 540 L300 330 L560 520 L820 360 L1200 600 V675 H0Z" fill="#1e3f20"/></svg>`;
const img = 'data:image/svg+xml,' + encodeURIComponent(svg);
const ld = {
  '@context': 'https://schema.org', '@type': 'NewsArticle',
  headline: 'Harbour bridge reopens after two-year repair',
  description: 'The harbour bridge reopened to traffic on Monday after a two-year repair.',
  image: ['https://example.org/news/bridge-reopens/hero.png'],
  datePublished: '2025-03-03T08:00:00Z', dateModified: '2025-03-03T09:30:00Z',
  author: [{ '@type': 'Person', name: 'Ada Reporter' }],
  publisher: { '@type': 'Organization', name: 'The Example Gazette', logo: { '@type': 'ImageObject', url: 'https://example.org/logo.png' } },
  mainEntityOfPage: { '@type': 'WebPage', '@id': 'https://example.org/news/bridge-reopens/' },
};
const ldText = JSON.stringify(ld);
const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${hash}'; img-src data:; connect-src 'self'; script-src 'sha256-${b64(ldText)}'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Harbour bridge reopens after two-year repair – The Example Gazette</title>
<meta name="description" content="The harbour bridge reopened to traffic on Monday after a two-year repair.">
<link rel="canonical" href="https://example.org/news/bridge-reopens/">
<link rel="icon" href="data:,">
<meta property="og:type" content="article">
<meta property="og:title" content="Harbour bridge reopens after two-year repair">
<meta property="og:description" content="The harbour bridge reopened to traffic on Monday after a two-year repair.">
<meta property="og:url" content="https://example.org/news/bridge-reopens/">
<meta property="og:image" content="https://example.org/news/bridge-reopens/hero.png">
<meta property="og:image:alt" content="The harbour bridge at dusk">
<meta property="og:site_name" content="The Example Gazette">
<meta property="og:locale" content="en_GB">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="Harbour bridge reopens after two-year repair">
<meta name="twitter:description" content="The harbour bridge reopened to traffic on Monday after a two-year repair.">
<meta name="twitter:image" content="https://example.org/news/bridge-reopens/hero.png">
<meta name="twitter:image:alt" content="The harbour bridge at dusk">
<meta name="twitter:site" content="@examplegazette">
<meta name="twitter:creator" content="@adareporter">
<style>${css}</style>
<script type="application/ld+json">${ldText}</script>
</head>
<body>
<header>The Example Gazette</header>
<main>
<article>
<h1>Harbour bridge reopens after two-year repair</h1>
<p class="byline">By Ada Reporter · <time datetime="2025-03-03T08:00:00Z">3 March 2025</time></p>
<figure>
<img src="${img}" width="1200" height="675" alt="The harbour bridge at dusk, with hills behind it">
<figcaption>The bridge carries 40,000 vehicles a day.</figcaption>
</figure>
<p>The harbour bridge reopened to traffic on Monday morning after a repair that took two years and cost more than planned.</p>
<p>Engineers replaced the deck joints and repainted the main span. The council's <a href="https://example.org/council/bridge-report">full report on the repair</a> lists the work done.</p>
<p>Buses return to their old routes from next week.</p>
</article>
</main>
<footer>© 2025 The Example Gazette</footer>
</body>
</html>
`;
const out = process.argv[2] || path.dirname(fileURLToPath(import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(out + '/index.html', html);
console.log(`wrote ${out}/index.html`);
