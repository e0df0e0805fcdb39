//! End-to-end tests of `framescore report` through the binary.

mod common;

use assert_cmd::Command;
use common::read_csv;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn framescore() -> Command {
    let mut cmd = Command::cargo_bin("framescore").unwrap();
    cmd.current_dir(root());
    cmd
}

/// Runs the default report into a temporary folder once per test.
fn seed_report() -> (tempfile::TempDir, PathBuf) {
    seed_report_with(&[])
}

/// Runs the report on the seeds with extra arguments.
fn seed_report_with(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("syria");
    framescore()
        .args(["report", "--out"])
        .arg(&out)
        .args(extra)
        .assert()
        .success();
    (dir, out)
}

/// The columns of documents.csv before its per-category counts.
const DOCUMENT_COLUMNS: usize = 7;

/// Asserts documents.csv (one row per article, a `<group>.<category>`
/// column per category) agrees with a hand-count file (file, group,
/// category, count) that has every article x category, zeros included.
fn assert_hand_counts(out: &Path, expected: &str) {
    let expected = read_csv(&root().join(expected));
    let docs = read_csv(&out.join("documents.csv"));
    let categories = docs[0].len() - DOCUMENT_COLUMNS;
    assert_eq!(expected.len(), docs.len() * categories);
    for e in &expected {
        let d = docs
            .iter()
            .find(|d| d["article_id"] == e["file"])
            .unwrap_or_else(|| panic!("no documents.csv row for {e:?}"));
        let column = format!("{}.{}", e["group"], e["category"]);
        assert_eq!(d.get(&column), Some(&e["count"]), "{e:?} (column {column})");
    }
}

fn n(row: &BTreeMap<String, String>, col: &str) -> u64 {
    row[col].parse().unwrap()
}

#[test]
fn report_writes_every_output() {
    let (_dir, out) = seed_report();
    for f in [
        "counts.csv",
        "counts_wide.csv",
        "documents.csv",
        "tests.csv",
        "residuals.csv",
        "pairwise.csv",
        "matches.csv",
        "terms.csv",
        "cleaning.csv",
        "syndication.csv",
        "index.html",
        "run.json",
        "charts/rates.png",
        "charts/shares_armed_groups.png",
        "charts/shares_islamic_state.png",
        "charts/shares_syrian_state.png",
    ] {
        assert!(out.join(f).is_file(), "missing {f}");
    }
    let parent: Vec<_> = fs::read_dir(out.parent().unwrap()).unwrap().collect();
    assert_eq!(parent.len(), 1, "staging folder left behind");
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    for link in ["counts.csv", "matches.csv", "charts/rates.png", "run.json"] {
        assert!(
            html.contains(&format!("\"{link}\"")),
            "index.html lacks {link}"
        );
    }
    assert!(
        html.contains("single article"),
        "one-article caveat missing"
    );
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["corpus"]["articles"], 5);
    assert_eq!(run["lexicon"]["sha256"].as_str().unwrap().len(), 64);
}

/// The hand counts in tests/data/seed_expected.csv, made by reading the
/// raw articles, agree with documents.csv when nothing is cleaned.
#[test]
fn seed_counts_agree_with_hand_counts() {
    let (_dir, out) = seed_report_with(&["--no-clean"]);
    assert_hand_counts(&out, "tests/data/seed_expected.csv");
}

/// With cleaning (the default), the hand counts of the cleaned articles in
/// tests/data/seed_expected_clean.csv (each change says why) agree: the
/// doubled WordPress page halves (ISIS 14 -> 7), Alalam's JSON headlines
/// stop counting (terrorist 3 -> 1).
#[test]
fn cleaned_seed_counts_agree_with_hand_counts() {
    let (_dir, out) = seed_report();
    assert_hand_counts(&out, "tests/data/seed_expected_clean.csv");
    let cleaning = read_csv(&out.join("cleaning.csv"));
    let rules = |id: &str, rule: &str| {
        cleaning
            .iter()
            .filter(|r| r["article_id"].starts_with(id) && r["rule"] == rule)
            .count()
    };
    assert_eq!(rules("000", "non_prose"), 1);
    assert_eq!(rules("002", "repeated_paragraph"), 12);
    assert_eq!(rules("004", "repeated_paragraph"), 1);
    assert_eq!(cleaning.len(), 14);
}

