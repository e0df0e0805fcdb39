//! Helpers shared by the integration tests.
// Each test file uses some of them.
#![allow(dead_code)]

pub mod scene;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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

/// Every file below `dir`, relative to it.
pub fn files_below(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out
}

/// A small seeded generator for test corpora (Knuth's MMIX linear
/// congruential generator, the high bits): the same numbers on every machine.
pub struct Lcg(pub u64);

impl Lcg {
    /// The next number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}
