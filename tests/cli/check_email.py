#!/usr/bin/env python3
"""Checks a digest email with Python's own MIME parser (email.policy.default).

Usage: check_email.py FILE [--subject S] [--from F] [--to T] [--text-has S]... [--html-has S]...
       [--html-no S]...

Asserts: CRLF line ends only; header lines within 78 columns and body lines within 76; no
parser defects; From, To, Subject, Date, Message-ID, MIME-Version 1.0 and Auto-Submitted
present (decoded headers equal to --subject/--from/--to when given); multipart/alternative with
one text/plain and one text/html part, both quoted-printable UTF-8 that decode strictly; the
boundary occurs in neither part; the HTML is a whole document without scripts, event handlers,
styles sheets or anything loaded from elsewhere. --text-has/--html-has: text the decoded part must
hold; --html-no: text the decoded HTML part may not hold (plain text may show anything). Exits 1 with the reason when a check fails.
"""

import argparse
import email
import email.policy
import email.utils
import re
import sys

from checks import check, fail


def check_lines(raw):
    check(b"\n" not in raw.replace(b"\r\n", b""), "a line ends in a bare LF or CR")
    head, _, body = raw.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        check(len(line) <= 78, f"header line of {len(line)} columns: {line[:90]!r}")
        check(line.isascii(), f"header line with non-ASCII bytes: {line[:90]!r}")
    for line in body.split(b"\r\n"):
        check(len(line) <= 76, f"body line of {len(line)} columns: {line[:90]!r}")
        check(line != b".", "a body line holding a lone '.' (sendmail would stop there)")


def decoded_part(part):
    check(part.get("Content-Transfer-Encoding", "").lower() == "quoted-printable",
          f"{part.get_content_type()} is not quoted-printable")
    check(part.get_content_charset() == "utf-8", f"{part.get_content_type()} is not UTF-8")
    payload = part.get_payload(decode=True)
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError as error:
        fail(f"{part.get_content_type()} does not decode as UTF-8: {error}")


def check_html(html):
    lower = html.lower()
    check(lower.startswith("<!doctype html>") and "</html>" in lower, "the HTML part is no whole document")
    check("<script" not in lower, "the HTML part holds a script")
    check("<style" not in lower and "<link" not in lower, "the HTML part holds a style sheet or a link element")
    check(not re.search(r"<(img|iframe|object|embed|video|audio|form|input)\b", lower), "the HTML part loads or embeds something")
    check("url(" not in lower and "@import" not in lower, "the HTML part's styles load something")
    check(not re.search(r"<[^>]*\son[a-z]+\s*=", lower), "the HTML part has an event handler attribute")
    for href in re.findall(r'href="([^"]*)"', html):
        check(re.match(r"(?i)https?://", href), f"a link that is not http(s): {href}")
    check("<table" in lower and 'style="' in lower, "the HTML part is not laid out with tables and inline styles")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--subject")
    parser.add_argument("--from", dest="sender")
    parser.add_argument("--to")
    parser.add_argument("--text-has", action="append", default=[])
    parser.add_argument("--html-has", action="append", default=[])
    parser.add_argument("--html-no", action="append", default=[])
    args = parser.parse_args()

    raw = open(args.file, "rb").read()
    check_lines(raw)
    message = email.message_from_bytes(raw, policy=email.policy.default)
    check(not message.defects, f"message defects: {message.defects}")
    for name in ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Auto-Submitted"):
        check(message[name] is not None, f"no {name} header")
    check(message["MIME-Version"] == "1.0", "MIME-Version is not 1.0")
    check(message["Auto-Submitted"] == "auto-generated", "Auto-Submitted is not auto-generated")
    check(email.utils.parsedate_to_datetime(message["Date"]) is not None, "Date does not parse")
    check(re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", message["Message-ID"]), f"malformed Message-ID {message['Message-ID']}")
    for name, expected in (("Subject", args.subject), ("From", args.sender), ("To", args.to)):
        if expected is not None:
            check(str(message[name]) == expected, f"{name} decodes to {str(message[name])!r}, expected {expected!r}")

    check(message.get_content_type() == "multipart/alternative", f"content type {message.get_content_type()}")
    parts = list(message.iter_parts())
    types = [part.get_content_type() for part in parts]
    check(types == ["text/plain", "text/html"], f"parts {types}, expected text/plain then text/html")
    for part in parts:
        check(not part.defects, f"{part.get_content_type()} defects: {part.defects}")
    text, html = (decoded_part(part) for part in parts)
    boundary = message.get_boundary()
    for part in parts:
        check(boundary not in part.get_payload(), "the boundary occurs inside a part")
    check_html(html)
    for wanted in args.text_has:
        check(wanted in text, f"the text part lacks {wanted!r}")
    for wanted in args.html_has:
        check(wanted in html, f"the HTML part lacks {wanted!r}")
    for unwanted in args.html_no:
        check(unwanted not in html, f"the HTML part holds {unwanted!r}")
    print(f"check_email: ok, subject {str(message['Subject'])!r}, {len(text)} + {len(html)} characters")


if __name__ == "__main__":
    main()
