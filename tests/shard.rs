//! `count --shard K/N` + `merge` against one `report` run: the CSVs must be
//! byte for byte the same.

mod common;

use common::{files_below, framescore, Lcg};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Statistics options shared by the single run and the merge: few
/// resamples, so the test is quick, but not none, so the article-level
/// tables (which depend on each outlet's articles in corpus order) exist.
const STATS: [&str; 4] = ["--bootstrap", "200", "--permutations", "200"];

/// 120 articles from 4 outlets over 4 months: lexicon terms drawn by a
/// fixed generator, a boilerplate line per outlet (removed by cleaning), a
/// repeated paragraph, and one story republished by a second outlet.
fn synthetic_corpus(dir: &Path) -> PathBuf {
    let sentences = [
        "Terrorists attacked the checkpoint near Idlib on Tuesday.",
        "Rebels said they had taken the village after heavy fighting.",
        "The insurgents withdrew from the outskirts of the city.",
        "Officials blamed Daesh for the bombing at the market.",
        "ISIS claimed the attack in a statement online.",
        "Militants of the Islamic State were seen near the border.",
        "The regime shelled the eastern districts again.",
        "Talks in Geneva resumed without the armed opposition.",
        "Aid convoys reached the besieged town for the first time.",
        "The government in Damascus denied the reports.",
    ];
    let outlets = ["Alpha News", "Beta Times", "Gamma Daily", "Delta Wire"];
    let syndicated = [
        "Jihadists and rebels fought over the road to Aleppo for a third day, residents \
         said, as the terrorists shelled the market and the insurgents moved their fighters \
         into the hills above the old town near the citadel.",
        "A spokesman for the armed opposition said the fighters would hold the road until \
         the convoys of food and medicine had passed, while the government in Damascus \
         called them terrorists and promised to retake every village by the spring.",
        "Aid workers counted at least forty families sheltering in the school beside the \
         mosque, most of them from the villages to the north, and said the water pumps had \
         stopped working after the shelling on Sunday night.",
    ]
    .join("\n\n");
    let mut rng = Lcg(0x2545_f491);
    let mut next = |n: usize| rng.below(n);
    let mut csv = String::from("id,outlet,date,title,text\n");
    for i in 0..120 {
        let outlet = outlets[i % 4];
        let mut paragraphs: Vec<String> = (0..2 + next(4))
            .map(|_| {
                (0..1 + next(3))
                    .map(|_| sentences[next(sentences.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        paragraphs.push(format!("Follow {outlet} for more news."));
        if i % 17 == 0 {
            let again = paragraphs[0].clone();
            paragraphs.push(again);
        }
        if i == 41 || i == 44 {
            paragraphs = vec![
                syndicated.clone(),
                format!("Follow {outlet} for more news."),
            ];
        }
        let text = paragraphs.join("\n\n").replace('"', "\"\"");
        let date = format!("2016-{:02}-{:02}", 1 + i % 4, 1 + i % 28);
        let _ = writeln!(csv, "a{i},{outlet},{date},Story {i},\"{text}\"");
    }
    let path = dir.join("corpus.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

/// Runs `report` once and `count --shard k/n` for every k (in reverse
/// order, each with one thread) plus `merge`, and compares the two reports.
fn assert_sharded_equals_single(corpus: &Path, shards: u64, options: &[&str]) {
    assert_sharded_equals_single_of(&[corpus], shards, options);
}

/// As [`assert_sharded_equals_single`], for a corpus of several paths (or globs).
fn assert_sharded_equals_single_of(
    corpus: &[&Path],
    shards: u64,
    options: &[&str],
) -> (serde_json::Value, serde_json::Value) {
    let tmp = tempfile::tempdir().unwrap();
    let mut partials = Vec::new();
    for k in (1..=shards).rev() {
        let part = tmp.path().join(format!("part{k}"));
        framescore()
            .arg("count")
            .arg("--shard")
            .arg(format!("{k}/{shards}"))
            .args(options)
            .args(["--threads", "1"])
            .args(corpus_args(corpus))
            .arg("--out")
            .arg(&part)
            .assert()
            .success();
        partials.push(part);
    }
    compare_with_single(tmp.path(), corpus, &partials, shards, options)
}

/// `--corpus P` for each path.
fn corpus_args(corpus: &[&Path]) -> Vec<std::ffi::OsString> {
    corpus
        .iter()
        .flat_map(|p| ["--corpus".into(), p.as_os_str().to_os_string()])
        .collect()
}

/// The files of the K-th of N shards among `files` parts, as the shards
/// split a corpus's parts (here, independently: contiguous runs whose
/// sizes differ by at most one).
fn own_files(files: usize, k: usize, n: usize) -> std::ops::Range<usize> {
    (files * (k - 1) / n)..(files * k / n)
}

/// The two-phase shards: `count --shard k/N --summarise`, `plan`,
/// `count --shard k/N --plan`, then `merge`, compared with one `report`
/// over the CSV files `files` (named in corpus order). Each shard runs on
/// its own copy of the corpus folder in which every other shard's files
/// keep their header but have a damaged body (an unterminated quote): a
/// shard that read anything of them but the header would fail or count
/// other articles.
fn assert_two_phase_equals_single(
    dir: &Path,
    files: &[&str],
    shards: usize,
    options: &[&str],
) -> (serde_json::Value, serde_json::Value) {
    let tmp = tempfile::tempdir().unwrap();
    let view = |k: usize| -> PathBuf {
        let view = tmp.path().join(format!("view{k}"));
        std::fs::create_dir(&view).unwrap();
        let own = own_files(files.len(), k, shards);
        for (i, name) in files.iter().enumerate() {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            let header = text.lines().next().unwrap();
            let body = if own.contains(&i) {
                text.clone()
            } else {
                format!("{header}\nx1,Nobody,2016-01-01,\"never read,\"unterminated\n")
            };
            std::fs::write(view.join(name), body).unwrap();
        }
        view.join("*.csv")
    };
    let views: Vec<PathBuf> = (1..=shards).map(view).collect();
    let partials = two_phase(tmp.path(), |k| views[k - 1].clone(), shards, options);
    let listed: Vec<PathBuf> = files.iter().map(|f| dir.join(f)).collect();
    let listed: Vec<&Path> = listed.iter().map(PathBuf::as_path).collect();
    compare_with_single(tmp.path(), &listed, &partials, shards as u64, options)
}

/// Runs the two phases of `shards` shards in `tmp` (shard k reading
/// `corpus(k)`): `count --summarise` for each, `plan`, `count --plan` for
/// each; returns the partial folders.
fn two_phase(
    tmp: &Path,
    corpus: impl Fn(usize) -> PathBuf,
    shards: usize,
    options: &[&str],
) -> Vec<PathBuf> {
    let run = |args: &[&std::ffi::OsStr]| {
        framescore().args(args).args(options).assert().success();
    };
    let mut summaries = Vec::new();
    for k in (1..=shards).rev() {
        let summary = tmp.join(format!("summary{k}"));
        let shard = format!("{k}/{shards}");
        run(&[
            "count".as_ref(),
            "--summarise".as_ref(),
            "--shard".as_ref(),
            shard.as_ref(),
            "--corpus".as_ref(),
            corpus(k).as_os_str(),
            "--out".as_ref(),
            summary.as_os_str(),
        ]);
        summaries.push(summary);
    }
    let plan = tmp.join("plan");
    let mut args: Vec<&std::ffi::OsStr> = vec!["plan".as_ref()];
    args.extend(summaries.iter().map(|s| s.as_os_str()));
    args.extend(["--out".as_ref(), plan.as_os_str()]);
    run(&args);
    let mut partials = Vec::new();
    for k in 1..=shards {
        let part = tmp.join(format!("part{k}"));
        let shard = format!("{k}/{shards}");
        run(&[
            "count".as_ref(),
            "--shard".as_ref(),
            shard.as_ref(),
            "--plan".as_ref(),
            plan.as_os_str(),
            "--threads".as_ref(),
            "1".as_ref(),
            "--corpus".as_ref(),
            corpus(k).as_os_str(),
            "--out".as_ref(),
            part.as_os_str(),
        ]);
        partials.push(part);
    }
    partials
}

/// Runs `report` over `corpus` with `options` and `merge` over
/// `partials`, in `tmp`, and compares every table, the workbooks and
/// what run.json says was read; returns both run.json.
fn compare_with_single(
    tmp: &Path,
    corpus: &[&Path],
    partials: &[PathBuf],
    shards: u64,
    options: &[&str],
) -> (serde_json::Value, serde_json::Value) {
    let corpus = corpus_args(corpus);
    let single = tmp.join("single");
    // Partials keep no per-article facts (period, covariates), so a merged
    // report fits no models (its page says so): compare without them.
    framescore()
        .arg("report")
        .args(STATS)
        .args(options)
        .arg("--no-model")
        .args(["--threads", "2"])
        .args(&corpus)
        .arg("--out")
        .arg(&single)
        .assert()
        .success();
    let merged = tmp.join("merged");
    framescore()
        .arg("merge")
        .args(partials)
        .args(STATS)
        .arg("--out")
        .arg(&merged)
        .assert()
        .success();

    let (a, b) = (files_below(&single), files_below(&merged));
    assert_eq!(a, b, "the merged report has other files");
    let mut compared = 0;
    for f in &a {
        let name = f.to_string_lossy();
        if name.ends_with(".csv") {
            let (x, y) = (
                std::fs::read(single.join(f)).unwrap(),
                std::fs::read(merged.join(f)).unwrap(),
            );
            assert!(
                x == y,
                "{name} differs between the single run and the merge"
            );
            compared += 1;
        }
    }
    assert!(compared >= 12, "only {compared} tables compared");
    // Every corpus file hashed, with its hash, wherever each shard read it.
    let sums = |dir: &Path| -> Vec<(String, String)> {
        let text = std::fs::read_to_string(dir.join("inputs.sha256")).unwrap();
        text.lines()
            .map(|l| {
                let (hash, path) = l.split_once("  ").unwrap();
                let name = Path::new(path).file_name().unwrap();
                (hash.to_string(), name.to_string_lossy().into_owned())
            })
            .collect()
    };
    assert_eq!(sums(&single), sums(&merged), "inputs.sha256");
    // The workbooks hold the same tables (the Summary names each run's command).
    use calamine::Reader;
    let mut book_one = calamine::open_workbook_auto(single.join("report.xlsx")).unwrap();
    let mut book_two = calamine::open_workbook_auto(merged.join("report.xlsx")).unwrap();
    assert_eq!(book_one.sheet_names(), book_two.sheet_names());
    for name in book_one.sheet_names().into_iter().skip(1) {
        assert!(
            book_one.worksheet_range(&name).unwrap() == book_two.worksheet_range(&name).unwrap(),
            "sheet {name} differs between the single run and the merge"
        );
    }
    let read = |dir: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.join("run.json")).unwrap()).unwrap()
    };
    let (one, run) = (read(&single), read(&merged));
    assert_eq!(run["merged_shards"], shards);
    assert_eq!(run["input"], one["input"], "what was read, said alike");
    (one, run)
}

/// A corpus of two files, by glob and by list: `report` and the shards read
/// both, hash both (`inputs.sha256`, `verify`), and say how many articles
/// were counted undated because their date could not be read.
#[test]
fn a_glob_or_a_list_of_files_is_reported_sharded_and_verified() {
    let tmp = tempfile::tempdir().unwrap();
    let mut reader = csv::Reader::from_path(synthetic_corpus(tmp.path())).unwrap();
    let header = reader.headers().unwrap().clone();
    let dir = tmp.path().join("parts");
    std::fs::create_dir(&dir).unwrap();
    // Two files of 60 articles; three articles get a date no format reads.
    let mut parts: Vec<csv::Writer<Vec<u8>>> = (0..2)
        .map(|_| {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(&header).unwrap();
            w
        })
        .collect();
    for (i, row) in reader.records().enumerate() {
        let mut row: Vec<String> = row.unwrap().iter().map(str::to_string).collect();
        if i % 40 == 7 {
            row[2] = "12/1/16".into();
        }
        parts[usize::from(i >= 60)].write_record(&row).unwrap();
    }
    let parts: Vec<Vec<u8>> = parts.into_iter().map(|w| w.into_inner().unwrap()).collect();
    for (k, part) in parts.iter().enumerate() {
        std::fs::write(dir.join(format!("part{k}.csv")), part).unwrap();
    }
    let (single, _) = assert_sharded_equals_single_of(&[&dir.join("part*.csv")], 2, &[]);
    assert_eq!(single["input"]["articles_undated"], 3);
    let examples = single["input"]["undated_examples"].as_array().unwrap();
    assert!(
        examples[0].as_str().unwrap().contains("part0.csv"),
        "{examples:?}"
    );
    assert_eq!(single["inputs"]["corpus"]["files"], 2);

    // A list of the two files: both hashed; verify notices a change to the second.
    let out = tmp.path().join("listed");
    framescore()
        .arg("report")
        .args(["--bootstrap", "0", "--permutations", "0", "--corpus"])
        .arg(dir.join("part0.csv"))
        .arg("--corpus")
        .arg(dir.join("part1.csv"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let sums = std::fs::read_to_string(out.join("inputs.sha256")).unwrap();
    assert_eq!(sums.lines().count(), 3, "{sums}");
    assert!(
        sums.contains("part0.csv") && sums.contains("part1.csv"),
        "{sums}"
    );
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        page.contains("3 articles have a date that cannot be read and are counted undated"),
        "the page names the undated articles"
    );
    framescore().arg("verify").arg(&out).assert().success();
    std::fs::write(dir.join("part1.csv"), &parts[0]).unwrap();
    let changed = framescore().arg("verify").arg(&out).assert().failure();
    let said = String::from_utf8_lossy(&changed.get_output().stdout).into_owned()
        + &String::from_utf8_lossy(&changed.get_output().stderr);
    assert!(
        said.contains("changed:") && said.contains("part1.csv"),
        "{said}"
    );
}

#[test]
fn sharded_report_equals_single_run_on_a_multi_article_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = synthetic_corpus(tmp.path());
    // Cleaning must have something to do, and every outlet enough articles
    // for the article-level tables.
    assert_sharded_equals_single(&corpus, 4, &["--period", "month"]);
}

#[test]
fn sharded_report_equals_single_run_when_copies_are_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = synthetic_corpus(tmp.path());
    assert_sharded_equals_single(
        &corpus,
        3,
        &[
            "--syndicated",
            "first",
            "--where",
            "outlet=Alpha News",
            "--where",
            "outlet=Beta Times",
        ],
    );
}

#[test]
fn sharded_report_equals_single_run_when_near_copies_are_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = synthetic_corpus(tmp.path());
    assert_sharded_equals_single(&corpus, 3, &["--duplicates", "near"]);
}

#[test]
fn more_shards_than_articles_on_the_seeds() {
    // 5 articles in 7 shards: two shards count nothing.
    let seeds = common::root().join("data/seed");
    assert_sharded_equals_single(&seeds, 7, &["--no-clean"]);
}

#[test]
fn merge_refuses_incomplete_repeated_or_mixed_shards() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = common::root().join("data/seed");
    let part = |k: &str, extra: &[&str]| {
        let dir = tmp
            .path()
            .join(format!("p{}{}", k.replace('/', "of"), extra.len()));
        framescore()
            .args(["count", "--shard", k])
            .args(extra)
            .arg("--corpus")
            .arg(&seeds)
            .arg("--out")
            .arg(&dir)
            .assert()
            .success();
        dir
    };
    let (p1, p2, p3) = (part("1/3", &[]), part("2/3", &[]), part("3/3", &[]));
    let other = part("3/3", &["--no-clean"]);
    let out = tmp.path().join("merged");
    let merge = |parts: &[&PathBuf]| {
        let assert = framescore()
            .arg("merge")
            .args(parts)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2);
        assert!(!out.exists(), "a refused merge wrote {}", out.display());
        String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
    };
    assert!(merge(&[&p1, &p2]).contains("shards missing: 3/3"));
    // The merged report may not replace one of its partials.
    framescore()
        .arg("merge")
        .args([&p1, &p2, &p3])
        .arg("--out")
        .arg(&p2)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is an input of this command"));
    assert!(p2.join("partial.json").is_file());
    assert!(merge(&[&p1, &p2, &p2, &p3]).contains("shard 2 is given twice"));
    let mixed = merge(&[&p1, &p2, &other]);
    assert!(mixed.contains("not a shard of the same run"), "{mixed}");
    assert!(mixed.contains("corpus_options"), "{mixed}");
    let not_partial = merge(&[&p1, &p2, &seeds]);
    assert!(not_partial.contains("partial.json"), "{not_partial}");
    // A truncated table is named, not trusted.
    let matches = p2.join("matches.csv");
    let body = std::fs::read(&matches).unwrap();
    std::fs::write(&matches, &body[..body.len() / 2]).unwrap();
    let truncated = merge(&[&p1, &p2, &p3]);
    assert!(
        truncated.contains("matches.csv") && truncated.contains("count this shard again"),
        "{truncated}"
    );
    std::fs::write(&matches, &body).unwrap();
    // A damaged partial is named, not trusted.
    std::fs::write(
        p3.join("partial.json"),
        "{\"format\": \"framescore-partial\"",
    )
    .unwrap();
    assert!(merge(&[&p1, &p2, &p3]).contains("not a framescore partial"));
    framescore()
        .args(["count", "--shard", "0/3"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("1 <= K <= N"));
}

#[test]
fn shards_may_read_the_corpus_from_different_paths() {
    // On a cluster each machine may mount or copy the corpus elsewhere: the
    // same files (by hash) merge, whatever their path.
    let tmp = tempfile::tempdir().unwrap();
    let corpus = synthetic_corpus(tmp.path());
    let elsewhere = tmp.path().join("copy");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::copy(&corpus, elsewhere.join("corpus.csv")).unwrap();
    let single = tmp.path().join("single");
    framescore()
        .arg("report")
        .args(STATS)
        .arg("--corpus")
        .arg(&corpus)
        .arg("--out")
        .arg(&single)
        .assert()
        .success();
    let parts: Vec<PathBuf> = [(1, &corpus), (2, &elsewhere.join("corpus.csv"))]
        .iter()
        .map(|(k, path)| {
            let part = tmp.path().join(format!("part{k}"));
            framescore()
                .args(["count", "--shard", &format!("{k}/2"), "--corpus"])
                .arg(path)
                .arg("--out")
                .arg(&part)
                .assert()
                .success();
            part
        })
        .collect();
    let merged = tmp.path().join("merged");
    framescore()
        .arg("merge")
        .args(&parts)
        .args(STATS)
        .arg("--out")
        .arg(&merged)
        .assert()
        .success();
    for table in [
        "counts.csv",
        "matches.csv",
        "documents.csv",
        "intervals.csv",
    ] {
        assert!(
            std::fs::read(single.join(table)).unwrap()
                == std::fs::read(merged.join(table)).unwrap(),
            "{table} differs"
        );
    }
}

/// The synthetic corpus as `files` CSV files of consecutive rows (the
/// header in each), in a folder of their own; their names in order.
fn split_corpus(dir: &Path, files: usize) -> (PathBuf, Vec<String>) {
    let corpus = synthetic_corpus(dir);
    let text = std::fs::read_to_string(&corpus).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let folder = dir.join("split");
    std::fs::create_dir(&folder).unwrap();
    let mut names = Vec::new();
    for f in 0..files {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&header).unwrap();
        for row in &rows[rows.len() * f / files..rows.len() * (f + 1) / files] {
            w.write_record(row).unwrap();
        }
        let name = format!("part{f:02}.csv");
        std::fs::write(folder.join(&name), w.into_inner().unwrap()).unwrap();
        names.push(name);
    }
    (folder, names)
}

