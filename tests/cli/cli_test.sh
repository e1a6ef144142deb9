#!/usr/bin/env bash
# End-to-end tests of the paperfeed CLI: help, exit statuses, stats, every export format, stdin,
# atomic -o, the message for a file that is no known feed, and the search commands (index, search,
# similar) on a hand-made corpus. Run by ctest (test "cli").
set -uo pipefail
: "${PAPERFEED:?path of the paperfeed binary}" "${TEST_DATA:?tests/data}" "${EXAMPLES_DATA:?examples/data}"
seed="$EXAMPLES_DATA/hf-papers-page.txt"
source "$(dirname "$0")/lib.sh"


capped_status() {  # capped_status COMMAND... : exit status under 60 s and MEMORY_CAP_KIB; stderr kept in capped.err
  (ulimit -v "${MEMORY_CAP_KIB:-2097152}"; timeout 60 "$@" >/dev/null 2>"$work/capped.err")
  echo $?
}

# Help and usage errors.
check "help exits 0" test "$(status_of "$PAPERFEED" --help)" = 0
check "help lists convert" grep -q "convert FILE" <("$PAPERFEED" --help)
for cmd in stats convert list detect formats index search similar; do
  check "$cmd --help" grep -q "Usage: paperfeed $cmd" <("$PAPERFEED" "$cmd" --help)
done
check "no arguments is a usage error" test "$(status_of "$PAPERFEED")" = 2
check "unknown command" test "$(status_of "$PAPERFEED" frobnicate x)" = 2
check "unknown option" test "$(status_of "$PAPERFEED" stats --frob "$seed")" = 2
check "after -- a query may start with -" grep -q "^263 results" <("$PAPERFEED" search "$seed" --limit 0 -- "-xyzzyplugh")
check "a word starting with - before -- is an unknown option" test "$(status_of "$PAPERFEED" search "$seed" "-xyzzyplugh")" = 2
check "convert needs --to" test "$(status_of "$PAPERFEED" convert "$seed")" = 2
check "unknown --to" test "$(status_of "$PAPERFEED" convert "$seed" --to docx)" = 2
check "unknown --format" test "$(status_of "$PAPERFEED" stats --format rss9 "$seed")" = 2
check "bad --limit" test "$(status_of "$PAPERFEED" list --limit ten "$seed")" = 2

# stats on the embedded corpus.
"$PAPERFEED" stats "$seed" >"$work/stats.json"
check "stats exits 0" test $? = 0
check "stats counts 263 papers" py "
import json; s = json.load(open('$work/stats.json'))
assert s['papers'] == 263 and s['by_format'] == {'hf-listing': 263}, s
assert s['rejected'] == 0 and s['duplicates_merged'] == 0 and s['errors'] == [], s"
"$PAPERFEED" stats "$seed" "$seed" >"$work/stats2.json"
check "the same feed twice merges every record" py "
import json; s = json.load(open('$work/stats2.json'))
assert s['papers'] == 263 and s['duplicates_merged'] == 263 and s['by_format'] == {'hf-listing': 526}, s"

# Every export format.
"$PAPERFEED" convert "$seed" --to jsonl >"$work/out.jsonl"
check "jsonl has 263 lines of canonical records" py "
import json
rows = [json.loads(l) for l in open('$work/out.jsonl')]
assert len(rows) == 263
assert rows[0]['title'].startswith('GitChameleon'), rows[0]
assert rows[0]['github'] == 'https://github.com/NizarIslah/GitChameleon', rows[0]
assert rows[0]['sources'] == ['hf-listing'] and rows[0]['upvotes'] is None
keys = ['id','title','abstract','authors','categories','primary_category','published','updated','announced',
        'upvotes','comments','github','stars','citations','keywords','comment','doi','url','pdf','project_page',
        'ai_summary','journal_ref','license','announce_type','sources']
assert list(rows[0].keys()) == keys, list(rows[0].keys())"
"$PAPERFEED" convert "$seed" --to json >"$work/out.json"
check "json is one array of 263" py "import json; assert len(json.load(open('$work/out.json'))) == 263"
"$PAPERFEED" convert "$seed" --to csv >"$work/out.csv"
check "csv has a header and 263 rows" py "
import csv; rows = list(csv.reader(open('$work/out.csv', newline='')))
assert rows[0][:2] == ['id', 'title'] and len(rows) == 264 and all(len(r) == len(rows[0]) for r in rows)"
"$PAPERFEED" convert "$seed" --to bibtex >"$work/out.bib"
check "bibtex has 263 entries with distinct keys" py "
import re; keys = re.findall(r'^@(?:misc|article)\{([^,]+),', open('$work/out.bib').read(), re.M)
assert len(keys) == 263 and len(set(keys)) == 263, len(set(keys))"
"$PAPERFEED" convert "$seed" --to ris >"$work/out.ris"
check "ris has 263 records" test "$(grep -c '^ER  - ' "$work/out.ris")" = 263

