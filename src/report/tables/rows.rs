//! The per-article tables, written row by row while the pass counts, in
//! corpus order: `matches.csv` (every match with its context),
//! `documents.csv` (one row per article, a count column per category) and
//! `cleaning.csv` (every span cleaning removed); `--tables` chooses which
//! are written ([`RowTables`]). Each article's rows are made as CSV bytes (and,
//! for the workbook, as cells) on the worker that counted it ([`make`])
//! and appended in corpus order ([`RowFiles::keep`]).

use super::common::{ARTICLE_ID, CATEGORY, GROUP, OUTLET, TERM};
use super::{count, date, names, text, Context, Format, Kind, Spec, Table, Value};
use crate::corpus::clean::Removal;
use crate::corpus::Article;
use crate::matching::{CategoryInfo, Matcher};
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

/// What stands for a category in the name of `documents.csv`'s
/// per-category columns.
const PER_CATEGORY: &str = "<group>.<category>";

static DOCUMENTS: Spec = Spec {
    file: names::DOCUMENTS,
    about: "one row per article: its matches per category, tokens, language and metadata",
    columns: &[
        ARTICLE_ID,
        OUTLET,
        date("date", "the article's date, empty when it has none"),
        text("title", "the article's title"),
        count(
            "tokens",
            "tokens of the article (the rate's denominator: a category's rate per 1,000 tokens is its count / tokens * 1000)",
        ),
        text(
            "language",
            "ISO 639-1 code of the language the article was matched in, else its declared or detected one; empty when none is found (see below)",
        ),
        text(
            "metadata",
            "every other field the corpus gave the article, as one JSON object (see below); empty when there is none",
        ),
        count(
            PER_CATEGORY,
            "matches of the category in the article (0 when none); one column for every category, in lexicon order",
        ),
    ],
};

/// The name of a category's count column in `documents.csv` (and in an
/// engine's table of a partial): `<group>.<category>`.
pub fn count_column(category: &CategoryInfo) -> String {
    format!("{}.{}", category.group_id, category.id)
}

