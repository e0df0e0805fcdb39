#!/usr/bin/env bash
# The bad-input catalogue's "disk full": writes the seed report into a
# 64 KB tmpfs (needs root to mount). Expects exit code 1, a message naming
# the file it could not write and "No space left", and nothing left behind
# in the full file system. Not in `cargo test`: mounting needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
mnt=$(mktemp -d)
cleanup() { umount "$mnt" 2>/dev/null || true; rmdir "$mnt"; }
trap cleanup EXIT
if ! mount -t tmpfs -o size=64k tmpfs "$mnt" 2>/dev/null; then
  echo "cannot mount a tmpfs here (not root?): skipped"
  exit 0
fi
set +e
./target/debug/framescore report --bootstrap 0 --permutations 0 --out "$mnt/r" 2>"$mnt.err"
code=$?
set -e
cat "$mnt.err"
fail=0
[ "$code" -eq 1 ] || { echo "FAIL: exit code $code, expected 1"; fail=1; }
grep -q "No space left" "$mnt.err" || { echo "FAIL: message does not say the disk is full"; fail=1; }
grep -q "panicked" "$mnt.err" && { echo "FAIL: panic"; fail=1; }
left=$(ls -A "$mnt")
[ -z "$left" ] || { echo "FAIL: left behind: $left"; fail=1; }
rm -f "$mnt.err"
[ $fail -eq 0 ] && echo "ok: disk full gives exit 1, a clear message, and leaves nothing behind"
exit $fail
