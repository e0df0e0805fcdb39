//! The factiva_xml corpus reader on arbitrary bytes, its recognition header put
//! in front so that every input reaches the reader: every document is an
//! article or an error naming the file and document, never a panic, a hang
//! or a blow-up of memory.
#![no_main]
#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::read_corpus(&[b"<ppsarticle>".as_slice(), data].concat(), "xml"));
