//! Lexicon imports, `lexicon check`, `lexicon import`, `kwic` and `diff`
//! through the library and the binary. The import fixtures in
//! `tests/data/lexicons/` are written for this project (see its README) and
//! hold the same small dictionary in every format; expected values are read
//! off those files by hand.

use assert_cmd::Command;
use framescore::lexicon::Lexicon;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/data/lexicons").join(name)
}

fn framescore() -> Command {
    let mut cmd = Command::cargo_bin("framescore").unwrap();
    cmd.current_dir(root());
    cmd
}

/// (category id, [(term as written, weight, line)]) of a lexicon's one group.
/// Category id and its terms (as written, weight, line).
type Shape = Vec<(String, Vec<(String, f64, usize)>)>;

fn shape(lex: &Lexicon, group: usize) -> Shape {
    lex.groups[group]
        .categories
        .iter()
        .map(|c| {
            (
                c.id.clone(),
                c.terms
                    .iter()
                    .map(|t| (t.text.clone(), t.weight, t.line))
                    .collect(),
            )
        })
        .collect()
}

fn s(v: &str) -> String {
    v.to_string()
}

#[test]
fn liwc_dic_with_header_bom_crlf_multiword_and_two_categories() {
    let lex = Lexicon::load(&fixture("mini.dic")).unwrap();
    assert_eq!(lex.groups.len(), 1);
    assert_eq!(lex.groups[0].id, "mini");
    assert!(lex.groups[0].overlapping, "militant* is in both categories");
    assert_eq!(
        shape(&lex, 0),
        [
            (
                s("terrorist"),
                vec![
                    (s("terrorist*"), 1.0, 5),
                    (s("terror group"), 1.0, 6),
                    (s("militant*"), 1.0, 9)
                ]
            ),
            (
                s("rebel"),
                vec![
                    (s("rebel*"), 1.0, 7),
                    (s("freedom fighter"), 1.0, 8),
                    (s("militant*"), 1.0, 9)
                ]
            ),
        ]
    );
}

#[test]
fn lexicoder_lc3_with_colours_and_leading_spaces() {
    let lex = Lexicon::load(&fixture("mini.lc3")).unwrap();
    let terms: Vec<(String, Vec<String>)> = lex.groups[0]
        .categories
        .iter()
        .map(|c| {
            (
                c.id.clone(),
                c.terms.iter().map(|t| t.text.clone()).collect(),
            )
        })
        .collect();
    assert_eq!(
        terms,
        [
            (
                s("terrorist"),
                vec![s("terrorist*"), s("terror group"), s("militant*")]
            ),
            (
                s("rebel"),
                vec![s("rebel*"), s("freedom fighter"), s("militant*")]
            ),
        ]
    );
    assert_eq!(lex.groups[0].categories[1].terms[0].line, 6);
}

#[test]
fn yaml_nested_keys_and_empty_key_terms() {
    let lex = Lexicon::load(&fixture("mini.yml")).unwrap();
    let ids: Vec<&str> = lex.groups[0]
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, ["terrorist", "rebel", "rebel/romantic"]);
    assert_eq!(lex.term_count(), 6);
    assert_eq!(lex.at_level(1).groups[0].categories[1].terms.len(), 3);
    assert_eq!(lex.groups[0].categories[2].terms[0].line, 4);
}

#[test]
fn wordstat_cat_mixed_indentation_weights_and_underscores() {
    let lex = Lexicon::load(&fixture("mini.cat")).unwrap();
    assert!(!lex.groups[0].overlapping);
    assert_eq!(
        shape(&lex, 0),
        [
            (
                s("ARMED/TERRORIST"),
                vec![(s("TERRORIST*"), 1.0, 3), (s("TERROR GROUP"), 2.0, 4)]
            ),
            (
                s("ARMED/REBEL"),
                vec![(s("REBEL*"), 1.0, 6), (s("FREEDOM FIGHTER"), 0.5, 7)]
            ),
        ]
    );
}

#[test]
fn csv_with_groups_and_weights() {
    let lex = Lexicon::load(&fixture("mini.csv")).unwrap();
    let groups: Vec<&str> = lex.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(groups, ["armed", "state"]);
    assert_eq!(
        shape(&lex, 0),
        [
            (
                s("terrorist"),
                vec![(s("terrorist*"), 3.0, 2), (s("terror group"), 2.5, 3)]
            ),
            (
                s("rebel"),
                vec![(s("rebel*"), 1.0, 4), (s("freedom fighter"), 1.0, 5)]
            ),
        ]
    );
}

