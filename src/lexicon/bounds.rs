//! The size bounds of a lexicon ([`crate::limits`]): the file read at most
//! up to its bound, the number of terms, the length of one term. Checked
//! before a matcher is built, so its build time and memory stay within
//! what the bounds allow.

use super::{Lexicon, LexiconError};
use crate::limits::{self, LEXICON_BYTES_MAX, TERMS_MAX, TERM_CHARS_MAX};
use std::path::Path;

/// A lexicon or dictionary file's text: at most [`LEXICON_BYTES_MAX`]
/// bytes of UTF-8, a byte-order mark dropped.
pub fn read_file(path: &Path) -> Result<String, LexiconError> {
    let io = |source| LexiconError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    if file.metadata().map_err(io)?.is_dir() {
        return Err(invalid(
            path,
            "is a folder: give the lexicon file (TOML, .dic, .yml, .cat, .lc3 or .csv)".into(),
        ));
    }
    let mut bytes = limits::read_bounded(file, LEXICON_BYTES_MAX)
        .map_err(io)?
        .ok_or_else(|| {
            invalid(
                path,
                format!(
                    "larger than {}, the most a lexicon file may be (see Limits in the README)",
                    limits::bytes(LEXICON_BYTES_MAX)
                ),
            )
        })?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        LexiconError::Invalid {
            path: path.to_path_buf(),
            line,
            column: 1,
            message: format!(
                "not UTF-8 (invalid byte at offset {at}): convert the file to UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)"
            ),
        }
    })
}

fn invalid(path: &Path, message: String) -> LexiconError {
    LexiconError::Invalid {
        path: path.to_path_buf(),
        line: 1,
        column: 1,
        message,
    }
}

/// Refuses a lexicon with more than [`TERMS_MAX`] terms.
pub fn check_size(lexicon: &Lexicon) -> Result<(), LexiconError> {
    check_term_count(lexicon.term_count(), &lexicon.path)
}

/// Refuses `terms` entries, from the file `path`, when they are more than
/// [`TERMS_MAX`].
pub fn check_term_count(terms: usize, path: &Path) -> Result<(), LexiconError> {
    if terms > TERMS_MAX {
        return Err(invalid(
            path,
            format!(
                "{terms} terms, more than {TERMS_MAX}, the most a lexicon may have: split it into several lexicons"
            ),
        ));
    }
    Ok(())
}

/// Refuses a term or rule word longer than [`TERM_CHARS_MAX`] characters.
pub fn check_term(text: &str) -> Result<(), String> {
    match text.chars().nth(TERM_CHARS_MAX) {
        Some(_) => Err(format!(
            "term `{}...` is longer than {TERM_CHARS_MAX} characters, the most a term may have",
            text.chars().take(40).collect::<String>()
        )),
        None => Ok(()),
    }
}
