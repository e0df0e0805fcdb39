//! Matching in languages: normalisation, proclitics, `*` at either end,
//! stems, per-language terms and scripts without spaces.

use super::tests::{hits, matcher};
use super::*;
use std::path::Path;

fn written(m: &Matcher, text: &str) -> Vec<String> {
    hits(m, text).into_iter().map(|(_, w)| w).collect()
}

fn lang(code: &str) -> Language {
    Language::from_code(code).unwrap()
}

const ARTICLE: &str = "قالت المعارضة إن والمعارضة للمعارضة وبالمعارضة المعارضه \
المُعَارَضَةُ المعـــارضة معارضة المعارضين سالمعارضة المعارضات ولل";

#[test]
fn an_arabic_term_written_once_matches_its_clitics_and_spellings() {
    let m = matcher("language = \"ar\"\n[groups.g.categories]\nopposition = [\"المعارضة\"]\n");
    assert_eq!(
        written(&m, ARTICLE),
        [
            "المعارضة",
            "والمعارضة",
            "للمعارضة",
            "وبالمعارضة",
            "المعارضه",
            "المُعَارَضَةُ",
            "المعـــارضة",
            "معارضة",
        ]
    );
    let wildcard = matcher("language = \"ar\"\n[groups.g.categories]\nopposition = [\"معارض*\"]\n");
    let all = written(&wildcard, ARTICLE);
    assert_eq!(all.len(), 10, "{all:?}");
    assert_eq!(all[8..], ["المعارضين", "المعارضات"]);
}

#[test]
fn without_a_language_only_the_spelling_as_written_matches() {
    let m = matcher("[groups.g.categories]\nopposition = [\"المعارضة\"]\n");
    assert_eq!(written(&m, ARTICLE), ["المعارضة"]);
}

#[test]
fn clitics_and_ta_marbuta_can_be_turned_off_per_term() {
    let m = matcher(
        r#"language = "ar"
[groups.a.categories]
x = [{ term = "المعارضة", clitics = false }]
[groups.b.categories]
y = [{ term = "المعارضة", ta_marbuta = false }]
"#,
    );
    let found = m.find(ARTICLE);
    let by_group = |g: usize| -> Vec<&str> {
        found
            .hits
            .iter()
            .filter(|h| h.group == g)
            .map(|h| &ARTICLE[h.start..h.end])
            .collect()
    };
    // No clitics: the article is part of the term, nothing may precede it.
    assert_eq!(
        by_group(0),
        ["المعارضة", "المعارضه", "المُعَارَضَةُ", "المعـــارضة"]
    );
    // ة kept apart from ه: `المعارضه` is left out, clitics still apply.
    assert_eq!(
        by_group(1),
        [
            "المعارضة",
            "والمعارضة",
            "للمعارضة",
            "وبالمعارضة",
            "المُعَارَضَةُ",
            "المعـــارضة",
            "معارضة"
        ]
    );
}

#[test]
fn arabic_rule_words_take_clitics_too() {
    let m = matcher(
        r#"language = "ar"
[groups.g.categories]
terrorist = { terms = ["إرهاب*"], exclude = ["الحرب على الإرهاب"] }
"#,
    );
    let text = "الإرهاب، والحرب على الإرهاب، وللإرهاب";
    assert_eq!(written(&m, text), ["الإرهاب", "وللإرهاب"]);
    assert_eq!(m.find(text).removed.len(), 1);
}

#[test]
fn a_leading_star_matches_the_end_of_a_word() {
    let m = matcher("[groups.g.categories]\nx = [\"*ists\"]\ny = [\"*terror*\"]\n");
    assert_eq!(
        hits(&m, "Terrorists, isthmus, counterterrorism and ists."),
        [
            // Both end the word there: the first in the lexicon wins the tie.
            ("x".to_string(), "Terrorists".to_string()),
            ("y".to_string(), "counterterrorism".to_string()),
            ("x".to_string(), "ists".to_string()),
        ]
    );
}

