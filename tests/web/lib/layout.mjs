// Responsive layout: no horizontal scrolling, key elements visible, screenshots.
import fs from 'node:fs';
import path from 'node:path';
import { freshPage } from './browser.mjs';

export const WIDTHS = [320, 375, 768, 1280];
export const SCREENSHOT_WIDTHS = [375, 1280];

/**
 * Load the page at each width; report overflow and invisible h1/figure/footer.
 * Screenshots (full page) at 375 and 1280 px go to `screenshotDir/<name>-<width>.png`.
 */
export async function checkLayout(browser, url, { name, screenshotDir } = {}) {
  const { page, close } = await freshPage(browser);
  const problems = [];
  const perWidth = {};
  const shots = [];
  try {
    for (const width of WIDTHS) {
      await page.setViewport({ width, height: 800 });
      await page.goto(url, { waitUntil: 'load' });
      const m = await page.evaluate(() => {
        const de = document.documentElement;
        const box = (el) => {
          if (!el) return null;
          const r = el.getBoundingClientRect();
          const cs = getComputedStyle(el);
          return {
            width: r.width,
            height: r.height,
            visible: r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none' && Number(cs.opacity) > 0,
          };
        };
        const wide = [...document.body.querySelectorAll('*')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
        return {
          innerWidth: window.innerWidth,
          scrollWidth: de.scrollWidth,
          bodyScrollWidth: document.body.scrollWidth,
          h1: box(document.querySelector('h1')),
          figure: box(document.querySelector('figure')),
          hasFigure: Boolean(document.querySelector('figure')),
          footer: box(document.querySelector('footer')),
          wide,
        };
      });
      perWidth[width] = { scrollWidth: m.scrollWidth, innerWidth: m.innerWidth };
      if (m.scrollWidth > m.innerWidth || m.bodyScrollWidth > m.innerWidth) {
        problems.push(`${width}px: horizontal scrolling (scrollWidth ${m.scrollWidth}, body ${m.bodyScrollWidth} > innerWidth ${m.innerWidth}); too wide: ${m.wide.join('; ')}`);
      }
      for (const key of ['h1', 'footer', ...(m.hasFigure ? ['figure'] : [])]) {
        if (!m[key]) problems.push(`${width}px: no <${key}> element`);
        else if (!m[key].visible) problems.push(`${width}px: <${key}> is not visible (${Math.round(m[key].width)}x${Math.round(m[key].height)})`);
      }
      if (screenshotDir && SCREENSHOT_WIDTHS.includes(width)) {
        fs.mkdirSync(screenshotDir, { recursive: true });
        const file = path.join(screenshotDir, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        shots.push(file);
      }
    }
    return { problems, perWidth, screenshots: shots };
  } finally {
    await close();
  }
}
