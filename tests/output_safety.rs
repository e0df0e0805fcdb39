//! A user's files are never harmed, whatever they type: the output side of
//! the adversarial catalogue. Each case runs the binary, checks the exit
//! code and the message, that nothing panicked, that nothing was written
//! where nothing should be, and that every input is byte for byte as it
//! was (a hash of the whole tree before and after).

mod common;

use common::{framescore, root, FAST};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A hash of every file under `dir` (names, link targets and contents).
fn tree_hash(dir: &Path) -> String {
    fn walk(dir: &Path, h: &mut Sha256) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let path = e.path();
            h.update(e.file_name().to_string_lossy().as_bytes());
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                h.update(
                    std::fs::read_link(&path)
                        .unwrap()
                        .to_string_lossy()
                        .as_bytes(),
                );
            } else if meta.is_dir() {
                walk(&path, h);
            } else {
                h.update(std::fs::read(&path).unwrap());
            }
        }
    }
    let mut h = Sha256::new();
    walk(dir, &mut h);
    format!("{:x}", h.finalize())
}

/// A scratch folder with a folder corpus, a CSV corpus and a lexicon.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        for entry in std::fs::read_dir(root().join("data/seed"))
            .unwrap()
            .flatten()
        {
            std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
        }
        std::fs::copy(
            root().join("lexicons/syria.toml"),
            dir.path().join("l.toml"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("v.csv"),
            "id,outlet,text\n1,a,The terrorists and the rebels\n2,b,Rebels said the regime\n",
        )
        .unwrap();
        Scratch { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Runs framescore in the scratch folder and checks: exit `code`,
    /// stderr naming `says`, no panic, and the tree unchanged unless
    /// `changes` is set.
    fn run(&self, args: &[&str], code: i32, says: &str) -> String {
        let before = tree_hash(self.dir.path());
        let out = framescore()
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            stderr.contains(says),
            "{args:?}: expected `{says}` in: {stderr}"
        );
        if code != 0 {
            assert_eq!(before, tree_hash(self.dir.path()), "{args:?} changed files");
        }
        stderr
    }
}

/// `count` of the scratch CSV corpus with the scratch lexicon into `out`,
/// then `extra`.
fn count<'a>(out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "count",
        "--corpus",
        "v.csv",
        "--lexicon",
        "l.toml",
        "--out",
        out,
    ];
    v.extend(extra);
    v
}

/// A fast `report` of `corpus` with `lexicon`, then `extra`.
fn report<'a>(corpus: &'a str, lexicon: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["report", "--corpus", corpus, "--lexicon", lexicon];
    v.extend(extra);
    v.extend(FAST);
    v
}

#[test]
fn count_out_onto_its_own_corpus_is_refused() {
    let s = Scratch::new();
    s.run(&count("v.csv", &[]), 2, "is an input");
    // Even with --force.
    s.run(&count("v.csv", &["--force"]), 2, "is an input");
    // The lexicon is an input too.
    s.run(&count("l.toml", &["--force"]), 2, "is an input");
}

