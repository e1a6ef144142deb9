#!/usr/bin/env python3
"""Checks a digest feed against the element rules of Atom 1.0 (RFC 4287), parsed with xml.etree.

Usage: check_atom.py FILE [--entries N] [--self URL] [--ids ID,ID...] [--no S]...

Asserts: well-formed XML whose root is an atom:feed; the feed has exactly one id, title and
updated, at most one subtitle, generator and rel="self" link, and an author unless every entry
has one; each entry has exactly one id, title and updated, at most one published, summary and
content, content or a rel="alternate" link, and at most one alternate link per type; ids are
IRIs (a scheme, no spaces) and unique; dates are RFC 3339; link hrefs are absolute http(s)
URLs; categories have a term; html content holds no script. --entries: the number of entries;
--self: the feed's self link; --ids: the entry ids in order; --no: text the file may not hold (as written, before
unescaping).
Exits 1 with the reason when a check fails.
"""

import argparse
import datetime
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

from checks import check, fail

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def children(element, name):
    return element.findall(ATOM + name)


def one(element, name, where):
    found = children(element, name)
    check(len(found) == 1, f"{where} has {len(found)} <{name}> elements, expected exactly one")
    return found[0]


def at_most_one(element, name, where):
    found = children(element, name)
    check(len(found) <= 1, f"{where} has {len(found)} <{name}> elements, expected at most one")
    return found[0] if found else None


def check_date(element, where):
    text = (element.text or "").strip()
    check(RFC3339.fullmatch(text), f"{where} <{element.tag[len(ATOM):]}> is no RFC 3339 date: {text!r}")
    datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def check_iri(text, where):
    check(re.match(r"[A-Za-z][A-Za-z0-9+.-]*:\S+$", text or ""), f"{where} id is no IRI: {text!r}")


def check_links(element, where):
    alternates = {}
    for link in children(element, "link"):
        href = link.get("href", "")
        parts = urllib.parse.urlsplit(href)
        check(parts.scheme in ("http", "https") and parts.netloc, f"{where} link href is not absolute http(s): {href!r}")
        check(not re.search(r"[\s<>\"]", href), f"{where} link href holds a space, quote or angle bracket: {href!r}")
        if link.get("rel", "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            check(key not in alternates, f"{where} has two alternate links of type {key}")
            alternates[key] = href
    return alternates


def check_entry(entry, index):
    where = f"entry {index}"
    identifier = one(entry, "id", where).text
    check_iri(identifier, where)
    one(entry, "title", where)
    check_date(one(entry, "updated", where), where)
    published = at_most_one(entry, "published", where)
    if published is not None:
        check_date(published, where)
    at_most_one(entry, "summary", where)
    content = at_most_one(entry, "content", where)
    alternates = check_links(entry, where)
    check(content is not None or alternates, f"{where} has neither content nor an alternate link")
    if content is not None and content.get("type") == "html":
        check("<script" not in (content.text or "").lower(), f"{where} content holds a script")
    for category in children(entry, "category"):
        check(category.get("term"), f"{where} has a category without a term")
    return identifier


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--entries", type=int)
    parser.add_argument("--self", dest="self_url")
    parser.add_argument("--ids")
    parser.add_argument("--no", action="append", default=[])
    args = parser.parse_args()

    try:
        root = ET.parse(args.file).getroot()
    except ET.ParseError as error:
        fail(f"not well-formed XML: {error}")
    check(root.tag == ATOM + "feed", f"the root is {root.tag}, not an Atom feed")
    check_iri(one(root, "id", "the feed").text, "the feed")
    one(root, "title", "the feed")
    check_date(one(root, "updated", "the feed"), "the feed")
    at_most_one(root, "subtitle", "the feed")
    at_most_one(root, "generator", "the feed")
    check_links(root, "the feed")
    selves = [link.get("href") for link in children(root, "link") if link.get("rel") == "self"]
    check(len(selves) <= 1, "the feed has more than one self link")
    if args.self_url is not None:
        check(selves == [args.self_url], f"self links {selves}, expected {args.self_url}")

    entries = children(root, "entry")
    ids = [check_entry(entry, i + 1) for i, entry in enumerate(entries)]
    check(len(set(ids)) == len(ids), f"entry ids are not unique: {ids}")
    if not children(root, "author"):
        check(all(children(entry, "author") for entry in entries), "neither the feed nor every entry has an author")
    if args.entries is not None:
        check(len(entries) == args.entries, f"{len(entries)} entries, expected {args.entries}")
    if args.ids is not None:
        check(ids == args.ids.split(","), f"entry ids {ids}, expected {args.ids}")
    written = open(args.file, encoding="utf-8").read()
    for unwanted in args.no:
        check(unwanted not in written, f"the feed holds {unwanted!r}")
    print(f"check_atom: ok, {len(entries)} entries")


if __name__ == "__main__":
    main()
