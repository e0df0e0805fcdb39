//! `framescore diff OLD NEW`: what changed between two lexicon versions.

use anyhow::Context as _;
use clap::Args;
use framescore::corpus::Corpus;
use framescore::lexicon::Lexicon;
use framescore::matching::Matcher;
use framescore::report::diff::{diff, CountChange, Diff};
use framescore::report::{num, safe_cell};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Compare two versions of a lexicon over one corpus: matches added and
/// removed, and each outlet's count, rate and share per category.
#[derive(Args, Debug)]
#[command(after_help = "Examples:
  framescore diff old.toml lexicons/syria.toml
  framescore diff old.toml new.toml --corpus articles.csv --out diff/
--out writes diff_counts.csv and diff_matches.csv (columns in docs/OUTPUTS.md).")]
pub struct DiffArgs {
    /// The lexicon before the edit
    old: PathBuf,
    /// The lexicon after the edit
    new: PathBuf,
    /// Corpus [default: data/seed]
    #[arg(long, value_name = "PATH")]
    corpus: Option<PathBuf>,
    /// Also write diff_counts.csv and diff_matches.csv into this folder
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Characters of context on each side of a changed match
    #[arg(long, default_value_t = 40)]
    context: usize,
}

fn f(x: Option<f64>, scale: f64) -> String {
    x.map_or(String::new(), |v| format!("{:.2}", v * scale))
}

fn csv_num(x: Option<f64>) -> String {
    x.map_or(String::new(), num)
}

pub fn run(args: DiffArgs) -> anyhow::Result<()> {
    let old = Matcher::new(&Lexicon::load(&args.old)?)?;
    let new = Matcher::new(&Lexicon::load(&args.new)?)?;
    let corpus_path = args
        .corpus
        .clone()
        .unwrap_or_else(|| super::default_path(super::DEFAULT_CORPUS));
    let corpus = Corpus::open(&corpus_path)?;
    let d = diff(&old, &new, corpus.articles(), args.context)?;
    let mut text_out = String::new();
    let _ = writeln!(text_out, "Matches added (+) and removed (-):");
    for m in &d.matches {
        let sign = if m.change == "added" { '+' } else { '-' };
        let _ = writeln!(
            text_out,
            "{sign} {:>w$} [{}] {}    ({}, {}.{})",
            m.left,
            m.matched,
            m.right,
            m.outlet,
            m.group,
            m.category,
            w = args.context
        );
    }
    let _ = writeln!(
        text_out,
        "\nCounts that moved (rate per 1,000 tokens; share within group, %):"
    );
    let moved: Vec<&CountChange> = d
        .counts
        .iter()
        .filter(|c| c.old_count != c.new_count)
        .collect();
    let ow = moved
        .iter()
        .map(|c| c.outlet.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let cw = moved
        .iter()
        .map(|c| c.group.chars().count() + c.category.chars().count() + 1)
        .max()
        .unwrap_or(8)
        .max(8);
    let _ = writeln!(
        text_out,
        "{:<ow$}  {:<cw$}  {:>11}  {:>15}  {:>17}",
        "outlet", "category", "count", "rate", "share"
    );
    for c in moved {
        let _ = writeln!(
            text_out,
            "{:<ow$}  {:<cw$}  {:>11}  {:>15}  {:>17}",
            c.outlet,
            format!("{}.{}", c.group, c.category),
            format!("{} -> {}", c.old_count, c.new_count),
            format!(
                "{} -> {}",
                f(CountChange::rate(c.old_count, c.tokens), 1.0),
                f(CountChange::rate(c.new_count, c.tokens), 1.0)
            ),
            format!("{} -> {}", f(c.old_share, 100.0), f(c.new_share, 100.0)),
        );
    }
    super::emit(&text_out)?;
    let added = d.matches.iter().filter(|m| m.change == "added").count();
    eprintln!(
        "framescore: {added} matches added, {} removed",
        d.matches.len() - added
    );
    if let Some(out) = &args.out {
        write_csvs(out, &d).with_context(|| format!("cannot write into {}", out.display()))?;
    }
    Ok(())
}

fn write_csvs(dir: &Path, d: &Diff) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut w = csv::Writer::from_path(dir.join("diff_counts.csv"))?;
    w.write_record([
        "outlet",
        "group",
        "category",
        "tokens",
        "old_count",
        "new_count",
        "change",
        "old_rate_per_1k",
        "new_rate_per_1k",
        "old_share",
        "new_share",
    ])?;
    for c in &d.counts {
        w.write_record([
            safe_cell(&c.outlet),
            c.group.clone(),
            c.category.clone(),
            c.tokens.to_string(),
            c.old_count.to_string(),
            c.new_count.to_string(),
            (c.new_count as i64 - c.old_count as i64).to_string(),
            csv_num(CountChange::rate(c.old_count, c.tokens)),
            csv_num(CountChange::rate(c.new_count, c.tokens)),
            csv_num(c.old_share),
            csv_num(c.new_share),
        ])?;
    }
    w.flush()?;
    let mut w = csv::Writer::from_path(dir.join("diff_matches.csv"))?;
    w.write_record([
        "change",
        "article_id",
        "outlet",
        "group",
        "category",
        "term",
        "left_context",
        "matched_text",
        "right_context",
        "byte_start",
    ])?;
    for m in &d.matches {
        w.write_record([
            m.change.to_string(),
            safe_cell(&m.article_id),
            safe_cell(&m.outlet),
            m.group.clone(),
            m.category.clone(),
            safe_cell(&m.term),
            safe_cell(&m.left),
            safe_cell(&m.matched),
            safe_cell(&m.right),
            m.byte_start.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}
