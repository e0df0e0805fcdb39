//! The CSV corpus reader on arbitrary bytes: every row is an article or an error
//! naming the file and line, never a panic.
#![no_main]
#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::read_corpus(data, "csv"));
