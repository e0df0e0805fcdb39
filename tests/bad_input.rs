//! The bad input catalogue: one test per kind of hostile or degenerate
//! input. Each must give a clear message and the right exit code (0 ok,
//! 1 cannot write, 2 bad input), never a panic, and never write `NaN` or
//! `inf` into a table: an undefined statistic is an empty cell with a note.

mod common;

use common::scene::Scene;
use common::{read_csv, report, root, LEXICON};
use std::fs;
use std::path::{Path, PathBuf};

struct Case {
    scene: Scene,
}

impl Case {
    fn new() -> Case {
        let case = Case {
            scene: Scene::new(),
        };
        case.write("lexicon.toml", LEXICON.as_bytes());
        case
    }

    fn path(&self, name: &str) -> PathBuf {
        self.scene.path(name)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        self.scene.write(name, bytes)
    }

    /// Runs the report of `corpus`; returns exit code and stderr.
    fn run(&self, corpus: &str, extra: &[&str]) -> (i32, String) {
        let out = report(&self.path(corpus), &self.path("lexicon.toml"), &self.out())
            .args(extra)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(!stderr.contains("panicked"), "panic: {stderr}");
        (out.status.code().unwrap_or(-1), stderr)
    }

    fn out(&self) -> PathBuf {
        self.path("out")
    }

    /// A bad input: exit 2, a message containing `needle`, nothing written.
    fn refused(&self, corpus: &str, extra: &[&str], needle: &str) {
        let (code, stderr) = self.run(corpus, extra);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(needle), "expected {needle:?} in: {stderr}");
        assert!(!self.out().exists(), "a refused run wrote a report");
        self.no_staging_left();
    }

    /// A run that works: exit 0, and no NaN or inf in any table.
    fn ok(&self, corpus: &str, extra: &[&str]) -> PathBuf {
        let (code, stderr) = self.run(corpus, extra);
        assert_eq!(code, 0, "{stderr}");
        assert_no_nan(&self.out());
        self.no_staging_left();
        self.out()
    }

    fn no_staging_left(&self) {
        for e in fs::read_dir(self.scene.root()).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                !name.contains(".partial"),
                "staging folder {name} left behind"
            );
        }
    }
}

fn assert_no_nan(out: &Path) {
    for e in fs::read_dir(out).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|e| e == "csv") {
            let text = fs::read_to_string(&p).unwrap();
            for cell in text.split([',', '\n']) {
                let c = cell.trim().to_ascii_lowercase();
                assert!(
                    !matches!(c.as_str(), "nan" | "inf" | "-inf" | "infinity"),
                    "{}: {cell}",
                    p.display()
                );
            }
        }
    }
}

#[test]
fn empty_corpus_table() {
    let case = Case::new();
    case.write("c.csv", b"id,outlet,text\n");
    case.refused("c.csv", &[], "no articles");
}

#[test]
fn everything_filtered_out() {
    let case = Case::new();
    case.write("c.csv", b"outlet,text,date\nA,rebels,2016-01-01\n");
    case.refused("c.csv", &["--from", "2020-01-01"], "no articles");
    case.refused("c.csv", &["--where", "outlet=B"], "no articles");
}

#[test]
fn empty_corpus_file() {
    let case = Case::new();
    case.write("c.csv", b"");
    case.refused("c.csv", &[], "c.csv");
}

#[test]
fn empty_corpus_folder() {
    let case = Case::new();
    fs::create_dir_all(case.path("c")).unwrap();
    case.refused("c", &[], "no manifest.csv and no outlet subfolders");
}

#[test]
fn empty_lexicon() {
    let case = Case::new();
    case.write("lexicon.toml", b"");
    case.write("c.csv", b"outlet,text\nA,rebels\n");
    case.refused("c.csv", &[], "lexicon.toml");
}

