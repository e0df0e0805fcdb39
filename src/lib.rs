//! framescore: measures how news outlets frame the same events.
//!
//! Data flows one way (`docs/ARCHITECTURE.md`): [`corpus`] reads articles,
//! [`lexicon`] reads the terms, [`text`] normalises both, [`matching`] finds
//! the terms, [`pass`] runs the passes over a corpus, [`counts`] adds the
//! matches up per outlet, [`analysis`] computes every number of a report
//! (with the pure functions of [`stats`]), [`report`] writes the folder with
//! [`charts`] drawing and [`output`] writing the files; [`audit`] shows what
//! a lexicon matches (kwic, diff); [`validation`] turns hand-coded samples
//! of the matches into precision and agreement.

pub mod analysis;
pub mod audit;
pub mod charts;
pub mod corpus;
pub mod counts;
pub mod lexicon;
pub mod limits;
pub mod matching;
pub mod output;
pub mod parallel;
pub mod pass;
pub mod report;
pub mod stats;
mod swar;
pub mod text;
pub mod validation;