#[test]
fn two_phase_shards_read_only_their_files_and_equal_the_single_run() {
    let tmp = tempfile::tempdir().unwrap();
    let (folder, names) = split_corpus(tmp.path(), 7);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    // Cleaning (a boilerplate line per outlet), a repeated paragraph, the
    // syndicated pair found by merge, and per-month tables.
    let (_, run) = assert_two_phase_equals_single(&folder, &names, 3, &["--period", "month"]);
    assert_eq!(run["input"]["articles_read"], 120, "{}", run["input"]);
    // Copies dropped by the plan, with filters, and more shards than files.
    assert_two_phase_equals_single(
        &folder,
        &names,
        4,
        &[
            "--syndicated",
            "first",
            "--duplicates",
            "near",
            "--where",
            "outlet=Alpha News",
            "--where",
            "outlet=Beta Times",
        ],
    );
    assert_two_phase_equals_single(&folder, &names[..2], 3, &["--no-clean"]);
    // Near copies within an outlet left out, the syndicated ones found by merge.
    assert_two_phase_equals_single(&folder, &names, 2, &["--duplicates", "near"]);
}

#[test]
fn two_phase_shards_split_a_parquet_file_by_row_groups() {
    // The fixture's two row groups: one per shard, the third shard none.
    let parquet = common::root().join("tests/fixtures/corpora/table.parquet");
    let tmp = tempfile::tempdir().unwrap();
    let partials = two_phase(tmp.path(), |_| parquet.clone(), 3, &[]);
    let partial = |k: usize| -> serde_json::Value {
        let text = std::fs::read(partials[k].join("partial.json")).unwrap();
        serde_json::from_slice(&text).unwrap()
    };
    let articles: Vec<u64> = (0..3)
        .map(|k| partial(k)["articles"].as_u64().unwrap())
        .collect();
    assert_eq!(articles, [0, 2, 2]);
    compare_with_single(tmp.path(), &[&parquet], &partials, 3, &[]);
}

