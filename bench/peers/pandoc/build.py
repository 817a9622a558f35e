#!/usr/bin/env python3
"""Build a many-story site with Pandoc, one pandoc process per page.

Pandoc has no site model, so bench/run works out the site ahead of time and
writes it to jobs.json: for each story its source file, its output path and
its "More from" list (the five newest other stories, as ready-made <a>
elements passed to the template with repeated -V more=...), plus a front page
whose Markdown list of links was written the same way.  This script only runs
pandoc for each page, NPROC at a time, as `make -j` would.

usage: build.py JOBS.json OUTDIR PANDOC [NPROC]
"""
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def main():
    jobs_path, out, pandoc = sys.argv[1:4]
    nproc = int(sys.argv[4]) if len(sys.argv) > 4 else os.cpu_count()
    with open(jobs_path, encoding="utf-8") as f:
        jobs = json.load(f)

    def run(job):
        dest = os.path.join(out, job["out"])
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        argv = [pandoc, job["src"], "--standalone", "--template", job["template"],
                "-o", dest]
        for m in job.get("more", []):
            argv += ["-V", "more=" + m]
        subprocess.run(argv, check=True)

    with ThreadPoolExecutor(max_workers=nproc) as pool:
        # list() re-raises the first failure.
        list(pool.map(run, jobs["pages"]))


if __name__ == "__main__":
    main()
