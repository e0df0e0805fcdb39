//! `--tables`: which per-article tables `report`, `count --shard` and
//! `merge` write, and what the page and `run.json` say of the others.

mod common;

use common::{framescore, read_csv, FAST};
use std::path::Path;

fn run_json(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap()
}

fn page(out: &Path) -> String {
    std::fs::read_to_string(out.join("index.html")).unwrap()
}

#[test]
fn a_report_writes_only_the_chosen_tables_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let (all, some) = (tmp.path().join("all"), tmp.path().join("some"));
    for (out, tables) in [(&all, "all"), (&some, "documents")] {
        framescore()
            .arg("report")
            .args(FAST)
            .args(["--tables", tables])
            .arg("--out")
            .arg(out)
            .assert()
            .success();
    }
    assert!(some.join("documents.csv").is_file());
    assert!(!some.join("matches.csv").exists());
    assert!(!some.join("cleaning.csv").exists());
    // The table written is the same; the rest of the report too.
    for f in ["documents.csv", "counts.csv", "tests.csv"] {
        assert_eq!(
            std::fs::read(all.join(f)).unwrap(),
            std::fs::read(some.join(f)).unwrap(),
            "{f}"
        );
    }
    let html = page(&some);
    assert!(
        html.contains("<li>matches.csv (not written: left out with <code>--tables</code>): every match with its context"),
        "{html}"
    );
    assert!(html.contains("<li>cleaning.csv (not written: left out with <code>--tables</code>)"));
    // The size of what was written, in the downloads list.
    let bytes = std::fs::metadata(some.join("documents.csv")).unwrap().len();
    let size = format!("{:.1} KB", bytes as f64 / 1e3);
    assert!(
        html.contains(&format!(
            "<a href=\"documents.csv\">documents.csv</a> ({size}): one row per article"
        )),
        "{html}"
    );
    let run = run_json(&some);
    let tables = &run["per_article_tables"];
    assert_eq!(tables["documents.csv"]["bytes"], bytes);
    assert_eq!(tables["documents.csv"]["written"], true);
    assert_eq!(tables["matches.csv"]["written"], false);
    assert!(tables["matches.csv"]["bytes"].is_null());
    assert_eq!(
        run_json(&all)["per_article_tables"]["cleaning.csv"]["written"],
        true
    );
    // Both workbooks hold the sheets of the tables written, no others.
    let sheets = |out: &Path| -> Vec<String> {
        use calamine::Reader;
        calamine::open_workbook_auto(out.join("report.xlsx"))
            .unwrap()
            .sheet_names()
    };
    assert!(sheets(&all).contains(&"matches".to_string()));
    let some_sheets = sheets(&some);
    assert!(some_sheets.contains(&"documents".to_string()));
    assert!(
        !some_sheets.contains(&"matches".to_string()),
        "{some_sheets:?}"
    );
    assert!(!some_sheets.contains(&"cleaning".to_string()));
}

#[test]
fn none_writes_no_per_article_table_and_bad_lists_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("none");
    framescore()
        .arg("report")
        .args(FAST)
        .args(["--tables", "none", "--no-xlsx"])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    for f in ["documents.csv", "matches.csv", "cleaning.csv"] {
        assert!(!out.join(f).exists(), "{f}");
    }
    assert_eq!(page(&out).matches("(not written: left out with").count(), 3);
    for (list, says) in [
        ("matches,counts", "`counts` is not a per-article table"),
        ("none,matches", "`none` cannot be combined"),
    ] {
        framescore()
            .args(["report", "--tables", list])
            .arg("--out")
            .arg(tmp.path().join("bad"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains(format!(
                "invalid value '{list}' for '--tables <LIST>': {says}"
            )));
    }
    assert!(!tmp.path().join("bad").exists());
    // --tables belongs to a shard, not to the plain count.
    framescore()
        .args(["count", "--tables", "none"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--shard"));
}

#[test]
fn shards_write_the_chosen_tables_and_merge_writes_those_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let single = tmp.path().join("single");
    framescore()
        .arg("report")
        .args(FAST)
        .arg("--no-xlsx")
        .arg("--out")
        .arg(&single)
        .assert()
        .success();
    let parts: Vec<_> = (1..=2)
        .map(|k| {
            let part = tmp.path().join(format!("part{k}"));
            framescore()
                .args([
                    "count",
                    "--shard",
                    &format!("{k}/2"),
                    "--tables",
                    "documents,matches",
                ])
                .arg("--out")
                .arg(&part)
                .assert()
                .success();
            assert!(part.join("documents.csv").is_file());
            assert!(!part.join("cleaning.csv").exists());
            part
        })
        .collect();
    let merged = tmp.path().join("merged");
    framescore()
        .arg("merge")
        .args(&parts)
        .args(FAST)
        .args(["--tables", "documents,cleaning"])
        .arg("--out")
        .arg(&merged)
        .assert()
        .success();
    // documents: asked for and written by the shards, the single run's
    // table byte for byte; matches: left out by the merge; cleaning: no
    // shard wrote it.
    assert_eq!(
        std::fs::read(single.join("documents.csv")).unwrap(),
        std::fs::read(merged.join("documents.csv")).unwrap()
    );
    assert_eq!(read_csv(&merged.join("documents.csv")).len(), 5);
    assert!(!merged.join("matches.csv").exists());
    assert!(!merged.join("cleaning.csv").exists());
    // Its workbook has a sheet for the one table written.
    use calamine::Reader;
    let book = calamine::open_workbook_auto(merged.join("report.xlsx")).unwrap();
    let sheets = book.sheet_names();
    assert!(sheets.contains(&"documents".to_string()), "{sheets:?}");
    assert!(!sheets.contains(&"cleaning".to_string()), "{sheets:?}");
    assert!(!sheets.contains(&"matches".to_string()), "{sheets:?}");
    let tables = &run_json(&merged)["per_article_tables"];
    assert_eq!(tables["documents.csv"]["written"], true);
    assert_eq!(tables["matches.csv"]["written"], false);
    assert_eq!(tables["cleaning.csv"]["written"], false);
}
