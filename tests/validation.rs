//! Hand-coding validation through the binary: `sample` draws from the
//! matches the report counts, `validate` on the committed coded sheets
//! (tests/data/validation/) equals scikit-learn, the `krippendorff` package
//! and statsmodels (tests/data/reference_validation.json, written by
//! scripts/reference_validation.py), agreement through sheets with codes
//! missing and more than two coders, `report --validation`, and the
//! `report --watch` loop.

mod common;

use common::{framescore, read_csv, root, FAST};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Row = BTreeMap<String, String>;

#[derive(Deserialize)]
struct Reference {
    sheets: Vec<SheetCase>,
    fixtures: Vec<Fixture>,
}

#[derive(Deserialize)]
struct SheetCase {
    codes: Vec<Vec<Option<String>>>,
    percent_agreement: f64,
    pairs: u64,
    alpha: f64,
    kappa: Option<f64>,
}

#[derive(Deserialize)]
struct Fixture {
    folder: String,
    items: usize,
    percent_agreement: f64,
    pairs: u64,
    kappa: f64,
    alpha: f64,
    precision: BTreeMap<String, Precision>,
}

#[derive(Deserialize)]
struct Precision {
    precision: f64,
    n_eff: f64,
    low: f64,
    high: f64,
    coded: u64,
}

fn reference() -> Reference {
    let text = std::fs::read_to_string(root().join("tests/data/reference_validation.json"))
        .expect("reference_validation.json");
    serde_json::from_str(&text).expect("reference parses")
}

/// Tables write 10 significant digits: agree to 1e-9 relative.
fn close(got: &str, want: f64, what: &str) {
    let g: f64 = got
        .parse()
        .unwrap_or_else(|_| panic!("{what}: `{got}` is not a number"));
    assert!(
        (g - want).abs() <= 1e-9 * want.abs().max(1e-12) + 1e-12,
        "{what}: {g} vs reference {want}"
    );
}

fn num(r: &Row, col: &str) -> f64 {
    r[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col} = `{}` is not a number", r[col]))
}

fn stderr_of(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

/// Two coders sharing half the items, two items a stratum, misses drawn.
const TWO_CODERS: [&str; 10] = [
    "--per-stratum",
    "2",
    "--coders",
    "2",
    "--overlap",
    "0.5",
    "--misses",
    "2",
    "--seed",
    "3",
];

/// `framescore sample` of the seed corpus into `dir`.
fn sample(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    framescore()
        .arg("sample")
        .arg("--out")
        .arg(dir)
        .args(args)
        .assert()
}

fn sample_json(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("sample.json")).unwrap()).unwrap()
}

