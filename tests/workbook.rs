//! `report.xlsx` read back with calamine (a reader independent of the
//! writer) against the report's CSV files: every table a sheet with the
//! same cells, numbers as numbers equal to the CSV's, dates as dates, text
//! exactly as written (no guard); the summary, chart and column sheets;
//! `--no-xlsx`; the same file from the same run; and the `excel-eu` CSV
//! dialect against the standard one.
//! `scripts/check_workbook.sh` does the same through LibreOffice.

mod common;

use calamine::{open_workbook_auto, Data, Reader};
use common::{framescore, root};
use framescore::output::unguard;
use std::path::Path;

/// Text, as CSV cells are.
fn text(d: &Data) -> Option<String> {
    match d {
        Data::Empty => Some(String::new()),
        Data::String(s) => Some(s.clone()),
        Data::DateTime(x) if x.is_datetime() => {
            let (y, m, day, ..) = x.to_ymd_hms_milli();
            Some(format!("{y:04}-{m:02}-{day:02}"))
        }
        _ => None,
    }
}

fn csv_rows(path: &Path, separator: u8) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(separator)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn run(out: &Path, extra: &[&str]) {
    framescore()
        .args(["report", "--bootstrap", "100", "--permutations", "100"])
        .args(extra)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

/// Compares every CSV of `dir` with its sheet; returns the cells compared.
fn assert_sheets_are_the_csvs(dir: &Path) -> usize {
    assert_sheets_hold_the_csvs(dir, usize::MAX)
}

/// Compares every CSV of `dir` with its sheet, which holds its first
/// `limit` rows (the charts' `counts` and `counts_wide` all of them);
/// returns the cells compared.
fn assert_sheets_hold_the_csvs(dir: &Path, limit: usize) -> usize {
    let mut book = open_workbook_auto(dir.join("report.xlsx")).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.first().map(String::as_str), Some("Summary"));
    assert_eq!(names.get(1).map(String::as_str), Some("Charts"));
    assert_eq!(names.last().map(String::as_str), Some("Columns"));
    let mut csvs: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".csv").map(str::to_string)
        })
        .collect();
    csvs.sort();
    let mut sheets: Vec<String> = names[2..names.len() - 1].to_vec();
    sheets.sort();
    assert_eq!(sheets, csvs, "one sheet per CSV");
    let mut compared = 0;
    for name in &csvs {
        let mut want = csv_rows(&dir.join(format!("{name}.csv")), b',');
        if !["counts", "counts_wide"].contains(&name.as_str()) {
            want.truncate(limit.saturating_add(1));
        }
        let range = book.worksheet_range(name).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        assert_eq!(rows.len(), want.len(), "{name}: rows");
        for (i, (w, h)) in want.iter().zip(&rows).enumerate() {
            for (j, cell) in w.iter().enumerate() {
                let got = h.get(j).unwrap_or(&Data::Empty);
                let ok = match got {
                    // The CSV's number is the workbook's, exactly.
                    Data::Float(x) => cell.parse::<f64>().ok() == Some(*x),
                    Data::Int(n) => cell.parse::<i64>().ok() == Some(*n),
                    d => text(d).is_some_and(|t| t == unguard(cell) || t == *cell),
                };
                assert!(
                    ok,
                    "{name} row {} col {}: {got:?} vs CSV {cell:?}",
                    i + 1,
                    j + 1
                );
                compared += 1;
            }
        }
    }
    compared
}

