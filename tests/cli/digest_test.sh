#!/usr/bin/env bash
# End-to-end tests of `paperfeed digest`: help and usage errors, every format on hand-made feeds
# (the email parsed back by Python's email package, the Atom feed checked against RFC 4287's
# element rules), a hostile feed that must stay escaped, the empty digest, the --seen state file
# across two runs, and the real Hugging Face daily papers when ../shared/corpora is there.
# Run by ctest (test "digest_cli").
set -uo pipefail
: "${PAPERFEED:?path of the paperfeed binary}" "${TEST_DATA:?tests/data}" "${EXAMPLES_DATA:?examples/data}"
here=$(cd "$(dirname "$0")" && pwd)
papers="$TEST_DATA/digest-papers.jsonl"
hostile="$TEST_DATA/digest-hostile.jsonl"
date=2026-11-27T06:00:00Z
source "$(dirname "$0")/lib.sh"

digest() { "$PAPERFEED" digest "$@"; }

# Help and usage errors.
check "digest --help" grep -q "Usage: paperfeed digest" <(digest --help)
check "paperfeed --help digest" grep -q "Usage: paperfeed digest" <("$PAPERFEED" --help digest)
check "the main help lists digest" grep -q "^  digest " <("$PAPERFEED" --help)
check "unknown format is refused" test "$(status_of digest "$papers" --format docx)" = 2
check "the refusal says why" grep -q "unknown digest format 'docx'" <(digest "$papers" --format docx 2>&1)
check "unknown option is refused" test "$(status_of digest "$papers" --frobnicate)" = 2
check "unknown sort is refused" test "$(status_of digest "$papers" --sort best)" = 2
check "--top 0 is refused" test "$(status_of digest "$papers" --top 0)" = 2
check "a bad --since is refused" test "$(status_of digest "$papers" --since 2026-02-30)" = 2
check "a bad --date is refused" test "$(status_of digest "$papers" --date yesterday)" = 2
check "a date-time not in UTC is refused" test "$(status_of digest "$papers" --date 2026-11-27T06:00:00+01:00)" = 2
check "--since with --days is refused" test "$(status_of digest "$papers" --since 2026-11-01 --days 3)" = 2
check "email without --to is refused" test "$(status_of digest "$papers" --format email)" = 2
check "a malformed --to is refused" test "$(status_of digest "$papers" --format email --to 'not an address')" = 2
check "a --to with a line break is refused" test "$(status_of digest "$papers" --format email --to $'a@x.org\r\nBcc: b@y.org')" = 2
check "no FILE is refused" test "$(status_of digest --query x)" = 2
check "--days past its limit is refused" test "$(status_of digest "$papers" --days 9223372036854775808)" = 2
check "the refusal of --days says the limit" grep -q "^paperfeed: --days takes at most 100000$" <(digest "$papers" --days 100001 2>&1)
check "--days at its limit is served" test "$(status_of digest "$papers" --days 100000 --date "$date")" = 0
check "a quoted argument is one short printable line" test "$(digest "$papers" --sort $'best\e[2J\nBcc: x'"$(printf '%01000d' 0)" 2>&1 | grep -c .)" = 2
check "...without its escape" test "$(digest "$papers" --sort $'best\e[2J' 2>&1 | grep -c $'\e')" = 0
check "an option without its value is refused" test "$(status_of digest "$papers" --query)" = 2
check "a missing feed fails" test "$(status_of digest "$work/no-such-feed.jsonl")" = 1

# Every format on the hand-made feed.
select=(--query 'diffusion OR video' --exclude 'survey,"large language"' --days 7 --date "$date" --sort upvotes)
digest "$papers" "${select[@]}" --format json >"$work/digest.json"
check "json exits 0" test $? = 0
check "json picks the week's papers, the excluded left out" py "
import json; d = json.load(open('$work/digest.json'))
assert [p['id'] for p in d['papers']] == ['2611.00001', '2611.00005', 'doi:10.5555/digest.7'], [p['id'] for p in d['papers']]
assert d['query'] == 'diffusion OR video' and d['exclude'] == ['survey', 'large language'] and d['since'] == '2026-11-20', d
assert d['sort'] == 'upvotes' and d['matching'] == 3 and d['already_seen'] == 0 and d['date'] == '$date', d
first = d['papers'][0]
assert first['why'] == {'matched': ['video', 'diffusion', 'videos'], 'upvotes': 120, 'stars': 3400, 'score': first['why']['score']}, first['why']
assert first['title'].startswith('Video Diffusion') and '<mark>diffusion</mark>' in first['snippet']['abstract'], first
assert first['url'] == 'https://arxiv.org/abs/2611.00001' and first['sources'] == ['paperfeed'], first"