#[test]
fn outlet_with_no_tokens() {
    let case = Case::new();
    case.write(
        "c.csv",
        b"outlet,text\nA,rebels and the regime\nB,--- !!! ...\n",
    );
    let out = case.ok("c.csv", &[]);
    let rows = read_csv(&out.join("counts.csv"));
    let b: Vec<_> = rows.iter().filter(|r| r["outlet"] == "B").collect();
    assert!(!b.is_empty());
    for r in b {
        assert_eq!(r["tokens"], "0");
        assert_eq!(r["rate_per_1k"], "", "a rate over 0 tokens is undefined");
    }
}

#[test]
fn zero_matches_in_a_group() {
    let case = Case::new();
    case.write(
        "c.csv",
        b"outlet,text\nA,rebels fought\nB,terrorists fought\n",
    );
    let out = case.ok("c.csv", &[]);
    let rows = read_csv(&out.join("counts.csv"));
    for r in rows.iter().filter(|r| r["group"] == "state") {
        assert_eq!(r["count"], "0");
        assert_eq!(r["share"], "", "a share of no matches is undefined");
    }
    let tests = read_csv(&out.join("tests.csv"));
    let chi = tests
        .iter()
        .find(|r| r["group"] == "state" && r["test"] == "chi_square")
        .unwrap();
    assert_eq!(chi["p_value"], "");
    assert!(chi["note"].contains("no test"), "{:?}", chi["note"]);
}

#[test]
fn one_outlet_only() {
    let case = Case::new();
    case.write(
        "c.csv",
        b"outlet,text\nA,rebels and terrorists\nA,the regime and the government\n",
    );
    let out = case.ok("c.csv", &[]);
    assert!(out.join("index.html").exists());
    assert_eq!(read_csv(&out.join("pairwise.csv")).len(), 0);
}

#[test]
fn binary_file_as_article() {
    let case = Case::new();
    let mut noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    noise[10] = 0;
    case.write("c/manifest.csv", b"file,outlet\na.txt,A\nb.bin,B\n");
    case.write("c/a.txt", b"rebels");
    case.write("c/b.bin", &noise);
    case.refused("c", &[], "b.bin");
}

#[test]
fn binary_file_as_corpus_table() {
    let case = Case::new();
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    case.write("c.csv", &noise);
    case.refused("c.csv", &[], "c.csv");
}

#[test]
fn invalid_utf8_names_the_line() {
    let case = Case::new();
    case.write("c.csv", b"outlet,text\nA,rebels\nB,terror\xffists\n");
    case.refused("c.csv", &[], "c.csv:3");
    let out = case.ok("c.csv", &["--on-error", "skip"]);
    let run = fs::read_to_string(out.join("run.json")).unwrap();
    assert!(
        run.contains("\"rows_skipped\": 1") || run.contains("skipped"),
        "{run}"
    );
}

#[test]
fn boms_and_crlf() {
    let case = Case::new();
    case.write(
        "c.csv",
        b"\xEF\xBB\xBFid,outlet,text\r\n1,A,\"rebels\r\nand terrorists\"\r\n2,B,\"\xEF\xBB\xBFrebels\"\r\n",
    );
    case.write("c2/manifest.csv", b"\xEF\xBB\xBFfile,outlet\r\na.txt,A\r\n");
    case.write("c2/a.txt", b"\xEF\xBB\xBFrebels\r\n\r\nterrorists\r\n");
    let out = case.ok("c.csv", &[]);
    let rows = read_csv(&out.join("counts.csv"));
    let count = |outlet: &str, cat: &str| {
        rows.iter()
            .find(|r| r["outlet"] == outlet && r["category"] == cat)
            .map(|r| r["count"].clone())
    };
    assert_eq!(count("A", "rebel").as_deref(), Some("1"));
    assert_eq!(count("A", "terrorist").as_deref(), Some("1"));
    assert_eq!(count("B", "rebel").as_deref(), Some("1"));
    fs::remove_dir_all(case.out()).unwrap();
    let out = case.ok("c2", &[]);
    let rows = read_csv(&out.join("counts.csv"));
    assert!(rows
        .iter()
        .any(|r| r["category"] == "rebel" && r["count"] == "1"));
}

