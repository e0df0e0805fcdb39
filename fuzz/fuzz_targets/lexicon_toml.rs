//! The TOML lexicon parser on arbitrary text: it must return a lexicon or a
//! `file:line:column` error, never panic. A lexicon that parses is also
//! compiled into a matcher and run on a short text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.toml");
    if let Ok(lexicon) = framescore::lexicon::Lexicon::parse_unchecked(text, path) {
        let _ = lexicon.term_count();
        for level in 1..=lexicon.depth().min(3) {
            let _ = lexicon.at_level(level);
        }
        if let Ok(matcher) = framescore::matching::Matcher::new(&lexicon) {
            let _ =
                matcher.find("The rebels, terrorists and Islamic State's fighters near Damascus.");
            let _ = matcher.find(text);
        }
    }
    let _ = framescore::lexicon::Lexicon::parse(text, path);
});
