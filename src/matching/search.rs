//! Candidate search: every occurrence of every lexicon pattern in the
//! normalised text, overlapping ones included (`islamic state` and `state`,
//! `rebel` and `rebels`), in the order an overlapping Aho-Corasick search
//! reports them: by end, then by start.
//!
//! Two searches give the same occurrences; which one runs changes only the
//! speed. An overlapping search with `MatchKind::Standard` gets no SIMD
//! prefilter from aho-corasick, so it steps its DFA one byte at a time.
//! A packed (Teddy, SIMD) search is used instead where it is faster: a
//! leftmost search from `at` returns the smallest start where some pattern
//! occurs, skipping many bytes per step; every pattern that begins with the
//! byte there is checked with `starts_with`, and the search resumes one byte
//! further. Patterns shorter than [`PACKED_MIN_LEN`] bytes (`is` from a
//! case-sensitive `IS`) occur so often that restarting Teddy at each costs
//! more than the automaton: they are searched on their own with `memmem`
//! instead, at most [`MAX_SHORT`] of them. Teddy only finds starts, so a
//! pattern that begins with another (`rebels`, `rebel`) is left out of it
//! and found by the `starts_with` check where the other starts. The rule,
//! then: the packed search when at most [`MAX_SHORT`] patterns are short
//! and aho-corasick agrees to build Teddy for the others that begin with
//! no other (at most 64 of them, SSSE3 or AVX2 on x86-64, NEON on
//! aarch64); else the automaton, as for a LIWC-style dictionary with
//! thousands of terms.

use crate::text::automaton::linear_automaton;
use aho_corasick::packed::{self, MatchKind as PackedKind};
use aho_corasick::{AhoCorasick, BuildError, FindOverlappingIter, Span, StartKind};
use memchr::memmem;

/// One occurrence of a pattern: byte span in the searched text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Occurrence {
    pub start: usize,
    pub end: usize,
    /// Index of the pattern, in the order given to [`Search::new`].
    pub pattern: usize,
}

/// The shortest pattern, in bytes, that Teddy searches when chosen.
/// Teddy's fingerprint is the first `min(4, shortest)` bytes of each
/// pattern; with a shorter one (`is`, `war`) candidates in news text are so
/// frequent that restarting the packed search at each costs more than the
/// automaton's byte-at-a-time walk (100 MB of news, one thread, user CPU,
/// everything in Teddy: `lexicons/syria.toml` with `IS` 0.55 s automaton vs
/// 0.84 s packed; 32 words of 3 to 12 letters 0.49 vs 0.53 s; 32 words of 5
/// or more letters 0.46 vs 0.37 s; `bench/framing.toml` 0.52 vs 0.43 s).
pub(super) const PACKED_MIN_LEN: usize = 4;

/// At most this many shorter patterns are searched on their own, one
/// `memmem` pass each (100 MB of news, one thread, user CPU, automaton vs
/// packed: `syria.toml`, `is` alone, 0.42 vs 0.29 s; `bench/framing.toml`
/// plus `i` 0.58 vs 0.47 s, plus `we us our is` 0.48 vs 0.41 s, plus eight
/// pronouns, `i` included, 0.66 vs 0.76 s).
const MAX_SHORT: usize = 4;

/// The most patterns a Teddy searcher takes.
const TEDDY_MAX: usize = 64;

pub(super) enum Search {
    /// The automaton, and how many padding patterns ([`linear_automaton`]) come before the
    /// lexicon's in it.
    Overlapping(AhoCorasick, usize),
    Packed {
        searcher: packed::Searcher,
        patterns: Vec<Vec<u8>>,
        /// For each first byte, the patterns in `searcher` that begin with it.
        by_first_byte: Vec<Vec<usize>>,
        /// Patterns too short for `searcher`, each with its own finder.
        short: Vec<(memmem::Finder<'static>, usize)>,
    },
}

impl Search {
    /// A search for `patterns`, which must be distinct: the packed one where
    /// it is faster (every pattern at least [`PACKED_MIN_LEN`] bytes long,
    /// and Teddy takes them), else the overlapping automaton.
    pub fn new(patterns: &[String]) -> Result<Search, BuildError> {
        if patterns.iter().filter(|p| p.len() < PACKED_MIN_LEN).count() <= MAX_SHORT {
            if let Some(search) = Search::packed(patterns, PACKED_MIN_LEN) {
                return Ok(search);
            }
        }
        Search::overlapping(patterns)
    }

    /// The overlapping automaton.
    pub fn overlapping(patterns: &[String]) -> Result<Search, BuildError> {
        let (automaton, padding) = linear_automaton(patterns, StartKind::Unanchored)?;
        Ok(Search::Overlapping(automaton, padding))
    }

