#!/usr/bin/env bash
# End-to-end tests of the paperfeed CLI: help, exit statuses, stats, every export format, stdin,
# atomic -o, and the message for a file that is no known feed. Run by ctest (test "cli").
set -uo pipefail
: "${PAPERFEED:?path of the paperfeed binary}" "${TEST_DATA:?tests/data}" "${EXAMPLES_DATA:?examples/data}"
seed="$EXAMPLES_DATA/hf-papers-page.txt"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

check() {  # check NAME COMMAND... : the command must succeed
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $name"
  fi
}

status_of() {  # status_of COMMAND... : prints the exit status, output discarded
  "$@" >/dev/null 2>&1
  echo $?
}

py() { python3 -c "$@"; }

# Help and usage errors.
check "help exits 0" test "$(status_of "$PAPERFEED" --help)" = 0
check "help lists convert" grep -q "convert FILE" <("$PAPERFEED" --help)
for cmd in stats convert list detect formats; do
  check "$cmd --help" grep -q "Usage: paperfeed $cmd" <("$PAPERFEED" "$cmd" --help)
done
check "no arguments is a usage error" test "$(status_of "$PAPERFEED")" = 2
check "unknown command" test "$(status_of "$PAPERFEED" frobnicate x)" = 2
check "unknown option" test "$(status_of "$PAPERFEED" stats --frob "$seed")" = 2
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
  code=$( (ulimit -v "${MEMORY_CAP_KIB:-2097152}"; timeout 60 "$PAPERFEED" stats "$f" >"$work/hostile.out" 2>&1); echo $?)
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

echo "$passed passed, $failed failed"
test "$failed" = 0
