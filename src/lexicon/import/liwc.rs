//! LIWC `.dic`: an optional header between two `%` lines mapping category
//! numbers to names (`01<TAB>HarmVirtue`), then one entry a line: the term
//! (a word, `stem*` or a multi-word phrase) and the numbers of its
//! categories. Without a header the numbers are the category names.

use super::{invalid, lines, Draft};
use crate::lexicon::LexiconError;
use std::collections::HashMap;
use std::path::Path;

pub(crate) fn parse(text: &str, path: &Path) -> Result<Draft, LexiconError> {
    let lines = lines(text);
    let mut names: HashMap<String, String> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut rest = 0;
    let first = lines.iter().position(|(_, l)| !l.trim().is_empty());
    if let Some(f) = first.filter(|&f| lines[f].1.trim() == "%") {
        let close = lines[f + 1..]
            .iter()
            .position(|(_, l)| l.trim() == "%")
            .map(|p| p + f + 1)
            .ok_or_else(|| {
                invalid(
                    path,
                    lines[f].0,
                    "the category header opened with `%` is never closed: add a `%` line after the last category".into(),
                )
            })?;
        for &(n, line) in &lines[f + 1..close] {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let mut parts = line.splitn(2, char::is_whitespace);
            let id = parts.next().unwrap_or_default().to_string();
            let name = parts.next().map(str::trim).unwrap_or_default();
            if name.is_empty() {
                return Err(invalid(
                    path,
                    n,
                    format!("category `{id}` has no name: write `{id}<TAB>name`"),
                ));
            }
            names.insert(normalise_id(&id), name.to_string());
            order.push(normalise_id(&id));
        }
        rest = close + 1;
    }
    let mut draft = Draft::default();
    // Declared categories keep the header's order even when empty.
    for id in &order {
        draft.category(None, &[names[id].clone()]);
    }
    for &(n, line) in &lines[rest..] {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (term, cats) = split_entry(line);
        if cats.is_empty() || term.is_empty() {
            return Err(invalid(
                path,
                n,
                format!("`{line}` is not `term<TAB>category numbers`"),
            ));
        }
        for cat in cats {
            let name = if names.is_empty() {
                cat.to_string()
            } else {
                names.get(&normalise_id(cat)).cloned().ok_or_else(|| {
                    invalid(
                        path,
                        n,
                        format!("category `{cat}` of `{term}` is not declared in the `%` header"),
                    )
                })?
            };
            draft
                .category(None, &[name])
                .terms
                .push((term.clone(), 1.0, n));
        }
    }
    Ok(draft)
}

/// `01` and `1` are the same category.
fn normalise_id(id: &str) -> String {
    let t = id.trim_start_matches('0');
    if t.is_empty() && !id.is_empty() {
        "0".into()
    } else {
        t.to_string()
    }
}

/// The term and its category numbers: after a tab when there is one,
/// else the trailing numeric words.
fn split_entry(line: &str) -> (String, Vec<&str>) {
    if let Some((term, cats)) = line.split_once('\t') {
        return (
            term.split_whitespace().collect::<Vec<_>>().join(" "),
            cats.split_whitespace().collect(),
        );
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let n = words
        .iter()
        .rev()
        .take_while(|w| w.chars().all(|c| c.is_ascii_digit()))
        .count();
    let n = n.min(words.len().saturating_sub(1));
    (
        words[..words.len() - n].join(" "),
        words[words.len() - n..].to_vec(),
    )
}
