//! The command line: clap lives here and only here. Each subcommand is a
//! module with its arguments and a short `run` that reads like the pipeline.

mod diff;
mod kwic;
mod lexicon;
mod report;

use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};

pub const DEFAULT_CORPUS: &str = "data/seed";
pub const DEFAULT_LEXICON: &str = "lexicons/syria.toml";

#[derive(Parser)]
#[command(
    name = "framescore",
    version,
    about = "Measure how news outlets frame the same events: lexicon counts, rates, shares and outlet comparisons.",
    after_help = "Start with `framescore report` on the shipped seed corpus, then open reports/syria/index.html."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Report(report::ReportArgs),
    Lexicon(lexicon::LexiconArgs),
    Kwic(kwic::KwicArgs),
    Diff(diff::DiffArgs),
}

/// The inputs every subcommand that reads a corpus shares.
#[derive(Args, Debug, Clone)]
pub struct Inputs {
    /// Corpus: a folder with manifest.csv, a folder of outlet subfolders, or a CSV/TSV table
    /// [default: data/seed]
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// Lexicon file (TOML) [default: lexicons/syria.toml]
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
}

impl Inputs {
    pub fn corpus(&self) -> PathBuf {
        self.corpus
            .clone()
            .unwrap_or_else(|| default_path(DEFAULT_CORPUS))
    }

    pub fn lexicon(&self) -> PathBuf {
        self.lexicon
            .clone()
            .unwrap_or_else(|| default_path(DEFAULT_LEXICON))
    }
}

/// A shipped default: relative to the working directory, else to the
/// source tree this binary was built from.
pub(crate) fn default_path(rel: &str) -> PathBuf {
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

/// Writes text to standard output; a closed pipe (`| head`) is not an error.
pub(crate) fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Report(args) => report::run(args),
        Command::Lexicon(args) => lexicon::run(args),
        Command::Kwic(args) => kwic::run(args),
        Command::Diff(args) => diff::run(args),
    }
}
