//! Languages at match time: each language of the lexicon is a slot (one
//! more for articles in none of them), with the normalisation its text
//! gets; each search pattern carries a bitmask of the slots where it is a
//! term's form. An article's slot comes from its declared language, else
//! the lexicon's one language, else detection.

use super::{key_in, MatchError};
use crate::lexicon::{Language, Lexicon, Term};
use crate::text::profile::Profile;

/// Slots fit in a `u64` mask, the last one for articles in no language of
/// the lexicon.
const MAX_LANGUAGES: usize = 63;

pub(super) struct Slots {
    languages: Vec<Language>,
    /// Per slot: how the text of its articles is normalised (the last,
    /// for other articles, with no language steps).
    profiles: Vec<Profile>,
    /// One language and every term in it: an article of unknown language
    /// is taken to be in it (no detection).
    assume: bool,
}

impl Slots {
    pub fn new(lexicon: &Lexicon) -> Result<Slots, MatchError> {
        let languages = lexicon.languages();
        if languages.len() > MAX_LANGUAGES {
            return Err(MatchError::TooManyLanguages {
                path: lexicon.path.clone(),
                count: languages.len(),
                max: MAX_LANGUAGES,
            });
        }
        let every_term_has_one = lexicon
            .groups
            .iter()
            .flat_map(|g| &g.categories)
            .flat_map(|c| &c.terms)
            .all(|t| t.settings.language.is_some());
        let mut profiles: Vec<Profile> = languages.iter().map(|&l| Profile::of(Some(l))).collect();
        profiles.push(Profile::GENERIC);
        Ok(Slots {
            assume: languages.len() == 1 && every_term_has_one,
            languages,
            profiles,
        })
    }

    pub fn languages(&self) -> &[Language] {
        &self.languages
    }

    pub fn profile(&self, slot: usize) -> Profile {
        self.profiles.get(slot).copied().unwrap_or(Profile::GENERIC)
    }

    /// The slot of articles in no language of the lexicon.
    fn other(&self) -> usize {
        self.languages.len()
    }

    /// See [`super::Matcher::article_language`].
    pub fn article_language(&self, text: &str, declared: Option<Language>) -> Option<Language> {
        if self.languages.is_empty() {
            return None;
        }
        match declared {
            Some(l) => Some(l),
            None if self.assume => self.languages.first().copied(),
            None => crate::text::language::detect(text),
        }
    }

    /// The slot an article is matched in, and its language.
    pub fn slot(&self, text: &str, declared: Option<Language>) -> (usize, Option<Language>) {
        let language = self.article_language(text, declared);
        let slot = language
            .and_then(|l| self.languages.iter().position(|&m| m == l))
            .unwrap_or_else(|| self.other());
        (slot, language)
    }

    /// A term's search keys, each with the slots where it applies: its own
    /// language's slot; for a term of no language every slot, grouped by
    /// the form each slot's normalisation gives it.
    pub fn keys(&self, term: &Term) -> Vec<(String, u64)> {
        if let Some(l) = term.settings.language {
            let slot = self
                .languages
                .iter()
                .position(|&m| m == l)
                .unwrap_or(self.other());
            return vec![(key_in(term, term.settings.profile()), 1 << slot)];
        }
        let mut out: Vec<(String, u64)> = Vec::new();
        for slot in std::iter::once(self.other()).chain(0..self.other()) {
            let key = key_in(term, self.profile(slot));
            match out.iter_mut().find(|(k, _)| *k == key) {
                Some((_, mask)) => *mask |= 1 << slot,
                None => out.push((key, 1 << slot)),
            }
        }
        out
    }
}
