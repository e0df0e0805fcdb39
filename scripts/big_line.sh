#!/usr/bin/env bash
# The bad-input catalogue's 200 MB single-line article, too slow for the
# debug build `cargo test` uses: runs it against an optimised build.
set -euo pipefail
cd "$(dirname "$0")/.."
time cargo test --release --test bad_input -- --ignored --nocapture single_line_of_200_mb
