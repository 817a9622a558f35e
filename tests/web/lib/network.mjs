// Exactly one network request when a page loads: the page itself.
import { freshPage, recordPage, sleep } from './browser.mjs';
import { serveDir } from './server.mjs';

/**
 * Serve `dir` on a new port, load it and list what it fetched.
 * Counts requests seen by the browser (data: URLs apart) and requests the server got;
 * waits a moment after load so a late /favicon.ico request is caught.
 * A new port means a new origin: Chromium remembers a missing favicon per browser, so an
 * origin it has visited before may not ask for /favicon.ico again.
 */
export async function checkRequests(browser, dir) {
  const server = await serveDir(dir);
  const { page, close } = await freshPage(browser);
  try {
    const rec = await recordPage(page);
    server.reset();
    await page.goto(server.url, { waitUntil: 'networkidle0' });
    // Chromium asks for /favicon.ico after the load finishes (seen ~0.5-1.5 s later).
    await sleep(2000);
    const problems = [];
    const others = rec.requests.filter((u) => u !== server.url);
    if (rec.requests.length !== 1 || others.length) {
      problems.push(`browser made ${rec.requests.length} non-data requests (want 1, the page): ${rec.requests.join(', ')}`);
    }
    const extraHits = server.hits.filter((h) => h !== '/');
    if (server.hits.length !== 1 || extraHits.length) {
      problems.push(`server got ${server.hits.length} requests (want 1, "/"): ${server.hits.join(', ')}`);
    }
    if (rec.failed.length) problems.push(`failed requests: ${rec.failed.join(', ')}`);
    return {
      count: rec.requests.length,
      serverHits: [...server.hits],
      dataRequests: rec.dataRequests,
      requests: rec.requests,
      problems,
    };
  } finally {
    await close();
    await server.close();
  }
}
