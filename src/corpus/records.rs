//! Splitting a CSV or TSV corpus table into records at memory speed, and
//! refusing what would be read wrong.
//!
//! The csv crate's parser steps a state machine over every byte, which made
//! it the slowest stage of reading a corpus (about 0.9 GB/s, on the thread
//! that feeds every worker). Nearly all of a news table's bytes sit in
//! quoted text cells, so [`Records`] jumps from quote to quote with `memchr`
//! and steps byte by byte only through the short unquoted cells. A record
//! comes out as the csv crate reads it (property-tested below: a quote
//! inside an unquoted cell is a character, a bare carriage return ends a
//! record), except where the csv crate would guess:
//!
//! - a quote left open at the end of the file is an error naming the line
//!   the record started on (the csv crate makes every later row the text
//!   of that one cell);
//! - text after a closing quote (`"x"y`) is an error; when the quoted cell
//!   spans lines it is fatal, as a quote is most likely missing and the
//!   record boundaries after it cannot be trusted;
//! - a record larger than its bound, or with more cells than
//!   [`crate::limits::CELLS_MAX`], is an error before it is held whole.
//!
//! Line numbers are counted here: a record's line is one plus the line
//! feeds before it, CRLF files included.

use memchr::memchr;
use std::io::{self, Read};

/// One record: the cells' bytes end to end, where each cell ends, and the
/// line the record starts on. A record made by [`Record::owning`] keeps one
/// cell in a buffer of its own, which [`Record::take_own`] hands over
/// without a copy (an article's text: most of a table's bytes).
#[derive(Debug, Default)]
pub struct Record {
    data: Vec<u8>,
    ends: Vec<usize>,
    own: Option<(usize, Vec<u8>)>,
    pub line: u64,
}

impl Record {
    /// A record that keeps cell `cell` (from 0) in a buffer of its own.
    pub fn owning(cell: usize) -> Record {
        Record {
            own: Some((cell, Vec::new())),
            ..Record::default()
        }
    }

    /// The cell kept in a buffer of its own, if any.
    pub fn own_cell(&self) -> Option<usize> {
        self.own.as_ref().map(|(cell, _)| *cell)
    }

    /// Its number of cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True before anything was read into it.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cells, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .enumerate()
            .map(|(k, (s, &e))| match &self.own {
                Some((own, bytes)) if *own == k => bytes,
                _ => &self.data[s..e],
            })
    }

    /// The own cell's bytes, leaving it empty; empty when the record has
    /// no such cell or it was taken.
    pub fn take_own(&mut self) -> Vec<u8> {
        self.own
            .as_mut()
            .map(|(_, bytes)| std::mem::take(bytes))
            .unwrap_or_default()
    }

    /// Empties the record for the next one.
    fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
        if let Some((_, bytes)) = &mut self.own {
            bytes.clear();
        }
    }
}

/// Why a record could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("{0}")]
    Io(#[from] io::Error),
    /// A quoted cell of the record starting on `line` is still open at the
    /// end of the file. Nothing after it can be read.
    #[error("a quote opened in the row starting on line {line} is never closed: every line after it would be read as one cell (close the quote, or double a quote inside a quoted cell: \"\")")]
    Unterminated { line: u64 },
    /// Text follows the closing quote of a cell (on line `at`) of the record
    /// starting on `line`. `spans_lines`: the quoted cell runs over several
    /// lines, so a quote is most likely missing and what follows cannot be
    /// trusted.
    #[error("{}", after_quote_message(*line, *at, *spans_lines))]
    AfterQuote {
        line: u64,
        at: u64,
        spans_lines: bool,
    },
    /// The record starting on `line` is longer than `max` bytes.
    #[error("the row starting on line {line} is longer than {}, the most one row may hold (a quote opened there may never close, or one cell is too large: split the article)", crate::limits::bytes(*max))]
    TooLarge { line: u64, max: u64 },
    /// The record starting on `line` has more than `max` cells.
    #[error(
        "the row starting on line {line} has more than {max} cells, the most one row may have"
    )]
    TooManyCells { line: u64, max: usize },
}