#[test]
fn sample_draws_each_stratum_from_the_matches_the_report_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("report");
    framescore()
        .arg("report")
        .args(FAST)
        .arg("--out")
        .arg(&report)
        .assert()
        .success();
    // The report's count of each outlet x category, an independent count.
    let counts: BTreeMap<(String, String, String), u64> = read_csv(&report.join("counts.csv"))
        .into_iter()
        .map(|r| {
            let k = (
                r["outlet"].clone(),
                r["group"].clone(),
                r["category"].clone(),
            );
            (k, num(&r, "count") as u64)
        })
        .collect();
    let dir = tmp.path().join("s");
    let out = sample(&dir, &TWO_CODERS).success();
    let said = stderr_of(&out);
    let s = sample_json(&dir);
    let strata = s["strata"].as_array().unwrap();
    let items = s["items"].as_array().unwrap();
    let mut match_strata = 0;
    for st in strata.iter().filter(|st| st["kind"] == "match") {
        match_strata += 1;
        let key = (
            st["outlet"].as_str().unwrap().to_string(),
            st["group"].as_str().unwrap().to_string(),
            st["category"].as_str().unwrap().to_string(),
        );
        let size = st["size"].as_u64().unwrap();
        assert_eq!(
            Some(&size),
            counts.get(&key),
            "{key:?}: stratum size = the report's count"
        );
        let drawn = items.iter().filter(|i| i["stratum"] == st["name"]).count() as u64;
        assert_eq!(drawn, size.min(2), "{key:?}");
        assert_eq!(st["sampled"].as_u64(), Some(drawn));
    }
    // Every outlet x category with a match is a stratum.
    assert_eq!(match_strata, counts.values().filter(|&&c| c > 0).count());
    assert!(items.iter().any(|i| i["kind"] == "miss"), "misses drawn");

    // Two coders: the overlap in both sheets, the rest split; each sheet in
    // its own order; inclusion probabilities as drawn.
    let ids = |f: &str| -> Vec<String> {
        read_csv(&dir.join(f))
            .iter()
            .map(|r| r["item_id"].clone())
            .collect()
    };
    let (a, b) = (ids("coder1_matches.csv"), ids("coder2_matches.csv"));
    let (sa, sb): (BTreeSet<&String>, BTreeSet<&String>) = (a.iter().collect(), b.iter().collect());
    let all: BTreeSet<String> = items
        .iter()
        .filter(|i| i["kind"] == "match")
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    let union: BTreeSet<String> = sa.union(&sb).map(|s| s.to_string()).collect();
    assert_eq!(union, all, "every item is coded by someone");
    let shared: Vec<&String> = a.iter().filter(|i| sb.contains(i)).collect();
    assert!(
        said.contains(&format!(
            "{} match items, {} coded by every coder",
            all.len(),
            shared.len()
        )),
        "{said}"
    );
    let order_b: Vec<&String> = b.iter().filter(|i| sa.contains(i)).collect();
    assert!(
        shared.len() >= 3 && shared != order_b,
        "coders get their own order"
    );
    for r in read_csv(&dir.join("coder1_matches.csv")) {
        let p = num(&r, "stratum_sampled") / num(&r, "stratum_size");
        assert!((num(&r, "inclusion_probability") - p).abs() < 1e-9, "{r:?}");
        assert_eq!(r["code"], "");
    }
    let xlsx = std::fs::read(dir.join("coder2_matches.xlsx")).unwrap();
    assert!(xlsx.starts_with(b"PK"), "an .xlsx is a zip");

    // The same seed draws the same sample; another seed another one; a
    // folder that holds a sample is refused.
    let again = tmp.path().join("again");
    sample(&again, &TWO_CODERS).success();
    assert_eq!(sample_json(&again)["id"], s["id"]);
    let other = tmp.path().join("other");
    sample(&other, &["--per-stratum", "2", "--seed", "4"]).success();
    assert_ne!(sample_json(&other)["id"], s["id"]);
    let refused = sample(&dir, &["--per-stratum", "2"]).failure();
    assert!(stderr_of(&refused).contains("already holds a sample"));
}

fn fixture_sheets(folder: &str) -> Vec<PathBuf> {
    let dir = root().join("tests/data/validation").join(folder);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    v.sort();
    v
}

/// `framescore validate` of `sheets` into `out`.
fn validate(sheets: &[PathBuf], out: &Path) -> assert_cmd::assert::Assert {
    framescore()
        .arg("validate")
        .args(sheets)
        .arg("--out")
        .arg(out)
        .assert()
}

#[test]
fn validate_on_the_coded_fixtures_equals_the_reference_packages() {
    let tmp = tempfile::tempdir().unwrap();
    for f in reference().fixtures {
        let out = tmp.path().join(&f.folder);
        validate(&fixture_sheets(&f.folder), &out).success();
        let a = read_csv(&out.join("agreement.csv"));
        let m = a
            .iter()
            .find(|r| r["kind"] == "match")
            .expect("agreement on matches");
        assert_eq!(m["coders"], "2");
        assert_eq!(num(m, "units") as usize, f.items, "{}", f.folder);
        assert_eq!(num(m, "pairs") as u64, f.pairs);
        close(
            &m["percent_agreement"],
            f.percent_agreement,
            "percent agreement",
        );
        close(&m["cohen_kappa"], f.kappa, "kappa (sklearn)");
        close(&m["krippendorff_alpha"], f.alpha, "alpha (krippendorff)");
        let rows = read_csv(&out.join("validation.csv"));
        let cats: Vec<&Row> = rows
            .iter()
            .filter(|r| r["level"] == "category" && r["kind"] == "match")
            .collect();
        assert_eq!(cats.len(), f.precision.len(), "{}", f.folder);
        for r in cats {
            let key = format!("{}.{}", r["group"], r["category"]);
            let want = &f.precision[&key];
            let what = format!("{}: {key}", f.folder);
            close(&r["estimate"], want.precision, &format!("{what} precision"));
            close(&r["n_eff"], want.n_eff, &format!("{what} n_eff"));
            close(
                &r["low"],
                want.low,
                &format!("{what} low (statsmodels Wilson)"),
            );
            close(&r["high"], want.high, &format!("{what} high"));
            assert_eq!(
                num(r, "yes") as u64 + num(r, "no") as u64,
                want.coded,
                "{what}"
            );
        }
    }
    // The seed's misses: the words coders wrote; AllSides: the terms that
    // coders found mostly wrong are flagged, with their false hits.
    let words = read_csv(&tmp.path().join("seed/missed_words.csv"));
    assert!(
        words
            .iter()
            .any(|r| r["words"] == "terror outfits" && r["sentences"] == "1"),
        "{words:?}"
    );
    let flagged: BTreeSet<String> = read_csv(&tmp.path().join("allsides/flagged_terms.csv"))
        .into_iter()
        .map(|r| r["term"].clone())
        .collect();
    assert!(
        flagged.contains("terrorist*") && flagged.contains("damascus"),
        "{flagged:?}"
    );
    assert!(
        !flagged.contains("assad") && !flagged.contains("isis"),
        "{flagged:?}"
    );
}