/// Alalam (000) republished Press TV's story (001): the pair is found and,
/// by default, counted for both with a warning on the page.
#[test]
fn seed_syndication_pair_is_found() {
    let (_dir, out) = seed_report();
    let pairs = read_csv(&out.join("syndication.csv"));
    assert_eq!(pairs.len(), 1);
    let p = &pairs[0];
    assert_eq!(
        (
            p["outlet_a"].as_str(),
            p["outlet_b"].as_str(),
            p["counted"].as_str()
        ),
        ("Alalam", "Press TV", "both")
    );
    assert!(p["containment"].parse::<f64>().unwrap() >= 0.8, "{p:?}");
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains(
        "Near-copies across outlets (syndicated or republished stories): 1 pair of articles"
    ));
    // --syndicated first keeps the earlier copy; both are dated 2016-12-01,
    // so corpus order decides: Alalam (000) is kept, Press TV (001) dropped.
    let (_dir, out) = seed_report_with(&["--syndicated", "first"]);
    let pairs = read_csv(&out.join("syndication.csv"));
    assert_eq!(pairs[0]["counted"], "a");
    let counts = read_csv(&out.join("counts.csv"));
    assert!(counts.iter().all(|r| r["outlet"] != "Press TV"));
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["input"]["syndication"]["articles_dropped"], 1);
    assert_eq!(run["corpus"]["articles"], 4);
}

#[test]
fn counts_add_up() {
    let (_dir, out) = seed_report();
    let counts = read_csv(&out.join("counts.csv"));
    let matches = read_csv(&out.join("matches.csv"));
    let docs = read_csv(&out.join("documents.csv"));
    let total: u64 = counts.iter().map(|r| n(r, "count")).sum();
    assert_eq!(total as usize, matches.len());
    assert_eq!(total, 44);
    assert_eq!(docs.len(), 5, "one row per article");
    for c in &counts {
        let column = format!("{}.{}", c["group"], c["category"]);
        let per_article: u64 = docs
            .iter()
            .filter(|d| d["outlet"] == c["outlet"])
            .map(|d| n(d, &column))
            .sum();
        assert_eq!(per_article, n(c, "count"), "{c:?}");
        let group_total: u64 = counts
            .iter()
            .filter(|o| o["outlet"] == c["outlet"] && o["group"] == c["group"])
            .map(|o| n(o, "count"))
            .sum();
        assert_eq!(group_total, n(c, "group_total"));
    }
    // Every match's text is where matches.csv says it is: the offsets index
    // the original article, cleaning or not.
    let manifest = read_csv(&root().join("data/seed/manifest.csv"));
    for m in &matches {
        let file = &manifest
            .iter()
            .find(|r| r["file"] == m["article_id"])
            .unwrap()["file"];
        let text = fs::read_to_string(root().join("data/seed").join(file)).unwrap();
        let (s, e) = (n(m, "byte_start") as usize, n(m, "byte_end") as usize);
        assert_eq!(&text[s..e], m["matched_text"]);
    }
}

/// counts.csv for the seeds is stable; regenerate with UPDATE_SNAPSHOTS=1.
#[test]
fn seed_counts_snapshot() {
    let (_dir, out) = seed_report();
    let got = fs::read_to_string(out.join("counts.csv")).unwrap();
    let snap = root().join("tests/snapshots/seed_counts.csv");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        fs::create_dir_all(snap.parent().unwrap()).unwrap();
        fs::write(&snap, &got).unwrap();
    }
    let want = fs::read_to_string(&snap).expect("snapshot missing: run with UPDATE_SNAPSHOTS=1");
    assert_eq!(
        got, want,
        "counts.csv changed; review and UPDATE_SNAPSHOTS=1 if intended"
    );
}

