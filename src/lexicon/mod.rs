//! The lexicon: a human-edited TOML file of groups of competing categories,
//! each a list of terms, with optional rules (exclusions, NEAR / NOT-NEAR
//! context windows, weights) and nested categories that roll up. This module
//! owns the data model, parsing and validation; every error names the file,
//! line and column and says what to change. `rules` parses the rule syntax,
//! `import` reads other dictionary formats, `check` audits a lexicon and
//! `toml_out` writes one back as framescore TOML. `docs/LEXICONS.md` is the
//! user's guide.
//!
//! ```toml
//! name = "syria"
//! description = "How outlets label the sides of the Syrian war"
//!
//! [groups.armed_groups]
//! question = "What do outlets call armed anti-government groups?"
//!
//! [groups.armed_groups.categories]
//! terrorist = ["terrorist*"]
//! rebel = { terms = ["rebel*"], exclude = ["rebellion*"] }
//! islamic_state = ["islamic state", { term = "IS", case_sensitive = true }]
//! ```
//!
//! A lexicon, group, category or term may declare its `language` (ISO
//! 639-1), which gives its terms that language's normalisation, proclitics
//! and (with `stem = true`) Snowball stemming ([`TermSettings`]); a
//! category's `terms` may be a table of lists keyed by language.
//!
//! It knows nothing of corpora, matching or reports.

mod bounds;
pub mod check;
pub mod import;
mod keys;
mod parse;
mod rules;
pub mod toml_out;

pub use crate::text::language::{Clitics, Language};
pub use rules::{Context, Pattern, Rules};

use crate::text::profile::Profile;
use std::path::{Path, PathBuf};

/// A validated lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub name: String,
    pub description: String,
    pub path: PathBuf,
    pub groups: Vec<Group>,
    /// Terms listed twice in a group (see [`Conflict`]). [`Lexicon::load`]
    /// refuses a lexicon that has any; `lexicon check` reports them all.
    pub conflicts: Vec<Conflict>,
    /// What an import left out, with file and line (empty for TOML).
    pub notes: Vec<String>,
}

/// A set of competing categories: shares are computed within a group.
#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub question: String,
    /// Categories may share terms and a span may count in several of them
    /// (imported LIWC-style dictionaries). Off by default: categories compete
    /// and a span counts once per group.
    pub overlapping: bool,
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone)]
pub struct Category {
    /// `terrorist`, or a nested path `armed_opposition/terrorist`.
    pub id: String,
    pub terms: Vec<Term>,
    /// Rules applying to every term of the category.
    pub rules: Rules,
    /// 1-based line of the category's key.
    pub line: usize,
}

/// How a term is matched in its language, resolved from the `language`,
/// `clitics`, `stem` and `ta_marbuta` keys of the lexicon, its group, its
/// category and the term itself (the nearest one wins). The default is a
/// term of no declared language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TermSettings {
    pub language: Option<Language>,
    /// The language's proclitics may come before the term in a word
    /// (`والمعارضة` for `المعارضة`): on by default for Arabic and Hebrew.
    pub clitics: Option<Clitics>,
    /// Matches every word with the term's Snowball stem.
    pub stem: bool,
    /// Arabic: ة and ه are kept apart for this term (`ta_marbuta = false`).
    pub keep_ta_marbuta: bool,
}

impl TermSettings {
    /// The normalisation a term with these settings is searched in (ة as ه
    /// for Arabic, which [`TermSettings::keep_ta_marbuta`] then checks on
    /// the text as written).
    pub fn profile(&self) -> Profile {
        Profile::of(self.language)
    }
}

/// One lexicon entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// As written in the lexicon file.
    pub text: String,
    /// Normalised form that is searched for (folded unless case-sensitive),
    /// without the `*`s, in the term's language ([`TermSettings`]); with
    /// Arabic clitics, without a leading article (`المعارضة` -> `معارضه`).
    pub pattern: String,
    /// Ends in `*`: matches any word that begins with `pattern`.
    pub wildcard: bool,
    /// Begins with `*`: matches any word that ends with `pattern` (both:
    /// any word that contains it).
    pub leading_wildcard: bool,
    pub case_sensitive: bool,
    /// 1-based line in the lexicon file.
    pub line: usize,
    /// Weight of each match (intensity scales); 1 unless given.
    pub weight: f64,
    /// Rules of this term alone (the category's apply too).
    pub rules: Rules,
    /// Its language and how the language's rules apply.
    pub settings: TermSettings,
}

