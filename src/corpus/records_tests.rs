//! Tests of [`super::Records`]: records equal the csv crate's wherever the
//! quoting is sound, and every unsound quoting is an error at its line.

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

/// What [`Records`] read: each record's cells and line, and the errors in
/// order (reading goes on after an error the reader may skip).
#[derive(Debug, Default)]
struct Read {
    records: Vec<(Vec<Vec<u8>>, u64)>,
    errors: Vec<RecordError>,
}

impl Read {
    fn cells(&self) -> Vec<Vec<Vec<u8>>> {
        self.records.iter().map(|(r, _)| r.clone()).collect()
    }

    fn kinds(&self) -> Vec<&'static str> {
        self.errors.iter().map(kind).collect()
    }
}

fn kind(e: &RecordError) -> &'static str {
    match e {
        RecordError::Io(_) => "io",
        RecordError::Unterminated { .. } => "unterminated",
        RecordError::AfterQuote {
            spans_lines: true, ..
        } => "after_quote_fatal",
        RecordError::AfterQuote { .. } => "after_quote",
        RecordError::TooLarge { .. } => "too_large",
        RecordError::TooManyCells { .. } => "too_many_cells",
    }
}

/// Every record, reading `chunk` bytes at a time (more for a record
/// longer than what is buffered), with cell `own` kept apart: the cell
/// taken from the record is the cell `iter` gave.
fn read_all(input: &[u8], delimiter: u8, chunk: usize, own: Option<usize>, max: u64) -> Read {
    let mut records = Records::with_limit(input, delimiter, max);
    records.read_size = chunk;
    let mut record = own.map_or_else(Record::default, Record::owning);
    let mut out = Read::default();
    loop {
        match records.read(&mut record) {
            Ok(true) => {
                let cells: Vec<Vec<u8>> = record.iter().map(<[u8]>::to_vec).collect();
                let taken = record.take_own();
                let want = own.and_then(|k| cells.get(k)).cloned().unwrap_or_default();
                assert_eq!(taken, want, "cell {own:?} of {cells:?}");
                out.records.push((cells, record.line));
            }
            Ok(false) => return out,
            Err(e) => {
                let go_on = e.is_row();
                out.errors.push(e);
                if !go_on {
                    return out;
                }
            }
        }
    }
}

fn by_records(input: &[u8], delimiter: u8, chunk: usize) -> Read {
    read_all(input, delimiter, chunk, None, u64::MAX)
}

