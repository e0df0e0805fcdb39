//! `framescore plan`: the plan of a two-phase sharded run, from every
//! shard's phase-1 summary.

use super::Inputs;
use clap::Args;
use framescore::corpus::dates::Period;
use framescore::report::{self, Settings};
use std::path::PathBuf;

/// Make the plan every shard counts with in phase 2 (each outlet's
/// boilerplate lines, the copies to leave out, the corpus hash) from the
/// summaries phase 1 wrote (`framescore count --shard K/N --summarise`).
/// Nothing of the corpus is read.
#[derive(Args, Debug)]
#[command(after_help = "Examples:
  for k in 1 2 3 4; do framescore count --corpus 'big/*.jsonl' --shard $k/4 --summarise --out summaries/$k; done
  framescore plan summaries/* --out plan
  for k in 1 2 3 4; do framescore count --corpus 'big/*.jsonl' --shard $k/4 --plan plan --out parts/$k; done
  framescore merge parts/* --out reports/big

Give it the corpus options the shards were read with (--on-error,
--where, --group-by, --no-clean, --syndicated, --duplicates, --period,
...): a plan made with other options is refused, naming them. The corpus
and lexicon are not read. See docs/SCALE.md.")]
pub struct PlanArgs {
    /// The folders phase 1 wrote, one per shard, in any order
    #[arg(value_name = "SUMMARY", required = true)]
    summaries: Vec<PathBuf>,
    #[command(flatten)]
    inputs: Inputs,
    /// The --period the shards count with
    #[arg(long, value_name = "week|month|year")]
    period: Option<Period>,
    /// The plan folder to write [default: plan]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Replace a folder framescore did not write; never an input
    #[arg(long)]
    force: bool,
}

pub fn run(args: PlanArgs) -> anyhow::Result<()> {
    let settings = Settings {
        corpus: args.inputs.corpus(),
        corpus_options: args.inputs.corpus_options_dated(args.period.is_some()),
        lexicon: args.inputs.lexicon(),
        period: args.period,
        out: args.out,
        force: args.force,
        ..Settings::default()
    };
    let made = report::plan(&args.summaries, &settings)?;
    let n = args.summaries.len();
    eprintln!(
        "framescore: plan of {n} {}: {} articles ({} copies within an outlet and {} syndicated copies left out) -> {}",
        if n == 1 { "summary" } else { "summaries" },
        made.articles,
        made.left_out.0,
        made.left_out.1,
        made.out.display()
    );
    Ok(())
}
