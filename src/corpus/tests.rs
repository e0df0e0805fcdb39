//! Tests of reading corpora: every layout and format, metadata, filters,
//! and each malformed-input case naming its file and line.

use super::*;
use std::fs;
use std::path::Path;

/// Opens with default options.
fn open(p: &Path) -> Result<Corpus, CorpusError> {
    Corpus::open(p, &CorpusOptions::default())
}

/// Every article, failing on the first error.
fn all(c: &Corpus) -> Vec<Article> {
    c.rows()
        .filter_map(|a| match a.unwrap().0 {
            Admitted::Kept(a) | Admitted::Undated(a, _) => Some(a),
            Admitted::Filtered => None,
        })
        .collect()
}

fn first_err(c: &Corpus) -> String {
    c.rows().find_map(Result::err).unwrap().to_string()
}

fn write(dir: &Path, name: &str, body: &[u8]) {
    let p = dir.join(name);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, body).unwrap();
}

#[test]
fn manifest_corpus_keeps_metadata() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "manifest.csv",
        b"file,outlet,date,bias\na.txt,X,2020-01-01,left\n",
    );
    write(d.path(), "a.txt", b"\xEF\xBB\xBFHello");
    let c = open(d.path()).unwrap();
    let a: Vec<_> = all(&c);
    assert_eq!(a[0].text, "Hello");
    assert_eq!(a[0].id, "a.txt");
    assert_eq!(a[0].date, "2020-01-01");
    assert_eq!(a[0].meta, vec![("bias".to_string(), "left".to_string())]);
}

#[test]
fn folder_per_outlet() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "Press TV/b.txt", b"two");
    write(d.path(), "Press TV/a.txt", b"one");
    write(d.path(), "Reuters/c.txt", b"three");
    let c = open(d.path()).unwrap();
    let a: Vec<_> = all(&c);
    let got: Vec<_> = a
        .iter()
        .map(|a| (a.outlet.as_str(), a.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("Press TV", "one"),
            ("Press TV", "two"),
            ("Reuters", "three")
        ]
    );
}

#[test]
fn paths_outside_the_corpus_are_refused() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "c/manifest.csv",
        b"file,outlet\n../secret.txt,X\n",
    );
    write(d.path(), "secret.txt", b"x");
    let e = open(&d.path().join("c")).unwrap_err().to_string();
    assert!(
        e.contains("manifest.csv:2: `../secret.txt` points outside"),
        "{e}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_corpus_are_refused() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "secret.txt", b"x");
    write(d.path(), "c/manifest.csv", b"file,outlet\nlink.txt,X\n");
    std::os::unix::fs::symlink(d.path().join("secret.txt"), d.path().join("c/link.txt")).unwrap();
    let e = open(&d.path().join("c")).unwrap_err().to_string();
    assert!(e.contains("is a link to a file outside"), "{e}");
}

#[test]
fn row_errors_name_the_line() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", b"x");
    write(d.path(), "manifest.csv", b"file,outlet\na.txt,X\na.txt,\n");
    let e = open(d.path()).unwrap_err().to_string();
    assert!(
        e.ends_with("manifest.csv:3: empty `outlet`: every article needs its outlet (`a.txt`)"),
        "{e}"
    );
    write(d.path(), "manifest.csv", b"file,outlet\na.txt,X\na.txt,Y\n");
    let e = open(d.path()).unwrap_err().to_string();
    assert!(
        e.contains("manifest.csv:3: article id `a.txt` is also on line 2"),
        "{e}"
    );
    write(d.path(), "manifest.csv", b"path,source\na.txt,X\n");
    let e = open(d.path()).unwrap_err().to_string();
    assert!(
        e.contains("manifest.csv: no column `file` (choose it with a column named `file`); the columns are: path, source"),
        "{e}"
    );
    write(d.path(), "manifest.csv", b"file,outlet\nmissing.txt,X\n");
    let e = open(d.path()).unwrap_err().to_string();
    assert!(
        e.contains("manifest.csv:2: cannot open `missing.txt`"),
        "{e}"
    );
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "manifest.csv", b"file,outlet\na.txt,X\n");
    write(d.path(), "a.txt", b"abc\xFFdef");
    let c = open(d.path()).unwrap();
    let e = first_err(&c);
    assert!(e.contains("a.txt: invalid UTF-8 at byte offset 3"), "{e}");
}

