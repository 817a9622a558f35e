#!/usr/bin/env python3
"""Compare a site built by broadside with the same site built by its own
generator (Jekyll, Hugo, Zola), post by post.

For each post page of the generator's build (paths matching --posts), the
script looks for the same address in broadside's build (the story's page or
a redirect page leading to it) and compares the two bodies: words, links,
heading ids (anchors), images, heading levels, footnotes, embeds, and links
that lead nowhere in their own build (dead links).

    pip install beautifulsoup4 lxml
    scripts/compare-generators.py --theirs _site --ours dist \\
        --their-body 'article.post-content' --posts '^\\d{4}/\\d\\d/\\d\\d/.+\\.html$' \\
        --site-url https://blog.example.org

Prints a summary (and, with --details, each post that differs); --json
writes every number to a file.
"""

import argparse
import json
import os
import re
import sys
import urllib.parse
from collections import Counter

from bs4 import BeautifulSoup

EMBEDS = ("iframe", "script", "video", "audio", "object", "embed")
BLOCKS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "td", "th", "div",
          "br", "tr", "dt", "dd", "blockquote", "figcaption", "section", "table", "ul", "ol"]
EMBED_LINK = re.compile(r"^(Video on|Terminal recording|Embedded page)")


def read(path):
    with open(path, "rb") as f:
        return BeautifulSoup(f.read(), "lxml")


def page_file(root, rel):
    """The file that answers at `rel` in the build at `root`, or None."""
    rel = urllib.parse.unquote(rel.split("#")[0].split("?")[0]).lstrip("/")
    path = os.path.join(root, rel)
    if rel == "" or rel.endswith("/"):
        path = os.path.join(path, "index.html")
    if os.path.isfile(path):
        return path
    if os.path.isfile(os.path.join(path, "index.html")):
        return os.path.join(path, "index.html")
    if os.path.isfile(path + ".html"):
        return path + ".html"
    return None


def follow_redirect(root, path, soup):
    """The story page a broadside redirect page leads to, or the page itself."""
    meta = soup.find("meta", attrs={"http-equiv": re.compile("refresh", re.I)})
    if not meta or "url=" not in meta.get("content", "").lower():
        return path, soup
    target = meta["content"].split("=", 1)[1].strip()
    rel = os.path.relpath(
        os.path.normpath(os.path.join(os.path.dirname(path), target.split("#")[0])), root
    )
    final = page_file(root, rel)
    return (final, read(final)) if final else (None, None)


def facts(body):
    """What a post's body holds, as numbers and sets."""
    if body is None:
        return None
    for block in body.find_all(BLOCKS):
        block.append(" ")
    text = body.get_text("")
    headings = [int(h.name[1]) for h in body.find_all(re.compile(r"^h[1-6]$"))]
    ids = [h.get("id") for h in body.find_all(re.compile(r"^h[1-6]$")) if h.get("id")]
    links = [a["href"] for a in body.find_all("a", href=True)]
    refs = [
        h for h in links if re.match(r"^#(fn|footnote)[-:_]?(?!ref)", h) and not re.search(r"ref", h)
    ]
    zola_refs = body.select("sup.footnote-reference a")
    backs = [h for h in links if re.match(r"^#(fnref|footnote-ref|fr-)", h)]
    backs += [a for a in body.select("a.footnote-backref, a.reversefootnote")
              if not re.match(r"^#(fnref|footnote-ref|fr-)", a.get("href", ""))]
    embeds = [e for e in body.find_all(EMBEDS) if e.name != "script" or e.get("src")]
    embed_links = [a for a in body.find_all("a") if EMBED_LINK.match(a.get_text().strip())]
    return {
        "words": len(text.split()),
        "links": links,
        "ids": ids,
        "images": len(body.find_all("img")) + len(body.find_all("svg")),
        "headings": headings,
        "footnotes": max(len(refs), len(zola_refs)),
        "backlinks": len(backs),
        "embeds": len(embeds) + len(embed_links),
        "kept": len(body.find_all(["progress", "meter"])),
    }


def title_of(soup):
    """A page's headline, as words, for finding a page by it."""
    h1 = soup.find("h1")
    return " ".join(h1.get_text(" ").split()).lower() if h1 else None


TITLES = {}


def by_title(root, body):
    """The story pages of the build at `root`, by headline."""
    if root not in TITLES:
        found = {}
        for dirpath, _, files in os.walk(root):
            if "index.html" in files:
                path = os.path.join(dirpath, "index.html")
                soup = read(path)
                if soup.select_one(body) is not None:
                    found.setdefault(title_of(soup), path)
        TITLES[root] = found
    return TITLES[root]


def shape(levels):
    """Heading levels as an outline: for each heading, the one it stands
    under (the nearest before it of a lower level), so `h2, h4, h3` and
    `h2, h3, h3` compare equal, and `h3, h5, h5` and `h3, h4, h5` do not."""
    parents = []
    for i, level in enumerate(levels):
        parent = next((j for j in range(i - 1, -1, -1) if levels[j] < level), None)
        parents.append(parent)
    return parents


def dead_links(root, page, links, site_url):
    """The links of the page at `page` that lead to no file of its build."""
    dead = []
    for href in links:
        if href.startswith("#") or href.startswith("mailto:"):
            continue
        if site_url and href.startswith(site_url):
            rel = href[len(site_url):] or "/"
        elif href.startswith("/") and not href.startswith("//"):
            rel = href
        elif re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) or href.startswith("//"):
            continue
        else:
            here = os.path.relpath(os.path.dirname(page), root)
            rel = os.path.normpath(os.path.join(here, href.split("#")[0]))
            if href.endswith("/"):
                rel += "/"
            if rel.startswith(".."):
                dead.append(href)
                continue
        if page_file(root, rel) is None:
            dead.append(href)
    return dead


