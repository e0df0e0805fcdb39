//! The formula guard: CSV output that a spreadsheet cannot turn into a
//! formula (OWASP CSV injection). Every CSV framescore writes goes through
//! [`SafeWriter`], so a new table cannot forget the guard: a field starting with `=`, `+`, `-`,
//! `@`, tab or carriage return gets a `'` in front, unless the whole field
//! is a plain number (`-0.25`, `1e-5`), which spreadsheets read as a number.
//! The `'` is the escape Excel and LibreOffice themselves use for "text":
//! strip one leading `'` to get the value back.

use std::io::Write;

/// A plain decimal number as [`super::num`] writes it: `-12`, `0.5`,
/// `-1.5e-7` (`mark` is the decimal mark: `.`, or `,` in the `excel-eu`
/// dialect). Spreadsheets read these as numbers, never as formulas.
fn is_plain_number(s: &[u8], mark: u8) -> bool {
    let s = s.strip_prefix(b"-").unwrap_or(s);
    let (mantissa, exponent) = match s.iter().position(|&b| b == b'e' || b == b'E') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = mantissa.iter().filter(|b| b.is_ascii_digit()).count();
    let dots = mantissa.iter().filter(|&&b| b == mark).count();
    let mantissa_ok = digits > 0 && dots <= 1 && digits + dots == mantissa.len();
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e
            .strip_prefix(b"-")
            .or_else(|| e.strip_prefix(b"+"))
            .unwrap_or(e);
        !e.is_empty() && e.iter().all(u8::is_ascii_digit)
    });
    mantissa_ok && exponent_ok
}

/// Characters a spreadsheet may read as the start of a formula: `=`, `+`,
/// `-`, `@` and their full-width and small Unicode look-alikes (which
/// some spreadsheets fold to ASCII on input), the minus sign, and tab and
/// carriage return (OWASP CSV injection).
fn starts_formula(c: char) -> bool {
    matches!(
        c,
        '=' | '+'
            | '-'
            | '@'
            | '\t'
            | '\r'
            | '\u{FF1D}' // FULLWIDTH EQUALS SIGN
            | '\u{FE66}' // SMALL EQUALS SIGN
            | '\u{FF0B}' // FULLWIDTH PLUS SIGN
            | '\u{FE62}' // SMALL PLUS SIGN
            | '\u{FF0D}' // FULLWIDTH HYPHEN-MINUS
            | '\u{FE63}' // SMALL HYPHEN-MINUS
            | '\u{2212}' // MINUS SIGN
            | '\u{FF20}' // FULLWIDTH COMMERCIAL AT
            | '\u{FE6B}' // SMALL COMMERCIAL AT
    )
}

/// The field as it goes into a CSV: guarded when it could start a formula,
/// also after leading white space (spreadsheets may trim it), unless the
/// whole field is a plain number.
pub fn guard(field: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    guard_with(field, b'.')
}

/// [`guard`] where numbers are written with the decimal mark `mark`.
pub fn guard_with(field: &[u8], mark: u8) -> std::borrow::Cow<'_, [u8]> {
    // Fast path: most cells start with a letter or digit.
    match field.first() {
        None => return field.into(),
        Some(b) if b.is_ascii_alphanumeric() || *b == b'\'' => return field.into(),
        _ => {}
    }
    if would_start_formula(&String::from_utf8_lossy(field)) && !is_plain_number(field, mark) {
        let mut out = Vec::with_capacity(field.len() + 1);
        out.push(b'\'');
        out.extend_from_slice(field);
        out.into()
    } else {
        field.into()
    }
}

/// Whether a spreadsheet may read `text` as a formula: its first character
/// after leading white space starts one.
fn would_start_formula(text: &str) -> bool {
    text.trim_start_matches([' ', '\n', '\u{a0}', '\u{3000}'])
        .chars()
        .next()
        .is_some_and(starts_formula)
}

/// The field with one guard `'` taken off: the value [`guard`] was given
/// (a field of a standard-dialect CSV). A field that is `'` followed by
/// what [`guard`] guards (a formula character or look-alike, also after
/// leading white space; not a plain number) loses its `'`; any other is as
/// it was.
pub fn unguard(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if guard(rest.as_bytes()).len() != rest.len() => rest,
        _ => field,
    }
}

/// The `csv` crate's own buffer size, its default.
const CSV_BUFFER: usize = 8 << 10;

/// A `csv::Writer` that guards every field with [`guard`].
pub struct SafeWriter<W: Write> {
    inner: csv::Writer<W>,
    /// The decimal mark of the numbers it writes.
    mark: u8,
}

