#!/usr/bin/env python3
"""Deterministic benchmark corpora for broadside.

Writes Markdown news stories with TOML front matter (between `+++` lines):
title, description, date (distinct, RFC 3339, 2020-01-01T00:00:00Z plus i
hours) and slug.  Each story is about 600 words of varied Markdown:
paragraphs, emphasis, strong emphasis, inline code, links, a block quote, a
list, a pipe table and a footnote, plus a little non-ASCII text and
characters that need escaping in HTML.

Layout written for a corpus named NAME under OUT:

    OUT/NAME/broadside/site.toml      broadside's site settings (SITE_TOML)
    OUT/NAME/broadside/<slug>.md      one file per story

Everything is a pure function of (seed, count, big size): same inputs, same
bytes.  Run `gen_corpus.py --help` for the command line; bench/run calls it.

The things broadside's input format depends on are kept together here:
SITE_TOML, DATE_STYLE and front_matter().
"""

import argparse
import datetime as dt
import hashlib
import os
import random
import shutil
import sys

# ---------------------------------------------------------------------------
# The one place for broadside's input format.
# ---------------------------------------------------------------------------

# broadside's site.toml, written next to the stories.
SITE_TOML = """\
name = "Bench Outlet"

[more_from]
count = 5
"""

# "string":   date = "2020-01-01T05:00:00Z"   (a TOML string holding RFC 3339)
# "datetime": date = 2020-01-01T05:00:00Z     (a TOML offset date-time)
# Hugo and Zola read both.
DATE_STYLE = "string"

BASE_DATE = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
DEFAULT_SEED = 20260101
WORDS_PER_STORY = 600


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def story_date(i):
    d = BASE_DATE + dt.timedelta(hours=i)
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def front_matter(title, description, date, slug):
    date_val = toml_str(date) if DATE_STYLE == "string" else date
    return (
        "+++\n"
        f"title = {toml_str(title)}\n"
        f"description = {toml_str(description)}\n"
        f"date = {date_val}\n"
        f"slug = {toml_str(slug)}\n"
        "+++\n"
    )


# ---------------------------------------------------------------------------
# Text generation.
# ---------------------------------------------------------------------------

NOUNS = """council budget harbour mayor committee report inquiry minister
school hospital river bridge railway station market festival museum library
union strike contract election ballot district neighbourhood residents
developer planning permit court judge verdict appeal police officer witness
storm flood drought harvest farmers factory workers wages prices inflation
energy grid turbine solar battery pipeline airport runway ferry tunnel road
traffic cyclists pedestrians teachers students university researchers study
survey data agency regulator company shares investors board chairman chief
executive spokesperson statement audit deficit surplus tax levy fund grant
charity volunteers clinic vaccine doctors nurses patients ward ambulance
archive document letter memo email meeting hearing session vote motion
amendment law bill proposal scheme project contractor tender delay cost
overrun schedule deadline season team coach match stadium fans league title
player transfer club owner broadcaster newspaper editor reporter column
""".split()

VERBS = """approved rejected delayed announced confirmed denied launched
cancelled postponed reviewed questioned criticised defended welcomed warned
reported revealed published signed extended suspended reopened closed
expanded reduced increased doubled halved promised demanded proposed
endorsed blocked challenged investigated estimated predicted recorded
""".split()

ADJS = """local regional national annual quarterly final preliminary public
private independent emergency temporary permanent controversial popular
historic modern ageing new former senior junior municipal federal coastal
rural urban northern southern eastern western central formal informal
unexpected expected significant modest sharp steady gradual
""".split()

ADVS = """sharply quietly publicly formally narrowly broadly largely
reportedly initially eventually repeatedly briefly firmly cautiously""".split()

NAMES = """Ana Ruiz|Tomás Novák|Zoë Lindqvist|Kwame Mensah|Priya Raman|Jonas
Weber|Mei Tanaka|Olusegun Adeyemi|Chloé Marchand|Sven Øberg|Fatima Haddad|
Liam O'Connor|Björn Sæther|Inés Castaño|Dmitri Volkov|Aisha Bello""".replace(
    "\n", " ").split("|")
NAMES = [n.strip() for n in NAMES]

PLACES = """Northport|São Vicente|Kirkby Lonsdale|Villeneuve|Ærøskøbing|
Riverside|Port Ellen|Zürichberg|Mill Creek|Łódź East|Eastbrook|Westhaven""".replace(
    "\n", "").split("|")

ORGS = ["AT&T", "R&D Board", "Smith & Sons", "Harbour Trust", "City Works",
        "Transit Authority", "Water & Power", "Arts Council"]

