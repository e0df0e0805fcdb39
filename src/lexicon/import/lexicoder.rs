//! Lexicoder `.lc3`: a `+name` line (optionally `+name#RRGGBB`, a display
//! colour) opens a category; every other non-empty line is a term of it.

use super::{invalid, lines, Draft};
use crate::lexicon::LexiconError;
use std::path::Path;

pub(crate) fn parse(text: &str, path: &Path) -> Result<Draft, LexiconError> {
    let mut draft = Draft::default();
    let mut current: Option<String> = None;
    for (n, line) in lines(text) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(header) = line.strip_prefix('+') {
            let name = header.split('#').next().unwrap_or_default().trim();
            if name.is_empty() {
                return Err(invalid(
                    path,
                    n,
                    "a `+` line needs a category name, e.g. `+negative`".into(),
                ));
            }
            draft.category(None, &[name.to_string()]);
            current = Some(name.to_string());
            continue;
        }
        let cat = current.as_ref().ok_or_else(|| {
            invalid(
                path,
                n,
                format!("term `{line}` comes before any category: start the file with a `+category` line"),
            )
        })?;
        draft
            .category(None, std::slice::from_ref(cat))
            .terms
            .push((line.to_string(), 1.0, n));
    }
    Ok(draft)
}
