//! The normaliser, tokenizer and matcher on arbitrary text and terms. The
//! input is `terms\0text`: one term per line (a leading `!` makes it
//! case-sensitive), put round-robin into three categories of a competing
//! group and, again, of an overlapping group. Checks the invariants every
//! table relies on: spans inside the text on char boundaries, normalised
//! spans inside the normalised text, and in a competing group no two hits
//! sharing a byte.
#![no_main]
use framescore::lexicon::{Category, Group, Lexicon, Term};
use framescore::text::normalise::{count_tokens, normalise, token_starts};
use framescore::matching::Matcher;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fn group(id: &str, overlapping: bool, terms: &[Term]) -> Group {
    let mut categories: Vec<Category> = (0..3)
        .map(|i| Category {
            id: format!("c{i}"),
            terms: Vec::new(),
            rules: Default::default(),
            line: 1,
        })
        .collect();
    for (i, t) in terms.iter().enumerate() {
        categories[i % 3].terms.push(t.clone());
    }
    Group {
        id: id.into(),
        question: String::new(),
        overlapping,
        categories,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (head, text) = input
        .split_once('\0')
        .unwrap_or(("rebel*\n!IS\nislamic state", input));
    let mut terms: Vec<Term> = Vec::new();
    for (i, line) in head.lines().enumerate().take(64) {
        let (written, cs) = match line.strip_prefix('!') {
            Some(rest) => (rest, true),
            None => (line, false),
        };
        if let Ok(term) = Term::new(written, cs, i + 1) {
            if !terms.iter().any(|t| t.key() == term.key()) {
                terms.push(term);
            }
        }
    }

    for fold in [false, true] {
        let n = normalise(text, fold);
        for (pos, _) in n.text.char_indices() {
            assert!(n.original_offset(pos) <= text.len());
        }
        let starts = token_starts(&n.text);
        assert_eq!(starts.len() as u64, count_tokens(&n.text));
        // The count made while normalising (fast paths included).
        assert_eq!(n.tokens, starts.len() as u64);
        assert!(starts.windows(2).all(|w| w[0] < w[1]));
        assert!(starts.iter().all(|&s| n.text.is_char_boundary(s)));
    }

    if terms.is_empty() {
        return;
    }
    let lexicon = Lexicon::new(
        "fuzz".into(),
        String::new(),
        Path::new("fuzz.toml"),
        vec![group("a", false, &terms), group("b", true, &terms)],
    );
    let Ok(matcher) = Matcher::new(&lexicon) else {
        return;
    };
    let found = matcher.find(text);
    let norm = &found.normalised.text;
    let mut last_end_in_a = 0;
    for hit in &found.hits {
        assert!(hit.start <= hit.end && hit.end <= text.len(), "{hit:?}");
        assert!(text.is_char_boundary(hit.start) && text.is_char_boundary(hit.end));
        assert!(
            hit.norm_start < hit.norm_end && hit.norm_end <= norm.len(),
            "{hit:?}"
        );
        assert!(norm.is_char_boundary(hit.norm_start) && norm.is_char_boundary(hit.norm_end));
        let _ = found.form(hit);
        if hit.group == 0 {
            assert!(
                hit.norm_start >= last_end_in_a,
                "overlapping hits in a competing group"
            );
            last_end_in_a = hit.norm_end;
        }
    }
});
