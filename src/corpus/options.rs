//! How to read a corpus: which columns hold what, what to do with a bad row,
//! which articles to keep, what to compare along, whether to clean and what
//! to do with syndicated copies. `CorpusOptions::default()` is the behaviour
//! with no flags; the command line overwrites fields.

use super::dates::{Date, DateReader};
use super::{Article, CorpusError, LANGUAGE_FIELD};
use crate::text::language::{detect, Language};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Names of the columns (or JSON keys) that hold each known field.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnNames {
    pub text: String,
    pub outlet: String,
    pub date: String,
    pub id: String,
    pub title: String,
    pub url: String,
}

impl Default for ColumnNames {
    fn default() -> Self {
        ColumnNames {
            text: "text".into(),
            outlet: "outlet".into(),
            date: "date".into(),
            id: "id".into(),
            title: "title".into(),
            url: "url".into(),
        }
    }
}

impl ColumnNames {
    /// The column names of a known export (`--preset`): `newsapi` (NewsAPI's
    /// article objects), `mediacloud` (Media Cloud's story lists),
    /// `ccnews` (the CC-News dataset); `None` for another name.
    pub fn preset(name: &str) -> Option<ColumnNames> {
        let names = |text: &str, outlet: &str, date: &str, id: &str| ColumnNames {
            text: text.into(),
            outlet: outlet.into(),
            date: date.into(),
            id: id.into(),
            title: "title".into(),
            url: "url".into(),
        };
        match name {
            // {"source": {"id", "name"}, "author", "title", "description",
            // "url", "urlToImage", "publishedAt", "content"}: no id of its own.
            "newsapi" => Some(names("content", "source.name", "publishedAt", "id")),
            // id, media_name, media_url, publish_date, title, url, language,
            // indexed_date, text.
            "mediacloud" => Some(names("text", "media_name", "publish_date", "id")),
            // title, text, domain, date, description, url, image_url.
            "ccnews" => Some(names("text", "domain", "date", "id")),
            _ => None,
        }
    }

    /// The presets' names, for messages.
    pub const PRESETS: [&'static str; 3] = ["newsapi", "mediacloud", "ccnews"];

    /// The canonical field a file column holds (`--outlet-column source`
    /// makes `source` the `outlet`); other names are returned unchanged.
    pub fn canonical<'a>(&self, name: &'a str) -> &'a str {
        [
            (&self.outlet, "outlet"),
            (&self.date, "date"),
            (&self.id, "id"),
            (&self.title, "title"),
            (&self.url, "url"),
            (&self.text, "text"),
        ]
        .into_iter()
        .find(|(col, _)| col.as_str() == name)
        .map_or(name, |(_, canon)| canon)
    }

    /// True for a column that is one of the known fields.
    pub fn is_known(&self, name: &str) -> bool {
        self.canonical(name) != name || ["outlet", "date", "id", "title", "url"].contains(&name)
    }
}

/// What to do with a row that cannot be read (`--on-error`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OnError {
    /// Stop with the error (file and line), write nothing.
    #[default]
    Fail,
    /// Skip the row, count it, name the first few in the report.
    Skip,
}

impl FromStr for OnError {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "fail" => Ok(OnError::Fail),
            "skip" => Ok(OnError::Skip),
            _ => Err(format!("`{s}` is not `fail` or `skip`")),
        }
    }
}

/// What to do with articles found republished by another outlet
/// (`--syndicated`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Syndicated {
    /// Count every copy; the report warns and lists the pairs.
    #[default]
    Keep,
    /// Leave out every article that has a copy in another outlet.
    Drop,
    /// Keep the earliest copy (by date, then corpus order), drop the others.
    First,
}

impl Syndicated {
    pub fn as_str(self) -> &'static str {
        match self {
            Syndicated::Keep => "keep",
            Syndicated::Drop => "drop",
            Syndicated::First => "first",
        }
    }
}

impl FromStr for Syndicated {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "keep" => Ok(Syndicated::Keep),
            "drop" => Ok(Syndicated::Drop),
            "first" => Ok(Syndicated::First),
            _ => Err(format!("`{s}` is not `keep`, `drop` or `first`")),
        }
    }
}

/// What to do with an article whose text repeats another article of the
/// same outlet (`--duplicates`): re-crawls, feeds, overlapping exports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Duplicates {
    /// Count every copy.
    Keep,
    /// Count an article whose cleaned text is identical to an earlier one
    /// of its outlet once (the first in corpus order); near-identical ones
    /// are listed, and counted.
    #[default]
    First,
    /// Also count near-identical articles of an outlet (the syndication
    /// detector's containment threshold, within one outlet) once.
    Near,
}

