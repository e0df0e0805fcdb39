//! End-to-end checks of the article-level statistics: intervals.csv,
//! compare.csv, distinctive_terms.csv and the resampling rows of tests.csv,
//! on the seed corpus and on a small generated corpus with several articles
//! per outlet.

mod common;

use assert_cmd::Command;
use common::read_csv;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn framescore() -> Command {
    let mut cmd = Command::cargo_bin("framescore").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn f(row: &BTreeMap<String, String>, col: &str) -> Option<f64> {
    row[col].parse().ok()
}

/// Three outlets, 3, 6 and 8 articles, with different label habits; the
/// words vary by article so the bootstrap has something to resample.
fn small_corpus(dir: &Path) -> PathBuf {
    let habits = [
        ("Alpha Post", 3, ["terrorists", "rebels", "Damascus"]),
        ("Beta News", 6, ["rebels", "militants", "the regime"]),
        ("Gamma Daily", 8, ["insurgents", "terrorists", "ISIS"]),
    ];
    let mut w = csv::Writer::from_path(dir.join("articles.csv")).unwrap();
    w.write_record(["id", "outlet", "text"]).unwrap();
    for (outlet, n, words) in habits {
        for a in 0..n {
            // Each article its own (identical texts of one outlet are counted
            // once, as duplicates).
            let mut text = format!("Report {a} from the region. ");
            for (k, word) in words.iter().enumerate() {
                for _ in 0..(a + k) % 4 {
                    text.push_str(&format!("Officials spoke of {word} again. "));
                }
            }
            w.write_record([format!("{outlet}-{a}"), outlet.to_string(), text])
                .unwrap();
        }
    }
    w.flush().unwrap();
    dir.join("articles.csv")
}

fn report(corpus: &Path, out: &Path, extra: &[&str]) {
    framescore()
        .args(["report", "--corpus"])
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
        .success();
}

#[test]
fn seeds_say_one_article_supports_no_article_level_inference() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    framescore()
        .args(["report", "--out"])
        .arg(&out)
        .assert()
        .success();
    for row in read_csv(&out.join("intervals.csv")) {
        assert_eq!(row["articles_flag"], "fewer_than_2_articles");
        assert_eq!(row["rate_low_article"], "");
        assert!(
            row["note"].contains("no article-level inference"),
            "{row:?}"
        );
    }
    let tests = read_csv(&out.join("tests.csv"));
    let perm: Vec<_> = tests
        .iter()
        .filter(|r| r["test"] == "article_permutation")
        .collect();
    assert_eq!(perm.len(), 3);
    for r in perm {
        assert_eq!(r["level"], "article");
        assert!(r["note"].contains("one article per outlet supports no article-level inference"));
    }
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    for needle in [
        "Methods used",
        "compare.csv",
        "intervals.csv",
        "distinctive_terms.csv",
    ] {
        assert!(html.contains(needle), "index.html lacks {needle}");
    }
    assert!(!read_csv(&out.join("compare.csv")).is_empty());
    assert!(!read_csv(&out.join("distinctive_terms.csv")).is_empty());
}

