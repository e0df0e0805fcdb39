//! `framescore report`: the whole report, end to end.

use super::Inputs;
use clap::Args;
use framescore::report::charts::ChartFormat;
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
  framescore report --summary --chart-format svg
      also print the headline findings; charts as SVG

A corpus is a folder with manifest.csv (columns file, outlet; optional id,
date, title, url; other columns kept as metadata), a folder with one
subfolder per outlet, or a CSV/TSV table with text and outlet columns.
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
    /// Chart format: png, or svg (vector, text in the viewer's font)
    #[arg(long, value_name = "FORMAT", default_value = "png", value_parser = parse_chart_format)]
    chart_format: ChartFormat,
    /// Also print the headline findings on the terminal
    #[arg(long)]
    summary: bool,
}

fn parse_chart_format(s: &str) -> Result<ChartFormat, String> {
    match s.to_ascii_lowercase().as_str() {
        "png" => Ok(ChartFormat::Png),
        "svg" => Ok(ChartFormat::Svg),
        _ => Err(format!("`{s}` is not a chart format: use png or svg")),
    }
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
        lexicon: args.inputs.lexicon(),
        out: args.out,
        force: args.force,
        confidence: args.confidence,
        arguments: std::env::args().collect(),
        chart_format: args.chart_format,
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
    if args.summary {
        println!("Findings:");
        for line in &summary.headlines {
            println!("  {line}");
        }
    }
    Ok(())
}
