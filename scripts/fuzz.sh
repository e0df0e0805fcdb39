#!/usr/bin/env bash
# Fuzzes framescore's parsers and matcher with cargo fuzz (libFuzzer), one
# target after another on one core.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 600, all)
#
# Targets (fuzz/fuzz_targets/): lexicon_toml, import_dic, import_yaml,
# matcher (normaliser, tokenizer, matcher), corpus_csv, corpus_jsonl, and the
# export readers corpus_lexisnexis, corpus_factiva_xml, corpus_factiva_html,
# corpus_nexis_uni, corpus_parquet, corpus_sheet (seeded from
# tests/fixtures/corpora). cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP=1
# lets the stable toolchain accept them. Built with AddressSanitizer by
# default (SANITIZER=none for twice the executions: framescore's own code is
# safe Rust, but the readers' crates (zip, parquet, calamine) are not all). A finding lands in
# fuzz/artifacts/TARGET/; turn it into a unit test before fixing it.
# Logs: fuzz/logs/TARGET.log; a summary line per target at the end.
set -uo pipefail
cd "$(dirname "$0")/../fuzz"

secs=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(lexicon_toml import_dic import_yaml matcher corpus_csv corpus_jsonl corpus_records
           corpus_lexisnexis corpus_factiva_xml corpus_factiva_html corpus_nexis_uni
           corpus_parquet corpus_sheet)
fi
sanitizer=${SANITIZER:-address}

export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
cargo fuzz build -s "$sanitizer" || exit 1
# The built binaries are run directly, so editing the sources while the
# fuzzers run does not rebuild them half-way through.
bin=target/$(rustc -vV | sed -n 's/^host: //p')/release

mkdir -p logs
summary=()
failed=0
# Seeds of the export readers: the repository's own fixtures of each format,
# copied here at each run (fuzz/.gitignore keeps them out of git). A fixture
# that is gone stops the run rather than leave its target unseeded.
seed_from() { mkdir -p "seeds/$1"; cp ../tests/fixtures/corpora/$2 "seeds/$1/" || exit 1; }
seed_from corpus_lexisnexis 'lexisnexis*.txt'
seed_from corpus_factiva_xml 'factiva.xml'
seed_from corpus_factiva_html 'factiva.html'
seed_from corpus_nexis_uni 'nexis_uni.docx'
seed_from corpus_parquet 'table.parquet'
seed_from corpus_sheet 'table.xlsx'
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t" "seeds/$t"
  echo "== $t: ${secs}s"
  # One process, one core; 2 GB RSS and 10 s per input count as findings.
  "$bin/$t" -artifact_prefix="artifacts/$t/" "corpus/$t" "seeds/$t" \
    -max_total_time="$secs" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 \
    -max_len=65536 -print_final_stats=1 >"logs/$t.log" 2>&1
  status=$?
  runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "logs/$t.log" | tail -1)
  [ -z "$runs" ] && runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | tail -1)
  if [ $status -ne 0 ]; then
    failed=1
    summary+=("$t: FINDING (exit $status) after ${runs:-?}; see fuzz/logs/$t.log and fuzz/artifacts/$t/")
  else
    summary+=("$t: ok, $runs")
  fi
  echo "${summary[-1]}"
done
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $failed