impl Duplicates {
    pub fn as_str(self) -> &'static str {
        match self {
            Duplicates::Keep => "keep",
            Duplicates::First => "first",
            Duplicates::Near => "near",
        }
    }
}

impl FromStr for Duplicates {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "keep" => Ok(Duplicates::Keep),
            "first" => Ok(Duplicates::First),
            "near" => Ok(Duplicates::Near),
            _ => Err(format!("`{s}` is not `keep`, `first` or `near`")),
        }
    }
}

/// `--where column=value`: keep articles whose column has this value
/// (compared in Unicode NFC). Several values for one column mean any of
/// them; different columns must all match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhereFilter {
    pub column: String,
    pub value: String,
}

impl FromStr for WhereFilter {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.split_once('=') {
            Some((c, v)) if !c.trim().is_empty() => Ok(WhereFilter {
                column: c.trim().to_string(),
                value: crate::text::nfc(v.trim()).into_owned(),
            }),
            _ => Err(format!(
                "`{s}` is not COLUMN=VALUE (e.g. `outlet=Press TV`)"
            )),
        }
    }
}

/// Where the corpus's warnings go (an article counted undated): a function
/// the command line supplies, nowhere by default. Two are always equal, so
/// options compare by what they read.
#[derive(Clone, Copy, Default)]
pub struct Warn(pub Option<fn(&str)>);

impl Warn {
    pub fn emit(self, message: &str) {
        if let Some(f) = self.0 {
            f(message);
        }
    }
}

impl PartialEq for Warn {
    fn eq(&self, _: &Warn) -> bool {
        true
    }
}

impl std::fmt::Debug for Warn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Warn(on)"
        } else {
            "Warn(off)"
        })
    }
}

/// What [`CorpusOptions::admit`] made of an article.
#[derive(Debug)]
pub enum Admitted {
    /// Kept, its date read (or empty).
    Kept(Article),
    /// Kept undated: its date could not be read and dates are not used;
    /// the second value names the row and the date as written.
    Undated(Article, String),
    /// Left out by `--where`, `--from` or `--to`.
    Filtered,
}

/// Everything about reading a corpus that a flag can change.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorpusOptions {
    pub columns: ColumnNames,
    pub on_error: OnError,
    pub filters: Vec<WhereFilter>,
    /// Keep articles dated on or after this day (undated ones are left out).
    pub from: Option<Date>,
    /// Keep articles dated on or before this day (undated ones are left out).
    pub to: Option<Date>,
    /// Compare along this column instead of the outlet.
    pub group_by: Option<String>,
    /// Apply the cleaning rules ([`super::clean`]); on by default.
    pub no_clean: bool,
    pub syndicated: Syndicated,
    /// Copies of an article within its outlet.
    pub duplicates: Duplicates,
    /// Further corpus paths (files, folders or glob patterns) read after
    /// the first, as one corpus.
    pub also: Vec<PathBuf>,
    /// The sheet of a workbook corpus (.xlsx, .ods) [default: the first].
    pub sheet: Option<String>,
    /// Date formats (strftime-style, `%d/%m/%Y`) tried in order after the
    /// formats read without one ([`DateReader`]).
    pub date_formats: Vec<String>,
    /// Dates are used beyond `--from`/`--to` (`--period`): an unreadable
    /// date is then an error, not an undated article.
    pub dates_used: bool,
    /// Other columns a command reads, with the flag naming each
    /// (`--covariate section`), checked against the header like `--where`.
    pub columns_read: Vec<(String, String)>,
    pub warn: Warn,
}

