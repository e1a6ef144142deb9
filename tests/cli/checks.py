"""What the check_*.py scripts share: failing with the reason, named after the running script."""

import os
import sys


def fail(message):
    """Prints `<script>: message` on stderr and exits 1."""
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    print(f"{name}: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    """Fails with `message` unless `condition` holds."""
    if not condition:
        fail(message)