#[test]
fn csv_table_streams_rows_with_metadata() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "a.csv",
        b"id,outlet,date,bias,text\n1,X,2020-01-01,left,\"Hello,\nworld\"\n2,Y,,right,Bye\n",
    );
    let c = open(&d.path().join("a.csv")).unwrap();
    let a: Vec<_> = all(&c);
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].text, "Hello,\nworld");
    assert_eq!(a[1].outlet, "Y");
    assert_eq!(a[1].meta, vec![("bias".to_string(), "right".to_string())]);
}

#[test]
fn csv_table_errors_name_the_line() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.csv", b"outlet,body\nX,hi\n");
    let e = open(&d.path().join("a.csv")).unwrap_err().to_string();
    assert!(
        e.contains(
            "a.csv: no column `text` (choose it with --text-column); the columns are: outlet, body"
        ),
        "{e}"
    );
    write(d.path(), "b.tsv", b"outlet\ttext\nX\tok\n\tno outlet\n");
    let c = open(&d.path().join("b.tsv")).unwrap();
    let r: Vec<_> = c.rows().collect();
    assert!(r[0].is_ok());
    let e = r[1].as_ref().unwrap_err().to_string();
    assert!(
        e.ends_with("b.tsv:3: empty `outlet`: every article needs its outlet"),
        "{e}"
    );
    write(d.path(), "c.csv", b"outlet,text\nX,ab\xFFc\n");
    let c = open(&d.path().join("c.csv")).unwrap();
    let e = first_err(&c);
    assert!(
        e.contains("c.csv:2: invalid UTF-8 in column `text` at byte 2"),
        "{e}"
    );
}

#[test]
fn empty_folder_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    let e = open(d.path()).unwrap_err().to_string();
    assert!(
        e.contains("no manifest.csv and no outlet subfolders"),
        "{e}"
    );
}

fn gzip(body: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(body).unwrap();
    e.finish().unwrap()
}

fn with(f: impl FnOnce(&mut CorpusOptions)) -> CorpusOptions {
    let mut o = CorpusOptions::default();
    f(&mut o);
    o
}

fn summary(c: &Corpus) -> Vec<(String, String, String)> {
    all(c)
        .into_iter()
        .map(|a| (a.id, a.outlet, a.text))
        .collect()
}

fn triple(id: &str, outlet: &str, text: &str) -> (String, String, String) {
    (id.into(), outlet.into(), text.into())
}

#[test]
fn jsonl_with_chosen_columns() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "a.jsonl",
        b"{\"body\":\"Rebels advanced.\",\"source\":\"X\",\"published\":\"2016-12-01\",\"n\":3}\n\n{\"body\":\"Bye\",\"source\":\"Y\",\"published\":null}\n",
    );
    let opts = with(|o| {
        o.columns.text = "body".into();
        o.columns.outlet = "source".into();
        o.columns.date = "published".into();
    });
    let c = Corpus::open(&d.path().join("a.jsonl"), &opts).unwrap();
    assert_eq!(c.layout, "jsonl");
    let a = all(&c);
    assert_eq!(
        summary(&c),
        [
            triple("row1", "X", "Rebels advanced."),
            triple("row3", "Y", "Bye")
        ]
    );
    assert_eq!(a[0].date, "2016-12-01");
    assert_eq!(a[0].meta, [("n".to_string(), "3".to_string())]);
    assert_eq!(a[1].date, "");
}

