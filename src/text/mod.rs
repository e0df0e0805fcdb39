//! Text as the lexicon and the matcher both see it: normalisation (Unicode
//! forms, case folding, typographic characters, white space), the steps a
//! language adds to it, tokens, and languages (codes, detection, clitics,
//! stemmers). Owns how a term and an article's text are made comparable;
//! knows nothing of lexicon files, corpora, counts or reports.

pub mod automaton;
pub mod escape;
pub mod language;
pub mod normalise;
pub mod profile;
pub mod words;

use std::borrow::Cow;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// `s` in Unicode NFC, borrowed when it already is (the common case, found
/// without a copy).
pub fn nfc(s: &str) -> Cow<'_, str> {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => {
            let n: String = s.nfc().collect();
            if n == s {
                Cow::Borrowed(s)
            } else {
                Cow::Owned(n)
            }
        }
    }
}