#[test]
fn every_table_is_a_sheet_with_the_csv_s_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    run(&out, &["--period", "month"]);
    let compared = assert_sheets_are_the_csvs(&out);
    assert!(compared > 10_000, "only {compared} cells");

    let mut book = open_workbook_auto(out.join("report.xlsx")).unwrap();
    // Dates are date cells; counts and rates numbers.
    let docs = book.worksheet_range("documents").unwrap();
    assert!(matches!(docs.get((1, 2)), Some(Data::DateTime(_))));
    // tokens, and the first category's count (after the metadata).
    assert!(matches!(docs.get((1, 4)), Some(Data::Float(_))));
    assert!(matches!(docs.get((1, 7)), Some(Data::Float(_))));
    // The summary says the findings and links every sheet.
    let summary = book.worksheet_range("Summary").unwrap();
    let said: Vec<String> = summary.rows().flatten().filter_map(text).collect();
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    let headline = said
        .iter()
        .find(|s| s.contains("label mix by outlet: chi-square"))
        .expect("a test's headline");
    let escaped = headline
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    assert!(page.contains(&escaped), "{headline} is not on the page");
    for sheet in ["Charts", "counts", "periods", "matches", "Columns"] {
        assert!(said.iter().any(|s| s == sheet), "no link to {sheet}");
    }
    // Columns: one row per column of every table, with its format.
    let columns = book.worksheet_range("Columns").unwrap();
    let rows: Vec<Vec<String>> = columns
        .rows()
        .map(|r| r.iter().filter_map(text).collect())
        .collect();
    assert!(rows.contains(&vec![
        "counts".to_string(),
        "share".into(),
        "share".into(),
        "count / group_total: the category's share among the group's labels in this outlet".into()
    ]));
    assert!(rows.iter().any(|r| r[0] == "periods" && r[1] == "period"));

    // Native charts: two per group, fed from the data sheets.
    let zip = std::fs::File::open(out.join("report.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(zip).unwrap();
    let mut charts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().unwrap().starts_with("xl/charts/chart") {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut f, &mut s).unwrap();
            charts.push(s);
        }
    }
    assert_eq!(charts.len(), 6, "3 groups x 2 charts");
    let stacked = charts
        .iter()
        .filter(|c| c.contains("<c:grouping val=\"percentStacked\"/>"))
        .count();
    let with_errors = charts
        .iter()
        .filter(|c| c.contains("<c:errValType val=\"cust\"/>"))
        .count();
    assert_eq!((stacked, with_errors), (3, 3));
    assert!(charts
        .iter()
        .all(|c| c.contains("counts_wide!$") || c.contains("counts!$")));
}

/// `--xlsx-rows N`: a longer table's sheet holds the CSV's first N rows
/// and says how many the CSV has (a note on the sheet, the Summary's
/// line); a table of exactly N rows is whole; the sheets the charts read
/// are never cut; run.json records the limit (100,000 by default).
#[test]
fn xlsx_rows_cuts_the_long_sheets_but_not_the_charts_data() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let said = framescore()
        .args(["report", "--bootstrap", "100", "--permutations", "100"])
        .args(["--xlsx-rows", "5", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&said.get_output().stderr).into_owned();
    let rows = |name: &str| csv_rows(&out.join(name), b',').len() - 1;
    // The sheets cut, in sheet order, on the terminal and the page.
    // Registry order; documents (5 rows) and syndication (1) fit.
    let cut =
        "tests, residuals, pairwise, matches, terms, intervals, compare, distinctive_terms, cleaning";
    assert!(
        stderr.contains(&format!(
            "framescore: report.xlsx holds the first 5 rows of {cut} (--xlsx-rows N for more, up to 1048575); the CSV files have every row"
        )),
        "{stderr}"
    );
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        page.contains(&format!(
            "; the sheets {cut} hold the first 5 rows of their tables"
        )),
        "the page does not name the sheets cut"
    );
    // The seed corpus: 5 articles, 44 matches, 75 rows of counts.
    assert_eq!(rows("documents.csv"), 5);
    assert!(rows("matches.csv") > 5 && rows("counts.csv") > 5);
    assert!(assert_sheets_hold_the_csvs(&out, 5) > 500);

    let mut book = open_workbook_auto(out.join("report.xlsx")).unwrap();
    let summary = book.worksheet_range("Summary").unwrap();
    let said: Vec<String> = summary.rows().flatten().filter_map(text).collect();
    let cut: Vec<&String> = said.iter().filter(|s| s.contains(". Cut at")).collect();
    let matches = format!(
        "Cut at 5 rows (--xlsx-rows N raises it, up to Excel's 1048575): the first 5 of {} rows; matches.csv has them all",
        rows("matches.csv")
    );
    assert!(cut.iter().any(|s| s.contains(&matches)), "{cut:?}");
    assert!(!cut
        .iter()
        .any(|s| s.contains("documents.csv") || s.contains("(counts.csv)")));
    let zip = std::fs::File::open(out.join("report.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(zip).unwrap();
    let notes: Vec<String> = (0..zip.len())
        .filter_map(|i| {
            let mut f = zip.by_index(i).unwrap();
            f.name().unwrap().starts_with("xl/comments").then(|| {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut f, &mut s).unwrap();
                s
            })
        })
        .collect();
    assert!(
        notes.iter().any(|n| n.contains(&format!(
            "Only the first 5 of {} rows are in this sheet (at most 5 a sheet, as asked)",
            rows("matches.csv")
        ))),
        "{notes:?}"
    );
    let run_json = |dir: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join("run.json")).unwrap()).unwrap()
    };
    assert_eq!(run_json(&out)["xlsx_rows"], 5);
    let default = tmp.path().join("d");
    let said = framescore()
        .args([
            "report",
            "--bootstrap",
            "100",
            "--permutations",
            "100",
            "--out",
        ])
        .arg(&default)
        .assert()
        .success();
    assert_eq!(run_json(&default)["xlsx_rows"], 100_000);
    let stderr = String::from_utf8_lossy(&said.get_output().stderr).into_owned();
    assert!(!stderr.contains("report.xlsx holds"), "{stderr}");
    let page = std::fs::read_to_string(default.join("index.html")).unwrap();
    assert!(!page.contains("hold the first"));
}