#[test]
fn charts_decode_and_are_not_blank() {
    let (_dir, out) = seed_report();
    for entry in fs::read_dir(out.join("charts")).unwrap() {
        let path = entry.unwrap().path();
        let mut decoder = png::Decoder::new(fs::File::open(&path).unwrap());
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert!(
            info.width >= 700 && info.height >= 300,
            "{}",
            path.display()
        );
        let px = info.line_size / info.width as usize;
        let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(px).collect();
        let non_white = pixels.iter().filter(|p| p[..3] != [255, 255, 255]).count();
        assert!(
            non_white * 20 > pixels.len(),
            "{} is nearly blank",
            path.display()
        );
        // The first outlet's (or first label's) Okabe-Ito orange is drawn.
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("residuals_")
                || (name.starts_with("terms_") && name != "terms_1.png")
                || pixels.iter().any(|p| p[..3] == [0xE6, 0x9F, 0x00]),
            "{} lacks the first outlet colour",
            path.display()
        );
    }
}

#[test]
fn malformed_lexicon_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let lex = dir.path().join("bad.toml");
    fs::write(
        &lex,
        "[groups.a.categories]\nx = [\"ok\"]\ny = [\"ter*ror\"]\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let assert = framescore()
        .args(["report", "--lexicon"])
        .arg(&lex)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("bad.toml:3:6: term `ter*ror`"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn bad_corpus_keeps_the_previous_report() {
    let (dir, out) = seed_report();
    let before = fs::read_to_string(out.join("counts.csv")).unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).unwrap();
    fs::write(
        corpus.join("manifest.csv"),
        "file,outlet\na.txt,X\nb.txt,Y\n",
    )
    .unwrap();
    fs::write(corpus.join("a.txt"), "terrorists").unwrap();
    fs::write(corpus.join("b.txt"), b"rebels \xC3\x28").unwrap();
    let assert = framescore()
        .args(["report", "--corpus"])
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("b.txt: invalid UTF-8 at byte offset 7"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(out.join("counts.csv")).unwrap(), before);
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 2, "staging folder left behind");
}

#[test]
fn foreign_folder_is_not_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("thesis");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("chapter1.docx"), "precious").unwrap();
    framescore()
        .args(["report", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates_str("was not written by framescore"));
    assert!(out.join("chapter1.docx").exists());
    framescore()
        .args(["report", "--force", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(!out.join("chapter1.docx").exists());
    assert!(out.join("counts.csv").exists());
}

#[test]
fn outlet_folders_and_tables_are_corpora() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("by_outlet");
    fs::create_dir_all(corpus.join("A")).unwrap();
    fs::create_dir_all(corpus.join("B")).unwrap();
    fs::write(corpus.join("A/1.txt"), "The rebels and the\nrebels.").unwrap();
    fs::write(corpus.join("B/1.txt"), "Terrorists, said Damascus.").unwrap();
    let table = dir.path().join("t.csv");
    fs::write(
        &table,
        "id,outlet,text\n1,A,\"The rebels and the\nrebels.\"\n2,B,\"Terrorists, said Damascus.\"\n",
    )
    .unwrap();
    let mut outputs = Vec::new();
    for (i, c) in [&corpus, &table].iter().enumerate() {
        let out = dir.path().join(format!("out{i}"));
        framescore()
            .args(["report", "--corpus"])
            .arg(c)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        outputs.push(fs::read_to_string(out.join("counts.csv")).unwrap());
    }
    assert_eq!(outputs[0], outputs[1]);
    let rows = read_csv(&dir.path().join("out0/counts.csv"));
    let rebel = rows
        .iter()
        .find(|r| r["outlet"] == "A" && r["category"] == "rebel")
        .unwrap();
    assert_eq!((n(rebel, "count"), n(rebel, "tokens")), (2, 5));
    assert_eq!(rebel["share"], "1");
}

#[test]
fn help_has_examples() {
    framescore()
        .args(["report", "--help"])
        .assert()
        .success()
        .stdout(predicates_str("Examples:"));
}

fn predicates_str(needle: &'static str) -> impl predicates::Predicate<str> {
    predicates::str::contains(needle)
}