/// The same term twice in one group.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub group: String,
    pub term: String,
    pub first_category: String,
    pub first_line: usize,
    pub second_category: String,
    pub second_line: usize,
}

impl Conflict {
    pub fn message(&self) -> String {
        if self.first_category == self.second_category {
            format!(
                "term `{}` appears twice in `{}.{}` (also line {}): remove one",
                self.term, self.group, self.second_category, self.first_line
            )
        } else {
            format!(
                "term `{}` is in both `{}.{}` (line {}) and `{}.{}`: a term may belong to one category of a group",
                self.term, self.group, self.first_category, self.first_line, self.group, self.second_category
            )
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("cannot read lexicon {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

/// What makes two terms the same entry: see [`Term::key`].
pub type TermKey<'a> = (&'a str, bool, bool, bool, bool, Option<Language>);

impl Term {
    /// Builds a term of no declared language from its written form; `Err`
    /// says what is wrong.
    pub fn new(text: &str, case_sensitive: bool, line: usize) -> Result<Term, String> {
        Term::with_settings(text, case_sensitive, line, TermSettings::default())
    }

    /// Builds a term in a language; `Err` says what is wrong.
    pub fn with_settings(
        text: &str,
        case_sensitive: bool,
        line: usize,
        settings: TermSettings,
    ) -> Result<Term, String> {
        let parsed = rules::parse_pattern(text, case_sensitive, &settings)?;
        Ok(Term {
            text: text.to_string(),
            pattern: parsed.pattern,
            wildcard: parsed.wildcard,
            leading_wildcard: parsed.leading_wildcard,
            case_sensitive,
            line,
            weight: 1.0,
            rules: Rules::default(),
            settings,
        })
    }

    /// The form searched for in text normalised with `profile` (`fold`:
    /// case-folded), as [`Term::pattern`] is for the term's own profile.
    pub fn pattern_in(&self, profile: Profile, fold: bool) -> String {
        rules::searched_form(&self.text, fold, profile, self.settings.clitics)
    }

    /// Identity for duplicate detection: pattern, `*` at either end, case
    /// sensitivity, stemming and language.
    pub fn key(&self) -> TermKey<'_> {
        (
            self.pattern.as_str(),
            self.wildcard,
            self.leading_wildcard,
            self.case_sensitive,
            self.settings.stem,
            self.settings.language,
        )
    }

    /// `` `text` `` with its language: `` `معارض*` (ar) ``.
    pub fn label(&self) -> String {
        match self.settings.language {
            Some(l) => format!("`{}` ({l})", self.text),
            None => format!("`{}`", self.text),
        }
    }
}

impl Lexicon {
    /// Reads and validates a lexicon file: framescore TOML, or an imported
    /// format chosen by extension (`.dic`, `.yml`/`.yaml`, `.cat`, `.lc3`,
    /// `.csv`). A term in two categories of a group is refused.
    pub fn load(path: &Path) -> Result<Lexicon, LexiconError> {
        let lexicon = Lexicon::load_unchecked(path)?;
        lexicon.refuse_conflicts()?;
        Ok(lexicon)
    }

    /// Like [`Lexicon::load`] but keeps conflicts in `conflicts` (for
    /// `lexicon check`).
    pub fn load_unchecked(path: &Path) -> Result<Lexicon, LexiconError> {
        if let Some(format) = import::Format::from_path(path) {
            return import::load(path, format);
        }
        let source = bounds::read_file(path)?;
        Lexicon::parse_unchecked(&source, path)
    }

    /// Parses lexicon text; `path` is used in error messages only.
    pub fn parse(source: &str, path: &Path) -> Result<Lexicon, LexiconError> {
        let lexicon = Lexicon::parse_unchecked(source, path)?;
        lexicon.refuse_conflicts()?;
        Ok(lexicon)
    }

    fn refuse_conflicts(&self) -> Result<(), LexiconError> {
        match self.conflicts.first() {
            None => Ok(()),
            Some(c) => Err(LexiconError::Invalid {
                path: self.path.clone(),
                line: c.second_line,
                column: 1,
                message: c.message(),
            }),
        }
    }

    /// Parses lexicon text, collecting duplicate terms in `conflicts`.
    pub fn parse_unchecked(source: &str, path: &Path) -> Result<Lexicon, LexiconError> {
        parse::parse(source, path)
    }

    /// Assembles a lexicon and records its conflicts.
    pub fn new(name: String, description: String, path: &Path, groups: Vec<Group>) -> Lexicon {
        let mut lexicon = Lexicon {
            name,
            description,
            path: path.to_path_buf(),
            groups,
            conflicts: Vec::new(),
            notes: Vec::new(),
        };
        lexicon.conflicts = find_conflicts(&lexicon.groups);
        lexicon
    }

    /// Number of categories over all groups.
    pub fn category_count(&self) -> usize {
        self.groups.iter().map(|g| g.categories.len()).sum()
    }

    /// The languages of its terms, in order of first appearance.
    pub fn languages(&self) -> Vec<Language> {
        let mut out = Vec::new();
        let terms = self
            .groups
            .iter()
            .flat_map(|g| &g.categories)
            .flat_map(|c| &c.terms);
        for t in terms {
            if let Some(l) = t.settings.language {
                if !out.contains(&l) {
                    out.push(l);
                }
            }
        }
        out
    }

    /// Number of terms over all groups.
    pub fn term_count(&self) -> usize {
        self.groups
            .iter()
            .flat_map(|g| &g.categories)
            .map(|c| c.terms.len())
            .sum()
    }

    /// Deepest category nesting (1 for flat categories).
    pub fn depth(&self) -> usize {
        self.groups
            .iter()
            .flat_map(|g| &g.categories)
            .map(|c| c.id.split('/').count())
            .max()
            .unwrap_or(1)
    }

    /// The lexicon with nested categories rolled up to `level` path segments
    /// (`armed_opposition/terrorist/foreign_fighter` at level 2 counts as
    /// `armed_opposition/terrorist`). Category rules move onto the terms, so
    /// a rule still applies to exactly the terms it was written for.
    pub fn at_level(&self, level: usize) -> Lexicon {
        let level = level.max(1);
        let mut out = self.clone();
        for group in &mut out.groups {
            let mut merged: Vec<Category> = Vec::new();
            for cat in std::mem::take(&mut group.categories) {
                let id = cat.id.split('/').take(level).collect::<Vec<_>>().join("/");
                let terms = cat.terms.into_iter().map(|mut t| {
                    t.rules = cat.rules.merged_with(&t.rules);
                    t
                });
                match merged.iter_mut().find(|c| c.id == id) {
                    Some(existing) => {
                        for t in terms {
                            if !existing.terms.iter().any(|e| e.key() == t.key()) {
                                existing.terms.push(t);
                            }
                        }
                    }
                    None => merged.push(Category {
                        id,
                        terms: terms.collect(),
                        rules: Rules::default(),
                        line: cat.line,
                    }),
                }
            }
            group.categories = merged;
        }
        out.conflicts = find_conflicts(&out.groups);
        out
    }
}

/// The same term twice in one group: in one category always, in two
/// categories unless the group is `overlapping`.
fn find_conflicts(groups: &[Group]) -> Vec<Conflict> {
    let mut out = Vec::new();
    for group in groups {
        let mut seen: std::collections::HashMap<TermKey, (&str, usize)> =
            std::collections::HashMap::new();
        for cat in &group.categories {
            let mut own: std::collections::HashMap<TermKey, usize> =
                std::collections::HashMap::new();
            for term in &cat.terms {
                let key = term.key();
                let earlier = match own.insert(key, term.line) {
                    Some(line) => Some((cat.id.as_str(), line)),
                    None if group.overlapping => None,
                    None => seen.get(&key).copied(),
                };
                seen.entry(key).or_insert((&cat.id, term.line));
                if let Some((other, line)) = earlier {
                    out.push(Conflict {
                        group: group.id.clone(),
                        term: term.text.clone(),
                        first_category: other.to_string(),
                        first_line: line,
                        second_category: cat.id.clone(),
                        second_line: term.line,
                    });
                }
            }
        }
    }
    out
}

/// A group or category id: letters, digits, `_` and `-`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests;
