//! The per-article tables, written row by row while the pass counts, in
//! corpus order: `matches.csv` (every match with its context),
//! `documents.csv` (per article and category) and `cleaning.csv` (every
//! span cleaning removed). Each article's rows are made as CSV bytes (and,
//! for the workbook, as cells) on the worker that counted it ([`make`])
//! and appended in corpus order ([`RowFiles::keep`]).

use super::common::{ARTICLE_ID, CATEGORY, GROUP, OUTLET, TERM};
use super::{count, date, names, rate, text, Kind, Spec, Table, Value};
use crate::corpus::clean::Removal;
use crate::corpus::Article;
use crate::matching::Matcher;
use crate::output::xlsx::DataSheet;
use crate::output::{CsvFile, CsvOptions, OutputError, RowBuffer};
use crate::pass::Seen;
use std::path::Path;

/// Characters of context on each side of a match in `matches.csv`.
const CONTEXT_CHARS: usize = 60;
/// Characters of removed text shown per row of `cleaning.csv`.
const REMOVED_CHARS: usize = 100;

const BYTE_START: super::Column = count(
    "byte_start",
    "UTF-8 byte offset of the start in the **original** article text (after removing a byte-order mark; cleaning replaces removed text with spaces of the same byte length)",
);
const BYTE_END: super::Column = count("byte_end", "UTF-8 byte offset of the end");

static MATCHES: Spec = Spec {
    file: names::MATCHES,
    about: "every match with its context: audit any number here",
    columns: &[
        ARTICLE_ID,
        OUTLET,
        GROUP,
        CATEGORY,
        TERM,
        text("matched_text", "the match as written in the article"),
        text(
            "left_context",
            "up to 60 characters before the match, white space collapsed",
        ),
        text(
            "right_context",
            "up to 60 characters after the match, white space collapsed",
        ),
        BYTE_START,
        BYTE_END,
    ],
};

static DOCUMENTS: Spec = Spec {
    file: names::DOCUMENTS,
    about: "per article and category",
    columns: &[
        ARTICLE_ID,
        OUTLET,
        date("date", "the article's date, empty when it has none"),
        text("title", "the article's title"),
        GROUP,
        CATEGORY,
        count("count", "matches of the category in the article"),
        count("tokens", "tokens of the article"),
        rate(
            "rate_per_1k",
            "`count / tokens * 1000`; empty for an article without tokens",
        ),
        text(
            "language",
            "ISO 639-1 code of the language the article was matched in, else its declared or detected one; empty when none is found (see below)",
        ),
        text(
            "metadata",
            "every other field the corpus gave the article, as one JSON object (see below); empty when there is none",
        ),
    ],
};

static CLEANING: Spec = Spec {
    file: names::CLEANING,
    about: "every span cleaning removed, per article, with the rule and why",
    columns: &[
        ARTICLE_ID,
        text("outlet", "the article's real outlet"),
        text(
            "rule",
            "`non_prose` (JSON, markup or code paragraph), `boilerplate` (line recurring across the outlet's articles), `repeated_paragraph` (line repeating an earlier one of the same article)",
        ),
        BYTE_START,
        BYTE_END,
        text(
            "removed_text",
            "the first 100 characters of the removed text, white space collapsed",
        ),
        text(
            "reason",
            "why, with the numbers: the share of structural characters, `line recurs in N of M articles of OUTLET`, or `repeats the paragraph at byte N`",
        ),
    ],
};

pub struct Matches;

impl Table for Matches {
    fn spec(&self) -> &'static Spec {
        &MATCHES
    }
    fn kind(&self) -> Kind {
        Kind::PerArticle
    }
}

pub struct Documents;

impl Table for Documents {
    fn spec(&self) -> &'static Spec {
        &DOCUMENTS
    }
    fn kind(&self) -> Kind {
        Kind::PerArticle
    }
}

pub struct Cleaning;

impl Table for Cleaning {
    fn spec(&self) -> &'static Spec {
        &CLEANING
    }
    fn kind(&self) -> Kind {
        Kind::PerArticle
    }
}

/// One table's rows of one article: CSV bytes, and the cells when a
/// workbook is written.
#[derive(Default)]
struct Rows {
    csv: Vec<u8>,
    cells: Vec<Vec<Value>>,
}

/// Rows being made on a worker.
struct Making {
    buffer: RowBuffer,
    cells: Option<Vec<Vec<Value>>>,
}

impl Making {
    fn new(options: CsvOptions, cells: bool) -> Making {
        Making {
            buffer: RowBuffer::new(options),
            cells: cells.then(Vec::new),
        }
    }

    fn row(&mut self, row: Vec<Value>) -> Result<(), csv::Error> {
        self.buffer.values(&row)?;
        if let Some(cells) = &mut self.cells {
            cells.push(row);
        }
        Ok(())
    }

