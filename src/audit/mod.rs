//! The lexicon-editing loop: see what a lexicon really matches before
//! trusting a number. [`kwic`] lists every counted match with its context;
//! [`usage`] lists what each entry matched in a corpus;
//! [`diff`] runs two versions of a lexicon over the same corpus and says
//! which matches each added or removed and how the counts moved. Both use
//! the report's matcher over the report's cleaned article stream
//! (`pass::counted_articles`), so a line shown is a match counted.
//!
//! Engines only: they return lines and changes; the CLI prints them and the
//! report's tables write them.

pub mod diff;
pub mod kwic;
pub mod usage;