impl<W: Write> SafeWriter<W> {
    pub fn from_writer(w: W) -> SafeWriter<W> {
        SafeWriter {
            inner: csv::Writer::from_writer(w),
            mark: b'.',
        }
    }

    /// A writer whose rows are appended after a header written elsewhere.
    pub fn from_writer_headless(w: W) -> SafeWriter<W> {
        Self::headless_with(w, b',', b'.')
    }

    /// A headless writer with this field separator and decimal mark.
    pub fn headless_with(w: W, separator: u8, mark: u8) -> SafeWriter<W> {
        Self::headless_buffered(w, separator, mark, CSV_BUFFER)
    }

    /// [`SafeWriter::headless_with`] whose CSV writer buffers `capacity`
    /// bytes before writing to `w` (the same bytes come out whatever the
    /// capacity).
    pub fn headless_buffered(w: W, separator: u8, mark: u8, capacity: usize) -> SafeWriter<W> {
        SafeWriter {
            inner: csv::WriterBuilder::new()
                .has_headers(false)
                .delimiter(separator)
                .buffer_capacity(capacity)
                .from_writer(w),
            mark,
        }
    }

    /// Writes one record, every field guarded.
    pub fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        for field in record {
            self.inner
                .write_field(guard_with(field.as_ref(), self.mark))?;
        }
        self.inner.write_record(None::<&[u8]>)
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(self) -> std::io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(fields: &[&str]) -> String {
        let mut w = SafeWriter::from_writer(Vec::new());
        w.write_record(fields).unwrap();
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    #[test]
    fn formulas_are_guarded_numbers_are_not() {
        assert_eq!(
            line(&["=1+1", "+A1", "-2+3", "@SUM(A1)", "\tx", "\rx"]),
            "'=1+1,'+A1,'-2+3,'@SUM(A1),'\tx,\"'\rx\"\n"
        );
        assert_eq!(
            line(&["-0.25", "-3", "1e-5", "-1.5E+7", "0"]),
            "-0.25,-3,1e-5,-1.5E+7,0\n"
        );
        assert_eq!(
            line(&["-", "-.", "-e5", "-1e", "--1"]),
            "'-,'-.,'-e5,'-1e,'--1\n"
        );
        assert_eq!(line(&["Press TV", "'=x", ""]), "Press TV,'=x,\n");
    }

    #[test]
    fn unguard_gives_back_what_guard_was_given() {
        for s in [
            "=1+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "-0.25",
            "Press TV",
            "'x",
            "",
            " =1+1",
            "\u{FF1D}1+1",
            "\u{2212}2",
        ] {
            let guarded = String::from_utf8(guard(s.as_bytes()).into_owned()).unwrap();
            assert_eq!(unguard(&guarded), s);
        }
        // A text that begins with `'` and a number was never guarded.
        assert_eq!(unguard("'-0.25"), "'-0.25");
    }

    #[test]
    fn look_alikes_and_leading_space_are_guarded() {
        for cell in [
            "\u{FF1D}1+1",
            "\u{FE66}1+1",
            "\u{FF0B}A1",
            "\u{FF0D}2",
            "\u{2212}2+3",
            "\u{FF20}SUM(A1)",
            " =1+1",
            "  @x",
            "\n=1",
            "\u{a0}=1",
        ] {
            let guarded = guard(cell.as_bytes());
            assert_eq!(guarded.first(), Some(&b'\''), "{cell:?}");
        }
        for cell in [
            "Press TV",
            "-0.25",
            "12",
            "",
            " plain",
            "a=b",
            "\u{627}\u{644}\u{62B}\u{648}\u{627}\u{631}",
        ] {
            assert_eq!(guard(cell.as_bytes()).as_ref(), cell.as_bytes(), "{cell:?}");
        }
    }

    #[test]
    fn a_decimal_comma_number_is_a_number_only_in_that_dialect() {
        assert_eq!(guard_with(b"-0,25", b',').as_ref(), b"-0,25");
        assert_eq!(guard_with(b"-1,5e-7", b',').as_ref(), b"-1,5e-7");
        assert_eq!(guard_with(b"-0.25", b',').as_ref(), b"'-0.25");
        assert_eq!(guard(b"-0,25").as_ref(), b"'-0,25");
    }

    #[test]
    fn guard_is_idempotent() {
        let once = guard(b"=cmd|' /C calc'!A0").into_owned();
        assert_eq!(once, b"'=cmd|' /C calc'!A0");
        assert_eq!(guard(&once).as_ref(), once.as_slice());
    }
}
