"""The bucket after a deploy (tests/deploy/run.sh, the s3 recipe): read back
with boto3 from the S3 server at $S3_ENDPOINT, it holds exactly the files
of the built site (argv[1]) but its dotfiles, each with the same bytes, the
content type and the Cache-Control that docs/deploying.md promises."""

import os
import sys
from pathlib import Path

import boto3

PAGE = "public, max-age=0, must-revalidate"
FEED = "public, max-age=300"
OTHER = "public, max-age=86400"


def expected(name):
    """The content type and Cache-Control of a file of the site."""
    if name.endswith(".html"):
        return "text/html; charset=utf-8", PAGE
    if name.endswith("atom.xml"):
        return "application/atom+xml", FEED
    if name.endswith("sitemap.xml"):
        return "application/xml", FEED
    if name.endswith(".jpg"):
        return "image/jpeg", OTHER
    if name.endswith(".png"):
        return "image/png", OTHER
    if name == "robots.txt":
        return "text/plain; charset=utf-8", OTHER
    raise AssertionError(f"the test site has a file it does not expect: {name}")


def main(dist, bucket):
    s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT"])
    root = Path(dist)
    files = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    keys = sorted(
        o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for o in page.get("Contents", [])
    )
    problems = []
    if keys != files:
        problems.append(f"the bucket holds {sorted(set(keys) ^ set(files))} where dist/ differs")
    kinds = set()
    for name in set(keys) & set(files):
        obj = s3.get_object(Bucket=bucket, Key=name)
        want_type, want_cache = expected(name)
        kinds.add(want_type)
        if obj["Body"].read() != (root / name).read_bytes():
            problems.append(f"{name}: its bytes differ from dist/")
        if obj.get("ContentType") != want_type:
            problems.append(f"{name}: Content-Type {obj.get('ContentType')!r}, not {want_type!r}")
        if obj.get("CacheControl") != want_cache:
            problems.append(f"{name}: Cache-Control {obj.get('CacheControl')!r}, not {want_cache!r}")
    # The site really had each kind of file the recipe treats apart.
    for kind in ["text/html; charset=utf-8", "application/atom+xml", "application/xml", "image/jpeg", "image/png"]:
        if kind not in kinds:
            problems.append(f"no {kind} file was checked")
    for p in problems:
        print("  " + p, file=sys.stderr)
    print(f"  {len(keys)} objects checked")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
