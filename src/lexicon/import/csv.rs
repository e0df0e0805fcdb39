//! A lexicon kept in a spreadsheet: a CSV with a header row naming the
//! columns `category` and `term` (or `word`), optionally `group` and a
//! weight (`weight`, or a column whose name ends in `rating`, such as the
//! Grievance Dictionary's `mean_rating`). Other columns are ignored.

use super::{invalid, Draft};
use crate::lexicon::LexiconError;
use std::path::Path;

pub(crate) fn parse(text: &str, path: &Path) -> Result<Draft, LexiconError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| invalid(path, 1, format!("cannot read the header row: {e}")))?
        .clone();
    let find = |pred: &dyn Fn(&str) -> bool| {
        header
            .iter()
            .position(|h| pred(&h.trim().to_ascii_lowercase()))
    };
    let need = "a CSV lexicon needs a header row with `category` and `term` columns (optional `group`, `weight`)";
    let category = find(&|h| h == "category").ok_or_else(|| invalid(path, 1, need.into()))?;
    let term =
        find(&|h| h == "term" || h == "word").ok_or_else(|| invalid(path, 1, need.into()))?;
    let group = find(&|h| h == "group");
    let weight = find(&|h| h == "weight" || h.ends_with("rating"));
    let mut draft = Draft::default();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(1, |p| p.line() as usize);
            invalid(path, line, format!("not a valid CSV row: {e}"))
        })?;
        let line = record.position().map_or(1, |p| p.line() as usize);
        let cell = |i: usize| record.get(i).unwrap_or_default().trim();
        let (c, t) = (cell(category), cell(term));
        if c.is_empty() || t.is_empty() {
            return Err(invalid(
                path,
                line,
                "empty `category` or `term` cell: fill it in or delete the row".into(),
            ));
        }
        let w = match weight.map(cell) {
            None | Some("") => 1.0,
            Some(w) => w
                .parse::<f64>()
                .ok()
                .filter(|w| w.is_finite())
                .ok_or_else(|| invalid(path, line, format!("weight `{w}` is not a number")))?,
        };
        let g = group.map(cell).filter(|g| !g.is_empty());
        draft
            .category(g, &[c.to_string()])
            .terms
            .push((t.to_string(), w, line));
    }
    Ok(draft)
}