#[test]
fn two_phase_shards_refuse_a_plan_that_does_not_fit() {
    use std::ffi::OsString;
    let tmp = tempfile::tempdir().unwrap();
    let (folder, _) = split_corpus(tmp.path(), 4);
    let corpus = folder.join("*.csv");
    let summarise = |k: u64, extra: &[&str]| {
        let out = tmp.path().join(format!("s{k}{}", extra.len()));
        framescore()
            .args(["count", "--summarise", "--shard", &format!("{k}/2")])
            .args(extra)
            .arg("--corpus")
            .arg(&corpus)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        out
    };
    let (s1, s2) = (summarise(1, &[]), summarise(2, &[]));
    let plan = tmp.path().join("plan");
    let plan_of = |summaries: &[&PathBuf]| -> Vec<OsString> {
        let mut args: Vec<OsString> = vec!["plan".into()];
        args.extend(summaries.iter().map(|s| s.as_os_str().to_owned()));
        args.extend(["--out".into(), plan.as_os_str().to_owned()]);
        args
    };
    let phase_two = |shard: &str, extra: &[&str], out: &Path| -> Vec<OsString> {
        let mut args: Vec<OsString> = vec!["count".into(), "--shard".into(), shard.into()];
        args.extend(extra.iter().map(OsString::from));
        for (flag, path) in [("--plan", &plan), ("--corpus", &corpus)] {
            args.extend([flag.into(), path.as_os_str().to_owned()]);
        }
        args.extend(["--out".into(), out.as_os_str().to_owned()]);
        args
    };
    let refused = |args: &[OsString], out: &Path| -> String {
        let assert = framescore().args(args).assert().code(2);
        assert!(!out.exists(), "a refused run wrote {}", out.display());
        String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
    };
    // A summary of other options: named.
    let other = summarise(2, &["--no-clean"]);
    let said = refused(&plan_of(&[&s1, &other]), &plan);
    assert!(
        said.contains("other settings") && said.contains("no_clean"),
        "{said}"
    );
    // The same summary twice: an article key given twice.
    let said = refused(&plan_of(&[&s1, &s1]), &plan);
    assert!(said.contains("given twice"), "{said}");
    // A folder that is no summary: named.
    let said = refused(&plan_of(&[&s1, &folder]), &plan);
    assert!(
        said.contains("summary.bin") && said.contains("--summarise"),
        "{said}"
    );
    // A summary cut short: named, not trusted.
    let cut = tmp.path().join("cut");
    std::fs::create_dir(&cut).unwrap();
    let bytes = std::fs::read(s2.join("summary.bin")).unwrap();
    std::fs::write(cut.join("summary.bin"), &bytes[..bytes.len() / 2]).unwrap();
    let said = refused(&plan_of(&[&s1, &cut]), &plan);
    assert!(
        said.contains("cut/summary.bin: a summary cannot be read"),
        "{said}"
    );
    // A plan made without shard 2's summary: shard 2's files hold articles
    // the plan never counted.
    framescore().args(plan_of(&[&s1])).assert().success();
    let part = tmp.path().join("part2");
    let said = refused(&phase_two("2/2", &[], &part), &part);
    assert!(
        said.contains("part02.csv") && said.contains("60 articles where the plan counted 0"),
        "{said}"
    );
    // Phase 2 with other options than the plan: named.
    std::fs::remove_dir_all(&plan).unwrap();
    framescore().args(plan_of(&[&s1, &s2])).assert().success();
    let said = refused(&phase_two("1/2", &["--no-clean"], &part), &part);
    assert!(
        said.contains("the plan was made with other settings"),
        "{said}"
    );
    // A plan that is not one: named.
    let other_plan = tmp.path().join("other_plan");
    std::fs::create_dir(&other_plan).unwrap();
    std::fs::write(other_plan.join("plan.bin"), "framescore-plan-2\ngarbage").unwrap();
    let mut args = phase_two("1/2", &[], &part);
    args[4] = other_plan.as_os_str().to_owned();
    let said = refused(&args, &part);
    assert!(
        said.contains("other_plan/plan.bin: a plan cannot be read"),
        "{said}"
    );
    // The plan may not be replaced by a shard's output, even with --force.
    let before = std::fs::read(plan.join("plan.bin")).unwrap();
    let assert = framescore()
        .args(phase_two("1/2", &["--force"], &plan))
        .assert()
        .code(2);
    let said = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(said.contains("is an input of this command"), "{said}");
    assert_eq!(std::fs::read(plan.join("plan.bin")).unwrap(), before);
}
