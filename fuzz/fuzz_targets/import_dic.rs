//! The LIWC .dic importer on arbitrary text: a lexicon or an error naming
//! the line, never a panic. What imports is compiled and run too.
#![no_main]
#[path = "common.rs"]
mod common;
use framescore::lexicon::import::Format;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::import(data, "fuzz.dic", Format::Liwc));
