//! What the report says about its input: `cleaning.csv`, `syndication.csv`,
//! `periods.csv`, the "Corpus" section of `index.html` (rows skipped,
//! filters, cleaning, syndication warnings) and the `input` object of
//! `run.json`. Columns are documented in `docs/OUTPUTS.md`.

use super::html::escape;
use super::tables::{csv_err, finish, num, opt, safe_cell, writer, Writer};
use super::{ReportError, Settings};
use crate::corpus::clean::{Removal, Rule};
use crate::corpus::dates::Period;
use crate::corpus::options::Syndicated;
use crate::corpus::syndication::{self, Pair, Syndication};
use crate::corpus::{Article, Corpus, ReadStats};
use crate::counts::CountTable;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Characters of removed text shown per row of `cleaning.csv`.
const REMOVED_CHARS: usize = 100;
/// Syndicated pairs named on the page.
const PAIRS_SHOWN: usize = 10;

/// The input side of a run, for the page and `run.json`.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct InputSummary {
    pub read: ReadStats,
    pub sha256: String,
    pub group_by: Option<String>,
    pub filters: Vec<String>,
    pub cleaning: bool,
    /// Removals by rule, indexed by `Rule as usize`.
    pub removals: [u64; 3],
    pub articles_cleaned: u64,
    pub policy: Syndicated,
    pub syndication_pairs: Vec<Pair>,
    pub syndicated_dropped: u64,
    pub too_short: u64,
    pub period: Option<Period>,
    pub periods: usize,
    pub undated: u64,
}

const RULES: [Rule; 3] = [Rule::NonProse, Rule::Boilerplate, Rule::RepeatedParagraph];

impl InputSummary {
    pub fn new(corpus: &Corpus, settings: &Settings) -> InputSummary {
        let o = &corpus.options;
        let mut filters: Vec<String> = o
            .filters
            .iter()
            .map(|f| format!("{}={}", f.column, f.value))
            .collect();
        filters.extend(o.from.map(|d| format!("from {d}")));
        filters.extend(o.to.map(|d| format!("to {d}")));
        InputSummary {
            group_by: o.group_by.clone(),
            filters,
            cleaning: !o.no_clean,
            policy: o.syndicated,
            period: settings.period,
            ..InputSummary::default()
        }
    }

    /// Adds what a later shard of the same run counted in its range (what
    /// the first pass found is the same in every shard).
    pub fn add_shard(&mut self, other: &InputSummary) {
        for (mine, theirs) in self.removals.iter_mut().zip(other.removals) {
            *mine += theirs;
        }
        self.articles_cleaned += other.articles_cleaned;
        self.syndicated_dropped += other.syndicated_dropped;
        self.undated += other.undated;
    }

    /// The `input` object of `run.json`.
    pub fn json(&self) -> serde_json::Value {
        let removals: serde_json::Map<String, serde_json::Value> = RULES
            .iter()
            .map(|r| (r.as_str().to_string(), self.removals[*r as usize].into()))
            .collect();
        serde_json::json!({
            "articles_read": self.read.read,
            "rows_skipped": self.read.skipped,
            "skipped_examples": self.read.skip_examples,
            "filtered_out": self.read.filtered,
            "filters": self.filters,
            "group_by": self.group_by,
            "cleaning": {
                "enabled": self.cleaning,
                "articles_changed": self.articles_cleaned,
                "removals": removals,
            },
            "syndication": {
                "policy": self.policy.as_str(),
                "pairs": self.syndication_pairs.len(),
                "articles_dropped": self.syndicated_dropped,
                "articles_too_short_to_compare": self.too_short,
                "containment_threshold": syndication::THRESHOLD,
            },
            "periods": self.period.map(|_| self.periods),
            "undated_articles": self.period.map(|_| self.undated),
        })
    }

