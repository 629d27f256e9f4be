#!/usr/bin/env bash
# Sets up (scripts/setup.sh), builds and runs every test. With --sanitize,
# does the same in a separate build under AddressSanitizer and
# UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=default
[ "${1:-}" = "--sanitize" ] && preset=sanitize
bash scripts/setup.sh "$preset"
ctest --preset "$preset" --output-on-failure
