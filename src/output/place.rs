//! Where a command may write. Every command that writes (report, merge,
//! `count --out`, `count --shard`, `diff --out`, `lexicon import --out`,
//! `sample`, `validate`) asks [`check`] first, with every input it read:
//! an output may not be an input, contain one, lie inside an input folder,
//! go through a symbolic link, or replace a file or folder framescore did
//! not write unless `--force`; and `--force` never lets an output replace
//! or contain an input. Folders framescore writes carry a [`MARKER`] file,
//! so they are recognised, not guessed.

use super::OutputError;
use std::path::{Component, Path, PathBuf};

/// The file that marks a folder as written by framescore.
pub const MARKER: &str = ".framescore";

/// What is written at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A folder framescore fills (a report, a partial, a sample).
    Folder,
    /// One file (a CSV, a lexicon).
    File,
}

/// Refuses an output at `out` that would harm an input or a file
/// framescore did not write; `inputs` are every file and folder the
/// command reads.
pub fn check(out: &Path, kind: Kind, inputs: &[&Path], force: bool) -> Result<(), OutputError> {
    let refuse = |why: String| OutputError::Unsafe {
        path: out.to_path_buf(),
        why,
    };
    if out.as_os_str().is_empty() {
        return Err(refuse("the output path is empty".into()));
    }
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(refuse(
            "is a symbolic link; framescore does not write through links: give the link's target or another path".into(),
        ));
    }
    let target = resolve(out);
    for input in inputs {
        let Ok(input_abs) = input.canonicalize() else {
            continue; // not there: nothing to harm
        };
        let input_dir = input_abs.is_dir();
        if target == input_abs {
            return Err(refuse(format!(
                "is an input of this command ({}): write the output somewhere else",
                input.display()
            )));
        }
        if input_abs.starts_with(&target) {
            return Err(refuse(format!(
                "contains the input {}: replacing it would delete that input; write the output somewhere else",
                input.display()
            )));
        }
        if input_dir && target.starts_with(&input_abs) {
            return Err(refuse(format!(
                "lies inside the input folder {}: a later run would read the output as input; write it outside that folder",
                input.display()
            )));
        }
    }
    if force || !out.exists() {
        return Ok(());
    }
    match kind {
        Kind::Folder if !out.is_dir() => Err(refuse(
            "exists and is a file, not a folder: choose another path (or pass --force to replace it)".into(),
        )),
        Kind::Folder if is_ours(out) || is_empty_dir(out) => Ok(()),
        Kind::Folder => Err(OutputError::NotOurs {
            path: out.to_path_buf(),
        }),
        Kind::File if out.is_dir() => Err(refuse(
            "is a folder: give a file name for the output".into(),
        )),
        Kind::File => Err(refuse(
            "exists: pass --force to replace it, or choose another file".into(),
        )),
    }
}

/// True for a folder framescore wrote: it holds the [`MARKER`], or (written
/// before the marker existed) a `run.json` of framescore's or a partial's
/// `partial.json`.
pub fn is_ours(dir: &Path) -> bool {
    if dir.join(MARKER).is_file() {
        return true;
    }
    let says = |file: &str, key: &str, value: &str| {
        std::fs::read(dir.join(file))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
            .is_some_and(|json| json.get(key).and_then(|v| v.as_str()) == Some(value))
    };
    says("run.json", "tool", "framescore") || says("partial.json", "format", "framescore-partial")
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// `path` made absolute with `..` and links resolved as far as it exists:
/// the canonical form of its longest existing ancestor, then the rest.
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut rest = Vec::new();
    let mut head = absolute.as_path();
    loop {
        if let Ok(canonical) = head.canonicalize() {
            let mut out = canonical;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return lexical(&out);
        }
        match (head.parent(), head.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                head = parent;
            }
            _ => return lexical(&absolute),
        }
    }
}

/// `a/b/../c` -> `a/c`, without touching the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A lexicon `name` that names a default output folder (`reports/<name>`)
/// must be one plain path segment.
pub fn check_folder_name(name: &str) -> Result<(), String> {
    let why = if name.trim().is_empty() {
        "is empty"
    } else if name == "." || name == ".." {
        "is `.` or `..`"
    } else if name.contains(['/', '\\']) {
        "contains a path separator"
    } else if name.chars().any(char::is_control) {
        "contains a control character"
    } else if name.starts_with('.') {
        "starts with a dot (a hidden folder)"
    } else if Path::new(name).is_absolute() || name.contains(':') {
        "is a path, not a name"
    } else {
        return Ok(());
    };
    Err(why.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_never_land_on_or_around_inputs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).expect("corpus");
        let lexicon = dir.path().join("l.toml");
        std::fs::write(&lexicon, "x").expect("lexicon");
        let inputs = [corpus.as_path(), lexicon.as_path()];
        let refused = |out: &Path, kind, force| check(out, kind, &inputs, force).is_err();
        // The input itself, with or without --force.
        assert!(refused(&lexicon, Kind::File, true));
        assert!(refused(&corpus, Kind::Folder, true));
        // A folder holding an input, and a path inside the corpus folder.
        assert!(refused(dir.path(), Kind::Folder, true));
        assert!(refused(&corpus.join("report"), Kind::Folder, true));
        // The same places spelt with `..`.
        assert!(refused(&corpus.join("../l.toml"), Kind::File, true));
        // A new path beside them is fine.
        assert!(!refused(&dir.path().join("out"), Kind::Folder, false));
        // An existing file not ours needs --force; a folder needs the marker.
        let other = dir.path().join("notes.csv");
        std::fs::write(&other, "x").expect("notes");
        assert!(refused(&other, Kind::File, false));
        assert!(!refused(&other, Kind::File, true));
        let folder = dir.path().join("theirs");
        std::fs::create_dir(&folder).expect("folder");
        std::fs::write(folder.join("a.txt"), "x").expect("a");
        assert!(refused(&folder, Kind::Folder, false));
        std::fs::write(folder.join(MARKER), "framescore").expect("marker");
        assert!(!refused(&folder, Kind::Folder, false));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_not_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("precious.csv");
        std::fs::write(&target, "keep").expect("target");
        let link = dir.path().join("out.csv");
        std::os::unix::fs::symlink(&target, &link).expect("link");
        let err = check(&link, Kind::File, &[], true).expect_err("a link is refused");
        assert!(err.to_string().contains("symbolic link"), "{err}");
    }

    #[test]
    fn folder_names_are_one_plain_segment() {
        for bad in [
            "", " ", ".", "..", "../../x", "/tmp/x", "a/b", "a\\b", "x\u{7}", ".hidden", "C:x",
        ] {
            assert!(check_folder_name(bad).is_err(), "{bad:?}");
        }
        for good in ["syria", "Syria 2013", "سوريا", "a.b"] {
            assert!(check_folder_name(good).is_ok(), "{good:?}");
        }
    }
}
