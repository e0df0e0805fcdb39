//! `framescore report`: the whole report, end to end.

use super::Inputs;
use clap::Args;
use framescore::analysis::models::ModelMode;
use framescore::analysis::{Adjust, StatsOptions};
use framescore::charts::ChartFormat;
use framescore::corpus::dates::Period;
use framescore::limits;
use framescore::output::Dialect;
use framescore::report::{self, workbook, ModelSettings, RowTables, Settings};
use std::path::PathBuf;

/// Count every lexicon term per outlet and write the full report:
/// CSV tables, PNG charts, report.xlsx, index.html and run.json.
#[derive(Args, Debug)]
#[command(after_help = "Examples:
  framescore report
      the shipped seed corpus and lexicon, into reports/syria/
  framescore report --corpus my_corpus --lexicon my.toml --out reports/mine
  framescore report --corpus articles.csv --out /tmp/report --force
  framescore report --seed 7 --bootstrap 5000 --adjust bh
      other random streams, more resamples, Benjamini-Hochberg over the family
  framescore report --background wordfreq.csv
      distinctive-terms prior from word frequencies (CSV: term,count)
  framescore report --summary --chart-format svg
      also print the headline findings; charts as SVG
  framescore report --corpus allsides.csv --group-by bias --on-error skip
      compare left, center and right instead of outlets; skip bad rows
  framescore report --corpus export.jsonl.gz --text-column body --outlet-column source
  framescore report --corpus basil.csv --where outlet=fox --where outlet=nyt --period month
      two of the outlets, with rates and shares per month in periods.csv
  framescore report --corpus allsides.csv --group-by bias --period month --covariate topic
      per month: change points, timelines, and models comparing left, center
      and right within the same month and topic (models.csv)
  framescore report --corpus stories.csv --period year --cluster story --reference nyt
      models' standard errors clustered by a story column shared across
      outlets, each outlet against nyt
  framescore report --corpus basil.csv --from 2016-01-01 --to 2016-12-31
  framescore report --no-clean --syndicated first
  framescore report --csv-dialect excel-eu
      CSVs for Excel with a decimal comma (semicolons, 0,25)
  framescore report --validation validation/validation.csv
      precision-corrected counts (corrected.csv) and how far the matches can be trusted
  framescore report --lexicon my.toml --watch
      edit my.toml in one window, reload index.html in the browser after each save

A corpus is a folder with manifest.csv (columns file, outlet; optional id,
date, title, url; other columns kept as metadata), a folder with one
subfolder per outlet, a CSV/TSV table or a JSON Lines file with text and
outlet columns; any of them gzipped (.gz).
Cleaning is on: boilerplate lines, repeated paragraphs and JSON or markup
are removed before counting and listed in cleaning.csv. Near-copies across
outlets are listed in syndication.csv.
Open index.html in the report folder first; report.xlsx holds the same
tables, with native charts, for a spreadsheet (--no-xlsx to skip it).")]
pub struct ReportArgs {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    output: Output,
    /// Roll nested categories (`armed_opposition/terrorist/...`) up to this
    /// depth; 1 reports top-level categories only [default: the leaves]
    #[arg(long, value_name = "N", value_parser = super::bounded(1, limits::LEVEL_MAX, "deeper than any lexicon nests"))]
    level: Option<usize>,
    /// An earlier version of the lexicon: adds diff_counts.csv and
    /// diff_matches.csv (what the edit changed) to the report
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Also count per period of the article dates: rates and shares in
    /// periods.csv, change points in changepoints.csv, timelines
    #[arg(long, value_name = "week|month|year")]
    period: Option<Period>,
    /// The validation.csv `framescore validate` wrote (or its folder): adds
    /// corrected.csv and the page section "How far the matches can be trusted"
    #[arg(long, value_name = "FILE")]
    validation: Option<PathBuf>,
    /// Keep running: re-run the report each time the lexicon (or the
    /// --validation tables) is saved, and print the matches the edit added
    /// and removed; Ctrl-C ends it
    #[arg(long)]
    watch: bool,
    #[command(flatten)]
    models: ModelArgs,
}

/// The article-level models (models.csv; docs/METHODS.md section 9).
#[derive(Args, Debug)]
struct ModelArgs {
    /// Fit the article-level models (negative binomial per category, binomial
    /// per label; outlet + period + covariates) even where the default would
    /// not [default: fitted when --period or --covariate is given and there
    /// are at least 10 articles per parameter]
    #[arg(long, conflicts_with = "no_model")]
    model: bool,
    /// Do not fit the article-level models
    #[arg(long)]
    no_model: bool,
    /// The outlet every other is compared with in the models
    /// [default: the outlet with most articles]
    #[arg(long, value_name = "OUTLET")]
    reference: Option<String>,
    /// A metadata column held fixed in the models besides the period
    /// (section, topic); repeat for several
    #[arg(long, value_name = "COLUMN")]
    covariate: Vec<String>,
    /// Cluster the models' standard errors by this column (an event or story
    /// id shared across outlets) instead of HC1 per article
    #[arg(long, value_name = "COLUMN")]
    cluster: Option<String>,
}

