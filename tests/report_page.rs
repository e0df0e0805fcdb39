//! The report page and its charts through the binary: `--chart-format`,
//! `--summary`, and a page whose every chart is an image that exists or a
//! note saying why it is not there.

use assert_cmd::Command;
use std::fs;

fn framescore() -> Command {
    let mut cmd = Command::cargo_bin("framescore").expect("binary built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Every `src="..."` on the page, in order.
fn image_sources(page: &str) -> Vec<String> {
    page.split("<img src=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn svg_charts_are_written_and_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("svg");
    framescore()
        .args(["report", "--chart-format", "svg", "--out"])
        .arg(&out)
        .assert()
        .success();
    let page = fs::read_to_string(out.join("index.html")).expect("index.html");
    let images = image_sources(&page);
    // rates overview + per group: shares, rates, residuals, pairwise; the
    // distinctive terms of each of the 5 outlets.
    assert_eq!(images.len(), 1 + 3 * 4 + 5, "{images:?}");
    for src in &images {
        assert!(src.starts_with("charts/") && src.ends_with(".svg"), "{src}");
        let svg = fs::read_to_string(out.join(src)).expect("chart file");
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "{src}"
        );
    }
    assert!(page.contains("Charts: SVG"), "the settings name the format");
}

#[test]
fn summary_prints_the_findings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let assert = framescore()
        .args(["report", "--summary", "--out"])
        .arg(dir.path().join("s"))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.starts_with("Findings:"), "{stdout}");
    assert!(
        stdout.contains(
            "Press TV: \"terrorist\" in 5 of 7 armed_groups matches (71%, 95% CI 36%-92%)."
        ),
        "{stdout}"
    );
    // Without the flag nothing goes to stdout.
    let quiet = framescore()
        .args(["report", "--out"])
        .arg(dir.path().join("q"))
        .assert()
        .success();
    assert!(quiet.get_output().stdout.is_empty());
}

#[test]
fn unknown_chart_format_is_bad_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let assert = framescore()
        .args(["report", "--chart-format", "gif", "--out"])
        .arg(dir.path().join("x"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("use png or svg"), "{stderr}");
    assert!(!dir.path().join("x").exists());
}

#[test]
fn charts_that_cannot_be_drawn_are_notes_not_empty_frames() {
    // One outlet: no shares mix to compare, no test, no pair.
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("one.csv");
    fs::write(
        &corpus,
        "outlet,text\nSolo,The terrorists and the rebels met the government of Assad.\n",
    )
    .expect("corpus");
    let out = dir.path().join("one");
    framescore()
        .args(["report", "--corpus"])
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let page = fs::read_to_string(out.join("index.html")).expect("index.html");
    assert_eq!(image_sources(&page), Vec::<String>::new());
    for note in [
        "No chart of rates: the corpus has a single outlet (Solo), so there is nothing to compare",
        "No shares chart for armed_groups: only Solo has matches",
        "No residual heatmap for armed_groups",
        "No pairwise chart for armed_groups",
        "No rates chart for islamic_state: the corpus has a single outlet",
    ] {
        assert!(page.contains(note), "{note} missing");
    }
    let charts: Vec<String> = fs::read_dir(out.join("charts"))
        .expect("charts folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !charts.iter().any(|c| c.starts_with("shares_")),
        "{charts:?}"
    );
}

#[test]
fn many_outlets_are_capped_on_the_page_and_the_terminal() {
    // 14 outlets of one article each; the two shortest are pooled in the charts.
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("many.csv");
    let mut csv = String::from("outlet,text\n");
    for i in 0..14 {
        let padding = "word ".repeat(20 + i);
        csv.push_str(&format!(
            "Outlet {i:02},The terrorists and rebels. {padding}\n"
        ));
    }
    fs::write(&corpus, csv).expect("corpus");
    let out = dir.path().join("many");
    let assert = framescore()
        .args(["report", "--summary", "--corpus"])
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        stdout.contains("2 outlets with fewer tokens are not listed here: see counts.csv."),
        "{stdout}"
    );
    assert!(
        !stdout.contains("Outlet 00:"),
        "the shortest outlet is not listed: {stdout}"
    );
    assert!(stdout.contains("Outlet 13:"), "{stdout}");
    let page = fs::read_to_string(out.join("index.html")).expect("index.html");
    assert!(
        page.contains("and 4 more"),
        "long outlet lists are cut in the caveats"
    );
    assert!(
        page.contains("(12 outlets with most tokens; the other 2 pooled)"),
        "captions say which outlets are shown"
    );
}

#[test]
fn period_adds_a_timeline_per_group() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("timeline");
    framescore()
        .args(["report", "--period", "year", "--bootstrap", "0", "--out"])
        .arg(&out)
        .assert()
        .success();
    let page = fs::read_to_string(out.join("index.html")).expect("index.html");
    let images = image_sources(&page);
    // The seeds span 2015 and 2016: a shares timeline and a rates-over-time
    // chart for each of the 3 groups, besides the charts every report has.
    assert_eq!(images.len(), 1 + 3 * 4 + 5 + 3 * 2, "{images:?}");
    for group in ["armed_groups", "islamic_state", "syrian_state"] {
        for chart in ["timeline", "rates_time"] {
            let src = format!("charts/{chart}_{group}.png");
            assert!(images.contains(&src), "{src} not on the page");
            assert!(fs::metadata(out.join(&src)).expect("chart file").len() > 1000);
        }
    }
    assert!(out.join("changepoints.csv").exists());
}
