//! Opening corpus files as byte streams: a `.gz` suffix means gzip,
//! decompressed as it is read (never whole into memory); the extension
//! under it names the format.

use super::CorpusError;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// The file name without a trailing `.gz`, lower-cased.
pub fn plain_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.strip_suffix(".gz")
        .map_or(name.clone(), str::to_string)
}

pub fn is_gzip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// `.tsv`, gzipped or not.
pub fn is_tsv(path: &Path) -> bool {
    plain_name(path).ends_with(".tsv")
}

/// A buffered reader over the file's (decompressed) bytes.
pub fn open(path: &Path) -> Result<Box<dyn BufRead + Send>, CorpusError> {
    let file = std::fs::File::open(path).map_err(|source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let inner: Box<dyn Read + Send> = if is_gzip(path) {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file)))
    } else {
        Box::new(file)
    };
    Ok(Box::new(BufReader::with_capacity(1 << 16, inner)))
}

/// The message for a read error part-way through a (possibly gzipped) file.
pub fn read_error(path: &Path, e: &std::io::Error) -> String {
    if is_gzip(path) {
        format!("cannot decompress: {e} (is it a complete gzip file? try `gzip -t`)")
    } else {
        format!("cannot read: {e}")
    }
}

/// Reads an article file (gzipped or not) as UTF-8, dropping a byte-order
/// mark; at most [`crate::limits::RECORD_BYTES_MAX`] bytes (decompressed).
pub fn read_text(path: &Path) -> Result<String, CorpusError> {
    let article_err = |message: String| CorpusError::Article {
        path: path.to_path_buf(),
        message,
    };
    let max = crate::limits::RECORD_BYTES_MAX;
    let mut bytes = crate::limits::read_bounded(open(path)?, max)
        .map_err(|e| article_err(read_error(path, &e)))?
        .ok_or_else(|| {
            article_err(format!(
                "larger than {}, the most one article file may hold{}",
                crate::limits::bytes(max),
                if is_gzip(path) {
                    " once decompressed"
                } else {
                    ""
                }
            ))
        })?;
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    bytes.drain(..bom);
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to() + bom;
        article_err(format!(
            "invalid UTF-8 at byte offset {offset}: convert the file to UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)"
        ))
    })
}
