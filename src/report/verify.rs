//! `framescore verify`: are a report's inputs still the files it was made
//! from? A report records the SHA-256 of its lexicon and of every corpus
//! file (`inputs.sha256`, in `sha256sum` format, and a digest over them in
//! `run.json`); verify hashes the same paths again and names every file
//! that changed, appeared or disappeared.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The file listing a report's inputs and their hashes.
pub const INPUTS_FILE: &str = "inputs.sha256";

/// The hashes of a run's inputs.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct InputHashes {
    /// Absolute lexicon path and its hash.
    pub lexicon: (PathBuf, String),
    /// Absolute corpus path (file or folder); for a corpus of several
    /// files, the folder holding them all.
    pub corpus: PathBuf,
    /// A corpus of several files or folders (a list or a glob): each,
    /// absolute, as the corpus read them; empty for one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<PathBuf>,
    /// Every corpus file: path relative to the corpus folder (the file
    /// name for a single-file corpus) and its hash.
    pub corpus_files: BTreeMap<String, String>,
}

impl InputHashes {
    /// One digest over the corpus files, their names and contents.
    pub fn corpus_digest(&self) -> String {
        let mut h = Sha256::new();
        for (name, hash) in &self.corpus_files {
            h.update((name.len() as u64).to_le_bytes());
            h.update(name.as_bytes());
            h.update(hash.as_bytes());
        }
        crate::pass::hex(&h.finalize())
    }

    /// `inputs.sha256`: `sha256sum` lines, lexicon first, then each corpus file.
    pub fn to_sha256sum(&self) -> String {
        let mut out = format!("{}  {}\n", self.lexicon.1, self.lexicon.0.display());
        for (name, hash) in &self.corpus_files {
            out.push_str(&format!("{hash}  {}\n", self.corpus_path(name).display()));
        }
        out
    }

    /// The files and folders to hash again: the sources, or the corpus path.
    pub fn source_paths(&self) -> Vec<&Path> {
        if self.sources.is_empty() {
            vec![self.corpus.as_path()]
        } else {
            self.sources.iter().map(PathBuf::as_path).collect()
        }
    }

    fn corpus_path(&self, name: &str) -> PathBuf {
        if self.corpus.is_dir() || !self.corpus.ends_with(name) {
            self.corpus.join(name)
        } else {
            self.corpus.clone()
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    })
}

/// SHA-256 of a file, streamed.
pub fn hash_file(path: &Path) -> std::io::Result<String> {
    hash_file_unless(path, &AtomicBool::new(false))
}

/// [`hash_file`], given up (an `Interrupted` error) once `stop` is set.
fn hash_file_unless(path: &Path, stop: &AtomicBool) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        if stop.load(Ordering::Relaxed) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "hashing stopped: the run ended first",
            ));
        }
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(crate::pass::hex(&h.finalize()))
}

/// Every regular file under `dir`, relative paths with `/`, sorted;
/// hidden files and folders (`.git`, staging folders) and folders
/// framescore wrote (reports, partials) left out.
fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = e.path();
        let rel = format!("{prefix}{name}");
        let meta = std::fs::metadata(&path)?;
        if meta.is_dir() {
            if !crate::output::place::is_ours(&path) {
                walk(&path, &format!("{rel}/"), out)?;
            }
        } else if meta.is_file() {
            out.push((rel, path));
        }
    }
    Ok(())
}

/// Hashes the lexicon and every corpus file of `sources` (the files and
/// folders the corpus reads, [`crate::corpus::Corpus::files`]): a folder's
/// every file, a file itself. One source is recorded as itself (a file
/// by its name, a folder's files relative to it); several (a list or a
/// glob) relative to the folder that holds them all.
pub fn hash_inputs(lexicon: &Path, sources: &[&Path]) -> std::io::Result<InputHashes> {
    hash_inputs_of(lexicon, sources, |_| true, &AtomicBool::new(false))
}

/// [`hash_inputs`] of the sources `chosen` keeps (a shard's own files),
/// named as [`hash_inputs`] names them among all `sources`: the shards'
/// hashes together are the whole corpus's. Given up (an `Interrupted`
/// error) once `stop` is set: a run that fails first does not wait for
/// the whole corpus to be read.
pub fn hash_inputs_of(
    lexicon: &Path,
    sources: &[&Path],
    chosen: impl Fn(&Path) -> bool,
    stop: &AtomicBool,
) -> std::io::Result<InputHashes> {
    let lexicon_abs = absolute(lexicon);
    let sources_given = sources;
    let sources: Vec<PathBuf> = sources.iter().map(|s| absolute(s)).collect();
    let base = match sources.as_slice() {
        [] => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the corpus has no files",
            ))
        }
        [one] => one.clone(),
        [first, rest @ ..] => {
            let mut base = first.parent().map(Path::to_path_buf).unwrap_or_default();
            for s in rest {
                while !s.starts_with(&base) {
                    if !base.pop() {
                        break;
                    }
                }
            }
            base
        }
    };
    let mut files = Vec::new();
    for (source, given) in sources.iter().zip(sources_given) {
        if !chosen(given) {
            continue;
        }
        if std::fs::metadata(source)?.is_dir() {
            let prefix = relative(source, &base)
                .map(|r| format!("{r}/"))
                .unwrap_or_default();
            walk(source, &prefix, &mut files)?;
        } else {
            let name = relative(source, &base).unwrap_or_else(|| {
                source
                    .file_name()
                    .map_or_else(|| "corpus".into(), |n| n.to_string_lossy().into_owned())
            });
            files.push((name, source.clone()));
        }
    }
    let mut corpus_files = BTreeMap::new();
    for (name, path) in files {
        corpus_files.insert(name, hash_file_unless(&path, stop)?);
    }
    Ok(InputHashes {
        lexicon: (lexicon_abs.clone(), hash_file_unless(&lexicon_abs, stop)?),
        corpus: base,
        sources: if sources.len() > 1 {
            sources
        } else {
            Vec::new()
        },
        corpus_files,
    })
}

