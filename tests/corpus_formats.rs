//! Every corpus format through the command line. Each fixture in
//! `tests/fixtures/corpora/` has a sidecar `NAME.expect` stating what
//! reading it must give (tokei-style): the articles, how many are dated and
//! titled, and per outlet its articles and category counts under
//! `lexicons/syria.toml`. The counts are checked through `framescore
//! count`, the dates and titles through the library's reader. Then the
//! errors each format names, mixed folders, globs, presets and dates.

mod common;

use assert_cmd::Command;
use common::{root, FAST};
use framescore::corpus::{Corpus, CorpusOptions};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/corpora")
}

/// What a fixture's `.expect` file says.
#[derive(Debug, Default)]
struct Expect {
    args: Vec<String>,
    totals: BTreeMap<String, u64>,
    /// outlet -> (key -> value): `articles` and `group.category` counts.
    outlets: BTreeMap<String, BTreeMap<String, u64>>,
}

fn pairs(s: &str) -> BTreeMap<String, u64> {
    s.split_whitespace()
        .map(|kv| {
            let (k, v) = kv
                .split_once('=')
                .unwrap_or_else(|| panic!("`{kv}` is not KEY=N"));
            (k.to_string(), v.parse().unwrap())
        })
        .collect()
}

fn expect(file: &Path) -> Expect {
    let mut e = Expect::default();
    for line in fs::read_to_string(file).unwrap().lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(args) = line.strip_prefix("args=") {
            e.args = args.split_whitespace().map(str::to_string).collect();
        } else if let Some((outlet, rest)) = line.rsplit_once(": ") {
            e.outlets.insert(outlet.to_string(), pairs(rest));
        } else {
            e.totals = pairs(line);
        }
    }
    e
}

/// `framescore count --corpus CORPUS ARGS --out OUT`, returning per outlet
/// its articles and nonzero category counts, and standard error.
fn count(corpus: &[&Path], args: &[String]) -> (BTreeMap<String, BTreeMap<String, u64>>, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("counts.csv");
    let mut cmd = Command::cargo_bin("framescore").unwrap();
    cmd.current_dir(root())
        .arg("count")
        .arg("--threads")
        .arg("1");
    for c in corpus {
        cmd.arg("--corpus").arg(c);
    }
    let assert = cmd.args(args).arg("--out").arg(&out).assert();
    let output = assert.get_output().clone();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "{corpus:?} {args:?}: {stderr}");
    let mut got: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let mut reader = csv::Reader::from_path(&out).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        let outlet = got.entry(row[0].to_string()).or_default();
        outlet.insert("articles".into(), row[5].parse().unwrap());
        let n: u64 = row[3].parse().unwrap();
        if n > 0 {
            outlet.insert(format!("{}.{}", &row[1], &row[2]), n);
        }
    }
    (got, stderr)
}

fn options(args: &[String]) -> CorpusOptions {
    let mut o = CorpusOptions::default();
    if let Some(k) = args.iter().position(|a| a == "--sheet") {
        o.sheet = args.get(k + 1).cloned();
    }
    o
}

