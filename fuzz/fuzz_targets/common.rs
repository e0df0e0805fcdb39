//! Shared by the fuzz targets (each includes it with `#[path]`).
#![allow(dead_code)]

use framescore::corpus::{Corpus, CorpusOptions, OnError};
use framescore::lexicon::import::{parse, Format};
use std::path::Path;

/// Writes `data` to a file with extension `ext` (the readers stream from
/// paths) and reads every article, under both `--on-error` policies.
pub fn read_corpus(data: &[u8], ext: &str) {
    let path = std::env::temp_dir().join(format!("framescore-fuzz-{}.{ext}", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    for on_error in [OnError::Fail, OnError::Skip] {
        let options = CorpusOptions {
            on_error,
            ..CorpusOptions::default()
        };
        if let Ok(corpus) = Corpus::open(&path, &options) {
            for a in corpus.articles().take(10_000).flatten() {
                let _ = (a.id.len(), a.outlet.len(), a.text.len());
            }
        }
    }
}

/// Imports `data` as a dictionary; what imports is compiled and run.
pub fn import(data: &[u8], name: &str, format: Format) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(lexicon) = parse(text, Path::new(name), format) {
        if let Ok(matcher) = framescore::matching::Matcher::new(&lexicon) {
            let _ =
                matcher.find("The rebels, terrorists and Islamic State's fighters near Damascus.");
            let _ = matcher.find(text);
        }
    }
}