/// `documents.csv`'s columns when `categories` are counted: the spec's,
/// with one count column per category, named `<group>.<category>`.
fn documents_columns(categories: &[CategoryInfo]) -> Vec<(String, Format)> {
    let mut out = Vec::with_capacity(DOCUMENTS.columns.len() + categories.len());
    for c in DOCUMENTS.columns {
        if c.name == PER_CATEGORY {
            out.extend(categories.iter().map(|cat| (count_column(cat), c.format)));
        } else {
            out.push((c.name.to_string(), c.format));
        }
    }
    out
}

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
    fn columns(&self, ctx: &Context) -> Vec<(String, Format)> {
        documents_columns(&ctx.pass.counts.categories)
    }
    fn article_columns(&self, categories: &[CategoryInfo]) -> Vec<(String, Format)> {
        documents_columns(categories)
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

/// An article's rows of the `chosen` tables, made on the worker that
/// counted it: CSV bytes written with `options`, and the cells too when
/// `cells` (for the workbook).
pub fn make(
    seen: &Seen,
    matcher: &Matcher,
    chosen: RowTables,
    options: CsvOptions,
    cells: bool,
) -> Result<ArticleRows, csv::Error> {
    let (article, found) = (seen.article, seen.found);
    let text = article.text.as_str();
    let mut matches = Making::new(options, cells);
    let mut per_category = vec![0u64; matcher.categories().len()];
    for hit in &found.hits {
        per_category[hit.category] += 1;
        if !chosen.matches {
            continue;
        }
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
    if chosen.documents {
        // The language the article was matched in, else its declared or detected one.
        let language = found
            .language
            .or_else(|| article.language_or_detected())
            .map_or("", |l| l.code());
        let mut row = vec![
            Value::from(&article.id),
            Value::from(&article.outlet),
            Value::from(&article.date),
            Value::from(&article.title),
            Value::from(found.tokens),
            Value::from(language),
            Value::from(metadata_json(&article.meta)),
        ];
        row.extend(per_category.iter().map(|&n| Value::from(n)));
        documents.row(row)?;
    }
    let mut cleaning = Making::new(options, cells);
    for r in seen.removals.iter().filter(|_| chosen.cleaning) {
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
    let text: String = collapsed(original[r.start..r.end].chars(), REMOVED_CHARS, false)
        .into_iter()
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

/// Which per-article tables a run writes (`--tables`): every one by
/// default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowTables {
    pub matches: bool,
    pub documents: bool,
    pub cleaning: bool,
}

impl Default for RowTables {
    fn default() -> RowTables {
        RowTables {
            matches: true,
            documents: true,
            cleaning: true,
        }
    }
}

/// The names `--tables` takes, with the file each stands for.
pub const ROW_TABLE_NAMES: [(&str, &str); 3] = [
    ("matches", names::MATCHES),
    ("documents", names::DOCUMENTS),
    ("cleaning", names::CLEANING),
];

impl RowTables {
    /// No per-article table.
    pub const NONE: RowTables = RowTables {
        matches: false,
        documents: false,
        cleaning: false,
    };

    /// Whether per-article table `file` (e.g. `matches.csv`) is written.
    pub fn writes(&self, file: &str) -> bool {
        match file {
            names::MATCHES => self.matches,
            names::DOCUMENTS => self.documents,
            names::CLEANING => self.cleaning,
            _ => false,
        }
    }

    /// These, less those for which `has(file)` is false.
    pub fn only(self, has: impl Fn(&str) -> bool) -> RowTables {
        RowTables {
            matches: self.matches && has(names::MATCHES),
            documents: self.documents && has(names::DOCUMENTS),
            cleaning: self.cleaning && has(names::CLEANING),
        }
    }

    /// The per-article tables' files, each with whether it is written.
    pub fn files(&self) -> [(&'static str, bool); 3] {
        ROW_TABLE_NAMES.map(|(_, file)| (file, self.writes(file)))
    }
}

impl std::str::FromStr for RowTables {
    type Err = String;

    /// `matches,documents,cleaning` (any of them, any order, once each),
    /// `all` or `none`.
    fn from_str(list: &str) -> Result<RowTables, String> {
        let usage =
            "give a comma-separated list of matches, documents and cleaning, or all, or none";
        match list.trim() {
            "all" => return Ok(RowTables::default()),
            "none" => return Ok(RowTables::NONE),
            "" => return Err(format!("no table named: {usage}")),
            _ => {}
        }
        let mut chosen = RowTables::NONE;
        for name in list.split(',').map(str::trim) {
            let slot = match name {
                "matches" => &mut chosen.matches,
                "documents" => &mut chosen.documents,
                "cleaning" => &mut chosen.cleaning,
                "" => return Err(format!("an empty name in `{list}`: {usage}")),
                "all" | "none" => {
                    return Err(format!(
                        "`{name}` cannot be combined with other names: {usage}"
                    ))
                }
                other => return Err(format!("`{other}` is not a per-article table: {usage}")),
            };
            if *slot {
                return Err(format!("`{name}` is given twice: {usage}"));
            }
            *slot = true;
        }
        Ok(chosen)
    }
}

/// A per-article table of the report folder: its file and its size in
/// bytes, `None` when the run did not write it (`--tables`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowFile {
    pub file: &'static str,
    pub bytes: Option<u64>,
}

/// The per-article tables in `dir` (the staging folder, once they are
/// written) and their sizes, for the page and `run.json`.
pub fn written(dir: &Path) -> Vec<RowFile> {
    ROW_TABLE_NAMES
        .iter()
        .map(|(_, file)| RowFile {
            file,
            bytes: std::fs::metadata(dir.join(file)).ok().map(|m| m.len()),
        })
        .collect()
}

/// `bytes` for a reader: `12.3 MB`, `4.5 KB`, `312 bytes` (decimal units,
/// as `du -b` and file managers count them).
pub fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{:.1} KB", b as f64 / 1e3),
        1 => "1 byte".into(),
        b => format!("{b} bytes"),
    }
}

/// The workbook's sheets of the per-article tables written, filled as
/// their CSV files are.
#[derive(Default)]
pub struct Sheets {
    pub matches: Option<DataSheet>,
    pub documents: Option<DataSheet>,
    pub cleaning: Option<DataSheet>,
}

impl Sheets {
    /// The sheet of per-article table `name`, when it is written.
    pub fn get(&mut self, name: &str) -> Option<&mut DataSheet> {
        match name {
            names::MATCHES => self.matches.as_mut(),
            names::DOCUMENTS => self.documents.as_mut(),
            names::CLEANING => self.cleaning.as_mut(),
            _ => None,
        }
    }
}

/// The chosen files, open in the report's staging folder, and their
/// sheets of the workbook when one is written.
pub struct RowFiles<'a> {
    matches: Option<CsvFile>,
    documents: Option<CsvFile>,
    cleaning: Option<CsvFile>,
    sheets: Option<&'a mut Sheets>,
}