digest "$papers" "${select[@]}" --format text >"$work/digest.txt"
check "text has the heading and the summary" py "
t = open('$work/digest.txt', encoding='utf-8').read()
assert t.startswith('paperfeed digest \u2014 2026-11-27\n'), t[:80]
assert '3 new papers matching \u201cdiffusion OR video\u201d, without \u201csurvey\u201d, \u201clarge language\u201d, listed since 2026-11-20, ranked by upvotes (3 matched).' in ' '.join(t.split()), t[:400]
assert '1. Video Diffusion Transformers for Minute-Long Generation' in t
assert 'Why: matched: video, diffusion, videos \u00b7 120 upvotes \u00b7 3.4k stars' in t
assert '   Code: https://github.com/example/vdt' in t
assert max(len(l) for l in t.splitlines() if not l.lstrip().startswith(('Abstract:', 'PDF:', 'Code:', 'Project page:'))) <= 76"

digest "$papers" "${select[@]}" --format markdown >"$work/digest.md"
check "markdown links the titles" grep -qF '## 1. [Video Diffusion Transformers for Minute-Long Generation](https://arxiv.org/abs/2611.00001)' "$work/digest.md"
check "markdown bolds the matched words" grep -qF '> We scale **video** **diffusion** transformers' "$work/digest.md"

digest "$papers" "${select[@]}" --format atom --feed-url https://example.org/digest.xml -o "$work/digest.xml"
check "atom written with -o" test -s "$work/digest.xml"
check "atom follows RFC 4287" python3 "$here/check_atom.py" "$work/digest.xml" --entries 3 --self https://example.org/digest.xml \
  --ids 'urn:paperfeed:paper:2611.00001,urn:paperfeed:paper:2611.00005,urn:paperfeed:paper:doi:10.5555/digest.7'
digest "$papers" "${select[@]}" --format atom >"$work/again.xml"
check "feed and entry ids are stable from run to run" py "
import re; a, b = (re.findall(r'<id>([^<]*)</id>', open(p).read()) for p in ('$work/digest.xml', '$work/again.xml'))
assert a == b and a[0].startswith('urn:paperfeed:digest:'), (a, b)"

digest "$papers" "${select[@]}" --format email --to 'Zoë Ångström <zoe@example.org>, bob@example.com' \
  --from 'Paper Digest <digest@example.net>' >"$work/digest.eml"
check "email exits 0" test $? = 0
check "email parses back with both parts" python3 "$here/check_email.py" "$work/digest.eml" \
  --subject 'paperfeed digest: 3 new papers — 2026-11-27' --from 'Paper Digest <digest@example.net>' \
  --to 'Zoë Ångström <zoe@example.org>, bob@example.com' \
  --text-has 'Zoë' --html-has 'Naïve' --html-has 'https://github.com/example/vdt'
check "email Message-ID is on the sender's domain" grep -q '^Message-ID: <paperfeed\.[0-9a-f]*@example\.net>' "$work/digest.eml"
digest "$papers" "${select[@]}" --format email --to 'ada@example.org' --subject 'Ünïcode subject, long enough to be folded over more than one header line' >"$work/subject.eml"
check "a long non-ASCII subject is encoded and folded" python3 "$here/check_email.py" "$work/subject.eml" \
  --subject 'Ünïcode subject, long enough to be folded over more than one header line' --from 'ada@example.org' --to 'ada@example.org'
digest "$papers" "${select[@]}" --format html >"$work/digest.html"
check "html is the email's HTML part" py "
import email, email.policy
m = email.message_from_bytes(open('$work/digest.eml', 'rb').read(), policy=email.policy.default)
assert list(m.iter_parts())[1].get_content().replace('\r\n', '\n') == open('$work/digest.html', encoding='utf-8').read()"

# An index first, then nothing or a feed: the same digest.
"$PAPERFEED" index "$papers" -o "$work/papers.pfi" 2>/dev/null
digest "$work/papers.pfi" "${select[@]}" --format json >"$work/from-index.json"
check "a digest of the index equals the digest of the feed" cmp -s "$work/digest.json" "$work/from-index.json"

# Hostile feed text stays inert in every format.
hostile_select=(--query diffusion --date "$date" --sort upvotes)
digest "$hostile" "${hostile_select[@]}" --format html >"$work/hostile.html"
check "hostile html has no script, handler or non-http link" py "
import re; h = open('$work/hostile.html', encoding='utf-8').read(); low = h.lower()
assert '<script' not in low and '<img' not in low and not re.search(r'<[^>]*\son[a-z]+=', low), 'markup got through'
assert '&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; &quot;quotes&quot; &#39;apos&#39;' in h
assert all(re.match(r'(?i)https?://', u) for u in re.findall(r'href=\"([^\"]*)\"', h))
assert 'javascript:' not in ''.join(re.findall(r'href=\"([^\"]*)\"', h)) and 'data:' not in ''.join(re.findall(r'href=\"([^\"]*)\"', h))
assert not re.search('[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\ufffe\uffff]', h), 'a control character got through'
assert 'NUL\ufffd ESC\ufffd[31m BEL\ufffd C1\ufffd \ufffd\ufffd' in h"
digest "$hostile" "${hostile_select[@]}" --format atom >"$work/hostile.xml"
check "hostile atom is well-formed and valid" python3 "$here/check_atom.py" "$work/hostile.xml" --entries 3 --no '<script' --no ']]>' \
  --ids 'urn:paperfeed:paper:2612.00001,urn:paperfeed:paper:2612.00003,urn:paperfeed:paper:2612.00002'