# Standard input, -o, and a lossless round trip through the canonical JSONL reader.
check "stdin reads the same" py "
import json, subprocess
s = json.loads(subprocess.run(['$PAPERFEED', 'stats', '-'], stdin=open('$seed'), capture_output=True).stdout)
assert s['papers'] == 263, s"
"$PAPERFEED" convert "$seed" --to jsonl -o "$work/written.jsonl"
check "-o writes the file" cmp -s "$work/written.jsonl" "$work/out.jsonl"
check "-o leaves no temporary file" test "$(ls "$work" | grep -c '\.tmp\.')" = 0
"$PAPERFEED" convert --format paperfeed "$work/out.jsonl" --to jsonl >"$work/round.jsonl"
check "canonical JSONL round-trips" cmp -s "$work/round.jsonl" "$work/out.jsonl"

# A file that is no known feed: exit 2 and one clear line on stderr.
printf 'just some words\nand more words\n' >"$work/notes.txt"
"$PAPERFEED" stats "$work/notes.txt" >/dev/null 2>"$work/err.txt"
check "unknown feed exits 2" test $? = 2
check "unknown feed message" grep -qx "paperfeed: $work/notes.txt: not a known feed format (looked like plain text)" "$work/err.txt"
"$PAPERFEED" detect "$work/notes.txt" "$seed" >"$work/detect.txt"
check "detect names formats" grep -qx "$seed: hf-listing (Hugging Face papers page text)" "$work/detect.txt"
big="$work/big.jsonl"
"$PAPERFEED" convert "$seed" --to jsonl >"$big"
cat "$big" "$big" "$big" "$big" "$big" "$big" >"$big.6" && mv "$big.6" "$big"
check "detect looks at the head of a large file" grep -qx "$big: paperfeed (paperfeed records)" <("$PAPERFEED" detect "$big")
check "missing file exits 1" test "$(status_of "$PAPERFEED" stats "$work/absent.json")" = 1

# list.
check "list prints a ranked listing" grep -q "^  1. GitChameleon" <("$PAPERFEED" list --limit 3 "$seed")
check "list --limit" test "$("$PAPERFEED" list --limit 3 "$seed" | grep -c '^ *[0-9]*\. ')" = 3

# Hostile inputs: every one ends with a status of 0, 1 or 2 (never a crash), within 60 s and
# MEMORY_CAP_KIB of address space (2 GiB; unlimited in sanitizer builds).
hostile="$work/hostile"
mkdir -p "$hostile"
: >"$hostile/empty.json"
python3 - "$hostile" <<'PY'
import os, random, sys
d = sys.argv[1]
big = "x" * (50 * 1024 * 1024)
with open(os.path.join(d, "huge-line.jsonl"), "w") as f:
    f.write('{"id":"2401.00001","title":"ok","summary":"a","abs":"https://arxiv.org/abs/2401.00001","pdf":"p"}\n')
    f.write('{"id":"2401.00002","title":"big","summary":"' + big + '","abs":"a","pdf":"p"}\n')
    f.write('{"id":"2401.00003","title":"after","summary":"b","abs":"https://arxiv.org/abs/2401.00003","pdf":"p"}\n')
with open(os.path.join(d, "huge-array.json"), "w") as f:
    f.write('[{"paper":{"id":"2401.00001","title":"t","summary":"' + big + '","upvotes":1}}]')
with open(os.path.join(d, "deep.json"), "w") as f:
    f.write("[" * 200000 + "]" * 200000)
with open(os.path.join(d, "deep-object.json"), "w") as f:
    f.write('{"paper":' * 100000 + "1" + "}" * 100000)
with open(os.path.join(d, "deep.xml"), "w") as f:
    f.write('<feed xmlns="http://www.w3.org/2005/Atom">' + "<a>" * 100000 + "</a>" * 100000 + "</feed>")
lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
    '<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1) if i else "&lol;") * 10) for i in range(10)) + ']>'
with open(os.path.join(d, "bomb.xml"), "w") as f:
    f.write(lol + '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001v1</id>'
            '<title>&lol9;</title><summary>s</summary></entry></feed>')
random.seed(7)
with open(os.path.join(d, "random.bin"), "wb") as f:
    f.write(bytes(random.getrandbits(8) for _ in range(200000)))
with open(os.path.join(d, "bad-utf8.jsonl"), "wb") as f:
    f.write(b'{"id":"2401.00001","title":"caf\xe9 \xff\xfe","summary":"s","abs":"a","pdf":"p"}\n')
