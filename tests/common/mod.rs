//! Helpers shared by the integration tests.
// Each test file uses some of them.
#![allow(dead_code)]

pub mod scene;

use std::collections::BTreeMap;
use std::path::Path;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the repository root.
pub fn framescore() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("framescore").unwrap();
    cmd.current_dir(root());
    cmd
}

/// A lexicon of two groups of two categories (`armed`: rebel*, terrorist*;
/// `state`: regime, government).
pub const LEXICON: &str = "name = \"t\"\n\
[groups.armed.categories]\n\
rebel = [\"rebel*\"]\n\
terrorist = [\"terrorist*\"]\n\
[groups.state.categories]\n\
regime = [\"regime\"]\n\
government = [\"government\"]\n";

/// Resampling off: a fast report.
pub const FAST: [&str; 4] = ["--bootstrap", "0", "--permutations", "0"];

/// `framescore report` (fast) of `corpus` with `lexicon` into `out`.
pub fn report(corpus: &Path, lexicon: &Path, out: &Path) -> assert_cmd::Command {
    let mut cmd = framescore();
    cmd.arg("report")
        .args(FAST)
        .arg("--corpus")
        .arg(corpus)
        .arg("--lexicon")
        .arg(lexicon)
        .arg("--out")
        .arg(out);
    cmd
}

/// A CSV file as rows of column -> cell.
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .zip(rec.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}