#[test]
fn every_format_reads_gzipped() {
    let d = tempfile::tempdir().unwrap();
    let table = b"id,outlet,text\n1,X,alpha\n2,Y,beta\n";
    write(d.path(), "t.csv.gz", &gzip(table));
    write(
        d.path(),
        "t.tsv.gz",
        &gzip(b"id\toutlet\ttext\n1\tX\talpha\n2\tY\tbeta\n"),
    );
    write(
        d.path(),
        "t.jsonl.gz",
        &gzip(b"{\"id\":\"1\",\"outlet\":\"X\",\"text\":\"alpha\"}\n{\"id\":\"2\",\"outlet\":\"Y\",\"text\":\"beta\"}\n"),
    );
    let want = [triple("1", "X", "alpha"), triple("2", "Y", "beta")];
    for name in ["t.csv.gz", "t.tsv.gz", "t.jsonl.gz"] {
        let c = open(&d.path().join(name)).unwrap();
        assert_eq!(summary(&c), want, "{name}");
    }
    write(
        d.path(),
        "m/manifest.csv",
        b"file,outlet,id\na.txt.gz,X,1\nb.txt,Y,2\n",
    );
    write(d.path(), "m/a.txt.gz", &gzip(b"\xEF\xBB\xBFalpha"));
    write(d.path(), "m/b.txt", b"beta");
    assert_eq!(summary(&open(&d.path().join("m")).unwrap()), want);
    write(d.path(), "f/X/1.gz", &gzip(b"alpha"));
    let c = open(&d.path().join("f")).unwrap();
    assert_eq!(summary(&c), [triple("X/1.gz", "X", "alpha")]);
    write(d.path(), "bad.csv.gz", b"not gzip at all");
    let e = open(&d.path().join("bad.csv.gz")).unwrap_err().to_string();
    assert!(e.contains("bad.csv.gz: cannot read the header row"), "{e}");
}

#[test]
fn malformed_jsonl_names_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let cases: [(&[u8], &str); 5] = [
        (
            b"{\"outlet\":\"X\",\"text\":\"ok\"}\n{\"outlet\":\"X\",\"text\":\"open",
            "a.jsonl:2: not a JSON object",
        ),
        (
            b"{\"outlet\":\"X\",\"text\":\"ok\"}\n\n[1,2]\n",
            "a.jsonl:3: not a JSON object",
        ),
        (
            b"{\"outlet\":\"X\",\"text\":\"a\xFFb\"}\n",
            "a.jsonl:1: invalid UTF-8 at byte 23 of the line",
        ),
        (
            b"{\"outlet\":\"X\",\"body\":\"x\"}\n",
            "a.jsonl:1: no key `text` (choose the text's key with --text-column)",
        ),
        (
            b"{\"outlet\":\"\",\"text\":\"x\"}\n",
            "a.jsonl:1: empty `outlet`: every article needs its outlet",
        ),
    ];
    for (body, want) in cases {
        write(d.path(), "a.jsonl", body);
        let c = open(&d.path().join("a.jsonl")).unwrap();
        let e = first_err(&c);
        assert!(e.contains(want), "{e}\nwanted {want}");
    }
}

#[test]
fn table_rows_with_problems_name_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let cases: [(&[u8], &str); 4] = [
        (
            b"outlet,text\nX,ok\nY,\n",
            "a.csv:3: empty `text`: the article has no text",
        ),
        (
            b"outlet,text\nX,ok\nY,hi,extra\n",
            "a.csv:3: malformed CSV row: 3 cells where the header has 2 (a cell holding a comma must be quoted)",
        ),
        (
            b"id,outlet,text\n1,X,ok\n1,Y,hi\n",
            "a.csv:3: article id `1` is also on line 2",
        ),
        // CRLF records: lines are counted as written.
        (
            b"outlet,text\r\nX,\"two\nlines\"\r\n,no outlet\r\n",
            "a.csv:4: empty `outlet`",
        ),
    ];
    for (body, want) in cases {
        write(d.path(), "a.csv", body);
        let c = open(&d.path().join("a.csv")).unwrap();
        let e = first_err(&c);
        assert!(e.contains(want), "{e}\nwanted {want}");
    }
    write(
        d.path(),
        "manifest.csv",
        b"file,outlet\r\na.txt,X\r\nb.txt,\r\n",
    );
    write(d.path(), "a.txt", b"x");
    let e = open(d.path()).unwrap_err().to_string();
    assert!(e.contains("manifest.csv:3: empty `outlet`"), "{e}");
}

