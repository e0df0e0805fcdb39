//! `framescore count`: the counting pass alone, for speed and for scripts;
//! with `--shard K/N`, one shard of a run that `framescore merge` completes.

use super::Inputs;
use clap::Args;
use framescore::analysis::StatsOptions;
use framescore::corpus::dates::Period;
use framescore::limits;
use framescore::pass::{self, Shard};
use framescore::report::{self, RowTables, Settings};
use std::io::Write as _;
use std::path::PathBuf;

/// Count every lexicon term per outlet, as `report` does, and write only
/// the counts (outlet, group, category, count, tokens, articles) as CSV:
/// no per-article tables, statistics or charts.
#[derive(Args, Debug)]
#[command(after_help = "Examples:
  framescore count --corpus articles.csv --lexicon my.toml > counts.csv
  framescore count --corpus big.csv.gz --threads 2 --out counts.csv
  framescore count --corpus big.csv.gz --shard 3/8 --out parts/3
      the third of eight shards (a partial folder); then
      framescore merge parts/* --out reports/big
See docs/SCALE.md for running shards on a cluster.")]
pub struct CountArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// Worker threads, 1 to 1024; the counts are the same at any number [default: all CPUs]
    #[arg(long, value_name = "N", value_parser = super::bounded(1, limits::THREADS_MAX, "one thread per core is enough"))]
    threads: Option<usize>,
    /// Write the CSV here instead of standard output; with --shard, the
    /// partial folder [default: shard-K-of-N]
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Count only the K-th of N equal, contiguous parts of the corpus into a
    /// partial folder for `framescore merge`
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    shard: Option<Shard>,
    /// With --shard: phase 1 of a two-phase run: read only this shard's
    /// parts of the corpus and write their summary (a folder, default
    /// summary-K-of-N) for `framescore plan`
    #[arg(long, requires = "shard", conflicts_with = "plan")]
    summarise: bool,
    /// With --shard: phase 2: count with this plan (the folder
    /// `framescore plan` wrote), reading only this shard's parts of the
    /// corpus; without it, a shard reads the whole corpus once first
    #[arg(long, value_name = "DIR", requires = "shard")]
    plan: Option<PathBuf>,
    /// With --shard: also count per period (periods.csv after the merge)
    #[arg(long, value_name = "week|month|year", requires = "shard")]
    period: Option<Period>,
    /// Roll nested categories up to this depth [default: the leaves]
    #[arg(long, value_name = "N", value_parser = super::bounded(1, limits::LEVEL_MAX, "deeper than any lexicon nests"))]
    level: Option<usize>,
    /// With --shard: the per-article tables to write, a comma-separated
    /// list of matches, documents and cleaning, or all, or none; `merge`
    /// writes those the shards wrote
    #[arg(long, value_name = "LIST", default_value = "all", requires = "shard",
          value_parser = super::report::parse_row_tables)]
    tables: RowTables,
    /// Replace an existing --out file, or (with --shard) a partial folder
    /// framescore did not write; never an input
    #[arg(long)]
    force: bool,
}

/// `--shard K/N`, N at most [`limits::SHARDS_MAX`].
fn parse_shard(s: &str) -> Result<Shard, String> {
    let shard: Shard = s.parse()?;
    if shard.count > limits::SHARDS_MAX {
        return Err(format!(
            "{} shards is more than {}, the most allowed (see Limits in the README)",
            shard.count,
            limits::SHARDS_MAX
        ));
    }
    Ok(shard)
}

pub fn run(args: CountArgs) -> anyhow::Result<()> {
    let threads = args
        .threads
        .unwrap_or_else(framescore::parallel::default_threads);
    let level = args.level;
    if let Some(shard) = args.shard {
        let settings = Settings {
            corpus: args.inputs.corpus(),
            corpus_options: args.inputs.corpus_options_dated(args.period.is_some()),
            lexicon: args.inputs.lexicon(),
            period: args.period,
            level,
            out: args.out,
            force: args.force,
            row_tables: args.tables,
            stats: StatsOptions {
                threads,
                ..StatsOptions::default()
            },
            ..Settings::default()
        };
        if args.summarise {
            let done = report::summarise(&settings, shard)?;
            let (parts, total) = (&done.parts, done.parts_total);
            let read = match parts.end - parts.start {
                0 => format!("no part of the corpus ({total} in all)"),
                1 => format!("part {} of {total}", parts.end),
                _ => format!("parts {}-{} of {total}", parts.start + 1, parts.end),
            };
            eprintln!(
                "framescore: shard {}/{}, phase 1: {read}, {} articles -> {}",
                shard.index,
                shard.count,
                done.articles,
                done.out.display()
            );
            if parts.is_empty() {
                let has = if total == 1 {
                    "one part".to_string()
                } else {
                    format!("{total} parts")
                };
                eprintln!(
                    "framescore: warning: the corpus has {has} (files, Parquet row groups) for {} shards, so this shard has none: split the corpus into at least as many files as shards",
                    shard.count
                );
            }
            return Ok(());
        }
        let done = report::shard(&settings, shard, args.plan.as_deref())?;
        eprintln!(
            "framescore: shard {}/{}: {} of {} articles, {} matches -> {}",
            shard.index,
            shard.count,
            done.articles,
            done.articles_total,
            done.matches,
            done.out.display()
        );
        return Ok(());
    }
    let (counts, articles) = pass::count(
        &args.inputs.corpus(),
        &args.inputs.corpus_options(),
        &args.inputs.lexicon(),
        level,
        threads,
    )?;
    let mut w = framescore::output::SafeWriter::from_writer(Vec::new());
    w.write_record(["outlet", "group", "category", "count", "tokens", "articles"])?;
    for (outlet, o) in &counts.outlets {
        for (c, cat) in counts.categories.iter().enumerate() {
            w.write_record([
                outlet.clone(),
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
        Some(path) => {
            let inputs = args.inputs.paths();
            let inputs: Vec<&std::path::Path> = inputs.iter().map(PathBuf::as_path).collect();
            let file = framescore::output::place::Kind::File;
            framescore::output::place::check(path, file, &inputs, args.force)?;
            framescore::output::write_file(path, &bytes)?;
        }
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
