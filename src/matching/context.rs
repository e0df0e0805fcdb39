//! Context rules at match time: `exclude` phrases and NEAR / NOT-NEAR
//! windows. Every rule word or phrase of the lexicon goes into one second
//! automaton, run over an article only when a candidate of a term with rules
//! was found, so lexicons without rules pay nothing. A candidate removed by a
//! rule is recorded with the rule that removed it (`lexicon check` counts
//! them); it never takes part in the longest-match resolution.

use crate::lexicon::{Clitics, Lexicon, Pattern, Rules};
use crate::text::normalise::{is_char_token, is_word_char, joins, token_starts};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// One rule of the lexicon, for reporting how many matches it removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// `armed_groups.terrorist: exclude "war on terror"`.
    pub label: String,
}

#[derive(Debug, Clone)]
struct Window {
    rule: usize,
    patterns: Vec<usize>,
    window: usize,
}

/// The compiled rules of one term.
#[derive(Debug, Clone, Default)]
struct RuleSet {
    exclude: Vec<(usize, usize)>,
    near: Option<Window>,
    not_near: Option<Window>,
}

/// All rules of a lexicon, compiled.
/// A rule word or phrase as searched: pattern, `*` at its end and start,
/// the proclitics allowed before it.
type RuleWord = (String, bool, bool, Option<Clitics>);

pub(super) struct RuleEngine {
    automaton: AhoCorasick,
    /// Per automaton pattern.
    patterns: Vec<RuleWord>,
    sets: Vec<RuleSet>,
    /// For each flattened term, its rule set, if any.
    pub(super) by_term: Vec<Option<usize>>,
    pub(super) rules: Vec<RuleInfo>,
}

/// Rule-word occurrences and token starts of one article, found once.
pub(super) struct ArticleContext {
    /// (pattern, start, end) in normalised text.
    occurrences: Vec<(usize, usize, usize)>,
    token_starts: Vec<usize>,
}

impl RuleEngine {
    /// `None` when the lexicon has no rules.
    pub(super) fn new(lexicon: &Lexicon) -> Result<Option<RuleEngine>, aho_corasick::BuildError> {
        let mut engine = Builder::default();
        let mut by_term = Vec::new();
        let mut sets = Vec::new();
        for group in &lexicon.groups {
            for cat in &group.categories {
                // A category's rules are one rule each, counted over its terms.
                let shared = engine.set(&format!("{}.{}", group.id, cat.id), &cat.rules);
                for term in &cat.terms {
                    if cat.rules.is_empty() && term.rules.is_empty() {
                        by_term.push(None);
                        continue;
                    }
                    let owner = format!("{}.{} `{}`", group.id, cat.id, term.text);
                    let own = engine.set(&owner, &term.rules);
                    sets.push(RuleSet {
                        exclude: shared.exclude.iter().chain(&own.exclude).copied().collect(),
                        near: own.near.or_else(|| shared.near.clone()),
                        not_near: own.not_near.or_else(|| shared.not_near.clone()),
                    });
                    by_term.push(Some(sets.len() - 1));
                }
            }
        }
        if sets.is_empty() {
            return Ok(None);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(engine.patterns.iter().map(|(p, ..)| p))?;
        Ok(Some(RuleEngine {
            automaton,
            patterns: engine.patterns,
            sets,
            by_term,
            rules: engine.rules,
        }))
    }

    /// Finds every rule word in a normalised, case-folded article.
    pub(super) fn scan(&self, norm: &str) -> ArticleContext {
        let mut occurrences = Vec::new();
        for m in self.automaton.find_overlapping_iter(norm) {
            let (_, wildcard, leading, clitics) = &self.patterns[m.pattern().as_usize()];
            let shape = RuleShape {
                wildcard: *wildcard,
                leading: *leading,
                clitics: *clitics,
            };
            if let Some((start, end)) = word_bounded(norm, m.start(), m.end(), shape) {
                occurrences.push((m.pattern().as_usize(), start, end));
            }
        }
        ArticleContext {
            occurrences,
            token_starts: token_starts(norm),
        }
    }

    /// The rule that removes a candidate of rule set `set` at `start..end`,
    /// if any: exclusions first, then NOT-NEAR, then NEAR.
    pub(super) fn removed_by(
        &self,
        set: usize,
        cx: &ArticleContext,
        start: usize,
        end: usize,
    ) -> Option<usize> {
        let set = &self.sets[set];
        for &(rule, pat) in &set.exclude {
            let inside = cx
                .occurrences
                .iter()
                .any(|&(p, s, e)| p == pat && s <= start && e >= end);
            if inside {
                return Some(rule);
            }
        }
        if let Some(w) = &set.not_near {
            if cx.near(w, start, end) {
                return Some(w.rule);
            }
        }
        if let Some(w) = &set.near {
            if !cx.near(w, start, end) {
                return Some(w.rule);
            }
        }
        None
    }
}

impl ArticleContext {
    fn token_of(&self, pos: usize) -> usize {
        self.token_starts
            .partition_point(|&s| s <= pos)
            .saturating_sub(1)
    }

    fn last_token(&self, end: usize) -> usize {
        self.token_starts
            .partition_point(|&s| s < end)
            .saturating_sub(1)
    }

