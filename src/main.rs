//! The `framescore` command line: parses arguments into settings and runs
//! the library. Exit codes: 0 success, 1 failure to write or other error,
//! 2 bad input (arguments, lexicon, corpus).

use anyhow::Result;
use clap::{Parser, Subcommand};
use framescore::report::{self, ReportError, Settings};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const DEFAULT_CORPUS: &str = "data/seed";
const DEFAULT_LEXICON: &str = "lexicons/syria.toml";

#[derive(Parser)]
#[command(
    name = "framescore",
    version,
    about = "Measure how news outlets frame the same events: lexicon counts, rates, shares and outlet comparisons."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Count every lexicon term per outlet and write the full report:
    /// CSV tables, PNG charts, index.html and run.json.
    #[command(after_help = "Examples:
  framescore report
      the shipped seed corpus and lexicon, into reports/syria/
  framescore report --corpus my_corpus --lexicon my.toml --out reports/mine
  framescore report --corpus data/seed --out /tmp/seed --force

A corpus is a folder with manifest.csv (columns file, outlet; optional id,
date, title, url; other columns kept as metadata) or a folder with one
subfolder per outlet. Open index.html in the report folder first.")]
    Report {
        /// Corpus folder [default: data/seed]
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Lexicon file (TOML) [default: lexicons/syria.toml]
        #[arg(long)]
        lexicon: Option<PathBuf>,
        /// Output folder [default: reports/<lexicon name>]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace the output folder even if framescore did not write it
        #[arg(long)]
        force: bool,
        /// Confidence level of every interval, between 0 and 1
        #[arg(long, default_value_t = 0.95, value_parser = parse_confidence)]
        confidence: f64,
    },
}

fn parse_confidence(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x > 0.0 && x < 1.0 => Ok(x),
        _ => Err(format!("`{s}` is not a number between 0 and 1 (e.g. 0.95)")),
    }
}

/// A shipped default: relative to the working directory, else to the
/// source tree this binary was built from.
fn default_path(rel: &str) -> PathBuf {
    let here = PathBuf::from(rel);
    if here.exists() {
        return here;
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    if built.exists() {
        built
    } else {
        here
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            let bad_input = e
                .downcast_ref::<ReportError>()
                .is_some_and(ReportError::is_bad_input);
            ExitCode::from(if bad_input { 2 } else { 1 })
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Report {
            corpus,
            lexicon,
            out,
            force,
            confidence,
        } => {
            let settings = Settings {
                corpus: corpus.unwrap_or_else(|| default_path(DEFAULT_CORPUS)),
                lexicon: lexicon.unwrap_or_else(|| default_path(DEFAULT_LEXICON)),
                out,
                force,
                confidence,
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
    }
}