#[test]
fn turkish_folds_dotted_and_dotless_i() {
    let m = matcher(
        "language = \"tr\"\n[groups.g.categories]\ncity = [\"istanbul\"]\nisid = [\"IŞİD\"]\n",
    );
    assert_eq!(
        written(
            &m,
            "İSTANBUL'da İstanbul ve istanbul; ISTANBUL değil. IŞİD, Işid"
        ),
        ["İSTANBUL", "İstanbul", "istanbul", "IŞİD", "Işid"]
    );
}

#[test]
fn persian_kaf_and_yeh_in_either_spelling() {
    let m = matcher("language = \"fa\"\n[groups.g.categories]\nterror = [\"تروریست*\"]\nkilling = [\"کشتار\"]\n");
    // Arabic yeh and kaf, and a zero-width non-joiner before the plural.
    assert_eq!(
        written(&m, "تروريست‌ها و تروریست‌ها؛ كشتار و کشتار"),
        ["تروريست‌ها", "تروریست‌ها", "كشتار", "کشتار"]
    );
}

#[test]
fn hebrew_prefixes_and_points() {
    let m = matcher("language = \"he\"\n[groups.g.categories]\nterror = [\"טרור\"]\n");
    assert_eq!(
        written(
            &m,
            "טרור, והטרור, בטרור, שבטרור, וכשהטרור, טֵרוֹר; לא: אטרור, הוטרור"
        ),
        ["טרור", "והטרור", "בטרור", "שבטרור", "וכשהטרור", "טֵרוֹר"]
    );
}

#[test]
fn russian_yo_is_e() {
    let m = matcher("language = \"ru\"\n[groups.g.categories]\nx = [\"ещё\"]\n");
    assert_eq!(written(&m, "Ещё и еще"), ["Ещё", "еще"]);
}

#[test]
fn chinese_and_japanese_terms_match_in_running_text() {
    let m = matcher("[groups.g.categories]\nterrorist = [\"恐怖分子\"]\nrebel = [\"反政府武装\", \"テロリスト\"]\n");
    let text = "叙利亚反政府武装称，这些恐怖分子在阿勒颇。テロリストたちは";
    assert_eq!(written(&m, text), ["反政府武装", "恐怖分子", "テロリスト"]);
    let found = m.find(text);
    // One token per character: 27 CJK characters (punctuation aside).
    assert_eq!(found.tokens, 27);
}

const MULTI: &str = r#"
[groups.armed.categories]
terrorist.terms = { en = ["terrorist*"], ar = ["إرهابي*"], ru = ["террорист*"] }
rebel.terms = { en = ["rebel*"], ar = ["الثوار"], ru = ["повстан*"] }
daesh = ["daesh"]
"#;

#[test]
fn terms_apply_only_to_articles_of_their_language() {
    let m = matcher(MULTI);
    assert_eq!(m.languages(), [lang("en"), lang("ar"), lang("ru")]);
    let text = "terrorists, rebels, daesh, الإرهابيين والثوار, террористы";
    let cats = |declared: Option<&str>| -> Vec<String> {
        let found = m.find_in(text, declared.map(lang));
        found
            .hits
            .iter()
            .map(|h| m.categories()[h.category].id.clone())
            .collect()
    };
    assert_eq!(cats(Some("en")), ["terrorist", "rebel", "daesh"]);
    assert_eq!(cats(Some("ar")), ["daesh", "terrorist", "rebel"]);
    assert_eq!(cats(Some("ru")), ["daesh", "terrorist"]);
    // Another language: only the terms of no language.
    assert_eq!(cats(Some("fr")), ["daesh"]);
    assert_eq!(m.find_in(text, Some(lang("fr"))).language, Some(lang("fr")));
}