impl<'a> RowFiles<'a> {
    /// Creates the `chosen` files in `dir`, each with its header for
    /// `categories` (the matcher's).
    pub fn create(
        dir: &Path,
        options: CsvOptions,
        categories: &[CategoryInfo],
        chosen: RowTables,
        sheets: Option<&'a mut Sheets>,
    ) -> Result<RowFiles<'a>, OutputError> {
        let file = |table: &dyn Table, wanted: bool| {
            wanted
                .then(|| {
                    let header = table
                        .article_columns(categories)
                        .into_iter()
                        .map(|(n, _)| n);
                    CsvFile::create(&dir.join(table.name()), header, options)
                })
                .transpose()
        };
        Ok(RowFiles {
            matches: file(&Matches, chosen.matches)?,
            documents: file(&Documents, chosen.documents)?,
            cleaning: file(&Cleaning, chosen.cleaning)?,
            sheets,
        })
    }

    /// Whether the rows should carry their cells (for the workbook).
    pub fn wants_cells(&self) -> bool {
        self.sheets.is_some()
    }

    /// Appends an article's rows (in corpus order).
    pub fn keep(&mut self, rows: ArticleRows) -> Result<(), OutputError> {
        for (file, rows) in [
            (&mut self.matches, &rows.matches),
            (&mut self.documents, &rows.documents),
            (&mut self.cleaning, &rows.cleaning),
        ] {
            if let Some(file) = file {
                file.rows_bytes(&rows.csv)?;
            }
        }
        if let Some(sheets) = &mut self.sheets {
            for (sheet, rows) in [
                (&mut sheets.matches, rows.matches.cells),
                (&mut sheets.documents, rows.documents.cells),
                (&mut sheets.cleaning, rows.cleaning.cells),
            ] {
                if let Some(sheet) = sheet {
                    for row in rows {
                        sheet.row(&row)?;
                    }
                }
            }
        }
        Ok(())
    }

    pub fn finish(self) -> Result<(), OutputError> {
        for file in [self.matches, self.documents, self.cleaning]
            .into_iter()
            .flatten()
        {
            file.finish()?;
        }
        Ok(())
    }
}

/// Collapses white space and takes at most `n` chars from one end: the
/// end next to the match, where one space is kept when the text there
/// begins (or ends) with white space and holds a word. Reads outwards from
/// the match and stops after `n` characters.
fn context(s: &str, n: usize, from_end: bool) -> String {
    if from_end {
        let mut chars = collapsed(s.chars().rev(), n, true);
        chars.reverse();
        chars.into_iter().collect()
    } else {
        collapsed(s.chars(), n, true).into_iter().collect()
    }
}