#[test]
fn every_fixture_reads_as_its_expect_file_says() {
    let mut files: Vec<PathBuf> = fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "expect"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "fixtures missing: {files:?}");
    let mut failures = Vec::new();
    for file in files {
        let corpus = file.with_extension("");
        let e = expect(&file);
        // Articles, dates and titles, through the library.
        let c = Corpus::open(&corpus, &options(&e.args)).unwrap();
        let articles: Vec<_> = c.articles().collect::<Result<_, _>>().unwrap();
        let totals: BTreeMap<String, u64> = [
            ("articles", articles.len()),
            (
                "dated",
                articles.iter().filter(|a| !a.date.is_empty()).count(),
            ),
            (
                "titled",
                articles.iter().filter(|a| !a.title.is_empty()).count(),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v as u64))
        .collect();
        if totals != e.totals {
            failures.push(format!(
                "{}: {totals:?}, expected {:?}",
                corpus.display(),
                e.totals
            ));
        }
        // Counts per outlet, through the command line.
        let (got, _) = count(&[&corpus], &e.args);
        if got != e.outlets {
            failures.push(format!(
                "{}:\n  got      {got:?}\n  expected {:?}",
                corpus.display(),
                e.outlets
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn export_metadata_is_kept_for_where_and_group_by() {
    let c = Corpus::open(
        &fixtures().join("lexisnexis_cp1252.txt"),
        &CorpusOptions::default(),
    )
    .unwrap();
    let a: Vec<_> = c.articles().collect::<Result<_, _>>().unwrap();
    assert_eq!(a[0].title, "Rebels take the city of Ma’arrat al-Nu’man");
    assert_eq!(a[0].date, "2015-03-03");
    assert_eq!(a[0].field("byline"), Some("Lois Lane"));
    assert_eq!(a[0].field("section"), Some("WORLD; Pg. 4"));
    assert_eq!(a[0].field("edition"), Some("Late Edition; Metro"));
    assert_eq!(a[0].field("language"), Some("ENGLISH"));
    assert!(
        a[0].text.contains("Residents of the Café district"),
        "{}",
        a[0].text
    );
    assert!(
        a[2].text.contains("jihadists’ own “radio”"),
        "{}",
        a[2].text
    );
    assert_eq!(
        a[2].field("graphic"),
        Some("A map of the villages taken from the radio's website")
    );
    assert!(
        a[0].origin.ends_with("lexisnexis_cp1252.txt:11"),
        "{}",
        a[0].origin
    );

    let c = Corpus::open(&fixtures().join("factiva.xml"), &CorpusOptions::default()).unwrap();
    let a: Vec<_> = c.articles().collect::<Result<_, _>>().unwrap();
    assert_eq!(a[0].id, "PLANET0020150303eb330001");
    assert_eq!(a[0].title, "Rebels take the city");
    assert_eq!(a[0].date, "2015-03-03T08:15:00Z");
    assert_eq!(a[0].field("language"), Some("en"));
    assert_eq!(
        a[0].text,
        "The rebels took the city & its airport, the government in Damascus said.\n\nMilitants fired on the road north.\n\nNobody called them terrorists."
    );
    let values = |a: &framescore::corpus::Article, key: &str| -> Vec<String> {
        a.meta
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    };
    assert_eq!(values(&a[0], "region"), ["syria", "meastz"]);
    assert_eq!(values(&a[0], "subject"), ["gvio", "gcat"]);
    assert_eq!(
        values(&a[0], "subject_name"),
        ["Military Action", "Political/General News"]
    );
    assert!(a[0].origin.ends_with("factiva.xml:6"), "{}", a[0].origin);
    assert_eq!(
        a[1].text,
        "Les jihadistes de Daesh ont quitté deux villages, selon la radio du régime."
    );

    // --where on one of several subject codes; --group-by a metadata field.
    let (got, _) = count(
        &[&fixtures().join("factiva.xml")],
        &[
            "--where".into(),
            "subject=gcat".into(),
            "--group-by".into(),
            "language".into(),
        ],
    );
    let groups: Vec<(&str, u64)> = got
        .iter()
        .map(|(k, v)| (k.as_str(), v["articles"]))
        .collect();
    assert_eq!(groups, [("en", 1), ("fr", 1)]);

    let c = Corpus::open(&fixtures().join("factiva.html"), &CorpusOptions::default()).unwrap();
    let a: Vec<_> = c.articles().collect::<Result<_, _>>().unwrap();
    assert_eq!(a[1].date, "2015-03-08");
    assert_eq!(a[1].id, "STAR0020150308eb380002");
    assert_eq!(a[1].field("language"), Some("fr"));
    assert_eq!(a[1].field("section"), Some("Monde"));
    assert_eq!(a[0].field("byline"), Some("Lois Lane"));
    assert_eq!(values(&a[0], "region_name"), ["Syria", "Middle East"]);

    let c = Corpus::open(
        &fixtures().join("nexis_uni.docx"),
        &CorpusOptions::default(),
    )
    .unwrap();
    let a: Vec<_> = c.articles().collect::<Result<_, _>>().unwrap();
    assert_eq!(a[1].title, "Talks stall in Geneva");
    assert_eq!(a[1].date, "2015-03-05");
    assert_eq!(a[1].field("byline"), Some("Clark Kent"));
    assert!(
        a[1].text
            .ends_with("Section: this line is body text, not a field."),
        "{}",
        a[1].text
    );
    assert_eq!(a[0].field("load_date"), Some("March 4, 2015"));
    assert_eq!(a[0].field("subject"), Some("ARMED FORCES (90%); WAR (88%)"));
}

#[test]
fn parquet_and_workbooks_give_the_table_s_cells() {
    let read = |name: &str, sheet: Option<&str>| {
        let o = CorpusOptions {
            sheet: sheet.map(str::to_string),
            ..CorpusOptions::default()
        };
        let c = Corpus::open(&fixtures().join(name), &o).unwrap();
        c.articles()
            .map(|a| {
                let a = a.unwrap();
                let bias = a.field("bias").map(str::to_string);
                (a.id, a.outlet, a.date, a.title, a.url, a.text, bias)
            })
            .collect::<Vec<_>>()
    };
    let csv = read("table.csv", None);
    assert_eq!(read("table.parquet", None), csv);
    assert_eq!(read("table.xlsx", Some("Articles")), csv);
    assert_eq!(read("table.ods", None), csv);
    let c = Corpus::open(&fixtures().join("table.parquet"), &CorpusOptions::default()).unwrap();
    assert_eq!(c.parts().len(), 2, "one part per row group");
    let second: Vec<_> = c.read_part(c.parts()[1]).map(|a| a.unwrap().id).collect();
    assert_eq!(second, ["s1", "s2"]);
    let c = Corpus::open(&fixtures().join("table.ods"), &CorpusOptions::default()).unwrap();
    let words: Vec<_> = c
        .articles()
        .map(|a| a.unwrap().field("words").unwrap_or("").to_string())
        .collect();
    assert_eq!(words, ["10", "11", "9", "6"]);
}

#[test]
fn xlsx_and_ods_corpora_give_the_csv_s_report() {
    // The same four articles kept as CSV, in Excel and in LibreOffice: the
    // whole report's counts, per outlet, per article and per match, agree
    // byte for byte.
    let dir = tempfile::tempdir().unwrap();
    let report = |name: &str, sheet: Option<&str>| {
        let out = dir.path().join(name);
        let mut cmd = common::framescore();
        cmd.arg("report")
            .args(FAST)
            .arg("--no-xlsx")
            .arg("--corpus")
            .arg(fixtures().join(name))
            .arg("--out")
            .arg(&out);
        if let Some(sheet) = sheet {
            cmd.args(["--sheet", sheet]);
        }
        cmd.assert().success();
        out
    };
    let csv = report("table.csv", None);
    let counts = fs::read_to_string(csv.join("counts.csv")).unwrap();
    assert!(
        counts.contains("Daily Planet,armed_groups,rebel,2,"),
        "the hand count of table.csv.expect: {counts}"
    );
    for (name, sheet) in [("table.xlsx", Some("Articles")), ("table.ods", None)] {
        let other = report(name, sheet);
        for table in [
            "counts.csv",
            "counts_wide.csv",
            "documents.csv",
            "matches.csv",
            "terms.csv",
            "tests.csv",
        ] {
            // documents.csv's metadata holds each file's other columns (the
            // workbooks have a `words` column more): the rest is compared.
            let cut = |dir: &Path| -> Vec<Vec<String>> {
                let mut reader = csv::Reader::from_path(dir.join(table)).unwrap();
                let metadata = reader
                    .headers()
                    .unwrap()
                    .iter()
                    .position(|h| h == "metadata");
                let mut rows: Vec<Vec<String>> = reader
                    .records()
                    .map(|r| r.unwrap().iter().map(str::to_string).collect())
                    .collect();
                if table == "documents.csv" {
                    let at = metadata.expect("documents.csv has a metadata column");
                    rows.iter_mut().for_each(|r| drop(r.remove(at)));
                }
                rows
            };
            let (got, want) = (cut(&other), cut(&csv));
            assert!(!want.is_empty(), "{table}: no rows");
            assert_eq!(got, want, "{name}: {table} differs from table.csv's");
        }
    }
}

/// `framescore count` with these arguments exits 2; its standard error.
fn fails(args: &[&str]) -> String {
    let assert = Command::cargo_bin("framescore")
        .unwrap()
        .current_dir(root())
        .arg("count")
        .args(args)
        .assert()
        .code(2);
    String::from_utf8_lossy(&assert.get_output().stderr).to_string()
}

#[test]
fn each_format_names_the_file_and_what_to_fix() {
    let f = |name: &str| fixtures().join(name).display().to_string();
    let e = fails(&["--corpus", &f("table.xlsx")]);
    assert!(
        e.contains("sheet `Notes`: no column `text`") && e.contains("--sheet"),
        "{e}"
    );
    let e = fails(&["--corpus", &f("table.xlsx"), "--sheet", "Nope"]);
    assert!(
        e.contains("no sheet `Nope` (--sheet); the sheets are: Notes, Articles"),
        "{e}"
    );
    let e = fails(&["--corpus", &f("formula.xlsx")]);
    assert!(
        e.contains("(sheet `Articles`, row 3): cell G3 (column `text`) is a formula"),
        "{e}"
    );
    let e = fails(&["--corpus", &f("merged.xlsx")]);
    assert!(
        e.contains("cells B2:B3 are merged in column `outlet`"),
        "{e}"
    );
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, body: &[u8]| {
        let p = dir.path().join(name);
        fs::write(&p, body).unwrap();
        p.display().to_string()
    };
    let p = write(
        "empty.docx",
        &fs::read(fixtures().join("table.xlsx")).unwrap(),
    );
    let e = fails(&["--corpus", &p]);
    assert!(
        e.contains("no word/document.xml inside: not a Word (.docx) file"),
        "{e}"
    );
    let p = write(
        "broken.xml",
        b"<PPSResponse><ppsarticle><article><sourceName>X</sourceName>",
    );
    let e = fails(&["--corpus", &p]);
    assert!(e.contains("the file ends inside a <ppsarticle>"), "{e}");
    let p = write(
        "notext.txt",
        b"   1 of 1 DOCUMENTS\n\n      Daily Planet\n\n      May 1, 2015\n\nTitle\n\nLENGTH: 0 words\n\nLOAD-DATE: May 2, 2015\n",
    );
    let e = fails(&["--corpus", &p]);
    assert!(e.contains("notext.txt:1: no text in this document"), "{e}");
    let p = write("bad.parquet", b"PAR1 not really");
    let e = fails(&["--corpus", &p]);
    assert!(
        e.contains("bad.parquet: not a readable Parquet file"),
        "{e}"
    );
}

#[test]
fn a_folder_mixes_formats_and_a_glob_or_list_is_one_corpus() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "lexisnexis.txt",
        "factiva.xml",
        "table.csv",
        "nexis_uni.docx",
    ] {
        fs::copy(fixtures().join(name), dir.path().join(name)).unwrap();
    }
    fs::write(dir.path().join("README.md"), "notes, not a corpus file").unwrap();
    let (folder, _) = count(&[dir.path()], &[]);
    let articles = |got: &BTreeMap<String, BTreeMap<String, u64>>| -> u64 {
        got.values().map(|o| o["articles"]).sum()
    };
    assert_eq!(articles(&folder), 3 + 3 + 4 + 3);
    // Ids made up per file stay unique: each file's name comes first.
    let c = Corpus::open(dir.path(), &CorpusOptions::default()).unwrap();
    assert_eq!(c.layout, "files");
    let ids: Vec<String> = c.articles().map(|a| a.unwrap().id).collect();
    assert!(ids.contains(&"lexisnexis.txt:doc1".to_string()), "{ids:?}");
    assert!(ids.contains(&"nexis_uni.docx:doc1".to_string()), "{ids:?}");
    let pattern = dir.path().join("*.txt");
    let (glob, _) = count(&[&pattern], &[]);
    assert_eq!(glob, count(&[&dir.path().join("lexisnexis.txt")], &[]).0);
    let (list, _) = count(
        &[
            &dir.path().join("table.csv"),
            &dir.path().join("factiva.xml"),
        ],
        &[],
    );
    assert_eq!(articles(&list), 4 + 3);
    let e = fails(&[
        "--corpus",
        &dir.path().join("*.nothing").display().to_string(),
    ]);
    assert!(e.contains("no file matches the pattern"), "{e}");
    // A folder with both export files and outlet subfolders is refused.
    fs::create_dir(dir.path().join("Press TV")).unwrap();
    fs::write(dir.path().join("Press TV/a.txt"), "rebels").unwrap();
    let e = fails(&["--corpus", &dir.path().display().to_string()]);
    assert!(e.contains("holds both corpus files (factiva.xml) and outlet subfolders with articles (Press TV/a.txt)"), "{e}");
}

#[test]
fn presets_name_the_columns_of_known_exports() {
    let dir = tempfile::tempdir().unwrap();
    let newsapi = dir.path().join("newsapi.jsonl");
    fs::write(
        &newsapi,
        r#"{"source":{"id":null,"name":"Daily Planet"},"author":"Lois Lane","title":"Rebels advance","description":"d","url":"https://planet.example/1","urlToImage":null,"publishedAt":"2024-03-01T10:00:00Z","content":"The rebels advanced on Damascus."}
{"source":{"id":"star","name":"Evening Star"},"author":null,"title":"Talks","description":"d","url":"https://star.example/1","urlToImage":null,"publishedAt":"2024-03-02T11:30:00Z","content":"Militants ignored the talks."}
"#,
    )
    .unwrap();
    let (got, _) = count(
        &[&newsapi],
        &[
            "--preset".into(),
            "newsapi".into(),
            "--from".into(),
            "2024-03-02".into(),
        ],
    );
    assert_eq!(got.keys().collect::<Vec<_>>(), ["Evening Star"]);
    let mediacloud = dir.path().join("mc.csv");
    fs::write(
        &mediacloud,
        "id,indexed_date,language,media_name,media_url,publish_date,title,url,text\n\
         101,2016-12-02 01:00:00,en,Daily Planet,planet.example,2016-12-01 10:00:00,Rebels,https://planet.example/2,The rebels held the road.\n",
    )
    .unwrap();
    let (got, _) = count(
        &[&mediacloud],
        &[
            "--preset".into(),
            "mediacloud".into(),
            "--to".into(),
            "2016-12-01".into(),
        ],
    );
    assert_eq!(got["Daily Planet"]["armed_groups.rebel"], 1);
    let ccnews = dir.path().join("cc.csv");
    fs::write(
        &ccnews,
        "title,text,domain,date,description,url,image_url\nT,Terrorists struck.,planet.example,2017-12-01 19:38:38,d,https://planet.example/3,\n",
    )
    .unwrap();
    let (got, _) = count(
        &[&ccnews],
        &[
            "--preset".into(),
            "ccnews".into(),
            "--outlet-column".into(),
            "title".into(),
        ],
    );
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        ["T"],
        "a column flag overrides the preset"
    );
    let e = fails(&[
        "--corpus",
        &ccnews.display().to_string(),
        "--preset",
        "gdelt",
    ]);
    assert!(
        e.contains("`gdelt` is not a preset: use newsapi, mediacloud, ccnews"),
        "{e}"
    );
}

#[test]
fn unreadable_dates_matter_only_when_dates_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("a.csv");
    fs::write(
        &corpus,
        "outlet,date,text\nX,2016-12-02,rebels\nX,12/1/16,rebels again\nY,12/31/18,terrorists\nY,2016-13-45,militants\n",
    )
    .unwrap();
    // Dates unused: every article counted, the undated ones named.
    let (got, stderr) = count(&[&corpus], &[]);
    assert_eq!(got["X"]["articles"] + got["Y"]["articles"], 4);
    assert!(
        stderr.contains(
            "warning: 3 articles have a date that cannot be read and are counted undated"
        ) && stderr.contains("a.csv:3: `12/1/16`")
            && stderr.contains("--date-format"),
        "{stderr}"
    );
    // Dates used: the first unreadable one is an error naming the fix.
    let c = corpus.display().to_string();
    let e = fails(&["--corpus", &c, "--from", "2016-01-01"]);
    assert!(
        e.contains("a.csv:3: date `12/1/16` could be day-first or month-first"),
        "{e}"
    );
    // With the format, month-first dates are read; a bad one still fails.
    let (got, stderr) = count(
        &[&corpus],
        &[
            "--date-format".into(),
            "%m/%d/%y".into(),
            "--from".into(),
            "2016-12-01".into(),
            "--on-error".into(),
            "skip".into(),
        ],
    );
    assert_eq!(got["X"]["articles"] + got["Y"]["articles"], 3, "{stderr}");
    let e = fails(&["--corpus", &c, "--date-format", "%H:%M"]);
    assert!(
        e.contains("--date-format `%H:%M` is not a date format"),
        "{e}"
    );
}
