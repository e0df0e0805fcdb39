//! The corpus: where articles come from. This module owns finding the
//! articles (a folder with `manifest.csv`, a folder with one subfolder per
//! outlet, or one CSV/TSV table with a `text` column), their metadata,
//! decoding their text, and refusing paths that leave the corpus folder.
//! Articles are read one at a time, in a fixed order, never all at once.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// One article and its metadata.
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// Stable id: the manifest's `id` column, else the file path relative to
    /// the corpus folder.
    pub id: String,
    pub outlet: String,
    pub date: String,
    pub title: String,
    pub url: String,
    /// Any other manifest columns, in manifest order.
    pub meta: Vec<(String, String)>,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("{path}:{line}: {message}")]
    Row {
        path: PathBuf,
        line: u64,
        message: String,
    },
}

/// An article before its text is read.
#[derive(Debug, Clone)]
struct Entry {
    file: PathBuf,
    article: Article,
}

/// A validated corpus: every file entry exists and lies inside the folder;
/// a table's header names the columns it needs.
#[derive(Debug)]
pub struct Corpus {
    pub root: PathBuf,
    /// `manifest`, `folders` or `table`.
    pub layout: &'static str,
    entries: Vec<Entry>,
}

const KNOWN: [&str; 6] = ["file", "outlet", "id", "date", "title", "url"];

impl Corpus {
    /// Opens a corpus folder or table and checks what can be checked before
    /// any article is read.
    pub fn open(root: &Path) -> Result<Corpus, CorpusError> {
        let meta = std::fs::metadata(root).map_err(|source| CorpusError::Io {
            path: root.to_path_buf(),
            source,
        })?;
        if meta.is_file() {
            table_columns(root)?;
            return Ok(Corpus {
                root: root.to_path_buf(),
                layout: "table",
                entries: Vec::new(),
            });
        }
        let canonical = root.canonicalize().map_err(|source| CorpusError::Io {
            path: root.to_path_buf(),
            source,
        })?;
        let manifest = root.join("manifest.csv");
        let (layout, entries) = if manifest.is_file() {
            ("manifest", read_manifest(root, &canonical, &manifest)?)
        } else {
            ("folders", read_folders(root, &canonical)?)
        };
        if entries.is_empty() {
            return Err(CorpusError::Invalid {
                path: root.to_path_buf(),
                message: "the corpus has no articles".into(),
            });
        }
        Ok(Corpus {
            root: root.to_path_buf(),
            layout,
            entries,
        })
    }

    /// Reads the articles one at a time, in manifest, sorted path or row order.
    pub fn articles(&self) -> Box<dyn Iterator<Item = Result<Article, CorpusError>> + '_> {
        if self.layout == "table" {
            return match TableRows::open(&self.root) {
                Ok(rows) => Box::new(rows),
                Err(e) => Box::new(std::iter::once(Err(e))),
            };
        }
        Box::new(self.entries.iter().map(|e| {
            let mut article = e.article.clone();
            article.text = read_text(&e.file)?;
            Ok(article)
        }))
    }
}

/// Column positions of a corpus table.
struct Columns {
    headers: Vec<String>,
    text: usize,
    outlet: usize,
    id: Option<usize>,
    date: Option<usize>,
    title: Option<usize>,
    url: Option<usize>,
}

