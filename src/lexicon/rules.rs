//! The rule syntax of a lexicon entry: how a term's written form becomes a
//! search pattern, and how `exclude`, `near` and `not_near` are read. The
//! matcher (`crate::matching`) applies them; `docs/LEXICONS.md` explains
//! them with worked examples.

use crate::text::normalise::{is_word_char, normalise_str};
use toml_edit::{Item, TableLike};

/// A word, phrase or `stem*` used by a rule (always case-insensitive).
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// As written.
    pub text: String,
    /// Normalised and case-folded, without the trailing `*`.
    pub pattern: String,
    pub wildcard: bool,
}

/// A NEAR or NOT-NEAR window: any of `words` within `window` words of the
/// match (1 = the adjacent word).
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    pub words: Vec<Pattern>,
    pub window: usize,
}

/// Rules that narrow where a term counts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rules {
    /// A match lying inside an occurrence of any of these does not count.
    pub exclude: Vec<Pattern>,
    /// Counts only with one of these words within the window.
    pub near: Option<Context>,
    /// Does not count with one of these words within the window.
    pub not_near: Option<Context>,
}

impl Rules {
    pub fn is_empty(&self) -> bool {
        self.exclude.is_empty() && self.near.is_none() && self.not_near.is_none()
    }

    /// A category's rules combined with one of its terms': exclusions add
    /// up; a term's own `near` / `not_near` replaces the category's.
    pub fn merged_with(&self, term: &Rules) -> Rules {
        Rules {
            exclude: self.exclude.iter().chain(&term.exclude).cloned().collect(),
            near: term.near.clone().or_else(|| self.near.clone()),
            not_near: term.not_near.clone().or_else(|| self.not_near.clone()),
        }
    }
}

/// Normalised search pattern and wildcard flag of a written term; `Err` says
/// what is wrong with it.
pub fn parse_pattern(text: &str, case_sensitive: bool) -> Result<(String, bool), String> {
    super::bounds::check_term(text)?;
    let trimmed = text.trim();
    // `stem**` (seen in published dictionaries) means `stem*`.
    let body = trimmed.trim_end_matches('*');
    let wildcard = body.len() < trimmed.len();
    if body.contains('*') {
        return Err(format!(
            "term `{text}`: `*` is allowed only at the very end of a term (`insurgen*`)"
        ));
    }
    let pattern = normalise_str(body, !case_sensitive).trim().to_string();
    if !pattern.chars().any(is_word_char) {
        return Err(format!(
            "term `{text}` has no letters or digits: it could never match a word"
        ));
    }
    Ok((pattern, wildcard))
}

/// A rule pattern from its written form.
pub fn pattern(text: &str) -> Result<Pattern, String> {
    let (pattern, wildcard) = parse_pattern(text, false)?;
    Ok(Pattern {
        text: text.to_string(),
        pattern,
        wildcard,
    })
}

type RuleError = (Option<usize>, String);

fn pos(item: &Item) -> Option<usize> {
    item.span().map(|s| s.start)
}

/// Reads `exclude`, `near` and `not_near` from a category or term table.
pub(super) fn parse_rules(table: &dyn TableLike) -> Result<Rules, RuleError> {
    let mut rules = Rules::default();
    if let Some(item) = table.get("exclude") {
        rules.exclude = patterns(item, "exclude")?;
    }
    if let Some(item) = table.get("near") {
        rules.near = Some(context(item, "near")?);
    }
    if let Some(item) = table.get("not_near") {
        rules.not_near = Some(context(item, "not_near")?);
    }
    Ok(rules)
}

fn patterns(item: &Item, what: &str) -> Result<Vec<Pattern>, RuleError> {
    let array = item.as_array().ok_or_else(|| {
        (
            pos(item),
            format!(
                "`{what}` must be a list of words or phrases, e.g. `{what} = [\"war on terror\"]`"
            ),
        )
    })?;
    let mut out = Vec::new();
    for v in array.iter() {
        let at = v.span().map(|s| s.start);
        let text = v
            .as_str()
            .ok_or_else(|| (at, format!("`{what}` takes quoted words or phrases")))?;
        out.push(pattern(text).map_err(|m| (at, format!("in `{what}`: {m}")))?);
    }
    if out.is_empty() {
        return Err((
            pos(item),
            format!("`{what}` is empty: list at least one word"),
        ));
    }
    Ok(out)
}

fn context(item: &Item, what: &str) -> Result<Context, RuleError> {
    let example = format!("`{what} = {{ words = [\"assad\", \"syria*\"], window = 5 }}`");
    let table = item
        .as_table_like()
        .ok_or_else(|| (pos(item), format!("`{what}` must be a table: {example}")))?;
    for (key, _) in table.iter() {
        super::keys::check(key, super::keys::CONTEXT, &format!("in `{what}`"))
            .map_err(|m| (pos(item), format!("{m}, e.g. {example}")))?;
    }
    let words = table
        .get("words")
        .ok_or_else(|| (pos(item), format!("`{what}` needs `words`: {example}")))?;
    let words = patterns(words, &format!("{what}.words"))?;
    let window = table.get("window").ok_or_else(|| {
        (
            pos(item),
            format!("`{what}` needs `window` (in words): {example}"),
        )
    })?;
    let window = window
        .as_integer()
        .filter(|&w| (1..=crate::limits::WINDOW_MAX as i64).contains(&w))
        .ok_or_else(|| {
            (
                pos(window),
                format!(
                    "`{what}.window` must be a whole number of words from 1 to {}",
                    crate::limits::WINDOW_MAX
                ),
            )
        })? as usize;
    Ok(Context { words, window })
}
