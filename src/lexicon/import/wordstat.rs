//! WordStat `.cat`: categories and terms nested by indentation (tabs; any
//! spaces before them are ignored, as WordStat writes them mixed). A line
//! ending in `(weight)` is a term (`GALLER* (1)`), any other line a
//! category; `_` in a term joins a phrase (`WAR_IN_IRAQ` is "war in iraq").

use super::{invalid, lines, Draft};
use crate::lexicon::LexiconError;
use std::path::Path;

pub(crate) fn parse(text: &str, path: &Path) -> Result<Draft, LexiconError> {
    let mut draft = Draft::default();
    let mut stack: Vec<String> = Vec::new();
    for (n, line) in lines(text) {
        if line.trim().is_empty() {
            continue;
        }
        let indent = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .filter(|c| *c == '\t')
            .count();
        let body = line.trim();
        if let Some((term, weight)) = entry(body) {
            if indent == 0 || stack.len() < indent {
                return Err(invalid(
                    path,
                    n,
                    format!("term `{term}` is not inside a category: indent it one tab deeper than its category"),
                ));
            }
            let weight = weight.parse::<f64>().map_err(|_| {
                invalid(
                    path,
                    n,
                    format!("weight `({weight})` of `{term}` is not a number"),
                )
            })?;
            let term = term.replace('_', " ");
            draft
                .category(None, &stack[..indent])
                .terms
                .push((term, weight, n));
        } else {
            if indent > stack.len() {
                return Err(invalid(
                    path,
                    n,
                    format!("category `{body}` is indented {indent} tabs but its parent has {}: indent it one tab deeper than its parent", stack.len().saturating_sub(1)),
                ));
            }
            stack.truncate(indent);
            stack.push(body.to_string());
        }
    }
    Ok(draft)
}

/// `TERM (1)` -> (`TERM`, `1`).
fn entry(body: &str) -> Option<(&str, &str)> {
    let inner = body.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let term = inner[..open].trim();
    (!term.is_empty()).then(|| (term, inner[open + 1..].trim()))
}
