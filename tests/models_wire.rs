//! models.csv end to end: a generated corpus (three outlets sampled unevenly
//! over six months, a `section` column) through `framescore report --period
//! month --covariate section`, its rows against statsmodels 0.15 fits of the
//! same articles (`tests/data/models_wire_reference.json`, written with the
//! corpus by `scripts/reference_report_models.py`). This checks the wire:
//! the articles' counts, tokens, months and sections reaching the model,
//! the reference outlet, HC1, the unadjusted ratio and the cells.

mod common;

use common::{framescore, read_csv, root, FAST};
use serde_json::Value;
use std::collections::BTreeMap;

fn close(got: f64, want: f64, what: &str) {
    let tol = 1e-6 * want.abs().max(1e-12);
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got}, statsmodels {want}"
    );
}

fn num(row: &BTreeMap<String, String>, col: &str) -> f64 {
    row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col} is not a number in {row:?}"))
}

#[test]
fn models_csv_equals_statsmodels_on_a_generated_corpus() {
    let reference: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/models_wire_reference.json"))
            .expect("reference json"),
    )
    .expect("reference parses");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report");
    framescore()
        .arg("report")
        .args(FAST)
        .args(["--period", "month", "--covariate", "section"])
        .arg("--corpus")
        .arg(root().join("tests/data/models_wire_corpus.csv.gz"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let rows = read_csv(&out.join("models.csv"));
    let mut checked = 0;
    for (model, key) in [
        ("counts", "counts_terrorist"),
        ("shares", "shares_terrorist"),
    ] {
        let want = &reference[key];
        for outlet in ["beta", "gamma"] {
            let row = rows
                .iter()
                .find(|r| {
                    r["model"] == model
                        && r["group"] == "armed_groups"
                        && r["category_or_label"] == "terrorist"
                        && r["outlet"] == outlet
                })
                .unwrap_or_else(|| panic!("no {model} row for {outlet} in {rows:?}"));
            let w = &want["outlets"][outlet];
            let what = format!("{model} terrorist {outlet}");
            assert_eq!(row["status"], "fitted", "{what}");
            assert_eq!(row["reference"], reference["reference"].as_str().unwrap());
            assert_eq!(
                row["adjusted_for"],
                reference["adjusted_for"].as_str().unwrap()
            );
            assert_eq!(row["covariance"], "hc1");
            let est = w["estimate"].as_f64().unwrap();
            let se = w["se"].as_f64().unwrap();
            close(num(row, "estimate"), est, &format!("{what} estimate"));
            close(num(row, "se"), se, &format!("{what} se"));
            close(num(row, "ratio"), est.exp(), &format!("{what} ratio"));
            // Wald interval at 95%: exp(b -+ 1.959963985 se).
            let z = 1.959_963_984_540_054;
            close(num(row, "ratio_low"), (est - z * se).exp(), &what);
            close(num(row, "ratio_high"), (est + z * se).exp(), &what);
            close(num(row, "p_value"), w["p"].as_f64().unwrap(), &what);
            close(num(row, "log10_p"), w["log10_p"].as_f64().unwrap(), &what);
            close(
                num(row, "unadjusted_ratio"),
                w["unadjusted"].as_f64().unwrap(),
                &format!("{what} unadjusted"),
            );
            assert_eq!(
                num(row, "articles"),
                want["articles"].as_f64().unwrap(),
                "{what}"
            );
            assert_eq!(
                num(row, "outlet_articles"),
                w["outlet_articles"].as_f64().unwrap(),
                "{what}"
            );
            if model == "counts" {
                close(num(row, "alpha"), want["alpha"].as_f64().unwrap(), &what);
            } else {
                assert_eq!(row["alpha"], "", "{what}: no alpha for shares");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 4);
    // A category no outlet uses gets one `failed` row saying why, no number.
    let daesh = rows
        .iter()
        .find(|r| r["model"] == "counts" && r["category_or_label"] == "daesh")
        .expect("daesh row");
    assert_eq!(daesh["status"], "failed");
    assert_eq!(daesh["ratio"], "");
    assert!(daesh["note"].contains("nothing to compare"), "{daesh:?}");
    // The page says the models were fitted and holds month and section fixed.
    let page = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    assert!(page.contains("models.csv"), "page names models.csv");
    assert!(
        page.contains("each outlet against alpha"),
        "page names the reference"
    );
}

#[test]
fn a_reference_or_covariate_the_corpus_lacks_is_bad_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = root().join("tests/data/models_wire_corpus.csv.gz");
    let run = |flag: &str, value: &str, out: &str| {
        framescore()
            .arg("report")
            .args(FAST)
            .args(["--period", "month", flag, value])
            .arg("--corpus")
            .arg(&corpus)
            .arg("--out")
            .arg(dir.path().join(out))
            .assert()
            .code(2)
    };
    let a = run("--reference", "Alpha", "a");
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(
        err.contains("--reference Alpha") && err.contains("alpha, beta, gamma"),
        "{err}"
    );
    assert!(!dir.path().join("a").exists(), "nothing written");
    let b = run("--covariate", "topic", "b");
    let err = String::from_utf8_lossy(&b.get_output().stderr).to_string();
    assert!(
        err.contains("no column `topic` for --covariate topic") && err.contains("section"),
        "{err}"
    );
}