    /// The packed search, where Teddy takes the patterns of `min_len` bytes
    /// or more; each shorter one is searched on its own with `memmem`.
    pub fn packed(patterns: &[String], min_len: usize) -> Option<Search> {
        if patterns.iter().any(|p| p.is_empty()) {
            return None;
        }
        let (long, short): (Vec<_>, Vec<_>) =
            (0..patterns.len()).partition(|&i| patterns[i].len() >= min_len);
        // Each distinct first `min_len` bytes has at least one pattern that
        // begins with no other: more of them than Teddy takes, and the
        // prefix check below (quadratic in a pattern's length) is not worth
        // running.
        let heads: std::collections::HashSet<&[u8]> = long
            .iter()
            .map(|&i| &patterns[i].as_bytes()[..min_len])
            .collect();
        if heads.len() > TEDDY_MAX {
            return None;
        }
        // Only the starts matter to Teddy: a pattern that begins with
        // another (`rebels`, `rebel`) starts wherever that one does, so it
        // is left to the `starts_with` check (fewer patterns, fewer false
        // candidates).
        let set: std::collections::HashSet<&[u8]> =
            long.iter().map(|&i| patterns[i].as_bytes()).collect();
        let starts = long.iter().filter(|&&i| {
            let p = patterns[i].as_bytes();
            !(min_len..p.len()).any(|k| set.contains(&p[..k]))
        });
        let searcher = packed::Config::new()
            .match_kind(PackedKind::LeftmostFirst)
            .builder()
            .extend(starts.map(|&i| &patterns[i]))
            .build()?;
        let mut by_first_byte = vec![Vec::new(); 256];
        for &i in &long {
            by_first_byte[usize::from(patterns[i].as_bytes()[0])].push(i);
        }
        let short = short
            .into_iter()
            .map(|i| (memmem::Finder::new(patterns[i].as_bytes()).into_owned(), i))
            .collect();
        Some(Search::Packed {
            searcher,
            patterns: patterns.iter().map(|p| p.as_bytes().to_vec()).collect(),
            by_first_byte,
            short,
        })
    }

    /// Every occurrence of every pattern in `text`, by end, then start.
    pub fn find<'a>(&'a self, text: &'a str) -> Occurrences<'a> {
        match self {
            Search::Overlapping(automaton, padding) => {
                Occurrences::Overlapping(automaton.find_overlapping_iter(text), *padding)
            }
            Search::Packed {
                searcher,
                patterns,
                by_first_byte,
                short,
            } => {
                let bytes = text.as_bytes();
                let mut found = Vec::new();
                let mut at = 0;
                while let Some(m) = searcher.find_in(bytes, Span::from(at..bytes.len())) {
                    let start = m.start();
                    let rest = &bytes[start..];
                    for &p in &by_first_byte[usize::from(rest[0])] {
                        if rest.starts_with(&patterns[p]) {
                            found.push(Occurrence {
                                start,
                                end: start + patterns[p].len(),
                                pattern: p,
                            });
                        }
                    }
                    at = start + 1;
                }
                for (finder, p) in short {
                    let mut at = 0;
                    while let Some(i) = finder.find(&bytes[at..]) {
                        found.push(Occurrence {
                            start: at + i,
                            end: at + i + patterns[*p].len(),
                            pattern: *p,
                        });
                        at += i + 1;
                    }
                }
                // Distinct patterns never share both ends: the order is total.
                found.sort_unstable_by_key(|o| (o.end, o.start));
                Occurrences::Sorted(found.into_iter())
            }
        }
    }
}

/// The occurrences of [`Search::find`]: streamed from the automaton (a large
/// lexicon may have a candidate at most words), collected and sorted from the
/// packed search.
pub(super) enum Occurrences<'a> {
    /// The automaton's matches, and the number of padding patterns before
    /// the lexicon's (which never match).
    Overlapping(FindOverlappingIter<'a, 'a>, usize),
    Sorted(std::vec::IntoIter<Occurrence>),
}