fn table_reader(
    path: &Path,
) -> Result<csv::Reader<std::io::BufReader<std::fs::File>>, CorpusError> {
    let file = std::fs::File::open(path).map_err(|source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let tsv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    Ok(csv::ReaderBuilder::new()
        .delimiter(if tsv { b'\t' } else { b',' })
        .flexible(false)
        .from_reader(std::io::BufReader::new(file)))
}

fn table_columns(path: &Path) -> Result<Columns, CorpusError> {
    let mut reader = table_reader(path)?;
    columns_of(path, &mut reader)
}

fn columns_of<R: std::io::Read>(
    path: &Path,
    reader: &mut csv::Reader<R>,
) -> Result<Columns, CorpusError> {
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| CorpusError::Invalid {
            path: path.to_path_buf(),
            message: format!("cannot read the header row: {e}"),
        })?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(text), Some(outlet)) = (col("text"), col("outlet")) else {
        return Err(CorpusError::Invalid {
            path: path.to_path_buf(),
            message: format!(
                "a corpus table needs columns `text` and `outlet` (found: {}); optional: id, date, title, url, and any others as metadata",
                headers.join(", ")
            ),
        });
    };
    Ok(Columns {
        text,
        outlet,
        id: col("id"),
        date: col("date"),
        title: col("title"),
        url: col("url"),
        headers,
    })
}

/// Streams the rows of a corpus table as articles.
struct TableRows {
    path: PathBuf,
    reader: csv::Reader<std::io::BufReader<std::fs::File>>,
    columns: Columns,
    record: csv::ByteRecord,
    seen: HashMap<String, u64>,
}

impl TableRows {
    fn open(path: &Path) -> Result<TableRows, CorpusError> {
        let mut reader = table_reader(path)?;
        let columns = columns_of(path, &mut reader)?;
        Ok(TableRows {
            path: path.to_path_buf(),
            reader,
            columns,
            record: csv::ByteRecord::new(),
            seen: HashMap::new(),
        })
    }

    fn row(&mut self) -> Result<Option<Article>, CorpusError> {
        let more = self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(|e| CorpusError::Row {
                path: self.path.clone(),
                line: e.position().map_or(0, |p| p.line()),
                message: format!("malformed CSV row: {e}"),
            })?;
        if !more {
            return Ok(None);
        }
        let line = self.record.position().map_or(0, |p| p.line());
        let row_err = |message: String| CorpusError::Row {
            path: self.path.clone(),
            line,
            message,
        };
        let mut fields = Vec::with_capacity(self.record.len());
        for (i, raw) in self.record.iter().enumerate() {
            let s = std::str::from_utf8(raw).map_err(|e| {
                row_err(format!(
                    "invalid UTF-8 in column `{}` at byte {} of the cell: convert the file to UTF-8",
                    self.columns.headers.get(i).map_or("?", String::as_str),
                    e.valid_up_to()
                ))
            })?;
            fields.push(s);
        }
        let c = &self.columns;
        let get = |i: Option<usize>| i.and_then(|i| fields.get(i).copied()).unwrap_or("").trim();
        let outlet = get(Some(c.outlet));
        if outlet.is_empty() {
            return Err(row_err(
                "empty `outlet`: every article needs its outlet".into(),
            ));
        }
        let id = match get(c.id) {
            "" => format!("row{line}"),
            id => id.to_string(),
        };
        if let Some(first) = self.seen.insert(id.clone(), line) {
            return Err(row_err(format!(
                "article id `{id}` is also on line {first}: ids must be unique"
            )));
        }
        let known = [Some(c.text), Some(c.outlet), c.id, c.date, c.title, c.url];
        let meta = c
            .headers
            .iter()
            .enumerate()
            .filter(|(i, _)| !known.contains(&Some(*i)))
            .map(|(i, h)| (h.clone(), get(Some(i)).to_string()))
            .collect();
        Ok(Some(Article {
            id,
            outlet: outlet.to_string(),
            date: get(c.date).to_string(),
            title: get(c.title).to_string(),
            url: get(c.url).to_string(),
            meta,
            text: fields.get(c.text).copied().unwrap_or("").to_string(),
        }))
    }
}

impl Iterator for TableRows {
    type Item = Result<Article, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.row().transpose()
    }
}

/// Reads a file as UTF-8, dropping a byte-order mark.
pub fn read_text(path: &Path) -> Result<String, CorpusError> {
    let bytes = std::fs::read(path).map_err(|source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let offset = e.valid_up_to() + (bytes.len() - body.len());
            Err(CorpusError::Invalid {
                path: path.to_path_buf(),
                message: format!(
                    "invalid UTF-8 at byte offset {offset}: convert the file to UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)"
                ),
            })
        }
    }
}

