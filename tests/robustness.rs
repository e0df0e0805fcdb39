//! Reports are never lost, never differ between runs, never carry a
//! formula into a spreadsheet, and can be checked against their inputs.

mod common;

use common::{framescore, report, root, FAST};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Every file under `dir`, relative path -> bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn same_seed_gives_byte_identical_tables_and_charts_at_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let run = |threads: &str, name: &str| {
        let out = dir.path().join(name);
        framescore()
            .args([
                "report",
                "--bootstrap",
                "200",
                "--permutations",
                "200",
                "--seed",
                "7",
            ])
            .args(["--threads", threads, "--out"])
            .arg(&out)
            .assert()
            .success();
        files(&out)
    };
    let one = run("1", "one");
    let four = run("4", "four");
    assert_eq!(one.len(), four.len());
    let mut compared = 0;
    for ((pa, a), (pb, b)) in one.iter().zip(&four) {
        assert_eq!(pa, pb);
        let ext = pa.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "csv" || ext == "png" || ext == "sha256" {
            assert!(a == b, "{} differs between --threads 1 and 4", pa.display());
            compared += 1;
        }
    }
    assert!(compared > 15, "only {compared} files compared");
}

#[test]
fn run_json_records_version_commit_inputs_seed_and_timings() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    framescore()
        .arg("report")
        .args(FAST)
        .args(["--seed", "3", "--out"])
        .arg(&out)
        .assert()
        .success();
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["version"], env!("CARGO_PKG_VERSION"));
    assert!(run["git_commit"].is_string() || run["git_commit"].is_null());
    assert_eq!(run["seed"], 3);
    assert!(run["arguments"].as_array().unwrap().len() > 3);
    assert_eq!(
        run["inputs"]["lexicon"]["sha256"].as_str().unwrap().len(),
        64
    );
    assert_eq!(run["inputs"]["corpus"]["files"], 6);
    assert!(run["timings_seconds"]["total"].as_f64().unwrap() > 0.0);
}

#[test]
fn verify_names_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("seed");
    fs::create_dir_all(&corpus).unwrap();
    for e in fs::read_dir(root().join("data/seed")).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
    }
    let lexicon = dir.path().join("syria.toml");
    fs::copy(root().join("lexicons/syria.toml"), &lexicon).unwrap();
    let out = dir.path().join("r");
    report(&corpus, &lexicon, &out).assert().success();
    framescore()
        .arg("verify")
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicates::str::contains("all 7 input files match"));

    let article = corpus.join("002_077868484105991a.txt");
    let mut text = fs::read(&article).unwrap();
    text.extend_from_slice(b"\nrebels");
    fs::write(&article, text).unwrap();
    fs::write(
        &lexicon,
        fs::read_to_string(&lexicon).unwrap() + "\n# edited\n",
    )
    .unwrap();
    fs::remove_file(corpus.join("004_c2a5c23e29ec9a32.txt")).unwrap();
    let assert = framescore().arg("verify").arg(&out).assert().code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("lexicon changed"), "{stdout}");
    assert!(
        stdout.contains("changed: ") && stdout.contains("002_077868484105991a.txt"),
        "{stdout}"
    );
    assert!(
        stdout.contains("removed: ") && stdout.contains("004_c2a5c23e29ec9a32.txt"),
        "{stdout}"
    );

    framescore()
        .arg("verify")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a framescore report folder"));
}

/// Article text and metadata that would run as formulas in a spreadsheet.
#[test]
fn no_csv_cell_starts_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("evil.csv");
    fs::write(
        &corpus,
        "id,outlet,title,date,text\n\
         =1+1,=HYPERLINK(\"http://x\"),@SUM(A1),2016-01-01,-rebels +terrorists rebels =terrorists\n\
         +a2,Ünïcödé News,\"\tTab\",2016-01-02,\"@rebels \r\n terrorists -rebel\"\n\
         a3,-Minus,-2+3,2016-01-03,rebels rebels terrorists\n",
    )
    .unwrap();
    let lexicon = dir.path().join("l.toml");
    fs::write(
        &lexicon,
        "name = \"l\"\n[groups.g.categories]\nrebel = [\"rebel*\"]\nterrorist = [\"terrorist*\"]\n",
    )
    .unwrap();
    let out = dir.path().join("r");
    report(&corpus, &lexicon, &out)
        .arg("--excel")
        .assert()
        .success();
    let mut checked = 0;
    for e in fs::read_dir(&out).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        let bytes = fs::read(&p).unwrap();
        assert!(
            bytes.starts_with("\u{feff}".as_bytes()),
            "{}: no BOM with --excel",
            p.display()
        );
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[3..]);
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                let first = cell.chars().next();
                let number = cell.parse::<f64>().is_ok();
                assert!(
                    number || !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                    "{}: cell {cell:?} starts a formula",
                    p.display()
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 10, "{checked} CSVs checked");
    let counts = fs::read_to_string(out.join("counts.csv")).unwrap();
    assert!(
        counts.contains("'=HYPERLINK"),
        "the data is kept behind the escape"
    );
    assert!(counts.contains("Ünïcödé News"));

    // kwic --csv and lexicon check --csv print CSV too.
    let assert = framescore()
        .args(["kwic", "--csv", "--corpus"])
        .arg(&corpus)
        .arg("--lexicon")
        .arg(&lexicon)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    for line in stdout.lines() {
        for cell in line.split(',') {
            assert!(
                !cell.starts_with('=') && !cell.starts_with('@'),
                "kwic cell {cell:?}"
            );
        }
    }
}

/// Ctrl-C or kill while a report is written leaves the previous report as
/// it was and no staging folder behind.
#[cfg(unix)]
#[test]
fn interrupted_run_keeps_the_previous_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    framescore()
        .args(["report", "--bootstrap", "0", "--permutations", "0", "--out"])
        .arg(&out)
        .assert()
        .success();
    let before = files(&out);

    // A corpus large enough that the pass takes a while in a debug build.
    let corpus = dir.path().join("big.csv");
    let mut text = String::from("id,outlet,text\n");
    let para = "The rebels and the terrorists met the Islamic State near Damascus. ".repeat(40);
    for i in 0..6000 {
        text.push_str(&format!("a{i},Outlet {},\"{para} {i}\"\n", i % 7));
    }
    fs::write(&corpus, text).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("framescore");
    for signal in ["INT", "TERM"] {
        let mut child = std::process::Command::new(&bin)
            .current_dir(root())
            .arg("report")
            .args(FAST)
            .arg("--corpus")
            .arg(&corpus)
            .arg("--out")
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let staging = || {
            fs::read_dir(dir.path())
                .unwrap()
                .filter_map(|e| e.ok())
                .any(|e| e.file_name().to_string_lossy().starts_with(".r.partial"))
        };
        let started = Instant::now();
        while !staging() {
            assert!(
                child.try_wait().unwrap().is_none(),
                "the run ended before it was interrupted"
            );
            assert!(started.elapsed() < Duration::from_secs(60));
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(100));
        let killed = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(130), "SIG{signal}: {status:?}");
        assert!(
            files(&out) == before,
            "SIG{signal}: the previous report changed"
        );
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 2, "SIG{signal}: left behind: {left:?}");
    }
}
