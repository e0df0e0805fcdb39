//! quanteda YAML dictionaries: a mapping of category names to lists of
//! terms (or one term), nested mappings as subcategories; the key `''`
//! holds the terms of the enclosing category itself. Glob patterns are
//! read as framescore terms, so `*` must end a term (quanteda's `?` and
//! inner `*` are refused with the line).

use super::{invalid, Draft};
use crate::lexicon::LexiconError;
use serde_yaml_ng::Value;
use std::path::Path;

pub(crate) fn parse(text: &str, path: &Path) -> Result<Draft, LexiconError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root: Value = serde_yaml_ng::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        LexiconError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message: format!("not valid YAML: {e}"),
        }
    })?;
    let mut draft = Draft::default();
    match &root {
        Value::Mapping(_) => walk(&root, &mut Vec::new(), text, path, &mut draft)?,
        _ => {
            return Err(invalid(
                path,
                1,
                "a YAML dictionary is a mapping of category names to term lists, e.g. `terrorist: [terrorist*]`".into(),
            ))
        }
    }
    Ok(draft)
}

fn walk(
    value: &Value,
    at: &mut Vec<String>,
    text: &str,
    path: &Path,
    draft: &mut Draft,
) -> Result<(), LexiconError> {
    match value {
        Value::Mapping(map) => {
            for (k, v) in map {
                let key = scalar(k)
                    .ok_or_else(|| invalid(path, 1, "category names must be plain text".into()))?;
                if key.is_empty() {
                    walk(v, at, text, path, draft)?;
                } else {
                    at.push(key);
                    walk(v, at, text, path, draft)?;
                    at.pop();
                }
            }
            Ok(())
        }
        Value::Sequence(items) => {
            for item in items {
                term(item, at, text, path, draft)?;
            }
            Ok(())
        }
        Value::Null => Ok(()),
        other => term(other, at, text, path, draft),
    }
}

fn term(
    value: &Value,
    at: &[String],
    text: &str,
    path: &Path,
    draft: &mut Draft,
) -> Result<(), LexiconError> {
    let word = scalar(value).ok_or_else(|| {
        invalid(
            path,
            1,
            format!(
                "category `{}` holds something other than terms: list words, phrases or `stem*`",
                at.join("/")
            ),
        )
    })?;
    if at.is_empty() {
        return Err(invalid(
            path,
            line_of(text, &word),
            format!("term `{word}` is not under a category name"),
        ));
    }
    let line = line_of(text, &word);
    if word.contains('?') {
        return Err(invalid(
            path,
            line,
            format!("glob `{word}`: `?` (one character) is not supported; use a trailing `*` or list the forms"),
        ));
    }
    draft.category(None, at).terms.push((word, 1.0, line));
    Ok(())
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The first line that contains `word`: YAML values carry no positions.
fn line_of(text: &str, word: &str) -> usize {
    super::lines(text)
        .into_iter()
        .find(|(_, l)| l.contains(word))
        .map_or(1, |(n, _)| n)
}
