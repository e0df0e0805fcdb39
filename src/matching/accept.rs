//! Whether an occurrence of a term's search pattern in the normalised text
//! is a match of the term, and which span it covers: word boundaries (no
//! boundary inside a run of Chinese or Japanese characters), a leading or
//! trailing `*`, the language's proclitics before the term (`و`, `لل`...),
//! Snowball stems, and the spelling as written for case-sensitive terms and
//! Arabic terms that keep ة apart from ه.

use crate::lexicon::{Clitics, Term};
use crate::text::normalise::{is_char_token, is_word_char, joins, normalise_str, Normalised};
use crate::text::profile::{normalise_str_with, Profile};
use rust_stemmers::{Algorithm, Stemmer};

/// What may come before the pattern in its word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Left {
    /// Nothing: the pattern begins a word.
    Word,
    /// The language's proclitics; the match starts at the word's start.
    Clitics(Clitics),
    /// Anything (`*ist`, or a stem found inside a word); the match starts
    /// at the word's start.
    Any,
}

/// A stemmed term: each word's stem and the separator before it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Stem {
    /// Index into the matcher's stemmers.
    pub stemmer: usize,
    /// (text between the previous word and this one, this word's stem).
    pub words: Vec<(String, String)>,
}

/// The spelling a candidate must have when normalised more strictly.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Strict {
    pub form: String,
    pub fold: bool,
    pub profile: Profile,
}

/// How a candidate of one term is checked.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Shape {
    pub left: Left,
    pub wildcard: bool,
    pub stem: Option<Stem>,
    pub strict: Option<Strict>,
}

/// The stemmers a lexicon's terms use, one per algorithm.
#[derive(Default)]
pub(super) struct Stemmers {
    algorithms: Vec<Algorithm>,
    stemmers: Vec<Stemmer>,
}

impl Stemmers {
    fn index(&mut self, algorithm: Algorithm) -> usize {
        match self.algorithms.iter().position(|&a| a == algorithm) {
            Some(i) => i,
            None => {
                self.algorithms.push(algorithm);
                self.stemmers.push(Stemmer::create(algorithm));
                self.stemmers.len() - 1
            }
        }
    }

    fn stem<'a>(&self, stemmer: usize, word: &'a str) -> std::borrow::Cow<'a, str> {
        self.stemmers[stemmer].stem(word)
    }
}

/// The words of a normalised phrase: (separator before, word).
fn words(pattern: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while !rest.is_empty() {
        let start = rest.find(is_word_char).unwrap_or(rest.len());
        let after = &rest[start..];
        let end = word_len(after);
        if end == 0 {
            break;
        }
        out.push((&rest[..start], &after[..end]));
        rest = &after[end..];
    }
    out
}

/// Bytes of the word at the start of `s` (letters that join).
fn word_len(s: &str) -> usize {
    let mut chars = s.char_indices();
    let Some((_, mut last)) = chars.next() else {
        return 0;
    };
    if !is_word_char(last) {
        return 0;
    }
    for (i, c) in chars {
        if !joins(last, c) {
            return i;
        }
        last = c;
    }
    s.len()
}

/// The start of the word that `pos` is inside of (or `pos`).
fn word_start(norm: &str, pos: usize) -> usize {
    let mut start = pos;
    let Some(mut next) = norm[pos..].chars().next() else {
        return pos;
    };
    while let Some(prev) = norm[..start].chars().next_back() {
        if !joins(prev, next) {
            break;
        }
        start -= prev.len_utf8();
        next = prev;
    }
    start
}

impl Shape {
    /// The shape of `term`, its search pattern (`key`, normalised as the
    /// text is) and the strict spelling `strict` if it has one.
    pub fn new(
        term: &Term,
        key: &str,
        strict: Option<Strict>,
        stemmers: &mut Stemmers,
    ) -> (Shape, String) {
        let clitics = term.settings.clitics;
        let mut left = match (term.leading_wildcard, clitics) {
            (true, _) => Left::Any,
            (false, Some(c)) => Left::Clitics(c),
            (false, None) => Left::Word,
        };
        let mut search = key.to_string();
        let algorithm = term.settings.language.and_then(|l| l.stemmer());
        let stem = match algorithm.filter(|_| term.settings.stem) {
            Some(algorithm) => {
                let index = stemmers.index(algorithm);
                let ws = words(key);
                let stems: Vec<(String, String)> = ws
                    .iter()
                    .map(|(sep, w)| (sep.to_string(), stemmers.stem(index, w).into_owned()))
                    .collect();
                // Searched: the longest start of the first stem that the
                // first word contains (`happi` -> `happ` in `happy`).
                if let (Some((_, first)), Some((_, stem))) = (ws.first(), stems.first()) {
                    let found = (1..=stem.len())
                        .rev()
                        .filter(|&n| stem.is_char_boundary(n))
                        .find(|&n| first.contains(&stem[..n]));
                    if let Some(n) = found {
                        search = stem[..n].to_string();
                        if !first.starts_with(&search) {
                            left = Left::Any;
                        }
                    } else {
                        search = first.to_string();
                    }
                }
                Some(Stem {
                    stemmer: index,
                    words: stems,
                })
            }
            None => None,
        };
        let shape = Shape {
            left,
            wildcard: term.wildcard,
            stem,
            strict,
        };
        (shape, search)
    }