    fn done(self) -> Result<Rows, csv::Error> {
        Ok(Rows {
            csv: self.buffer.into_bytes()?,
            cells: self.cells.unwrap_or_default(),
        })
    }
}

/// One article's rows of the three tables.
#[derive(Default)]
pub struct ArticleRows {
    matches: Rows,
    documents: Rows,
    cleaning: Rows,
}

impl ArticleRows {
    /// The rows of `matches.csv`, `documents.csv` and `cleaning.csv` as
    /// CSV bytes (no header), to travel with a partition's counts; the
    /// cells, if any, are left behind (no workbook is written from
    /// partitions).
    pub fn into_parts(self) -> [Vec<u8>; 3] {
        [self.matches.csv, self.documents.csv, self.cleaning.csv]
    }

    /// The rows [`ArticleRows::into_parts`] gave.
    pub fn from_parts([matches, documents, cleaning]: [Vec<u8>; 3]) -> ArticleRows {
        let rows = |csv| Rows {
            csv,
            cells: Vec::new(),
        };
        ArticleRows {
            matches: rows(matches),
            documents: rows(documents),
            cleaning: rows(cleaning),
        }
    }
}

/// An article's rows, made on the worker that counted it: CSV bytes
/// written with `options`, and the cells too when `cells` (for the workbook).
pub fn make(
    seen: &Seen,
    matcher: &Matcher,
    options: CsvOptions,
    cells: bool,
) -> Result<ArticleRows, csv::Error> {
    let (article, found) = (seen.article, seen.found);
    let text = article.text.as_str();
    let mut matches = Making::new(options, cells);
    let mut per_category = vec![0u64; matcher.categories().len()];
    for hit in &found.hits {
        per_category[hit.category] += 1;
        let cat = &matcher.categories()[hit.category];
        let left_from = floor_boundary(text, hit.start.saturating_sub(CONTEXT_CHARS * 8));
        let right_to = floor_boundary(text, (hit.end + CONTEXT_CHARS * 8).min(text.len()));
        matches.row(vec![
            Value::from(&article.id),
            Value::from(&article.outlet),
            Value::from(&cat.group_id),
            Value::from(&cat.id),
            Value::from(&matcher.terms()[hit.term].text),
            Value::from(&text[hit.start..hit.end]),
            Value::from(context(&text[left_from..hit.start], CONTEXT_CHARS, true)),
            Value::from(context(&text[hit.end..right_to], CONTEXT_CHARS, false)),
            Value::from(hit.start),
            Value::from(hit.end),
        ])?;
    }
    let mut documents = Making::new(options, cells);
    // The language the article was matched in, else its declared or detected one.
    let language = found
        .language
        .or_else(|| article.language_or_detected())
        .map_or("", |l| l.code());
    let metadata = metadata_json(&article.meta);
    for (c, cat) in matcher.categories().iter().enumerate() {
        let rate =
            (found.tokens > 0).then(|| per_category[c] as f64 * 1000.0 / found.tokens as f64);
        documents.row(vec![
            Value::from(&article.id),
            Value::from(&article.outlet),
            Value::from(&article.date),
            Value::from(&article.title),
            Value::from(&cat.group_id),
            Value::from(&cat.id),
            Value::from(per_category[c]),
            Value::from(found.tokens),
            Value::from(rate),
            Value::from(language),
            Value::from(&metadata),
        ])?;
    }
    let mut cleaning = Making::new(options, cells);
    for r in seen.removals {
        cleaning.row(cleaning_row(article, seen.original, r))?;
    }
    Ok(ArticleRows {
        matches: matches.done()?,
        documents: documents.done()?,
        cleaning: cleaning.done()?,
    })
}

/// An article's metadata (the corpus's other columns and fields: byline,
/// section, subject codes...) as one JSON object, keys in order of first
/// appearance; a key given several times (Factiva's subject and region
/// codes) holds the list of its values; empty values (a CSV's empty cell)
/// are left out. Empty when there is none.
fn metadata_json(meta: &[(String, String)]) -> String {
    let mut keys: Vec<(&str, Vec<&str>)> = Vec::new();
    for (k, v) in meta.iter().filter(|(_, v)| !v.is_empty()) {
        match keys.iter_mut().find(|(key, _)| key == k) {
            Some((_, values)) => values.push(v),
            None => keys.push((k, vec![v])),
        }
    }
    let text = |s: &str| serde_json::Value::from(s).to_string();
    let fields: Vec<String> = keys
        .iter()
        .map(|(k, values)| {
            let value = match values.as_slice() {
                [one] => text(one),
                many => format!(
                    "[{}]",
                    many.iter().map(|v| text(v)).collect::<Vec<_>>().join(",")
                ),
            };
            format!("{}:{value}", text(k))
        })
        .collect();
    if fields.is_empty() {
        return String::new();
    }
    format!("{{{}}}", fields.join(","))
}

