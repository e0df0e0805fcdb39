//! The per-article tables, written row by row while the pass counts, in
//! corpus order: `matches.csv` (every match with its context),
//! `documents.csv` (per article and category) and `cleaning.csv` (every
//! span cleaning removed). Each article's rows are made as CSV bytes on the
//! worker that counted it ([`make`]) and appended in corpus order
//! ([`RowFiles::keep`]).

use super::{header, names, Context, Kind, Table};
use crate::corpus::clean::Removal;
use crate::corpus::Article;
use crate::matching::Matcher;
use crate::output::{opt, CsvFile, CsvOptions, OutputError, RowBuffer};
use crate::pass::Seen;
use std::path::Path;

/// Characters of context on each side of a match in `matches.csv`.
const CONTEXT_CHARS: usize = 60;
/// Characters of removed text shown per row of `cleaning.csv`.
const REMOVED_CHARS: usize = 100;

const MATCHES_HEADER: [&str; 10] = [
    "article_id",
    "outlet",
    "group",
    "category",
    "term",
    "matched_text",
    "left_context",
    "right_context",
    "byte_start",
    "byte_end",
];

const DOCUMENTS_HEADER: [&str; 11] = [
    "article_id",
    "outlet",
    "date",
    "title",
    "group",
    "category",
    "count",
    "tokens",
    "rate_per_1k",
    "language",
    "metadata",
];

const CLEANING_HEADER: [&str; 7] = [
    "article_id",
    "outlet",
    "rule",
    "byte_start",
    "byte_end",
    "removed_text",
    "reason",
];

pub struct Matches;

impl Table for Matches {
    fn name(&self) -> &'static str {
        names::MATCHES
    }
    fn about(&self) -> &'static str {
        "every match with its context: audit any number here"
    }
    fn kind(&self) -> Kind {
        Kind::PerArticle
    }
    fn header(&self, _: &Context) -> Vec<String> {
        header(&MATCHES_HEADER)
    }
}

pub struct Documents;

impl Table for Documents {
    fn name(&self) -> &'static str {
        names::DOCUMENTS
    }
    fn about(&self) -> &'static str {
        "per article and category"
    }
    fn kind(&self) -> Kind {
        Kind::PerArticle
    }
    fn header(&self, _: &Context) -> Vec<String> {
        header(&DOCUMENTS_HEADER)
    }
}

pub struct Cleaning;

impl Table for Cleaning {
    fn name(&self) -> &'static str {
        names::CLEANING
    }
    fn about(&self) -> &'static str {
        "every span cleaning removed, per article, with the rule and why"
    }
    fn kind(&self) -> Kind {
        Kind::PerArticle
    }
    fn header(&self, _: &Context) -> Vec<String> {
        header(&CLEANING_HEADER)
    }
}

/// One article's rows of the three tables, as CSV bytes.
#[derive(Default)]
pub struct ArticleRows {
    matches: Vec<u8>,
    documents: Vec<u8>,
    cleaning: Vec<u8>,
}

impl ArticleRows {
    /// The rows of `matches.csv`, `documents.csv` and `cleaning.csv` as
    /// CSV bytes (no header), to travel with a partition's counts.
    pub fn into_parts(self) -> [Vec<u8>; 3] {
        [self.matches, self.documents, self.cleaning]
    }

    /// The rows [`ArticleRows::into_parts`] gave.
    pub fn from_parts([matches, documents, cleaning]: [Vec<u8>; 3]) -> ArticleRows {
        ArticleRows {
            matches,
            documents,
            cleaning,
        }
    }
}

/// An article's rows, made on the worker that counted it.
pub fn make(seen: &Seen, matcher: &Matcher) -> Result<ArticleRows, csv::Error> {
    let (article, found) = (seen.article, seen.found);
    let text = article.text.as_str();
    let mut matches = RowBuffer::default();
    let mut per_category = vec![0u64; matcher.categories().len()];
    for hit in &found.hits {
        per_category[hit.category] += 1;
        let cat = &matcher.categories()[hit.category];
        let left_from = floor_boundary(text, hit.start.saturating_sub(CONTEXT_CHARS * 8));
        let right_to = floor_boundary(text, (hit.end + CONTEXT_CHARS * 8).min(text.len()));
        matches.row([
            article.id.as_str(),
            &article.outlet,
            &cat.group_id,
            &cat.id,
            &matcher.terms()[hit.term].text,
            &text[hit.start..hit.end],
            &context(&text[left_from..hit.start], CONTEXT_CHARS, true),
            &context(&text[hit.end..right_to], CONTEXT_CHARS, false),
            &hit.start.to_string(),
            &hit.end.to_string(),
        ])?;
    }
    let mut documents = RowBuffer::default();
    // The language the article was matched in, else its declared or detected one.
    let language = found
        .language
        .or_else(|| article.language_or_detected())
        .map_or("", |l| l.code());
    let metadata = metadata_json(&article.meta);
    for (c, cat) in matcher.categories().iter().enumerate() {
        let rate =
            (found.tokens > 0).then(|| per_category[c] as f64 * 1000.0 / found.tokens as f64);
        documents.row([
            article.id.as_str(),
            &article.outlet,
            &article.date,
            &article.title,
            &cat.group_id,
            &cat.id,
            &per_category[c].to_string(),
            &found.tokens.to_string(),
            &opt(rate),
            language,
            &metadata,
        ])?;
    }
    let mut cleaning = RowBuffer::default();
    for r in seen.removals {
        cleaning.row(cleaning_row(article, seen.original, r))?;
    }
    Ok(ArticleRows {
        matches: matches.into_bytes()?,
        documents: documents.into_bytes()?,
        cleaning: cleaning.into_bytes()?,
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
fn cleaning_row(article: &Article, original: &str, r: &Removal) -> [String; 7] {
    let text: String = original[r.start..r.end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(REMOVED_CHARS)
        .collect();
    [
        article.id.clone(),
        article.source.clone(),
        r.rule.as_str().to_string(),
        r.start.to_string(),
        r.end.to_string(),
        text,
        r.reason.clone(),
    ]
}

/// The three files, open in the report's staging folder.
pub struct RowFiles {
    matches: CsvFile,
    documents: CsvFile,
    cleaning: CsvFile,
}

impl RowFiles {
    /// Creates the files in `dir`, each with its header.
    pub fn create(dir: &Path, options: CsvOptions) -> Result<RowFiles, OutputError> {
        Ok(RowFiles {
            matches: CsvFile::create(&dir.join(names::MATCHES), MATCHES_HEADER, options)?,
            documents: CsvFile::create(&dir.join(names::DOCUMENTS), DOCUMENTS_HEADER, options)?,
            cleaning: CsvFile::create(&dir.join(names::CLEANING), CLEANING_HEADER, options)?,
        })
    }

    /// Appends an article's rows (in corpus order).
    pub fn keep(&mut self, rows: ArticleRows) -> Result<(), OutputError> {
        self.matches.rows_bytes(&rows.matches)?;
        self.documents.rows_bytes(&rows.documents)?;
        self.cleaning.rows_bytes(&rows.cleaning)
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