/// Generated reliability data with codes missing (a coder's sheet without
/// the item's row) and two to four coders, coded into real sheets of the
/// seed's 44 matches and read back by `validate`: agreement equals
/// scikit-learn's and the krippendorff package's to 1e-9.
#[test]
fn agreement_through_sheets_with_missing_codes_and_more_coders() {
    let tmp = tempfile::tempdir().unwrap();
    for (n, case) in reference().sheets.iter().enumerate() {
        let coders = case.codes[0].len();
        let dir = tmp.path().join(format!("case{n}"));
        sample(
            &dir,
            &[
                "--per-stratum",
                "100",
                "--coders",
                &coders.to_string(),
                "--overlap",
                "1",
                "--seed",
                "5",
            ],
        )
        .success();
        let mut sheets = Vec::new();
        for c in 0..coders {
            let path = dir.join(format!("coder{}_matches.csv", c + 1));
            let mut r = csv::Reader::from_path(&path).unwrap();
            let header = r.headers().unwrap().clone();
            let (id_col, code_col) = (
                header.iter().position(|h| h == "item_id").unwrap(),
                header.iter().position(|h| h == "code").unwrap(),
            );
            let mut rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
            assert_eq!(
                rows.len(),
                case.codes.len(),
                "every coder has the 44 matches"
            );
            let mut ids: Vec<String> = rows.iter().map(|r| r[id_col].to_string()).collect();
            ids.sort();
            // Unit i of the reference is the i-th item by id.
            rows.retain(|r| {
                let i = ids.iter().position(|x| x == &r[id_col]).unwrap();
                case.codes[i][c].is_some()
            });
            let coded = dir.join(format!("coded{}.csv", c + 1));
            let mut w = csv::Writer::from_path(&coded).unwrap();
            w.write_record(&header).unwrap();
            for r in rows {
                let i = ids.iter().position(|x| x == &r[id_col]).unwrap();
                let code = case.codes[i][c].clone().unwrap();
                let cells: Vec<String> = r
                    .iter()
                    .enumerate()
                    .map(|(k, v)| {
                        if k == code_col {
                            code.clone()
                        } else {
                            v.to_string()
                        }
                    })
                    .collect();
                w.write_record(&cells).unwrap();
            }
            w.flush().unwrap();
            sheets.push(coded);
        }
        validate(&sheets, &dir.join("v")).success();
        let a = read_csv(&dir.join("v/agreement.csv"));
        let m = &a[0];
        let what = format!("case {n} ({coders} coders)");
        assert_eq!(m["coders"], coders.to_string(), "{what}");
        assert_eq!(num(m, "pairs") as u64, case.pairs, "{what}");
        close(&m["percent_agreement"], case.percent_agreement, &what);
        close(&m["krippendorff_alpha"], case.alpha, &what);
        match case.kappa {
            Some(k) => close(&m["cohen_kappa"], k, &what),
            None => assert_eq!(m["cohen_kappa"], "", "{what}: kappa is for two coders"),
        }
    }
}

/// validate the committed seed sheets into `dir`.
fn seed_validation(dir: &Path) -> PathBuf {
    let v = dir.join("v");
    validate(&fixture_sheets("seed"), &v).success();
    v
}