/// A row of `cleaning.csv`: `original` is the article's text before cleaning.
fn cleaning_row(article: &Article, original: &str, r: &Removal) -> Vec<Value> {
    let text: String = original[r.start..r.end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(REMOVED_CHARS)
        .collect();
    vec![
        Value::from(&article.id),
        Value::from(&article.source),
        Value::from(r.rule.as_str()),
        Value::from(r.start),
        Value::from(r.end),
        Value::from(text),
        Value::from(&r.reason),
    ]
}

/// The workbook's sheets of the three tables, filled as their CSV files are.
pub struct Sheets {
    pub matches: DataSheet,
    pub documents: DataSheet,
    pub cleaning: DataSheet,
}

impl Sheets {
    /// The sheet of per-article table `name`.
    pub fn get(&mut self, name: &str) -> Option<&mut DataSheet> {
        match name {
            names::MATCHES => Some(&mut self.matches),
            names::DOCUMENTS => Some(&mut self.documents),
            names::CLEANING => Some(&mut self.cleaning),
            _ => None,
        }
    }
}

/// The three files, open in the report's staging folder, and their sheets
/// of the workbook when one is written.
pub struct RowFiles<'a> {
    matches: CsvFile,
    documents: CsvFile,
    cleaning: CsvFile,
    sheets: Option<&'a mut Sheets>,
}

impl<'a> RowFiles<'a> {
    /// Creates the files in `dir`, each with its header.
    pub fn create(
        dir: &Path,
        options: CsvOptions,
        sheets: Option<&'a mut Sheets>,
    ) -> Result<RowFiles<'a>, OutputError> {
        let file = |spec: &Spec| CsvFile::create(&dir.join(spec.file), spec.names(), options);
        Ok(RowFiles {
            matches: file(&MATCHES)?,
            documents: file(&DOCUMENTS)?,
            cleaning: file(&CLEANING)?,
            sheets,
        })
    }

    /// Whether the rows should carry their cells (for the workbook).
    pub fn wants_cells(&self) -> bool {
        self.sheets.is_some()
    }

    /// Appends an article's rows (in corpus order).
    pub fn keep(&mut self, rows: ArticleRows) -> Result<(), OutputError> {
        self.matches.rows_bytes(&rows.matches.csv)?;
        self.documents.rows_bytes(&rows.documents.csv)?;
        self.cleaning.rows_bytes(&rows.cleaning.csv)?;
        if let Some(sheets) = &mut self.sheets {
            for (sheet, rows) in [
                (&mut sheets.matches, rows.matches.cells),
                (&mut sheets.documents, rows.documents.cells),
                (&mut sheets.cleaning, rows.cleaning.cells),
            ] {
                for row in rows {
                    sheet.row(&row)?;
                }
            }
        }
        Ok(())
    }

    pub fn finish(self) -> Result<(), OutputError> {
        self.matches.finish()?;
        self.documents.finish()?;
        self.cleaning.finish()
    }

    /// Where `matches.csv` is, for errors made on a worker.
    pub fn matches_path(&self) -> &Path {
        self.matches.path()
    }
}

/// Collapses white space and takes at most `n` chars from one end.
fn context(s: &str, n: usize, from_end: bool) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut joined = words.join(" ");
    if from_end && s.ends_with(char::is_whitespace) && !joined.is_empty() {
        joined.push(' ');
    }
    if !from_end && s.starts_with(char::is_whitespace) && !joined.is_empty() {
        joined.insert(0, ' ');
    }
    let chars: Vec<char> = joined.chars().collect();
    if chars.len() <= n {
        return joined;
    }
    if from_end {
        chars[chars.len() - n..].iter().collect()
    } else {
        chars[..n].iter().collect()
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_one_json_object_with_repeated_keys_as_lists() {
        let meta = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(metadata_json(&[]), "");
        assert_eq!(metadata_json(&meta(&[("byline", "")])), "");
        let got = metadata_json(&meta(&[
            ("byline", "Lois \"LL\" Lane"),
            ("edition", ""),
            ("subject", "gvio"),
            ("section", "World; Middle East"),
            ("subject", "gcat"),
        ]));
        assert_eq!(
            got,
            r#"{"byline":"Lois \"LL\" Lane","subject":["gvio","gcat"],"section":"World; Middle East"}"#
        );
        let back: serde_json::Value = serde_json::from_str(&got).unwrap();
        assert_eq!(back["subject"][1], "gcat");
        assert_eq!(back["byline"], "Lois \"LL\" Lane");
    }

    #[test]
    fn context_collapses_space_and_keeps_the_near_end() {
        assert_eq!(context("a  b\n\nc ", 60, true), "a b c ");
        assert_eq!(context("abcdef", 3, true), "def");
        assert_eq!(context(" abcdef", 4, false), " abc");
    }
}
