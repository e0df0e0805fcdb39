//! A report folder is built in a hidden staging folder beside its
//! destination (`.<name>.partial-<pid>`) and swapped into place only when
//! complete: a failed run never leaves a half-written report, and Ctrl-C or
//! SIGTERM ([`abandon_staging`]) removes the staging folder and keeps the
//! previous report. A run that dies harder (`kill -9`, out of memory)
//! leaves at most its staging folder: the next run in the same place
//! removes it, and puts back a report that was half swapped. An existing
//! folder is replaced only when framescore wrote it ([`super::place`]) or
//! with `--force`.

use super::place::{self, MARKER};
use super::{io_err, OutputError};
use std::path::{Path, PathBuf};

/// Refuses to replace a folder framescore did not write.
pub fn check_replaceable(out: &Path, force: bool) -> Result<(), OutputError> {
    place::check(out, place::Kind::Folder, &[], force)
}

/// The prefix of the staging folders of `out` (`.<name>.partial-`).
fn staging_prefix(out: &Path) -> String {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    format!(".{name}.partial-")
}

/// Where [`Staging::commit`] moves the previous report while it swaps the
/// new one in: `<staging>.old`, which [`dead_run`] recognises.
fn aside(staging: &Path) -> PathBuf {
    let mut name = staging.as_os_str().to_os_string();
    name.push(".old");
    PathBuf::from(name)
}

/// The run a folder `name` beside the report was left by: its PID, and
/// whether it is a previous report moved [`aside`] (`None`: not a staging
/// folder of this report).
fn dead_run(prefix: &str, name: &str) -> Option<(u32, bool)> {
    let rest = name.strip_prefix(prefix)?;
    let (pid, old) = match rest.strip_suffix(".old") {
        Some(pid) => (pid, true),
        None => (rest, false),
    };
    Some((pid.parse().ok()?, old))
}

/// True unless the process is known to have ended (Linux: no `/proc/PID`).
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Removes the staging folders that runs which died left beside `out`,
/// and puts back a previous report that one of them had moved aside but
/// not replaced. Only folders holding framescore's marker are touched.
fn clean_up_after_dead_runs(parent: &Path, out: &Path) {
    let prefix = staging_prefix(out);
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((pid, old)) = dead_run(&prefix, &name) else {
            continue;
        };
        let path = entry.path();
        if alive(pid) || !place::is_ours(&path) {
            continue;
        }
        if old && !out.exists() {
            // The run had moved the previous report aside and died before
            // putting its own in place: the previous report comes back.
            let _ = std::fs::rename(&path, out);
        } else {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// The staging folders of the runs in progress. An interrupt
/// ([`abandon_staging`]) and a commit take this lock, so an interrupt
/// either removes a staging folder before its commit or waits until the
/// commit has swapped the folders.
static IN_PROGRESS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn in_progress() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    IN_PROGRESS.lock().unwrap_or_else(|e| e.into_inner())
}

/// For a Ctrl-C or SIGTERM handler that then exits the process: removes the
/// staging folder of every report in progress and keeps any of them from
/// being committed, so the previous report stays as it was and nothing
/// half-written is left behind.
pub fn abandon_staging() {
    let mut staging = in_progress();
    for path in staging.drain(..) {
        // The run may still be writing into it: retry a few times.
        for _ in 0..50 {
            if std::fs::remove_dir_all(&path).is_ok() || !path.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
    // Held until the process exits: no commit can start.
    std::mem::forget(staging);
}

/// A hidden folder beside the destination, removed unless committed.
pub struct Staging {
    path: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates the staging folder for `out` (and `out`'s parent).
    pub fn create(out: &Path) -> Result<Staging, OutputError> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        clean_up_after_dead_runs(&parent, out);
        let path = parent.join(format!("{}{}", staging_prefix(out), std::process::id()));
        if path.exists() {
            std::fs::remove_dir_all(&path).map_err(io_err(&path))?;
        }
        in_progress().push(path.clone());
        let staging = Staging {
            path,
            committed: false,
        };
        std::fs::create_dir_all(&staging.path).map_err(io_err(&staging.path))?;
        let marker = staging.path.join(MARKER);
        std::fs::write(
            &marker,
            concat!("framescore ", env!("CARGO_PKG_VERSION"), "\n"),
        )
        .map_err(io_err(&marker))?;
        Ok(staging)
    }

    /// Where the report is being written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Moves the finished report into place, then removes the old one.
    pub fn commit(mut self, out: &Path, force: bool) -> Result<(), OutputError> {
        let mut running = in_progress();
        let Some(i) = running.iter().position(|p| p == &self.path) else {
            return Err(OutputError::Interrupted {
                path: out.to_path_buf(),
            });
        };
        check_replaceable(out, force)?;
        let old = aside(&self.path);
        if out.exists() {
            std::fs::rename(out, &old).map_err(io_err(out))?;
        }
        if let Err(e) = std::fs::rename(&self.path, out) {
            if old.exists() {
                let _ = std::fs::rename(&old, out);
            }
            return Err(io_err(out)(e));
        }
        self.committed = true;
        running.swap_remove(i);
        drop(running);
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(io_err(&old))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            in_progress().retain(|p| p != &self.path);
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_moved_aside_is_found_by_the_next_run() {
        // `reports/syria` is staged in `reports/.syria.partial-<pid>`; the
        // previous report waits beside it under a name the clean-up of a
        // dead run knows (not `.syria.old`, which it would never find).
        let out = Path::new("reports/syria");
        let staging = Path::new("reports/.syria.partial-4194001");
        let moved = aside(staging);
        assert_eq!(moved, Path::new("reports/.syria.partial-4194001.old"));
        let name = moved.file_name().unwrap().to_string_lossy();
        assert_eq!(dead_run(&staging_prefix(out), &name), Some((4194001, true)));
        let staged = staging.file_name().unwrap().to_string_lossy();
        assert_eq!(
            dead_run(&staging_prefix(out), &staged),
            Some((4194001, false))
        );
        assert_eq!(dead_run(&staging_prefix(out), ".syria.partial-notes"), None);
        assert_eq!(dead_run(&staging_prefix(out), ".syria.old"), None);
    }
}