#[test]
fn every_format_counts_the_same_text_alike() {
    // One sentence; each format's dictionary finds terrorists, terror group,
    // rebels and freedom fighter (the WordStat and CSV files have no
    // militant*; the overlapping ones count "militants" in both categories).
    let text = "Terrorists, a terror group, rebels, a freedom fighter and militants.";
    for (name, want) in [
        ("mini.dic", 6),
        ("mini.lc3", 6),
        ("mini.yml", 6),
        ("mini.cat", 4),
        ("mini.csv", 4),
    ] {
        let lex = Lexicon::load(&fixture(name)).unwrap();
        let m = framescore::matching::Matcher::new(&lex).unwrap();
        assert_eq!(m.find(text).hits.len(), want, "{name}");
    }
}

#[test]
fn import_round_trips_through_toml() {
    for name in [
        "mini.dic",
        "mini.lc3",
        "mini.yml",
        "mini.cat",
        "mini.csv",
        "syria_rules.toml",
    ] {
        let lex = Lexicon::load(&fixture(name)).unwrap();
        let text = framescore::lexicon::toml_out::to_toml(&lex);
        let back = Lexicon::parse(&text, Path::new("back.toml")).unwrap();
        assert_eq!(back.groups.len(), lex.groups.len(), "{name}");
        for (a, b) in lex.groups.iter().zip(&back.groups) {
            assert_eq!(a.overlapping, b.overlapping, "{name}");
            assert_eq!(a.categories.len(), b.categories.len(), "{name}");
            for (ca, cb) in a.categories.iter().zip(&b.categories) {
                assert_eq!(ca.id, cb.id, "{name}");
                assert_eq!(ca.rules, cb.rules, "{name}");
                let ta: Vec<_> = ca
                    .terms
                    .iter()
                    .map(|t| (t.key(), t.weight, &t.rules))
                    .collect();
                let tb: Vec<_> = cb
                    .terms
                    .iter()
                    .map(|t| (t.key(), t.weight, &t.rules))
                    .collect();
                assert_eq!(ta, tb, "{name}");
            }
        }
    }
}

fn load_text(name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let e = Lexicon::load(&path).unwrap_err().to_string();
    e.replace(&dir.path().display().to_string(), "DIR")
}

#[test]
fn malformed_imports_are_refused_with_file_and_line() {
    assert_eq!(
        load_text("a.dic", "%\n1\tx\n%\nword\t2\n"),
        "DIR/a.dic:4:1: category `2` of `word` is not declared in the `%` header"
    );
    assert_eq!(
        load_text("b.dic", "%\n1\tx\nword\t1\n"),
        "DIR/b.dic:1:1: the category header opened with `%` is never closed: add a `%` line after the last category"
    );
    assert_eq!(
        load_text("c.lc3", "orphan\n+cat\nword\n"),
        "DIR/c.lc3:1:1: term `orphan` comes before any category: start the file with a `+category` line"
    );
    assert_eq!(
        load_text("d.cat", "TOP\n\tWORD (x)\n"),
        "DIR/d.cat:2:1: weight `(x)` of `WORD` is not a number"
    );
    assert_eq!(
        load_text("e.cat", "TOP\n\t\t\tDEEP\n"),
        "DIR/e.cat:2:1: category `DEEP` is indented 3 tabs but its parent has 0: indent it one tab deeper than its parent"
    );
    assert_eq!(
        load_text("f.csv", "category,term,weight\nx,word,heavy\n"),
        "DIR/f.csv:2:1: weight `heavy` is not a number"
    );
    assert_eq!(
        load_text("g.csv", "label,word\nx,y\n"),
        "DIR/g.csv:1:1: a CSV lexicon needs a header row with `category` and `term` columns (optional `group`, `weight`)"
    );
    assert!(load_text("h.yml", "a: [b\n").starts_with("DIR/h.yml:2:1: not valid YAML"));
    assert_eq!(
        load_text("i.yml", "a: [te?t]\n"),
        "DIR/i.yml:1:1: glob `te?t`: `?` (one character) is not supported; use a trailing `*` or list the forms"
    );
}

#[test]
fn unrepresentable_entries_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.lc3");
    std::fs::write(&path, "+cat\nword\n!\nte*st\n").unwrap();
    let lex = Lexicon::load(&path).unwrap();
    assert_eq!(lex.term_count(), 1);
    assert_eq!(lex.notes.len(), 2);
    assert!(
        lex.notes[0].ends_with(
            "n.lc3:3: skipped: term `!` has no letters or digits: it could never match a word"
        ),
        "{}",
        lex.notes[0]
    );
    assert!(
        lex.notes[1].contains("n.lc3:4: skipped: term `te*st`"),
        "{}",
        lex.notes[1]
    );
}

