//! Tests of lexicon parsing and validation.

use super::*;

fn parse(src: &str) -> Result<Lexicon, LexiconError> {
    Lexicon::parse(src, Path::new("test.toml"))
}

fn err(src: &str) -> String {
    parse(src).unwrap_err().to_string()
}

const GOOD: &str = r#"
name = "t"
[groups.armed]
question = "What are they called?"
[groups.armed.categories]
terrorist = ["terrorist*"]   # a comment
rebel = ["Rebel", "rebels", "opposition  fighters"]
is = [{ term = "IS", case_sensitive = true }]
"#;

#[test]
fn parses_groups_categories_terms_in_order() {
    let lex = parse(GOOD).unwrap();
    assert_eq!(lex.name, "t");
    let g = &lex.groups[0];
    assert_eq!(g.id, "armed");
    assert_eq!(g.question, "What are they called?");
    let ids: Vec<_> = g.categories.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["terrorist", "rebel", "is"]);
    let t = &g.categories[0].terms[0];
    assert_eq!(
        (t.pattern.as_str(), t.wildcard, t.line),
        ("terrorist", true, 6)
    );
    assert_eq!(g.categories[1].terms[0].pattern, "rebel");
    assert_eq!(g.categories[1].terms[2].pattern, "opposition fighters");
    let is = &g.categories[2].terms[0];
    assert_eq!((is.pattern.as_str(), is.case_sensitive), ("IS", true));
}

#[test]
fn toml_syntax_error_names_line_and_column() {
    let e = err("[groups.a.categories]\nx = [\"a\"\n");
    assert!(e.starts_with("test.toml:"), "{e}");
    assert!(e.contains("not valid TOML"), "{e}");
}

#[test]
fn bad_wildcard_is_refused_with_position() {
    let e = err("[groups.a.categories]\nx = [\"ok\", \"ter*ror\"]\n");
    assert!(e.starts_with("test.toml:2:12: term `ter*ror`"), "{e}");
}

#[test]
fn empty_and_punctuation_terms_are_refused() {
    assert!(err("[groups.a.categories]\nx = []\n").contains("has no terms"));
    assert!(err("[groups.a.categories]\nx = [\"--\"]\n").contains("no letters or digits"));
    assert!(err("[groups.a.categories]\nx = [\"*\"]\n").contains("no letters or digits"));
}

#[test]
fn structure_errors_say_what_to_fix() {
    assert!(err("name = \"x\"\n").contains("no groups"));
    assert!(err("[groups.a]\nquestion = \"q\"\n").contains("has no categories"));
    assert!(err("[groups.a.categories]\nx = \"word\"\n").contains("must be a list of terms"));
    assert!(
        err("colour = 1\n[groups.a.categories]\nx = [\"w\"]\n").contains("unknown key `colour`")
    );
    assert!(
        err("[groups.a.categories]\nx = [{ term = \"w\", case = true }]\n")
            .contains("unknown key `case`")
    );
    assert!(err("[groups.a.categories]\nx = [3]\n").contains("quoted string"));
}

#[test]
fn duplicate_term_across_categories_names_both_lines() {
    let e = err("[groups.a.categories]\nx = [\"rebel\"]\ny = [\"Rebel\"]\n");
    assert_eq!(
        e,
        "test.toml:3:1: term `Rebel` is in both `a.x` (line 2) and `a.y`: a term may belong to one category of a group"
    );
}

#[test]
fn same_term_in_two_groups_is_allowed() {
    let lex = parse("[groups.a.categories]\nx = [\"w\"]\n[groups.b.categories]\ny = [\"w\"]\n");
    assert_eq!(lex.unwrap().groups.len(), 2);
}

#[test]
fn rule_syntax_is_read_into_categories_and_terms() {
    let lex = parse(
        r#"[groups.g.categories]
terror = { terms = ["terror*", { term = "attack", weight = 2, exclude = ["heart attack"] }], exclude = ["war on terror"] }
regime = { terms = ["regime"], near = { words = ["assad", "syria*"], window = 4 }, not_near = { words = ["non-proliferation"], window = 1 } }
"#,
    )
    .unwrap();
    let c = &lex.groups[0].categories;
    assert_eq!(c[0].rules.exclude[0].pattern, "war on terror");
    assert_eq!(c[0].terms[1].weight, 2.0);
    assert_eq!(c[0].terms[1].rules.exclude[0].text, "heart attack");
    let near = c[1].rules.near.as_ref().unwrap();
    assert_eq!(near.window, 4);
    assert_eq!(
        (near.words[1].pattern.as_str(), near.words[1].wildcard),
        ("syria", true)
    );
    assert_eq!(
        c[1].rules.not_near.as_ref().unwrap().words[0].pattern,
        "non-proliferation"
    );
    assert_eq!(c[1].line, 3);
}