impl ModelArgs {
    fn settings(&self) -> ModelSettings {
        ModelSettings {
            mode: if self.model {
                ModelMode::On
            } else if self.no_model {
                ModelMode::Off
            } else {
                ModelMode::Auto
            },
            reference: self.reference.clone(),
            covariates: self.covariate.clone(),
            cluster: self.cluster.clone(),
        }
    }
}

/// Where the report goes and how its statistics and charts are made:
/// shared by `report` and `merge`.
#[derive(Args, Debug)]
pub struct Output {
    /// Output folder [default: reports/<lexicon name>]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Replace the output folder even if framescore did not write it
    #[arg(long)]
    force: bool,
    /// Confidence level of every interval, between 0 and 1
    #[arg(long, default_value_t = 0.95, value_parser = parse_confidence)]
    confidence: f64,
    /// Seed of every random stream (bootstrap, permutation and Monte Carlo tests);
    /// the same seed gives the same report
    #[arg(long, default_value_t = StatsOptions::default().seed)]
    seed: u64,
    /// Bootstrap resamples of articles within each outlet (0: no article-level
    /// intervals; at most 100000)
    #[arg(long, value_name = "N", default_value_t = StatsOptions::default().bootstrap,
          value_parser = super::bounded(0, limits::BOOTSTRAP_MAX, "memory grows with the resamples"))]
    bootstrap: usize,
    /// Resamples of the article-level permutation test and the Monte Carlo
    /// exact test (0: none; at most 1000000)
    #[arg(long, value_name = "N", default_value_t = StatsOptions::default().permutations,
          value_parser = super::bounded(0, limits::PERMUTATIONS_MAX, "time grows with the permutations"))]
    permutations: usize,
    /// p-value adjustment over the whole comparison family in compare.csv
    #[arg(long, value_enum, default_value_t = AdjustArg::Holm)]
    adjust: AdjustArg,
    /// Background word frequencies for the distinctive-terms prior: a CSV with a
    /// header row and columns `term`, `count` [default: the corpus's own counts]
    #[arg(long, value_name = "FILE")]
    background: Option<PathBuf>,
    /// Threads for the passes and the bootstrap, 1 to 1024; results are
    /// identical at any number [default: all CPUs]
    #[arg(long, value_name = "N", value_parser = super::bounded(1, limits::THREADS_MAX, "one thread per core is enough"))]
    threads: Option<usize>,
    /// Chart format: png, or svg (vector, text in the viewer's font)
    #[arg(long, value_name = "FORMAT", default_value = "png", value_parser = parse_chart_format)]
    chart_format: ChartFormat,
    /// Also print the headline findings on the terminal
    #[arg(long)]
    summary: bool,
    /// Start every CSV with a UTF-8 byte-order mark so Excel opens accented
    /// outlet names correctly
    #[arg(long)]
    excel: bool,
    /// How every CSV is written: `standard` (RFC 4180: commas, decimal
    /// point) or `excel-eu` (semicolons, decimal comma and the byte-order
    /// mark, for Excel set to a decimal-comma locale)
    #[arg(long, value_enum, value_name = "DIALECT", default_value_t = DialectArg::Standard)]
    csv_dialect: DialectArg,
    /// Do not write report.xlsx (the tables, charts and column notes as one
    /// Excel workbook)
    #[arg(long)]
    no_xlsx: bool,
    /// At most N rows in a sheet of report.xlsx (up to Excel's 1048575);
    /// a longer table is cut there, its CSV file holding every row. The
    /// sheets the charts read (counts, counts_wide) are never cut below
    /// Excel's limit
    #[arg(long, value_name = "N", default_value_t = workbook::DEFAULT_ROWS,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(workbook::MAX_DATA_ROWS)))]
    xlsx_rows: u32,
    /// The per-article tables to write: a comma-separated list of
    /// matches, documents and cleaning, or all, or none (the page says
    /// which were left out)
    #[arg(long, value_name = "LIST", default_value = "all", value_parser = parse_row_tables)]
    tables: RowTables,
}

/// `--tables LIST` (also `count --shard`'s).
pub fn parse_row_tables(s: &str) -> Result<RowTables, String> {
    s.parse()
}