#[test]
fn unknown_column() {
    let case = Case::new();
    case.write("c.csv", b"outlet,body\nA,rebels\n");
    case.refused("c.csv", &[], "text");
    case.refused("c.csv", &["--text-column", "content"], "content");
    case.write("d.csv", b"outlet,text\nA,rebels\n");
    case.refused("d.csv", &["--where", "country=RU"], "country");
}

#[test]
fn duplicate_article_ids() {
    let case = Case::new();
    case.write("c.csv", b"id,outlet,text\nx,A,rebels\nx,B,terrorists\n");
    case.refused("c.csv", &[], "c.csv:3");
}

#[test]
fn lexicon_with_50000_terms() {
    let case = Case::new();
    let mut lexicon = String::from("name = \"big\"\n[groups.g.categories]\n");
    for c in 0..5 {
        lexicon.push_str(&format!("c{c} = ["));
        for t in 0..10_000 {
            lexicon.push_str(&format!("\"w{c}x{t}\","));
        }
        lexicon.push_str("]\n");
    }
    case.write("lexicon.toml", lexicon.as_bytes());
    case.write(
        "c.csv",
        b"outlet,text\nA,w0x1 w1x9999 w4x0\nB,w3x5000 w3x5000 nothing\n",
    );
    let started = std::time::Instant::now();
    let out = case.ok("c.csv", &[]);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    let rows = read_csv(&out.join("counts.csv"));
    let b3 = rows
        .iter()
        .find(|r| r["outlet"] == "B" && r["category"] == "c3")
        .unwrap();
    assert_eq!(b3["count"], "2");
}

/// A 200 MB article on one line. Too slow for a debug build: run by
/// `scripts/big_line.sh` (release build).
#[test]
#[ignore = "200 MB: run with scripts/big_line.sh"]
fn single_line_of_200_mb() {
    use std::io::Write;
    let case = Case::new();
    let path = case.path("c.csv");
    let mut f = std::io::BufWriter::new(fs::File::create(&path).unwrap());
    f.write_all(b"id,outlet,text\na1,A,\"").unwrap();
    let chunk = "The rebels and the terrorists met the regime near Damascus. ".repeat(1000);
    let mut written = 0;
    while written < 200_000_000 {
        f.write_all(chunk.as_bytes()).unwrap();
        written += chunk.len();
    }
    f.write_all(b"\"\na2,B,the regime\n").unwrap();
    drop(f);
    let out = case.ok("c.csv", &[]);
    let rows = read_csv(&out.join("counts.csv"));
    let a = rows
        .iter()
        .find(|r| r["outlet"] == "A" && r["category"] == "rebel")
        .unwrap();
    assert_eq!(a["count"], (written / chunk.len() * 1000).to_string());
}

#[test]
fn output_under_a_file_cannot_be_written() {
    let case = Case::new();
    case.write("c.csv", b"outlet,text\nA,rebels\n");
    let blocker = case.write("file.txt", b"not a folder");
    let out = report(
        &case.path("c.csv"),
        &case.path("lexicon.toml"),
        &blocker.join("r"),
    )
    .output()
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot write") && stderr.contains("file.txt"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn read_only_output_folder() {
    use std::os::unix::fs::PermissionsExt;
    let case = Case::new();
    case.write("c.csv", b"outlet,text\nA,rebels\n");
    let locked = case.path("locked");
    fs::create_dir_all(&locked).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(locked.join("probe"), b"").is_ok() {
        eprintln!("running as root: permissions do not bite, skipped");
        return;
    }
    let out = report(
        &case.path("c.csv"),
        &case.path("lexicon.toml"),
        &locked.join("r"),
    )
    .output()
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn missing_inputs() {
    let case = Case::new();
    case.refused("nowhere.csv", &[], "nowhere.csv");
    let out = report(
        &root().join("data/seed"),
        &case.path("none.toml"),
        &case.out(),
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("none.toml"));
}
