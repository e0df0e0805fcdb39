//! The partition protocol (`report::partitioned`, what the Python package,
//! Dask and Spark call) against one `framescore report` run: a corpus
//! written as several partition files, each read by its own phase 1 and
//! phase 2 through a reader that counts bytes, must give the same report
//! (every table and chart byte for byte), and no phase may read more than
//! its own partition.

mod common;

use common::{files_below, framescore, Lcg};
use framescore::analysis::StatsOptions;
use framescore::report::partitioned::{Partitioned, Rows};
use framescore::report::Settings;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

const LEXICON: &str = r#"name = "partitions"
[groups.actors.categories]
terrorists = ["terrorist*", "jihadist*"]
rebels = ["rebel*", "insurgent*", "armed opposition"]
regime = ["regime", "government in damascus"]
"#;

/// Few resamples, so the test is quick, but not none, so the article-level
/// tables (which depend on each outlet's articles in corpus order) exist.
const STATS: [&str; 4] = ["--bootstrap", "200", "--permutations", "200"];

/// 120 articles of 4 outlets: lexicon terms drawn by a fixed generator, a
/// boilerplate line per outlet, repeated paragraphs, re-crawled copies
/// within an outlet and a story syndicated across outlets: what phase 1
/// learns must come from every partition. Returns the header and rows.
fn corpus_rows() -> (String, Vec<String>) {
    let sentences = [
        "Terrorists attacked the checkpoint near Idlib on Tuesday.",
        "Rebels said they had taken the village after heavy fighting.",
        "The insurgents withdrew from the outskirts of the city.",
        "The regime shelled the eastern districts again.",
        "Talks in Geneva resumed without the armed opposition.",
        "The government in Damascus denied the reports.",
        "Aid convoys reached the besieged town for the first time.",
    ];
    let story = "Jihadists and rebels fought over the road to Aleppo for a third day, residents \
                 said, as the terrorists shelled the market and the insurgents moved their \
                 fighters into the hills above the old town near the citadel while aid workers \
                 counted families sheltering in the school beside the mosque.";
    let outlets = ["Alpha News", "Beta Times", "Gamma Daily", "Delta Wire"];
    let mut rng = Lcg(0x2545_f491);
    let mut next = |n: usize| rng.below(n);
    let mut texts: Vec<String> = Vec::new();
    let mut rows = Vec::new();
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
        let mut text = paragraphs.join("\n\n");
        if [41, 46, 71].contains(&i) {
            text = format!("{story}\n\nFollow {outlet} for more news.");
        }
        // A re-crawl: the text of an article of the same outlet, in
        // another partition.
        if i == 96 || i == 100 {
            text = texts[i - 80].clone();
        }
        texts.push(text.clone());
        let date = format!("2016-{:02}-{:02}", 1 + i % 4, 1 + i % 28);
        let mut row = String::new();
        let _ = write!(
            row,
            "a{i},{outlet},{date},Story {i},{},\"{}\"",
            ["left", "right", "center"][i % 3],
            text.replace('"', "\"\"")
        );
        rows.push(row);
    }
    ("id,outlet,date,title,bias,text".into(), rows)
}

