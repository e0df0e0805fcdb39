#!/bin/bash
# The resident memory of a run over time, to see which phase peaks: samples
# VmRSS every half second beside the command, with its standard error lines
# (the report's warnings and summary) timestamped in the same log.
#
#   bench/rss_timeline.sh LOG framescore report --corpus big.csv ...
#   awk '/ RSS /{if ($3 > m) {m = $3; t = $1}} END {print m " KB at " t " s"}' LOG
#
# Used for docs/PERFORMANCE.md's "The syndication signatures off the heap".
set -u
log=$1
shift
: > "$log"
start=$(date +%s.%N)
since() { echo "$(date +%s.%N) - $start" | bc; }
"$@" 2> >(while IFS= read -r line; do echo "$(since) ERR $line"; done >> "$log") &
pid=$!
while kill -0 "$pid" 2> /dev/null; do
  echo "$(since) RSS $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2> /dev/null)" >> "$log"
  sleep 0.5
done
wait "$pid"
status=$?
echo "exit $status" >> "$log"
exit "$status"
