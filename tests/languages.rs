//! Matching in languages, through the public API and the binary: each
//! fixture in `tests/fixtures/languages/` is a lexicon (`NAME.toml`) and an
//! article (`NAME.txt`) whose first line states the expected counts
//! (`# expect: group.category=N ...`) and whose second lists every written
//! form that must match (`# forms: ...`, `|` between them when some are
//! phrases) and no other. A fixture without a lexicon of its own is for
//! the shipped `lexicons/NAME_syria.toml`.

mod common;

use common::{framescore, read_csv, root};
use framescore::lexicon::Lexicon;
use framescore::matching::Matcher;
use std::collections::BTreeMap;

/// Counts per `group.category` and matched forms (lower-cased): expected
/// by the fixture, then found.
struct Outcome {
    expected: BTreeMap<String, u64>,
    want: Vec<String>,
    got: BTreeMap<String, u64>,
    found: Vec<String>,
}

fn run(name: &str) -> Outcome {
    let dir = root().join("tests/fixtures/languages");
    let own = dir.join(format!("{name}.toml"));
    // A fixture without its own lexicon is for the shipped one.
    let path = if own.exists() {
        own
    } else {
        root().join(format!("lexicons/{name}_syria.toml"))
    };
    let lexicon = Lexicon::load(&path).unwrap();
    let matcher = Matcher::new(&lexicon).unwrap();
    let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
    let mut lines = text.splitn(3, '\n');
    let expect = lines.next().unwrap().strip_prefix("# expect:").unwrap();
    let forms = lines.next().unwrap().strip_prefix("# forms:").unwrap();
    let body = lines.next().unwrap();
    let mut expected = BTreeMap::new();
    for item in expect.split_whitespace() {
        let (k, v) = item.split_once('=').unwrap();
        expected.insert(k.to_string(), v.parse::<u64>().unwrap());
    }
    // Forms are separated by white space, or by `|` when some are phrases.
    let mut want: Vec<String> = if forms.contains('|') {
        forms.split('|').map(|f| f.trim().to_lowercase()).collect()
    } else {
        forms.split_whitespace().map(str::to_lowercase).collect()
    };
    want.sort();
    let mut got = BTreeMap::new();
    let mut found = Vec::new();
    for hit in matcher.find(body).hits {
        let cat = &matcher.categories()[hit.category];
        *got.entry(format!("{}.{}", cat.group_id, cat.id))
            .or_insert(0) += 1;
        found.push(body[hit.start..hit.end].to_lowercase());
    }
    found.sort();
    Outcome {
        expected,
        want,
        got,
        found,
    }
}

fn check(name: &str) {
    let o = run(name);
    assert_eq!(o.got, o.expected, "{name}: counts");
    assert_eq!(o.found, o.want, "{name}: the forms matched, as written");
}

#[test]
fn russian_stems_match_every_case_ending_and_nothing_else() {
    check("russian");
}

/// `lexicons/arabic_syria.toml`: clitics, hamza, alef maqsura and ta
/// marbuta variants, a shadda, the longer phrase winning.
#[test]
fn the_shipped_arabic_lexicon_on_a_hand_checked_article() {
    check("arabic");
}

#[test]
fn turkish_dotted_and_dotless_capital_i() {
    check("turkish");
}

#[test]
fn persian_and_arabic_kaf_and_yeh() {
    check("persian");
}

/// `lexicon check --corpus` lists the written forms each entry in a
/// language matched, per article language; `count --group-by language`
/// detects a missing language.
#[test]
fn lexicon_check_shows_written_forms_per_language_and_count_groups_by_language() {
    let d = tempfile::tempdir().unwrap();
    let corpus = d.path().join("articles.csv");
    std::fs::write(
        &corpus,
        "id,outlet,language,text\n\
         1,A,ar,قالت المعارضة والمعارضة للمعارضة المعارضه إن الإرهابيين والارهابيين\n\
         2,B,ru,Террористы и террористов; боевики\n\
         3,B,,Террористы опять\n\
         4,C,en,The terrorists and rebels\n",
    )
    .unwrap();
    let lexicon = d.path().join("multi.toml");
    std::fs::write(
        &lexicon,
        r#"[groups.armed.categories]
terrorist.terms = { ar = ["إرهابي*"], ru = [{ term = "террорист", stem = true }], en = ["terrorist*"] }
opposition.terms = { ar = ["المعارضة"], en = ["rebel*"], ru = ["боевик*"] }
"#,
    )
    .unwrap();
    let out = framescore()
        .args(["lexicon", "check"])
        .arg(&lexicon)
        .arg("--corpus")
        .arg(&corpus)
        .arg("--csv")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for line in [
        "`إرهابي*` (ar) -> الإرهابيين 1, والارهابيين 1",
        "`террорист` (ru) -> террористы 2, террористов 1",
        "`المعارضة` (ar) -> المعارضة 1, المعارضه 1, للمعارضة 1, والمعارضة 1",
    ] {
        assert!(text.contains(line), "{line} not in\n{text}");
    }
    assert!(
        text.contains("note,written_forms,armed,terrorist,террорист,"),
        "{text}"
    );
    let counts = d.path().join("counts.csv");
    framescore()
        .args(["count", "--group-by", "language", "--corpus"])
        .arg(&corpus)
        .arg("--lexicon")
        .arg(&lexicon)
        .arg("--out")
        .arg(&counts)
        .assert()
        .success();
    let rows = read_csv(&counts);
    let count = |outlet: &str, category: &str| -> String {
        rows.iter()
            .find(|r| r["outlet"] == outlet && r["category"] == category)
            .map(|r| r["count"].clone())
            .unwrap_or_default()
    };
    // Article 3 has no language: detected as Russian.
    assert_eq!(count("ru", "terrorist"), "3");
    assert_eq!(count("ru", "opposition"), "1");
    assert_eq!(count("ar", "terrorist"), "2");
    assert_eq!(count("ar", "opposition"), "4");
    assert_eq!(count("en", "terrorist"), "1");
    assert_eq!(count("en", "opposition"), "1");
}