/// The first `n` characters of `chars` with each run of white space as one
/// space and none at the far end; one at the near end only with
/// `near_space` (and a word after it): `split_whitespace` joined by spaces,
/// cut to `n`, without reading further than needed.
fn collapsed(chars: impl Iterator<Item = char>, n: usize, near_space: bool) -> Vec<char> {
    let mut out = Vec::with_capacity(n.min(256));
    let mut space = false;
    for c in chars {
        if out.len() == n {
            break;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && (near_space || !out.is_empty()) {
            out.push(' ');
            if out.len() == n {
                break;
            }
        }
        space = false;
        out.push(c);
    }
    out
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
    fn tables_lists_are_parsed_and_bad_ones_said() {
        let parse = |s: &str| s.parse::<RowTables>();
        assert_eq!(parse("all"), Ok(RowTables::default()));
        assert_eq!(parse("none"), Ok(RowTables::NONE));
        assert_eq!(
            parse("cleaning, matches"),
            Ok(RowTables {
                matches: true,
                documents: false,
                cleaning: true,
            })
        );
        let files = parse("documents").map(|t| t.files());
        assert_eq!(
            files,
            Ok([
                (names::MATCHES, false),
                (names::DOCUMENTS, true),
                (names::CLEANING, false)
            ])
        );
        for (bad, says) in [
            ("", "no table named"),
            ("matches,,cleaning", "an empty name"),
            ("documents,documents", "`documents` is given twice"),
            ("matches,none", "`none` cannot be combined"),
            ("counts", "`counts` is not a per-article table"),
            ("Matches", "`Matches` is not a per-article table"),
        ] {
            let err = parse(bad).expect_err(bad);
            assert!(err.starts_with(says), "{bad}: {err}");
            assert!(err.ends_with("matches, documents and cleaning, or all, or none"));
        }
    }

    #[test]
    fn sizes_are_said_in_decimal_units() {
        assert_eq!(size_text(0), "0 bytes");
        assert_eq!(size_text(1), "1 byte");
        assert_eq!(size_text(999), "999 bytes");
        assert_eq!(size_text(1_726), "1.7 KB");
        assert_eq!(size_text(999_949), "999.9 KB");
        assert_eq!(size_text(350_000_000), "350.0 MB");
    }

    #[test]
    fn documents_has_a_count_column_per_category_after_the_article() {
        let cat = |group: &str, id: &str| CategoryInfo {
            group: 0,
            group_id: group.into(),
            id: id.into(),
        };
        let columns = documents_columns(&[cat("armed", "rebel"), cat("state", "regime")]);
        let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "article_id",
                "outlet",
                "date",
                "title",
                "tokens",
                "language",
                "metadata",
                "armed.rebel",
                "state.regime"
            ]
        );
        assert_eq!(columns[7].1, Format::Count);
        assert_eq!(columns[2].1, Format::Date);
    }

    #[test]
    fn context_collapses_space_and_keeps_the_near_end() {
        assert_eq!(context("a  b\n\nc ", 60, true), "a b c ");
        assert_eq!(context("abcdef", 3, true), "def");
        assert_eq!(context(" abcdef", 4, false), " abc");
        assert_eq!(context("ab  cd", 3, true), " cd");
        assert_eq!(context("ab  cd", 3, false), "ab ");
        assert_eq!(context(" \u{3000} ", 5, false), "");
    }

    /// What `context` and the removed text of `cleaning.csv` were before
    /// they read outwards: the window's words joined, then cut.
    fn joined_then_cut(s: &str, n: usize, from_end: bool, near_space: bool) -> String {
        let mut joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if near_space && !joined.is_empty() {
            if from_end && s.ends_with(char::is_whitespace) {
                joined.push(' ');
            }
            if !from_end && s.starts_with(char::is_whitespace) {
                joined.insert(0, ' ');
            }
        }
        let chars: Vec<char> = joined.chars().collect();
        let keep = chars.len().min(n);
        if from_end {
            chars[chars.len() - keep..].iter().collect()
        } else {
            chars[..keep].iter().collect()
        }
    }

    proptest::proptest! {
        #[test]
        fn reading_outwards_is_joining_then_cutting(
            s in "[ab\u{e9}\u{645} \t\n\r\u{a0}\u{2003}\u{3000}\u{85}]{0,40}",
            n in 0usize..12,
        ) {
            proptest::prop_assert_eq!(context(&s, n, true), joined_then_cut(&s, n, true, true));
            proptest::prop_assert_eq!(context(&s, n, false), joined_then_cut(&s, n, false, true));
            let removed: String = collapsed(s.chars(), n, false).into_iter().collect();
            proptest::prop_assert_eq!(removed, joined_then_cut(&s, n, false, false));
        }
    }
}
