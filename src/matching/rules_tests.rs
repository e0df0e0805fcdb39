//! Tests of the context rules as the matcher applies them: each rule alone
//! and their interactions with wildcards, phrases and longest-match wins.
//! Every expected value below was worked out by reading the sentence.

use super::tests::{hits, matcher};
use super::Matcher;
use crate::lexicon::Lexicon;
use std::path::Path;

fn texts(m: &Matcher, text: &str) -> Vec<String> {
    hits(m, text).into_iter().map(|(_, t)| t).collect()
}

#[test]
fn category_exclusion_removes_matches_inside_the_phrase() {
    let m = matcher(
        r#"[groups.g.categories]
terror = { terms = ["terror*"], exclude = ["war on terror"] }
"#,
    );
    let text = "The war on terror fed terrorists; terror spread. The War  on\nTerror again.";
    assert_eq!(texts(&m, text), ["terrorists", "terror"]);
    let found = m.find(text);
    assert_eq!(found.removed.len(), 2);
    assert_eq!(
        m.rules()[found.removed[0].rule].label,
        "g.terror: exclude \"war on terror\""
    );
}

#[test]
fn wildcard_exclusion_keeps_other_forms() {
    // rebel* but not rebellion(s)
    let m = matcher(
        r#"[groups.g.categories]
rebel = [{ term = "rebel*", exclude = ["rebellion*"] }]
"#,
    );
    assert_eq!(
        texts(
            &m,
            "Rebels joined the rebellion; a rebel and two rebellions."
        ),
        ["Rebels", "rebel"]
    );
}

#[test]
fn near_window_counts_only_close_to_a_context_word() {
    let m = matcher(
        r#"[groups.g.categories]
regime = { terms = ["regime"], near = { words = ["assad", "syria*", "damascus"], window = 3 } }
"#,
    );
    // "Syrian regime": distance 1. "regime ... of the Assad": 3 words after
    // (of, the, Assad): Assad is the 3rd word -> within 3. The last regime
    // has no context word within 3 words.
    let text =
        "The Syrian regime fell. A regime of the Assad family. The non-proliferation regime held.";
    assert_eq!(texts(&m, text), ["regime", "regime"]);
    let found = m.find(text);
    assert_eq!(found.hits[0].start, text.find("regime").unwrap());
    assert_eq!(found.removed.len(), 1);
}

#[test]
fn window_counts_words_not_characters() {
    let m = matcher(
        r#"[groups.g.categories]
regime = { terms = ["regime"], near = { words = ["assad"], window = 2 } }
"#,
    );
    assert_eq!(texts(&m, "Assad's long-standing regime").len(), 0); // 3 words away
    assert_eq!(texts(&m, "Assad's loyal regime").len(), 1); // 2 words away
}

#[test]
fn not_near_removes_matches_close_to_a_word() {
    let m = matcher(
        r#"[groups.g.categories]
terrorist = { terms = ["terrorist*"], not_near = { words = ["anti", "counter"], window = 1 } }
"#,
    );
    assert_eq!(
        texts(
            &m,
            "anti-terrorist efforts against terrorists and then counter-terrorists"
        ),
        ["terrorists"]
    );
    // Windows count words: punctuation between them does not widen them.
    assert!(texts(&m, "terrorists; counter measures").is_empty());
}

#[test]
fn term_rules_add_to_category_rules() {
    let m = matcher(
        r#"[groups.g.categories]
c = { terms = ["terror*", { term = "attack*", exclude = ["heart attack"] }], exclude = ["war on terror"] }
"#,
    );
    assert_eq!(
        texts(&m, "war on terror, a heart attack, attacks by terrorists"),
        ["attacks", "terrorists"]
    );
}

#[test]
fn excluded_candidate_leaves_room_for_a_shorter_competing_term() {
    // Interaction: phrase + wildcard + exclusion. "terrorist group" is a
    // phrase in `group` but excluded when preceded by "anti"; the wildcard in
    // `terrorist` then takes the span it shares.
    let m = matcher(
        r#"[groups.g.categories]
terrorist = ["terrorist*"]
group = { terms = ["terrorist group"], not_near = { words = ["anti"], window = 1 } }
"#,
    );
    assert_eq!(
        hits(&m, "a terrorist group and an anti-terrorist group"),
        [
            ("group".to_string(), "terrorist group".to_string()),
            ("terrorist".to_string(), "terrorist".to_string())
        ]
    );
}

#[test]
fn exclusion_with_wildcard_inside_a_phrase() {
    let m = matcher(
        r#"[groups.g.categories]
fighter = { terms = ["fighter*"], exclude = ["fighter jet*", "freedom fighter*"] }
"#,
    );
    assert_eq!(
        texts(&m, "fighter jets, freedom fighters and foreign fighters"),
        ["fighters"]
    );
}

#[test]
fn overlapping_group_counts_a_span_in_each_category() {
    let m = matcher(
        r#"[groups.g]
overlapping = true
[groups.g.categories]
care = ["protect*"]
authority = ["protect*", "law"]
"#,
    );
    assert_eq!(
        hits(&m, "protect the law"),
        [
            ("care".to_string(), "protect".to_string()),
            ("authority".to_string(), "protect".to_string()),
            ("authority".to_string(), "law".to_string())
        ]
    );
}

#[test]
fn weights_reach_the_term_info() {
    let m = matcher("[groups.g.categories]\nc = [{ term = \"kill\", weight = 8.5 }, \"maim\"]\n");
    let w: Vec<f64> = m.terms().iter().map(|t| t.weight).collect();
    assert_eq!(w, [8.5, 1.0]);
}

#[test]
fn lexicon_without_rules_has_no_rule_engine() {
    let m = matcher("[groups.g.categories]\nc = [\"regime\"]\n");
    assert!(m.rules().is_empty());
    assert!(m.find("regime").removed.is_empty());
}

#[test]
fn rolled_up_categories_keep_their_rules() {
    let lex = Lexicon::parse(
        r#"[groups.armed.categories.opposition]
rebel = { terms = ["rebel*"], exclude = ["rebellion"] }
terrorist.terms = ["terrorist*"]
terrorist.foreign_fighter = ["foreign fighter*"]
"#,
        Path::new("t.toml"),
    )
    .unwrap();
    let ids: Vec<&str> = lex.groups[0]
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "opposition/rebel",
            "opposition/terrorist",
            "opposition/terrorist/foreign_fighter"
        ]
    );
    assert_eq!(lex.depth(), 3);
    let text = "rebels, a rebellion, terrorists and foreign fighters";
    let leaf = Matcher::new(&lex).unwrap();
    assert_eq!(
        hits(&leaf, text)
            .iter()
            .map(|(c, _)| c.as_str())
            .collect::<Vec<_>>(),
        [
            "opposition/rebel",
            "opposition/terrorist",
            "opposition/terrorist/foreign_fighter"
        ]
    );
    let l2 = Matcher::new(&lex.at_level(2)).unwrap();
    assert_eq!(
        hits(&l2, text)
            .iter()
            .map(|(c, _)| c.as_str())
            .collect::<Vec<_>>(),
        [
            "opposition/rebel",
            "opposition/terrorist",
            "opposition/terrorist"
        ]
    );
    let l1 = Matcher::new(&lex.at_level(1)).unwrap();
    assert_eq!(
        hits(&l1, text),
        [
            ("opposition".to_string(), "rebels".to_string()),
            ("opposition".to_string(), "terrorists".to_string()),
            ("opposition".to_string(), "foreign fighters".to_string())
        ]
    );
}