fn after_quote_message(line: u64, at: u64, spans_lines: bool) -> String {
    if spans_lines {
        format!(
            "the quoted cell opened in the row starting on line {line} closes on line {at} with text after the closing quote: a quote is probably missing on line {line} (every row in between would be read as one cell)"
        )
    } else {
        format!(
            "text after the closing quote of a cell on line {at}: quote the whole cell and double each quote inside it (\"a \"\"quoted\"\" word\")"
        )
    }
}

impl RecordError {
    /// The line of the row the error is about; `None` for a read error.
    pub fn line(&self) -> Option<u64> {
        match self {
            RecordError::Io(_) => None,
            RecordError::Unterminated { line }
            | RecordError::AfterQuote { line, .. }
            | RecordError::TooLarge { line, .. }
            | RecordError::TooManyCells { line, .. } => Some(*line),
        }
    }

    /// True when reading can go on with the next record (the problem is
    /// this record's alone).
    pub fn is_row(&self) -> bool {
        matches!(
            self,
            RecordError::AfterQuote {
                spans_lines: false,
                ..
            }
        )
    }
}

/// The records of a CSV (or, with a tab delimiter, TSV) stream.
pub struct Records<R> {
    input: R,
    delimiter: u8,
    /// Bytes read and not yet consumed: `buf[start..end]`.
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// Line of `buf[start]`.
    line: u64,
    /// Bytes to read at a time, at least.
    read_size: usize,
    /// The most bytes one record may take, terminator included.
    max_record: usize,
    /// The byte-order mark, if any, is skipped.
    opened: bool,
}

/// How the fast path fared on the record at the start of the buffer.
enum Fast {
    /// A record, `consumed` bytes long with its terminator; `after_quote`:
    /// where text last followed a closing quote (bytes from the record's
    /// start).
    Done {
        consumed: usize,
        after_quote: Option<usize>,
    },
    /// The buffer ends inside the record.
    NeedMore,
    /// The file ends inside a quoted cell (`after_quote` as for `Done`).
    Unterminated {
        after_quote: Option<usize>,
    },
    TooManyCells,
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Bytes read at a time, at least.
const READ: usize = 1 << 16;
/// A buffer grown past this many reads (for a long record) shrinks back
/// once the record is consumed.
const RELEASE_PAST: usize = 16;

impl<R: Read> Records<R> {
    /// Records of at most [`crate::limits::RECORD_BYTES_MAX`] bytes.
    pub fn new(input: R, delimiter: u8) -> Records<R> {
        Records::with_limit(input, delimiter, crate::limits::RECORD_BYTES_MAX)
    }

    /// Records of at most `max_record` bytes each (terminator included).
    pub fn with_limit(input: R, delimiter: u8, max_record: u64) -> Records<R> {
        Records {
            input,
            delimiter,
            buf: Vec::new(),
            start: 0,
            end: 0,
            eof: false,
            line: 1,
            read_size: READ,
            max_record: usize::try_from(max_record).unwrap_or(usize::MAX),
            opened: false,
        }
    }