#[test]
fn an_undeclared_language_is_detected_or_assumed() {
    let m = matcher(MULTI);
    let ar = "قالت مصادر إن الثوار سيطروا على المدينة بعد معارك مع القوات الحكومية";
    let found = m.find(ar);
    assert_eq!(found.language, Some(lang("ar")));
    assert_eq!(found.hits.len(), 1);
    let article = crate::corpus::Article {
        text: ar.into(),
        meta: vec![("language".into(), "ENGLISH".into())],
        ..Default::default()
    };
    let declared = m.find_article(&article);
    assert_eq!(
        (declared.language, declared.hits.len()),
        (Some(lang("en")), 0)
    );
    // One language, every term in it: assumed, not detected.
    let single = matcher("language = \"ar\"\n[groups.g.categories]\nx = [\"الثوار\"]\n");
    assert_eq!(single.find("hello world").language, Some(lang("ar")));
    assert_eq!(
        single.article_language("This is English text, long enough to detect.", None),
        Some(lang("ar"))
    );
    // No language: nothing detected.
    let none = matcher("[groups.g.categories]\nx = [\"rebels\"]\n");
    assert_eq!(none.find(ar).language, None);
}

/// A term of no language gets one search pattern for all the lexicon's
/// languages unless one of them spells it otherwise: the automaton grows
/// with the lexicon, not with lexicon x languages.
#[test]
fn patterns_grow_with_the_lexicon_not_with_its_languages() {
    let mut src = String::from("[groups.g.categories]\n");
    for i in 0..50 {
        src.push_str(&format!("c{i} = [\"word{i}\"]\n"));
    }
    src.push_str(
        "l.terms = { ar = [\"ثوار\"], ru = [\"боевик\"], fa = [\"شورشی\"], en = [\"rebel\"] }\n",
    );
    let m = matcher(&src);
    assert_eq!(m.by_pattern.len(), 54);
    // Turkish spells a capital I otherwise: one more pattern for that term.
    src.push_str("t.terms = { tr = [\"isyancı\"] }\nu = [\"IDLIB\"]\n");
    let m = matcher(&src);
    assert_eq!(m.by_pattern.len(), 57);
    assert_eq!(m.find_in("IDLIB idlib", Some(lang("tr"))).hits.len(), 1);
    assert_eq!(m.find_in("IDLIB idlib", Some(lang("en"))).hits.len(), 2);
}

#[test]
fn stems_match_every_ending_and_nothing_else() {
    let m = matcher(
        r#"language = "en"
[groups.g.categories]
happy = [{ term = "happy", stem = true }]
fighter = [{ term = "foreign fighters", stem = true }]
"#,
    );
    assert_eq!(
        written(
            &m,
            "Happy, happier, happiness, unhappy; a foreign fighter and foreign-fighters"
        ),
        ["Happy", "happiness", "foreign fighter"]
    );
}

#[test]
fn a_lexicon_with_too_many_languages_is_refused() {
    let mut src = String::from("[groups.g.categories]\n");
    let codes: Vec<&str> = [
        "af", "ak", "am", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el",
        "en", "eo", "es", "et", "eu", "fa", "fi", "fr", "ga", "gl", "gu", "ha", "he", "hi", "hr",
        "hu", "hy", "id", "is", "it", "ja", "jv", "ka", "kk", "km", "kn", "ko", "ku", "ky", "la",
        "lt", "lv", "mk", "ml", "mn", "mr", "ms", "mt", "my", "nb", "ne", "nl", "nn", "no", "or",
        "pa", "pl", "ps", "pt",
    ]
    .to_vec();
    for (i, code) in codes.iter().enumerate() {
        src.push_str(&format!("c{i}.terms = {{ {code} = [\"w\"] }}\n"));
    }
    let lexicon = Lexicon::parse(&src, Path::new("many.toml")).unwrap();
    let e = Matcher::new(&lexicon).err().map(|e| e.to_string());
    assert_eq!(
        e.as_deref(),
        Some("many.toml: the lexicon has terms in 64 languages; one lexicon may have at most 63: split it")
    );
}