/// Resolves a manifest path, refusing anything outside the corpus folder.
fn inside(root: &Path, canonical_root: &Path, rel: &str) -> Result<PathBuf, String> {
    let relpath = Path::new(rel);
    if relpath.is_absolute()
        || relpath
            .components()
            .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
    {
        return Err(format!(
            "`{rel}` points outside the corpus folder: give a path relative to it, without `..`"
        ));
    }
    let path = root.join(relpath);
    let real = path
        .canonicalize()
        .map_err(|e| format!("cannot open `{rel}`: {e}"))?;
    if !real.starts_with(canonical_root) {
        return Err(format!(
            "`{rel}` is a link to a file outside the corpus folder: copy the file in instead"
        ));
    }
    if !real.is_file() {
        return Err(format!("`{rel}` is not a file"));
    }
    Ok(path)
}

fn read_manifest(
    root: &Path,
    canonical: &Path,
    manifest: &Path,
) -> Result<Vec<Entry>, CorpusError> {
    let invalid = |message: String| CorpusError::Invalid {
        path: manifest.to_path_buf(),
        message,
    };
    let text = read_text(manifest)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| invalid(format!("cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(file_col), Some(outlet_col)) = (col("file"), col("outlet")) else {
        return Err(invalid(format!(
            "needs columns `file` and `outlet` (found: {}); optional: id, date, title, url, and any others as metadata",
            headers.join(", ")
        )));
    };
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut entries = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            CorpusError::Row {
                path: manifest.to_path_buf(),
                line,
                message: format!("malformed CSV row: {e}"),
            }
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let row_err = |message: String| CorpusError::Row {
            path: manifest.to_path_buf(),
            line,
            message,
        };
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim();
        let rel = get(Some(file_col));
        let outlet = get(Some(outlet_col));
        if rel.is_empty() {
            return Err(row_err("empty `file`: name the article's file".into()));
        }
        if outlet.is_empty() {
            return Err(row_err(format!("empty `outlet` for `{rel}`")));
        }
        let file = inside(root, canonical, rel).map_err(row_err)?;
        let id = match get(col("id")) {
            "" => rel.to_string(),
            id => id.to_string(),
        };
        if let Some(first) = seen.insert(id.clone(), line) {
            return Err(row_err(format!(
                "article id `{id}` is also on line {first}: ids must be unique"
            )));
        }
        let meta = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| !KNOWN.contains(&h.as_str()))
            .map(|(i, h)| (h.clone(), get(Some(i)).to_string()))
            .collect();
        entries.push(Entry {
            file,
            article: Article {
                id,
                outlet: outlet.to_string(),
                date: get(col("date")).to_string(),
                title: get(col("title")).to_string(),
                url: get(col("url")).to_string(),
                meta,
                text: String::new(),
            },
        });
    }
    Ok(entries)
}

fn sorted_dir(dir: &Path) -> Result<Vec<PathBuf>, CorpusError> {
    let io = |source| CorpusError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        if !entry.file_name().to_string_lossy().starts_with('.') {
            paths.push(entry.path());
        }
    }
    paths.sort();
    Ok(paths)
}

