//! The rule syntax of a lexicon entry: how a term's written form becomes a
//! search pattern, and how `exclude`, `near` and `not_near` are read. The
//! matcher (the `matching` module) applies them; `docs/LEXICONS.md` explains
//! them with worked examples.

use super::TermSettings;
use crate::text::language::Clitics;
use crate::text::normalise::is_word_char;
use crate::text::profile::{normalise_str_with, Profile};
use toml_edit::{Item, TableLike};

/// A word, phrase or `stem*` used by a rule (always case-insensitive), in
/// the language of what it is written for.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// As written.
    pub text: String,
    /// Normalised and case-folded in its language, without the `*`s.
    pub pattern: String,
    pub wildcard: bool,
    pub leading_wildcard: bool,
    /// The language's proclitics may come before it.
    pub clitics: Option<Clitics>,
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

/// A written term read: its search pattern and where its `*`s are.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub pattern: String,
    pub wildcard: bool,
    pub leading_wildcard: bool,
}

/// The term without its `*`s: (body, leading `*`, trailing `*`).
fn stars(text: &str) -> Result<(&str, bool, bool), String> {
    let trimmed = text.trim();
    // `stem**` (seen in published dictionaries) means `stem*`.
    let body = trimmed.trim_end_matches('*');
    let wildcard = body.len() < trimmed.len();
    let inner = body.trim_start_matches('*');
    let leading = inner.len() < body.len();
    if inner.contains('*') {
        return Err(format!(
            "term `{text}`: `*` is allowed only at the start or the end of a term (`insurgen*`, `*ist`)"
        ));
    }
    Ok((inner, leading, wildcard))
}

/// The form of a term's body that is searched for: normalised in `profile`,
/// and with Arabic clitics without its leading article (which the clitics
/// allow, so `المعارضة` and `معارضة` are one term).
pub fn searched_form(text: &str, fold: bool, profile: Profile, clitics: Option<Clitics>) -> String {
    let (body, leading, _) = stars(text).unwrap_or((text, false, false));
    let pattern = normalise_str_with(body, fold, profile);
    let pattern = pattern.trim();
    match clitics {
        Some(c) if !leading => c.strip_article(pattern).to_string(),
        _ => pattern.to_string(),
    }
}

/// Search pattern and wildcards of a written term in its language; `Err`
/// says what is wrong with it.
pub fn parse_pattern(
    text: &str,
    case_sensitive: bool,
    settings: &TermSettings,
) -> Result<Parsed, String> {
    super::bounds::check_term(text)?;
    let (_, leading_wildcard, wildcard) = stars(text)?;
    let pattern = searched_form(text, !case_sensitive, settings.profile(), settings.clitics);
    if !pattern.chars().any(is_word_char) {
        return Err(format!(
            "term `{text}` has no letters or digits: it could never match a word"
        ));
    }
    Ok(Parsed {
        pattern,
        wildcard,
        leading_wildcard,
    })
}

/// A rule pattern from its written form, in the language of `settings`.
pub fn pattern(text: &str, settings: &TermSettings) -> Result<Pattern, String> {
    let parsed = parse_pattern(text, false, settings)?;
    Ok(Pattern {
        text: text.to_string(),
        pattern: parsed.pattern,
        wildcard: parsed.wildcard,
        leading_wildcard: parsed.leading_wildcard,
        clitics: settings.clitics,
    })
}

type RuleError = (Option<usize>, String);

fn pos(item: &Item) -> Option<usize> {
    item.span().map(|s| s.start)
}

/// Reads `exclude`, `near` and `not_near` from a category or term table;
/// their words are in the language of `settings`.
pub(super) fn parse_rules(
    table: &dyn TableLike,
    settings: &TermSettings,
) -> Result<Rules, RuleError> {
    let mut rules = Rules::default();
    if let Some(item) = table.get("exclude") {
        rules.exclude = patterns(item, "exclude", settings)?;
    }
    if let Some(item) = table.get("near") {
        rules.near = Some(context(item, "near", settings)?);
    }
    if let Some(item) = table.get("not_near") {
        rules.not_near = Some(context(item, "not_near", settings)?);
    }
    Ok(rules)
}

fn patterns(item: &Item, what: &str, settings: &TermSettings) -> Result<Vec<Pattern>, RuleError> {
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
        out.push(pattern(text, settings).map_err(|m| (at, format!("in `{what}`: {m}")))?);
    }
    if out.is_empty() {
        return Err((
            pos(item),
            format!("`{what}` is empty: list at least one word"),
        ));
    }
    Ok(out)
}

fn context(item: &Item, what: &str, settings: &TermSettings) -> Result<Context, RuleError> {
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
    let words = patterns(words, &format!("{what}.words"), settings)?;
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
