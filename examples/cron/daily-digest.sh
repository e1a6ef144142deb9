#!/usr/bin/env bash
# The daily paper digest, for cron. Fetches today's Hugging Face daily papers and an arXiv
# listing, adds them to a growing index, mails the papers that match your interests (leaving
# out those already sent), writes an Atom feed of them, and refreshes an offline search page
# of the last weeks' papers for a web server to serve.
#
#   crontab -e:
#   30 7 * * *  DIGEST_TO=you@example.org DIGEST_QUERY='diffusion OR "language model"' /path/to/daily-digest.sh
#
# Settings, from the environment:
#   DIGEST_TO        where the mail goes, comma-separated (required unless DIGEST_NO_MAIL=1)
#   DIGEST_FROM      the sender (default: the first of DIGEST_TO)
#   DIGEST_QUERY     your interests in paperfeed's query language (default: every paper)
#   DIGEST_EXCLUDE   words or phrases to leave out, comma-separated ("survey, benchmark")
#   DIGEST_TOP       papers per digest (default 10)
#   ARXIV_LISTINGS   arXiv categories whose daily listing is fetched (default "cs.CL cs.LG")
#   STATE_DIR        feeds, the index and the list of papers already sent
#                    (default ~/.local/share/paperfeed)
#   WEB_DIR          where papers.html and digest.atom go (unset: neither is written)
#   FEED_URL         the URL digest.atom is served at (its rel="self" link)
#   BUNDLE_DAYS      days of papers in papers.html (default 30)
#   PAPERFEED        the paperfeed program (default: paperfeed on PATH)
#   SENDMAIL         the mail command reading a message on stdin (default "sendmail -t")
#   DIGEST_NO_MAIL   1: write the message to STATE_DIR/digest.eml without sending it
#   DIGEST_DATE      the day to digest, YYYY-MM-DD (default: today, UTC). Another day catches
#                    up on a missed run for Hugging Face; arXiv listings are only ever today's.
# Hugging Face's list of a day fills during that day, so the day before is fetched again too:
# what was added to it after the last run comes in now (papers already mailed are not mailed
# again). A feed that cannot be fetched, or holds no papers, is skipped with a message; the
# digest then holds what the others brought. The papers mailed are recorded in seen.tsv only
# once the mail command succeeded.
set -euo pipefail

paperfeed=${PAPERFEED:-paperfeed}
state=${STATE_DIR:-$HOME/.local/share/paperfeed}
today=${DIGEST_DATE:-$(date -u +%F)}
yesterday=$(date -u -d "$today - 1 day" +%F)
feeds="$state/feeds/$today"
mkdir -p "$feeds"
# One run at a time: two would each rewrite the index and seen.tsv.
exec 9>"$state/lock"
flock --nonblock 9 || { echo "daily-digest: another run holds $state/lock" >&2; exit 1; }

# fetch URL FILE: downloads URL into FILE when it holds a feed; says why and returns 1 when
# it cannot be fetched or is no feed (an empty list on a day without papers, an API error).
fetch() {
  if ! curl --fail --silent --show-error --location --retry 3 --max-time 120 -o "$2.part" "$1"; then
    echo "daily-digest: could not fetch $1; going on without it" >&2
    rm -f "$2.part"
    return 1
  fi
  mv "$2.part" "$2"
  if ! "$paperfeed" detect "$2" >/dev/null 2>&1; then
    echo "daily-digest: $1 holds no papers today ($("$paperfeed" detect "$2" 2>&1 | sed 's/^[^:]*: //')); going on without it" >&2
    return 1
  fi
}

fetched=()
for day in "$yesterday" "$today"; do
  fetch "https://huggingface.co/api/daily_papers?date=$day" "$feeds/hf-daily-$day.json" && fetched+=("$feeds/hf-daily-$day.json")
done
for category in ${ARXIV_LISTINGS:-cs.CL cs.LG}; do
  fetch "https://rss.arxiv.org/atom/$category" "$feeds/arxiv-$category.xml" && fetched+=("$feeds/arxiv-$category.xml")
done

# Today's feeds join yesterday's index (the first run starts one).
index="$state/papers.pfi"
previous=()
[[ -f $index ]] && previous=("$index")
if ((${#fetched[@]} > 0)); then
  # Status 1: a feed broke off part-way; the index holds what could be read (said on stderr).
  status=0
  "$paperfeed" index "${previous[@]}" "${fetched[@]}" -o "$index" || status=$?
  ((status <= 1)) || exit "$status"
fi
[[ -f $index ]] || { echo "daily-digest: no feed could be fetched and there is no index yet" >&2; exit 1; }

selection=(--days 1 --top "${DIGEST_TOP:-10}")
[[ -n ${DIGEST_DATE:-} ]] && selection+=(--date "$DIGEST_DATE")
[[ -n ${DIGEST_QUERY:-} ]] && selection+=(--query "$DIGEST_QUERY")
[[ -n ${DIGEST_EXCLUDE:-} ]] && selection+=(--exclude "$DIGEST_EXCLUDE")

if [[ ${DIGEST_NO_MAIL:-0} != 1 ]]; then
  : "${DIGEST_TO:?set DIGEST_TO to the address the digest goes to (or DIGEST_NO_MAIL=1)}"
fi
# The digest records its papers in a copy of seen.tsv, which replaces it once the mail is sent:
# a failed send (seen by cron) leaves them to the next run.
sender=()
[[ -n ${DIGEST_FROM:-} ]] && sender=(--from "$DIGEST_FROM")
touch "$state/seen.tsv"
cp "$state/seen.tsv" "$state/seen.tsv.new"
"$paperfeed" digest "$index" "${selection[@]}" --seen "$state/seen.tsv.new" --format email \
  --to "${DIGEST_TO:-nobody@localhost}" "${sender[@]}" -o "$state/digest.eml"
if [[ ${DIGEST_NO_MAIL:-0} != 1 ]]; then
  ${SENDMAIL:-sendmail -t} <"$state/digest.eml"
fi
mv "$state/seen.tsv.new" "$state/seen.tsv"

if [[ -n ${WEB_DIR:-} ]]; then
  mkdir -p "$WEB_DIR"
  # The feed lists the day's best matches whether or not they were mailed: feed readers keep
  # track of what they have shown by the entries' ids.
  self=()
  [[ -n ${FEED_URL:-} ]] && self=(--feed-url "$FEED_URL")
  "$paperfeed" digest "$index" "${selection[@]}" "${self[@]}" --format atom -o "$WEB_DIR/digest.atom"
  since=$(date -u -d "$today - ${BUNDLE_DAYS:-30} days" +%F)
  "$paperfeed" bundle "$index" --since "$since" --title "Papers since $since" -o "$WEB_DIR/papers.html"
fi