#[test]
fn the_same_run_writes_the_same_workbook_and_no_xlsx_writes_none() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    run(&out, &["--threads", "1"]);
    let first = std::fs::read(out.join("report.xlsx")).unwrap();
    run(&out, &["--threads", "1"]);
    let second = std::fs::read(out.join("report.xlsx")).unwrap();
    assert!(first == second, "report.xlsx differs between two runs");
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != framescore::output::place::MARKER)
        .filter(|n| n.starts_with('.') || n.contains("tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    run(&out, &["--no-xlsx"]);
    assert!(!out.join("report.xlsx").exists());
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!page.contains("report.xlsx"));
}

#[test]
fn excel_eu_csvs_hold_the_standard_csvs_with_semicolons_and_decimal_commas() {
    let tmp = tempfile::tempdir().unwrap();
    let (standard, eu) = (tmp.path().join("s"), tmp.path().join("eu"));
    run(&standard, &["--no-xlsx"]);
    run(&eu, &["--no-xlsx", "--csv-dialect", "excel-eu"]);
    let mut numbers = 0;
    for e in std::fs::read_dir(&standard).unwrap() {
        let name = e.unwrap().file_name();
        if !name.to_string_lossy().ends_with(".csv") {
            continue;
        }
        let bytes = std::fs::read(eu.join(&name)).unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()), "{name:?}: no BOM");
        let (s, u) = (
            csv_rows(&standard.join(&name), b','),
            csv_rows(&eu.join(&name), b';'),
        );
        assert_eq!(s.len(), u.len(), "{name:?}");
        for (a, b) in s.iter().zip(&u) {
            assert_eq!(a.len(), b.len(), "{name:?}");
            for (x, y) in a.iter().zip(b) {
                if x.parse::<f64>().is_ok() && x.contains('.') {
                    assert_eq!(*y, x.replace('.', ","), "{name:?}");
                    numbers += 1;
                } else {
                    assert_eq!(x, y, "{name:?}");
                }
            }
        }
    }
    assert!(numbers > 1000, "only {numbers} decimal numbers");
}

#[test]
fn merge_writes_the_workbook_in_the_dialect_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = root().join("data/seed");
    let mut parts = Vec::new();
    for k in 1..=2 {
        let part = tmp.path().join(format!("p{k}"));
        framescore()
            .args(["count", "--shard", &format!("{k}/2"), "--corpus"])
            .arg(&seeds)
            .arg("--out")
            .arg(&part)
            .assert()
            .success();
        parts.push(part);
    }
    let merged = tmp.path().join("m");
    framescore()
        .arg("merge")
        .args(&parts)
        .args(["--bootstrap", "0", "--permutations", "0"])
        .arg("--out")
        .arg(&merged)
        .assert()
        .success();
    assert!(assert_sheets_are_the_csvs(&merged) > 5_000);
    let eu = tmp.path().join("eu");
    framescore()
        .arg("merge")
        .args(&parts)
        .args(["--bootstrap", "0", "--permutations", "0"])
        .args(["--csv-dialect", "excel-eu", "--out"])
        .arg(&eu)
        .assert()
        .success();
    for table in ["documents.csv", "matches.csv", "cleaning.csv", "counts.csv"] {
        let (s, u) = (
            csv_rows(&merged.join(table), b','),
            csv_rows(&eu.join(table), b';'),
        );
        let dotted = |rows: &[Vec<String>]| -> Vec<Vec<String>> {
            rows.iter()
                .map(|r| {
                    r.iter()
                        .map(|c| {
                            if c.replace(',', ".").parse::<f64>().is_ok() {
                                c.replace(',', ".")
                            } else {
                                c.clone()
                            }
                        })
                        .collect()
                })
                .collect()
        };
        assert_eq!(dotted(&u), s, "{table}");
    }
}
