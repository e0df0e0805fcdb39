//! The folder layouts: a folder with `manifest.csv` (one row per article
//! file) or a folder with one subfolder per outlet. Every path must stay
//! inside the corpus folder, symbolic links included. Article files ending
//! in `.gz` are decompressed.

use super::options::CorpusOptions;
use super::record::{article_from, check_columns, SeenIds};
use super::source::{Articles, Source};
use super::table::Cells;
use super::{stream, Article, CorpusError, Extent, OnError};
use std::path::{Component, Path, PathBuf};

/// A folder layout's article files, listed and checked when opened; the
/// texts are read one at a time.
#[derive(Debug)]
pub struct Entries {
    pub root: PathBuf,
    pub entries: Vec<Entry>,
}

impl Source for Entries {
    fn path(&self) -> &Path {
        &self.root
    }

    fn read(&self, _part: usize) -> Articles<'_> {
        Box::new(self.entries.iter().map(Entry::load))
    }

    fn extent(&self) -> Option<Extent> {
        Some(Extent::Articles(self.entries.len() as u64))
    }
}

/// An article before its text is read.
#[derive(Debug, Clone)]
pub struct Entry {
    file: PathBuf,
    article: Article,
}

impl Entry {
    /// The article's path relative to the corpus folder (its default id).
    pub fn rel(&self) -> &str {
        &self.article.id
    }

    /// The article with its text read from its file.
    pub fn load(&self) -> Result<Article, CorpusError> {
        let mut article = self.article.clone();
        article.text = stream::read_text(&self.file)?;
        Ok(article)
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

/// Reads `manifest.csv`. Under `--on-error skip` a bad row is returned as a
/// message instead of failing the whole corpus.
pub fn read_manifest(
    root: &Path,
    canonical: &Path,
    manifest: &Path,
    options: &CorpusOptions,
) -> Result<(Vec<Entry>, Vec<String>), CorpusError> {
    let invalid = |message: String| CorpusError::Invalid {
        path: manifest.to_path_buf(),
        message,
    };
    let text = stream::read_text(manifest)?;
    let mut cells = Cells::open(manifest, text.as_bytes(), b',')?;
    check_columns(
        cells.headers(),
        &[
            ("file", "a column named `file`"),
            (options.columns.outlet.as_str(), "--outlet-column"),
        ],
        options,
    )
    .map_err(|m| {
        invalid(format!(
            "{m}; optional: id, date, title, url, any others kept as metadata"
        ))
    })?;
    let rows = ManifestRows {
        root,
        canonical,
        manifest,
        options,
    };
    let mut seen = SeenIds::default();
    let (mut entries, mut skipped) = (Vec::new(), Vec::new());
    loop {
        let entry = match cells.next_row() {
            Ok(Some((line, fields, _))) => rows.entry(line, &fields, &mut seen),
            Ok(None) => break,
            Err(e) => Err(e),
        };
        match entry {
            Ok(e) => entries.push(e),
            Err(e) if options.on_error == OnError::Skip && e.is_row() => {
                skipped.push(e.to_string())
            }
            Err(e) => return Err(e),
        }
    }
    Ok((entries, skipped))
}

/// What reading a manifest row needs.
struct ManifestRows<'a> {
    root: &'a Path,
    canonical: &'a Path,
    manifest: &'a Path,
    options: &'a CorpusOptions,
}

impl ManifestRows<'_> {
    fn entry(
        &self,
        line: u64,
        fields: &[(&str, &str)],
        seen: &mut SeenIds,
    ) -> Result<Entry, CorpusError> {
        let (root, canonical, manifest, options) =
            (self.root, self.canonical, self.manifest, self.options);
        let row_err = |message: String| CorpusError::Row {
            path: manifest.to_path_buf(),
            line,
            message,
        };
        let rel = fields
            .iter()
            .find(|(k, _)| *k == "file")
            .map_or("", |(_, v)| v.trim());
        if rel.is_empty() {
            return Err(row_err("empty `file`: name the article's file".into()));
        }
        let mut article = article_from(
            fields,
            &options.columns,
            None,
            || rel.to_string(),
            root.join(rel).display().to_string(),
        )
        .map_err(|m| row_err(format!("{m} (`{rel}`)")))?;
        let file = inside(root, canonical, rel).map_err(row_err)?;
        seen.check(&article.id, line).map_err(row_err)?;
        article.origin = file.display().to_string();
        Ok(Entry { file, article })
    }
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

/// One subfolder per outlet, every file in it an article.
pub fn read_folders(root: &Path, canonical: &Path) -> Result<Vec<Entry>, CorpusError> {
    let mut entries = Vec::new();
    for dir in sorted_dir(root)? {
        // A report framescore wrote inside the corpus folder is no outlet.
        if !dir.is_dir() || crate::output::place::is_ours(&dir) {
            continue;
        }
        // A name that is not UTF-8 would be shown with U+FFFD, and two such
        // names would become one outlet or one id.
        let not_utf8 = |path: &Path| CorpusError::Invalid {
            path: path.to_path_buf(),
            message: "the name is not UTF-8: rename it".into(),
        };
        let outlet = dir
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| not_utf8(&dir))?
            .to_string();
        for file in sorted_dir(&dir)? {
            if file.is_dir() {
                continue;
            }
            let rel = file
                .strip_prefix(root)
                .unwrap_or(&file)
                .to_str()
                .ok_or_else(|| not_utf8(&file))?
                .to_string();
            let file = inside(root, canonical, &rel).map_err(|message| CorpusError::Invalid {
                path: file.clone(),
                message,
            })?;
            entries.push(Entry {
                article: Article {
                    id: rel,
                    outlet: outlet.clone(),
                    source: outlet.clone(),
                    origin: file.display().to_string(),
                    ..Article::default()
                },
                file,
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