/// A reader that counts the bytes read through it.
struct Counting<R> {
    inner: R,
    bytes: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

/// A partition file's rows, read through a counting reader: the rows and
/// the bytes read.
fn read_partition(path: &Path) -> (Rows, u64) {
    let mut reader = Counting {
        inner: std::fs::File::open(path).unwrap(),
        bytes: 0,
    };
    let mut rows = Rows::default();
    {
        let mut csv = csv::Reader::from_reader(&mut reader);
        let headers = csv.headers().unwrap().clone();
        rows.columns = headers
            .iter()
            .map(|h| (h.to_string(), Vec::new()))
            .collect();
        for record in csv.records() {
            let record = record.unwrap();
            for ((_, cells), cell) in rows.columns.iter_mut().zip(record.iter()) {
                cells.push(cell.to_string());
            }
        }
    }
    (rows, reader.bytes)
}

/// The corpus as one file (for the CLI) and as `parts` partition files of
/// uneven sizes, each with the header.
fn write_corpus(dir: &Path, parts: usize) -> (PathBuf, Vec<PathBuf>) {
    let (header, rows) = corpus_rows();
    let whole = dir.join("corpus.csv");
    std::fs::write(&whole, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
    let mut files = Vec::new();
    let mut start = 0;
    for k in 0..parts {
        // Uneven: 1, 2, 3, ... shares of the rows.
        let total: usize = (1..=parts).sum();
        let end = if k + 1 == parts {
            rows.len()
        } else {
            start + rows.len() * (k + 1) / total
        };
        let path = dir.join(format!("part-{k}.csv"));
        std::fs::write(
            &path,
            format!("{header}\n{}\n", rows[start..end].join("\n")),
        )
        .unwrap();
        files.push(path);
        start = end;
    }
    (whole, files)
}

fn settings(lexicon: &Path, out: &Path, period: bool) -> Settings {
    Settings {
        corpus: PathBuf::from("partitions"),
        lexicon: lexicon.to_path_buf(),
        out: Some(out.to_path_buf()),
        confidence: 0.95,
        period: period.then_some(framescore::corpus::dates::Period::Month),
        stats: StatsOptions {
            bootstrap: 200,
            permutations: 200,
            threads: 2,
            ..StatsOptions::default()
        },
        ..Settings::default()
    }
}

/// (outlet, group, category) -> (count, tokens, articles).
type Counts = BTreeMap<[String; 3], [u64; 3]>;

/// The protocol over the partition files, the phases run in reverse
/// partition order (an engine's order is not the corpus order). Returns
/// the bytes each phase read of each partition, and the merged partials'
/// counts as `Partitioned::counts` gives them: (outlet, group, category)
/// -> (count, tokens, articles).
fn partitioned(
    lexicon: &Path,
    parts: &[PathBuf],
    out: &Path,
    period: bool,
) -> (Vec<(u64, u64)>, Counts) {
    let run = Partitioned::new(&settings(lexicon, out, period)).unwrap();
    let mut read = vec![(0, 0); parts.len()];
    let mut summaries = Vec::new();
    for (k, path) in parts.iter().enumerate().rev() {
        let (rows, bytes) = read_partition(path);
        read[k].0 = bytes;
        summaries.push(run.summarise(k as u64, &rows).unwrap());
    }
    let plan = run.plan(&summaries).unwrap();
    let mut partials = Vec::new();
    for (k, path) in parts.iter().enumerate().rev() {
        let (rows, bytes) = read_partition(path);
        read[k].1 = bytes;
        partials.push(run.count(&plan, k as u64, &rows).unwrap());
    }
    run.report(&plan, &partials).unwrap();
    let table = run.counts(&plan, &partials).unwrap();
    let mut counts = BTreeMap::new();
    for (outlet, o) in &table.outlets {
        for (c, cat) in table.categories.iter().enumerate() {
            counts.insert(
                [outlet.clone(), cat.group_id.clone(), cat.id.clone()],
                [o.counts[c], o.tokens, o.articles],
            );
        }
    }
    assert_eq!(
        added_up(&run, &partials),
        counts,
        "the partials' rows add up to the counts"
    );
    (read, counts)
}

/// The counts added up from each partial's per-article rows
/// (`Partitioned::partial_articles`, an engine's table of a partial), the
/// articles the plan left out not counted: another way to the same table.
fn added_up(run: &Partitioned, partials: &[Vec<u8>]) -> Counts {
    let mut counts = Counts::new();
    for (k, partial) in partials.iter().enumerate() {
        let (columns, rows) = run.partial_articles(partial).unwrap();
        assert!(rows
            .windows(2)
            .all(|w| (w[0].part, w[0].row) < (w[1].part, w[1].row)));
        assert!(
            rows.iter().all(|r| r.part == rows[0].part),
            "partial {k} is one partition"
        );
        for r in rows.iter().filter(|r| r.fate == "counted") {
            for (column, n) in columns.iter().zip(&r.counts) {
                let (group, category) = column.split_once('.').unwrap();
                let cell = counts
                    .entry([r.outlet.clone(), group.to_string(), category.to_string()])
                    .or_default();
                cell[0] += u64::from(*n);
                cell[1] += r.tokens;
                cell[2] += 1;
            }
        }
    }
    counts
}

fn assert_same_report(single: &Path, merged: &Path) {
    let (a, b) = (files_below(single), files_below(merged));
    assert_eq!(a, b, "the partitioned report has other files");
    let mut compared = 0;
    for f in &a {
        let name = f.to_string_lossy();
        // Provenance names the inputs: the CLI's corpus file, the
        // partitions' name.
        if ["run.json", "index.html", "inputs.sha256"].contains(&name.as_ref()) {
            continue;
        }
        let (x, y) = (
            std::fs::read(single.join(f)).unwrap(),
            std::fs::read(merged.join(f)).unwrap(),
        );
        assert!(x == y, "{name} differs between the CLI and the partitions");
        compared += 1;
    }
    assert!(compared >= 20, "only {compared} files compared");
}

fn check(parts: usize, period: bool) {
    let tmp = tempfile::tempdir().unwrap();
    let lexicon = tmp.path().join("partitions.toml");
    std::fs::write(&lexicon, LEXICON).unwrap();
    let (whole, files) = write_corpus(tmp.path(), parts);
    let single = tmp.path().join("single");
    let mut cli = framescore();
    // A report from partitions writes no report.xlsx (its rows travel as
    // CSV bytes, without the workbook's cells): the CLI's, compared, neither.
    cli.arg("report")
        .args(STATS)
        .args(["--no-xlsx", "--threads", "2", "--corpus"])
        .arg(&whole)
        .arg("--lexicon")
        .arg(&lexicon)
        .arg("--out")
        .arg(&single);
    if period {
        // Partitions keep no per-article facts, so a partitioned report fits
        // no models: compare with a single run without them.
        cli.args(["--period", "month", "--no-model"]);
    }
    cli.assert().success();
    let merged = tmp.path().join("merged");
    let (read, counts) = partitioned(&lexicon, &files, &merged, period);
    assert_same_report(&single, &merged);
    // The merged partials as a table (what an engine gets without a
    // report): the CLI's counts.csv, cell for cell.
    let cli: Counts = common::read_csv(&single.join("counts.csv"))
        .into_iter()
        .map(|r| {
            let n = |k: &str| r[k].parse::<u64>().unwrap();
            let key = [
                r["outlet"].clone(),
                r["group"].clone(),
                r["category"].clone(),
            ];
            (key, [n("count"), n("tokens"), n("articles")])
        })
        .collect();
    assert!(cli.values().any(|v| v[0] > 0), "the corpus has matches");
    assert_eq!(counts, cli);

    // Each phase read its own partition file, once, and nothing else.
    let whole_bytes = std::fs::metadata(&whole).unwrap().len();
    let mut sum = 0;
    for (path, (phase1, phase2)) in files.iter().zip(&read) {
        let size = std::fs::metadata(path).unwrap().len();
        assert_eq!(*phase1, size, "phase 1 of {}", path.display());
        assert_eq!(*phase2, size, "phase 2 of {}", path.display());
        assert!(size < whole_bytes / 2, "{} is not a part", path.display());
        sum += size;
    }
    // The partitions are the corpus (each with its header line).
    let header = "id,outlet,date,title,bias,text\n".len() as u64;
    assert_eq!(sum, whole_bytes + header * (parts as u64 - 1));
}

#[test]
fn four_partitions_give_the_cli_report_and_read_only_themselves() {
    check(4, false);
}

#[test]
fn seven_partitions_with_periods_give_the_cli_report() {
    check(7, true);
}

#[test]
fn bad_partials_and_rows_are_refused_with_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let lexicon = tmp.path().join("partitions.toml");
    std::fs::write(&lexicon, LEXICON).unwrap();
    let (_, files) = write_corpus(tmp.path(), 2);
    let run = Partitioned::new(&settings(&lexicon, &tmp.path().join("out"), false)).unwrap();
    let (rows, _) = read_partition(&files[0]);
    let (rows1, _) = read_partition(&files[1]);
    let s0 = run.summarise(0, &rows).unwrap();
    let s1 = run.summarise(1, &rows1).unwrap();
    let plan = run.plan(&[s0.clone(), s1]).unwrap();
    // A partition left out of the partials.
    let p0 = run.count(&plan, 0, &rows).unwrap();
    let err = run.report(&plan, std::slice::from_ref(&p0)).unwrap_err();
    assert!(
        err.to_string().contains("count every partition once"),
        "{err}"
    );
    assert!(err.is_bad_input());
    // The counts alone need every partition too.
    let err = run.counts(&plan, std::slice::from_ref(&p0)).unwrap_err();
    assert!(
        err.to_string().contains("count every partition once"),
        "{err}"
    );
    // The same partition number given to two partitions.
    let err = run.plan(&[s0.clone(), s0]).unwrap_err();
    assert!(err.to_string().contains("given twice"), "{err}");
    // Bytes that are not a partial.
    let err = run.report(&plan, &[b"nonsense".to_vec()]).unwrap_err();
    assert!(
        err.to_string().contains("a partial cannot be read"),
        "{err}"
    );
    // Rows without a text column.
    let no_text = Rows {
        columns: vec![("outlet".into(), vec!["A".into()])],
        keys: None,
    };
    let err = run.summarise(0, &no_text).unwrap_err();
    assert!(err.to_string().contains("no text column `text`"), "{err}");
}