/// A report on articles in three languages with Arabic outlet and label
/// names: `languages.csv` has each language's counts, tokens and rates; the
/// page says rates are not comparable across languages, keeps Arabic names
/// in order inside English sentences (`<bdi>`) and in `dir="auto"` cells;
/// `documents.csv` has each article's language and its metadata.
#[test]
fn a_report_in_several_languages_says_so_and_keeps_right_to_left_names_in_order() {
    let d = tempfile::tempdir().unwrap();
    let corpus = d.path().join("articles.csv");
    std::fs::write(
        &corpus,
        "id,outlet,language,byline,text\n\
         1,الجزيرة,ar,مراسل,قالت المعارضة إن الإرهابيين والارهابيين\n\
         2,الجزيرة,ar,,المعارضة والمعارضة\n\
         3,RT,ru,Ivanov,Террористы и террористов; боевики\n\
         4,RT,ru,,Боевики\n\
         5,BBC,en,Smith,The terrorists and rebels and rebels\n\
         6,BBC,en,,More rebels\n",
    )
    .unwrap();
    let lexicon = d.path().join("multi.toml");
    std::fs::write(
        &lexicon,
        r#"[groups.armed.categories]
"إرهابي".terms = { ar = ["إرهابي*"], ru = [{ term = "террорист", stem = true }], en = ["terrorist*"] }
"معارضة".terms = { ar = ["المعارضة"], en = ["rebel*"], ru = ["боевик*"] }
"#,
    )
    .unwrap();
    let out = d.path().join("report");
    common::report(&corpus, &lexicon, &out).assert().success();

    let rows = read_csv(&out.join("languages.csv"));
    let row = |language: &str, category: &str| {
        rows.iter()
            .find(|r| r["language"] == language && r["category"] == category)
            .unwrap_or_else(|| panic!("no row {language} {category}"))
            .clone()
    };
    // By hand: ar 2 articles, 5 + 2 tokens; 2 terrorist, 3 opposition.
    let ar = row("ar", "إرهابي");
    assert_eq!(
        (
            ar["count"].as_str(),
            ar["tokens"].as_str(),
            ar["articles"].as_str()
        ),
        ("2", "7", "2")
    );
    assert_eq!(ar["rate_per_1k"], "285.7142857");
    assert_eq!(ar["language_name"], "Arabic");
    assert_eq!(row("ar", "معارضة")["share"], "0.6");
    assert_eq!(row("ru", "إرهابي")["count"], "2");
    assert_eq!(row("ru", "معارضة")["count"], "2");
    assert_eq!(row("en", "معارضة")["count"], "3");
    assert_eq!(rows.len(), 6);

    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        page.contains("Rates (matches per 1,000 tokens) are not comparable across languages"),
        "no caveat"
    );
    assert!(page.contains("<a href=\"languages.csv\">languages.csv</a>"));
    assert!(
        page.contains("<td dir=\"auto\">الجزيرة</td>"),
        "outlet cell"
    );
    assert!(
        page.contains(
            "<li><bdi>الجزيرة</bdi>: &quot;<bdi>معارضة</bdi>&quot; in 3 of 5 armed matches"
        ),
        "headline with isolated names"
    );
    assert!(!page.contains('\u{2068}') && !page.contains('\u{2069}'));

    // One row per article, a count column per category.
    let docs = read_csv(&out.join("documents.csv"));
    let first = &docs[0];
    assert_eq!(first["language"], "ar");
    assert_eq!(first["metadata"], r#"{"language":"ar","byline":"مراسل"}"#);
    assert_eq!(docs[1]["metadata"], r#"{"language":"ar"}"#);
    assert!(docs.iter().all(|r| !r["language"].is_empty()));
    let languages: Vec<&str> = docs.iter().map(|r| r["language"].as_str()).collect();
    assert_eq!(languages, ["ar", "ar", "ru", "ru", "en", "en"]);
    // The hand count above, per article: ar's 2 terrorist matches are both
    // in article 1; its 3 opposition matches are 1 in article 1, 2 in 2.
    let cell = |row: usize, category: &str| docs[row][&format!("armed.{category}")].clone();
    assert_eq!(
        [
            cell(0, "إرهابي"),
            cell(0, "معارضة"),
            cell(1, "إرهابي"),
            cell(1, "معارضة")
        ],
        ["2", "1", "0", "2"]
    );
    assert_eq!(first["tokens"], "5");
}
