// Shared settings and the list of pages to check.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = path.resolve(WEB_DIR, '..', '..');
export const RESULTS_DIR = path.join(WEB_DIR, '.results');
export const SCREENSHOT_DIR = path.join(WEB_DIR, 'screenshots');

export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
// Flags for every Chromium we start. Without the background-networking ones
// Chromium keeps trying to reach Google's hosts, which this machine refuses.
export const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Names of fixture sites with a special role. */
export const FULL_SITES = (process.env.WEB_FULL_SITES || 'full-metadata').split(',').map((s) => s.trim()).filter(Boolean);
export const HOSTILE_SITES = (process.env.WEB_HOSTILE_SITES || 'hostile').split(',').map((s) => s.trim()).filter(Boolean);
export const SAMPLE_NAME = 'sample';
// Stories with real photographs (tests/web/build-sites.sh makes them): they get
// Lighthouse by default, and their page must stay within PHOTO_PAGE_BUDGET bytes.
export const PHOTO_SITES = (process.env.WEB_PHOTO_SITES || 'photos').split(',').map((s) => s.trim()).filter(Boolean);
export const PHOTO_PAGE_BUDGET = 250 * 1000;
// Mobile performance floor for photo pages (issue 11: at least 95, 100 the aim).
export const PHOTO_MOBILE_PERFORMANCE = 95;

function site(name, dir, listing = false) {
  return {
    name,
    dir,
    file: path.join(dir, 'index.html'),
    sample: name === SAMPLE_NAME,
    full: FULL_SITES.includes(name),
    photos: PHOTO_SITES.includes(name),
    hostile: HOSTILE_SITES.includes(name),
    // A listing page (front page, tag page, archive): no NewsArticle expected.
    listing,
  };
}

/**
 * The pages of <root>/<name>/ to check: its index.html, or, when
 * <root>/<name>.pages exists (a many-page site), the pages it names, one a
 * line: `listing <folder>` or `story <folder>` (`.` is the site's front page).
 */
function pagesOf(root, name) {
  const list = path.join(root, `${name}.pages`);
  if (!fs.existsSync(list)) return [site(name, path.join(root, name))];
  return fs.readFileSync(list, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
    const [kind, rel] = line.split(/\s+/);
    const label = rel === '.' ? name : `${name}-${rel.replace(/\/+$/, '').replace(/\//g, '-')}`;
    return site(label, path.join(root, name, rel), kind === 'listing');
  }).filter((s) => fs.existsSync(s.file));
}

function subSites(root) {
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && fs.existsSync(path.join(root, d.name, 'index.html')))
    .map((d) => d.name)
    .sort()
    .flatMap((name) => pagesOf(root, name));
}

/**
 * The built pages to check.
 * WEB_SITES_DIR=<dir>: <dir>/index.html (named after <dir>, or "sample" if <dir> is
 * the repo's dist/) and every <dir>/<name>/index.html.
 * Default: <repo>/dist/index.html (named "sample") and tests/web/.sites/<name>/index.html.
 */
export function discoverSites() {
  const env = process.env.WEB_SITES_DIR;
  const sites = [];
  if (env) {
    const root = path.resolve(env);
    if (fs.existsSync(path.join(root, 'index.html'))) {
      const isDist = root === path.join(REPO_DIR, 'dist');
      sites.push(site(isDist ? SAMPLE_NAME : path.basename(root), root));
    }
    sites.push(...subSites(root));
  } else {
    const dist = path.join(REPO_DIR, 'dist');
    if (fs.existsSync(path.join(dist, 'index.html'))) sites.push(site(SAMPLE_NAME, dist));
    sites.push(...subSites(path.join(WEB_DIR, '.sites')));
  }
  return sites;
}

/**
 * The pages Lighthouse runs on (each costs ~10-20 s per preset).
 * WEB_LIGHTHOUSE_SITES: comma list of names, "all" or "none".
 * Default: the sample, the full-metadata fixture, the story with code and the photo
 * stories (or the first page if there is no sample).
 */
export function lighthouseSites(sites) {
  const env = process.env.WEB_LIGHTHOUSE_SITES;
  if (env === 'none') return [];
  if (env === 'all') return sites;
  if (env) {
    const names = env.split(',').map((s) => s.trim());
    return sites.filter((s) => names.includes(s.name));
  }
  const picked = sites.filter((s) => s.sample);
  const full = sites.find((s) => s.full);
  if (full) picked.push(full);
  const code = sites.find((s) => s.name === 'code');
  if (code) picked.push(code);
  if (picked.length === 0 && sites.length > 0) picked.push(sites[0]);
  return picked.slice(0, 3).concat(sites.filter((s) => s.photos && !picked.includes(s)));
}

export function noSitesMessage() {
  return 'no built pages found: expected dist/index.html or tests/web/.sites/<name>/index.html '
    + '(run `cargo run --release -- build` and/or tests/web/build-sites.sh), or set WEB_SITES_DIR';
}
