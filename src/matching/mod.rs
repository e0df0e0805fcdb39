//! Matching: finds every lexicon term in an article and counts its tokens.
//!
//! The candidate search ([`search`]) finds every occurrence of every term of
//! every group in the normalised, case-folded text, overlapping ones
//! included, in the order an overlapping Aho-Corasick search reports them: a
//! packed SIMD (Teddy) search for leftmost starts where aho-corasick builds
//! one (small lexicons), the overlapping automaton otherwise; both give the
//! same candidates. Each candidate is then checked ([`accept`]): word
//! boundaries at both ends (a wildcard term extends to the end of its word
//! instead; a leading `*` or the language's proclitics may come before it;
//! none lies inside a run of Chinese or Japanese characters), the Snowball
//! stem of the word for stemmed terms, and the spelling as written for
//! case-sensitive terms. An article is matched in one language
//! ([`languages`]): its text is normalised in it and only that language's
//! terms and the terms of no language are searched. Within each group the
//! surviving candidates are resolved leftmost-longest, so `Islamic State` is
//! not also `State`, a span of text counts once per group, and a shorter term
//! still counts where a longer one failed its word boundary (`new` in `new
//! yorker` when `new york` is also a term). Groups are independent questions:
//! the same span may count in two groups, except in a group marked
//! `overlapping`, where each category resolves on its own. Terms with context
//! rules (`exclude`, `near`, `not_near`) have their candidates filtered
//! before that resolution ([`context`]); a removed candidate is recorded, not
//! counted.
//! It knows nothing of corpora, counts, statistics or files.

mod accept;
mod context;
mod languages;
mod search;

pub use context::RuleInfo;

use crate::corpus::Article;
use crate::lexicon::{Language, Lexicon};
use crate::text::normalise::{normalise_str, Normalised};
use crate::text::profile::{normalise_str_with, normalise_with, Profile};
use accept::{Shape, Stemmers, Strict};
use languages::Slots;
use search::Search;

/// Index of a term in the lexicon, flattened over groups and categories.
pub type TermId = usize;

/// Where a term sits in the lexicon, and how to check a candidate for it.
#[derive(Debug, Clone, PartialEq)]
pub struct TermInfo {
    pub group: usize,
    /// Category index flattened over all groups (see [`Matcher::categories`]).
    pub category: usize,
    pub text: String,
    /// Weight of each match (1 unless the lexicon gives one).
    pub weight: f64,
    /// Line of the term in the lexicon file.
    pub line: usize,
    pub wildcard: bool,
    /// The term's language: it matches only in articles of that language
    /// (in a lexicon of one language, in every article not declared to be
    /// in another).
    pub language: Option<Language>,
    /// How a candidate is checked.
    shape: Shape,
}

/// A category, flattened: its group and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryInfo {
    pub group: usize,
    pub group_id: String,
    pub id: String,
}

/// One counted match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub term: TermId,
    pub category: usize,
    pub group: usize,
    /// Byte span in the original article text.
    pub start: usize,
    pub end: usize,
    /// Byte span in the normalised text (`ArticleMatches::normalised`).
    pub norm_start: usize,
    pub norm_end: usize,
}

/// A candidate a context rule removed: it would otherwise have competed
/// for a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub term: TermId,
    /// Index into [`Matcher::rules`].
    pub rule: usize,
    pub norm_start: usize,
    pub norm_end: usize,
}

/// The result of matching one article.
#[derive(Debug, Default)]
pub struct ArticleMatches {
    /// Token count of the article: the denominator of its rates.
    pub tokens: u64,
    /// Counted hits, ordered by group, then position.
    pub hits: Vec<Hit>,
    /// Candidates removed by context rules.
    pub removed: Vec<Removal>,
    pub normalised: Normalised,
    /// The language the article was matched as (declared, assumed or
    /// detected: [`Matcher::article_language`]); `None` when the lexicon
    /// has no language or the article is in none of its languages.
    pub language: Option<Language>,
}

impl ArticleMatches {
    /// The matched text in normalised, case-folded form (`terrorists`).
    pub fn form(&self, hit: &Hit) -> &str {
        &self.normalised.text[hit.norm_start..hit.norm_end]
    }