#[test]
fn on_error_skip_counts_and_goes_on() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "a.csv",
        b"outlet,text,date\nX,one,2016-12-01\n,two,\nY,three,12/1/16\nZ,four,\n",
    );
    // Dates used (--from): the unreadable date is a row error.
    let skip = with(|o| {
        o.on_error = OnError::Skip;
        o.from = dates::Date::parse("2000-01-01").ok();
    });
    let c = Corpus::open(&d.path().join("a.csv"), &skip).unwrap();
    let mut reader = c.articles();
    let texts: Vec<String> = reader.by_ref().map(|a| a.unwrap().text).collect();
    assert_eq!(texts, ["one"]);
    assert_eq!(
        (
            reader.stats.read,
            reader.stats.skipped,
            reader.stats.filtered
        ),
        (1, 2, 1)
    );
    assert!(reader.stats.skip_examples[0]
        .ends_with("a.csv:3: empty `outlet`: every article needs its outlet"));
    assert!(reader.stats.skip_examples[1]
        .contains("a.csv:4: date `12/1/16` could be day-first or month-first"));
    // Dates unused: the article is kept, undated, and counted as such.
    let skip = with(|o| o.on_error = OnError::Skip);
    let c = Corpus::open(&d.path().join("a.csv"), &skip).unwrap();
    let mut reader = c.articles();
    let got: Vec<(String, String)> = reader
        .by_ref()
        .map(|a| a.map(|a| (a.text, a.date)).unwrap())
        .collect();
    let pair = |t: &str, d: &str| (t.to_string(), d.to_string());
    assert_eq!(
        got,
        [
            pair("one", "2016-12-01"),
            pair("three", ""),
            pair("four", "")
        ]
    );
    assert_eq!(
        (
            reader.stats.read,
            reader.stats.skipped,
            reader.stats.undated
        ),
        (3, 1, 1)
    );
    assert!(reader.stats.undated_examples[0].ends_with("a.csv:4: `12/1/16`"));
    // Under the default, the first problem stops the read.
    let c = open(&d.path().join("a.csv")).unwrap();
    let got: Vec<_> = c.articles().collect();
    assert_eq!(got.len(), 2);
    assert!(got[1].is_err());
    // A date the formats read is written as YYYY-MM-DD; one already so is
    // kept as written.
    write(
        d.path(),
        "b.csv",
        b"outlet,text,date\nX,a,12/1/16\nX,b,2016-12-01T10:00:00Z\nX,c,\"January 11, 2010 Monday\"\n",
    );
    let c = Corpus::open(
        &d.path().join("b.csv"),
        &with(|o| o.date_formats = vec!["%m/%d/%y".into()]),
    )
    .unwrap();
    let dates: Vec<String> = all(&c).into_iter().map(|a| a.date).collect();
    assert_eq!(dates, ["2016-12-01", "2016-12-01T10:00:00Z", "2010-01-11"]);
    // A bad manifest row is skipped at open time and counted.
    write(
        d.path(),
        "m/manifest.csv",
        b"file,outlet\na.txt,X\nmissing.txt,Y\n",
    );
    write(d.path(), "m/a.txt", b"x");
    let c = Corpus::open(&d.path().join("m"), &skip).unwrap();
    let mut reader = c.articles();
    assert_eq!(reader.by_ref().count(), 1);
    assert_eq!(reader.stats.skipped, 1);
    assert!(reader.stats.skip_examples[0].contains("manifest.csv:3: cannot open `missing.txt`"));
}

