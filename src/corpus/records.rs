//! Splitting a CSV or TSV corpus table into records at memory speed.
//!
//! The csv crate's parser steps a state machine over every byte, which made
//! it the slowest stage of reading a corpus (about 0.9 GB/s, on the thread
//! that feeds every worker). Nearly all of a news table's bytes sit in
//! quoted text cells, so [`Records`] jumps from quote to quote with `memchr`
//! and steps byte by byte only through the short unquoted cells. Anything
//! unusual in a record (a quote inside an unquoted cell, text after a
//! closing quote, a bare carriage return, a quote left open at the end of
//! the file) is handed to `csv_core`, the csv crate's own parser, so every
//! record comes out as the csv crate reads it (property-tested below).
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

    pub fn len(&self) -> usize {
        self.ends.len()
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
    /// The byte-order mark, if any, is skipped.
    opened: bool,
}

/// How the fast path fared on the record at the start of the buffer.
enum Fast {
    /// A record, `consumed` bytes long with its terminator.
    Done(usize),
    /// The buffer ends inside the record.
    NeedMore,
    /// Something only the csv crate's parser should judge.
    Unusual,
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Bytes read at a time, at least.
const READ: usize = 1 << 16;

impl<R: Read> Records<R> {
    pub fn new(input: R, delimiter: u8) -> Records<R> {
        Records {
            input,
            delimiter,
            buf: Vec::new(),
            start: 0,
            end: 0,
            eof: false,
            line: 1,
            read_size: READ,
            opened: false,
        }
    }

    /// The line the unread input starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Reads the next record into `record`; false at the end of the input.
    pub fn read(&mut self, record: &mut Record) -> io::Result<bool> {
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
        loop {
            match self.fast(record) {
                Fast::Done(n) => {
                    self.consume(n);
                    return Ok(true);
                }
                Fast::NeedMore if !self.eof => {
                    self.fill()?;
                }
                _ => return self.slow(record),
            }
        }
    }

    /// Drops `n` consumed bytes, counting their line feeds.
    fn consume(&mut self, n: usize) {
        let bytes = &self.buf[self.start..self.start + n];
        self.line += memchr::memchr_iter(b'\n', bytes).count() as u64;
        self.start += n;
    }

