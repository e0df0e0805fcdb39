//! framescore: measures how news outlets frame the same events.
//!
//! Data flows one way: [`corpus`] reads articles, [`lexicon`] reads the terms,
//! [`matching`] finds them, [`counts`] adds them up per outlet, [`stats`]
//! compares outlets and [`report`] writes tables, charts and the report page.

pub mod corpus;
pub mod counts;
pub mod lexicon;
pub mod limits;
pub mod matching;
pub mod parallel;
pub mod report;
pub mod stats;
mod swar;
pub mod text;
