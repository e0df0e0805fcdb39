//! `framescore diff OLD NEW`: what changed between two lexicon versions.

use clap::Args;
use framescore::audit::diff::{diff, CountChange, Diff};
use framescore::corpus::{Corpus, CorpusOptions};
use framescore::lexicon::Lexicon;
use framescore::matching::Matcher;
use framescore::pass::counted_articles;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

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
    /// Read the corpus as it is, without the report's cleaning
    #[arg(long)]
    no_clean: bool,
    /// Also write diff_counts.csv and diff_matches.csv into this folder
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Replace an --out folder framescore did not write (never an input)
    #[arg(long, requires = "out")]
    force: bool,
    /// Characters of context on each side of a changed match (0 to 1000)
    #[arg(long, default_value_t = 40, value_parser = super::bounded(0, framescore::limits::CONTEXT_MAX, "context is for reading a line"))]
    context: usize,
}

fn f(x: Option<f64>, scale: f64) -> String {
    x.map_or(String::new(), |v| format!("{:.2}", v * scale))
}

pub fn run(args: DiffArgs) -> anyhow::Result<()> {
    if let Some(out) = &args.out {
        let corpus = args
            .corpus
            .clone()
            .unwrap_or_else(|| super::default_path(super::DEFAULT_CORPUS));
        let inputs = [args.old.as_path(), args.new.as_path(), corpus.as_path()];
        let folder = framescore::output::place::Kind::Folder;
        framescore::output::place::check(out, folder, &inputs, args.force)?;
    }
    let old = Matcher::new(&Lexicon::load(&args.old)?)?;
    let new = Matcher::new(&Lexicon::load(&args.new)?)?;
    let corpus_path = args
        .corpus
        .clone()
        .unwrap_or_else(|| super::default_path(super::DEFAULT_CORPUS));
    let corpus = Corpus::open(
        &corpus_path,
        &CorpusOptions {
            no_clean: args.no_clean,
            ..CorpusOptions::default()
        },
    )?;
    let d = diff(&old, &new, counted_articles(&corpus)?, args.context)?;
    let text_out = render(&d, args.context, None);
    super::emit(&text_out)?;
    let added = d.matches.iter().filter(|m| m.change == "added").count();
    eprintln!(
        "framescore: {added} matches added, {} removed",
        d.matches.len() - added
    );
    if let Some(out) = &args.out {
        let staging = framescore::output::Staging::create(out)?;
        framescore::report::tables::diff::write(staging.path(), &d, Default::default())?;
        staging.commit(out, args.force)?;
    }
    Ok(())
}

/// The matches added (+) and removed (-), at most `max_lines` of them
/// (then how many more), and per outlet and category the matches added
/// and removed with the count, rate and share before and after.
pub(super) fn render(d: &Diff, context: usize, max_lines: Option<usize>) -> String {
    let mut text_out = String::new();
    let _ = writeln!(text_out, "Matches added (+) and removed (-):");
    let shown = max_lines.unwrap_or(usize::MAX);
    for change in d.matches.iter().take(shown) {
        let sign = if change.change == "added" { '+' } else { '-' };
        let m = &change.line;
        let _ = writeln!(
            text_out,
            "{sign} {:>w$} [{}] {}    ({}, {}.{})",
            m.left,
            m.matched,
            m.right,
            m.outlet,
            m.group,
            m.category,
            w = context
        );
    }
    if d.matches.len() > shown {
        let _ = writeln!(text_out, "  ... and {} more", d.matches.len() - shown);
    }
    // (outlet, group, category) -> (added, removed)
    let mut changes: BTreeMap<(&str, &str, &str), (u64, u64)> = BTreeMap::new();
    for m in &d.matches {
        let l = &m.line;
        let e = changes
            .entry((&l.outlet, &l.group, &l.category))
            .or_default();
        if m.change == "added" {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    let _ = writeln!(
        text_out,
        "\nCounts that moved (rate per 1,000 tokens; share within group, %):"
    );
    let moved: Vec<(&CountChange, (u64, u64))> = d
        .counts
        .iter()
        .map(|c| {
            let k = (c.outlet.as_str(), c.group.as_str(), c.category.as_str());
            (c, changes.get(&k).copied().unwrap_or_default())
        })
        .filter(|(c, (a, r))| c.old_count != c.new_count || a + r > 0)
        .collect();
    let ow = moved
        .iter()
        .map(|(c, _)| c.outlet.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let cw = moved
        .iter()
        .map(|(c, _)| c.group.chars().count() + c.category.chars().count() + 1)
        .max()
        .unwrap_or(8)
        .max(8);
    let _ = writeln!(
        text_out,
        "{:<ow$}  {:<cw$}  {:>5}  {:>7}  {:>11}  {:>15}  {:>17}",
        "outlet", "category", "added", "removed", "count", "rate", "share"
    );
    for (c, (added, removed)) in moved {
        let _ = writeln!(
            text_out,
            "{:<ow$}  {:<cw$}  {:>5}  {:>7}  {:>11}  {:>15}  {:>17}",
            c.outlet,
            format!("{}.{}", c.group, c.category),
            format!("+{added}"),
            format!("-{removed}"),
            format!("{} -> {}", c.old_count, c.new_count),
            format!(
                "{} -> {}",
                f(CountChange::rate(c.old_count, c.tokens), 1.0),
                f(CountChange::rate(c.new_count, c.tokens), 1.0)
            ),
            format!("{} -> {}", f(c.old_share, 100.0), f(c.new_share, 100.0)),
        );
    }
    // Outlet names and contexts come from the corpus: escape anything that
    // could drive the terminal.
    framescore::text::escape::for_terminal(&text_out).into_owned()
}
