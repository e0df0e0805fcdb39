//! The sheet corpus reader on arbitrary bytes: every document is an article
//! or an error naming the file and document, never a panic, a hang or a
//! blow-up of memory.
#![no_main]
#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::read_corpus(data, "xlsx"));