#[test]
fn filters_dates_and_group_by() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "a.csv",
        b"id,outlet,bias,date,text\n1,X,left,2016-01-05,a\n2,Y,right,2016-02-01,b\n3,Z,left,,c\n4,W,center,2017-01-01,d\n",
    );
    let path = d.path().join("a.csv");
    let ids = |o: CorpusOptions| -> Vec<(String, String, String)> {
        let c = Corpus::open(&path, &o).unwrap();
        all(&c)
            .into_iter()
            .map(|a| (a.id, a.outlet, a.source))
            .collect()
    };
    let t = |id: &str, o: &str, s: &str| (id.to_string(), o.to_string(), s.to_string());
    let by_bias = with(|o| o.group_by = Some("bias".into()));
    assert_eq!(
        ids(by_bias),
        [
            t("1", "left", "X"),
            t("2", "right", "Y"),
            t("3", "left", "Z"),
            t("4", "center", "W")
        ]
    );
    let left_or_center = with(|o| {
        o.filters = vec!["bias=left".parse().unwrap(), "bias=center".parse().unwrap()];
    });
    assert_eq!(ids(left_or_center).len(), 3);
    let left_and_x = with(|o| {
        o.filters = vec!["bias=left".parse().unwrap(), "outlet=X".parse().unwrap()];
    });
    assert_eq!(ids(left_and_x), [t("1", "X", "X")]);
    let in_2016 = with(|o| {
        o.from = Some(dates::Date::parse("2016-01-01").unwrap());
        o.to = Some(dates::Date::parse("2016-12-31").unwrap());
    });
    // Undated article 3 is left out by a date filter.
    assert_eq!(ids(in_2016).len(), 2);
    let c = Corpus::open(
        &path,
        &with(|o| o.filters = vec!["colour=red".parse().unwrap()]),
    );
    let e = c.unwrap_err().to_string();
    assert!(e.contains("no column `colour` for --where colour=...; the columns are: id, outlet, bias, date, text"), "{e}");
    write(d.path(), "b.csv", b"outlet,bias,text\nX,,a\n");
    let c = Corpus::open(
        &d.path().join("b.csv"),
        &with(|o| o.group_by = Some("bias".into())),
    )
    .unwrap();
    assert!(first_err(&c).ends_with(
        "b.csv:2: empty `bias`, the --group-by column: fill it in or pass --on-error skip"
    ));
}

#[test]
fn huge_articles_and_many_tiny_ones_stream() {
    let d = tempfile::tempdir().unwrap();
    // One 8 MB article.
    let big = "The rebels said so. ".repeat(400_000);
    let mut body = b"outlet,text\nX,\"".to_vec();
    body.extend_from_slice(big.as_bytes());
    body.extend_from_slice(b"\"\n");
    write(d.path(), "big.csv", &body);
    let c = open(&d.path().join("big.csv")).unwrap();
    assert_eq!(all(&c)[0].text.len(), big.len());
    // 100,000 one-word articles.
    let mut many = String::from("outlet,text\n");
    for i in 0..100_000 {
        many.push_str(&format!("O{},w{i}\n", i % 7));
    }
    write(d.path(), "many.csv", many.as_bytes());
    let c = open(&d.path().join("many.csv")).unwrap();
    assert_eq!(c.articles().count(), 100_000);
}

