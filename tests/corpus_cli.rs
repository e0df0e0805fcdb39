//! End-to-end tests of reading corpora through `framescore report`: bad
//! rows (file and line, nothing written), `--on-error skip`, `--group-by`,
//! `--period`, boilerplate cleaning across articles.

mod common;

use common::read_csv;

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// `framescore report --corpus CORPUS --out OUT ARGS...`, asserted later.
fn report(corpus: &Path, out: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("framescore")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["report", "--corpus"])
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .args(args)
        .assert()
}

fn run_json(out: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap()
}

#[test]
fn malformed_rows_exit_2_name_file_and_line_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "a.csv",
            b"outlet,text\nX,rebels\n,terrorists\n",
            "a.csv:3: empty `outlet`",
        ),
        (
            "b.tsv",
            b"outlet\ttext\nX\trebels\nY\t\n",
            "b.tsv:3: empty `text`",
        ),
        (
            "c.jsonl",
            b"{\"outlet\":\"X\",\"text\":\"rebels\"}\n{oops}\n",
            "c.jsonl:2: not a JSON object",
        ),
        (
            // Dates are used (--period): an impossible one is an error.
            "d.csv",
            b"outlet,text,date\nX,rebels,2016-02-30\n",
            "d.csv:2: date `2016-02-30` is not a date",
        ),
    ];
    for (name, body, want) in cases {
        let corpus = dir.path().join(name);
        fs::write(&corpus, body).unwrap();
        let out = dir.path().join(format!("out_{name}"));
        let assert = report(&corpus, &out, &["--period", "month"]).code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(stderr.contains(want), "{stderr}\nwanted {want}");
        assert!(!out.exists(), "{name}: report written");
    }
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), cases.len(), "staging folder left behind");
}

#[test]
fn skipped_rows_are_counted_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("a.csv");
    fs::write(
        &corpus,
        "outlet,text,date\nX,rebels,2016-12-01\n,terrorists,\nY,rebels,12/1/16\nY,terrorists,\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    report(&corpus, &out, &["--on-error", "skip", "--period", "month"]).success();
    let run = run_json(&out);
    assert_eq!(run["input"]["rows_skipped"], 2);
    assert_eq!(run["corpus"]["articles"], 2);
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        html.contains("2 rows skipped for errors (--on-error skip)"),
        "{html}"
    );
    assert!(html.contains("a.csv:3: empty `outlet`"));
    // Without --period the date is not used: the row is counted, undated,
    // and a warning names it.
    let out = dir.path().join("out2");
    let assert = report(&corpus, &out, &["--on-error", "skip"]).success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("1 article has a date that cannot be read and is counted undated (")
            && stderr.contains("a.csv:4: `12/1/16`"),
        "{stderr}"
    );
    let run = run_json(&out);
    assert_eq!(run["input"]["rows_skipped"], 1);
    assert_eq!(run["corpus"]["articles"], 3);
}

/// Two outlets per bias label, dated in two months: --group-by bias
/// --period month counts per label and per month (hand-counted below).
#[test]
fn group_by_and_periods() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("a.csv");
    fs::write(
        &corpus,
        "outlet,bias,date,text\n\
         A,left,2016-01-10,The rebels and the rebels.\n\
         B,left,2016-02-03,Terrorists attacked.\n\
         C,right,2016-01-20,Terrorists and rebels.\n\
         D,right,,Terrorists again.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    report(&corpus, &out, &["--group-by", "bias", "--period", "month"]).success();
    let counts = read_csv(&out.join("counts.csv"));
    let cell = |rows: &[BTreeMap<String, String>], key: &[(&str, &str)], col: &str| -> String {
        rows.iter()
            .find(|r| key.iter().all(|(k, v)| r[*k] == *v))
            .unwrap_or_else(|| panic!("no row {key:?}"))[col]
            .clone()
    };
    let left_rebel = [("outlet", "left"), ("category", "rebel")];
    assert_eq!(cell(&counts, &left_rebel, "count"), "2");
    assert_eq!(cell(&counts, &left_rebel, "articles"), "2");
    assert_eq!(cell(&counts, &left_rebel, "share"), "0.6666666667");
    let right_terror = [("outlet", "right"), ("category", "terrorist")];
    assert_eq!(cell(&counts, &right_terror, "count"), "2");
    let periods = read_csv(&out.join("periods.csv"));
    // January, left: A only (5 tokens, rebel 2 of 2 armed_groups matches).
    let jan_left = [
        ("period", "2016-01"),
        ("outlet", "left"),
        ("category", "rebel"),
    ];
    assert_eq!(cell(&periods, &jan_left, "count"), "2");
    assert_eq!(cell(&periods, &jan_left, "tokens"), "5");
    assert_eq!(cell(&periods, &jan_left, "rate_per_1k"), "400");
    assert_eq!(cell(&periods, &jan_left, "share"), "1");
    let feb_left = [
        ("period", "2016-02"),
        ("outlet", "left"),
        ("category", "terrorist"),
    ];
    assert_eq!(cell(&periods, &feb_left, "count"), "1");
    let jan_right = [
        ("period", "2016-01"),
        ("outlet", "right"),
        ("category", "terrorist"),
    ];
    assert_eq!(cell(&periods, &jan_right, "share"), "0.5");
    // D has no date: counted in counts.csv, not in periods.csv.
    assert!(periods.iter().all(|r| !r["period"].is_empty()));
    let run = run_json(&out);
    assert_eq!(run["input"]["undated_articles"], 1);
    assert_eq!(run["input"]["periods"], 2);
}

/// A donation appeal naming "terrorists" closes every article of outlet A:
/// it is boilerplate there and stops counting; B's single use stays.
#[test]
fn boilerplate_lines_stop_counting() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("a.csv");
    let appeal = "Support our fight against terrorists: donate today.";
    let mut body = String::from("id,outlet,text\n");
    for i in 1..=3 {
        body.push_str(&format!("a{i},A,\"Rebels moved {i}.\n\n{appeal}\"\n"));
    }
    body.push_str(&format!("b1,B,\"Rebels moved.\n\n{appeal}\"\n"));
    fs::write(&corpus, body).unwrap();
    let out = dir.path().join("out");
    report(&corpus, &out, &[]).success();
    let counts = read_csv(&out.join("counts.csv"));
    let terror = |o: &str| {
        counts
            .iter()
            .find(|r| r["outlet"] == o && r["category"] == "terrorist")
            .unwrap()["count"]
            .clone()
    };
    assert_eq!(
        (terror("A"), terror("B")),
        ("0".to_string(), "1".to_string())
    );
    let cleaning = read_csv(&out.join("cleaning.csv"));
    assert_eq!(cleaning.len(), 3);
    assert!(cleaning.iter().all(|r| r["rule"] == "boilerplate"
        && r["reason"] == "line recurs in 3 of 3 articles of A"
        && r["removed_text"] == appeal));
    // byte offsets index the original text.
    assert_eq!(cleaning[0]["byte_start"], "17");
}
