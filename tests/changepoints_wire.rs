//! changepoints.csv and the timelines end to end: a generated corpus in
//! which one outlet switches from "rebels" to "terrorists" in a known month
//! and another keeps the same mix, through `framescore report --period
//! month`.

mod common;

use common::{framescore, read_csv};
use std::fmt::Write as _;

/// Two outlets over 12 months of 2019, 3 articles a month each. `Shifting`
/// writes 8 "rebels" and 2 "terrorists" per article until May, then 2 and
/// 8 from June; `Steady` writes 5 and 5 throughout.
fn corpus(dir: &std::path::Path) -> std::path::PathBuf {
    let mut csv = String::from("id,outlet,date,text\n");
    let mut n = 0;
    for month in 1..=12 {
        for day in [3, 13, 23] {
            for (outlet, rebels, terrorists) in [
                (
                    "Shifting",
                    if month < 6 { 8 } else { 2 },
                    if month < 6 { 2 } else { 8 },
                ),
                ("Steady", 5, 5),
            ] {
                n += 1;
                let mut text = format!("Article {n} from the city council on day {day}.");
                for i in 0..rebels {
                    let _ = write!(text, " The rebels moved on road {i}.");
                }
                for i in 0..terrorists {
                    let _ = write!(text, " The terrorists crossed bridge {i}.");
                }
                let _ = writeln!(csv, "a{n},{outlet},2019-{month:02}-{day:02},\"{text}\"");
            }
        }
    }
    let path = dir.join("shift.csv");
    std::fs::write(&path, csv).expect("corpus");
    path
}

#[test]
fn a_known_shift_is_found_in_its_month_and_drawn() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = corpus(dir.path());
    let out = dir.path().join("report");
    framescore()
        .arg("report")
        .args(["--bootstrap", "0", "--period", "month", "--no-clean"])
        .arg("--corpus")
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let rows = read_csv(&out.join("changepoints.csv"));
    // One change, for Shifting, in June: a row per armed_groups label.
    let changes: Vec<_> = rows
        .iter()
        .filter(|r| r["group"] == "armed_groups")
        .collect();
    assert!(!changes.is_empty(), "no change found: {rows:?}");
    assert!(
        changes
            .iter()
            .all(|r| r["outlet"] == "Shifting" && r["period"] == "2019-06"),
        "{changes:?}"
    );
    let terror = changes
        .iter()
        .find(|r| r["label"] == "terrorist")
        .expect("terrorist row");
    // 5 months x 3 articles x 2 of 10 matches before, 8 of 10 after.
    assert_eq!(terror["count_before"], "30");
    assert_eq!(terror["total_before"], "150");
    assert_eq!(terror["share_before"], "0.2");
    assert_eq!(terror["count_after"], "168");
    assert_eq!(terror["total_after"], "210");
    assert_eq!(terror["share_after"], "0.8");
    assert_eq!(terror["segment_start"], "2019-01");
    assert_eq!(terror["segment_end"], "2019-12");
    // Whole months shuffled: 5 | 7 months can be split that cleanly by
    // chance in 2 of C(12,5) = 792 orders, so p is small but not tiny.
    let p: f64 = terror["p_value"].parse().expect("p");
    assert!(p < 0.01, "p = {p}");
    assert!(p >= 1.0 / 2001.0, "p = {p}");
    // The page names the shift by a label that moved most (both moved 60
    // points here).
    let page = std::fs::read_to_string(out.join("index.html")).expect("page");
    let said = [
        "Shifting's share of &quot;terrorist&quot; went from 20% to 80% in 2019-06",
        "Shifting's share of &quot;rebel&quot; went from 80% to 20% in 2019-06",
    ];
    assert!(
        said.iter().any(|s| page.contains(s)),
        "no shift sentence on the page"
    );
    assert!(!page.contains("Steady's share"), "Steady did not shift");
    assert!(out.join("charts/timeline_armed_groups.png").exists());
    assert!(out.join("charts/rates_time_armed_groups.png").exists());
}