    /// True when one of the window's words lies within `window` words of the
    /// span (overlapping counts as distance 0).
    fn near(&self, w: &Window, start: usize, end: usize) -> bool {
        let (first, last) = (self.token_of(start), self.last_token(end));
        self.occurrences.iter().any(|&(p, s, e)| {
            if !w.patterns.contains(&p) {
                return false;
            }
            let (of, ol) = (self.token_of(s), self.last_token(e));
            let distance = if ol < first {
                first - ol
            } else {
                of.saturating_sub(last)
            };
            distance <= w.window
        })
    }
}

#[derive(Default)]
struct Builder {
    patterns: Vec<RuleWord>,
    index: HashMap<RuleWord, usize>,
    rules: Vec<RuleInfo>,
}

impl Builder {
    fn pattern(&mut self, p: &Pattern) -> usize {
        let key = (p.pattern.clone(), p.wildcard, p.leading_wildcard, p.clitics);
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        self.patterns.push(key.clone());
        self.index.insert(key, self.patterns.len() - 1);
        self.patterns.len() - 1
    }

    fn rule(&mut self, label: String) -> usize {
        self.rules.push(RuleInfo { label });
        self.rules.len() - 1
    }

    fn window(&mut self, owner: &str, kind: &str, c: &crate::lexicon::Context) -> Window {
        let words: Vec<&str> = c.words.iter().map(|w| w.text.as_str()).collect();
        let rule = self.rule(format!(
            "{owner}: {kind} {} within {}",
            words.join("|"),
            c.window
        ));
        Window {
            rule,
            patterns: c.words.iter().map(|w| self.pattern(w)).collect(),
            window: c.window,
        }
    }

    fn set(&mut self, owner: &str, rules: &Rules) -> RuleSet {
        let exclude = rules
            .exclude
            .iter()
            .map(|p| {
                let rule = self.rule(format!("{owner}: exclude \"{}\"", p.text));
                (rule, self.pattern(p))
            })
            .collect();
        RuleSet {
            exclude,
            near: rules.near.as_ref().map(|c| self.window(owner, "near", c)),
            not_near: rules
                .not_near
                .as_ref()
                .map(|c| self.window(owner, "not near", c)),
        }
    }
}

/// How a rule word may sit in a word.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct RuleShape {
    pub wildcard: bool,
    pub leading: bool,
    pub clitics: Option<Clitics>,
}

/// The span of a whole-word occurrence at `start..end` (from the start of
/// its word when a leading `*` or proclitics come before it; to the end of
/// its word for a trailing `*`), or `None` when it is inside a longer word.
pub(super) fn word_bounded(
    norm: &str,
    start: usize,
    end: usize,
    shape: RuleShape,
) -> Option<(usize, usize)> {
    let mut begin = start;
    if let (Some(p), Some(f)) = (
        norm[..start].chars().next_back(),
        norm[start..].chars().next(),
    ) {
        if joins(p, f) {
            while let Some(p) = norm[..begin].chars().next_back() {
                let next = norm[begin..].chars().next()?;
                if !joins(p, next) {
                    break;
                }
                begin -= p.len_utf8();
            }
            let allowed =
                shape.leading || shape.clitics.is_some_and(|c| c.allows(&norm[begin..start]));
            if !allowed {
                return None;
            }
        }
    }
    let last = norm[..end].chars().next_back();
    if shape.wildcard {
        if last.is_some_and(is_char_token) {
            return Some((begin, end));
        }
        let rest = norm[end..]
            .char_indices()
            .find(|&(_, c)| !is_word_char(c) || is_char_token(c))
            .map_or(norm.len() - end, |(i, _)| i);
        return Some((begin, end + rest));
    }
    if let (Some(l), Some(n)) = (last, norm[end..].chars().next()) {
        if joins(l, n) {
            return None;
        }
    }
    Some((begin, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_words_need_word_boundaries() {
        let plain = RuleShape::default();
        let wild = RuleShape {
            wildcard: true,
            ..plain
        };
        assert_eq!(word_bounded("the anti war", 4, 8, plain), Some((4, 8)));
        assert_eq!(word_bounded("the antique", 4, 8, plain), None);
        assert_eq!(word_bounded("the antique", 4, 8, wild), Some((4, 11)));
        let arabic = RuleShape {
            clitics: Some(Clitics::Arabic),
            ..plain
        };
        let s = "قال والحرب علي";
        let at = s.find("حرب").unwrap();
        let end = at + "حرب".len();
        assert_eq!(
            word_bounded(s, at, end, arabic),
            Some((at - "وال".len(), end))
        );
        assert_eq!(word_bounded(s, at, end, plain), None);
        let leading = RuleShape {
            leading: true,
            ..plain
        };
        assert_eq!(word_bounded("counterterror", 7, 13, leading), Some((0, 13)));
    }

    #[test]
    fn token_starts_follow_count_tokens() {
        let t = "don't stop, anti-damascus u.s. 42";
        assert_eq!(
            token_starts(t).len() as u64,
            crate::text::normalise::count_tokens(t)
        );
        assert_eq!(token_starts("ab cd"), vec![0, 3]);
    }
}