    /// The line the unread input starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Reads the next record into `record`; false at the end of the input.
    /// After an error that is not [`RecordError::is_row`] nothing more can
    /// be read.
    pub fn read(&mut self, record: &mut Record) -> Result<bool, RecordError> {
        if !self.opened {
            // A byte-order mark opens the file, not its first cell (which
            // may be quoted).
            while self.end - self.start < BOM.len() && self.fill()? {}
            if self.buf[self.start..self.end].starts_with(BOM) {
                self.start += BOM.len();
            }
            self.opened = true;
        }
        loop {
            // Line breaks between records are skipped, as the csv crate does.
            let skip = self.buf[self.start..self.end]
                .iter()
                .position(|&b| b != b'\n' && b != b'\r');
            match skip {
                Some(n) => {
                    self.consume(n);
                    break;
                }
                None => {
                    self.consume(self.end - self.start);
                    if !self.fill()? {
                        return Ok(false);
                    }
                }
            }
        }
        record.line = self.line;
        let line = self.line;
        loop {
            match self.fast(record) {
                Fast::Done { consumed, .. } if consumed > self.max_record => {
                    return Err(self.too_large(line));
                }
                Fast::Done {
                    consumed,
                    after_quote,
                } => {
                    let Some(error) = self.after_quote(line, after_quote) else {
                        self.consume(consumed);
                        self.release();
                        return Ok(true);
                    };
                    if error.is_row() {
                        self.consume(consumed);
                        self.release();
                    }
                    return Err(error);
                }
                // The fast path asks for more only before the end.
                Fast::NeedMore if self.eof => return Err(RecordError::Unterminated { line }),
                Fast::NeedMore => {
                    if self.end - self.start > self.max_record {
                        return Err(self.too_large(line));
                    }
                    self.fill()?;
                }
                // A quote on a later line with text after it says where a
                // quote is missing better than the end of the file does.
                Fast::Unterminated { after_quote } => {
                    return Err(self
                        .after_quote(line, after_quote)
                        .filter(|e| !e.is_row())
                        .unwrap_or(RecordError::Unterminated { line }))
                }
                Fast::TooManyCells => {
                    return Err(RecordError::TooManyCells {
                        line,
                        max: crate::limits::CELLS_MAX,
                    })
                }
            }
        }
    }

    /// The error for text after a closing quote `at` bytes into the record
    /// starting on `line`, if any.
    fn after_quote(&self, line: u64, at: Option<usize>) -> Option<RecordError> {
        let at = at?;
        let lines = memchr::memchr_iter(b'\n', &self.buf[self.start..self.start + at]).count();
        let at = line + lines as u64;
        Some(RecordError::AfterQuote {
            line,
            at,
            spans_lines: at > line,
        })
    }

    fn too_large(&self, line: u64) -> RecordError {
        RecordError::TooLarge {
            line,
            max: self.max_record as u64,
        }
    }

    /// Drops `n` consumed bytes, counting their line feeds.
    fn consume(&mut self, n: usize) {
        let bytes = &self.buf[self.start..self.start + n];
        self.line += memchr::memchr_iter(b'\n', bytes).count() as u64;
        self.start += n;
    }

    /// Gives back the room a record far longer than a read took, once it
    /// is consumed: a 200 MB article would otherwise keep a 256 MB buffer
    /// to the end of the input, beside the articles read after it.
    fn release(&mut self) {
        let unread = self.end - self.start;
        if self.buf.len() > RELEASE_PAST * self.read_size && unread <= self.read_size {
            self.buf.copy_within(self.start..self.end, 0);
            self.start = 0;
            self.end = unread;
            self.buf.truncate(self.read_size);
            self.buf.shrink_to_fit();
        }
    }