#[test]
fn check_on_the_seed_prints_wildcard_forms_and_exits_zero() {
    let out = framescore()
        .args([
            "lexicon",
            "check",
            "lexicons/syria.toml",
            "--corpus",
            "data/seed",
            "--no-clean",
        ])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // 16 terrorist* matches (tests/data/seed_expected.csv: 3+5+2+2+4):
    // 9 "terrorists" and 7 "terrorist", read off `framescore kwic`.
    assert!(
        stdout.contains("lexicons/syria.toml:19: `terrorist*` -> terrorists 9, terrorist 7"),
        "{stdout}"
    );
    assert!(stdout.contains("0 errors"), "{stdout}");
}

#[test]
fn check_reports_a_duplicate_across_categories_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dup.toml");
    std::fs::write(
        &path,
        "[groups.a.categories]\nx = [\"rebel\", \"w\"]\ny = [\"Rebel\"]\nz = [\"w\"]\n",
    )
    .unwrap();
    let out = framescore()
        .args(["lexicon", "check"])
        .arg(&path)
        .assert()
        .code(2);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("2 errors"), "{stdout}");
    assert!(
        stdout.contains("line 2 and line 3: term `Rebel` is in both `a.x` (line 2) and `a.y`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("line 2 and line 4: term `w` is in both `a.x` (line 2) and `a.z`"),
        "{stdout}"
    );
    // `report` still refuses it.
    framescore()
        .args(["report", "--lexicon"])
        .arg(&path)
        .arg("--out")
        .arg(dir.path().join("r"))
        .assert()
        .code(2);
}

#[test]
fn check_csv_counts_rule_removals_on_the_seed() {
    let out = framescore()
        .args([
            "lexicon",
            "check",
            "tests/data/lexicons/syria_rules.toml",
            "--corpus",
            "data/seed",
            "--no-clean",
            "--csv",
        ])
        .assert()
        .success();
    let mut r = csv::Reader::from_reader(out.get_output().stdout.as_slice());
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let removed: Vec<(String, String)> = rows
        .iter()
        .filter(|r| &r[1] == "rule_removed")
        .map(|r| (r[7].to_string(), r[6].to_string()))
        .collect();
    // Read off the 16 terrorist* and 3 bare "regime" lines of `kwic`:
    // Terrorist Group (Alalam), Islamic State terrorist group (MT); terrorist
    // threat (Press TV); ISIS terrorist attack twice (WordPress, scraped
    // twice); Turkish terrorist organizations (MT); anti- terrorist efforts
    // (Only News); non-proliferation regime twice (Alalam, Press TV).
    let counts: Vec<&str> = removed.iter().map(|(_, c)| c.as_str()).collect();
    assert_eq!(counts, ["2", "1", "2", "1", "1", "2"], "{removed:?}");
    assert!(removed[5].0.contains("regime"), "{removed:?}");
}

#[test]
fn diff_lists_removed_matches_and_moved_counts() {
    let dir = tempfile::tempdir().unwrap();
    let out = framescore()
        .args([
            "diff",
            "lexicons/syria.toml",
            "tests/data/lexicons/syria_rules.toml",
            "--no-clean",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("- ")).count(),
        7,
        "{stdout}"
    );
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("+ ")).count(),
        0,
        "{stdout}"
    );
    let mut r = csv::Reader::from_path(dir.path().join("diff_counts.csv")).unwrap();
    let moved: Vec<(String, String, String, String)> = r
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[6] != "0")
        .map(|r| {
            (
                r[0].to_string(),
                r[4].to_string(),
                r[5].to_string(),
                r[10].to_string(),
            )
        })
        .collect();
    // Shares: Press TV armed_groups had 5 terrorist + 2 others -> 4 of 6;
    // The Moscow Times 4 of 7 -> 2 of 5; WordPress 2 of 6 -> 0 of 4.
    assert_eq!(
        moved,
        [
            (s("Alalam"), s("3"), s("2"), s("1")),
            (s("Only News (blog)"), s("2"), s("1"), s("1")),
            (s("Press TV"), s("5"), s("4"), s("0.6666666667")),
            (s("The Moscow Times"), s("4"), s("2"), s("0.4")),
            (
                s("Unknown outlet (WordPress news site)"),
                s("2"),
                s("0"),
                s("0")
            ),
        ]
    );
    let m = std::fs::read_to_string(dir.path().join("diff_matches.csv")).unwrap();
    assert_eq!(m.lines().count(), 8);
    assert!(m.contains("removed,"), "{m}");
}

