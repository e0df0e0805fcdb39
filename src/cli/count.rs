//! `framescore count`: the counting pass alone, for speed and for scripts.

use super::Inputs;
use clap::Args;
use framescore::report;
use std::io::Write as _;
use std::path::PathBuf;

/// Count every lexicon term per outlet, as `report` does, and write only
/// the counts (outlet, group, category, count, tokens, articles) as CSV:
/// no per-article tables, statistics or charts.
#[derive(Args, Debug)]
#[command(after_help = "Examples:
  framescore count --corpus articles.csv --lexicon my.toml > counts.csv
  framescore count --corpus big.csv.gz --threads 2 --out counts.csv")]
pub struct CountArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// Worker threads; the counts are the same at any number [default: all CPUs]
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Write the CSV here instead of standard output
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run(args: CountArgs) -> anyhow::Result<()> {
    let threads = args
        .threads
        .unwrap_or_else(framescore::parallel::default_threads);
    let (counts, articles) = report::count(
        &args.inputs.corpus(),
        &args.inputs.corpus_options(),
        &args.inputs.lexicon(),
        threads,
    )?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["outlet", "group", "category", "count", "tokens", "articles"])?;
    for (outlet, o) in &counts.outlets {
        for (c, cat) in counts.categories.iter().enumerate() {
            w.write_record([
                report::safe_cell(outlet),
                cat.group_id.clone(),
                cat.id.clone(),
                o.counts[c].to_string(),
                o.tokens.to_string(),
                o.articles.to_string(),
            ])?;
        }
    }
    let bytes = w.into_inner()?;
    match &args.out {
        Some(path) => std::fs::write(path, &bytes)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
        None => std::io::stdout().write_all(&bytes)?,
    }
    eprintln!(
        "framescore: {articles} articles, {} outlets, {} matches",
        counts.outlets.len(),
        counts
            .outlets
            .values()
            .map(|o| o.counts.iter().sum::<u64>())
            .sum::<u64>()
    );
    Ok(())
}
