//! Property tests of the matcher: what the normaliser folds (runs of white
//! space, letter case) never changes a count; every match lies inside the
//! text on char boundaries; within a competing group no span counts twice.

use framescore::lexicon::Lexicon;
use framescore::matching::Matcher;
use proptest::prelude::*;
use std::path::Path;

const LEXICON: &str = r#"name = "props"
[groups.armed.categories]
rebel = ["rebel*"]
terrorist = ["terrorist", "terrorists"]
islamic_state = ["islamic state", "daesh"]
[groups.place.categories]
new_york = ["new york"]
new = ["new"]
state = ["state"]
[groups.loose]
overlapping = true
[groups.loose.categories]
a = ["rebel*", "state"]
b = ["rebels", "islamic state"]
"#;

fn matcher(extra: &str) -> Matcher {
    let lexicon = Lexicon::parse(&format!("{LEXICON}{extra}"), Path::new("props.toml")).unwrap();
    Matcher::new(&lexicon).unwrap()
}

const WORDS: &[&str] = &[
    "rebel",
    "Rebels",
    "REBELLION",
    "islamic",
    "State",
    "new",
    "York",
    "yorker",
    "terrorist",
    "terrorists",
    "Daesh",
    "the",
    "Éloge",
    "naïve",
    "don't",
    "isis",
    "crisis",
    "IS",
    "1984",
];
const SPACES: &[&str] = &[
    " ", "  ", "\n", "\t", "\r\n", "\u{a0}", " \n\n ", "\u{2003}",
];
const PUNCT: &[&str] = &[" ", "-", ", ", ". ", "'", "\u{2019}", "/", " (", ") "];

/// Counts per category, in category order.
fn counts(m: &Matcher, text: &str) -> Vec<usize> {
    let mut c = vec![0; m.categories().len()];
    for hit in m.find(text).hits {
        c[hit.category] += 1;
    }
    c
}

fn join(words: &[(usize, usize)], seps: &[&str]) -> String {
    let mut s = String::new();
    for &(w, sep) in words {
        s.push_str(WORDS[w % WORDS.len()]);
        s.push_str(seps[sep % seps.len()]);
    }
    s
}

fn words() -> impl Strategy<Value = Vec<(usize, usize, usize)>> {
    prop::collection::vec((0..WORDS.len(), 0..SPACES.len(), 0..SPACES.len()), 0..40)
}

fn check_spans(m: &Matcher, text: &str) -> Result<(), TestCaseError> {
    let found = m.find(text);
    let norm = &found.normalised.text;
    let mut last_end: Vec<Option<usize>> = vec![None; 3];
    for hit in &found.hits {
        prop_assert!(hit.start < hit.end && hit.end <= text.len(), "{hit:?}");
        prop_assert!(text.is_char_boundary(hit.start) && text.is_char_boundary(hit.end));
        prop_assert!(hit.norm_end <= norm.len());
        prop_assert!(norm.is_char_boundary(hit.norm_start) && norm.is_char_boundary(hit.norm_end));
        // Groups 0 and 1 compete: hits come in order and never share a byte.
        if hit.group < 2 {
            if let Some(end) = last_end[hit.group] {
                prop_assert!(hit.norm_start >= end, "span counted twice: {hit:?}");
            }
            last_end[hit.group] = Some(hit.norm_end);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn white_space_runs_do_not_change_counts(ws in words()) {
        let m = matcher("");
        let a: Vec<_> = ws.iter().map(|&(w, s, _)| (w, s)).collect();
        let b: Vec<_> = ws.iter().map(|&(w, _, s)| (w, s)).collect();
        prop_assert_eq!(counts(&m, &join(&a, SPACES)), counts(&m, &join(&b, SPACES)));
    }

    #[test]
    fn letter_case_does_not_change_counts(ws in words()) {
        let m = matcher("");
        let a: Vec<_> = ws.iter().map(|&(w, s, _)| (w, s)).collect();
        let text = join(&a, PUNCT);
        let c = counts(&m, &text);
        prop_assert_eq!(&c, &counts(&m, &text.to_uppercase()));
        prop_assert_eq!(&c, &counts(&m, &text.to_lowercase()));
    }

    #[test]
    fn spans_lie_inside_the_text_and_count_once(ws in words()) {
        let m = matcher("[groups.cs.categories]\nis = [{ term = \"IS\", case_sensitive = true }]\n");
        let a: Vec<_> = ws.iter().map(|&(w, s, _)| (w, s)).collect();
        check_spans(&m, &join(&a, PUNCT))?;
    }

    #[test]
    fn spans_lie_inside_any_text(text in any::<String>()) {
        check_spans(&matcher(""), &text)?;
    }
}