#[test]
fn kwic_shows_the_matches_the_report_counts() {
    let out = framescore()
        .args([
            "kwic",
            "--category",
            "armed_groups.terrorist",
            "--outlet",
            "Press TV",
            "--csv",
        ])
        .assert()
        .success();
    let mut r = csv::Reader::from_reader(out.get_output().stdout.as_slice());
    let matched: Vec<String> = r.records().map(|r| r.unwrap()[6].to_string()).collect();
    // Press TV: 5 terrorist matches (tests/data/seed_expected.csv).
    assert_eq!(
        matched,
        [
            "Terrorists",
            "terrorist",
            "terrorists",
            "terrorists",
            "terrorists"
        ]
    );
    let out = framescore()
        .args(["kwic", "--pattern", "regime"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(stdout.contains("non-proliferation [regime]"), "{stdout}");
}

#[test]
fn import_writes_toml_that_report_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("mini.toml");
    framescore()
        .args(["lexicon", "import"])
        .arg(fixture("mini.dic"))
        .arg("--out")
        .arg(&toml)
        .assert()
        .success()
        .stderr(predicates::str::contains("1 groups, 2 categories, 6 terms"));
    framescore()
        .args(["report", "--lexicon"])
        .arg(&toml)
        .arg("--out")
        .arg(dir.path().join("r"))
        .assert()
        .success();
    // And the .dic directly, by extension.
    framescore()
        .args(["report", "--lexicon"])
        .arg(fixture("mini.dic"))
        .arg("--out")
        .arg(dir.path().join("r2"))
        .assert()
        .success();
}

#[test]
fn report_level_rolls_nested_categories_up() {
    // Press TV's article (data/seed/001_*.txt), read by hand: terrorist* 5
    // times, no rebel*/jihadist*/"opposition fighters"; "the Damascus
    // government", "the Syrian government", "anti-Damascus", and one
    // "non-proliferation regime".
    let dir = tempfile::tempdir().unwrap();
    let mut counts = Vec::new();
    for level in ["1", "2"] {
        let out = dir.path().join(level);
        framescore()
            .args([
                "report",
                "--lexicon",
                "tests/data/lexicons/nested.toml",
                "--level",
                level,
                "--out",
            ])
            .arg(&out)
            .assert()
            .success();
        let mut r = csv::Reader::from_path(out.join("counts.csv")).unwrap();
        let rows: Vec<(String, String)> = r
            .records()
            .map(Result::unwrap)
            .filter(|r| &r[0] == "Press TV")
            .map(|r| (r[2].to_string(), r[3].to_string()))
            .collect();
        counts.push(rows);
    }
    assert_eq!(counts[0], [(s("opposition"), s("5")), (s("state"), s("4"))]);
    assert_eq!(
        counts[1],
        [
            (s("opposition/armed"), s("0")),
            (s("opposition/terrorist"), s("5")),
            (s("state/government"), s("3")),
            (s("state/regime"), s("1"))
        ]
    );
}

#[test]
fn weighted_counts_are_written_only_for_weighted_lexicons() {
    // mini.csv weighs terrorist* 3 and "terror group" 2.5; the seeds have no
    // "terror group", and terrorist* matches 3 times in Alalam and 5 in
    // Press TV (tests/data/seed_expected.csv).
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w");
    framescore()
        .args([
            "report",
            "--lexicon",
            "tests/data/lexicons/mini.csv",
            "--no-clean",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let mut r = csv::Reader::from_path(out.join("weighted_counts.csv")).unwrap();
    let rows: Vec<(String, String, String)> = r
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[2] == "terrorist" && (&r[0] == "Alalam" || &r[0] == "Press TV"))
        .map(|r| (r[0].to_string(), r[3].to_string(), r[4].to_string()))
        .collect();
    assert_eq!(
        rows,
        [
            (s("Alalam"), s("3"), s("9")),
            (s("Press TV"), s("5"), s("15"))
        ]
    );
    let plain = dir.path().join("p");
    framescore()
        .args(["report", "--out"])
        .arg(&plain)
        .assert()
        .success();
    assert!(!plain.join("weighted_counts.csv").exists());
}

#[test]
fn report_baseline_adds_the_diff_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b");
    framescore()
        .args([
            "report",
            "--lexicon",
            "tests/data/lexicons/syria_rules.toml",
            "--baseline",
            "lexicons/syria.toml",
            "--no-clean",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        // 59 matches with lexicons/syria.toml (README) less the 7 removed.
        .stderr(predicates::str::contains("52 matches"));
    let m = std::fs::read_to_string(out.join("diff_matches.csv")).unwrap();
    assert_eq!(m.lines().filter(|l| l.starts_with("removed,")).count(), 7);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("href=\"diff_counts.csv\""));
}