#[cfg(unix)]
#[test]
fn out_through_a_symbolic_link_is_refused() {
    let s = Scratch::new();
    std::fs::write(s.path("precious.txt"), "keep me").unwrap();
    std::os::unix::fs::symlink(s.path("precious.txt"), s.path("link.csv")).unwrap();
    s.run(&count("link.csv", &["--force"]), 2, "symbolic link");
    assert_eq!(
        std::fs::read_to_string(s.path("precious.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let s = Scratch::new();
    std::fs::write(s.path("notes.csv"), "my notes").unwrap();
    s.run(&count("notes.csv", &[]), 2, "--force");
    s.run(&count("notes.csv", &["--force"]), 0, "2 articles");
    let written = std::fs::read_to_string(s.path("notes.csv")).unwrap();
    assert!(
        written.starts_with("outlet,group,category,count"),
        "{written}"
    );
}

#[test]
fn lexicon_import_onto_its_source_is_refused() {
    let s = Scratch::new();
    std::fs::write(s.path("x.dic"), "%\n1\tterror\n%\nterror*\t1\n").unwrap();
    s.run(
        &["lexicon", "import", "x.dic", "--out", "x.dic", "--force"],
        2,
        "is an input",
    );
}

#[test]
fn a_lexicon_name_that_is_a_path_is_refused() {
    let s = Scratch::new();
    let lexicon = std::fs::read_to_string(s.path("l.toml")).unwrap();
    for (i, name) in ["../../x", "/tmp/framescore-abs", "", "..", "a/b"]
        .iter()
        .enumerate()
    {
        let file = format!("bad{i}.toml");
        let text = lexicon.replacen("name = \"syria\"", &format!("name = {name:?}"), 1);
        assert_ne!(text, lexicon, "the shipped lexicon names itself syria");
        std::fs::write(s.path(&file), text).unwrap();
        let args = report("corpus", &file, &[]);
        s.run(&args, 2, "cannot name the report folder");
    }
    assert!(!s.path("reports").exists());
    assert!(!Path::new("/tmp/framescore-abs").exists());
}

#[test]
fn force_never_deletes_an_input() {
    let s = Scratch::new();
    for out in ["corpus", ".", "l.toml", "corpus/report"] {
        let args = report("corpus", "l.toml", &["--out", out, "--force"]);
        s.run(&args, 2, "will not write");
    }
    // A baseline and a background file are inputs too.
    std::fs::write(s.path("bg.csv"), "term,count\nterrorist,5\n").unwrap();
    for (flag, value) in [("--baseline", "l.toml"), ("--background", "bg.csv")] {
        let args = report(
            "corpus",
            "l.toml",
            &[flag, value, "--out", value, "--force"],
        );
        s.run(&args, 2, "is an input");
    }
}

#[test]
fn a_folder_framescore_did_not_write_needs_force() {
    let s = Scratch::new();
    std::fs::create_dir(s.path("mine")).unwrap();
    std::fs::write(s.path("mine/thesis.docx"), "chapter 1").unwrap();
    let args = report("corpus", "l.toml", &["--out", "mine"]);
    s.run(&args, 2, "was not written by framescore");
    // A report folder is recognised by its marker and replaced.
    let args = report("corpus", "l.toml", &["--out", "rep"]);
    s.run(&args, 0, "");
    assert!(s.path("rep/.framescore").is_file());
    s.run(&args, 0, "");
}

#[test]
fn an_old_report_inside_a_corpus_folder_is_not_read_as_an_outlet() {
    let s = Scratch::new();
    // Outlet subfolders, and a report written there by an earlier version.
    let folders = s.path("outlets");
    for (outlet, text) in [
        ("a", "The terrorists attacked."),
        ("b", "The rebels attacked."),
    ] {
        std::fs::create_dir_all(folders.join(outlet)).unwrap();
        std::fs::write(folders.join(outlet).join("1.txt"), text).unwrap();
    }
    let args = report("outlets", "l.toml", &["--out", "r1"]);
    s.run(&args, 0, "");
    std::fs::rename(s.path("r1"), folders.join("r1")).unwrap();
    let args = report("outlets", "l.toml", &["--out", "r2"]);
    s.run(&args, 0, "2 outlets");
    let outlets: Vec<String> = common::read_csv(&s.path("r2/counts_wide.csv"))
        .into_iter()
        .map(|r| r["outlet"].clone())
        .collect();
    assert_eq!(outlets, ["a", "b"]);
    // verify does not call the old report's files "added".
    let out = framescore()
        .arg("verify")
        .arg(s.path("r2"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_dead_run_leaves_nothing_the_next_run_does_not_clear() {
    let s = Scratch::new();
    let args = report("corpus", "l.toml", &["--out", "rep"]);
    s.run(&args, 0, "");
    // A run killed mid-write left its staging folder (a PID that is no
    // process), and one killed mid-swap had moved the report aside.
    let dead = s.path(".rep.partial-4194000");
    std::fs::create_dir(&dead).unwrap();
    std::fs::write(dead.join(".framescore"), "framescore").unwrap();
    std::fs::write(dead.join("counts.csv"), "half").unwrap();
    std::fs::rename(s.path("rep"), s.path(".rep.partial-4194001.old")).unwrap();
    // A hidden folder of the user's with a similar name is left alone.
    std::fs::create_dir(s.path(".rep.partial-notes")).unwrap();
    s.run(&args, 0, "");
    assert!(!dead.exists(), "the dead run's staging folder is removed");
    assert!(!s.path(".rep.partial-4194001.old").exists());
    assert!(s.path(".rep.partial-notes").exists());
    assert!(s.path("rep/counts.csv").is_file());
}

#[test]
fn every_csv_cell_is_guarded_including_ids_and_look_alikes() {
    let s = Scratch::new();
    std::fs::write(
        s.path("g.toml"),
        "name = \"g\"\n[groups.\"-g\"]\n[groups.\"-g\".categories]\n\"-c\" = [\"terrorists\"]\n",
    )
    .unwrap();
    std::fs::write(
        s.path("x.csv"),
        "id,outlet,text\n-1x,\u{FF1D}HYPERLINK(1),\" =1+1 the terrorists came\"\n@2,+out,the terrorists\n",
    )
    .unwrap();
    let args = report("x.csv", "g.toml", &["--out", "rep"]);
    s.run(&args, 0, "");
    for entry in std::fs::read_dir(s.path("rep")).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "csv") {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_path(entry.path())
                .unwrap();
            for rec in r.records() {
                for cell in rec.unwrap().iter() {
                    let first = cell.trim_start().chars().next();
                    let risky = first.is_some_and(|c| "=+-@\u{FF1D}\u{FE66}".contains(c));
                    let number = cell.parse::<f64>().is_ok();
                    assert!(
                        !risky || number,
                        "{}: unguarded {cell:?}",
                        entry.path().display()
                    );
                }
            }
        }
    }
    let docs = std::fs::read_to_string(s.path("rep/documents.csv")).unwrap();
    // The category's column is named `<group>.<category>`, guarded too.
    let header = docs.lines().next().unwrap_or_default();
    assert!(header.ends_with(",metadata,'-g.-c"), "{docs}");
}

#[test]
fn sample_writes_only_into_a_new_or_empty_folder_that_is_no_input() {
    let s = Scratch::new();
    let sample = |out: &'static str| -> Vec<&'static str> {
        vec![
            "sample",
            "--corpus",
            "corpus",
            "--lexicon",
            "l.toml",
            "--out",
            out,
        ]
    };
    // Into the corpus folder, or a folder holding the user's files.
    s.run(&sample("corpus"), 2, "is an input");
    std::fs::create_dir(s.path("notes")).unwrap();
    std::fs::write(s.path("notes/mine.txt"), "my notes").unwrap();
    s.run(&sample("notes"), 2, "holds other files");
    // A new folder, then never again into it (coded sheets would be lost).
    s.run(&sample("validation"), 0, "");
    assert!(s.path("validation/sample.json").is_file());
    assert!(!s.path("validation/.framescore").exists());
    s.run(&sample("validation"), 2, "already holds a sample");
}

#[test]
fn validate_never_replaces_a_coded_sheet_nor_a_users_file_without_force() {
    let s = Scratch::new();
    let args = [
        "sample",
        "--corpus",
        "corpus",
        "--lexicon",
        "l.toml",
        "--out",
        "validation",
    ];
    s.run(&args, 0, "");
    // Code every match yes.
    let sheet = s.path("validation/coder1_matches.csv");
    let mut r = csv::Reader::from_path(&sheet).unwrap();
    let header = r.headers().unwrap().clone();
    let code = header.iter().position(|h| h == "code").unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let mut w = csv::Writer::from_path(&sheet).unwrap();
    w.write_record(&header).unwrap();
    for row in rows {
        let cells: Vec<&str> = (0..row.len())
            .map(|i| if i == code { "yes" } else { &row[i] })
            .collect();
        w.write_record(cells).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    let validate = |sheet: &'static str, out: &'static str| {
        vec!["validate", sheet, "--out", out, "--bootstrap", "0"]
    };
    // Beside the sheets, again and again (the folder holds the sample).
    s.run(
        &validate("validation/coder1_matches.csv", "validation"),
        0,
        "",
    );
    s.run(
        &validate("validation/coder1_matches.csv", "validation"),
        0,
        "",
    );
    // A sheet saved under a table's name is an input: never replaced.
    std::fs::copy(&sheet, s.path("validation/validation.csv")).unwrap();
    s.run(
        &validate("validation/validation.csv", "validation"),
        2,
        "is an input",
    );
    // Elsewhere, an existing file of a table's name needs --force.
    std::fs::create_dir(s.path("elsewhere")).unwrap();
    std::fs::write(s.path("elsewhere/agreement.csv"), "mine").unwrap();
    s.run(
        &validate("validation/coder1_matches.csv", "elsewhere"),
        2,
        "pass --force",
    );
    let mut forced = validate("validation/coder1_matches.csv", "elsewhere");
    forced.push("--force");
    s.run(&forced, 0, "");
    assert_ne!(
        std::fs::read(s.path("elsewhere/agreement.csv")).unwrap(),
        b"mine"
    );
}
