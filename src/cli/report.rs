//! `framescore report`: the whole report, end to end.

use super::Inputs;
use clap::Args;
use framescore::corpus::dates::Period;
use framescore::report::{self, Settings};
use std::path::PathBuf;

/// Count every lexicon term per outlet and write the full report:
/// CSV tables, PNG charts, index.html and run.json.
#[derive(Args, Debug)]
#[command(after_help = "Examples:
  framescore report
      the shipped seed corpus and lexicon, into reports/syria/
  framescore report --corpus my_corpus --lexicon my.toml --out reports/mine
  framescore report --corpus articles.csv --out /tmp/report --force
  framescore report --corpus allsides.csv --group-by bias --on-error skip
      compare left, center and right instead of outlets; skip bad rows
  framescore report --corpus export.jsonl.gz --text-column body --outlet-column source
  framescore report --corpus basil.csv --where outlet=fox --where outlet=nyt --period month
      two of the outlets, with rates and shares per month in periods.csv
  framescore report --corpus basil.csv --from 2016-01-01 --to 2016-12-31
  framescore report --no-clean --syndicated first

A corpus is a folder with manifest.csv (columns file, outlet; optional id,
date, title, url; other columns kept as metadata), a folder with one
subfolder per outlet, a CSV/TSV table or a JSON Lines file with text and
outlet columns; any of them gzipped (.gz).
Cleaning is on: boilerplate lines, repeated paragraphs and JSON or markup
are removed before counting and listed in cleaning.csv. Near-copies across
outlets are listed in syndication.csv.
Open index.html in the report folder first.")]
pub struct ReportArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// Output folder [default: reports/<lexicon name>]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Replace the output folder even if framescore did not write it
    #[arg(long)]
    force: bool,
    /// Confidence level of every interval, between 0 and 1
    #[arg(long, default_value_t = 0.95, value_parser = parse_confidence)]
    confidence: f64,
    /// Also count per period of the article dates: rates and shares in periods.csv
    #[arg(long, value_name = "week|month|year")]
    period: Option<Period>,
}

fn parse_confidence(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x > 0.0 && x < 1.0 => Ok(x),
        _ => Err(format!("`{s}` is not a number between 0 and 1 (e.g. 0.95)")),
    }
}

pub fn run(args: ReportArgs) -> anyhow::Result<()> {
    let settings = Settings {
        corpus: args.inputs.corpus(),
        corpus_options: args.inputs.corpus_options(),
        period: args.period,
        lexicon: args.inputs.lexicon(),
        out: args.out,
        force: args.force,
        confidence: args.confidence,
        arguments: std::env::args().collect(),
    };
    let summary = report::run(&settings)?;
    eprintln!(
        "framescore: {} articles, {} outlets, {} tokens, {} matches -> {}",
        summary.articles,
        summary.outlets,
        summary.tokens,
        summary.matches,
        summary.out.join("index.html").display()
    );
    Ok(())
}
