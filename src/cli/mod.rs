//! The command line: clap lives here and only here. Each subcommand is a
//! module with its arguments and a short `run` that reads like the pipeline.

mod count;
mod diff;
mod kwic;
mod lexicon;
mod merge;
mod report;
mod verify;

use clap::{Args, Parser, Subcommand};
use framescore::corpus::dates::Date;
use framescore::corpus::options::{ColumnNames, Syndicated};
use framescore::corpus::{CorpusOptions, OnError, WhereFilter};
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
    Count(count::CountArgs),
    Merge(merge::MergeArgs),
    Lexicon(lexicon::LexiconArgs),
    Kwic(kwic::KwicArgs),
    Diff(diff::DiffArgs),
    Verify(verify::VerifyArgs),
}

/// The inputs every subcommand that reads a corpus shares.
#[derive(Args, Debug, Clone)]
pub struct Inputs {
    /// Corpus: a folder with manifest.csv, a folder of outlet subfolders, a CSV/TSV table
    /// or a JSON Lines file (.jsonl), each optionally gzipped (.gz) [default: data/seed]
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// Lexicon file (TOML) [default: lexicons/syria.toml]
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Column (or JSON key) holding the article text
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_column: String,
    /// Column holding the outlet
    #[arg(long, value_name = "NAME", default_value = "outlet")]
    pub outlet_column: String,
    /// Column holding the date (YYYY-MM-DD, a time after it is ignored)
    #[arg(long, value_name = "NAME", default_value = "date")]
    pub date_column: String,
    /// Column holding the article id (default when empty: row<line> or the file path)
    #[arg(long, value_name = "NAME", default_value = "id")]
    pub id_column: String,
    /// Column holding the title
    #[arg(long, value_name = "NAME", default_value = "title")]
    pub title_column: String,
    /// A row that cannot be read (missing outlet, empty text, bad date, invalid UTF-8):
    /// `fail` stops with its file and line, `skip` skips it and counts it in the report
    #[arg(long, value_name = "fail|skip", default_value = "fail")]
    pub on_error: OnError,
    /// Compare along this column instead of the outlet (e.g. bias, country)
    #[arg(long, value_name = "COLUMN")]
    pub group_by: Option<String>,
    /// Keep only articles whose COLUMN is VALUE; repeat for more values (any of them) or columns (all)
    #[arg(long = "where", value_name = "COLUMN=VALUE")]
    pub filters: Vec<WhereFilter>,
    /// Keep only articles dated on or after this day (YYYY-MM-DD; undated ones are left out)
    #[arg(long, value_name = "DATE", value_parser = Date::parse)]
    pub from: Option<Date>,
    /// Keep only articles dated on or before this day (YYYY-MM-DD; undated ones are left out)
    #[arg(long, value_name = "DATE", value_parser = Date::parse)]
    pub to: Option<Date>,
    /// Count the text as it is: no removal of boilerplate, repeated paragraphs, JSON or markup
    #[arg(long)]
    pub no_clean: bool,
    /// Articles that are near-copies of another outlet's: `keep` counts all (and warns),
    /// `first` only the earliest copy, `drop` none of them
    #[arg(long, value_name = "keep|first|drop", default_value = "keep")]
    pub syndicated: Syndicated,
}

impl Inputs {
    pub fn corpus(&self) -> PathBuf {
        self.corpus
            .clone()
            .unwrap_or_else(|| default_path(DEFAULT_CORPUS))
    }

    /// The corpus flags as library options.
    pub fn corpus_options(&self) -> CorpusOptions {
        CorpusOptions {
            columns: ColumnNames {
                text: self.text_column.clone(),
                outlet: self.outlet_column.clone(),
                date: self.date_column.clone(),
                id: self.id_column.clone(),
                title: self.title_column.clone(),
                ..ColumnNames::default()
            },
            on_error: self.on_error,
            filters: self.filters.clone(),
            from: self.from,
            to: self.to,
            group_by: self.group_by.clone(),
            no_clean: self.no_clean,
            syndicated: self.syndicated,
        }
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

/// A value parser for a whole number from `min` to `max`, a bound of
/// [`framescore::limits`]; the error says what the bound protects (`why`).
/// Checked while the arguments are read, before any work.
pub(crate) fn bounded(
    min: u64,
    max: u64,
    why: &'static str,
) -> impl Fn(&str) -> Result<usize, String> + Clone + Send + Sync + 'static {
    move |s: &str| {
        let n: u64 = s.trim().parse().map_err(|_| {
            if !s.is_empty() && s.trim().bytes().all(|b| b.is_ascii_digit()) {
                format!("more than {max}, the most allowed ({why}; see Limits in the README)")
            } else {
                format!("`{s}` is not a whole number from {min} to {max}")
            }
        })?;
        if n < min {
            return Err(format!("less than {min}, the least allowed"));
        }
        if n > max {
            return Err(format!(
                "more than {max}, the most allowed ({why}; see Limits in the README)"
            ));
        }
        usize::try_from(n).map_err(|_| format!("{n} does not fit this machine's memory"))
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
        Command::Count(args) => count::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Lexicon(args) => lexicon::run(args),
        Command::Kwic(args) => kwic::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Verify(args) => verify::run(args),
    }
}