/// The quoting problems of `input`, found by stepping a state machine one
/// byte at a time (not by the reader's jumps between quotes): one per
/// record with text after a closing quote (fatal when it follows a quote on
/// a later line than the record's first), and a quote still open at the
/// end (the record's only problem unless a fatal one came first). Stops
/// at the first fatal one.
fn quoting_problems(input: &[u8], d: u8) -> Vec<&'static str> {
    #[derive(PartialEq, Clone, Copy)]
    enum S {
        RecordStart,
        FieldStart,
        Unquoted,
        Quoted,
        QuoteSeen,
    }
    let (mut s, mut out) = (S::RecordStart, Vec::new());
    let (mut line, mut record_line, mut pending) = (0u64, 0u64, None);
    for &b in input {
        let ends_record = b == b'\n' || b == b'\r';
        if s == S::RecordStart && !ends_record {
            record_line = line;
            s = S::FieldStart;
        }
        s = match (s, b) {
            (S::RecordStart, _) => S::RecordStart,
            (S::FieldStart, b'"') => S::Quoted,
            (S::Quoted, b'"') => S::QuoteSeen,
            (S::Quoted, _) => S::Quoted,
            (S::QuoteSeen, b'"') => S::Quoted,
            (_, b) if b == d => S::FieldStart,
            (_, _) if ends_record => {
                out.extend(pending.take());
                S::RecordStart
            }
            (S::QuoteSeen, _) => {
                if line > record_line {
                    out.push("after_quote_fatal");
                    return out;
                }
                pending = Some("after_quote");
                S::Unquoted
            }
            (_, _) => S::Unquoted,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    if s == S::Quoted {
        out.push("unterminated");
    } else {
        out.extend(pending);
    }
    out
}

#[test]
fn quoted_cells_escapes_and_line_numbers() {
    let input =
        b"id,outlet,text\r\n1,A,\"rebels \"\"and\"\"\r\nterrorists\"\r\n\r\n2,B,plain\n3,C,\"\"";
    let got = by_records(input, b',', 7);
    assert_eq!(got.cells(), by_csv(input, b','));
    let lines: Vec<u64> = got.records.iter().map(|(_, l)| *l).collect();
    assert_eq!(lines, [1, 2, 5, 6]);
    assert_eq!(got.records[1].0[2], b"rebels \"and\"\r\nterrorists");
    assert_eq!(got.records[3].0[2], b"");
}

#[test]
fn the_own_cell_is_handed_over_whole() {
    let input = b"id,text,date\n1,\"rebels \"\"and\"\" militants\",2016\n2,plain,x\n3,x \"y\",z\n";
    for chunk in [1, 3, 64] {
        let got = read_all(input, b',', chunk, Some(1), u64::MAX);
        assert_eq!(got.cells(), by_csv(input, b','));
        assert_eq!(got.records[1].0[1], b"rebels \"and\" militants");
    }
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_first_cell() {
    let input = b"\xEF\xBB\xBF\"id\",outlet\n1,A\n";
    let got = by_records(input, b',', 2);
    assert_eq!(got.records[0].0, [b"id".to_vec(), b"outlet".to_vec()]);
    assert_eq!((got.records[1].1, got.records[1].0.len()), (2, 2));
}

#[test]
fn quotes_inside_unquoted_cells_and_bare_carriage_returns_read_as_the_csv_crate_reads_them() {
    for input in [
        &b"a,b\nx\"y,z\n1,2\n"[..],
        b"a,b\rc,d\re,f",
        b"a,b\r",
        b"a,b\r\r\nc\"\",\"d\"\r",
    ] {
        for chunk in [1, 2, 3, 64] {
            let got = by_records(input, b',', chunk);
            assert!(got.errors.is_empty(), "{:?}", got.errors);
            assert_eq!(got.cells(), by_csv(input, b','));
        }
    }
}

#[test]
fn a_quote_left_open_is_an_error_at_the_line_its_row_starts() {
    // The csv crate reads this as two records, the second holding every
    // later line in its last cell.
    let input = b"id,outlet,text\n1,A,\"rebels are\n2,B,terrorists\n3,C,regime\n";
    assert_eq!(by_csv(input, b',').len(), 2);
    for chunk in [1, 5, 64] {
        let got = by_records(input, b',', chunk);
        assert_eq!(got.records.len(), 1);
        assert!(
            matches!(got.errors[..], [RecordError::Unterminated { line: 2 }]),
            "{:?}",
            got.errors
        );
    }
    let message = RecordError::Unterminated { line: 2 }.to_string();
    assert!(message.starts_with("a quote opened in the row starting on line 2 is never closed"));
}

#[test]
fn text_after_a_closing_quote_is_an_error_for_its_row() {
    let input = b"a,b\n\"x\"y,z\n\"x\" ,y\n1,2\n";
    let got = by_records(input, b',', 3);
    assert_eq!(got.kinds(), ["after_quote", "after_quote"]);
    assert_eq!(
        got.cells(),
        [
            vec![b"a".to_vec(), b"b".to_vec()],
            vec![b"1".to_vec(), b"2".to_vec()]
        ]
    );
    assert!(got.errors[1].to_string().contains("on line 3"));
}

#[test]
fn a_missing_quote_closed_by_a_later_one_stops_the_reading() {
    // Row 2's quote is closed by row 4's opening quote: the csv crate reads
    // rows 2 to 4 as one article without a word.
    let input = b"id,outlet,text\n1,A,\"rebels\n2,B,terrorists\n3,C,\"the regime\"\n4,D,x\n";
    assert_eq!(by_csv(input, b',')[1].len(), 3);
    let got = by_records(input, b',', 4);
    assert_eq!(got.records.len(), 1);
    match &got.errors[..] {
        [e @ RecordError::AfterQuote {
            line: 2,
            at: 4,
            spans_lines: true,
        }] => {
            assert!(!e.is_row());
            assert!(
                e.to_string()
                    .contains("a quote is probably missing on line 2"),
                "{e}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_row_past_its_bound_is_refused_before_it_is_held_whole() {
    let input = b"a,b\n1,\"0123456789012345678901234567890123456789\"\n2,x\n";
    let got = read_all(input, b',', 2, Some(1), 20);
    assert_eq!(got.records.len(), 1);
    assert!(matches!(
        got.errors[..],
        [RecordError::TooLarge { line: 2, max: 20 }]
    ));
    // An endless quoted cell: the reader stops at the bound, not at the
    // end of the input.
    let endless = std::io::Read::chain(&b"a,\""[..], std::io::repeat(b'x'));
    let mut records = Records::with_limit(endless, b',', 1 << 20);
    let mut record = Record::default();
    assert!(matches!(
        records.read(&mut record),
        Err(RecordError::TooLarge { line: 1, .. })
    ));
    assert!(
        records.buf.len() <= (1 << 20) + 1 + READ,
        "{}",
        records.buf.len()
    );
}

#[test]
fn a_row_with_too_many_cells_is_refused() {
    let input = ",".repeat(crate::limits::CELLS_MAX + 5);
    let got = by_records(input.as_bytes(), b',', 64);
    assert_eq!(got.kinds(), ["too_many_cells"]);
}

#[test]
fn a_long_record_is_read_in_linear_time() {
    // 4 MB in one cell, offered 16 bytes at a time: re-scanning from the
    // record's start after every read would take minutes.
    let text = "word \"\"quoted\"\" ".repeat(250_000);
    let input = format!("outlet,text\nA,\"{text}\"\n");
    let got = by_records(input.as_bytes(), b',', 16);
    assert_eq!(got.records.len(), 2);
    assert_eq!(got.records[1].0[1].len(), text.len() - 2 * 250_000);
}

#[test]
fn the_room_a_long_record_took_is_given_back() {
    let text = "long ".repeat(200_000);
    let input = format!("outlet,text\nA,\"{text}\"\nB,short\nC,\"quoted\"\n");
    let mut records = Records::new(input.as_bytes(), b',');
    records.read_size = 1024;
    let mut record = Record::owning(1);
    let mut cells = Vec::new();
    while records.read(&mut record).unwrap() {
        let first = record.iter().next().unwrap_or_default().to_vec();
        cells.push((first, record.take_own().len()));
        // The buffer grew to hold A's million bytes, and shrank back.
        assert!(records.buf.capacity() <= 1024, "{}", records.buf.capacity());
    }
    let cells: Vec<(&[u8], usize)> = cells.iter().map(|(f, n)| (&f[..], *n)).collect();
    assert_eq!(
        cells,
        [
            (&b"outlet"[..], 4),
            (b"A", text.len()),
            (b"B", 5),
            (b"C", 6)
        ]
    );
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
    fn records_equal_the_csv_crate_where_the_quoting_is_sound(
        input in csvish(),
        chunk in 1usize..9,
        tab in any::<bool>(),
        own in proptest::option::of(0usize..4),
    ) {
        let delimiter = if tab { b'\t' } else { b',' };
        let got = read_all(&input, delimiter, chunk, own, u64::MAX);
        let problems = quoting_problems(&input, delimiter);
        prop_assert_eq!(got.kinds(), problems.clone());
        if problems.is_empty() {
            prop_assert_eq!(got.cells(), by_csv(&input, delimiter));
        }
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
        let got = by_records(&input, b',', 4);
        prop_assert!(got.errors.is_empty());
        let lines: Vec<u64> = got.records.iter().map(|(_, l)| *l).collect();
        prop_assert_eq!(lines, want);
    }
}
