// Exactly one network request when a page loads: the page itself.
import { freshPage, recordPage, sleep } from './browser.mjs';

/**
 * Load the page served at `server.url` and list what it fetched.
 * Counts requests seen by the browser (data: URLs apart) and requests the server got;
 * waits a moment after load so a late /favicon.ico request is caught.
 */
export async function checkRequests(browser, server) {
  const { page, close } = await freshPage(browser);
  try {
    const rec = await recordPage(page);
    server.reset();
    await page.goto(server.url, { waitUntil: 'networkidle0' });
    await sleep(800);
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
  }
}