    /// The "Corpus" section of `index.html`; warnings in caveat boxes.
    pub fn html(&self) -> String {
        let mut h = String::from("<h2>Corpus</h2>\n");
        let mut p = |text: String, warn: bool| {
            let class = if warn { " class=\"caveat\"" } else { "" };
            let _ = writeln!(h, "<p{class}>{}</p>", escape(&text));
        };
        if let Some(g) = &self.group_by {
            p(format!("Compared along `{g}` (--group-by): wherever a table or sentence says outlet, read the value of {g}."), false);
        }
        if !self.filters.is_empty() {
            p(
                format!(
                    "Filters: {}; {} articles left out by them.",
                    self.filters.join(", "),
                    self.read.filtered
                ),
                false,
            );
        }
        if self.read.skipped > 0 {
            p(
                format!(
                    "{} rows skipped for errors (--on-error skip), e.g. {}",
                    self.read.skipped,
                    self.read.skip_examples.join("; ")
                ),
                true,
            );
        }
        if self.cleaning {
            let by_rule: Vec<String> = RULES
                .iter()
                .map(|r| format!("{} {}", self.removals[*r as usize], r.as_str()))
                .collect();
            p(format!(
                "Cleaning changed {} articles: removed {} (see cleaning.csv; --no-clean turns it off).",
                self.articles_cleaned,
                by_rule.join(", ")
            ), false);
        } else {
            p("Cleaning is off (--no-clean): boilerplate, repeated paragraphs and JSON or markup are counted as text.".into(), true);
        }
        if !self.syndication_pairs.is_empty() {
            let shown: Vec<String> = self
                .syndication_pairs
                .iter()
                .take(PAIRS_SHOWN)
                .map(|s| {
                    format!(
                        "{} ({}) and {} ({}), {:.0}% shared",
                        s.ids.0,
                        s.outlets.0,
                        s.ids.1,
                        s.outlets.1,
                        100.0 * s.containment
                    )
                })
                .collect();
            let what = match self.policy {
                Syndicated::Keep => "Both copies are counted, each for its outlet (--syndicated keep); --syndicated first counts only the earliest copy, --syndicated drop counts none of them.".to_string(),
                _ => format!(
                    "{} copies were left out (--syndicated {}).",
                    self.syndicated_dropped,
                    self.policy.as_str()
                ),
            };
            p(format!(
                "Near-copies across outlets (syndicated or republished stories): {} of articles in syndication.csv: {}{}. {what}",
                plural(self.syndication_pairs.len(), "pair"),
                shown.join("; "),
                if self.syndication_pairs.len() > PAIRS_SHOWN { "; ..." } else { "" },
            ), self.policy == Syndicated::Keep);
        }
        if let Some(period) = self.period {
            p(format!(
                "Rates and shares per {} in periods.csv ({} periods; {} counted articles without a date are not in it).",
                period.as_str(), self.periods, self.undated
            ), false);
        }
        h
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

pub(crate) fn cleaning_writer(dir: &Path) -> Result<(Writer, PathBuf), ReportError> {
    writer(
        dir,
        "cleaning.csv",
        &[
            "article_id",
            "outlet",
            "rule",
            "byte_start",
            "byte_end",
            "removed_text",
            "reason",
        ],
    )
}

pub(crate) fn cleaning_row(article: &Article, r: &Removal) -> [String; 7] {
    let text: String = article.text[r.start..r.end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(REMOVED_CHARS)
        .collect();
    [
        safe_cell(&article.id),
        safe_cell(&article.source),
        r.rule.as_str().to_string(),
        r.start.to_string(),
        r.end.to_string(),
        safe_cell(&text),
        safe_cell(&r.reason),
    ]
}

pub(crate) fn write_syndication(dir: &Path, s: &Syndication) -> Result<(), ReportError> {
    let (mut w, path) = writer(
        dir,
        "syndication.csv",
        &[
            "article_a",
            "outlet_a",
            "date_a",
            "article_b",
            "outlet_b",
            "date_b",
            "jaccard",
            "containment",
            "counted",
        ],
    )?;
    for p in &s.pairs {
        let counted = match (
            s.dropped.contains(&p.ordinals.0),
            s.dropped.contains(&p.ordinals.1),
        ) {
            (false, false) => "both",
            (false, true) => "a",
            (true, false) => "b",
            (true, true) => "neither",
        };
        w.write_record([
            safe_cell(&p.ids.0),
            safe_cell(&p.outlets.0),
            safe_cell(&p.dates.0),
            safe_cell(&p.ids.1),
            safe_cell(&p.outlets.1),
            safe_cell(&p.dates.1),
            num(p.jaccard),
            num(p.containment),
            counted.to_string(),
        ])
        .map_err(|e| csv_err(&path, e))?;
    }
    finish(w, &path)
}

pub(crate) fn write_periods(
    dir: &Path,
    periods: &BTreeMap<String, CountTable>,
) -> Result<(), ReportError> {
    let (mut w, path) = writer(
        dir,
        "periods.csv",
        &[
            "period",
            "outlet",
            "group",
            "category",
            "count",
            "tokens",
            "articles",
            "rate_per_1k",
            "group_total",
            "share",
        ],
    )?;
    for (period, table) in periods {
        // The same rates and shares as counts.csv, per period.
        for c in super::tables::cells(table, 0.95) {
            let cat = &table.categories[c.category];
            w.write_record([
                period.clone(),
                safe_cell(&c.outlet),
                cat.group_id.clone(),
                cat.id.clone(),
                c.count.to_string(),
                c.tokens.to_string(),
                c.articles.to_string(),
                opt(c.rate),
                c.group_total.to_string(),
                opt(c.share),
            ])
            .map_err(|e| csv_err(&path, e))?;
        }
    }
    finish(w, &path)
}

/// The tables this module adds, for the page's list of links.
pub(crate) fn table_links(summary: &InputSummary) -> Vec<(&'static str, &'static str)> {
    let mut links = vec![
        (
            "cleaning.csv",
            "every span cleaning removed, per article, with the rule and why",
        ),
        (
            "syndication.csv",
            "pairs of near-copies across outlets, with similarity",
        ),
    ];
    if summary.period.is_some() {
        links.push((
            "periods.csv",
            "counts, rates and shares per period and outlet",
        ));
    }
    links
}