digest "$hostile" "${hostile_select[@]}" --format markdown >"$work/hostile.md"
check "hostile markdown stays literal" py "
import re; m = open('$work/hostile.md', encoding='utf-8').read()
assert '## 1. \\\\<script\\\\>alert(1)\\\\</script\\\\> \\\\]\\\\]\\\\> \\\\& \"quotes\"' in m, m[:300]
assert '\\\\*bold\\\\* \\\\_u\\\\_ \\\\[x\\\\](javascript:alert(1)) \\\\# not a heading' in m
assert '\n# Injected' not in m and '\n- injected' not in m and '> 1\\\\. **Diffusion**' in m
assert not re.search(r'(?<!\\\\)\\][(]javascript', m) and '[Project page](https://Example.org/a%20b%28c%29%3Cd%3E)' in m"
digest "$hostile" "${hostile_select[@]}" --format json >"$work/hostile.json"
check "hostile json parses with controls replaced" py "
import json; d = json.load(open('$work/hostile.json'))
t = d['papers'][0]['title']
assert t.startswith('<script>alert(1)</script> ]]> & ') and '\x00' not in t and '\x1b' not in t and 'NUL\ufffd' in t, t
assert d['papers'][2]['title'] == 'Line one # Injected heading  - injected item', d['papers'][2]['title']"
digest "$hostile" "${hostile_select[@]}" --format text >"$work/hostile.txt"
check "hostile text has no control character" py "
import re; t = open('$work/hostile.txt', encoding='utf-8').read()
assert not re.search('[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]', t) and 'ESC\ufffd[31m' in t"
digest "$hostile" "${hostile_select[@]}" --format email --to 'Zoë <zoe@example.org>' >"$work/hostile.eml"
check "hostile email parses back, its HTML inert" python3 "$here/check_email.py" "$work/hostile.eml" \
  --to 'Zoë <zoe@example.org>' --html-no '<script' --html-has '&lt;script&gt;alert(1)'

# The empty digest is a complete document in every format.
for format in text markdown html json atom; do
  digest "$papers" --query nosuchwordanywhere --date "$date" --format "$format" >"$work/empty.$format"
  check "empty $format exits 0" test $? = 0
  check "empty $format says so" grep -qF 'No new papers matched “nosuchwordanywhere”' "$work/empty.$format"
done
check "empty atom is a valid feed without entries" python3 "$here/check_atom.py" "$work/empty.atom" --entries 0
check "empty json has no papers" py "
import json; d = json.load(open('$work/empty.json')); assert d['papers'] == [] and d['matching'] == 0, d"
digest "$papers" --query nosuchwordanywhere --date "$date" --format email --to ada@example.org >"$work/empty.eml"
check "empty email parses back" python3 "$here/check_email.py" "$work/empty.eml" \
  --subject 'paperfeed digest: no new papers — 2026-11-27' --text-has 'No new papers matched' --html-has 'No new papers matched'

# --seen across two runs: the second leaves out what the first sent, the file holds both.
seen="$work/sent.tsv"
digest "$papers" --query diffusion --days 7 --date 2026-11-26 --sort upvotes --top 2 --seen "$seen" --format json >"$work/day1.json"
check "the first run starts without a state file" test $? = 0
check "the state file holds the first run's papers" py "
lines = [l for l in open('$seen').read().splitlines() if not l.startswith('#')]
assert lines == ['2611.00001\t2026-11-26', '2611.00002\t2026-11-26'], lines"
printf 'not a valid\033[2J line\n2611.99999\tyesterday\n2401.00001\t2024-01-01\n' >>"$seen"
digest "$papers" --query diffusion --days 7 --date "$date" --sort upvotes --top 2 --seen "$seen" --format json \
  >"$work/day2.json" 2>"$work/day2.err"