impl CorpusOptions {
    /// Checks the options on their own, before the corpus is read.
    pub fn validate(&self, root: &Path) -> Result<(), CorpusError> {
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Err(CorpusError::Invalid {
                    path: root.to_path_buf(),
                    message: format!("--from {from} is after --to {to}: swap them"),
                });
            }
        }
        DateReader::new(&self.date_formats).map_err(|message| CorpusError::Invalid {
            path: root.to_path_buf(),
            message,
        })?;
        Ok(())
    }

    /// True when an article's date matters (`--from`, `--to`, `--period`).
    pub fn needs_dates(&self) -> bool {
        self.dates_used || self.from.is_some() || self.to.is_some()
    }

    /// The columns the options refer to (filters, `--group-by`), which a
    /// table's header must have; not `language`, which detection supplies
    /// where it is missing.
    pub fn referenced_columns(&self) -> Vec<(&str, String)> {
        let mut cols: Vec<(&str, String)> = self
            .filters
            .iter()
            .map(|f| (f.column.as_str(), format!("--where {}=...", f.column)))
            .collect();
        if let Some(g) = &self.group_by {
            cols.push((g, format!("--group-by {g}")));
        }
        cols.extend(
            self.columns_read
                .iter()
                .map(|(c, f)| (c.as_str(), f.clone())),
        );
        cols.retain(|(c, _)| *c != LANGUAGE_FIELD);
        cols
    }

    /// Whether `--group-by` or `--where` refers to the articles' language.
    pub fn uses_language(&self) -> bool {
        self.group_by.as_deref() == Some(LANGUAGE_FIELD)
            || self.filters.iter().any(|f| f.column == LANGUAGE_FIELD)
    }

    /// Reads an article's date (written as `YYYY-MM-DD` when it was written
    /// otherwise), applies the filters and sets its comparison unit; when
    /// they refer to `language`, writes it as a code (detected where
    /// missing). A date that cannot be read is an error when dates are
    /// used, else the article is kept undated.
    pub fn admit(&self, mut article: Article) -> Result<Admitted, CorpusError> {
        if self.uses_language() {
            set_language(&mut article);
        }
        let at = |article: &Article, message: String| CorpusError::At {
            origin: article.origin.clone(),
            message,
        };
        let mut undated = None;
        let iso = match article.date.trim() {
            "" => None,
            d => Some(Date::parse(d)),
        };
        let date = match iso {
            None => None,
            // Already a day in ISO form: kept as written (with its time).
            Some(Ok(date)) => Some(date),
            Some(Err(_)) => {
                match DateReader::new(&self.date_formats).and_then(|r| r.read(&article.date)) {
                    Ok(date) => {
                        article.date = date.to_string();
                        Some(date)
                    }
                    Err(e) if self.needs_dates() => {
                        return Err(at(
                            &article,
                            format!(
                                "{e} (column `{}`), or pass --on-error skip",
                                self.columns.date
                            ),
                        ))
                    }
                    Err(_) => {
                        undated = Some(format!("{}: `{}`", article.origin, article.date.trim()));
                        article.date.clear();
                        None
                    }
                }
            }
        };
        let mut columns: Vec<&str> = self.filters.iter().map(|f| f.column.as_str()).collect();
        columns.dedup();
        for column in columns {
            let canonical = self.columns.canonical(column);
            let mut values = article.values(canonical).peekable();
            let matches = |v: &str| {
                self.filters
                    .iter()
                    .any(|f| f.column == column && f.value == *crate::text::nfc(v))
            };
            let keep = match values.peek() {
                // No value: as an empty cell.
                None => matches(""),
                Some(_) => values.any(matches),
            };
            if !keep {
                return Ok(Admitted::Filtered);
            }
        }
        if self.from.is_some() || self.to.is_some() {
            let Some(date) = date else {
                return Ok(Admitted::Filtered);
            };
            if self.from.is_some_and(|f| date < f) || self.to.is_some_and(|t| date > t) {
                return Ok(Admitted::Filtered);
            }
        }
        if let Some(col) = &self.group_by {
            let value = article.field(self.columns.canonical(col)).unwrap_or("");
            let value = crate::text::nfc(value.trim()).into_owned();
            if value.is_empty() {
                return Err(at(
                    &article,
                    format!(
                        "empty `{col}`, the --group-by column: fill it in or pass --on-error skip"
                    ),
                ));
            }
            article.outlet = value;
        }
        Ok(match undated {
            Some(example) => Admitted::Undated(article, example),
            None => Admitted::Kept(article),
        })
    }
}

/// Writes an article's `language` as an ISO 639-1 code: its `language`
/// metadata read leniently (`Arabic`, `ara`, `ar-EG` -> `ar`; a value that
/// names no known language is kept as it is), else the language detected
/// in its text (or title), else `und` (undetermined, ISO 639-2).
fn set_language(article: &mut Article) {
    let given = article.field(LANGUAGE_FIELD).map(str::trim).unwrap_or("");
    let code = if given.is_empty() {
        let text = if article.text.trim().is_empty() {
            &article.title
        } else {
            &article.text
        };
        detect(text).map_or("und", Language::code).to_string()
    } else {
        match Language::from_metadata(given) {
            Some(l) => l.code().to_string(),
            None => return,
        }
    };
    match article.meta.iter_mut().find(|(k, _)| k == LANGUAGE_FIELD) {
        Some((_, v)) => *v = code,
        None => article.meta.push((LANGUAGE_FIELD.to_string(), code)),
    }
}
