#!/usr/bin/env bash
# Makes tests/web/.photos/content/: the sample story with a 12-megapixel camera
# JPEG as its lead photo and a photograph in its body. Used by build-sites.sh
# (the web judges' `photos` site) and bench/photos.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../.."

# The photo story: the sample story with a 12-megapixel camera JPEG as its lead
# (EXIF orientation 6, GPS, artist) and a photograph in its body, made by
# examples/test-photos.rs from the photographs scikit-image ships (BSD-3-Clause
# package; astronaut: NASA, public domain; coffee, chelsea: CC0; motorcycle:
# Middlebury stereo data set). Downloaded from PyPI once into tests/web/.photos/
# (ignored by git), never committed.
photos="tests/web/.photos"
data="$photos/skimage/data"
if [ ! -f "$data/motorcycle_left.png" ]; then
  echo "make-photo-story: downloading scikit-image's sample photographs (PyPI)"
  mkdir -p "$photos/wheel"
  python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$photos/wheel" "scikit-image==0.26.0" \
    --platform manylinux_2_28_x86_64 --python-version 3.11
  python3 - "$photos" <<'PY'
import glob, sys, zipfile
out = sys.argv[1]
wheel = glob.glob(f"{out}/wheel/scikit_image-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    for name in ("astronaut", "coffee", "chelsea", "motorcycle_left"):
        z.extract(f"skimage/data/{name}.png", out)
PY
fi
cargo build --release --quiet --example test-photos
content="$photos/content"
rm -rf "$content" && mkdir -p "$content"
target/release/examples/test-photos "$data" "$content"
cp content/site.toml "$content/site.toml"
python3 - content/story.md "$content/story.md" <<'PY'
import re, sys
story = open(sys.argv[1], encoding="utf-8").read()
story = story.replace("+++\n\n", 'image = "lead.jpg"\nimage_alt = "A red motorcycle parked in a workshop"\n'
                      'image_caption = "A test photograph: a 12-megapixel camera JPEG with its EXIF."\n+++\n\n', 1)
story = re.sub(r"<figure>.*?</figure>", '![A cup of coffee on a saucer](coffee.png "A test photograph from scikit-image.")',
               story, count=1, flags=re.S)
open(sys.argv[2], "w", encoding="utf-8").write(story)
PY
