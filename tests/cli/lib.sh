# What the CLI test scripts share (source it): a scratch folder `work` removed on exit, and
# check / status_of / finish to count and report the checks.
export PYTHONDONTWRITEBYTECODE=1  # the Python checkers leave no cache in the source tree
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

finish() {  # finish NAME : prints the counts; fails when a check failed
  echo "$1: $passed passed, $failed failed"
  test "$failed" = 0
}