DOMAINS = ["example.com", "example.org", "example.net"]


class Gen:
    def __init__(self, rng):
        self.r = rng

    def w(self, lst):
        return self.r.choice(lst)

    def clause(self):
        r = self.r
        parts = [
            "the", self.w(ADJS), self.w(NOUNS), self.w(VERBS),
            "the", self.w(NOUNS), "on", r.choice(["Monday", "Tuesday",
                                                  "Wednesday", "Thursday",
                                                  "Friday"]),
        ]
        tail = r.random()
        if tail < 0.25:
            parts += ["after", "a", self.w(ADJS), self.w(NOUNS)]
        elif tail < 0.45:
            parts += ["in", self.w(PLACES)]
        elif tail < 0.6:
            parts += ["according", "to", self.w(NAMES)]
        elif tail < 0.7:
            parts += ["with", self.w(ORGS)]
        elif tail < 0.8:
            parts += [self.w(ADVS), "by", str(r.randint(2, 97)), "per", "cent"]
        return parts

    def inline(self, words, allow_link=True):
        """Decorate a list of words with inline Markdown (emphasis, strong,
        code, link) on non-overlapping spans; return a string."""
        r = self.r
        out = list(words)
        n = len(out)
        used = set()

        def span(length):
            if n - 1 - length < 1:
                return None
            i = r.randrange(1, n - length)
            if any(j in used for j in range(i, i + length)):
                return None
            used.update(range(i, i + length))
            return i

        if allow_link and n > 8 and r.random() < 0.4:
            i = span(3)
            if i is not None:
                url = "https://%s/%s/%d" % (self.w(DOMAINS), self.w(NOUNS),
                                             r.randint(1, 99999))
                out[i] = "[" + out[i]
                out[i + 2] = out[i + 2] + "](" + url + ")"
        if n > 6 and r.random() < 0.35:
            i = span(2)
            if i is not None:
                out[i] = "**" + out[i]
                out[i + 1] = out[i + 1] + "**"
        if n > 6 and r.random() < 0.5:
            i = span(1)
            if i is not None:
                out[i] = "*" + out[i] + "*"
        if n > 8 and r.random() < 0.08:
            i = span(1)
            if i is not None:
                out[i] = "`" + out[i] + "`"
        return " ".join(out)

    def sentence(self):
        words = self.clause()
        if self.r.random() < 0.4:
            words += [self.r.choice(["and", "while", "but", "as"])] + self.clause()
        s = self.inline(words)
        s = s[0].upper() + s[1:]
        return s + self.r.choice([".", ".", ".", ".", "?", "!"])

    def paragraph(self, budget):
        sents, count = [], 0
        while count < budget:
            s = self.sentence()
            sents.append(s)
            count += len(s.split())
        return " ".join(sents), count

    def title(self):
        r = self.r
        words = [self.w(ADJS), self.w(NOUNS), self.w(VERBS), "after",
                 self.w(NOUNS), self.w(NOUNS)]
        if r.random() < 0.3:
            words += ["in", self.w(PLACES)]
        return " ".join(x[0].upper() + x[1:] for x in words)

    def description(self):
        words = ["The", self.w(NOUNS), self.w(VERBS), "the", self.w(ADJS),
                 self.w(NOUNS), "in", self.w(PLACES) + ",", "sources", "said"]
        return " ".join(words) + "."

    def body(self, label="1", target=WORDS_PER_STORY):
        """About `target` words of Markdown; `label` names the footnote."""
        r = self.r
        blocks, words = [], 0

        def para(budget):
            nonlocal words
            p, c = self.paragraph(budget)
            blocks.append(p)
            words += c

        para(r.randint(55, 80))
        para(r.randint(45, 70))

        # Block quote, sometimes two paragraphs long.
        q, c = self.paragraph(r.randint(25, 45))
        quote = "> " + q
        if r.random() < 0.3:
            q2, c2 = self.paragraph(15)
            quote += "\n>\n> " + q2
            c += c2
        quote += "\n>\n> — " + self.w(NAMES) + ", " + self.w(ORGS)
        blocks.append(quote)
        words += c + 4

        para(r.randint(40, 60))

        # A list: bulleted or numbered.
        ordered = r.random() < 0.35
        items = []
        for k in range(r.randint(4, 6)):
            it = self.inline(self.clause(), allow_link=r.random() < 0.3)
            it = it[0].upper() + it[1:] + "."
            items.append(("%d. " % (k + 1) if ordered else "- ") + it)
            words += len(it.split())
        blocks.append("\n".join(items))

        # A paragraph carrying the footnote reference.
        p, c = self.paragraph(r.randint(40, 60))
        cut = p.find(". ")
        if cut > 0:
            p = p[:cut + 1] + "[^%s]" % label + p[cut + 1:]
        else:
            p += "[^%s]" % label
        blocks.append(p)
        words += c

        # A table.
        rows = ["| Item | Place | Amount |", "| --- | --- | ---: |"]
        for _ in range(r.randint(3, 5)):
            rows.append("| %s %s | %s | %s |" % (
                self.w(ADJS).capitalize(), self.w(NOUNS), self.w(PLACES),
                "{:,}".format(r.randint(1000, 9999999))))
            words += 4
        blocks.append("\n".join(rows))

        while words < target - 15:
            para(min(r.randint(45, 80), max(20, target - words)))

        fn, c = self.paragraph(r.randint(12, 20))
        blocks.append("[^%s]: %s" % (label, fn))
        return "\n\n".join(blocks) + "\n"