#[test]
fn nested_categories_get_path_ids() {
    let lex = parse(
        "[groups.g.categories.armed]\nterms = [\"armed men\"]\nterrorist = [\"terrorist*\"]\n[groups.g.categories.armed.foreign]\nfighter = [\"foreign fighter*\"]\n",
    )
    .unwrap();
    let ids: Vec<_> = lex.groups[0]
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, ["armed", "armed/terrorist", "armed/foreign/fighter"]);
    assert_eq!(lex.depth(), 3);
    let l2 = lex.at_level(2);
    let ids: Vec<_> = l2.groups[0]
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, ["armed", "armed/terrorist", "armed/foreign"]);
}

#[test]
fn rule_errors_name_the_position_and_the_fix() {
    assert_eq!(
        err("[groups.a.categories]\nx = { terms = [\"w\"], near = { words = [\"v\"] } }\n"),
        "test.toml:2:29: `near` needs `window` (in words): `near = { words = [\"assad\", \"syria*\"], window = 5 }`"
    );
    assert!(err(
        "[groups.a.categories]\nx = { terms = [\"w\"], near = { words = [\"v\"], window = 0 } }\n"
    )
    .contains("`near.window` must be a whole number of words from 1 to 1000"));
    assert!(
        err("[groups.a.categories]\nx = { terms = [\"w\"], exclude = \"v\" }\n")
            .contains("`exclude` must be a list")
    );
    assert!(err("[groups.a.categories]\nx = { exclude = [\"v\"] }\n").contains("has no `terms`"));
    assert!(
        err("[groups.a.categories]\nx = [{ term = \"w\", weight = \"heavy\" }]\n")
            .contains("`weight` must be a number")
    );
    assert!(
        err("[groups.a]\noverlapping = 1\n[groups.a.categories]\nx = [\"w\"]\n")
            .contains("`overlapping` must be true or false")
    );
    assert!(
        err("[groups.a.categories]\nx = { terms = [\"w\"], exclude = [\"--\"] }\n")
            .contains("in `exclude`: term `--` has no letters or digits")
    );
}

#[test]
fn overlapping_group_allows_a_term_in_two_categories_but_not_twice_in_one() {
    let ok =
        parse("[groups.a]\noverlapping = true\n[groups.a.categories]\nx = [\"w\"]\ny = [\"w\"]\n");
    assert!(ok.is_ok());
    let e = err("[groups.a]\noverlapping = true\n[groups.a.categories]\nx = [\"w\", \"W\"]\n");
    assert_eq!(
        e,
        "test.toml:4:1: term `W` appears twice in `a.x` (also line 4): remove one"
    );
}

#[test]
fn unchecked_parse_collects_every_conflict() {
    let lex = Lexicon::parse_unchecked(
        "[groups.a.categories]\nx = [\"w\", \"v\"]\ny = [\"w\"]\nz = [\"v\"]\n",
        Path::new("t.toml"),
    )
    .unwrap();
    let lines: Vec<_> = lex
        .conflicts
        .iter()
        .map(|c| (c.first_line, c.second_line))
        .collect();
    assert_eq!(lines, [(2, 3), (2, 4)]);
}

#[test]
fn double_star_and_star_after_a_hyphen_are_wildcards() {
    let lex = parse("[groups.a.categories]\nx = [\"heckl**\", \"fair-*\"]\n").unwrap();
    let t = &lex.groups[0].categories[0].terms;
    assert_eq!((t[0].pattern.as_str(), t[0].wildcard), ("heckl", true));
    assert_eq!((t[1].pattern.as_str(), t[1].wildcard), ("fair-", true));
}

fn terms_of(lex: &Lexicon) -> Vec<&Term> {
    lex.groups
        .iter()
        .flat_map(|g| &g.categories)
        .flat_map(|c| &c.terms)
        .collect()
}

#[test]
fn language_flows_down_from_lexicon_to_group_category_and_term() {
    let lex = parse(
        r#"language = "ar"
[groups.a.categories]
x = ["المعارضة", { term = "الإرهابية", clitics = false }]
[groups.b]
language = "ru"
stem = true
[groups.b.categories]
y = { terms = ["Террористы"], language = "ru" }
z = [{ term = "боевик", stem = false }, { term = "rebel*", language = "en", stem = false }]
"#,
    )
    .unwrap();
    let t = terms_of(&lex);
    let ar = Language::from_code("ar").unwrap();
    let ru = Language::from_code("ru").unwrap();
    // Arabic: normalised (alef, ta marbuta), the article left to the clitics.
    assert_eq!(t[0].pattern, "معارضه");
    assert_eq!(t[0].settings.language, Some(ar));
    assert_eq!(t[0].settings.clitics, Some(Clitics::Arabic));
    // Clitics off: the article stays part of the term.
    assert_eq!(t[1].pattern, "الارهابيه");
    assert_eq!(t[1].settings.clitics, None);
    assert_eq!(
        (t[2].pattern.as_str(), t[2].settings.stem),
        ("террористы", true)
    );
    assert_eq!(t[2].settings.language, Some(ru));
    assert!(!t[3].settings.stem);
    assert_eq!(t[4].settings.language.map(|l| l.code()), Some("en"));
    assert_eq!(
        lex.languages(),
        [ar, ru, Language::from_code("en").unwrap()]
    );
}