fn read_folders(root: &Path, canonical: &Path) -> Result<Vec<Entry>, CorpusError> {
    let mut entries = Vec::new();
    for dir in sorted_dir(root)? {
        if !dir.is_dir() {
            continue;
        }
        let outlet = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for file in sorted_dir(&dir)? {
            let rel = file
                .strip_prefix(root)
                .unwrap_or(&file)
                .to_string_lossy()
                .into_owned();
            if file.is_dir() {
                continue;
            }
            let file = inside(root, canonical, &rel).map_err(|message| CorpusError::Invalid {
                path: file.clone(),
                message,
            })?;
            entries.push(Entry {
                file,
                article: Article {
                    id: rel,
                    outlet: outlet.clone(),
                    ..Article::default()
                },
            });
        }
    }
    if entries.is_empty() {
        return Err(CorpusError::Invalid {
            path: root.to_path_buf(),
            message: "no manifest.csv and no outlet subfolders with articles: add a manifest.csv (file,outlet,...) or put each outlet's files in a folder named after it".into(),
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

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
        let c = Corpus::open(d.path()).unwrap();
        let a: Vec<_> = c.articles().collect::<Result<_, _>>().unwrap();
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
        let c = Corpus::open(d.path()).unwrap();
        let a: Vec<_> = c.articles().collect::<Result<_, _>>().unwrap();
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
        let e = Corpus::open(&d.path().join("c")).unwrap_err().to_string();
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
        std::os::unix::fs::symlink(d.path().join("secret.txt"), d.path().join("c/link.txt"))
            .unwrap();
        let e = Corpus::open(&d.path().join("c")).unwrap_err().to_string();
        assert!(e.contains("is a link to a file outside"), "{e}");
    }

    #[test]
    fn row_errors_name_the_line() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "a.txt", b"x");
        write(d.path(), "manifest.csv", b"file,outlet\na.txt,X\na.txt,\n");
        let e = Corpus::open(d.path()).unwrap_err().to_string();
        assert!(
            e.ends_with("manifest.csv:3: empty `outlet` for `a.txt`"),
            "{e}"
        );
        write(d.path(), "manifest.csv", b"file,outlet\na.txt,X\na.txt,Y\n");
        let e = Corpus::open(d.path()).unwrap_err().to_string();
        assert!(
            e.contains("manifest.csv:3: article id `a.txt` is also on line 2"),
            "{e}"
        );
        write(d.path(), "manifest.csv", b"path,source\na.txt,X\n");
        let e = Corpus::open(d.path()).unwrap_err().to_string();
        assert!(
            e.contains("needs columns `file` and `outlet` (found: path, source)"),
            "{e}"
        );
        write(d.path(), "manifest.csv", b"file,outlet\nmissing.txt,X\n");
        let e = Corpus::open(d.path()).unwrap_err().to_string();
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
        let c = Corpus::open(d.path()).unwrap();
        let e = c.articles().next().unwrap().unwrap_err().to_string();
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
        let c = Corpus::open(&d.path().join("a.csv")).unwrap();
        let a: Vec<_> = c.articles().collect::<Result<_, _>>().unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].text, "Hello,\nworld");
        assert_eq!(a[1].outlet, "Y");
        assert_eq!(a[1].meta, vec![("bias".to_string(), "right".to_string())]);
    }

    #[test]
    fn csv_table_errors_name_the_line() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "a.csv", b"outlet,body\nX,hi\n");
        let e = Corpus::open(&d.path().join("a.csv"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("needs columns `text` and `outlet` (found: outlet, body)"),
            "{e}"
        );
        write(d.path(), "b.tsv", b"outlet\ttext\nX\tok\n\tno outlet\n");
        let c = Corpus::open(&d.path().join("b.tsv")).unwrap();
        let r: Vec<_> = c.articles().collect();
        assert!(r[0].is_ok());
        let e = r[1].as_ref().unwrap_err().to_string();
        assert!(
            e.ends_with("b.tsv:3: empty `outlet`: every article needs its outlet"),
            "{e}"
        );
        write(d.path(), "c.csv", b"outlet,text\nX,ab\xFFc\n");
        let c = Corpus::open(&d.path().join("c.csv")).unwrap();
        let e = c.articles().next().unwrap().unwrap_err().to_string();
        assert!(
            e.contains("c.csv:2: invalid UTF-8 in column `text` at byte 2"),
            "{e}"
        );
    }

    #[test]
    fn empty_folder_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        let e = Corpus::open(d.path()).unwrap_err().to_string();
        assert!(
            e.contains("no manifest.csv and no outlet subfolders"),
            "{e}"
        );
    }
}