/// `path` relative to `base` with `/`, when it is strictly inside it.
fn relative(path: &Path, base: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    if rel.as_os_str().is_empty() {
        return None;
    }
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("{path}: {message}")]
    Report { path: PathBuf, message: String },
}

/// What `verify` found.
#[derive(Debug, Default, PartialEq)]
pub struct Verdict {
    /// One line per difference; empty when every input matches.
    pub changes: Vec<String>,
    /// Files checked.
    pub checked: usize,
}

/// Re-hashes the inputs recorded in `report/run.json` and `inputs.sha256`.
pub fn verify(report: &Path) -> Result<Verdict, VerifyError> {
    let bad = |path: &Path, message: String| VerifyError::Report {
        path: path.to_path_buf(),
        message,
    };
    let run_path = report.join("run.json");
    let text = std::fs::read_to_string(&run_path).map_err(|e| {
        bad(
            &run_path,
            format!("{e}: not a framescore report folder (no readable run.json)"),
        )
    })?;
    let run: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| bad(&run_path, format!("not valid JSON: {e}")))?;
    let recorded = |key: &str| -> Result<String, VerifyError> {
        run.pointer(key)
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .ok_or_else(|| {
                bad(
                    &run_path,
                    format!(
                        "no `{key}`: written by a framescore without verify; run the report again"
                    ),
                )
            })
    };
    let lexicon = PathBuf::from(recorded("/inputs/lexicon/path")?);
    let lexicon_hash = recorded("/inputs/lexicon/sha256")?;
    let corpus = PathBuf::from(recorded("/inputs/corpus/path")?);
    // A corpus of several files lists them; one path stands for itself.
    let sources: Vec<PathBuf> = match run.pointer("/inputs/corpus/sources") {
        Some(serde_json::Value::Array(list)) => list
            .iter()
            .filter_map(|v| v.as_str().map(PathBuf::from))
            .collect(),
        _ => vec![corpus.clone()],
    };
    let sources: Vec<&Path> = sources.iter().map(PathBuf::as_path).collect();
    let corpus_digest = recorded("/inputs/corpus/sha256")?;
    let sums_path = report.join(INPUTS_FILE);
    let sums = std::fs::read_to_string(&sums_path).map_err(|e| {
        bad(
            &sums_path,
            format!("{e}: the report's list of input hashes is missing"),
        )
    })?;
    let mut old: BTreeMap<PathBuf, String> = BTreeMap::new();
    for (i, line) in sums.lines().enumerate() {
        let (hash, path) = line
            .split_once("  ")
            .ok_or_else(|| bad(&sums_path, format!("line {}: not `HASH  PATH`", i + 1)))?;
        old.insert(PathBuf::from(path), hash.to_string());
    }

    let mut verdict = Verdict::default();
    match hash_file(&lexicon) {
        Ok(h) if h == lexicon_hash => {}
        Ok(_) => verdict
            .changes
            .push(format!("lexicon changed: {}", lexicon.display())),
        Err(e) => verdict
            .changes
            .push(format!("lexicon unreadable: {}: {e}", lexicon.display())),
    }
    verdict.checked += 1;
    old.remove(&lexicon);
    let now = match hash_inputs(&lexicon, &sources) {
        Ok(now) => now,
        Err(e) => {
            verdict
                .changes
                .push(format!("corpus unreadable: {}: {e}", corpus.display()));
            return Ok(verdict);
        }
    };
    if now.corpus_digest() != corpus_digest {
        let before = verdict.changes.len();
        for (name, hash) in &now.corpus_files {
            let path = now.corpus_path(name);
            match old.remove(&path) {
                Some(h) if &h == hash => {}
                Some(_) => verdict.changes.push(format!("changed: {}", path.display())),
                None => verdict.changes.push(format!("added: {}", path.display())),
            }
        }
        for path in old.keys() {
            verdict.changes.push(format!("removed: {}", path.display()));
        }
        if verdict.changes.len() == before {
            verdict
                .changes
                .push(format!("corpus changed: {}", corpus.display()));
        }
    }
    verdict.checked += now.corpus_files.len();
    Ok(verdict)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hashing gives up at its next read once `stop` is set, with an
    /// `Interrupted` error; otherwise it hashes (SHA-256 of "x" by
    /// Python's hashlib).
    #[test]
    fn hashing_stops_when_told() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (corpus, lexicon) = (dir.path().join("c.csv"), dir.path().join("l.toml"));
        std::fs::write(&corpus, "id,outlet,text\n1,A,x\n").expect("written");
        std::fs::write(&lexicon, "x").expect("written");
        let go = AtomicBool::new(false);
        let hashes = hash_inputs_of(&lexicon, &[&corpus], |_| true, &go).expect("hashed");
        assert_eq!(
            hashes.lexicon.1,
            "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
        );
        assert_eq!(hashes.corpus_files.len(), 1);
        let stop = AtomicBool::new(true);
        let stopped = hash_inputs_of(&lexicon, &[&corpus], |_| true, &stop);
        assert_eq!(
            stopped.err().map(|e| e.kind()),
            Some(std::io::ErrorKind::Interrupted)
        );
    }
}