#[test]
fn a_category_lists_terms_per_language() {
    let lex = parse(
        r#"[groups.armed.categories.terrorist]
terms = { en = ["terrorist*"], ar = ["إرهابي*"], ru = ["террорист*"], tr = ["TERÖRİST*"] }
exclude = ["war on terror"]
"#,
    )
    .unwrap();
    let c = &lex.groups[0].categories[0];
    let got: Vec<(&str, &str)> = c
        .terms
        .iter()
        .map(|t| {
            (
                t.settings.language.map_or("", |l| l.code()),
                t.pattern.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("en", "terrorist"),
            ("ar", "ارهابي"),
            ("ru", "террорист"),
            ("tr", "terörist")
        ]
    );
    assert_eq!(c.rules.exclude[0].pattern, "war on terror");
    assert!(lex.conflicts.is_empty());
}

#[test]
fn leading_star_matches_the_end_of_a_word() {
    let lex = parse("[groups.a.categories]\nx = [\"*ist\", \"*terror*\"]\n").unwrap();
    let t = terms_of(&lex);
    assert_eq!(
        (t[0].pattern.as_str(), t[0].leading_wildcard, t[0].wildcard),
        ("ist", true, false)
    );
    assert_eq!(
        (t[1].pattern.as_str(), t[1].leading_wildcard, t[1].wildcard),
        ("terror", true, true)
    );
    assert!(err("[groups.a.categories]\nx = [\"te*ror\"]\n")
        .contains("`*` is allowed only at the start or the end of a term"));
}

#[test]
fn same_term_in_two_languages_is_not_a_conflict_but_two_arabic_spellings_are() {
    let ok = parse("[groups.a.categories]\nx.terms = { en = [\"isis\"], fr = [\"isis\"] }\n");
    assert!(ok.is_ok());
    let e = err("language = \"ar\"\n[groups.a.categories]\nx = [\"المعارضة\"]\ny = [\"معارضه\"]\n");
    assert!(
        e.contains("term `معارضه` is in both `a.x` (line 3) and `a.y`"),
        "{e}"
    );
}

#[test]
fn language_errors_say_what_to_write() {
    assert_eq!(
        err("language = \"arabic\"\n[groups.a.categories]\nx = [\"w\"]\n"),
        "test.toml:1:12: `arabic` is not an ISO 639-1 language code: write two letters, e.g. `ar` (Arabic), `fa` (Persian), `ru` (Russian), `tr` (Turkish), `en` (English), `zh` (Chinese)"
    );
    assert!(
        err("[groups.a.categories]\nx = [{ term = \"w\", stem = true }]\n")
            .contains("`stem = true` needs the terms' language: add `language = \"ru\"`")
    );
    let e = err("language = \"fa\"\nstem = true\n[groups.a.categories]\nx = [\"w\"]\n");
    assert!(e.starts_with("test.toml:4:6: term `w`: `stem = true`, but there is no Snowball stemmer for Persian (fa); stemmers exist for ar, "), "{e}");
    assert!(e.ends_with("set `stem = false` for these terms"), "{e}");
    assert!(
        err("[groups.a]\nclitics = \"no\"\n[groups.a.categories]\nx = [\"w\"]\n")
            .contains("`clitics` must be true or false")
    );
    assert!(
        err("[groups.a.categories]\nx.terms = { english = [\"w\"] }\n")
            .contains("`english` is not an ISO 639-1 language code")
    );
    assert!(err("[groups.a.categories]\nx.terms = { en = \"w\" }\n")
        .contains("`en` in the terms of `a.x` must be a list of terms"));
    assert!(err("[groups.a.categories]\nx = { language = \"ar\" }\n").contains("has no `terms`"));
}

#[test]
fn rule_words_are_read_in_their_language() {
    let lex = parse(
        r#"[groups.a.categories]
x = { terms = ["إرهابي*"], exclude = ["الحرب على الإرهاب"], language = "ar" }
"#,
    )
    .unwrap();
    let p = &lex.groups[0].categories[0].rules.exclude[0];
    assert_eq!(p.pattern, "حرب علي الارهاب");
    assert_eq!(p.clitics, Some(Clitics::Arabic));
}