    /// Reads more input, at least as much as is buffered (so re-scanning a
    /// long record from its start costs no more than reading it) but no
    /// more than a record may hold; false at the end of the input.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        let room = self.max_record.saturating_add(1).saturating_sub(self.end);
        let want = self.end.max(self.read_size).min(room).max(1);
        if self.buf.len() < self.end + want {
            self.buf.resize(self.end + want, 0);
        }
        // Reads of at least the input's buffer size go straight from the
        // file into `buf`, past the BufReader's own buffer.
        let mut got = 0;
        while got < want {
            match self
                .input
                .read(&mut self.buf[self.end..self.end + want - got])
            {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => {
                    self.end += n;
                    got += n;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(got > 0)
    }

    /// Splits the record at the start of the buffer: quoted cells by
    /// jumping between quotes, unquoted cells a byte at a time. At the end
    /// of the input it never asks for more.
    fn fast(&self, record: &mut Record) -> Fast {
        record.clear();
        let s = &self.buf[self.start..self.end];
        let d = self.delimiter;
        let ends_cell = |b: u8| b == d || b == b'\n' || b == b'\r';
        let mut after_quote = None;
        let mut i = 0;
        loop {
            if record.ends.len() >= crate::limits::CELLS_MAX {
                return Fast::TooManyCells;
            }
            // One cell from `i`, copied to `out`; `end` is where its
            // terminator is (`s.len()` at the end of the input).
            let (out, own) = match &mut record.own {
                Some((own, bytes)) if *own == record.ends.len() => (bytes, true),
                _ => (&mut record.data, false),
            };
            let mut rest = i;
            if s.get(i) == Some(&b'"') {
                i += 1;
                // The own cell is copied once, when the buffer holds it
                // whole, into room made for it at once: a fresh buffer, not
                // a grown one (growing copies what the buffer held).
                if own {
                    match closing_quote(&s[i..]) {
                        Some(n) if out.capacity() < n => *out = Vec::with_capacity(n),
                        Some(_) => {}
                        None if !self.eof => return Fast::NeedMore,
                        None => {}
                    }
                }
                loop {
                    let Some(q) = memchr(b'"', &s[i..]) else {
                        return if self.eof {
                            Fast::Unterminated { after_quote }
                        } else {
                            Fast::NeedMore
                        };
                    };
                    out.extend_from_slice(&s[i..i + q]);
                    i += q + 1;
                    if s.get(i) == Some(&b'"') {
                        out.push(b'"');
                        i += 1;
                        continue;
                    }
                    break;
                }
                match s.get(i) {
                    Some(&b) if ends_cell(b) => {
                        record.ends.push(record.data.len());
                        match self.end_of_cell(s, i) {
                            Some(Ok(next)) => {
                                i = next;
                                continue;
                            }
                            Some(Err(consumed)) => {
                                return Fast::Done {
                                    consumed,
                                    after_quote,
                                }
                            }
                            None => return Fast::NeedMore,
                        }
                    }
                    // Text after the closing quote: read on as the csv
                    // crate does (the rest of the cell as it is), to find
                    // where the record ends, and say so.
                    Some(_) => {
                        after_quote = Some(i);
                        rest = i;
                    }
                    None if self.eof => {
                        record.ends.push(record.data.len());
                        return Fast::Done {
                            consumed: i,
                            after_quote,
                        };
                    }
                    None => return Fast::NeedMore,
                }
            }
            // An unquoted cell (or the rest of a quoted one): a quote in it
            // is a character.
            let end = match s[rest..].iter().position(|&b| ends_cell(b)) {
                Some(n) => rest + n,
                None if self.eof => s.len(),
                None => return Fast::NeedMore,
            };
            out.extend_from_slice(&s[rest..end]);
            record.ends.push(record.data.len());
            match self.end_of_cell(s, end) {
                Some(Ok(next)) => i = next,
                Some(Err(consumed)) => {
                    return Fast::Done {
                        consumed,
                        after_quote,
                    }
                }
                None => return Fast::NeedMore,
            }
        }
    }

    /// What follows a cell ending at `end`: `Ok(next cell's start)` after a
    /// delimiter, `Err(bytes consumed)` at the end of the record, `None`
    /// when the buffer ends in a carriage return that a line feed may
    /// follow.
    fn end_of_cell(&self, s: &[u8], end: usize) -> Option<Result<usize, usize>> {
        match s.get(end) {
            Some(&b) if b == self.delimiter => Some(Ok(end + 1)),
            Some(b'\n') => Some(Err(end + 1)),
            // CRLF, or a bare CR (a record terminator for the csv crate too).
            Some(b'\r') => match s.get(end + 1) {
                Some(b'\n') => Some(Err(end + 2)),
                Some(_) => Some(Err(end + 1)),
                None if self.eof => Some(Err(end + 1)),
                None => None,
            },
            _ => Some(Err(end)),
        }
    }
}

/// Where the quoted cell whose text starts `s` closes (a quote not doubled),
/// if `s` shows it: an upper bound on the cell's length.
fn closing_quote(s: &[u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        i += memchr(b'"', &s[i..])?;
        match s.get(i + 1) {
            Some(b'"') => i += 2,
            Some(_) => return Some(i),
            None => return None,
        }
    }
}

#[cfg(test)]
#[path = "records_tests.rs"]
mod tests;
