"""What the readers' own tools make of a built newsroom site.

Usage: check.py SITE_FOLDER BUILD_TIME

feedparser (the feed reader's parser) reads every Atom feed of the site;
extruct (the structured-data extractor) reads the JSON-LD of every story
page; the sitemaps are read as XML and checked against their formats' rules
(Google's news sitemap: at most 1,000 URLs, published in the two days before
the build). Prints what it read; exits 1 on the first problem.
"""

import glob
import os
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

import extruct
import feedparser

site, build_time = sys.argv[1], int(sys.argv[2])
problems = []


def problem(text):
    problems.append(text)
    print("problem:", text)


# Feeds: no bozo flag, every entry dated, full HTML content with absolute
# addresses and no data: URI.
feeds = sorted(glob.glob(os.path.join(site, "**", "atom.xml"), recursive=True))
bad = 0
for path in feeds:
    feed = feedparser.parse(path)
    if feed.bozo:
        bad += 1
        problem(f"{path}: {feed.bozo_exception}")
    for entry in feed.entries:
        if not entry.get("published_parsed") or entry.published_parsed.tm_year < 2000:
            problem(f"{path}: {entry.title}: no believable published date")
        content = entry.get("content") or []
        if not content or content[0].type != "text/html":
            problem(f"{path}: {entry.title}: no HTML content")
            continue
        html = content[0].value
        if "data:" in html or 'src="/' in html or 'href="../' in html:
            problem(f"{path}: {entry.title}: a data: URI or a relative address in the content")
print(f"feeds: {len(feeds)} read, {bad} with errors")

# The corrected story: updated at its correction, by two writers.
main = feedparser.parse(os.path.join(site, "atom.xml"))
fares = [e for e in main.entries if "Ferry Fares" in e.title]
if not fares or fares[0].updated != "2026-06-02T08:45:00+01:00":
    problem(f"atom.xml: the corrected story's <updated> is not its correction's date: {fares}")
elif [a.name for a in fares[0].authors] != ["Ana Ruiz", "Li Wei"]:
    problem(f"atom.xml: the corrected story's authors: {fares[0].authors}")

# Structured data, as extruct reads it.
stories = 0
for name in ("ferry-fares", "storm-live", "port-ar"):
    path = os.path.join(site, name, "index.html")
    with open(path, encoding="utf-8") as f:
        data = extruct.extract(f.read(), base_url=f"https://courier.example/{name}/", syntaxes=["json-ld"])
    items = data["json-ld"]
    if len(items) != 1:
        problem(f"{name}: {len(items)} JSON-LD items")
        continue
    item = items[0]
    stories += 1
    authors = item.get("author", [])
    if not authors or any(a.get("@type") != "Person" or not a.get("name") or not a.get("url") for a in authors):
        problem(f"{name}: author is not a list of Person with name and url: {authors}")
    if name == "storm-live":
        if item["@type"] != "LiveBlogPosting" or len(item.get("liveBlogUpdate", [])) != 4:
            problem(f"{name}: not a LiveBlogPosting with 4 updates: {item.get('@type')}")
        for update in item.get("liveBlogUpdate", []):
            if not update.get("url", "").startswith("https://courier.example/storm-live/#"):
                problem(f"{name}: an update without its anchor: {update}")
    else:
        corrections = item.get("correction", [])
        if item["@type"] != "NewsArticle" or [c.get("@type") for c in corrections] != ["CorrectionComment"]:
            problem(f"{name}: no CorrectionComment: {corrections}")
        if corrections and corrections[0].get("datePublished") != item.get("dateModified"):
            problem(f"{name}: the correction is not the last change: {item.get('dateModified')}")
print(f"pages: {stories} stories read")

# The news sitemap: the format's rules.
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}
news = ET.parse(os.path.join(site, "news-sitemap.xml")).getroot()
urls = news.findall("s:url", NS)
if not 0 < len(urls) <= 1000:
    problem(f"news-sitemap.xml: {len(urls)} URLs")
for url in urls:
    item = url.find("news:news", NS)
    publication = item.find("news:publication", NS)
    for field in ("news:name", "news:language"):
        if not (publication.findtext(field, namespaces=NS) or "").strip():
            problem(f"news-sitemap.xml: no {field}")
    published = datetime.fromisoformat(item.findtext("news:publication_date", namespaces=NS))
    age = build_time - published.astimezone(timezone.utc).timestamp()
    if not 0 <= age <= 2 * 86400:
        problem(f"news-sitemap.xml: {url.findtext('s:loc', namespaces=NS)} is {age / 3600:.0f} hours old")
    if not (item.findtext("news:title", namespaces=NS) or "").strip():
        problem("news-sitemap.xml: no news:title")
sitemap = ET.parse(os.path.join(site, "sitemap.xml")).getroot()
for url in sitemap.findall("s:url", NS):
    lastmod = url.findtext("s:lastmod", namespaces=NS)
    if lastmod:
        datetime.fromisoformat(lastmod.replace("Z", "+00:00"))
print(f"sitemaps: {len(urls)} news URLs, {len(sitemap.findall('s:url', NS))} URLs")
sys.exit(1 if problems else 0)