def slugify(s):
    out = []
    for ch in s.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def make_story(seed, i):
    rng = random.Random("%d/story/%d" % (seed, i))
    g = Gen(rng)
    title = g.title()
    slug = "%05d-%s" % (i, slugify(title))
    fm = front_matter(title, g.description(), story_date(i), slug)
    return slug, fm + "\n" + g.body()


def make_big_story(seed, size_bytes):
    rng = random.Random("%d/big" % seed)
    g = Gen(rng)
    title = "The Long Read: " + g.title()
    slug = "long-read-" + slugify(title)[len("the-long-read-"):]
    parts = [front_matter(title, g.description(), story_date(0), slug), "\n"]
    size = sum(len(p.encode()) for p in parts)
    k = 0
    while size < size_bytes:
        k += 1
        chunk = "## Part %d: %s\n\n%s\n" % (k, g.title(), g.body(label="p%d" % k))
        parts.append(chunk)
        size += len(chunk.encode())
    return slug, "".join(parts)


def write_corpus(dest, stories):
    """stories: iterable of (slug, text). Writes dest/broadside/."""
    bdir = os.path.join(dest, "broadside")
    if os.path.exists(bdir):
        shutil.rmtree(bdir)
    os.makedirs(bdir)
    with open(os.path.join(bdir, "site.toml"), "w", encoding="utf-8") as f:
        f.write(SITE_TOML)
    n = 0
    for slug, text in stories:
        with open(os.path.join(bdir, slug + ".md"), "w", encoding="utf-8",
                  newline="\n") as f:
            f.write(text)
        n += 1
    return n


def fingerprint(kind, seed, n):
    h = hashlib.sha256()
    with open(os.path.abspath(__file__), "rb") as f:
        h.update(f.read())
    h.update(("%s/%d/%d" % (kind, seed, n)).encode())
    return h.hexdigest()[:16]


def generate(dest, kind, n, seed=DEFAULT_SEED, force=False):
    """kind 'stories' (n stories) or 'big' (one story of n MiB).
    Skips work when dest/STAMP matches.  Returns True if it wrote."""
    stamp = os.path.join(dest, "STAMP")
    fp = fingerprint(kind, seed, n)
    if not force and os.path.exists(stamp):
        with open(stamp) as f:
            if f.read().strip() == fp:
                return False
    os.makedirs(dest, exist_ok=True)
    if os.path.exists(stamp):
        os.remove(stamp)
    if kind == "stories":
        write_corpus(dest, (make_story(seed, i) for i in range(n)))
    elif kind == "big":
        write_corpus(dest, [make_big_story(seed, n * 1024 * 1024)])
    else:
        raise ValueError(kind)
    with open(stamp, "w") as f:
        f.write(fp + "\n")
    return True


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dest", help="corpus folder (broadside/ is made inside)")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--stories", type=int, metavar="N",
                   help="N stories of about %d words" % WORDS_PER_STORY)
    g.add_argument("--big-mib", type=int, metavar="M",
                   help="one story of at least M MiB")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--force", action="store_true",
                    help="regenerate even if the stamp matches")
    a = ap.parse_args(argv)
    kind, n = ("stories", a.stories) if a.stories is not None else ("big", a.big_mib)
    wrote = generate(a.dest, kind, n, a.seed, a.force)
    print("%s %s" % ("wrote" if wrote else "up to date:", a.dest), file=sys.stderr)


if __name__ == "__main__":
    main()