#[test]
fn report_with_validation_corrects_the_counts_and_says_how_far_to_trust_them() {
    let tmp = tempfile::tempdir().unwrap();
    let v = seed_validation(tmp.path());
    let out = tmp.path().join("r");
    framescore()
        .args(["report", "--validation"])
        .arg(&v)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let rows = read_csv(&out.join("corrected.csv"));
    let header: Vec<String> = csv::Reader::from_path(out.join("corrected.csv"))
        .unwrap()
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header.first().map(String::as_str), Some("outlet"));
    assert_eq!(header.last().map(String::as_str), Some("note"));
    assert_eq!(header.len(), 22);
    let validation = read_csv(&v.join("validation.csv"));
    let own = |outlet: &str, g: &str, c: &str| {
        validation.iter().find(|r| {
            r["level"] == "outlet_category"
                && r["outlet"] == outlet
                && r["group"] == g
                && r["category"] == c
        })
    };
    let mut corrected = 0;
    for r in &rows {
        if r["precision"].is_empty() {
            assert_eq!(r["corrected_count"], "", "{r:?}");
            continue;
        }
        corrected += 1;
        let (p, k) = (num(r, "precision"), num(r, "count"));
        assert!((num(r, "corrected_count") - p * k).abs() < 1e-6, "{r:?}");
        if k > 0.0 {
            let (lo, hi) = (
                num(r, "corrected_count_low"),
                num(r, "corrected_count_high"),
            );
            assert!(
                lo <= p * k + 1e-9 && p * k <= hi + 1e-9 && lo >= 0.0 && hi <= k + 1e-9,
                "{r:?}"
            );
        }
        match r["precision_source"].as_str() {
            "outlet" => {
                let x = own(&r["outlet"], &r["group"], &r["category"]).expect("validated cell");
                close(
                    &r["precision"],
                    num(x, "estimate"),
                    "the outlet's own precision",
                );
                close(&r["precision_low"], num(x, "low"), "its Wilson interval");
            }
            "pooled_over_outlets" => assert!(r["note"].contains("pooled over outlets")),
            other => panic!("precision_source `{other}`"),
        }
        // The corrected share is p count over the group's sum of p count.
        if !r["corrected_share"].is_empty() {
            let den: f64 = rows
                .iter()
                .filter(|x| x["outlet"] == r["outlet"] && x["group"] == r["group"])
                .map(|x| {
                    if num(x, "count") == 0.0 {
                        0.0
                    } else {
                        num(x, "corrected_count")
                    }
                })
                .sum();
            assert!(
                (num(r, "corrected_share") - p * k / den).abs() < 1e-6,
                "{r:?}"
            );
        }
    }
    assert!(corrected > 20, "most cells are corrected");
    // Press TV's terrorist: all 5 matches coded, 3 yes, 1 no ("under the
    // pretext of fighting terrorists") and 1 unsure (left out): 0.75.
    let ptv = rows
        .iter()
        .find(|r| r["outlet"] == "Press TV" && r["category"] == "terrorist")
        .unwrap();
    assert_eq!(
        (
            ptv["count"].as_str(),
            ptv["precision"].as_str(),
            ptv["corrected_count"].as_str()
        ),
        ("5", "0.75", "3.75")
    );
    // Alalam's only terrorist match was coded unsure: the category's
    // precision pooled over outlets, said so.
    let alalam = rows
        .iter()
        .find(|r| r["outlet"] == "Alalam" && r["category"] == "terrorist")
        .unwrap();
    assert_eq!(alalam["precision_source"], "pooled_over_outlets");
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    for text in [
        "<section id=\"trust\">",
        "How far the matches can be trusted",
        "Krippendorff's alpha 0.88",
        "Do the findings survive the correction?",
        "<a href=\"corrected.csv\">corrected.csv</a>",
    ] {
        assert!(page.contains(text), "the page says {text}");
    }
    assert!(
        !page.contains("does not describe this run"),
        "same lexicon, same matches"
    );

    // An edited lexicon: the validation no longer describes the matches.
    let lexicon = tmp.path().join("edited.toml");
    let text = std::fs::read_to_string(root().join("lexicons/syria.toml")).unwrap();
    std::fs::write(
        &lexicon,
        text.replace(
            "terrorist = [\"terrorist*\"]",
            "terrorist = [\"terrorist*\", \"terror outfits\"]",
        ),
    )
    .unwrap();
    let stale = tmp.path().join("stale");
    framescore()
        .arg("report")
        .args(FAST)
        .arg("--lexicon")
        .arg(&lexicon)
        .arg("--validation")
        .arg(v.join("validation.csv"))
        .arg("--out")
        .arg(&stale)
        .assert()
        .success();
    let page = std::fs::read_to_string(stale.join("index.html")).unwrap();
    assert!(
        page.contains("This validation does not describe this run's matches: in 2 of"),
        "stale"
    );
    let ptv = read_csv(&stale.join("corrected.csv"))
        .into_iter()
        .find(|r| r["outlet"] == "Press TV" && r["category"] == "terrorist")
        .unwrap();
    assert!(
        ptv["note"].contains("drawn from 5 matches, this run counts 6"),
        "{ptv:?}"
    );

    // A file that is not a validation table: bad input, named.
    let bad = tmp.path().join("bad.csv");
    std::fs::write(&bad, "a,b\n1,2\n").unwrap();
    let out = framescore()
        .args(["report", "--validation"])
        .arg(&bad)
        .arg("--out")
        .arg(tmp.path().join("never"))
        .assert()
        .code(2);
    let e = stderr_of(&out);
    assert!(
        e.contains("bad.csv:1") && e.contains("no `level` column"),
        "{e}"
    );
    assert!(!tmp.path().join("never").exists(), "nothing written");
}