/// Property checks on a corpus with several articles per outlet: every
/// outlet gets article-level intervals that contain their estimate, every
/// p-value is a probability, a permutation p is at least 1 / (B + 1), and
/// the same seed gives byte-identical tables at 1 and 2 threads.
#[test]
fn article_level_results_are_sound_and_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = small_corpus(dir.path());
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    report(&corpus, &a, &["--seed", "7", "--threads", "1"]);
    report(&corpus, &b, &["--seed", "7", "--threads", "2"]);
    report(&corpus, &c, &["--seed", "8"]);
    for name in [
        "intervals.csv",
        "compare.csv",
        "tests.csv",
        "distinctive_terms.csv",
        "counts.csv",
    ] {
        let (x, y) = (
            fs::read(a.join(name)).unwrap(),
            fs::read(b.join(name)).unwrap(),
        );
        assert!(
            x == y,
            "{name} differs between 1 and 2 threads with the same seed"
        );
    }
    assert_ne!(
        fs::read(a.join("intervals.csv")).unwrap(),
        fs::read(c.join("intervals.csv")).unwrap(),
        "another seed should move the bootstrap intervals"
    );
    assert!(a.join("charts/rates_article.png").is_file());
    let intervals = read_csv(&a.join("intervals.csv"));
    for row in &intervals {
        assert_eq!(row["resamples"], "2000", "{row:?}");
        let flag = if row["outlet"] == "Alpha Post" {
            "fewer_than_5_articles"
        } else {
            ""
        };
        assert_eq!(row["articles_flag"], flag);
        for (est, low, high) in [
            ("rate_per_1k", "rate_low_article", "rate_high_article"),
            ("rate_per_1k", "rate_low_token", "rate_high_token"),
            ("share", "share_low_article", "share_high_article"),
            ("share", "share_low_token", "share_high_token"),
        ] {
            if let (Some(e), Some(l), Some(h)) = (f(row, est), f(row, low), f(row, high)) {
                assert!(l <= e && e <= h, "{est} {e} not in [{l}, {h}]: {row:?}");
            }
        }
        assert!(f(row, "rate_low_article").is_some(), "{row:?}");
    }
    for row in read_csv(&a.join("compare.csv")) {
        for col in ["p_value", "p_adjusted"] {
            let p = f(&row, col).unwrap();
            assert!((0.0..=1.0).contains(&p), "{col} = {p}");
        }
        assert!(f(&row, "p_adjusted").unwrap() >= f(&row, "p_value").unwrap());
        assert_eq!(row["adjust"], "holm");
    }
    let tests = read_csv(&a.join("tests.csv"));
    let perms: Vec<_> = tests
        .iter()
        .filter(|r| r["test"] == "article_permutation" && !r["p_value"].is_empty())
        .collect();
    assert!(!perms.is_empty());
    for r in perms {
        let p = f(r, "p_value").unwrap();
        // CSV cells keep 10 significant digits.
        assert!(
            (1.0 / 2001.0 * (1.0 - 1e-9)..=1.0).contains(&p),
            "permutation p = {p}"
        );
        assert_eq!(r["resamples"], "2000");
    }
}

/// Each outlet's bootstrap draws from its own stream (named by the
/// outlet), so its intervals do not depend on which other outlets are in
/// the corpus or in what order they are processed: the property that keeps
/// results identical at any thread count.
#[test]
fn an_outlets_intervals_do_not_depend_on_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = small_corpus(dir.path());
    let text = fs::read_to_string(&corpus).unwrap();
    let without_beta: String = text
        .lines()
        .filter(|l| !l.contains(",Beta News,"))
        .map(|l| format!("{l}\n"))
        .collect();
    let fewer = dir.path().join("fewer.csv");
    fs::write(&fewer, without_beta).unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    report(&corpus, &a, &["--permutations", "0"]);
    report(&fewer, &b, &["--permutations", "0"]);
    let gamma = |out: &Path| -> Vec<BTreeMap<String, String>> {
        read_csv(&out.join("intervals.csv"))
            .into_iter()
            .filter(|r| r["outlet"] == "Gamma Daily")
            .collect()
    };
    let (x, y) = (gamma(&a), gamma(&b));
    assert!(!x.is_empty());
    assert_eq!(x, y);
}

#[test]
fn adjust_bh_and_background_prior() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = small_corpus(dir.path());
    let bg = dir.path().join("bg.csv");
    fs::write(&bg, "term,count\nterrorists,50\nrebels,20\nisis,7\n").unwrap();
    let out = dir.path().join("r");
    report(
        &corpus,
        &out,
        &[
            "--adjust",
            "bh",
            "--background",
            bg.to_str().unwrap(),
            "--bootstrap",
            "200",
        ],
    );
    assert!(read_csv(&out.join("compare.csv"))
        .iter()
        .all(|r| r["adjust"] == "bh"));
    let terms = read_csv(&out.join("distinctive_terms.csv"));
    assert!(!terms.is_empty());
    assert!(terms.iter().all(|r| r["prior_source"] == "background"));

    fs::write(&bg, "word,n\nx,1\n").unwrap();
    framescore()
        .args(["report", "--corpus"])
        .arg(&corpus)
        .arg("--out")
        .arg(dir.path().join("bad"))
        .arg("--background")
        .arg(&bg)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("term"));
}