    /// The span of a match of the term for an occurrence of its search
    /// pattern at `start..end` of the normalised text, or `None`.
    /// `original` is the text as written.
    pub fn accept(
        &self,
        normalised: &Normalised,
        original: &str,
        (start, end): (usize, usize),
        stemmers: &Stemmers,
    ) -> Option<(usize, usize)> {
        let norm = normalised.text.as_str();
        let first = norm[start..].chars().next();
        let joined = match (norm[..start].chars().next_back(), first) {
            (Some(p), Some(f)) => joins(p, f),
            _ => false,
        };
        let begin = match (joined, self.left) {
            (false, _) => start,
            (true, Left::Word) => return None,
            (true, Left::Any) => word_start(norm, start),
            (true, Left::Clitics(c)) => {
                let w = word_start(norm, start);
                if !c.allows(&norm[w..start]) {
                    return None;
                }
                w
            }
        };
        let finish = match &self.stem {
            Some(stem) => {
                let core = if self.left == Left::Any { begin } else { start };
                self.stemmed_end(norm, core, stem, stemmers)?
            }
            None if self.wildcard => {
                let last = norm[..end].chars().next_back();
                if last.is_some_and(is_char_token) {
                    end
                } else {
                    end + norm[end..]
                        .char_indices()
                        .find(|&(_, c)| !is_word_char(c) || is_char_token(c))
                        .map_or(norm.len() - end, |(i, _)| i)
                }
            }
            None => {
                let last = norm[..end].chars().next_back();
                let next = norm[end..].chars().next();
                if let (Some(l), Some(n)) = (last, next) {
                    if joins(l, n) {
                        return None;
                    }
                }
                end
            }
        };
        if let Some(strict) = &self.strict {
            let (s, e) = normalised.original_span(original, start, end);
            if strict.normalise(&original[s..e]).trim() != strict.form {
                return None;
            }
        }
        Some((begin, finish))
    }

    /// The end of the words from `core` on whose stems are the term's.
    fn stemmed_end(
        &self,
        norm: &str,
        core: usize,
        stem: &Stem,
        stemmers: &Stemmers,
    ) -> Option<usize> {
        let mut pos = core;
        for (k, (sep, want)) in stem.words.iter().enumerate() {
            if k > 0 {
                pos += norm[pos..].starts_with(sep.as_str()).then_some(sep.len())?;
            }
            let len = word_len(&norm[pos..]);
            if len == 0 || stemmers.stem(stem.stemmer, &norm[pos..pos + len]) != want.as_str() {
                return None;
            }
            pos += len;
        }
        Some(pos)
    }
}

impl Strict {
    /// The text as written at a candidate, normalised as this spelling is.
    pub fn normalise(&self, written: &str) -> String {
        if self.profile.is_generic() {
            normalise_str(written, self.fold)
        } else {
            normalise_str_with(written, self.fold, self.profile)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_their_separators() {
        assert_eq!(
            words("вооруженная оппозиция"),
            [("", "вооруженная"), (" ", "оппозиция")]
        );
        assert_eq!(words("anti-terrorist"), [("", "anti"), ("-", "terrorist")]);
        assert_eq!(words("国家"), [("", "国"), ("", "家")]);
    }

    #[test]
    fn word_starts_stop_at_boundaries() {
        let s = "и والمعارضه 国家";
        let w = s.find("معارضه").unwrap();
        assert_eq!(&s[word_start(s, w)..w], "وال");
        let k = s.find('家').unwrap();
        assert_eq!(word_start(s, k), k);
    }
}