/// `report --watch` in a short-lived process: the report is written, an
/// edit of the lexicon re-runs it with the matches it added, a lexicon with
/// a mistake leaves the report as it was, and SIGINT ends it cleanly.
#[cfg(unix)]
#[test]
fn watch_rewrites_the_report_when_the_lexicon_is_saved() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let tmp = tempfile::tempdir().unwrap();
    let lexicon = tmp.path().join("lexicon.toml");
    let original = std::fs::read_to_string(root().join("lexicons/syria.toml")).unwrap();
    std::fs::write(&lexicon, &original).unwrap();
    let out = tmp.path().join("r");
    let log = tmp.path().join("stderr.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_framescore"))
        .current_dir(root())
        .arg("report")
        .args(FAST)
        .arg("--lexicon")
        .arg(&lexicon)
        .arg("--out")
        .arg(&out)
        .arg("--watch")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let said = || std::fs::read_to_string(&log).unwrap_or_default();
    let wait_for = |what: &str, ok: &dyn Fn() -> bool| {
        let start = Instant::now();
        while !ok() {
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "waited 120 s for {what}; stderr:\n{}",
                said()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let matches = |dir: &Path| read_csv(&dir.join("matches.csv")).len();
    wait_for("the first report", &|| said().contains("watching"));
    assert_eq!(matches(&out), 44);
    // The same edit as above: two "terror outfits" (Alalam, Press TV).
    std::fs::write(
        &lexicon,
        original.replace(
            "terrorist = [\"terrorist*\"]",
            "terrorist = [\"terrorist*\", \"terror outfits\"]",
        ),
    )
    .unwrap();
    wait_for("the re-run", &|| said().contains("report rewritten"));
    assert_eq!(matches(&out), 46, "{}", said());
    let s = said();
    assert!(s.contains("2 matches added, 0 removed"), "{s}");
    assert!(s.contains("+ ") && s.contains("[terror outfits]"), "{s}");
    assert!(
        s.contains("Press TV  armed_groups.terrorist"),
        "per outlet and category: {s}"
    );
    // A save with a mistake: said, and the report left as it was.
    std::fs::write(&lexicon, "name = \"broken\"\n[groups.x\n").unwrap();
    wait_for("the error", &|| {
        said().contains("the previous report is left as it was")
    });
    assert_eq!(matches(&out), 46);
    // Back to the original: the matches the edit had added are removed.
    std::fs::write(&lexicon, &original).unwrap();
    wait_for("the second re-run", &|| {
        said().matches("report rewritten").count() >= 2
    });
    assert_eq!(matches(&out), 44);
    assert!(said().contains("0 matches added, 2 removed"), "{}", said());
    // Ctrl-C: a clean end, the last report in place, no staging left.
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}: {}", said());
    assert!(said().contains("stopped watching"));
    assert!(out.join("index.html").is_file());
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
