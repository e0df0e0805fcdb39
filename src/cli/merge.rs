//! `framescore merge`: adds up the partial folders of a sharded run into
//! the report one run would have written.

use super::report::Output;
use clap::Args;
use framescore::report;
use std::path::PathBuf;

/// Combine the partial folders written by `framescore count --shard K/N`
/// into the full report (CSV tables, charts, index.html, run.json), equal
/// to `framescore report` over the whole corpus with the same options.
#[derive(Args, Debug)]
#[command(after_help = "Examples:
  for k in 1 2 3 4; do framescore count --corpus big.csv --shard $k/4 --out parts/$k; done
  framescore merge parts/1 parts/2 parts/3 parts/4 --out reports/big

The corpus, lexicon, --level and --period come from the partials; the
statistics options (--seed, --bootstrap, ...) are given here. Every shard
1..N must be present once, all counted from the same corpus, lexicon and
options. See docs/SCALE.md.")]
pub struct MergeArgs {
    /// The partial folders, one per shard, in any order
    #[arg(value_name = "PARTIAL", required = true)]
    partials: Vec<PathBuf>,
    #[command(flatten)]
    output: Output,
}

pub fn run(args: MergeArgs) -> anyhow::Result<()> {
    let summary = report::merge(&args.partials, &args.output.settings())?;
    args.output.announce(&summary);
    Ok(())
}
