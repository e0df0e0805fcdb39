//! The one interface every corpus format sits behind. A format is one file
//! in this folder that provides a [`Format`] (how to recognise its files and
//! open one) and a [`Source`] (an opened,
//! checked file that lists its parts and reads each part's articles in a
//! fixed order). Adding a format is that file plus one line in
//! `formats.rs`.
//!
//! Parts exist so that a corpus can be read piecewise: a Parquet file's row
//! groups, a sheet, a whole export file. Each part is read on its own, from
//! its start, and always yields the same articles in the same order, so a
//! later pass may hand parts to different workers or machines. This module
//! knows nothing of filters, `--group-by` or the error policy: those are
//! applied to every format alike in [`super::Corpus`].

use super::options::CorpusOptions;
use super::{Article, CorpusError, Extent};
use std::path::Path;

/// A part's articles, one at a time, in a fixed order; an error for an
/// article that cannot be read (the caller may skip it and go on) or for
/// the part as a whole (it ends the part).
pub type Articles<'a> = Box<dyn Iterator<Item = Result<Article, CorpusError>> + Send + 'a>;

/// One opened corpus file (or folder layout), checked as far as it can be
/// without reading its articles.
pub trait Source: Send + Sync + std::fmt::Debug {
    /// The file (or folder) read.
    fn path(&self) -> &Path;

    /// How many parts can be read independently; at least one.
    fn parts(&self) -> usize {
        1
    }

    /// A short name of part `part` for messages (`row group 3`); empty for
    /// a source of one part.
    fn part_name(&self, part: usize) -> String {
        let _ = part;
        String::new()
    }

    /// The articles of part `part` (from 0), in the same order every time.
    fn read(&self, part: usize) -> Articles<'_>;

    /// How much reading the whole source goes through, for a progress bar.
    fn extent(&self) -> Option<Extent> {
        file_extent(self.path())
    }
}

/// How a format is told apart and opened.
pub struct Format {
    /// The layout's name, as reported in `run.json` (`table`, `lexisnexis`).
    pub name: &'static str,
    /// True for a file this format reads: by its name (without `.gz`),
    /// looking at its first bytes where names are ambiguous (`.txt`,
    /// `.xml`, `.html`).
    pub recognises: fn(&Path) -> bool,
    /// Opens a file, checking its header or first record.
    pub open: fn(&Opening<'_>) -> Result<Box<dyn Source>, CorpusError>,
}

/// What opening one corpus file needs.
pub struct Opening<'a> {
    pub path: &'a Path,
    pub options: &'a CorpusOptions,
    /// Put before the ids a format makes up (`row12`, `doc3`) when the
    /// corpus has several files, so they stay unique: the file's name and
    /// a colon, else empty.
    pub id_prefix: String,
}

/// True when the file's name (without `.gz`) ends in one of `exts`.
pub fn has_extension(path: &Path, exts: &[&str]) -> bool {
    let name = super::stream::plain_name(path);
    exts.iter().any(|e| name.ends_with(e))
}

/// The first `n` bytes of a file (decompressed for `.gz`), or fewer.
pub fn head(path: &Path, n: usize) -> Vec<u8> {
    use std::io::Read;
    let mut buf = Vec::new();
    if let Ok(r) = super::stream::open(path) {
        let _ = r.take(n as u64).read_to_end(&mut buf);
    }
    buf
}

/// The size of an uncompressed file; `None` for gzip.
pub fn file_extent(path: &Path) -> Option<Extent> {
    if super::stream::is_gzip(path) {
        return None;
    }
    std::fs::metadata(path).ok().map(|m| Extent::Bytes(m.len()))
}

/// A part's articles when the part cannot be opened: the error alone.
pub fn failed<'a>(e: CorpusError) -> Articles<'a> {
    Box::new(std::iter::once(Err(e)))
}
