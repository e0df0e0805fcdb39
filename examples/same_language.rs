//! `text::language::model` against whatlang on real corpora: the language
//! of every article's first two kilobytes (what `report` detects) and of its
//! whole text must be the one `whatlang::detect_lang` names; prints how many
//! articles, their languages, and each detector's time per article.
//!
//! `cargo run --release --example same_language -- CORPUS...` (any format
//! `report --corpus` reads); exit 1 on the first difference, naming the
//! article. Run on every shared corpus by scripts/check_languages.sh.

use framescore::corpus::{Corpus, CorpusOptions, OnError};
use framescore::text::language::{self, model};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

fn main() -> anyhow::Result<()> {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    anyhow::ensure!(!paths.is_empty(), "usage: same_language CORPUS...");
    let options = CorpusOptions {
        on_error: OnError::Skip,
        no_clean: true,
        ..CorpusOptions::default()
    };
    for path in &paths {
        let corpus = Corpus::open(std::path::Path::new(path), &options)?;
        let articles: Vec<(String, String)> = corpus
            .articles()
            .flatten()
            .map(|a| (a.id, a.text))
            .collect();
        let mut languages: BTreeMap<&str, usize> = BTreeMap::new();
        let (mut ours, mut theirs) = (Duration::ZERO, Duration::ZERO);
        for (id, text) in &articles {
            // Timed: the first 2 KB, what `report` detects.
            let sample = language::detection_sample(text);
            let start = Instant::now();
            let a = model::detect_lang(sample);
            ours += start.elapsed();
            let start = Instant::now();
            let b = whatlang::detect_lang(sample);
            theirs += start.elapsed();
            for (a, b, sample) in [
                (a, b, sample),
                (model::detect_lang(text), whatlang::detect_lang(text), text),
            ] {
                anyhow::ensure!(
                    a == b,
                    "{path}: article {id}: text::language::model names {a:?}, whatlang {b:?} \
                     ({} bytes)",
                    sample.len()
                );
            }
            *languages.entry(a.map_or("none", |l| l.code())).or_default() += 1;
        }
        println!(
            "{path}: {} articles, the same language as whatlang for each (first 2 KB and whole \
             text): {languages:?}; first 2 KB {:.1} µs each here, {:.1} µs whatlang",
            articles.len(),
            ours.as_secs_f64() * 1e6 / articles.len() as f64,
            theirs.as_secs_f64() * 1e6 / articles.len() as f64
        );
    }
    Ok(())
}
