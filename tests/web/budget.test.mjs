// 6. The photo budget (issue 11): a story with a 12-megapixel lead photo and a body
// photo stays within PHOTO_PAGE_BUDGET bytes, its photos are inlined as WebP with
// their displayed size, and no inlined image carries EXIF, XMP or text chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { discoverSites, PHOTO_PAGE_BUDGET } from './lib/config.mjs';
import { recordFigures } from './lib/results.mjs';

const sites = discoverSites().filter((s) => s.photos);
const figures = {};

if (!sites.length) {
  test('budget: a photo story was built (tests/web/build-sites.sh makes tests/web/.sites/photos)', () => {
    assert.fail('no photo story found: run bash tests/web/build-sites.sh');
  });
}

for (const site of sites) {
  test(`budget: ${site.name} is at most ${PHOTO_PAGE_BUDGET} bytes, photos inlined clean`, () => {
    const html = fs.readFileSync(path.join(site.dir, 'index.html'), 'utf8');
    const bytes = Buffer.byteLength(html);
    const images = [...html.matchAll(/<img src="data:(image\/[a-z+]+);base64,([^"]+)"([^>]*)>/g)];
    figures[site.name] = { bytes, images: images.map((m) => `${m[1]} ${Math.round((m[2].length * 3) / 4)} bytes`) };
    assert.ok(bytes <= PHOTO_PAGE_BUDGET, `${site.name}: ${bytes} bytes, over ${PHOTO_PAGE_BUDGET}`);
    assert.ok(images.length >= 2, `${site.name}: expected the lead and a body photo inlined`);
    for (const [, mime, data, attrs] of images) {
      assert.equal(mime, 'image/webp', 'photos are re-encoded as WebP');
      assert.match(attrs, /width="\d+" height="\d+"/, 'every photo has its displayed size');
      const raw = Buffer.from(data, 'base64');
      for (const marker of ['Exif', 'EXIF', 'XMP ', 'http://ns.adobe.com', 'tEXt', 'iTXt']) {
        assert.equal(raw.indexOf(marker), -1, `${site.name}: an inlined image holds ${marker}`);
      }
    }
  });
}

test('budget: figures recorded', () => recordFigures('budget', figures));
