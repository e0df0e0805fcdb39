//! What the export formats (LexisNexis, Nexis Uni, Factiva) share: lines
//! decoded from UTF-8 or Windows-1252, whitespace tidied, line numbers
//! counted under a streaming parser, metadata keys named alike, and an
//! export document turned into an [`Article`].

use super::{Article, CorpusError};
use std::io::{self, BufRead};
use std::path::Path;

/// Decodes one line or value: UTF-8 (a byte-order mark dropped), else
/// Windows-1252, the encoding of older LexisNexis and Factiva exports (a
/// Windows-1252 text with any accent is almost never valid UTF-8).
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Runs of whitespace (no-break spaces included) as one space, trimmed.
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A metadata key as framescore names it: `LOAD-DATE`, `Load-Date` and
/// `Journal Code` become `load_date` and `journal_code`.
pub fn meta_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// A reader that counts the line feeds its consumer has gone past, so a
/// streaming parser's position can be named as a line.
pub struct LineCount<R> {
    inner: R,
    /// Line feeds consumed so far.
    pub newlines: u64,
}

impl<R> LineCount<R> {
    pub fn new(inner: R) -> LineCount<R> {
        LineCount { inner, newlines: 0 }
    }

    /// The line the consumer is on (from 1).
    pub fn line(&self) -> u64 {
        self.newlines + 1
    }
}

impl<R: BufRead> io::Read for LineCount<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(buf.len());
            buf[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for LineCount<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let n = amt.min(buf.len());
            self.newlines += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
        }
        self.inner.consume(amt);
    }
}

/// One document of an export, as read: what every export format fills in.
#[derive(Debug, Default)]
pub struct Document {
    pub id: String,
    pub outlet: String,
    pub date: String,
    pub title: String,
    pub url: String,
    /// Paragraphs of the body, in order.
    pub paragraphs: Vec<String>,
    pub meta: Vec<(String, String)>,
    /// Where it was read: `file:line`, or the file and document number.
    pub origin: String,
}

impl Document {
    /// Adds a metadata value, tidied; empty values are left out.
    pub fn add_meta(&mut self, key: &str, value: &str) {
        let value = squash(value);
        if !value.is_empty() {
            self.meta.push((meta_key(key), value));
        }
    }

    /// The article, or an error naming the document when it has no outlet
    /// or no text.
    pub fn into_article(self) -> Result<Article, CorpusError> {
        let at = |message: &str| CorpusError::At {
            origin: self.origin.clone(),
            message: message.to_string(),
        };
        let outlet = squash(&self.outlet);
        if outlet.is_empty() {
            return Err(at("no outlet (source name) in this document"));
        }
        let text = self
            .paragraphs
            .iter()
            .map(String::as_str)
            .filter(|p| !p.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        if text.trim().is_empty() {
            return Err(at("no text in this document"));
        }
        Ok(Article {
            id: self.id,
            outlet: outlet.clone(),
            source: outlet,
            date: squash(&self.date),
            title: squash(&self.title),
            url: self.url,
            meta: self.meta,
            text,
            origin: self.origin,
        })
    }
}

/// An error for a whole export file that cannot be read as its format.
pub fn invalid(path: &Path, message: impl Into<String>) -> CorpusError {
    CorpusError::Invalid {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_and_windows_1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFcaf\xC3\xA9"), "café");
        assert_eq!(decode(b"caf\xE9 \x93quoted\x94 \x80"), "café “quoted” €");
    }

    #[test]
    fn keys_and_spaces_are_tidied() {
        assert_eq!(meta_key("LOAD-DATE"), "load_date");
        assert_eq!(meta_key("Journal Code"), "journal_code");
        assert_eq!(squash("  a\u{a0}\n b\t"), "a b");
    }

    #[test]
    fn lines_are_counted_as_consumed() {
        let mut r = LineCount::new(&b"a\nb\nc"[..]);
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        assert_eq!(r.line(), 2);
        line.clear();
        r.read_line(&mut line).unwrap();
        r.read_line(&mut line).unwrap();
        assert_eq!(r.line(), 3);
    }
}
