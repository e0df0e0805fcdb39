//! The command line: clap lives here and only here. Each subcommand is a
//! module with its arguments and a short `run` that reads like the pipeline.
//! It owns argument parsing, defaults and terminal output; the work is
//! the library's.

mod count;
pub(crate) mod diff;
mod kwic;
mod lexicon;
mod merge;
mod plan;
mod report;
mod sample;
mod validate;
mod verify;

use clap::{Args, Parser, Subcommand};
use framescore::corpus::dates::Date;
use framescore::corpus::options::{ColumnNames, Duplicates, Syndicated, Warn};
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
    Plan(plan::PlanArgs),
    Lexicon(lexicon::LexiconArgs),
    Kwic(kwic::KwicArgs),
    Diff(diff::DiffArgs),
    Verify(verify::VerifyArgs),
    Sample(sample::SampleArgs),
    Validate(validate::ValidateArgs),
}

/// The inputs every subcommand that reads a corpus shares.
#[derive(Args, Debug, Clone)]
pub struct Inputs {
    /// Corpus: a folder (with manifest.csv, with one subfolder per outlet, or of export files),
    /// a CSV/TSV table, JSON Lines (.jsonl), Parquet, a workbook (.xlsx/.ods), a LexisNexis
    /// .txt or Nexis Uni .docx export, Factiva .xml or .html, or a quoted glob ('exports/*.TXT');
    /// repeat it to read several as one corpus [default: data/seed]
    #[arg(long, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
    /// Lexicon file (TOML) [default: lexicons/syria.toml]
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// The column names of a known export: newsapi, mediacloud or ccnews (docs/CORPORA.md);
    /// a --*-column flag overrides one of them
    #[arg(long, value_name = "NAME", value_parser = parse_preset)]
    pub preset: Option<ColumnNames>,
    /// Column (or JSON key) holding the article text [default: text]
    #[arg(long, value_name = "NAME")]
    pub text_column: Option<String>,
    /// Column holding the outlet [default: outlet]
    #[arg(long, value_name = "NAME")]
    pub outlet_column: Option<String>,
    /// Column holding the date [default: date]
    #[arg(long, value_name = "NAME")]
    pub date_column: Option<String>,
    /// Column holding the article id (default when empty: row<line> or the file path) [default: id]
    #[arg(long, value_name = "NAME")]
    pub id_column: Option<String>,
    /// Column holding the title [default: title]
    #[arg(long, value_name = "NAME")]
    pub title_column: Option<String>,
    /// The sheet of a workbook corpus (.xlsx, .ods) [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// How numeric dates are written, strftime-style (%d/%m/%Y, %m/%d/%y); repeat to try
    /// several in order. ISO dates and dates with month names are read without it
    #[arg(long, value_name = "FORMAT")]
    pub date_format: Vec<String>,
    /// A row that cannot be read (missing outlet, empty text, invalid UTF-8, an unreadable
    /// date when dates are used): `fail` stops with its file and line, `skip` skips it and
    /// counts it in the report
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
    /// Articles whose cleaned text repeats an earlier article of the same outlet: `first`
    /// counts them once (near-identical ones are listed in duplicates.csv), `near` also counts
    /// near-identical ones once, `keep` counts every copy
    #[arg(long, value_name = "first|near|keep", default_value = "first")]
    pub duplicates: Duplicates,
}

fn parse_preset(s: &str) -> Result<ColumnNames, String> {
    ColumnNames::preset(s).ok_or_else(|| {
        format!(
            "`{s}` is not a preset: use {}",
            ColumnNames::PRESETS.join(", ")
        )
    })
}

fn warn(message: &str) {
    eprintln!("framescore: warning: {message}");
}

impl Inputs {
    /// The first corpus path (the others go in the options' `also`).
    pub fn corpus(&self) -> PathBuf {
        self.corpus
            .first()
            .cloned()
            .unwrap_or_else(|| default_path(DEFAULT_CORPUS))
    }

    /// Every file and folder these inputs name (globs expanded), for the
    /// check that an output never lands on an input.
    pub fn paths(&self) -> Vec<PathBuf> {
        let mut out = vec![self.lexicon()];
        for p in &self.corpus {
            out.push(p.clone());
            if !p.exists() {
                if let Ok(found) = glob::glob(&p.to_string_lossy()) {
                    out.extend(found.flatten());
                }
            }
        }
        if self.corpus.is_empty() {
            out.push(self.corpus());
        }
        out
    }

    /// The corpus flags as library options; `period`: the command counts
    /// per period, so dates are used.
    pub fn corpus_options_dated(&self, period: bool) -> CorpusOptions {
        let base = self.preset.clone().unwrap_or_default();
        let pick = |flag: &Option<String>, preset: String| flag.clone().unwrap_or(preset);
        CorpusOptions {
            columns: ColumnNames {
                text: pick(&self.text_column, base.text),
                outlet: pick(&self.outlet_column, base.outlet),
                date: pick(&self.date_column, base.date),
                id: pick(&self.id_column, base.id),
                title: pick(&self.title_column, base.title),
                url: base.url,
            },
            on_error: self.on_error,
            filters: self.filters.clone(),
            from: self.from,
            to: self.to,
            group_by: self.group_by.clone(),
            no_clean: self.no_clean,
            syndicated: self.syndicated,
            duplicates: self.duplicates,
            also: self.corpus.iter().skip(1).cloned().collect(),
            sheet: self.sheet.clone(),
            date_formats: self.date_format.clone(),
            dates_used: period,
            columns_read: Vec::new(),
            warn: Warn(Some(warn)),
        }
    }

    /// The corpus flags as library options.
    pub fn corpus_options(&self) -> CorpusOptions {
        self.corpus_options_dated(false)
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
        Command::Plan(args) => plan::run(args),
        Command::Lexicon(args) => lexicon::run(args),
        Command::Kwic(args) => kwic::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Sample(args) => sample::run(args),
        Command::Validate(args) => validate::run(args),
    }
}
