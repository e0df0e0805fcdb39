//! The CSV/TSV record splitter with its bounds, on arbitrary bytes. The
//! first byte picks the delimiter and the row bound (16 to 4,096 bytes, so
//! the bound is met often); the rest is the table. Checks: no panic; no
//! record past the bound; reading stops after an error that is not the
//! row's alone; and, when nothing was refused, every record is the one the
//! csv crate reads.
#![no_main]
use framescore::corpus::records::{Record, Records};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&head, input)) = data.split_first() else {
        return;
    };
    let delimiter = if head & 1 == 0 { b',' } else { b'\t' };
    let max = 16u64 << (head >> 1 & 0x7);
    let mut records = Records::with_limit(input, delimiter, max);
    let mut record = Record::owning(usize::from(head >> 4 & 3));
    let (mut got, mut refused) = (Vec::new(), false);
    loop {
        match records.read(&mut record) {
            Ok(true) => {
                let cells: Vec<Vec<u8>> = record.iter().map(<[u8]>::to_vec).collect();
                let size: usize = cells.iter().map(Vec::len).sum();
                assert!(size as u64 <= max, "{size} bytes past the bound {max}");
                let _ = record.take_own();
                got.push(cells);
            }
            Ok(false) => break,
            Err(e) => {
                refused = true;
                assert!(e.line().is_some_and(|l| l >= 1), "{e}");
                if !e.is_row() {
                    // Nothing more is read after a fatal error.
                    let mut again = Record::default();
                    assert!(!matches!(records.read(&mut again), Ok(true)) || e.is_row());
                    break;
                }
            }
        }
    }
    if !refused {
        let want: Vec<Vec<Vec<u8>>> = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(input)
            .byte_records()
            .map(|r| r.map(|r| r.iter().map(<[u8]>::to_vec).collect()))
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        assert_eq!(got, want);
    }
});
