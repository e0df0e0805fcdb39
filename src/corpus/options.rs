//! How to read a corpus: which columns hold what, what to do with a bad row,
//! which articles to keep, what to compare along, whether to clean and what
//! to do with syndicated copies. `CorpusOptions::default()` is the behaviour
//! with no flags; the command line overwrites fields.

use super::dates::Date;
use super::{Article, CorpusError};
use std::path::Path;
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
                value: super::vet::nfc(v.trim()).into_owned(),
            }),
            _ => Err(format!(
                "`{s}` is not COLUMN=VALUE (e.g. `outlet=Press TV`)"
            )),
        }
    }
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
        Ok(())
    }

    /// The columns the options refer to (filters, `--group-by`), which a
    /// table's header must have.
    pub fn referenced_columns(&self) -> Vec<(&str, String)> {
        let mut cols: Vec<(&str, String)> = self
            .filters
            .iter()
            .map(|f| (f.column.as_str(), format!("--where {}=...", f.column)))
            .collect();
        if let Some(g) = &self.group_by {
            cols.push((g, format!("--group-by {g}")));
        }
        cols
    }

    /// Checks an article's date, applies the filters and sets its
    /// comparison unit. `Ok(None)`: filtered out.
    pub fn admit(&self, mut article: Article) -> Result<Option<Article>, CorpusError> {
        let at = |message: String| CorpusError::At {
            origin: article.origin.clone(),
            message,
        };
        let date = match article.date.as_str() {
            "" => None,
            d => Some(Date::parse(d).map_err(|e| {
                at(format!(
                    "{e} (column `{}`), or pass --on-error skip",
                    self.columns.date
                ))
            })?),
        };
        let mut columns: Vec<&str> = self.filters.iter().map(|f| f.column.as_str()).collect();
        columns.dedup();
        for column in columns {
            let value = article.field(self.columns.canonical(column)).unwrap_or("");
            let value = super::vet::nfc(value);
            if !self
                .filters
                .iter()
                .any(|f| f.column == column && f.value == *value)
            {
                return Ok(None);
            }
        }
        if self.from.is_some() || self.to.is_some() {
            let Some(date) = date else { return Ok(None) };
            if self.from.is_some_and(|f| date < f) || self.to.is_some_and(|t| date > t) {
                return Ok(None);
            }
        }
        if let Some(col) = &self.group_by {
            let value = article.field(self.columns.canonical(col)).unwrap_or("");
            let value = super::vet::nfc(value.trim()).into_owned();
            if value.is_empty() {
                return Err(at(format!(
                    "empty `{col}`, the --group-by column: fill it in or pass --on-error skip"
                )));
            }
            article.outlet = value;
        }
        Ok(Some(article))
    }
}