check "the second run exits 0 despite malformed lines" test $? = 0
check "malformed lines are reported with their line number" grep -q "sent.tsv:4: expected ID<TAB>YYYY-MM-DD" "$work/day2.err"
check "a malformed line is quoted printable" grep -q "found 'not a valid?\[2J line'; line skipped" "$work/day2.err"
check "...without its escape" test "$(grep -c $'\e' "$work/day2.err")" = 0
check "the second run leaves out the papers sent" py "
import json; d = json.load(open('$work/day2.json'))
assert [p['id'] for p in d['papers']] == ['2611.00003', '2611.00005'], [p['id'] for p in d['papers']]
assert d['already_seen'] == 2, d['already_seen']"
check "the state file holds both runs, old and malformed entries dropped" py "
lines = [l for l in open('$seen').read().splitlines() if not l.startswith('#')]
assert lines == ['2611.00001\t2026-11-26', '2611.00002\t2026-11-26', '2611.00003\t2026-11-27', '2611.00005\t2026-11-27'], lines"
check "the state file is written atomically (no temporary left)" test "$(ls "$work" | grep -c 'sent.tsv.tmp')" = 0
check "an unwritable output fails with 1" test "$(status_of digest "$papers" --date "$date" -o "$work/no/such/dir/out.txt")" = 1

# Ids that could break a line of the state file or pass for a comment are written percent-encoded.
printf '%s\n' '{"id":"#odd\tid%20","title":"Diffusion with an odd id","published":"2026-11-26","sources":["paperfeed"]}' >"$work/odd.jsonl"
digest "$work/odd.jsonl" --date "$date" --days 7 --seen "$work/odd.tsv" --format json >/dev/null
check "an odd id is written percent-encoded" grep -qx $'%23odd%09id%2520\t2026-11-27' "$work/odd.tsv"
check "and read back: the paper is not picked again" py "
import json, subprocess
d = json.loads(subprocess.run(['$PAPERFEED', 'digest', '$work/odd.jsonl', '--date', '$date', '--days', '7', '--seen', '$work/odd.tsv',
                               '--format', 'json'], capture_output=True, check=True).stdout)
assert d['papers'] == [] and d['already_seen'] == 1, d"

# A digest for a past day holds nothing listed after that day.
check "a past --date leaves out later papers" py "
import json, subprocess
d = json.loads(subprocess.run(['$PAPERFEED', 'digest', '$papers', '--date', '2026-11-25', '--days', '1', '--format', 'json'],
                              capture_output=True, check=True).stdout)
assert sorted(p['id'] for p in d['papers']) == ['2611.00003', '2611.00004'], [p['id'] for p in d['papers']]"
check "--top over the search's limit is refused" test "$(status_of digest "$papers" --top 10001)" = 2

# The embedded corpus, a pasted Hugging Face listing, has no dates: a digest for a day holds its
# papers, one of papers listed since a day none.
check "a feed without dates gives a digest for a day" py "
import json, subprocess
run = lambda *extra: json.loads(subprocess.run(['$PAPERFEED', 'digest', '$EXAMPLES_DATA/hf-papers-page.txt', '--date', '2026-11-27',
                                                '--format', 'json', *extra], capture_output=True, check=True).stdout)
d = run()
assert len(d['papers']) == 10 and d['matching'] == 263, (len(d['papers']), d['matching'])
assert run('--days', '7')['papers'] == []"

# The real Hugging Face daily papers, when the shared corpora are there.
daily="${SHARED_CORPORA:-}/hf_daily_papers/api_daily_papers"
if [ -d "$daily" ]; then
  started=$(date +%s%N)
  "$PAPERFEED" index "$daily"/*.json -o "$work/hf.pfi" 2>/dev/null
  indexed=$(date +%s%N)
  digest "$work/hf.pfi" --query 'diffusion OR "video generation"' --exclude survey --days 14 --date 2026-08-21T06:00:00Z \
    --format email --to 'Zoë Reader <zoe@example.org>' >"$work/hf.eml"
  digested=$(date +%s%N)
  check "real corpus email parses back" python3 "$here/check_email.py" "$work/hf.eml" --to 'Zoë Reader <zoe@example.org>' \
    --subject 'paperfeed digest: 10 new papers — 2026-08-21'
  digest "$work/hf.pfi" --query 'diffusion OR "video generation"' --exclude survey --days 14 --date 2026-08-21T06:00:00Z \
    --format atom >"$work/hf.xml"
  check "real corpus atom follows RFC 4287" python3 "$here/check_atom.py" "$work/hf.xml" --entries 10
  digest "$work/hf.pfi" --date 2026-08-21 --days 1 --format json --top 1000 >"$work/hf-day.json"
  check "an empty query lists the last day's papers" py "
import json; d = json.load(open('$work/hf-day.json'))
assert d['matching'] == len(d['papers']) > 0 and all((p['announced'] or p['published']) >= '2026-08-20' for p in d['papers']), d['matching']"
  echo "real corpus: index $(( (indexed - started) / 1000000 )) ms, digest (load + search + email) $(( (digested - indexed) / 1000000 )) ms"
else
  echo "skipped the real-corpus checks: $daily is absent"
fi

finish digest
