//! One row of a table, manifest or JSON Lines file, as (column, value)
//! pairs, turned into an [`Article`]: the known fields by their configured
//! column names, every other column kept as metadata, ids checked unique.

use super::options::{ColumnNames, CorpusOptions};
use super::{Article, CorpusError};
use std::collections::HashMap;
use std::fmt::Write;
use std::hash::{Hash, Hasher};
use std::path::Path;

/// Checks that the columns a corpus needs are in its header; the message
/// names the flag that picks each column.
pub fn check_columns(
    headers: &[String],
    required: &[(&str, &str)],
    options: &CorpusOptions,
) -> Result<(), String> {
    let has = |name: &str| headers.iter().any(|h| h == name);
    let found = headers.join(", ");
    for (name, flag) in required {
        if !has(name) {
            return Err(format!(
                "no column `{name}` (choose it with {flag}); the columns are: {found}"
            ));
        }
    }
    for (name, flag) in options.referenced_columns() {
        if !has(name) && !options.columns.is_known(name) {
            return Err(format!(
                "no column `{name}` for {flag}; the columns are: {found}"
            ));
        }
    }
    Ok(())
}

/// Ids seen so far, kept as 64-bit hashes so millions of rows stay small.
#[derive(Debug, Default)]
pub struct SeenIds {
    seen: HashMap<u64, u64>,
}

impl SeenIds {
    /// Records an id at a line; an id seen before is an error naming both.
    pub fn check(&mut self, id: &str, line: u64) -> Result<(), String> {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        id.hash(&mut h);
        match self.seen.insert(h.finish(), line) {
            Some(first) => Err(format!(
                "article id `{id}` is also on line {first}: ids must be unique"
            )),
            None => Ok(()),
        }
    }
}

impl SeenIds {
    /// A row of a table or JSON Lines file as an article (id
    /// `<id_prefix>row<line>` when empty), its id checked unique; errors
    /// name the file and line.
    pub fn row_article(
        &mut self,
        fields: &[(&str, &str)],
        text: String,
        names: &ColumnNames,
        (path, id_prefix): (&Path, &str),
        line: u64,
    ) -> Result<Article, CorpusError> {
        let row_err = |message: String| CorpusError::Row {
            path: path.to_path_buf(),
            line,
            message,
        };
        // Built without the formatting machinery: this is done for every
        // row, while the worker holds the input (see `crate::parallel`).
        let name = path.to_string_lossy();
        let mut origin = String::with_capacity(name.len() + 12);
        origin.push_str(&name);
        origin.push(':');
        let _ = write!(origin, "{line}");
        let article = article_from(
            fields,
            names,
            Some(text),
            || format!("{id_prefix}row{line}"),
            origin,
        )
        .map_err(row_err)?;
        self.check(&article.id, line).map_err(row_err)?;
        Ok(article)
    }
}

/// Builds an article from a row and its text cell (not among `fields`).
/// Without text (a manifest: the text is read from the file later) the
/// `file` column is not metadata.
pub fn article_from(
    fields: &[(&str, &str)],
    names: &ColumnNames,
    text: Option<String>,
    default_id: impl FnOnce() -> String,
    origin: String,
) -> Result<Article, String> {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| *k == name)
            .map_or("", |(_, v)| *v)
    };
    let outlet = get(&names.outlet).trim();
    if outlet.is_empty() {
        return Err(format!(
            "empty `{}`: every article needs its outlet",
            names.outlet
        ));
    }
    if text.as_ref().is_some_and(|t| t.trim().is_empty()) {
        return Err(format!("empty `{}`: the article has no text", names.text));
    }
    let id = match get(&names.id).trim() {
        "" => default_id(),
        id => id.to_string(),
    };
    let meta = fields
        .iter()
        .filter(|(k, _)| !names.is_known(k) && *k != names.text && *k != "file")
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect();
    Ok(Article {
        id,
        outlet: outlet.to_string(),
        source: outlet.to_string(),
        date: get(&names.date).trim().to_string(),
        title: get(&names.title).trim().to_string(),
        url: get(&names.url).trim().to_string(),
        meta,
        text: text.unwrap_or_default(),
        origin,
    })
}
