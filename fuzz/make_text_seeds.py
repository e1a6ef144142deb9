"""Seed inputs of the query and snippet fuzz targets, from canonical records on standard input.

Usage: make_text_seeds.py QUERIES.tsv QUERY_SEED_DIR SNIPPET_SEED_DIR

Query seeds: the queries of QUERIES.tsv (qid<TAB>query lines) and, per record, its first title
words, a title phrase and a fielded, fuzzy and prefix form. Snippet seeds: a width byte, the
title's words as the matched line, then the abstract (the snippet target's input layout).
"""
import hashlib
import json
import os
import sys


def write(folder, data):
    """Writes data (bytes) to folder under a name made from its hash."""
    name = hashlib.md5(data).hexdigest()[:12]
    with open(os.path.join(folder, name), "wb") as out:
        out.write(data)


def main():
    queries_tsv, query_dir, snippet_dir = sys.argv[1:4]
    with open(queries_tsv, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if "\t" in line:
                write(query_dir, line.split("\t", 1)[1].rstrip("\n").encode())
    for number, line in enumerate(sys.stdin):
        record = json.loads(line)
        words = record.get("title", "").split()
        if not words:
            continue
        if number % 4 == 0:
            write(query_dir, " ".join(words[:3]).encode())
            write(query_dir, ('"%s" -%s' % (" ".join(words[:2]), words[-1])).encode())
            write(query_dir, ("title:%s~ %s* cat:%s" % (words[0], words[-1][:3], (record.get("categories") or ["cs.LG"])[0])).encode())
        abstract = record.get("abstract", "")
        if number % 2 == 0 and abstract:
            write(snippet_dir, bytes([number % 256]) + " ".join(words).encode() + b"\n" + abstract.encode())


if __name__ == "__main__":
    main()
