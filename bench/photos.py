#!/usr/bin/env python3
"""The photo benchmark (issue 11): writes bench/photos.md and puts it in
BENCHMARKS.md as the section "Photos" (bench/run keeps that section).

Measures, with the release binary:
  - one 12-megapixel camera JPEG (tests/web/make-photo-story.sh makes it)
    built with --no-cache: the time to process one photo, whole process;
  - the photo story (that photo as the lead, a photograph in the body):
    page size, built with --no-cache and again from the cache;
  - 1,000 stories, each with its own 1600 x 1200 camera JPEG as the lead:
    a build with an empty cache, then rebuilds where nothing changed.

    python3 bench/photos.py [--stories N] [--runs N]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "broadside")
WORK = os.path.join(ROOT, "bench", "work", "photos")
SECTION = "## Photos"


def run(cmd, env=None):
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    return elapsed, done.stderr


def fmt(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "test-photos"], cwd=ROOT, check=True)
    subprocess.run(["bash", "tests/web/make-photo-story.sh"], cwd=ROOT, check=True)
    load_before = "%.2f %.2f %.2f" % os.getloadavg()
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    env = dict(os.environ, BROADSIDE_CACHE_DIR=os.path.join(WORK, "cache"))
    photos = os.path.join(ROOT, "tests", "web", ".photos", "content")

    # One 12-MP photo alone.
    one = os.path.join(WORK, "one")
    os.makedirs(one)
    shutil.copy(os.path.join(photos, "lead.jpg"), one)
    with open(os.path.join(one, "story.md"), "w") as f:
        f.write('+++\ntitle = "One photo"\n+++\n\n![A motorcycle](lead.jpg)\n')
    build_one = [BIN, "build", "--content", one, "--out", os.path.join(WORK, "one-out"), "--no-cache", "--quiet"]
    one_times = [run(build_one, env)[0] for _ in range(args.runs)]
    empty = os.path.join(WORK, "empty")
    os.makedirs(empty)
    with open(os.path.join(empty, "story.md"), "w") as f:
        f.write('+++\ntitle = "No photo"\n+++\n\nText.\n')
    build_empty = [BIN, "build", "--content", empty, "--out", os.path.join(WORK, "empty-out"), "--quiet"]
    empty_times = [run(build_empty, env)[0] for _ in range(args.runs)]

    # The photo story: page size, cold and cached.
    story_out = os.path.join(WORK, "story-out")
    build_story = [BIN, "build", "--content", photos, "--out", story_out, "--verbose"]
    cold_story = [run(build_story + ["--no-cache"], env)[0] for _ in range(args.runs)]
    run(build_story, env)
    warm_story = [run(build_story, env)[0] for _ in range(args.runs)]
    page = os.path.getsize(os.path.join(story_out, "index.html"))

    # 1,000 stories with photos.
    corpus = os.path.join(WORK, "corpus")
    subprocess.run([os.path.join(ROOT, "target", "release", "examples", "test-photos"), "corpus", str(args.stories), corpus],
                   cwd=ROOT, check=True)
    out = os.path.join(WORK, "corpus-out")
    build_corpus = [BIN, "build", "--content", corpus, "--out", out, "--verbose"]
    cold, cold_log = run(build_corpus, env)
    warm_runs = [run(build_corpus, env) for _ in range(3)]
    warm = statistics.median(t for t, _ in warm_runs)
    work_line = lambda log: next((l.strip() for l in log.splitlines() if l.strip().startswith("images:")), "?")

    text = f"""{SECTION}

Written by `bench/photos.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, release build, same machine
(2 cores; load average (1, 5, 15 min) at start / at end: {load_before} / {"%.2f %.2f %.2f" % os.getloadavg()}, other
work was running). Whole processes, wall time, median of {args.runs} runs unless said.

| what | time |
| --- | ---: |
| a story with no photo (the floor: start, templates, write) | {fmt(statistics.median(empty_times))} |
| a story with one 12-MP camera JPEG (4032 × 3024, EXIF orientation 6), `--no-cache` | {fmt(statistics.median(one_times))} (min {fmt(min(one_times))}) |
| the photo story (that photo as lead + one body photo), `--no-cache` | {fmt(statistics.median(cold_story))} |
| the photo story again, images from the cache | {fmt(statistics.median(warm_story))} |
| {args.stories:,} stories, each with its own 1600 × 1200 JPEG lead, empty cache (one run) | {fmt(cold)} — {work_line(cold_log)} |
| the same {args.stories:,} stories rebuilt, nothing changed (median of 3) | {fmt(warm)} — {work_line(warm_runs[0][1])} |

The photo story's page (`tests/web/make-photo-story.sh`: the sample story, a 12-MP lead
photo, one body photo) is **{page:,} bytes** (budget: 250,000).
"""
    with open(os.path.join(ROOT, "bench", "photos.md"), "w") as f:
        f.write(text)
    bench = os.path.join(ROOT, "BENCHMARKS.md")
    with open(bench) as f:
        current = f.read()
    before = current.split("\n" + SECTION + "\n")[0].rstrip("\n")
    formats = os.path.join(ROOT, "bench", "formats.md")
    extra = open(formats).read() if os.path.exists(formats) else ""
    with open(bench, "w") as f:
        f.write(before + "\n\n" + text + ("\n" + extra if extra else ""))
    print(text)


if __name__ == "__main__":
    main()