PY
for f in "$hostile"/*; do
  code=$(capped_status "$PAPERFEED" stats "$f")
  check "hostile $(basename "$f") exits cleanly (status $code)" test "$code" -le 2
done
"$PAPERFEED" stats "$hostile/huge-line.jsonl" >"$work/huge.json" 2>/dev/null
check "a 50 MB line is rejected and the lines around it load" py "
import json; s = json.load(open('$work/huge.json'))
assert s['papers'] == 2 and s['rejected'] == 1, s
assert 'limit' in s['errors'][0]['message'] and s['errors'][0]['line'] == 2, s['errors']"
"$PAPERFEED" stats "$hostile/bad-utf8.jsonl" >"$work/utf8.json" 2>/dev/null
check "invalid UTF-8 is repaired and counted" py "
import json; s = json.load(open('$work/utf8.json'))
assert s['papers'] == 1 and s['utf8_repairs'] == 3, s"

# Search: index, search and similar on the eight hand-made papers of search-golden.jsonl.
golden="$TEST_DATA/search-golden.jsonl"
update="$TEST_DATA/cli-search-update.jsonl"
queries="$TEST_DATA/cli-search-queries.tsv"
pfi="$work/golden.pfi"

hit_ids() {  # hit_ids search|similar ARGS... : the ids of the JSON hits, space-separated
  "$PAPERFEED" "$@" --json | python3 -c 'import json, sys; print(" ".join(h["id"] for h in json.load(sys.stdin)["hits"]))'
}

"$PAPERFEED" index "$golden" -o "$pfi" 2>"$work/index.err"
check "index exits 0" test $? = 0
check "index starts with PFINDEX" test "$(head -c 7 "$pfi")" = PFINDEX
check "index leaves no temporary file" test "$(ls "$work" | grep -c '\.tmp')" = 0
check "index reports its size" grep -q "^paperfeed: $pfi: 8 papers, " "$work/index.err"
"$PAPERFEED" index "$golden" 2>"$work/err.txt"
check "index without -o exits 2" test $? = 2
check "index without -o says so" grep -q "index needs -o" "$work/err.txt"
"$PAPERFEED" index "$work/notes.txt" -o "$work/notes.pfi" 2>"$work/err.txt"
check "index of a non-feed exits 2" test $? = 2
check "index of a non-feed names it" grep -q "not a known feed format" "$work/err.txt"
check "index of a non-feed writes no index" test ! -e "$work/notes.pfi"
readonly_dir="$work/readonly"
mkdir "$readonly_dir" && chmod a-w "$readonly_dir"
if [ "$(id -u)" != 0 ]; then  # root writes through the mode bits
  check "index into a read-only directory exits 1" test "$(status_of "$PAPERFEED" index "$golden" -o "$readonly_dir/x.pfi")" = 1
fi
check "index under a regular file exits 1" test "$(status_of "$PAPERFEED" index "$golden" -o "$work/notes.txt/x.pfi")" = 1
chmod u+w "$readonly_dir"
mkdir -p "$readonly_dir/taken/full"  # a directory the finished index cannot be renamed over
check "index over a directory exits 1" test "$(status_of "$PAPERFEED" index "$golden" -o "$readonly_dir/taken")" = 1
check "a failed index write leaves nothing" test "$(ls -A "$readonly_dir")" = taken

# Queries with exact answers.
check "phrase" test "$(hit_ids search "$pfi" '"video diffusion"')" = "2401.00001"
check "must-not" test "$(hit_ids search "$pfi" 'diffusion -video')" = "2401.00002"
check "category filter" test "$(hit_ids search "$pfi" 'cat:cs.RO')" = "2401.00002 2402.00003"
check "accents fold" test "$(hit_ids search "$pfi" 'cafe naive')" = "2404.00007"
"$PAPERFEED" search "$pfi" diffusion --json --facets >"$work/diffusion.json"
check "search JSON: total, took_ms, score, marked snippets, facets" py "
import collections, json, re
d = json.load(open('$work/diffusion.json'))
rows = [json.loads(l) for l in open('$golden')]
matching = [r for r in rows if re.search(r'\bdiffusion\b', (r['title'] + ' ' + r['abstract']).lower())]
assert d['query'] == 'diffusion' and d['total'] == len(matching) == 3, d['total']
assert isinstance(d['took_ms'], (int, float)) and d['took_ms'] >= 0, d['took_ms']
assert sorted(h['id'] for h in d['hits']) == sorted(r['id'] for r in matching), d['hits']
for h in d['hits']:
    assert isinstance(h['score'], float) and h['score'] > 0, h
    assert '<mark>' in h['snippet']['title'] + h['snippet']['abstract'], h['snippet']
assert [h['score'] for h in d['hits']] == sorted((h['score'] for h in d['hits']), reverse=True)
want = collections.Counter(c for r in matching for c in r['categories'])
got = {f['value']: f['count'] for f in d['facets']['categories']}
assert got == dict(want), (got, want)
assert 'explain' not in d"

# Every sort order over all papers (the empty query), computed from the fixture: missing values
# last, ties in index order; trending as documented in search.hpp (gravity 1.5, a star 0.1 upvote).
for sort in recent upvotes stars citations trending; do
  check "--sort $sort orders every paper" py "
import datetime, json, subprocess
rows = [json.loads(l) for l in open('$golden')]
day = lambda r: datetime.date.fromisoformat(r.get('announced') or r['published'])
newest = max(day(r) for r in rows)
def trending(r):
    points = (r.get('upvotes') or 0) + 0.1 * (r.get('stars') or 0)
    return (points + 1) / ((newest - day(r)).days + 2) ** 1.5
value = {'recent': lambda r: day(r).toordinal(), 'trending': trending,
         'upvotes': lambda r: r.get('upvotes'), 'stars': lambda r: r.get('stars'),
         'citations': lambda r: r.get('citations')}['$sort']
want = [r['id'] for r in sorted(rows, key=lambda r: (value(r) is None, -(value(r) or 0)))]
out = json.loads(subprocess.run(['$PAPERFEED', 'search', '$pfi', '', '--sort', '$sort', '--limit', '20', '--json'],
                                capture_output=True, check=True).stdout)
got = [h['id'] for h in out['hits']]
assert out['total'] == 8 and got == want, (got, want)"
done
check "--sort upvotes within matches" test "$(hit_ids search "$pfi" diffusion --sort upvotes --limit 1)" = "2401.00001"
check "--sort recent within matches" test "$(hit_ids search "$pfi" diffusion --sort recent --limit 1)" = "2405.00008"
check "--sort relevance is the default" test "$(hit_ids search "$pfi" diffusion --sort relevance)" = "$(hit_ids search "$pfi" diffusion)"
check "unknown --sort exits 2" test "$(status_of "$PAPERFEED" search "$pfi" diffusion --sort hottest)" = 2
check "bad --offset exits 2" test "$(status_of "$PAPERFEED" search "$pfi" diffusion --offset -1)" = 2

# Paging.
all_upvoted=$(hit_ids search "$pfi" '' --sort upvotes --limit 8)
check "--limit and --offset page through the same order" test \
  "$(hit_ids search "$pfi" '' --sort upvotes --limit 3 --offset 2)" = "$(echo "$all_upvoted" | cut -d' ' -f3-5)"
check "a page past the end is empty but keeps the total" py "
import json, subprocess
d = json.loads(subprocess.run(['$PAPERFEED', 'search', '$pfi', '', '--offset', '8', '--json'], capture_output=True).stdout)
assert d['total'] == 8 and d['hits'] == [], d"

# --explain and the text listing.
check "--explain adds explain to JSON" py "
import json, subprocess
d = json.loads(subprocess.run(['$PAPERFEED', 'search', '$pfi', 'diffusion -video', '--explain', '--json'], capture_output=True).stdout)
assert isinstance(d['explain'], str) and 'diffusion' in d['explain'] and 'video' in d['explain'], d['explain']"
"$PAPERFEED" search "$pfi" diffusion --explain >"$work/text.txt"
check "--explain prints a query: line first" grep -q '^query: .*diffusion' <(head -1 "$work/text.txt")
check "text listing counts results" grep -qx '3 results (.* ms)' "$work/text.txt"
check "text listing ranks with marks" grep -q '^ 1\. Video \*Diffusion\* Models for Long Video Generation$' "$work/text.txt"
check "text without --explain has no query: line" test "$(grep -c '^query:' <("$PAPERFEED" search "$pfi" diffusion))" = 0

# Feeds searched directly give what the index gives; an index plus a feed merges them.
for q in diffusion '"video diffusion"' 'cat:cs.RO' 'graph OR transformers' 'author:"grace hopper"'; do
  from_index=$(hit_ids search "$pfi" "$q")
  check "feed and index agree on $q" test -n "$from_index" -a "$(hit_ids search "$golden" "$q")" = "$from_index"
done
check "index + feed adds a paper" test "$(hit_ids search "$pfi" "$update" annealing)" = "2406.00009"
check "index + feed updates a paper" py "
import json, subprocess
d = json.loads(subprocess.run(['$PAPERFEED', 'search', '$pfi', '$update', '', '--sort', 'upvotes', '--json'], capture_output=True).stdout)
assert d['total'] == 9, d['total']
assert [(h['id'], h['upvotes']) for h in d['hits'][:2]] == [('2401.00002', 120), ('2404.00006', 80)], d['hits'][:2]"
"$PAPERFEED" index "$pfi" "$update" -o "$work/updated.pfi" 2>/dev/null
from_index=$(hit_ids search "$work/updated.pfi" '' --sort upvotes --limit 20)
check "index of an index + feed" test "$(echo "$from_index" | wc -w)" = 9 -a \
  "$(hit_ids search "$pfi" "$update" '' --sort upvotes --limit 20)" = "$from_index"
"$PAPERFEED" index "$seed" -o "$work/hf.pfi" 2>/dev/null
from_index=$(hit_ids search "$work/hf.pfi" 'diffusion models' --limit 50)
check "hf page: index and feed agree" test -n "$from_index" -a "$(hit_ids search "$seed" 'diffusion models' --limit 50)" = "$from_index"
check "hf page: index holds 263 papers" test "$(hit_ids search "$work/hf.pfi" '' --limit 1000 | wc -w)" = 263

# A query file: one JSON line per query, or a TREC run; a line without a tab is skipped aloud.
"$PAPERFEED" search "$pfi" --queries "$queries" >"$work/batch.jsonl" 2>"$work/batch.err"
check "--queries exits 0" test $? = 0
check "--queries prints one JSON line per query" py "
import json
rows = [json.loads(l) for l in open('$work/batch.jsonl')]
assert [r['qid'] for r in rows] == ['q1', 'q2', 'q3'], rows
assert [h['id'] for h in rows[0]['hits']] == ['2401.00001'] and rows[0]['query'] == '\"video diffusion\"', rows[0]
assert [h['id'] for h in rows[1]['hits']] == ['2401.00002', '2402.00003'] and rows[1]['total'] == 2, rows[1]"
check "--queries reports the line without a tab" grep -q "cli-search-queries.tsv:3: .*tab.*skipped" "$work/batch.err"
"$PAPERFEED" search "$pfi" --queries "$queries" --trec >"$work/run.trec" 2>/dev/null
check "--trec prints a TREC run ranked from 1" py "
import json, re
lines = open('$work/run.trec').read().splitlines()
batch = {r['qid']: [h['id'] for h in r['hits']] for r in map(json.loads, open('$work/batch.jsonl'))}
run = {}
for line in lines:
    m = re.fullmatch(r'(\S+) Q0 (\S+) (\d+) (-?\d+(?:\.\d+)?) paperfeed', line)
    assert m, line
    run.setdefault(m[1], []).append((int(m[3]), m[2], float(m[4])))
assert list(run) == ['q1', 'q2', 'q3'], run
for qid, rows in run.items():
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1)), rows
    assert [r[1] for r in rows] == batch[qid], (rows, batch[qid])
    assert [r[2] for r in rows] == sorted((r[2] for r in rows), reverse=True), rows"

# similar.
similar=$(hit_ids similar "$pfi" 2401.00001)
check "similar finds papers" test -n "$similar"
check "similar excludes the paper itself" test "$(echo "$similar" | grep -c 2401.00001)" = 0
check "similar on the feed agrees" test "$(hit_ids similar "$golden" 2401.00001)" = "$similar"
check "similar --limit" test "$(hit_ids similar "$pfi" 2401.00001 --limit 1)" = "$(echo "$similar" | cut -d' ' -f1)"
"$PAPERFEED" similar "$pfi" 9999.99999 2>"$work/err.txt" >/dev/null
check "similar to an unknown id exits 1" test $? = 1
check "similar to an unknown id says so" grep -q "no paper with id 9999.99999" "$work/err.txt"

# Hostile indexes and queries: a clean status (never a signal) and a clear message.
head -c 5000 "$pfi" >"$hostile/truncated.pfi"
head -c 12 "$pfi" >"$hostile/header-only.pfi"
python3 -c "
b = bytearray(open('$pfi', 'rb').read()); b[len(b) // 2] ^= 0x10
open('$hostile/flipped.pfi', 'wb').write(b)"
: >"$hostile/x.pfi"
python3 -c "
b = bytearray(open('$pfi', 'rb').read()); b[8:12] = (99).to_bytes(4, 'little')
open('$hostile/future.pfi', 'wb').write(b)"
declare -A refusal=([truncated]="not a valid paperfeed index" [flipped]="not a valid paperfeed index"
                    [header-only]="not a valid paperfeed index: truncated" [future]="index format version 99 is not supported")
for f in truncated header-only flipped future; do
  code=$(capped_status "$PAPERFEED" search "$hostile/$f.pfi" diffusion)
  check "search on $f.pfi exits 1 (status $code)" test "$code" = 1
  check "$f.pfi: ${refusal[$f]}" grep -q "$f.pfi: ${refusal[$f]}" "$work/capped.err"
  check "similar on $f.pfi exits 1" test "$(capped_status "$PAPERFEED" similar "$hostile/$f.pfi" 2401.00001)" = 1
  check "index from $f.pfi exits 1" test "$(capped_status "$PAPERFEED" index "$hostile/$f.pfi" -o "$work/from-bad.pfi")" = 1
done
check "no index written from a bad one" test ! -e "$work/from-bad.pfi"
code=$(capped_status "$PAPERFEED" search "$hostile/x.pfi" diffusion)
check "search on an empty x.pfi exits 2 (status $code)" test "$code" = 2
python3 -c "
import random, sys
random.seed(3)
parts = ['(', ')', '\"', '-', '+', ':', '*', '~', ' ', 'OR ', 'AND ', 'title:', 'video', '\xff', '\xc3', '\x1b', '\x01', '\x7f', '\t', '\n']
sys.stdout.buffer.write(''.join(random.choice(parts) for _ in range(20000)).encode('latin-1')[:10240])" >"$work/hostile-query"
code=$(capped_status "$PAPERFEED" search "$pfi" "$(cat "$work/hostile-query")" --json --explain)
check "a 10 KB hostile query exits 0 (status $code)" test "$code" = 0
code=$(capped_status "$PAPERFEED" search "$pfi" "$(printf '(%.0s' {1..10000})")
check "10000 open parentheses exit 0 (status $code)" test "$code" = 0
for q in '' '"' '(((' ')' '-' 'OR' 'title:' '~2' '*' 'year:..' 'upvotes:>=' 'cat:'; do
  code=$(capped_status "$PAPERFEED" search "$pfi" "$q" --json)
  check "query [$q] exits 0 (status $code)" test "$code" = 0
done
check "the hostile query still answers in JSON" py "
import json, subprocess
q = open('$work/hostile-query', 'rb').read().rstrip(b'\n')
d = json.loads(subprocess.run(['$PAPERFEED', 'search', '$pfi', q, '--json'], capture_output=True).stdout)
assert isinstance(d['total'], int) and d['recovered'], d"

# Atomic writes: every file a command writes (-o, digest's --seen) is written to a temporary file
# beside it, flushed and renamed into place, so OUT only ever names a whole file. watch_write.py
# runs a command with inotify on OUT's folder and prints, as JSON, its exit status and the events
# on OUT and OUT.*; with --kill SIGNAL --at EVENT it sends SIGNAL at the first such event.
cat >"$work/watch_write.py" <<'PY'
import ctypes, json, os, select, signal, subprocess, sys
IN_MODIFY, IN_CLOSE_WRITE, IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x2, 0x8, 0x40, 0x80, 0x100, 0x200
LABELS = {IN_MODIFY: "modify", IN_CLOSE_WRITE: "close_write", IN_MOVED_FROM: "moved_from", IN_MOVED_TO: "moved_to",
          IN_CREATE: "create", IN_DELETE: "delete"}
args = sys.argv[1:]
kill = at = None
if args[0] == "--kill":
    kill, at, args = getattr(signal, args[1]), args[3], args[4:]
out, command = args[0], args[2:]
base = os.path.basename(out)
libc = ctypes.CDLL(None, use_errno=True)
fd = libc.inotify_init1(os.O_NONBLOCK)
if fd < 0 or libc.inotify_add_watch(fd, os.path.dirname(os.path.abspath(out)).encode(), sum(LABELS)) < 0:
    sys.exit("inotify: " + os.strerror(ctypes.get_errno()))
process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
events, pending, killed = [], b"", False
def read_events():
    global pending, killed
    try:
        pending += os.read(fd, 65536)
    except BlockingIOError:
        return
    while len(pending) >= 16:
        mask, length = int.from_bytes(pending[4:8], "little"), int.from_bytes(pending[12:16], "little")
        name, pending = pending[16:16 + length].rstrip(b"\0").decode(), pending[16 + length:]
        if name != base and not name.startswith(base + "."):
            continue
        for bit, label in LABELS.items():
            if mask & bit:
                events.append([label, name])
                if kill and not killed and label == at:
                    process.send_signal(kill)
                    killed = True
while process.poll() is None:
    select.select([fd], [], [], 0.01)
    read_events()
read_events()
print(json.dumps({"status": process.returncode, "events": events}))
PY
watch_write() { python3 "$work/watch_write.py" "$@"; }
atomic="$work/atomic"
mkdir "$atomic"

written_through_temp() {  # written_through_temp OUT RUN_JSON : OUT came whole from one temp file beside it
  python3 -c "
import json, re, sys
out, run = sys.argv[1], json.loads(sys.argv[2])
events = run['events']
assert run['status'] == 0, run
temps = [name for label, name in events if label == 'create']
assert len(temps) == 1 and re.fullmatch(re.escape(out) + r'\.tmp\.\w+', temps[0]), events
direct = [event for event in events if event[1] == out and event[0] != 'moved_to']
assert direct == [], 'written under its own name: %s' % direct
assert [event for event in events if event[0] in ('moved_from', 'moved_to')] == [['moved_from', temps[0]], ['moved_to', out]], events
" "$(basename "$1")" "$2"
}
printf '%s\n' '<title>{{paperfeed:title}}</title><script type="application/json">{{paperfeed:settings}}</script>' \
  '<script>{{paperfeed:index}}</script>' >"$atomic/template.html"
writer() {  # writer NAME : sets out (the file it writes) and args (paperfeed's arguments) for a command that writes a file
  local digest=(digest "$TEST_DATA/digest-papers.jsonl" --date 2026-11-27 --days 7)
  case $1 in
    index) out="$atomic/out.pfi" args=(index "$golden" -o "$out") ;;
    convert) out="$atomic/out.csv" args=(convert "$golden" --to csv -o "$out") ;;
    bundle) out="$atomic/out.html" args=(bundle "$golden" --template "$atomic/template.html" -o "$out") ;;
    digest) out="$atomic/digest.html" args=("${digest[@]}" --format html -o "$out") ;;
    "digest --seen") out="$atomic/seen.tsv" args=("${digest[@]}" --format json --seen "$out") ;;
  esac
}
temps_in() {  # temps_in FOLDER : how many temporary files (*.tmp.*) are there
  local file count=0
  for file in "$1"/*.tmp.*; do [ -e "$file" ] && count=$((count + 1)); done
  echo "$count"
}
for name in index convert bundle digest "digest --seen"; do
  writer "$name"
  run=$(umask 022 && watch_write "$out" -- "$PAPERFEED" "${args[@]}")
  check "$name writes through a temporary file beside the file, renamed into place" written_through_temp "$out" "$run"
  check "$name gives the file the umask's permissions (644), not the temporary file's (600)" test "$(stat -c %a "$out")" = 644
done
check "the atomic writes leave no temporary file" test "$(temps_in "$atomic")" = 0

# A write that fails midway (past a file size limit of 1 KiB: EFBIG, not a SIGXFSZ crash) exits
# 1, leaves the old file as it was and removes the temporary file; so does a rename that fails.
for name in index convert bundle digest; do
  writer "$name"
  cp "$out" "$atomic/before"
  code=$(ulimit -f 1 && "$PAPERFEED" "${args[@]}" >/dev/null 2>"$work/limit.err"; echo $?)
  check "$name over the file size limit exits 1 (status $code)" test "$code" = 1
  check "$name over the file size limit says why" grep -q "File too large" "$work/limit.err"
  check "$name over the file size limit leaves the old file" cmp -s "$out" "$atomic/before"
  check "$name over the file size limit leaves no temporary file" test "$(temps_in "$atomic")" = 0
done
# A FIFO (or a device such as /dev/null) is written in place, not replaced by a file.
mkfifo "$atomic/pipe"
timeout 20 cat "$atomic/pipe" >"$atomic/from-pipe" &
reader=$!
code=$(status_of "$PAPERFEED" convert "$golden" --to csv -o "$atomic/pipe")
wait "$reader"
check "-o to a FIFO writes into it (status $code)" test "$code" = 0 -a -p "$atomic/pipe"
check "what came through the FIFO is the whole output" cmp -s "$atomic/from-pipe" "$atomic/out.csv"
rm "$atomic/pipe"
# A symbolic link stays a link: the file it leads to is replaced, atomically, beside itself.
mkdir -p "$atomic/real"
echo old >"$atomic/real/target.csv"
ln -s real/target.csv "$atomic/link.csv"
code=$(status_of "$PAPERFEED" convert "$golden" --to csv -o "$atomic/link.csv")
check "-o through a symbolic link exits 0 (status $code)" test "$code" = 0
check "-o through a symbolic link keeps the link" test -L "$atomic/link.csv"
check "-o through a symbolic link writes the file it leads to" cmp -s "$atomic/real/target.csv" "$atomic/out.csv"
check "-o through a symbolic link leaves no temporary file" test "$(temps_in "$atomic")" = 0 -a "$(temps_in "$atomic/real")" = 0
mkdir -p "$atomic/taken.pfi/full"
check "index renamed over a directory exits 1" test "$(status_of "$PAPERFEED" index "$golden" -o "$atomic/taken.pfi")" = 1
check "a failed rename leaves the directory and no temporary file" \
  test "$(ls "$atomic/taken.pfi")" = full -a "$(temps_in "$atomic")" = 0

# Killed while writing: OUT is still the old file (or absent), never a part of the new one. The
# signal comes as the temporary file is made (index: one write of about 10 MB once the index is
# built) or after its first write (convert: written as it goes). SIGKILL leaves the part written
# beside OUT; SIGINT, SIGTERM and SIGHUP remove it.
python3 - "$atomic/many.jsonl" <<'PY'
import json, random, sys
random.seed(5)
word = lambda: "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(random.randint(3, 9)))
with open(sys.argv[1], "w") as f:
    for i in range(1000):  # an index of about 10 MB
        f.write(json.dumps({"id": "2501.%05d" % (10000 + i), "title": "Paper %d %s" % (i, word()),
                            "abstract": " ".join(word() for _ in range(150)), "published": "2025-01-02"}) + "\n")
PY
"$PAPERFEED" index "$atomic/many.jsonl" -o "$atomic/many.pfi" 2>/dev/null
"$PAPERFEED" convert "$atomic/many.jsonl" --to json -o "$atomic/many.json"
cp "$atomic/out.pfi" "$atomic/old.pfi"
killed_while_writing() {  # killed_while_writing OUT OLD|- NEW SIGNAL RUN_JSON TEMPS : OUT is OLD (- absent), TEMPS parts of NEW beside it
  python3 -c "
import filecmp, json, os, sys
out, old, new, signal, run, temps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), json.loads(sys.argv[5]), int(sys.argv[6])
assert run['status'] == -signal, run
if old == '-':
    assert not os.path.exists(out), 'a file under the name of one never finished'
else:
    assert filecmp.cmp(out, old, shallow=False), 'OUT changed: %d bytes, the old file has %d' % (os.path.getsize(out), os.path.getsize(old))
folder = os.path.dirname(out)
left = [name for name in os.listdir(folder) if name.startswith(os.path.basename(out) + '.tmp.')]
assert len(left) == temps, left
for name in left:
    part = open(os.path.join(folder, name), 'rb').read()
    assert len(part) < os.path.getsize(new) and open(new, 'rb').read(len(part)) == part, name + ' is not a beginning of the new file'
" "$@"
}
remove_temps() { rm -f "$atomic"/*.tmp.*; }
run=$(watch_write --kill SIGKILL --at create "$atomic/out.pfi" -- "$PAPERFEED" index "$atomic/many.jsonl" -o "$atomic/out.pfi")
check "kill -9 during index -o leaves the old index" killed_while_writing "$atomic/out.pfi" "$atomic/old.pfi" "$atomic/many.pfi" 9 "$run" 1
remove_temps
run=$(watch_write --kill SIGKILL --at create "$atomic/new.pfi" -- "$PAPERFEED" index "$atomic/many.jsonl" -o "$atomic/new.pfi")
check "kill -9 during index -o of a new file leaves nothing under its name" killed_while_writing "$atomic/new.pfi" - "$atomic/many.pfi" 9 "$run" 1
remove_temps
cp "$atomic/old.pfi" "$atomic/out.json"
run=$(watch_write --kill SIGKILL --at modify "$atomic/out.json" -- "$PAPERFEED" convert "$atomic/many.jsonl" --to json -o "$atomic/out.json")
check "kill -9 midway through convert -o leaves the old file, and the part written beside it" \
  killed_while_writing "$atomic/out.json" "$atomic/old.pfi" "$atomic/many.json" 9 "$run" 1
parts=("$atomic"/out.json.tmp.*)
check "that part is not empty" test -s "${parts[0]}"
remove_temps
for signal in TERM INT HUP; do
  run=$(watch_write --kill "SIG$signal" --at create "$atomic/out.pfi" -- "$PAPERFEED" index "$atomic/many.jsonl" -o "$atomic/out.pfi")
  check "SIG$signal during index -o leaves the old index and removes the temporary file" \
    killed_while_writing "$atomic/out.pfi" "$atomic/old.pfi" "$atomic/many.pfi" "$(kill -l "$signal")" "$run" 0
done
run=$(trap '' HUP && watch_write --kill SIGHUP --at create "$atomic/out.pfi" -- "$PAPERFEED" index "$atomic/many.jsonl" -o "$atomic/out.pfi")
check "an ignored SIGHUP (nohup) stays ignored: the index is written" py "
import filecmp, json, sys
assert json.loads(sys.argv[1])['status'] == 0, sys.argv[1]
assert filecmp.cmp('$atomic/out.pfi', '$atomic/many.pfi', shallow=False)" "$run"
# The check catches a writer that is not atomic: the shell writing over OUT, killed the same way.
cp "$atomic/old.pfi" "$atomic/direct.pfi"
run=$(watch_write --kill SIGKILL --at modify "$atomic/direct.pfi" -- sh -c "cat '$atomic/many.pfi' >'$atomic/direct.pfi'")
fails_saying() {  # fails_saying TEXT COMMAND... : the command fails and its output holds TEXT
  local said
  said=$("${@:2}" 2>&1) && return 1
  [[ $said == *"$1"* ]]
}
check "the kill check sees a direct write cut short" \
  fails_saying "OUT changed" killed_while_writing "$atomic/direct.pfi" "$atomic/old.pfi" "$atomic/many.pfi" 9 "$run" 0

finish cli
