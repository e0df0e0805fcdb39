//! A scratch folder for adversarial runs: every file in it is hashed before
//! a command runs and compared after, so a test asserts in one line that a
//! refused command wrote nothing and changed no input.
//!
//! `FRAMESCORE_BIN=/path/to/an/older/framescore cargo test --test
//! adversarial` runs the same cases against another build (how the
//! catalogue was checked to fail on the code before it).

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

/// What a run gave.
#[derive(Debug)]
pub struct Outcome {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

pub struct Scene {
    dir: tempfile::TempDir,
}

impl Default for Scene {
    fn default() -> Self {
        Scene::new()
    }
}

impl Scene {
    pub fn new() -> Scene {
        Scene {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `bytes` to `name` (folders created); returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&p, bytes).unwrap();
        p
    }

    /// Every file and folder under the scene: relative path -> SHA-256 of
    /// its bytes (empty for a folder).
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        let mut stack = vec![self.root().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for e in fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                let rel = p.strip_prefix(self.root()).unwrap().to_path_buf();
                let meta = fs::symlink_metadata(&p).unwrap();
                if meta.is_dir() {
                    stack.push(p);
                    out.insert(rel, Vec::new());
                } else {
                    let mut h = Sha256::new();
                    h.update(fs::read(&p).unwrap_or_default());
                    out.insert(rel, h.finalize().to_vec());
                }
            }
        }
        out
    }

    /// Runs framescore in the scene's folder.
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Outcome {
        let mut cmd = match std::env::var_os("FRAMESCORE_BIN") {
            Some(bin) => std::process::Command::new(bin),
            None => std::process::Command::new(env!("CARGO_BIN_EXE_framescore")),
        };
        let out = cmd
            .args(args)
            .current_dir(self.root())
            .env("RUST_BACKTRACE", "0")
            .output()
            .unwrap();
        let outcome = Outcome {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert!(
            !outcome.stderr.contains("panicked"),
            "a panic: {}",
            outcome.stderr
        );
        assert!(outcome.code.is_some(), "killed by a signal: {outcome:?}");
        outcome
    }

    /// Runs a command that must be refused: exit `code`, `needle` in its
    /// message, and not one file in the scene added, changed or removed.
    pub fn refused<S: AsRef<OsStr>>(&self, args: &[S], code: i32, needle: &str) -> Outcome {
        let before = self.snapshot();
        let out = self.run(args);
        assert_eq!(out.code, Some(code), "{out:?}");
        assert!(
            out.stderr.contains(needle),
            "expected {needle:?} in: {}",
            out.stderr
        );
        assert_eq!(
            self.snapshot(),
            before,
            "a refused command touched the files"
        );
        out
    }

    /// Runs a command that must work without writing a file (its output
    /// on standard output): exit 0 and the scene unchanged.
    pub fn prints<S: AsRef<OsStr>>(&self, args: &[S]) -> Outcome {
        let before = self.snapshot();
        let out = self.run(args);
        assert_eq!(out.code, Some(0), "{out:?}");
        assert_eq!(
            self.snapshot(),
            before,
            "a printing command touched the files"
        );
        out
    }
}
