//! Text as the lexicon and the matcher both see it: normalisation (Unicode
//! forms, case folding, typographic characters, white space), the steps a
//! language adds to it, tokens, and languages (codes, detection, clitics,
//! stemmers). Owns how a term and an article's text are made comparable;
//! knows nothing of lexicon files, corpora, counts or reports.

pub mod escape;
pub mod language;
pub mod normalise;
pub mod profile;
