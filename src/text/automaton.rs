//! A multi-pattern automaton over normalised text that reports every
//! occurrence of every pattern, built in time linear in the patterns' size
//! however they nest. Used by the matcher's search and by the lexicon's
//! check; knows nothing of lexicons, terms or matches.

use aho_corasick::{AhoCorasick, BuildError, MatchKind, StartKind};

/// From this many patterns on, the automaton is built with [`padding`].
const PADDED_FROM: usize = 4096;

/// An automaton reporting every occurrence of every pattern (overlapping
/// search, `MatchKind::Standard`), built in time linear in the patterns'
/// size; the pattern ids it reports are offset by the returned count of
/// [`padding`] patterns, which come first and never match text.
pub fn linear_automaton<P: AsRef<[u8]>>(
    patterns: &[P],
    start: StartKind,
) -> Result<(AhoCorasick, usize), BuildError> {
    let padding = padding(patterns.len());
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .start_kind(start)
        .build(
            padding
                .iter()
                .map(Vec::as_slice)
                .chain(patterns.iter().map(AsRef::as_ref)),
        )?;
    Ok((automaton, padding.len()))
}

/// Patterns that never match (UTF-8 text has no 0xFF byte), put before the
/// lexicon's to keep the automaton's build linear in the lexicon's size.
///
/// aho-corasick moves every match state before the others with pairwise
/// swaps and then follows each swap chain to its start (`Remapper::remap`),
/// which takes time quadratic in the chain's length. A lexicon in which
/// nearly every state matches (`x1` ... `x250000`: each term is another's
/// prefix plus a digit) sends one non-matching state through every swap:
/// 250,000 such terms took 107 s to build, 1,000,000 about 10 minutes. With
/// `B` non-matching states before them the chains are about `M / B` long,
/// for `M` match states, so the time is about `M * M / B`; one padding
/// pattern (one non-matching state, `0xFF`, three bytes, `0xFF`) per eight
/// of the lexicon's makes it about `8 M`. Small lexicons get none.
fn padding(patterns: usize) -> Vec<Vec<u8>> {
    if patterns < PADDED_FROM {
        return Vec::new();
    }
    (0..patterns / 8)
        .map(|k| {
            let [_, a, b, c] = (k as u32).to_be_bytes();
            vec![0xFF, a, b, c, 0xFF]
        })
        .collect()
}