    /// Drops the normalised text but the matched forms (and the offset
    /// map): afterwards [`ArticleMatches::form`] still works, normalised
    /// offsets in `hits` point into the shortened text, and `removed`
    /// is emptied.
    pub fn keep_only_forms(&mut self) {
        let mut text =
            String::with_capacity(self.hits.iter().map(|h| h.norm_end - h.norm_start).sum());
        for hit in &mut self.hits {
            let start = text.len();
            text.push_str(&self.normalised.text[hit.norm_start..hit.norm_end]);
            (hit.norm_start, hit.norm_end) = (start, text.len());
        }
        self.normalised = Normalised::default();
        self.normalised.text = text;
        self.removed.clear();
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MatchError {
    #[error("cannot build the term automaton: {0}")]
    Build(#[from] aho_corasick::BuildError),
    #[error("{path}: the lexicon has terms in {count} languages; one lexicon may have at most {max}: split it")]
    TooManyLanguages {
        path: std::path::PathBuf,
        count: usize,
        max: usize,
    },
}

/// The compiled lexicon.
pub struct Matcher {
    search: Search,
    /// For each distinct search pattern, the terms that share it, each with
    /// the language slots ([`Slots`]) where the pattern is its form.
    by_pattern: Vec<Vec<(TermId, u64)>>,
    slots: Slots,
    stemmers: Stemmers,
    terms: Vec<TermInfo>,
    categories: Vec<CategoryInfo>,
    /// Resolution scope of each term: its group, or its category in an
    /// overlapping group.
    scope: Vec<usize>,
    scopes: usize,
    rules: Option<context::RuleEngine>,
}

struct Candidate {
    start: usize,
    end: usize,
    term: TermId,
}

impl Matcher {
    pub fn new(lexicon: &Lexicon) -> Result<Matcher, MatchError> {
        Matcher::build(lexicon, Search::new)
    }

    /// The matcher, with the candidate search `search` makes of the patterns
    /// (tests compare the two searches). Each term is searched in the form
    /// its language normalises it to; a term of no language in each form
    /// that the lexicon's languages give it (one, unless a language's steps
    /// change its letters), so memory and build time stay linear in the
    /// lexicon.
    fn build(
        lexicon: &Lexicon,
        search: impl FnOnce(&[String]) -> Result<Search, aho_corasick::BuildError>,
    ) -> Result<Matcher, MatchError> {
        let slots = Slots::new(lexicon)?;
        let mut stemmers = Stemmers::default();
        let mut terms = Vec::new();
        let mut categories = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut by_pattern: Vec<Vec<(TermId, u64)>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut scope = Vec::new();
        let mut scopes = 0;
        for (g, group) in lexicon.groups.iter().enumerate() {
            for cat in &group.categories {
                if group.overlapping || cat.id == group.categories[0].id {
                    scopes += 1;
                }
                let c = categories.len();
                categories.push(CategoryInfo {
                    group: g,
                    group_id: group.id.clone(),
                    id: cat.id.clone(),
                });
                for term in &cat.terms {
                    let id = terms.len();
                    let own = key_in(term, term.settings.profile());
                    let (shape, own_search) = Shape::new(term, &own, strict(term), &mut stemmers);
                    for (key, mask) in slots.keys(term) {
                        let search = if key == own {
                            own_search.clone()
                        } else {
                            Shape::new(term, &key, None, &mut stemmers).1
                        };
                        let p = *index.entry(search.clone()).or_insert_with(|| {
                            patterns.push(search);
                            by_pattern.push(Vec::new());
                            patterns.len() - 1
                        });
                        by_pattern[p].push((id, mask));
                    }
                    scope.push(scopes - 1);
                    terms.push(TermInfo {
                        group: g,
                        category: c,
                        text: term.text.clone(),
                        weight: term.weight,
                        line: term.line,
                        wildcard: term.wildcard,
                        language: term.settings.language,
                        shape,
                    });
                }
            }
        }
        Ok(Matcher {
            search: search(&patterns)?,
            by_pattern,
            slots,
            stemmers,
            terms,
            categories,
            scope,
            scopes,
            rules: context::RuleEngine::new(lexicon)?,
        })
    }

    /// The lexicon's context rules, in order (empty without rules).
    pub fn rules(&self) -> &[RuleInfo] {
        self.rules.as_ref().map_or(&[], |r| &r.rules)
    }

    pub fn terms(&self) -> &[TermInfo] {
        &self.terms
    }

    pub fn categories(&self) -> &[CategoryInfo] {
        &self.categories
    }

    /// The languages of the lexicon's terms, in order of first appearance.
    pub fn languages(&self) -> &[Language] {
        self.slots.languages()
    }

    /// The language an article is matched as: `declared` (from its
    /// metadata) when given; else, for a lexicon of one language whose
    /// every term has it, that language; else, for a lexicon with
    /// languages, the one detected in the text. `None` for a lexicon
    /// without languages.
    pub fn article_language(&self, text: &str, declared: Option<Language>) -> Option<Language> {
        self.slots.article_language(text, declared)
    }

    /// Finds the counted matches in one article of unknown language (see
    /// [`Matcher::article_language`]).
    pub fn find(&self, text: &str) -> ArticleMatches {
        self.find_in(text, None)
    }

    /// Finds the counted matches in an article, in the language of its
    /// `language` metadata when it has one.
    pub fn find_article(&self, article: &Article) -> ArticleMatches {
        self.find_in(&article.text, article.language())
    }

    /// Finds the counted matches in one article in language `declared`
    /// (`None`: unknown; see [`Matcher::article_language`]). Its text is
    /// normalised in that language when the lexicon has terms in it, and
    /// only those terms and the terms of no language are searched.
    pub fn find_in(&self, text: &str, declared: Option<Language>) -> ArticleMatches {
        let (slot, language) = self.slots.slot(text, declared);
        let profile = self.slots.profile(slot);
        let normalised = if profile.is_generic() {
            crate::text::normalise::normalise(text, true)
        } else {
            normalise_with(text, true, profile)
        };
        let norm = normalised.text.as_str();
        let bit = 1u64 << slot;
        let mut per_group: Vec<Vec<Candidate>> = (0..self.scopes).map(|_| Vec::new()).collect();
        let mut removed = Vec::new();
        let mut cx = None;
        for m in self.search.find(norm) {
            for &(term, mask) in &self.by_pattern[m.pattern] {
                if mask & bit == 0 {
                    continue;
                }
                let info = &self.terms[term];
                let found = (m.start, m.end);
                let Some((start, end)) =
                    info.shape.accept(&normalised, text, found, &self.stemmers)
                else {
                    continue;
                };
                if let Some(engine) = &self.rules {
                    if let Some(set) = engine.by_term[term] {
                        let cx = cx.get_or_insert_with(|| engine.scan(norm));
                        if let Some(rule) = engine.removed_by(set, cx, start, end) {
                            removed.push(Removal {
                                term,
                                rule,
                                norm_start: start,
                                norm_end: end,
                            });
                            continue;
                        }
                    }
                }
                per_group[self.scope[term]].push(Candidate { start, end, term });
            }
        }
        let mut hits = Vec::new();
        for mut cands in per_group {
            cands.sort_by(|a, b| {
                (a.start, std::cmp::Reverse(a.end), a.term).cmp(&(
                    b.start,
                    std::cmp::Reverse(b.end),
                    b.term,
                ))
            });
            let mut last_end = 0;
            for c in cands {
                if c.start < last_end {
                    continue;
                }
                last_end = c.end;
                let info = &self.terms[c.term];
                let (start, end) = normalised.original_span(text, c.start, c.end);
                hits.push(Hit {
                    term: c.term,
                    category: info.category,
                    group: info.group,
                    start,
                    end,
                    norm_start: c.start,
                    norm_end: c.end,
                });
            }
        }
        ArticleMatches {
            tokens: normalised.tokens,
            hits,
            removed,
            normalised,
            language,
        }
    }
}

/// The spelling a term's candidates must have as written: unfolded for a
/// case-sensitive term, with ة apart from ه for an Arabic term with
/// `ta_marbuta = false` (stemmed terms: neither).
fn strict(term: &crate::lexicon::Term) -> Option<Strict> {
    let settings = &term.settings;
    let keep_ta = settings.keep_ta_marbuta && settings.profile().ta_marbuta;
    if settings.stem || !(term.case_sensitive || keep_ta) {
        return None;
    }
    let profile = if keep_ta {
        settings.profile().without_ta_marbuta()
    } else {
        settings.profile()
    };
    let fold = !term.case_sensitive;
    let form = if profile.is_generic() {
        normalise_str(&term.pattern, fold).trim().to_string()
    } else {
        term.pattern_in(profile, fold)
    };
    Some(Strict {
        form,
        fold,
        profile,
    })
}

/// A term's search key in text normalised with `profile`.
pub(crate) fn key_in(term: &crate::lexicon::Term, profile: Profile) -> String {
    if term.settings.profile() == profile {
        if term.case_sensitive {
            let folded = if profile.is_generic() {
                normalise_str(&term.pattern, true)
            } else {
                normalise_str_with(&term.pattern, true, profile)
            };
            folded.trim().to_string()
        } else {
            term.pattern.clone()
        }
    } else {
        term.pattern_in(profile, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    pub(super) fn matcher(src: &str) -> Matcher {
        Matcher::new(&Lexicon::parse(src, Path::new("t.toml")).unwrap()).unwrap()
    }

    /// (category id, original matched text) for every hit.
    pub(super) fn hits(m: &Matcher, text: &str) -> Vec<(String, String)> {
        m.find(text)
            .hits
            .iter()
            .map(|h| {
                (
                    m.categories()[h.category].id.clone(),
                    text[h.start..h.end].to_string(),
                )
            })
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    const LEX: &str = r#"
[groups.isis.categories]
islamic_state = ["islamic state", { term = "IS", case_sensitive = true }]
isis = ["isis"]
state = ["state"]
[groups.armed.categories]
terrorist = ["terrorist*"]
insurgent = ["insurgents"]
[groups.places.categories]
new_york = ["new york"]
new = ["new"]
"#;

    #[test]
    fn phrase_matches_across_line_breaks_and_longest_wins() {
        let m = matcher(LEX);
        assert_eq!(
            hits(&m, "the Islamic\n   State and the state"),
            pairs(&[("islamic_state", "Islamic\n   State"), ("state", "state")])
        );
    }

    #[test]
    fn word_boundaries_are_enforced() {
        let m = matcher(LEX);
        assert!(hits(&m, "the crisis in Ukraine").is_empty());
        assert!(hits(&m, "statehood, misstated").is_empty());
    }

    #[test]
    fn hyphenated_compounds_and_possessives() {
        let m = matcher(LEX);
        assert_eq!(
            hits(
                &m,
                "anti-Damascus terrorists and anti-government insurgents; ISIS’s men"
            ),
            pairs(&[
                ("isis", "ISIS"),
                ("terrorist", "terrorists"),
                ("insurgent", "insurgents")
            ])
        );
    }

    #[test]
    fn wildcard_extends_to_end_of_word() {
        let m = matcher(LEX);
        assert_eq!(
            hits(
                &m,
                "Terrorist, terrorists and terroristic; counterterrorists."
            ),
            pairs(&[
                ("terrorist", "Terrorist"),
                ("terrorist", "terrorists"),
                ("terrorist", "terroristic")
            ])
        );
    }

    #[test]
    fn case_sensitive_term_only_matches_as_written() {
        let m = matcher(LEX);
        assert_eq!(
            hits(&m, "IS fighters. It is what is. Is it?"),
            pairs(&[("islamic_state", "IS")])
        );
    }

    #[test]
    fn shorter_term_found_where_longer_fails_its_boundary() {
        let m = matcher(LEX);
        assert_eq!(
            hits(&m, "a New Yorker in New York"),
            pairs(&[("new", "New"), ("new_york", "New York")])
        );
    }

    #[test]
    fn typographic_variants_agree() {
        let m = matcher("[groups.g.categories]\nx = [\"moscow's\", \"al-assad\"]\n");
        assert_eq!(hits(&m, "Moscow’s and Moscow's, Bashar al‑Assad").len(), 3);
    }

    #[test]
    fn same_span_counts_in_each_group_once() {
        let m = matcher("[groups.a.categories]\nx = [\"damascus\"]\n[groups.b.categories]\ny = [\"damascus\"]\n");
        let found = m.find("Damascus");
        assert_eq!(found.hits.len(), 2);
        assert_ne!(found.hits[0].group, found.hits[1].group);
    }

    #[test]
    fn keeping_only_the_forms_keeps_every_form_and_count() {
        let m = matcher(LEX);
        let mut r = m.find("TERRORISTS attacked New York; the Islamic\n State and ISIS’s men.");
        let before: Vec<(usize, String, usize, usize)> = r
            .hits
            .iter()
            .map(|h| (h.category, r.form(h).to_string(), h.start, h.end))
            .collect();
        let tokens = r.tokens;
        r.keep_only_forms();
        let after: Vec<(usize, String, usize, usize)> = r
            .hits
            .iter()
            .map(|h| (h.category, r.form(h).to_string(), h.start, h.end))
            .collect();
        assert_eq!(before.len(), 4);
        assert_eq!(after, before);
        assert_eq!(r.tokens, tokens);
        // Hits are ordered by group (isis, armed, places), then position.
        assert_eq!(r.normalised.text, "islamic stateisisterroristsnew york");
    }

    /// Terms that overlap in every way the text can: one inside another
    /// (`islamic state` / `state`), prefixes (`rebel` / `rebels`, `new` /
    /// `new york` / `new yorker`), suffixes (`isis` / `is`), wildcards,
    /// case-sensitive terms and context rules.
    const OVERLAPS: &str = r#"
[groups.isis.categories]
islamic_state = ["islamic state", { term = "IS", case_sensitive = true }, "daesh"]
isis = ["isis", "is"]
state = ["state", "states"]
[groups.armed.categories]
rebel = [{ term = "rebel*", exclude = ["rebellion*"] }]
terror = { terms = ["terror*", "terrorists"], exclude = ["war on terror"] }
regime = { terms = ["regime"], near = { words = ["assad", "syria*"], window = 3 } }
[groups.places.categories]
new_york = ["new york", "new yorker"]
new = ["new"]
york = ["york*", "ork"]
us = [{ term = "U.S.", case_sensitive = true }, "us", "naïve"]
[groups.loose]
overlapping = true
[groups.loose.categories]
a = ["rebels", "islamic", "state", "war"]
b = ["rebel", "islamic state", "al-assad", "assad"]
"#;

    const WORDS: &[&str] = &[
        "islamic",
        "Islamic",
        "State",
        "state",
        "states",
        "IS",
        "is",
        "isis",
        "ISIS",
        "crisis",
        "Daesh",
        "rebel",
        "Rebels",
        "rebellion",
        "terror",
        "terrorists",
        "war",
        "on",
        "regime",
        "Assad",
        "al-Assad",
        "Syrian",
        "new",
        "New",
        "York",
        "yorker",
        "US",
        "U.S.",
        "us",
        "s",
        "naïve",
        "NAÏVE",
        "the",
        "isl",
        "amic",
        "sta",
        "te",
        "reb",
        "el",
        "ork",
        "y",
        "1984",
    ];
    const SEPS: &[&str] = &[
        " ", " ", "", "-", ", ", ". ", "'", "\u{2019}", "\n", "\u{a0}", " (", ")", "/", "s ",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// The packed search finds exactly the overlapping automaton's
        /// occurrences, in its order, so hits and removed candidates agree.
        #[test]
        fn packed_search_equals_the_overlapping_automaton(
            parts in proptest::collection::vec((0..WORDS.len(), 0..SEPS.len()), 0..60),
            min_len in 1usize..5,
        ) {
            let lexicon = Lexicon::parse(OVERLAPS, Path::new("t.toml")).unwrap();
            let packed = |p: &[String]| Search::packed(p, min_len).map_or_else(|| Search::overlapping(p), Ok);
            let fast = Matcher::build(&lexicon, packed).unwrap();
            let slow = Matcher::build(&lexicon, Search::overlapping).unwrap();
            let text: String = parts.iter().map(|&(w, s)| [WORDS[w], SEPS[s]].concat()).collect();
            let (a, b) = (fast.find(&text), slow.find(&text));
            proptest::prop_assert_eq!(
                fast.search.find(&a.normalised.text).collect::<Vec<_>>(),
                slow.search.find(&b.normalised.text).collect::<Vec<_>>()
            );
            proptest::prop_assert_eq!(a.hits, b.hits);
            proptest::prop_assert_eq!(a.removed, b.removed);
            proptest::prop_assert_eq!(a.tokens, b.tokens);
        }
    }

    /// The comparison above is not vacuous where Teddy is there.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn the_test_lexicon_gets_the_packed_search_when_asked() {
        if std::arch::is_x86_feature_detected!("ssse3") {
            let lexicon = Lexicon::parse(OVERLAPS, Path::new("t.toml")).unwrap();
            let m = Matcher::build(&lexicon, |p| Ok(Search::packed(p, 1).unwrap())).unwrap();
            assert!(matches!(m.search, Search::Packed { .. }));
        }
    }

    #[test]
    fn tokens_and_forms() {
        let m = matcher(LEX);
        let r = m.find("TERRORISTS attacked New York.");
        assert_eq!(r.tokens, 4);
        assert_eq!(r.form(&r.hits[0]), "terrorists");
    }
}

#[cfg(test)]
mod rules_tests;

#[cfg(test)]
mod language_tests;
