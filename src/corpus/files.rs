//! Finding a corpus's files: one file in any format, a folder (with
//! `manifest.csv`, with one subfolder per outlet, or holding export files of
//! any mix of formats), a glob pattern (`exports/*.TXT`), and further paths
//! (`--corpus` repeated) read after the first as one corpus. Each file is
//! opened by its [`Format`](super::source::Format); the order is the order
//! given, and sorted by name within a folder or pattern.

use super::options::CorpusOptions;
use super::source::{Format, Opening, Source};
use super::{folders, CorpusError};
use std::path::{Path, PathBuf};

/// A corpus's sources, its layout name and the manifest rows refused at
/// open time (`--on-error skip`).
pub struct Opened {
    pub layout: &'static str,
    pub sources: Vec<Box<dyn Source>>,
    pub errors: Vec<String>,
}

/// What one path given on the command line holds.
enum Found {
    /// A folder layout (manifest or outlet subfolders), opened.
    Layout(Opened),
    /// Export files, each with its format.
    Files(Vec<(PathBuf, &'static Format)>),
}

pub fn open(root: &Path, options: &CorpusOptions) -> Result<Opened, CorpusError> {
    let mut found = Vec::new();
    for path in std::iter::once(root).chain(options.also.iter().map(PathBuf::as_path)) {
        found.extend(find(path, options)?);
    }
    let files: usize = found
        .iter()
        .map(|f| match f {
            Found::Layout(_) => 2,
            Found::Files(files) => files.len(),
        })
        .sum();
    let mut opened = Opened {
        layout: "files",
        sources: Vec::new(),
        errors: Vec::new(),
    };
    let mut formats = Vec::new();
    let single = found.len() == 1;
    for f in found {
        match f {
            Found::Layout(layout) if single => return Ok(layout),
            Found::Layout(layout) => {
                opened.sources.extend(layout.sources);
                opened.errors.extend(layout.errors);
            }
            Found::Files(list) => {
                for (path, format) in list {
                    let id_prefix = if files > 1 {
                        format!("{}:", display_name(&path))
                    } else {
                        String::new()
                    };
                    let opening = Opening {
                        path: &path,
                        options,
                        id_prefix,
                    };
                    opened.sources.push((format.open)(&opening)?);
                    formats.push(format.name);
                }
            }
        }
    }
    formats.dedup();
    if let ([only], true) = (formats.as_slice(), opened.errors.is_empty()) {
        if opened.sources.len() == formats.len() {
            opened.layout = only;
        }
    }
    Ok(opened)
}

/// A file's name for the ids made up for it.
fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// True for a path with glob characters that names no file itself.
fn is_pattern(path: &Path) -> bool {
    let s = path.to_string_lossy();
    s.contains(['*', '?', '[']) && !path.exists()
}

/// What one path holds: a folder layout, export files, or the files a glob
/// pattern matches.
fn find(path: &Path, options: &CorpusOptions) -> Result<Vec<Found>, CorpusError> {
    if is_pattern(path) {
        return pattern(path, options);
    }
    let meta = std::fs::metadata(path).map_err(|source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_file() {
        // A single file no format claims is read as a CSV table.
        let format = super::formats::format_of(path).unwrap_or(&super::table::FORMAT);
        return Ok(vec![Found::Files(vec![(path.to_path_buf(), format)])]);
    }
    folder(path, options).map(|f| vec![f])
}

fn pattern(path: &Path, options: &CorpusOptions) -> Result<Vec<Found>, CorpusError> {
    let text = path.to_string_lossy();
    let invalid = |message: String| CorpusError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let paths = glob::glob(&text)
        .map_err(|e| invalid(format!("not a valid pattern: {e}")))?
        .collect::<Result<Vec<PathBuf>, _>>()
        .map_err(|e| invalid(format!("cannot list the matches: {e}")))?;
    let mut found = Vec::new();
    for p in paths.iter().filter(|p| !hidden(p)) {
        if p.is_dir() {
            found.push(folder(p, options)?);
        } else {
            let format = super::formats::format_of(p).unwrap_or(&super::table::FORMAT);
            found.push(Found::Files(vec![(p.clone(), format)]));
        }
    }
    if found.is_empty() {
        return Err(invalid(
            "no file matches the pattern: check the folder and the pattern (quote it so the shell passes it on)".into(),
        ));
    }
    Ok(found)
}

fn hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// A folder: a manifest, else its export files, else outlet subfolders.
fn folder(root: &Path, options: &CorpusOptions) -> Result<Found, CorpusError> {
    let canonical = root.canonicalize().map_err(|source| CorpusError::Io {
        path: root.to_path_buf(),
        source,
    })?;
    let manifest = root.join("manifest.csv");
    if manifest.is_file() {
        let (entries, errors) = folders::read_manifest(root, &canonical, &manifest, options)?;
        if entries.is_empty() && errors.is_empty() {
            return Err(CorpusError::Invalid {
                path: root.to_path_buf(),
                message: "the corpus has no articles".into(),
            });
        }
        return Ok(Found::Layout(Opened {
            layout: "manifest",
            sources: vec![Box::new(folders::Entries {
                root: root.to_path_buf(),
                entries,
            })],
            errors,
        }));
    }
    let exports = export_files(root)?;
    if exports.is_empty() {
        let entries = folders::read_folders(root, &canonical)?;
        return Ok(Found::Layout(Opened {
            layout: "folders",
            sources: vec![Box::new(folders::Entries {
                root: root.to_path_buf(),
                entries,
            })],
            errors: Vec::new(),
        }));
    }
    let subfolders = folders::read_folders(root, &canonical).unwrap_or_default();
    if let Some(sub) = subfolders.first() {
        return Err(CorpusError::Invalid {
            path: root.to_path_buf(),
            message: format!(
                "holds both corpus files ({}) and outlet subfolders with articles ({}): a folder is one or the other; move the files or the subfolders, or name the files with --corpus",
                display_name(&exports[0].0),
                sub.rel()
            ),
        });
    }
    Ok(Found::Files(exports))
}

/// The files directly in a folder that a format reads, sorted by name.
fn export_files(root: &Path) -> Result<Vec<(PathBuf, &'static Format)>, CorpusError> {
    let io = |source| CorpusError::Io {
        path: root.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if hidden(&path) || !path.is_file() {
            continue;
        }
        if let Some(format) = super::formats::format_of(&path) {
            files.push((path, format));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}
