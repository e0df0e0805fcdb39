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

/// The field as it goes into a CSV: guarded when it could start a formula.
pub fn guard(field: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    guard_with(field, b'.')
}

/// [`guard`] where numbers are written with the decimal mark `mark`.
pub fn guard_with(field: &[u8], mark: u8) -> std::borrow::Cow<'_, [u8]> {
    match field.first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') if !is_plain_number(field, mark) => {
            let mut out = Vec::with_capacity(field.len() + 1);
            out.push(b'\'');
            out.extend_from_slice(field);
            out.into()
        }
        _ => field.into(),
    }
}

/// The field with one guard `'` taken off: the value [`guard`] was given.
/// A field that starts with `'` followed by `=`, `+`, `-`, `@`, tab or
/// carriage return loses its `'`; any other is as it was.
pub fn unguard(field: &str) -> &str {
    match field.as_bytes() {
        [b'\'', b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r', ..] => &field[1..],
        _ => field,
    }
}

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
        SafeWriter {
            inner: csv::WriterBuilder::new()
                .has_headers(false)
                .delimiter(separator)
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
            "=1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "-0.25", "Press TV", "'x", "",
        ] {
            let guarded = String::from_utf8(guard(s.as_bytes()).into_owned()).unwrap();
            assert_eq!(unguard(&guarded), s);
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