#[test]
fn reading_on_worker_threads_gives_the_same_articles_stats_and_errors() {
    let d = tempfile::tempdir().unwrap();
    let mut csv = String::from("outlet,text,date\n");
    for i in 0..1000 {
        match i % 7 {
            3 => csv.push_str(&format!(",empty outlet {i},\n")),
            5 => csv.push_str(&format!("O{},text {i},12/1/16\n", i % 3)),
            _ => csv.push_str(&format!("O{},text {i},2016-01-01\n", i % 3)),
        }
    }
    write(d.path(), "a.csv", csv.as_bytes());
    let path = d.path().join("a.csv");
    let skip = with(|o| {
        o.on_error = OnError::Skip;
        o.filters = vec!["outlet=O1".parse().unwrap(), "outlet=O2".parse().unwrap()];
    });
    let c = Corpus::open(&path, &skip).unwrap();
    // The texts in order, the reader's stats, and the first error, read by
    // `threads` worker threads.
    let run = |c: &Corpus, threads: usize| {
        let mut reader = c.articles();
        let mut texts = Vec::new();
        let result = crate::parallel::ordered_map(
            reader.by_ref(),
            threads,
            |a: Article| Ok(a.text),
            |t| {
                texts.push(std::mem::take(t));
                Ok(())
            },
        );
        (texts, reader.stats, result.err().map(|e| e.to_string()))
    };
    let (a, a_stats, a_err) = run(&c, 1);
    assert!(a.len() > 400, "{}", a.len());
    assert_eq!(a_err, None);
    for threads in [2, 3] {
        let (b, b_stats, b_err) = run(&c, threads);
        assert_eq!(a, b);
        assert_eq!(a_stats, b_stats);
        assert_eq!(b_err, None);
    }
    // Under `fail`, the first problem is the same error, in the same place,
    // after the same articles.
    let c = open(&path).unwrap();
    let (a, _, e) = run(&c, 1);
    assert!(e.as_deref().is_some_and(|e| e.contains("a.csv:5")), "{e:?}");
    assert_eq!(a.len(), 3);
    for threads in [2, 3] {
        assert_eq!(run(&c, threads).2, e);
        assert_eq!(run(&c, threads).0, a);
    }
}

#[test]
fn group_by_language_reads_the_column_or_detects_it() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "a.csv",
        "id,outlet,language,text\n\
         1,X,Arabic,قالت المعارضة السورية إن قوات النظام قصفت المدينة\n\
         2,X,,قالت المعارضة السورية إن قوات النظام قصفت المدينة\n\
         3,Y,ru,Повстанцы заявили о наступлении\n\
         4,Y,,Syrian rebels said the city was shelled overnight\n\
         5,Y,Klingon,tlhIngan Hol\n"
            .as_bytes(),
    );
    let path = d.path().join("a.csv");
    let grouped = |o: CorpusOptions| -> Vec<(String, String)> {
        let c = Corpus::open(&path, &o).unwrap();
        all(&c).into_iter().map(|a| (a.id, a.outlet)).collect()
    };
    let t = |id: &str, l: &str| (id.to_string(), l.to_string());
    assert_eq!(
        grouped(with(|o| o.group_by = Some("language".into()))),
        [
            t("1", "ar"),
            t("2", "ar"),
            t("3", "ru"),
            t("4", "en"),
            t("5", "Klingon")
        ]
    );
    let arabic = with(|o| o.filters = vec!["language=ar".parse().unwrap()]);
    assert_eq!(grouped(arabic), [t("1", "X"), t("2", "X")]);
    // No language column at all: detected, for group-by and filters alike.
    write(
        d.path(),
        "b.csv",
        "outlet,text\nX,Повстанцы заявили о наступлении\nY,...\n".as_bytes(),
    );
    let c = Corpus::open(
        &d.path().join("b.csv"),
        &with(|o| o.group_by = Some("language".into())),
    )
    .unwrap();
    let langs: Vec<String> = all(&c).into_iter().map(|a| a.outlet).collect();
    assert_eq!(langs, ["ru", "und"]);
    // Without a reference to it, the language is left as written.
    let c = Corpus::open(&path, &CorpusOptions::default()).unwrap();
    let first = all(&c).remove(0);
    assert_eq!(first.field("language"), Some("Arabic"));
    assert_eq!(first.language().map(|l| l.code()), Some("ar"));
}
