// Nu HTML Checker (vnu.jar from the vnu-jar package), run once for many files.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
export const VNU_JAR = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

/**
 * Messages that vnu-jar 26.9.27 gives for pages that are right, each with the
 * reason it is wrong. A message is only excused when `applies` holds for it.
 * Set VNU_STRICT=1 to count them anyway.
 *
 * vnu's CSP checker (new in 2026) never lets a data: URL through an img-src
 * source list: `img-src data:` with <img src="data:..."> is reported as blocked,
 * though browsers load it (the browser test checks that every image loads and no
 * CSP violation is reported). It also rejects `img-src example.org` for
 * https://example.org/a.png, so its URL matching is broken, not just strict.
 */
export const KNOWN_FALSE_POSITIVES = [
  {
    id: 'vnu-csp-img-data-url',
    reason: 'vnu CSP checker does not match data: URLs against `img-src data:` (the browser loads them; see browser CSP test)',
    applies: (m, html) => /^Resource violates Content Security Policy \(meta tag\): image “data:/.test(m.message)
      && /blocked by “img-src” directive\.$/.test(m.message)
      && cspAllowsDataImages(html),
  },
];

function cspAllowsDataImages(html) {
  const meta = /<meta\s+http-equiv=["']?content-security-policy["']?\s+content=(["'])(.*?)\1/is.exec(html)
    || /<meta\s+content=(["'])(.*?)\1\s+http-equiv=["']?content-security-policy["']?/is.exec(html);
  if (!meta) return false;
  const img = meta[2].split(';').map((d) => d.trim().split(/\s+/)).find((d) => d[0].toLowerCase() === 'img-src');
  return Boolean(img && img.slice(1).includes('data:'));
}

/** Kind of a vnu JSON message: "error", "warning", "info" or "non-document-error". */
export function messageKind(m) {
  if (m.type === 'info' && m.subType === 'warning') return 'warning';
  if (m.type === 'error' && m.subType === 'fatal') return 'error';
  return m.type;
}

/**
 * Check every file in one JVM. Returns Map(file -> {messages, excused}) where
 * `messages` are all messages that count (errors, warnings, infos alike) and
 * `excused` the known false positives, with their reason.
 */
export async function runVnu(files, { readHtml } = {}) {
  const fs = await import('node:fs');
  const args = ['-jar', VNU_JAR, '--format', 'json', '--exit-zero-always', ...files];
  const { stdout, stderr } = await new Promise((resolve, reject) => {
    execFile('java', args, { maxBuffer: 64 * 1024 * 1024, timeout: 180_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`vnu failed to run: ${err.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
  const text = (stderr.trim() || stdout.trim());
  let report;
  try {
    report = JSON.parse(text);
  } catch (e) {
    throw new Error(`vnu printed something that is not JSON: ${text.slice(0, 2000)}`);
  }
  const strict = process.env.VNU_STRICT === '1';
  const out = new Map(files.map((f) => [f, { messages: [], excused: [] }]));
  const byUrl = new Map(files.map((f) => [pathToFileURL(path.resolve(f)).href, f]));
  for (const m of report.messages) {
    const file = byUrl.get(m.url) ?? files.find((f) => m.url && decodeURI(m.url).endsWith(path.resolve(f)));
    if (!file) {
      // e.g. a non-document-error without a URL: charge it to every file
      for (const entry of out.values()) entry.messages.push(m);
      continue;
    }
    const html = readHtml ? readHtml(file) : fs.readFileSync(file, 'utf8');
    const fp = strict ? undefined : KNOWN_FALSE_POSITIVES.find((k) => k.applies(m, html));
    if (fp) out.get(file).excused.push({ ...m, excusedBy: fp.id, reason: fp.reason });
    else out.get(file).messages.push(m);
  }
  return out;
}

export function formatVnuMessage(m) {
  const where = m.lastLine ? `line ${m.firstLine ?? m.lastLine}:${m.firstColumn ?? ''}-${m.lastLine}:${m.lastColumn}` : '';
  const extract = m.extract ? `\n      ${JSON.stringify(m.extract.length > 160 ? m.extract.slice(0, 160) + '…' : m.extract)}` : '';
  return `  [${messageKind(m)}] ${where} ${m.message}${extract}`;
}