def compare(args):
    theirs, ours = args.theirs, args.ours
    posts = re.compile(args.posts)
    site_url = (args.site_url or "").rstrip("/")
    totals = Counter()
    differing = Counter()
    details = []
    seen = set()
    for dirpath, _, files in os.walk(theirs):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, theirs).replace(os.sep, "/")
            address = rel[: -len("index.html")] if rel.endswith("index.html") else rel
            if not posts.search(rel) or not name.endswith(".html"):
                continue
            their_soup = read(path)
            if their_soup.find("meta", attrs={"http-equiv": re.compile("refresh", re.I)}):
                continue  # the generator's own redirect page
            totals["posts"] += 1
            their = facts(their_soup.select_one(args.their_body))
            found = page_file(ours, address)
            our_path, our_soup = (None, None)
            if found is not None:
                our_path, our_soup = follow_redirect(ours, found, read(found))
            if our_soup is None:
                differing["address"] += 1
                # Compared all the same, found by its headline.
                our_path = by_title(ours, args.our_body).get(title_of(their_soup))
                if our_path is None:
                    details.append((rel, "old address does not answer; no page of that title"))
                    continue
                details.append((rel, "old address does not answer"))
                our_soup = read(our_path)
            else:
                totals["answering"] += 1
            seen.add(our_path)
            our = facts(our_soup.select_one(args.our_body))
            if their is None or our is None:
                details.append((rel, "no body found (check --their-body)"))
                continue
            our_ids = {e.get("id") for e in our_soup.find_all(id=True)}
            notes = []
            for key in ("words", "images", "footnotes", "backlinks", "embeds", "kept"):
                totals[f"{key}.theirs"] += their[key]
                totals[f"{key}.ours"] += our[key]
            totals["links.theirs"] += len(their["links"])
            totals["links.ours"] += len(our["links"])
            totals["anchors.theirs"] += len(their["ids"])
            missing = [i for i in their["ids"] if i not in our_ids]
            totals["anchors.missing"] += len(missing)
            if missing:
                differing["anchors"] += 1
                notes.append(f"{len(missing)} anchors missing: {' '.join('#' + m for m in missing[:4])}")
            if their["words"] and abs(our["words"] - their["words"]) > max(5, their["words"] // 50):
                differing["words"] += 1
                notes.append(f"words {their['words']} -> {our['words']}")
            for key in ("images", "footnotes", "backlinks", "embeds", "kept"):
                if their[key] != our[key]:
                    differing[key] += 1
                    notes.append(f"{key} {their[key]} -> {our[key]}")
            if len(their["links"]) != len(our["links"]):
                differing["links"] += 1
                notes.append(f"links {len(their['links'])} -> {len(our['links'])}")
            if shape(their["headings"]) != shape(our["headings"]):
                differing["headings"] += 1
                notes.append(f"headings {their['headings']} -> {our['headings']}")
            their_dead = dead_links(theirs, path, their["links"], site_url)
            our_dead = dead_links(ours, our_path, our["links"], site_url)
            totals["dead.theirs"] += len(their_dead)
            totals["dead.ours"] += len(our_dead)
            if len(our_dead) > len(their_dead):
                differing["dead"] += 1
                notes.append(f"dead links {' '.join(our_dead[:3])}")
            if notes:
                details.append((rel, "; ".join(notes)))
    return totals, differing, details


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--theirs", required=True, help="the generator's build folder")
    parser.add_argument("--ours", required=True, help="broadside's build folder")
    parser.add_argument("--their-body", required=True, help="CSS selector of a post's body in their pages")
    parser.add_argument("--our-body", default=".story-body", help="CSS selector of a story's body in ours")
    parser.add_argument("--posts", required=True, help="regular expression for post pages' paths in their build")
    parser.add_argument("--site-url", help="the site's address, so absolute links to it are checked too")
    parser.add_argument("--details", action="store_true", help="list every post that differs")
    parser.add_argument("--json", help="write the numbers to this file")
    args = parser.parse_args()
    totals, differing, details = compare(args)
    print(f"posts: {totals['posts']}, old addresses answering: {totals['answering']}")
    print(f"{'':12} {'theirs':>8} {'ours':>8} {'posts differing':>16}")
    rows = [
        ("words", "words.theirs", "words.ours", "words"),
        ("links", "links.theirs", "links.ours", "links"),
        ("anchors", "anchors.theirs", None, "anchors"),
        ("images", "images.theirs", "images.ours", "images"),
        ("headings", None, None, "headings"),
        ("footnotes", "footnotes.theirs", "footnotes.ours", "footnotes"),
        ("back-links", "backlinks.theirs", "backlinks.ours", "backlinks"),
        ("embeds", "embeds.theirs", "embeds.ours", "embeds"),
        ("progress", "kept.theirs", "kept.ours", "kept"),
        ("dead links", "dead.theirs", "dead.ours", "dead"),
    ]
    for label, t, o, d in rows:
        ours = totals[o] if o else ""
        if label == "anchors":
            ours = totals["anchors.theirs"] - totals["anchors.missing"]
        print(f"{label:12} {totals[t] if t else '':>8} {ours:>8} {differing[d]:>16}")
    print(f"{'address':12} {'':>8} {'':>8} {differing['address']:>16}")
    if args.details:
        for rel, note in details:
            print(f"{rel}: {note}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"totals": totals, "differing": differing, "details": details}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
