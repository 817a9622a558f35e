#!/usr/bin/env python3
"""What a publish costs a newsroom: an archive of generated stories, each
with a section, a topic and a writer, built once, then each change a
newsroom makes built again into the same output folder, as a deploy would.

Each step is one run of `broadside build --changes FILE`, timed (wall time;
peak RSS by GNU time) and counted from the list it writes: the output files
added or changed (`+`) and removed (`-`), which is what a deploy uploads
and deletes. The steps, in order:

  full       the first build, into a new folder (the image cache filled)
  nothing    nothing changed: the build is skipped
  publish    one new story, the newest
  edit-text  one old story's text edited
  edit-title one old story's headline edited
  delete     one old story deleted

Run it as `bench/run --newsroom N` (or directly: bench/newsroom.py
--stories N). With --base-url the site has feeds, sitemaps and share cards
(the cards are made once, in the full build, and cached); without, only
pages. The table goes to stdout and, with --write, to a file.
"""

import argparse
import os
import shutil
import sys

import gen_corpus
from bench import GNU_TIME, ROOT, timed_run

SECTIONS = ["Politics", "Business", "Sport", "Culture", "Science", "World",
            "Local", "Weather", "Health", "Education"]
TOPICS = ["Topic %d" % i for i in range(200)]
WRITERS = ["writer-%d" % i for i in range(40)]


def story(seed, i):
    """Story i of the archive, as gen_corpus makes it, with its section,
    topic and writer added to the front matter."""
    slug, text = gen_corpus.make_story(seed, i)
    extra = 'tags = ["%s", "%s"]\nauthors = ["%s"]\n' % (
        SECTIONS[i % len(SECTIONS)], TOPICS[(i * 7) % len(TOPICS)], WRITERS[i % len(WRITERS)])
    head, sep, body = text.partition("+++\n\n")
    return slug, head + extra + sep + body


def write_site(content, n, seed, base_url):
    gen_corpus.write_corpus(content, (story(seed, i) for i in range(n)))
    site = os.path.join(content, "broadside")
    settings = os.path.join(site, "site.toml")
    with open(settings, encoding="utf-8") as f:
        text = f.read()
    with open(settings, "w", encoding="utf-8") as f:
        # Top-level keys come before the first table; each writer has an
        # entry, so the build has nothing to warn about (a build that warns
        # is never skipped: its warnings are said again).
        f.write(('base_url = "%s"\n' % base_url if base_url else "") + text)
        for w in WRITERS:
            f.write('\n[authors.%s]\nname = "%s"\n' % (w, w.replace("-", " ").title()))
    return site


def count(changes):
    added = removed = 0
    with open(changes, encoding="utf-8") as f:
        for line in f:
            added += line.startswith("+")
            removed += line.startswith("-")
    return added, removed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, default=10000)
    ap.add_argument("--base-url", default="")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "broadside"))
    ap.add_argument("--work", default=os.environ.get("BENCH_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "work"))
    ap.add_argument("--seed", type=int, default=gen_corpus.DEFAULT_SEED)
    ap.add_argument("--write", metavar="FILE", help="also write the table here (Markdown)")
    args = ap.parse_args()

    work = os.path.join(os.path.abspath(args.work), "newsroom-%d" % args.stories)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    site = write_site(os.path.join(work, "content"), args.stories, args.seed, args.base_url)
    out = os.path.join(work, "out")
    changes = os.path.join(work, "changes.txt")
    # The build's clock in 2040: every generated story (one an hour from
    # 2020) is already published, the new one too.
    env = {"BROADSIDE_CACHE_DIR": os.path.join(work, "cache"), "SOURCE_DATE_EPOCH": "2208988800"}
    stories = sorted(f for f in os.listdir(site) if f.endswith(".md"))
    old = os.path.join(site, stories[len(stories) // 3])

    def publish():
        slug, text = story(args.seed, args.stories)
        with open(os.path.join(site, slug + ".md"), "w", encoding="utf-8") as f:
            f.write(text)

    def edit_text():
        with open(old, "a", encoding="utf-8") as f:
            f.write("\nA correction was added to this story.\n")

    def edit_title():
        with open(old, encoding="utf-8") as f:
            text = f.read()
        with open(old, "w", encoding="utf-8") as f:
            f.write(text.replace('title = "', 'title = "Updated: ', 1))

    def delete():
        os.remove(os.path.join(site, stories[len(stories) // 2]))

    steps = [("full", None), ("nothing", None), ("publish", publish),
             ("edit-text", edit_text), ("edit-title", edit_title), ("delete", delete)]
    rows = []
    for name, change in steps:
        if change:
            change()
        argv = [args.bin, "build", "--quiet", "--content", site, "--out", out,
                "--changes", changes]
        rc, wall, rss = timed_run(argv, work, env, os.path.join(work, "log.txt"),
                                  os.path.join(work, "rss.txt"))
        if rc != 0:
            sys.exit("bench/newsroom: %s failed (exit %d; log: %s)" % (
                name, rc, os.path.join(work, "log.txt")))
        files = sum(len(fs) for _, _, fs in os.walk(out))
        added, removed = count(changes)
        rows.append((name, wall, rss, added, removed, files))
        print("%-10s %8.3f s %8.1f MiB  +%d -%d of %d files" % (
            name, wall, rss / 1024, added, removed, files), flush=True)

    title = "%d stories%s" % (args.stories, ", with a base URL (feeds, sitemaps, share cards)"
                              if args.base_url else ", no base URL")
    table = ["### Newsroom: %s" % title, "",
             "| step | wall | peak RSS | files written or changed | removed | files in the output |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, wall, rss, added, removed, files in rows:
        table.append("| %s | %.3f s | %.0f MiB | %d | %d | %d |" % (
            name, wall, rss / 1024, added, removed, files))
    text = "\n".join(table) + "\n"
    if not os.access(GNU_TIME, os.X_OK):
        text += "\n(peak RSS without GNU time: includes the harness's own floor)\n"
    print()
    print(text)
    if args.write:
        with open(args.write, "a", encoding="utf-8") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