/// `--csv-dialect`.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum DialectArg {
    Standard,
    ExcelEu,
}

impl Output {
    /// The report settings these flags give; the caller fills in the inputs.
    pub fn settings(&self) -> Settings {
        Settings {
            out: self.out.clone(),
            force: self.force,
            confidence: self.confidence,
            arguments: std::env::args().collect(),
            stats: StatsOptions {
                seed: self.seed,
                bootstrap: self.bootstrap,
                permutations: self.permutations,
                adjust: match self.adjust {
                    AdjustArg::Holm => Adjust::Holm,
                    AdjustArg::Bh => Adjust::Bh,
                },
                background: self.background.clone(),
                threads: self
                    .threads
                    .unwrap_or_else(framescore::parallel::default_threads),
            },
            chart_format: self.chart_format,
            excel: self.excel,
            csv_dialect: match self.csv_dialect {
                DialectArg::Standard => Dialect::Standard,
                DialectArg::ExcelEu => Dialect::ExcelEu,
            },
            no_xlsx: self.no_xlsx,
            xlsx_rows: Some(self.xlsx_rows),
            row_tables: self.tables,
            ..Settings::default()
        }
    }

    /// Tells what was written; prints the findings with `--summary`.
    pub fn announce(&self, summary: &report::Summary) {
        eprintln!(
            "framescore: {} articles, {} outlets, {} tokens, {} matches -> {}",
            summary.articles,
            summary.outlets,
            summary.tokens,
            summary.matches,
            summary.out.join("index.html").display()
        );
        if !summary.xlsx_cut.is_empty() {
            eprintln!(
                "framescore: report.xlsx holds the first {} rows of {} (--xlsx-rows N for more, up to {}); the CSV files have every row",
                self.xlsx_rows,
                summary.xlsx_cut.join(", "),
                workbook::MAX_DATA_ROWS
            );
        }
        if self.summary {
            println!("Findings:");
            for line in &summary.headlines {
                println!("  {}", framescore::text::escape::for_terminal(line));
            }
        }
    }
}

/// `--adjust`: Holm (family-wise error rate) or Benjamini-Hochberg (false discovery rate).
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum AdjustArg {
    Holm,
    Bh,
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
    let model = args.models.settings();
    let mut corpus_options = args.inputs.corpus_options_dated(args.period.is_some());
    corpus_options.columns_read = model.columns();
    let settings = Settings {
        corpus: args.inputs.corpus(),
        corpus_options,
        model,
        period: args.period,
        lexicon: args.inputs.lexicon(),
        level: args.level,
        baseline: args.baseline,
        validation: args.validation,
        ..args.output.settings()
    };
    if args.watch {
        return watch(&settings, &args.output);
    }
    let summary = report::run(&settings)?;
    args.output.announce(&summary);
    Ok(())
}

/// `--watch`: the report, then a re-run after each save, each announced
/// with what the edit changed.
fn watch(settings: &Settings, output: &Output) -> anyhow::Result<()> {
    let files: Vec<String> = report::watch::watched_files(settings)
        .iter()
        .map(|f| f.display().to_string())
        .collect();
    let never = std::sync::atomic::AtomicBool::new(false);
    report::watch::watch(settings, &never, |r| {
        if !r.changed.is_empty() {
            let names: Vec<String> = r.changed.iter().map(|f| f.display().to_string()).collect();
            eprintln!("\nframescore: {} saved", names.join(", "));
        }
        if let Some(d) = &r.diff {
            let added = d.matches.iter().filter(|m| m.change == "added").count();
            if d.matches.is_empty() {
                eprintln!("framescore: the edit added and removed no matches");
            } else {
                let text = super::diff::render(d, 40, Some(WATCH_LINES));
                eprint!("{text}");
                eprintln!(
                    "framescore: {added} matches added, {} removed",
                    d.matches.len() - added
                );
            }
        }
        match &r.report {
            Ok(summary) => {
                output.announce(summary);
                eprintln!(
                    "framescore: {} in {:.2} s; watching {} for saves{} (Ctrl-C ends)",
                    if r.changed.is_empty() { "report written" } else { "report rewritten" },
                    r.seconds,
                    files.join(", "),
                    if r.polling { " by polling" } else { "" }
                );
            }
            Err(e) => eprintln!(
                "error: {}\nframescore: the previous report is left as it was; fix and save again (Ctrl-C ends)",
                chain(e)
            ),
        }
    })?;
    Ok(())
}

/// An error and its causes, as `{:#}` prints an `anyhow::Error`.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cause = c.source();
    }
    s
}

/// Changed matches printed after each save (all of them in --baseline's
/// diff_matches.csv or `framescore diff`).
const WATCH_LINES: usize = 20;