    /// Reads more input, at least as much as is buffered (so re-scanning a
    /// long record from its start costs no more than reading it); false at
    /// the end of the input.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        let want = self.end.max(self.read_size);
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
    /// jumping between quotes, unquoted cells a byte at a time.
    fn fast(&self, record: &mut Record) -> Fast {
        record.clear();
        let s = &self.buf[self.start..self.end];
        let at_end = |i: usize| if self.eof { Some(i) } else { None };
        let mut i = 0;
        loop {
            // One cell from `i`, copied to `out`; `end` is where its
            // terminator is.
            let (out, own) = match &mut record.own {
                Some((own, bytes)) if *own == record.ends.len() => (bytes, true),
                _ => (&mut record.data, false),
            };
            let end = if s.get(i) == Some(&b'"') {
                i += 1;
                // Room for the own cell at once: its buffer is new for
                // every record.
                if let Some(n) = own.then(|| closing_quote(&s[i..])).flatten() {
                    out.reserve(n);
                }
                loop {
                    let Some(q) = memchr(b'"', &s[i..]) else {
                        return if self.eof {
                            Fast::Unusual
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
                    Some(&b) if b == self.delimiter || b == b'\n' || b == b'\r' => i,
                    Some(_) => return Fast::Unusual,
                    None => match at_end(i) {
                        Some(i) => i,
                        None => return Fast::NeedMore,
                    },
                }
            } else {
                let cell = s[i..]
                    .iter()
                    .position(|&b| b == self.delimiter || b == b'\n' || b == b'\r' || b == b'"');
                match cell {
                    Some(n) if s[i + n] == b'"' => return Fast::Unusual,
                    Some(n) => {
                        out.extend_from_slice(&s[i..i + n]);
                        i + n
                    }
                    None => match at_end(s.len()) {
                        Some(end) => {
                            out.extend_from_slice(&s[i..]);
                            end
                        }
                        None => return Fast::NeedMore,
                    },
                }
            };
            record.ends.push(record.data.len());
            match s.get(end) {
                Some(&b) if b == self.delimiter => i = end + 1,
                Some(b'\n') => return Fast::Done(end + 1),
                Some(b'\r') => match s.get(end + 1) {
                    Some(b'\n') => return Fast::Done(end + 2),
                    Some(_) => return Fast::Unusual,
                    None if self.eof => return Fast::Unusual,
                    None => return Fast::NeedMore,
                },
                _ => return Fast::Done(end),
            }
        }
    }

    /// The record at the start of the buffer, read by the csv crate's own
    /// parser.
    fn slow(&mut self, record: &mut Record) -> io::Result<bool> {
        use csv_core::ReadRecordResult as R;
        let mut core = csv_core::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .build();
        record.clear();
        record.data.resize(self.end - self.start + 1, 0);
        record.ends.resize(16, 0);
        let (mut out, mut ends) = (0, 0);
        loop {
            // An empty input tells csv_core the file has ended.
            if self.start == self.end {
                self.fill()?;
            }
            let (result, nin, nout, nend) = core.read_record(
                &self.buf[self.start..self.end],
                &mut record.data[out..],
                &mut record.ends[ends..],
            );
            self.consume(nin);
            out += nout;
            ends += nend;
            match result {
                R::InputEmpty => {}
                R::OutputFull => record.data.resize(record.data.len() * 2 + 1, 0),
                R::OutputEndsFull => record.ends.resize(record.ends.len() * 2, 0),
                R::Record => {
                    record.data.truncate(out);
                    record.ends.truncate(ends);
                    if let Some((own, bytes)) = &mut record.own {
                        if let Some(&end) = record.ends.get(*own) {
                            let start = own.checked_sub(1).map_or(0, |k| record.ends[k]);
                            bytes.extend_from_slice(&record.data[start..end]);
                        }
                    }
                    return Ok(true);
                }
                R::End => return Ok(false),
            }
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
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every record as the csv crate reads it (any number of cells).
    fn by_csv(input: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        reader
            .byte_records()
            .map(|r| r.unwrap().iter().map(<[u8]>::to_vec).collect())
            .collect()
    }

    /// Every record and its line, as [`Records`] reads them, reading
    /// `chunk` bytes at a time (more for a record longer than what is
    /// buffered).
    fn by_records(input: &[u8], delimiter: u8, chunk: usize) -> Vec<(Vec<Vec<u8>>, u64)> {
        by_records_owning(input, delimiter, chunk, None)
    }

    /// [`by_records`] with cell `own` kept apart: the cell taken from the
    /// record is the cell `iter` gave.
    fn by_records_owning(
        input: &[u8],
        delimiter: u8,
        chunk: usize,
        own: Option<usize>,
    ) -> Vec<(Vec<Vec<u8>>, u64)> {
        let mut records = Records::new(input, delimiter);
        records.read_size = chunk;
        let mut record = own.map_or_else(Record::default, Record::owning);
        let mut out = Vec::new();
        while records.read(&mut record).unwrap() {
            let cells: Vec<Vec<u8>> = record.iter().map(<[u8]>::to_vec).collect();
            let taken = record.take_own();
            let want = own.and_then(|k| cells.get(k)).cloned().unwrap_or_default();
            assert_eq!(taken, want, "cell {own:?} of {cells:?}");
            out.push((cells, record.line));
        }
        out
    }

    fn cells(records: &[(Vec<Vec<u8>>, u64)]) -> Vec<Vec<Vec<u8>>> {
        records.iter().map(|(r, _)| r.clone()).collect()
    }

    #[test]
    fn quoted_cells_escapes_and_line_numbers() {
        let input = b"id,outlet,text\r\n1,A,\"rebels \"\"and\"\"\r\nterrorists\"\r\n\r\n2,B,plain\n3,C,\"\"";
        let got = by_records(input, b',', 7);
        assert_eq!(cells(&got), by_csv(input, b','));
        let lines: Vec<u64> = got.iter().map(|(_, l)| *l).collect();
        assert_eq!(lines, [1, 2, 5, 6]);
        assert_eq!(got[1].0[2], b"rebels \"and\"\r\nterrorists");
        assert_eq!(got[3].0[2], b"");
    }

    #[test]
    fn the_own_cell_is_handed_over_whole() {
        let input =
            b"id,text,date\n1,\"rebels \"\"and\"\" militants\",2016\n2,plain,x\n3,\"x\" y,z\n";
        for chunk in [1, 3, 64] {
            let got = by_records_owning(input, b',', chunk, Some(1));
            assert_eq!(cells(&got), by_csv(input, b','));
            assert_eq!(got[1].0[1], b"rebels \"and\" militants");
        }
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_cell() {
        let input = b"\xEF\xBB\xBF\"id\",outlet\n1,A\n";
        let got = by_records(input, b',', 2);
        assert_eq!(got[0].0, [b"id".to_vec(), b"outlet".to_vec()]);
        assert_eq!((got[1].1, got[1].0.len()), (2, 2));
    }

    #[test]
    fn unusual_records_are_read_as_the_csv_crate_reads_them() {
        for input in [
            &b"a,b\nx\"y,z\n1,2\n"[..],
            b"a,b\n\"x\"y,z\n1,2\n",
            b"a,b\rc,d\re,f",
            b"a,\"open quote\nto the end",
            b"a,b\n\"x\" ,y\n",
            b"a,b\r",
        ] {
            for chunk in [1, 2, 3, 64] {
                assert_eq!(
                    cells(&by_records(input, b',', chunk)),
                    by_csv(input, b','),
                    "{:?} in chunks of {chunk}",
                    String::from_utf8_lossy(input)
                );
            }
        }
    }

    #[test]
    fn a_long_record_is_read_in_linear_time() {
        // 4 MB in one cell, offered 16 bytes at a time: re-scanning from the
        // record's start after every read would take minutes.
        let text = "word \"\"quoted\"\" ".repeat(250_000);
        let input = format!("outlet,text\nA,\"{text}\"\n");
        let got = by_records(input.as_bytes(), b',', 16);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].0[1].len(), text.len() - 2 * 250_000);
    }

    /// Inputs made of the bytes that matter to CSV, so every quoting case
    /// comes up often.
    fn csvish() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just(b"\"".to_vec()),
            Just(b"\"\"".to_vec()),
            Just(b",".to_vec()),
            Just(b"\t".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\r".to_vec()),
            Just(b" ".to_vec()),
            Just("é".as_bytes().to_vec()),
            "[a-z]{1,6}".prop_map(String::into_bytes),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn records_equal_the_csv_crate(
            input in csvish(),
            chunk in 1usize..9,
            tab in any::<bool>(),
            own in proptest::option::of(0usize..4),
        ) {
            let delimiter = if tab { b'\t' } else { b',' };
            let got = by_records_owning(&input, delimiter, chunk, own);
            prop_assert_eq!(cells(&got), by_csv(&input, delimiter));
        }

        #[test]
        fn a_record_starts_on_the_line_after_the_line_feeds_before_it(
            rows in proptest::collection::vec(
                (proptest::collection::vec("[a-z\"\n, ]{0,8}", 1..4), 0usize..3, any::<bool>()),
                1..12,
            ),
        ) {
            // Rows written by the csv crate (quoted where needed), each
            // after some blank lines and ended by LF or CRLF.
            let mut input = Vec::new();
            let mut want = Vec::new();
            for (cells, blank, crlf) in &rows {
                let end: &[u8] = if *crlf { b"\r\n" } else { b"\n" };
                for _ in 0..*blank {
                    input.extend_from_slice(end);
                }
                want.push(1 + input.iter().filter(|&&b| b == b'\n').count() as u64);
                let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(vec![]);
                writer.write_record(cells).unwrap();
                let mut line = writer.into_inner().unwrap();
                line.pop();
                input.extend_from_slice(&line);
                input.extend_from_slice(end);
            }
            let got: Vec<u64> = by_records(&input, b',', 4).iter().map(|(_, l)| *l).collect();
            prop_assert_eq!(got, want);
        }
    }
}
