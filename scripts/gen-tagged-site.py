#!/usr/bin/env python3
"""A deterministic many-story site with tags, for the listing pages' tests
and the highlighting benchmark.

    scripts/gen-tagged-site.py OUT --stories 2000 [--code] [--base-url URL]

Writes OUT/site.toml and OUT/story-NNNNN.md: stories dated one every 19
hours from 2019 on (so several years of archive), each with two to four of
40 tags, and, with --code, a code block in one of ten languages.
"""

import argparse
import os
import random

TAGS = [f"Topic {n}" for n in range(36)] + ["C++", "Rust", "Zürich", "Local News"]

CODE = {
    "rust": 'fn main() {\n    let harbour = "open"; // a comment\n    println!("{harbour} {}", 42);\n}\n',
    "toml": '[package]\nname = "harbour" # a comment\nversion = "0.1.0"\nboats = 12\n',
    "sh": 'for f in *.md; do\n  echo "building $f" # a comment\ndone\n',
    "python": 'def boats(n: int) -> str:\n    """Count boats."""\n    return f"{n} boats"  # a comment\n',
    "js": 'const boats = [1, 2, 3].map((n) => n * 2); // a comment\nconsole.log(`${boats}`);\n',
    "html": '<p class="note">The <a href="/harbour/">harbour</a> is open.</p>\n',
    "json": '{"harbour": "open", "boats": 12, "safe": true, "crew": null}\n',
    "yaml": 'harbour: open # a comment\nboats: 12\nsafe: true\n',
    "diff": '--- a/harbour.txt\n+++ b/harbour.txt\n@@ -1,2 +1,2 @@\n-closed\n+open\n',
    "css": '.harbour { color: #123456; margin: 0 auto; }\n',
}

WORDS = ("harbour storm boats council valley river market school road bridge "
         "mayor fishermen weather season crew repairs ferry tide coast night").split()


def story(rng, i, code):
    day = i * 19
    year, rest = 2019 + day // (24 * 365), day % (24 * 365)
    month, mday, hour = 1 + rest // (24 * 31) % 12, 1 + rest // 24 % 28, rest % 24
    tags = sorted(rng.sample(TAGS, rng.randint(2, 4)))
    title = " ".join(rng.choice(WORDS) for _ in range(5)).capitalize() + f" ({i})"
    paras = [" ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "." for _ in range(4)]
    body = "\n\n".join(paras[:2])
    if code:
        lang = list(CODE)[i % len(CODE)]
        body += f"\n\n## The {lang} part\n\n```{lang}\n{CODE[lang]}```\n"
    body += "\n\n" + "\n\n".join(paras[2:])
    front = (f'+++\ntitle = "{title}"\ndate = {year:04d}-{month:02d}-{mday:02d}T{hour:02d}:00:00Z\n'
             f'tags = [{", ".join(chr(34) + t + chr(34) for t in tags)}]\n+++\n\n')
    return front + body + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--stories", type=int, default=2000)
    ap.add_argument("--code", action="store_true")
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "site.toml"), "w") as f:
        f.write('name = "Tagged Outlet"\nlanguage = "en"\n')
    for i in range(args.stories):
        with open(os.path.join(args.out, f"story-{i:05d}.md"), "w") as f:
            f.write(story(rng, i, args.code))


if __name__ == "__main__":
    main()
