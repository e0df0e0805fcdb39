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
    c.articles().filter_map(|a| a.unwrap()).collect()
}

fn first_err(c: &Corpus) -> String {
    c.articles().find_map(Result::err).unwrap().to_string()
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
    let r: Vec<_> = c.articles().collect();
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