impl Iterator for Occurrences<'_> {
    type Item = Occurrence;

    fn next(&mut self) -> Option<Occurrence> {
        match self {
            Occurrences::Overlapping(it, padding) => it.next().map(|m| Occurrence {
                start: m.start(),
                end: m.end(),
                pattern: m.pattern().as_usize().saturating_sub(*padding),
            }),
            Occurrences::Sorted(it) => it.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Both searches' occurrences, the packed one with patterns shorter than
    /// `min_len` searched on their own, or `None` where Teddy is not
    /// available (never with 1 to 16 patterns for it on x86-64 with SSSE3).
    fn both(
        patterns: &[String],
        min_len: usize,
        text: &str,
    ) -> Option<(Vec<Occurrence>, Vec<Occurrence>)> {
        let packed = Search::packed(patterns, min_len);
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("ssse3")
            && patterns.len() <= 16
            && patterns.iter().any(|p| p.len() >= min_len)
        {
            assert!(packed.is_some());
        }
        let packed = packed?;
        let overlapping = Search::overlapping(patterns).unwrap();
        Some((
            packed.find(text).collect(),
            overlapping.find(text).collect(),
        ))
    }

    fn strings(patterns: &[&str]) -> Vec<String> {
        patterns.iter().map(|p| p.to_string()).collect()
    }

    /// The rule: packed for at most 64 patterns of which at most 4 are
    /// shorter than 4 bytes, where Teddy is there (any x86-64 machine with
    /// SSSE3, all of them since 2006).
    #[test]
    fn packed_search_is_chosen_only_for_few_and_mostly_long_patterns() {
        let long = strings(&[
            "state",
            "islamic state",
            "rebel",
            "rebels",
            "isis",
            "is",
            "war",
        ]);
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("ssse3") {
            assert!(matches!(Search::new(&long).unwrap(), Search::Packed { .. }));
        }
        let short = strings(&["state", "islamic state", "is", "war", "us", "we", "i"]);
        assert!(matches!(
            Search::new(&short).unwrap(),
            Search::Overlapping(..)
        ));
        // More than Teddy's 64 patterns, none beginning with another.
        let many: Vec<String> = (0..65).map(|i| format!("term{i:02}")).collect();
        assert!(matches!(
            Search::new(&many).unwrap(),
            Search::Overlapping(..)
        ));
        let text = "the islamic states' rebels: this is war";
        for min_len in 1..5 {
            let (a, b) = both(&long, min_len, text).unwrap_or_default();
            assert_eq!(a, b);
        }
    }

    /// Every occurrence by a plain scan, by end then start.
    fn naive(patterns: &[String], text: &str) -> Vec<Occurrence> {
        let mut out = Vec::new();
        for start in 0..text.len() {
            for (pattern, p) in patterns.iter().enumerate() {
                if text.as_bytes()[start..].starts_with(p.as_bytes()) {
                    let end = start + p.len();
                    out.push(Occurrence {
                        start,
                        end,
                        pattern,
                    });
                }
            }
        }
        out.sort_unstable_by_key(|o| (o.end, o.start));
        out
    }

    #[test]
    fn the_padded_automaton_finds_the_same_and_builds_in_linear_time() {
        // `x0` ... `x119999`: nearly every state of the automaton matches,
        // aho-corasick's worst case (about 25 s to build unpadded, in a
        // release build; under a second padded).
        let patterns: Vec<String> = (0..120_000).map(|i| format!("x{i}")).collect();
        let started = std::time::Instant::now();
        let search = Search::overlapping(&patterns).unwrap();
        let took = started.elapsed();
        assert!(matches!(search, Search::Overlapping(_, 15_000)));
        assert!(took.as_secs() < 8, "{took:?}");
        let text = "x1 x119999 x1200000 y12 x x07";
        let got: Vec<Occurrence> = search.find(text).collect();
        assert_eq!(got, naive(&patterns, text));
        // x1; x1 .. x119999 (6); x1 .. x12000 (5); x0.
        assert_eq!(got.len(), 1 + 6 + 5 + 1);
        assert!(got.iter().any(|o| o.pattern == 119_999));
    }

    fn distinct(patterns: Vec<String>) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        patterns
            .into_iter()
            .filter(|p| seen.insert(p.clone()))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// A two-letter alphabet makes patterns that overlap in every way:
        /// prefixes, suffixes and infixes of each other, same start with
        /// different lengths, and repeats (`aa` in `aaaa`).
        #[test]
        fn packed_equals_overlapping_on_a_tiny_alphabet(
            patterns in prop::collection::vec("[ab ]{1,6}", 1..17),
            min_len in 1usize..5,
            text in "[ab c]{0,300}",
        ) {
            let patterns = distinct(patterns);
            if let Some((packed, overlapping)) = both(&patterns, min_len, &text) {
                prop_assert_eq!(packed, overlapping);
            }
        }

        #[test]
        fn packed_equals_overlapping_on_any_text(
            patterns in prop::collection::vec(".{1,4}", 1..17),
            min_len in 1usize..5,
            text in ".{0,200}",
        ) {
            let patterns = distinct(patterns);
            if let Some((packed, overlapping)) = both(&patterns, min_len, &text) {
                prop_assert_eq!(packed, overlapping);
            }
        }
    }
}
