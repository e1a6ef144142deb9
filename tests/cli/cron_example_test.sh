#!/usr/bin/env bash
# End-to-end test of examples/cron/daily-digest.sh, the README's cron recipe: curl and sendmail
# are stand-ins on PATH (curl serves fixture files by URL, fails for one listing and answers
# "[]" for a day without Hugging Face papers; sendmail keeps each message, or fails when asked
# to). Runs on the same day: the first mails the arXiv listing's papers, the second only the
# paper new since then; a third whose send fails keeps its paper for the fourth.
# Run by ctest (test "cron_example").
set -uo pipefail
: "${PAPERFEED:?path of the paperfeed binary}" "${TEST_DATA:?tests/data}" "${WEB_FIXTURES:?web/tests/fixtures}"
here=$(cd "$(dirname "$0")" && pwd)
script="$here/../../examples/cron/daily-digest.sh"
source "$(dirname "$0")/lib.sh"

# The stand-ins: `curl ... -o FILE URL` copies $work/served/<name> to FILE, the name taken from
# the URL (hf-daily or the arXiv category); a name without a served file fails like curl does.
mkdir -p "$work/bin" "$work/served" "$work/mail"
cat >"$work/bin/curl" <<EOF
#!/usr/bin/env bash
out= url=
while ((\$#)); do
  case \$1 in
    -o) out=\$2; shift 2 ;;
    -*) [[ \$1 == --retry || \$1 == --max-time ]] && shift; shift ;;
    *) url=\$1; shift ;;
  esac
done
case \$url in
  https://huggingface.co/api/daily_papers*) name=hf-daily ;;
  https://rss.arxiv.org/atom/*) name=\${url##*/} ;;
  *) name=unknown ;;
esac
echo "\$url" >>"$work/fetched"
[[ -f "$work/served/\$name" ]] || { echo "curl: (22) The requested URL returned error: 404" >&2; exit 22; }
cp "$work/served/\$name" "\$out"
EOF
cat >"$work/bin/sendmail" <<EOF
#!/usr/bin/env bash
[[ \$* == -t ]] || { echo "sendmail: expected -t, got \$*" >&2; exit 64; }
[[ -f "$work/sendmail-fails" ]] && { echo "sendmail: the mail server is away" >&2; exit 75; }
cat >"$work/mail/\$(ls "$work/mail" | wc -l)"
EOF
chmod +x "$work/bin/curl" "$work/bin/sendmail"
mkdir -p "$work/paperfeed-bin"
ln -s "$PAPERFEED" "$work/paperfeed-bin/paperfeed"

echo '[]' >"$work/served/hf-daily"
cp "$TEST_DATA/arxiv-listing-rss.xml" "$work/served/cs.AI"
# cs.LG is not served: its fetch fails.

run_cron() {  # run_cron: the script for 2025-08-20 with its output folders in $work
  PATH="$work/bin:$work/paperfeed-bin:$PATH" STATE_DIR="$work/state" WEB_DIR="$work/www" \
    DIGEST_DATE=2025-08-20 DIGEST_TO='Ada Reader <ada@example.org>, bob@example.org' ARXIV_LISTINGS="cs.AI cs.LG" \
    bash "$script" 2>"$work/stderr"
}

# The bundle needs the page template beside the program (scripts/build writes it).
template="$(dirname "$(readlink -f "$PAPERFEED")")/../share/paperfeed/bundle-template.html"
if [[ ! -f $template ]]; then
  echo "skipped the cron example: $template is missing (scripts/build writes it)"
  exit 0
fi

run_cron
check "the first run succeeds" test $? = 0
check "it fetched the Hugging Face day, the day before, and both listings" test "$(cat "$work/fetched")" = \
  "https://huggingface.co/api/daily_papers?date=2025-08-19
https://huggingface.co/api/daily_papers?date=2025-08-20
https://rss.arxiv.org/atom/cs.AI
https://rss.arxiv.org/atom/cs.LG"
check "an empty Hugging Face day is skipped with a message" grep -q "daily_papers?date=2025-08-20 holds no papers today" "$work/stderr"
check "a listing that cannot be fetched is skipped with a message" grep -q "could not fetch https://rss.arxiv.org/atom/cs.LG" "$work/stderr"
check "one message was sent" test "$(ls "$work/mail")" = 0
check "the message parses back with both parts and the listing's papers" python3 "$here/check_email.py" "$work/mail/0" \
  --to 'Ada Reader <ada@example.org>, bob@example.org' --from 'Ada Reader <ada@example.org>' \
  --subject 'paperfeed digest: 3 new papers — 2025-08-20' \
  --text-has 'Planning with Sparse Rewards via Learned Subgoals' --text-has 'A Survey of Agent Benchmarks' \
  --html-has 'Graph Transformers for Molecular Property Prediction'
check "the papers sent are recorded" test "$(cut -f1 "$work/state/seen.tsv" | grep -v '^#' | sort | tr '\n' ' ')" = "2403.10003 2508.20001 2508.20002 "
check "the Atom feed follows RFC 4287" python3 "$here/check_atom.py" "$work/www/digest.atom" --entries 3
check "the offline page holds the papers and allows no network" grep -q "connect-src 'none'" "$work/www/papers.html"
check "the offline page is titled by its days" grep -q "<title>Papers since 2025-07-21</title>" "$work/www/papers.html"

# The second run: Hugging Face lists one paper that day; the listing is unchanged.
python3 - "$WEB_FIXTURES/hf-daily.json" "$work/served/hf-daily" <<'EOF'
import json, sys
items = json.load(open(sys.argv[1]))
for item in items:
    item["publishedAt"] = "2025-08-20T08:00:00.000Z"
json.dump(items, open(sys.argv[2], "w"))
EOF
run_cron
check "the second run succeeds" test $? = 0
check "a second message was sent" test "$(ls "$work/mail" | tr '\n' ' ')" = "0 1 "
check "it holds only the paper not sent before" python3 "$here/check_email.py" "$work/mail/1" \
  --subject 'paperfeed digest: 1 new paper — 2025-08-20' \
  --text-has 'Lightweight Adapters for Multilingual Speech Translation'
check "no paper is mailed twice" bash -c "! grep -q 'Planning with Sparse Rewards' '$work/mail/1'"
check "the Atom feed lists the day's four papers" python3 "$here/check_atom.py" "$work/www/digest.atom" --entries 4
check "the index grew by the new paper" grep -q "^4 results" <("$PAPERFEED" search "$work/state/papers.pfi" '' --limit 0)

# The third run's send fails: cron sees it, and its paper is not recorded as sent.
printf '%s\n' '{"id":"2508.20009","title":"Sparse Planning Revisited","published":"2025-08-20","sources":["paperfeed"]}' >"$work/served/cs.LG"
touch "$work/sendmail-fails"
run_cron
check "a failed send fails the run" test $? = 75
check "the paper of the failed send is not recorded" bash -c "! grep -q '^2508.20009' '$work/state/seen.tsv'"
rm "$work/sendmail-fails"
run_cron
check "the next run succeeds" test $? = 0
check "and mails the paper the failed send held" python3 "$here/check_email.py" "$work/mail/2" \
  --subject 'paperfeed digest: 1 new paper — 2025-08-20' --text-has 'Sparse Planning Revisited'
check "which is now recorded" grep -q '^2508.20009' "$work/state/seen.tsv"

finish "cron example"
